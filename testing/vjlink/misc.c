// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Virtual J-Link: error strings, string helpers and the probe functions the
 * virtual J-Link does not offer (C2, EMUCOM, file I/O, SPI, SWO).  Those
 * exist so the ABI is complete; they fail with JAYLINK_ERR_NOT_SUPPORTED
 * without talking to the board (their capabilities are not advertised).
 */
#include <errno.h>
#include <stdlib.h>

#include "common/util.h"
#include "vjlink/vjlink.h"

/* ---- errors -------------------------------------------------------------------- */

struct vjlink_error_text {
	int code;
	const char *name;
	const char *text;
};

static const struct vjlink_error_text vjlink_errors[] = {
	{ JAYLINK_OK, "JAYLINK_OK", "no error" },
	{ JAYLINK_ERR, "JAYLINK_ERR", "unspecified error" },
	{ JAYLINK_ERR_ARG, "JAYLINK_ERR_ARG", "invalid argument" },
	{ JAYLINK_ERR_MALLOC, "JAYLINK_ERR_MALLOC", "memory allocation error" },
	{ JAYLINK_ERR_TIMEOUT, "JAYLINK_ERR_TIMEOUT", "timeout occurred" },
	{ JAYLINK_ERR_PROTO, "JAYLINK_ERR_PROTO", "protocol violation" },
	{ JAYLINK_ERR_NOT_AVAILABLE, "JAYLINK_ERR_NOT_AVAILABLE", "entity not available" },
	{ JAYLINK_ERR_NOT_SUPPORTED, "JAYLINK_ERR_NOT_SUPPORTED", "operation not supported" },
	{ JAYLINK_ERR_IO, "JAYLINK_ERR_IO", "input/output error" },
	{ JAYLINK_ERR_DEV, "JAYLINK_ERR_DEV", "device: unspecified error" },
	{ JAYLINK_ERR_DEV_NOT_SUPPORTED, "JAYLINK_ERR_DEV_NOT_SUPPORTED",
		"device: operation not supported" },
	{ JAYLINK_ERR_DEV_NOT_AVAILABLE, "JAYLINK_ERR_DEV_NOT_AVAILABLE",
		"device: entity not available" },
	{ JAYLINK_ERR_DEV_NO_MEMORY, "JAYLINK_ERR_DEV_NO_MEMORY",
		"device: not enough memory to perform operation" },
};

static const struct vjlink_error_text *vjlink_find_error(int code)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(vjlink_errors); i++)
		if (vjlink_errors[i].code == code)
			return &vjlink_errors[i];
	return NULL;
}

JAYLINK_API const char *jaylink_strerror(int error_code)
{
	const struct vjlink_error_text *e = vjlink_find_error(error_code);

	return e ? e->text : "unknown error";
}

JAYLINK_API const char *jaylink_strerror_name(int error_code)
{
	const struct vjlink_error_text *e = vjlink_find_error(error_code);

	return e ? e->name : "unknown error code";
}

/* ---- strings ------------------------------------------------------------------- */

/* Decimal serial number; JAYLINK_ERR if str is not one. */
JAYLINK_API int jaylink_parse_serial_number(const char *str, uint32_t *serial_number)
{
	unsigned long long v;
	char *end;

	if (!str || !serial_number)
		return JAYLINK_ERR_ARG;
	if (*str < '0' || *str > '9')
		return JAYLINK_ERR;
	errno = 0;
	v = strtoull(str, &end, 10);
	if (errno || *end || v > UINT32_MAX)
		return JAYLINK_ERR;
	*serial_number = v;
	return JAYLINK_OK;
}

JAYLINK_API const char *jaylink_hardware_type_string(enum jaylink_hardware_type type)
{
	switch (type) {
	case JAYLINK_HW_TYPE_JLINK:
		return "J-Link";
	case JAYLINK_HW_TYPE_FLASHER:
		return "Flasher";
	case JAYLINK_HW_TYPE_JLINK_PRO:
		return "J-Link PRO";
	default:
		return NULL;
	}
}

