/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Virtual J-Link: a libjaylink.so.0 (0.3.1 ABI) look-alike that presents one
 * USB J-Link whose target side is the board process (testing/proto/vbproto.h).
 *
 * The public API is exactly the one of <libjaylink/libjaylink.h>; this header
 * holds the private structures and the helpers shared by the vjlink .c files.
 * Nothing declared here is exported from the shared library (the library is
 * built with -fvisibility=hidden; only JAYLINK_API functions are visible).
 */
#ifndef VB_VJLINK_H
#define VB_VJLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libjaylink/libjaylink.h>

/* The Windows build formats with mingw's C99 printf (%zu), not msvcrt's. */
#ifdef _WIN32
#define VJLINK_PRINTF	gnu_printf
#else
#define VJLINK_PRINTF	printf
#endif

#include "proto/vbproto.h"

/* ---- the presented probe (see README.md for the sources) ------------------ */

/* Firmware identification string.  [ASSUMED] format of a J-Link V11. */
#define VJLINK_FIRMWARE_STRING \
	"J-Link V11 compiled Jan  1 2024 00:00:00 (virtual)"
#define VJLINK_HW_MAJOR		11
#define VJLINK_HW_MINOR		0
#define VJLINK_HW_REVISION	0
/* Seconds to wait for one board response.  Override: VJLINK_TIMEOUT_S. */
#define VJLINK_TIMEOUT_S_DEFAULT	60u
/* USB voltage reported through jaylink_get_hardware_info().  [ASSUMED] */
#define VJLINK_VUSB_MV			5000u
/* Fake USB location reported for the probe: bus 1, port 1. */
#define VJLINK_USB_BUS			1
#define VJLINK_USB_PORT			1

/* ---- private structures ---------------------------------------------------- */

struct jaylink_context {
	enum jaylink_log_level log_level;
	jaylink_log_callback log_callback;
	void *log_user_data;
	char log_domain[JAYLINK_LOG_DOMAIN_MAX_LENGTH + 1];
	/* Result of the last discovery scan; NULL-free list of references. */
	struct jaylink_device **devs;
	size_t num_devs;
};

struct jaylink_device {
	struct jaylink_context *ctx;
	unsigned int refcnt;
	uint32_t serial;
	char product[JAYLINK_PRODUCT_NAME_MAX_LENGTH];
};

/* One connection to the board (see vbproto.h). */
struct vjlink_link {
	int fd;			/* -1: not connected or connection lost */
	char where[128];	/* socket description for messages */
	unsigned int timeout_s;
};

struct jaylink_device_handle {
	struct jaylink_device *dev;
	struct vjlink_link link;
	enum jaylink_target_interface iface;
	bool target_power;
	bool registered;
};

/* ---- log.c ------------------------------------------------------------------ */

void vjlink_log(const struct jaylink_context *ctx, enum jaylink_log_level level,
		const char *fmt, ...) __attribute__((format(VJLINK_PRINTF, 3, 4)));
#define vjlink_err(ctx, ...)	vjlink_log(ctx, JAYLINK_LOG_LEVEL_ERROR, __VA_ARGS__)
#define vjlink_warn(ctx, ...)	vjlink_log(ctx, JAYLINK_LOG_LEVEL_WARNING, __VA_ARGS__)
#define vjlink_dbg(ctx, ...)	vjlink_log(ctx, JAYLINK_LOG_LEVEL_DEBUG, __VA_ARGS__)
#define vjlink_dbg_io(ctx, ...)	vjlink_log(ctx, JAYLINK_LOG_LEVEL_DEBUG_IO, __VA_ARGS__)

/* ---- link.c: the board connection -------------------------------------------- */

/* Byte order helpers for the wire (little-endian). */
void vjlink_put_u32(uint8_t *p, uint32_t v);
void vjlink_put_u16(uint8_t *p, uint16_t v);
uint32_t vjlink_get_u32(const uint8_t *p);

/*
 * Connect to the board named by VBOARD_SOCKET and exchange VBP_HELLO.
 * On success fills *hello and returns JAYLINK_OK; otherwise logs why and
 * returns JAYLINK_ERR_IO (or JAYLINK_ERR_PROTO on a version mismatch).
 */
int vjlink_link_open(const struct jaylink_context *ctx, struct vjlink_link *link,
		struct vbp_hello_resp *hello);
void vjlink_link_close(struct vjlink_link *link);

/*
 * One request/response round trip.  Sends type + req[0..req_len), expects a
 * response of exactly resp_len payload bytes after the status word when the
 * status is VBP_OK.  Maps board status and transport failures to JAYLINK_ERR_*.
 */
int vjlink_round_trip(struct jaylink_device_handle *devh, uint32_t type,
		const void *req, size_t req_len, void *resp, size_t resp_len);

/* Common argument check: JAYLINK_OK if devh is usable, else JAYLINK_ERR_ARG. */
int vjlink_check_devh(const struct jaylink_device_handle *devh);

/* What the board's probe class reports (VBP_PROBE_INFO): one round trip. */
int vjlink_probe_info(struct jaylink_device_handle *devh, struct vbp_probe_info_resp *info);

/* A round trip that does nothing on the target (VBP_NOP). */
int vjlink_nop(struct jaylink_device_handle *devh);

/*
 * A call answered from probe-side information: JAYLINK_ERR_ARG unless devh is
 * usable and args_ok (the caller's own argument check), else one vjlink_nop().
 */
int vjlink_query(struct jaylink_device_handle *devh, bool args_ok);

/* Board status code -> libjaylink error code. */
int vjlink_map_status(int32_t status);

/* Value of an unsigned decimal environment variable, or def. */

#endif
