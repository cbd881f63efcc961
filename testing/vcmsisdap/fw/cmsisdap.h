/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * CMSIS-DAP probe firmware model (proto/probe_fw.h): the SWD command set of
 * the CMSIS-DAP specification as a firmware answers it, over a full-speed
 * USB HID interface (64-byte reports).  See vcmsisdap/README.md.
 */
#ifndef VB_VCMSISDAP_FW_H
#define VB_VCMSISDAP_FW_H

#include "proto/probe_fw.h"

/* Report size of the HID interface: DAP_Info packet size, IN reports padded to it. */
#define CMSISDAP_PACKET_SIZE	64U
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

extern const struct probe_fw_ops cmsisdap_fw_ops;

/* The SWD clock the firmware runs at when asked for hz (0: none). */
uint32_t cmsisdap_clock_hz(uint32_t hz);

#endif
