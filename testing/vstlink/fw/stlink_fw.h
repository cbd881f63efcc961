/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ST-LINK/V3E firmware model (proto/probe_fw.h): the USB commands of the
 * debug interface as OpenOCD 0.12.0's stlink_usb.c sends them, in hla and
 * in dapdirect mode.  Command codes and reply layouts: README.md.
 */
#ifndef VB_STLINK_FW_H
#define VB_STLINK_FW_H

#include "proto/probe_fw.h"

/* Command block length of every USB command (ST-LINK/V2 and later). */
#define STFW_CMD_LEN		16

/* First byte of a command block */
#define STFW_GET_VERSION	0xf1
#define STFW_DEBUG		0xf2
#define STFW_DFU		0xf3
#define STFW_SWIM		0xf4
#define STFW_GET_MODE		0xf5
#define STFW_GET_VOLTAGE	0xf7
#define STFW_GET_VERSION_EX	0xfb

/* Second byte after STFW_DEBUG */
#define STFW_D_GETSTATUS	0x01
#define STFW_D_READMEM32	0x07
#define STFW_D_WRITEMEM32	0x08
#define STFW_D_READMEM8		0x0c
#define STFW_D_WRITEMEM8	0x0d
#define STFW_D_EXIT		0x21
#define STFW_D_ENTER		0x30
#define STFW_D_READ_IDCODES	0x31
#define STFW_D_RESETSYS		0x32
#define STFW_D_READREG		0x33
#define STFW_D_WRITEREG		0x34
#define STFW_D_WRITEDEBUGREG	0x35
#define STFW_D_READDEBUGREG	0x36
#define STFW_D_READALLREGS	0x3a
#define STFW_D_LASTRWSTATUS	0x3b
#define STFW_D_DRIVE_NRST	0x3c
#define STFW_D_LASTRWSTATUS2	0x3e
#define STFW_D_READ_DAP_REG	0x45
#define STFW_D_WRITE_DAP_REG	0x46
#define STFW_D_READMEM16	0x47
#define STFW_D_WRITEMEM16	0x48
#define STFW_D_INIT_AP		0x4b
#define STFW_D_CLOSE_AP		0x4c
#define STFW_D_WRITEMEM32_NOINC	0x50
#define STFW_D_RW_MISC_OUT	0x51
#define STFW_D_RW_MISC_IN	0x52
#define STFW_D_READMEM32_NOINC	0x54
#define STFW_D_SET_COM_FREQ	0x61
#define STFW_D_GET_COM_FREQ	0x62

/* DEBUG ENTER argument */
#define STFW_ENTER_SWD		0xa3
#define STFW_ENTER_JTAG		0xa4

/* Device modes (GET_CURRENT_MODE) */
#define STFW_MODE_DFU		0x00
#define STFW_MODE_MASS		0x01
#define STFW_MODE_DEBUG		0x02

/* Status codes (first byte of a reply, GETLASTRWSTATUS2) */
#define STFW_OK			0x80
#define STFW_FAULT		0x81
#define STFW_GET_IDCODE_ERROR	0x09
#define STFW_AP_WAIT		0x10
#define STFW_AP_FAULT		0x11
#define STFW_AP_ERROR		0x12
#define STFW_AP_PARITY_ERROR	0x13
#define STFW_DP_WAIT		0x14
#define STFW_DP_FAULT		0x15
#define STFW_DP_ERROR		0x16
#define STFW_DP_PARITY_ERROR	0x17
#define STFW_BAD_AP_ERROR	0x1d

/* DAP register access port number meaning "the DP" */
#define STFW_DP_PORT		0xffff

/* Identity presented (firmware V3J9M3, NUCLEO-H753ZI's on-board probe) */
#define STFW_VID		0x0483
#define STFW_PID_V3E		0x374e
#define STFW_VER_JTAG		9
#define STFW_VER_MSD		3

extern const struct probe_fw_ops stlink_v3e_fw_ops;

#endif
