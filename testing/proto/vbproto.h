/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Wire protocol between the virtual J-Link (libjaylink.so.0 shim, in the
 * debugger's process) and the board process.  One stream connection per
 * opened probe: a Unix socket path, or "tcp:PORT" on 127.0.0.1 only.
 * Environment variable VBOARD_SOCKET names it; default VBOARD_SOCKET_DEFAULT.
 *
 * Every probe operation the real J-Link would do over USB is exactly one
 * request and one response, so the board counts round trips and charges
 * its probe class's round-trip and per-byte USB cost for each (vboard
 * --probe-class, common/timing.h).  All integers little-endian.
 *
 * Request:  struct vbp_hdr { type, len } then len payload bytes.
 * Response: struct vbp_hdr { type | VBP_RESPONSE, len } then
 *           int32 status (VBP_OK or a VBP_E_*), then type-specific payload.
 */
#ifndef VB_VBPROTO_H
#define VB_VBPROTO_H

#include <stdint.h>

#define VBOARD_SOCKET_DEFAULT	"/tmp/vboard.sock"
#define VBP_VERSION		1
#define VBP_RESPONSE		0x80000000u
#define VBP_MAX_PAYLOAD		(1u << 20)

enum vbp_type {
	/* payload: u32 version.  response: struct vbp_hello_resp */
	VBP_HELLO = 1,
	/* payload: u16 nbits, u16 pad, dir[(n+7)/8], out[(n+7)/8]
	 * (bit i of a buffer = byte i/8, bit i%8; dir bit 1 = probe drives).
	 * response: in[(n+7)/8] sampled on every cycle (driven ones echo out),
	 * or status VBP_E_NO_MEMORY (nothing clocked) when the request needs
	 * as much probe memory as the probe has free, or more. */
	VBP_SWD_IO = 2,
	/* payload: u32 khz.  response: none.  Sets the SWD clock. */
	VBP_SET_SPEED = 3,
	/* payload: u32 level (0 = nRESET driven low, 1 = released). */
	VBP_SET_RESET = 4,
	/* payload: u32 on.  Target power supply from the probe (5 V pin). */
	VBP_SET_TARGET_POWER = 5,
	/* payload: none.  response: struct vbp_status_resp. */
	VBP_GET_STATUS = 6,
	/* payload: none.  A round trip that does nothing on the target:
	 * used by probe calls that only read probe-side information
	 * (caps, versions, speeds) so they are counted as the hardware would. */
	VBP_NOP = 7,
	/* payload: none.  response: struct vbp_probe_info_resp (what the probe
	 * reports about itself: free memory, speed table). */
	VBP_PROBE_INFO = 8,
	/* payload: u32 kind (VBP_FW_*), then one USB command as the host sent
	 * it.  response: the command's IN data.  For probes whose firmware is
	 * modelled inside the board (proto/probe_fw.h); costs that probe's USB
	 * round trip, not the J-Link class's. */
	VBP_FW_CMD = 9,
};

/* Probe firmware models (VBP_FW_CMD). */
enum vbp_fw_kind {
	VBP_FW_STLINK = 1,	/* ST-LINK/V3E (vstlink/) */
	VBP_FW_CMSIS_DAP = 2,	/* CMSIS-DAP, full-speed HID (vcmsisdap/) */
	VBP_FW_CMSIS_DAP_HS = 3,	/* CMSIS-DAP v2, high-speed bulk (vcmsisdap/) */
};

enum vbp_status {
	VBP_OK = 0,
	VBP_E_USB = -1,		/* injected USB transfer error: the shim reports JAYLINK_ERR_IO */
	VBP_E_PROTO = -2,	/* malformed request */
	VBP_E_TIMEOUT = -3,	/* injected USB timeout: JAYLINK_ERR_TIMEOUT */
	VBP_E_NO_MEMORY = -4,	/* SWD I/O status 0x06: JAYLINK_ERR_DEV_NO_MEMORY */
};

struct vbp_hdr {
	uint32_t type;
	uint32_t len;
};

struct vbp_hello_resp {
	uint32_t version;
	uint32_t serial;	/* J-Link serial number presented */
	char product[32];	/* NUL-terminated, e.g. "J-Link (virtual)" */
};

struct vbp_probe_info_resp {
	uint32_t free_memory;	/* bytes, as jaylink_get_free_memory() */
	uint32_t base_freq_hz;	/* as jaylink_get_speeds() */
	uint32_t min_div;
	uint32_t high_speed;	/* 1: USB high speed */
};

struct vbp_status_resp {
	uint32_t target_mv;	/* target voltage seen by the probe */
	uint32_t tck, tdi, tdo, tms, tres, trst;	/* pin states, as jaylink_hardware_status */
};

#endif
