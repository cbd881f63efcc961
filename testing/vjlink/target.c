// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Virtual J-Link: target side (speed, interface, reset, power, SWD and JTAG
 * I/O).  Only SWD is modelled on the board; JTAG pin calls are one round trip
 * with no effect and JTAG shifts fail with a message.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/timing.h"
#include "proto/vbio.h"
#include "vjlink/vjlink.h"

/* Target interfaces the probe offers (bit n = enum jaylink_target_interface n). */
#define VJLINK_IFACES	((1u << JAYLINK_TIF_JTAG) | (1u << JAYLINK_TIF_SWD))

static int vjlink_send_u32(struct jaylink_device_handle *devh, uint32_t type, uint32_t v)
{
	uint8_t req[4];

	vjlink_put_u32(req, v);
	return vjlink_round_trip(devh, type, req, sizeof(req), NULL, 0);
}

/* ---- speed -------------------------------------------------------------------- */

JAYLINK_API int jaylink_set_speed(struct jaylink_device_handle *devh, uint16_t speed)
{
	if (vjlink_check_devh(devh) || !speed)
		return JAYLINK_ERR_ARG;
	if (speed == JAYLINK_SPEED_ADAPTIVE_CLOCKING) {
		vjlink_err(devh->dev->ctx, "vjlink: adaptive clocking is not supported "
			"by the virtual J-Link");
		return JAYLINK_ERR_DEV_NOT_SUPPORTED;
	}
	return vjlink_send_u32(devh, VBP_SET_SPEED, speed);
}

JAYLINK_API int jaylink_get_speeds(struct jaylink_device_handle *devh,
		struct jaylink_speed *speed)
{
	struct vbp_probe_info_resp info;
	int ret;

	if (vjlink_check_devh(devh) || !speed)
		return JAYLINK_ERR_ARG;
	ret = vjlink_probe_info(devh, &info);
	if (ret != JAYLINK_OK)
		return ret;
	speed->freq = info.base_freq_hz;
	speed->div = info.min_div;
	return JAYLINK_OK;
}

/* ---- target interface ------------------------------------------------------------ */

JAYLINK_API int jaylink_get_available_interfaces(struct jaylink_device_handle *devh,
		uint32_t *ifaces)
{
	int ret;

	ret = vjlink_query(devh, ifaces != NULL);
	if (ret == JAYLINK_OK)
		*ifaces = VJLINK_IFACES;
	return ret;
}

JAYLINK_API int jaylink_select_interface(struct jaylink_device_handle *devh,
		enum jaylink_target_interface iface,
		enum jaylink_target_interface *prev_iface)
{
	int ret;

	ret = vjlink_query(devh, (unsigned int)iface <= JAYLINK_TIF_CJTAG);
	if (ret != JAYLINK_OK)
		return ret;
	if (!(VJLINK_IFACES & (1u << iface))) {
		vjlink_err(devh->dev->ctx, "vjlink: target interface %s is not available "
			"on the virtual J-Link", jaylink_target_interface_string(iface));
		return JAYLINK_ERR_DEV_NOT_SUPPORTED;
	}
	if (prev_iface)
		*prev_iface = devh->iface;
	devh->iface = iface;
	return JAYLINK_OK;
}

JAYLINK_API int jaylink_get_selected_interface(struct jaylink_device_handle *devh,
		enum jaylink_target_interface *iface)
{
	int ret;

	ret = vjlink_query(devh, iface != NULL);
	if (ret == JAYLINK_OK)
		*iface = devh->iface;
	return ret;
}

/* ---- reset and power ---------------------------------------------------------- */

/* nRESET driven low. */
JAYLINK_API int jaylink_clear_reset(struct jaylink_device_handle *devh)
{
	if (vjlink_check_devh(devh))
		return JAYLINK_ERR_ARG;
	return vjlink_send_u32(devh, VBP_SET_RESET, 0);
}

/* nRESET released (high). */
JAYLINK_API int jaylink_set_reset(struct jaylink_device_handle *devh)
{
	if (vjlink_check_devh(devh))
		return JAYLINK_ERR_ARG;
	return vjlink_send_u32(devh, VBP_SET_RESET, 1);
}