JAYLINK_API const char *jaylink_target_interface_string(enum jaylink_target_interface iface)
{
	switch (iface) {
	case JAYLINK_TIF_JTAG:
		return "JTAG";
	case JAYLINK_TIF_SWD:
		return "SWD";
	case JAYLINK_TIF_BDM3:
		return "BDM3";
	case JAYLINK_TIF_FINE:
		return "FINE";
	case JAYLINK_TIF_2W_JTAG_PIC32:
		return "2-wire JTAG for PIC32";
	case JAYLINK_TIF_SPI:
		return "SPI";
	case JAYLINK_TIF_C2:
		return "C2";
	case JAYLINK_TIF_CJTAG:
		return "cJTAG";
	default:
		return NULL;
	}
}

/* ---- not offered by the virtual probe ----------------------------------------- */

static int vjlink_unsupported(struct jaylink_device_handle *devh, const char *what)
{
	if (vjlink_check_devh(devh))
		return JAYLINK_ERR_ARG;
	vjlink_err(devh->dev->ctx, "vjlink: %s is not supported by the virtual J-Link",
		what);
	return JAYLINK_ERR_NOT_SUPPORTED;
}

JAYLINK_API int jaylink_c2_read_address(struct jaylink_device_handle *devh,
		uint8_t *address)
{
	return vjlink_unsupported(devh, "C2");
}

JAYLINK_API int jaylink_c2_write_address(struct jaylink_device_handle *devh,
		uint8_t address)
{
	return vjlink_unsupported(devh, "C2");
}

JAYLINK_API int jaylink_c2_read_data(struct jaylink_device_handle *devh,
		uint8_t *data, uint8_t length)
{
	return vjlink_unsupported(devh, "C2");
}

JAYLINK_API int jaylink_c2_write_data(struct jaylink_device_handle *devh,
		const uint8_t *data, uint8_t length)
{
	return vjlink_unsupported(devh, "C2");
}

JAYLINK_API int jaylink_emucom_read(struct jaylink_device_handle *devh,
		uint32_t channel, uint8_t *buffer, uint32_t *length)
{
	return vjlink_unsupported(devh, "EMUCOM");
}

JAYLINK_API int jaylink_emucom_write(struct jaylink_device_handle *devh,
		uint32_t channel, const uint8_t *buffer, uint32_t *length)
{
	return vjlink_unsupported(devh, "EMUCOM");
}

JAYLINK_API int jaylink_file_read(struct jaylink_device_handle *devh,
		const char *filename, uint8_t *buffer, uint32_t offset, uint32_t *length)
{
	return vjlink_unsupported(devh, "file I/O");
}

JAYLINK_API int jaylink_file_write(struct jaylink_device_handle *devh,
		const char *filename, const uint8_t *buffer, uint32_t offset,
		uint32_t *length)
{
	return vjlink_unsupported(devh, "file I/O");
}

JAYLINK_API int jaylink_file_get_size(struct jaylink_device_handle *devh,
		const char *filename, uint32_t *size)
{
	return vjlink_unsupported(devh, "file I/O");
}

JAYLINK_API int jaylink_file_delete(struct jaylink_device_handle *devh,
		const char *filename)
{
	return vjlink_unsupported(devh, "file I/O");
}

JAYLINK_API int jaylink_spi_io(struct jaylink_device_handle *devh,
		const uint8_t *mosi, uint8_t *miso, uint32_t length, uint32_t flags)
{
	return vjlink_unsupported(devh, "SPI");
}

JAYLINK_API int jaylink_swo_start(struct jaylink_device_handle *devh,
		enum jaylink_swo_mode mode, uint32_t baudrate, uint32_t size)
{
	return vjlink_unsupported(devh, "SWO capture");
}

JAYLINK_API int jaylink_swo_stop(struct jaylink_device_handle *devh)
{
	return vjlink_unsupported(devh, "SWO capture");
}

JAYLINK_API int jaylink_swo_read(struct jaylink_device_handle *devh,
		uint8_t *buffer, uint32_t *length)
{
	return vjlink_unsupported(devh, "SWO capture");
}

JAYLINK_API int jaylink_swo_get_speeds(struct jaylink_device_handle *devh,
		enum jaylink_swo_mode mode, struct jaylink_swo_speed *speed)
{
	return vjlink_unsupported(devh, "SWO capture");
}
