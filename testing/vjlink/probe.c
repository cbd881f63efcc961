// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Virtual J-Link: probe-side information (firmware, capabilities, hardware
 * version and status, memory, configuration, connection registration).
 *
 * Each call the real library makes as a USB exchange is one VBP_NOP (or
 * VBP_GET_STATUS) round trip so the board counts it like the hardware would;
 * the answer itself comes from this file.
 */
#include <stdlib.h>
#include <string.h>

#include "proto/vbio.h"
#include "vjlink/vjlink.h"

/* Capabilities of the presented probe; see README.md. */
static const uint8_t vjlink_cap_list[] = {
	JAYLINK_DEV_CAP_GET_HW_VERSION,
	JAYLINK_DEV_CAP_READ_CONFIG,
	JAYLINK_DEV_CAP_GET_SPEEDS,
	JAYLINK_DEV_CAP_GET_FREE_MEMORY,
	JAYLINK_DEV_CAP_GET_HW_INFO,
	JAYLINK_DEV_CAP_SET_TARGET_POWER,
	JAYLINK_DEV_CAP_SELECT_TIF,
	JAYLINK_DEV_CAP_REGISTER,
	JAYLINK_DEV_CAP_GET_EXT_CAPS,
};

/* Fills an n-byte capability bit field (bit c = byte c/8, bit c%8). */
static void vjlink_fill_caps(uint8_t *caps, size_t n)
{
	size_t i;

	memset(caps, 0, n);
	for (i = 0; i < sizeof(vjlink_cap_list); i++)
		if (vjlink_cap_list[i] / 8u < n)
			caps[vjlink_cap_list[i] / 8] |= 1u << (vjlink_cap_list[i] % 8);
}

JAYLINK_API bool jaylink_has_cap(const uint8_t *caps, uint32_t cap)
{
	if (!caps)
		return false;
	return caps[cap / 8] & (1u << (cap % 8));
}