JAYLINK_API int jaylink_set_target_power(struct jaylink_device_handle *devh, bool enable)
{
	int ret;

	if (vjlink_check_devh(devh))
		return JAYLINK_ERR_ARG;
	ret = vjlink_send_u32(devh, VBP_SET_TARGET_POWER, enable ? 1 : 0);
	if (ret == JAYLINK_OK)
		devh->target_power = enable;
	return ret;
}

/* ---- SWD ---------------------------------------------------------------------------- */

/*
 * Test-only: a loaded host.  VJLINK_SWD_IO_DELAY_MS makes every SWD I/O call
 * from the VJLINK_SWD_IO_DELAY_FROM-th on (1-based, default 1) take that much
 * more host time.  The board's modeled time is not touched.
 */
static void vjlink_swd_io_delay(void)
{
	static unsigned long calls;
	unsigned long ms = vbio_env_ulong("VJLINK_SWD_IO_DELAY_MS", 0);

	calls++;
	if (!ms || calls < vbio_env_ulong("VJLINK_SWD_IO_DELAY_FROM", 1))
		return;
#ifdef _WIN32
	Sleep(ms);
#else
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
#endif
}

/*
 * length bits; bit i of each buffer is byte i/8, bit i%8.  direction 1: the
 * probe drives SWDIO with out; 0: it samples.  in receives every cycle.
 */
JAYLINK_API int jaylink_swd_io(struct jaylink_device_handle *devh,
		const uint8_t *direction, const uint8_t *out, uint8_t *in,
		uint16_t length)
{
	size_t nbytes = (length + 7u) / 8u;
	uint8_t *req;
	int ret;

	if (vjlink_check_devh(devh) || !direction || !out || !in || !length)
		return JAYLINK_ERR_ARG;
	if (devh->iface != JAYLINK_TIF_SWD) {
		vjlink_err(devh->dev->ctx, "vjlink: SWD I/O while the target interface "
			"is %s; select SWD first", jaylink_target_interface_string(devh->iface));
		return JAYLINK_ERR_DEV;
	}
	req = malloc(4 + 2 * nbytes);
	if (!req)
		return JAYLINK_ERR_MALLOC;
	vjlink_put_u16(req, length);
	vjlink_put_u16(req + 2, 0);
	memcpy(req + 4, direction, nbytes);
	memcpy(req + 4 + nbytes, out, nbytes);
	ret = vjlink_round_trip(devh, VBP_SWD_IO, req, 4 + 2 * nbytes, in, nbytes);
	free(req);
	vjlink_swd_io_delay();
	return ret;
}

/* ---- JTAG (not modelled) -------------------------------------------------------- */

JAYLINK_API int jaylink_jtag_io(struct jaylink_device_handle *devh,
		const uint8_t *tms, const uint8_t *tdi, uint8_t *tdo,
		uint16_t length, enum jaylink_jtag_version version)
{
	if (vjlink_check_devh(devh) || !tms || !tdi || !tdo || !length)
		return JAYLINK_ERR_ARG;
	vjlink_err(devh->dev->ctx, "vjlink: JTAG is not modelled by the virtual board; "
		"use `transport select swd`");
	return JAYLINK_ERR_NOT_SUPPORTED;
}

/* JTAG pin changes: one exchange each, no effect on the SWD-only board. */
static int vjlink_jtag_pin(struct jaylink_device_handle *devh)
{
	return vjlink_query(devh, true);
}

JAYLINK_API int jaylink_jtag_clear_trst(struct jaylink_device_handle *devh)
{
	return vjlink_jtag_pin(devh);
}

JAYLINK_API int jaylink_jtag_set_trst(struct jaylink_device_handle *devh)
{
	return vjlink_jtag_pin(devh);
}

JAYLINK_API int jaylink_jtag_clear_tms(struct jaylink_device_handle *devh)
{
	return vjlink_jtag_pin(devh);
}

JAYLINK_API int jaylink_jtag_set_tms(struct jaylink_device_handle *devh)
{
	return vjlink_jtag_pin(devh);
}

JAYLINK_API int jaylink_jtag_clear_tck(struct jaylink_device_handle *devh)
{
	return vjlink_jtag_pin(devh);
}

JAYLINK_API int jaylink_jtag_set_tck(struct jaylink_device_handle *devh)
{
	return vjlink_jtag_pin(devh);
}
