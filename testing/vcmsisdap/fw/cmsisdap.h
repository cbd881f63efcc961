/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CMSIS-DAP probe firmware model (proto/probe_fw.h): the SWD command set of
 * the CMSIS-DAP specification as a firmware answers it, in two classes: a
 * full-speed USB HID interface (64-byte reports) and a CMSIS-DAP v2
 * high-speed bulk interface (512-byte packets).  See vcmsisdap/README.md.
 */
#ifndef VB_VCMSISDAP_FW_H
#define VB_VCMSISDAP_FW_H

#include "proto/probe_fw.h"

/*
 * Packet size (DAP_Info), IN packets padded to it.  Full-speed HID: 64-byte
 * reports.  High-speed bulk: 512, the value the reference firmware's
 * DAP_config.h gives for high-speed WinUSB (bulk) interfaces (the largest
 * high-speed bulk packet, USB 2.0 5.8.3).
 */
#define CMSISDAP_PACKET_SIZE	64U
#define CMSISDAP_HS_PACKET_SIZE	512U
#define CMSISDAP_MAX_PACKET_SIZE	CMSISDAP_HS_PACKET_SIZE
/* Reports the firmware buffers (DAP_Info packet count). */
#define CMSISDAP_PACKET_COUNT	4U

/* Command IDs (CMSIS-DAP specification, "Commands"). */
#define CMSISDAP_INFO			0x00
#define CMSISDAP_HOST_STATUS		0x01
#define CMSISDAP_CONNECT		0x02
#define CMSISDAP_DISCONNECT		0x03
#define CMSISDAP_TRANSFER_CONFIGURE	0x04
#define CMSISDAP_TRANSFER		0x05
#define CMSISDAP_TRANSFER_BLOCK		0x06
#define CMSISDAP_TRANSFER_ABORT		0x07
#define CMSISDAP_WRITE_ABORT		0x08
#define CMSISDAP_DELAY			0x09
#define CMSISDAP_RESET_TARGET		0x0a
#define CMSISDAP_SWJ_PINS		0x10
#define CMSISDAP_SWJ_CLOCK		0x11
#define CMSISDAP_SWJ_SEQUENCE		0x12
#define CMSISDAP_SWD_CONFIGURE		0x13
#define CMSISDAP_SWD_SEQUENCE		0x1d
#define CMSISDAP_INVALID		0xff

#define CMSISDAP_OK			0x00
#define CMSISDAP_ERROR			0xff

/* Transfer request bits */
#define CMSISDAP_XFER_APNDP		0x01
#define CMSISDAP_XFER_RNW		0x02
#define CMSISDAP_XFER_A32		0x0c
#define CMSISDAP_XFER_MATCH_VALUE	0x10
#define CMSISDAP_XFER_MATCH_MASK	0x20
/* Transfer response bits beyond the ACK */
#define CMSISDAP_XFER_PROTOCOL_ERROR	0x08
#define CMSISDAP_XFER_MISMATCH		0x10

extern const struct probe_fw_ops cmsisdap_fw_ops;	/* full-speed HID */
extern const struct probe_fw_ops cmsisdap_hs_fw_ops;	/* high-speed bulk */

/* The SWD clock the firmware's delay loop runs at on a cpu_hz CPU when asked for hz (0: none). */
uint32_t cmsisdap_clock_for(uint32_t hz, uint32_t cpu_hz);
/* The same for the full-speed class's CPU. */
uint32_t cmsisdap_clock_hz(uint32_t hz);

#endif