JAYLINK_API int jaylink_get_firmware_version(struct jaylink_device_handle *devh,
		char **version, size_t *length)
{
	int ret;

	ret = vjlink_query(devh, version && length);
	if (ret != JAYLINK_OK)
		return ret;
	*version = strdup(VJLINK_FIRMWARE_STRING);
	if (!*version)
		return JAYLINK_ERR_MALLOC;
	*length = strlen(*version) + 1;	/* includes the terminator */
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_get_caps(struct jaylink_device_handle *devh, uint8_t *caps)
{
	int ret;

	ret = vjlink_query(devh, caps != NULL);
	if (ret == JAYLINK_OK)
		vjlink_fill_caps(caps, JAYLINK_DEV_CAPS_SIZE);
	return ret;
}

JAYLINK_API int jaylink_get_extended_caps(struct jaylink_device_handle *devh,
		uint8_t *caps)
{
	int ret;

	ret = vjlink_query(devh, caps != NULL);
	if (ret == JAYLINK_OK)
		vjlink_fill_caps(caps, JAYLINK_DEV_EXT_CAPS_SIZE);
	return ret;
}

JAYLINK_API int jaylink_get_hardware_version(struct jaylink_device_handle *devh,
		struct jaylink_hardware_version *version)
{
	int ret;

	ret = vjlink_query(devh, version != NULL);
	if (ret != JAYLINK_OK)
		return ret;
	version->type = JAYLINK_HW_TYPE_JLINK;
	version->major = VJLINK_HW_MAJOR;
	version->minor = VJLINK_HW_MINOR;
	version->revision = VJLINK_HW_REVISION;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_get_hardware_status(struct jaylink_device_handle *devh,
		struct jaylink_hardware_status *status)
{
	uint8_t r[sizeof(struct vbp_status_resp)];
	uint32_t mv;
	int ret;

	if (vjlink_check_devh(devh) || !status)
		return JAYLINK_ERR_ARG;
	ret = vjlink_round_trip(devh, VBP_GET_STATUS, NULL, 0, r, sizeof(r));
	if (ret != JAYLINK_OK)
		return ret;
	mv = vjlink_get_u32(r);
	status->target_voltage = mv > 0xffff ? 0xffff : mv;
	status->tck = vjlink_get_u32(r + 4) != 0;
	status->tdi = vjlink_get_u32(r + 8) != 0;
	status->tdo = vjlink_get_u32(r + 12) != 0;
	status->tms = vjlink_get_u32(r + 16) != 0;
	status->tres = vjlink_get_u32(r + 20) != 0;
	status->trst = vjlink_get_u32(r + 24) != 0;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_get_free_memory(struct jaylink_device_handle *devh,
		uint32_t *size)
{
	struct vbp_probe_info_resp info;
	int ret;

	if (vjlink_check_devh(devh) || !size)
		return JAYLINK_ERR_ARG;
	ret = vjlink_probe_info(devh, &info);
	if (ret != JAYLINK_OK)
		return ret;
	/* Test-only: a probe claiming more (or less) than it accepts. */
	*size = vbio_env_ulong("VJLINK_FREE_MEMORY", info.free_memory);
	return JAYLINK_OK;
}

/* An unconfigured probe: every configuration byte reads 0xff. */
JAYLINK_API int jaylink_read_raw_config(struct jaylink_device_handle *devh,
		uint8_t *config)
{
	int ret;

	ret = vjlink_query(devh, config != NULL);
	if (ret == JAYLINK_OK)
		memset(config, 0xff, JAYLINK_DEV_CONFIG_SIZE);
	return ret;
}

JAYLINK_API int jaylink_write_raw_config(struct jaylink_device_handle *devh,
		const uint8_t *config)
{
	if (vjlink_check_devh(devh) || !config)
		return JAYLINK_ERR_ARG;
	vjlink_err(devh->dev->ctx, "vjlink: writing the probe configuration is not "
		"supported by the virtual J-Link");
	return JAYLINK_ERR_NOT_SUPPORTED;
}

/* ---- hardware information --------------------------------------------------- */

static bool vjlink_hw_info_value(const struct jaylink_device_handle *devh,
		uint32_t bit, uint32_t *value)
{
	switch (bit) {
	case JAYLINK_HW_INFO_TARGET_POWER:
		*value = devh->target_power;
		return true;
	case JAYLINK_HW_INFO_VUSB:
		*value = VJLINK_VUSB_MV;
		return true;
	case JAYLINK_HW_INFO_ITARGET:
	case JAYLINK_HW_INFO_ITARGET_PEAK:
	case JAYLINK_HW_INFO_IPV4_ADDRESS:
	case JAYLINK_HW_INFO_IPV4_NETMASK:
	case JAYLINK_HW_INFO_IPV4_GATEWAY:
	case JAYLINK_HW_INFO_IPV4_DNS:
		*value = 0;
		return true;
	default:
		return false;
	}
}

/* One value per set mask bit, in ascending bit order. */
JAYLINK_API int jaylink_get_hardware_info(struct jaylink_device_handle *devh,
		uint32_t mask, uint32_t *info)
{
	uint32_t bit, value;
	size_t n = 0;
	int ret;

	if (vjlink_check_devh(devh) || !info || !mask)
		return JAYLINK_ERR_ARG;
	for (bit = 0; bit < 32; bit++)
		if ((mask & (1u << bit)) && !vjlink_hw_info_value(devh, 1u << bit, &value))
			return JAYLINK_ERR_ARG;
	ret = vjlink_nop(devh);
	if (ret != JAYLINK_OK)
		return ret;
	for (bit = 0; bit < 32; bit++)
		if ((mask & (1u << bit)) && vjlink_hw_info_value(devh, 1u << bit, &value))
			info[n++] = value;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_get_counters(struct jaylink_device_handle *devh,
		uint32_t mask, uint32_t *values)
{
	if (vjlink_check_devh(devh) || !values || !mask)
		return JAYLINK_ERR_ARG;
	vjlink_dbg(devh->dev->ctx, "vjlink: counters are not supported");
	return JAYLINK_ERR_NOT_SUPPORTED;
}

/* ---- connection registration ---------------------------------------------- */

/* The probe serves this one client: its table holds exactly this connection. */
JAYLINK_API int jaylink_register(struct jaylink_device_handle *devh,
		struct jaylink_connection *connection,
		struct jaylink_connection *connections, size_t *count)
{
	int ret;

	ret = vjlink_query(devh, connection && connections && count);
	if (ret != JAYLINK_OK)
		return ret;
	if (!connection->handle)
		connection->handle = 1;
	connection->timestamp = 0;
	connections[0] = *connection;
	*count = 1;
	devh->registered = true;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_unregister(struct jaylink_device_handle *devh,
		const struct jaylink_connection *connection,
		struct jaylink_connection *connections, size_t *count)
{
	int ret;

	ret = vjlink_query(devh, connection && connections && count);
	if (ret != JAYLINK_OK)
		return ret;
	*count = 0;
	devh->registered = false;
	return JAYLINK_OK;
}
