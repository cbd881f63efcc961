/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Demo firmware internals: variant selection, board bring-up, QUADSPI and
 * W25Q01JV command helpers.
 */
#ifndef FW_H
#define FW_H

#include <stdbool.h>
#include <stdint.h>

#include "fw_marker.h"

/* The Makefile passes -DFW_VARIANT_<name> for the image being built. */
#if defined(FW_VARIANT_idle)
#define FW_VARIANT	FW_ID_IDLE
#elif defined(FW_VARIANT_qspi_mm)
#define FW_VARIANT	FW_ID_QSPI_MM
#elif defined(FW_VARIANT_qspi_4byte)
#define FW_VARIANT	FW_ID_QSPI_4BYTE
#elif defined(FW_VARIANT_qspi_xip)
#define FW_VARIANT	FW_ID_QSPI_XIP
#elif defined(FW_VARIANT_qspi_qpi)
#define FW_VARIANT	FW_ID_QSPI_QPI
#elif defined(FW_VARIANT_qspi_erasing)
#define FW_VARIANT	FW_ID_QSPI_ERASING
#elif defined(FW_VARIANT_qspi_chiperase)
#define FW_VARIANT	FW_ID_QSPI_CHIPERASE
#elif defined(FW_VARIANT_plugin_w25q)
#define FW_VARIANT	FW_ID_PLUGIN_W25Q
#elif defined(FW_VARIANT_qspi_tick)
#define FW_VARIANT	FW_ID_QSPI_TICK
#else
#error "build with -DFW_VARIANT_<name> (see Makefile)"
#endif

/*
 * Upper bound on every polling loop.  On silicon one iteration is at least
 * ~10 core cycles (>= 50 ms in total at 192 MHz), or one QSPI command
 * (>= ~0.2 us) when the loop polls the flash: more than PLL lock, tRST
 * (30 us) and a status-register write need.  Erases are never waited for.
 */
#define FW_POLL_LIMIT		1000000u

/* Set FW_MARK_STATUS to @stage (the stage now running). */
void fw_stage(uint32_t stage);
/* Record an error in the running stage and stop (wfi loop). */
void fw_fail(void) __attribute__((noreturn));
/* Sleep forever; no interrupt is enabled, only the debugger wakes us. */
void fw_idle_forever(void) __attribute__((noreturn));

/* Poll @addr until (value & @mask) == @want; fw_fail() on timeout. */
void fw_poll32(uintptr_t addr, uint32_t mask, uint32_t want);

/* fw_board.c */
void board_clocks_init(void);
void board_qspi_pins_init(void);

/* fw_qspi.c: controller */
void qspi_ctrl_init(void);
void qspi_wait_not_busy(void);

struct qspi_cmd {
	uint32_t ccr;		/* complete CCR, FMODE included */
	uint32_t addr;		/* used when ADMODE != 0 */
	uint32_t alt;		/* used when ABMODE != 0 */
	const uint8_t *tx;	/* FMODE 0 with DMODE != 0 */
	uint8_t *rx;		/* FMODE 1 */
	uint32_t len;		/* data bytes (0 = no data phase) */
};

/* Run one indirect command to completion (TCF seen and cleared, BUSY 0). */
void qspi_run(const struct qspi_cmd *cmd);
/* Enter memory-mapped mode with @ccr (FMODE forced to 3) and @alt in ABR. */
void qspi_mem_mapped(uint32_t ccr, uint32_t alt);

/* fw_qspi.c: W25Q01JV commands (single line unless the name says qpi) */
void nor_cmd(uint8_t op);
void nor_cmd_qpi(uint8_t op);
void nor_cmd_addr32(uint8_t op, uint32_t addr);
uint8_t nor_read_reg(uint8_t op);
void nor_read(uint8_t op, uint8_t *buf, uint32_t len);
void nor_write(uint8_t op, const uint8_t *buf, uint32_t len);
void nor_exit_continuous_read(void);
void nor_soft_reset(void);
void nor_wait_ready(uint32_t min_polls);
void nor_write_enable(void);

/* W25Q01JV opcodes (w25q01jv.md section 2) */
#define NOR_OP_WREN		0x06u
#define NOR_OP_RDSR1		0x05u
#define NOR_OP_RDSR2		0x35u
#define NOR_OP_RDSR3		0x15u
#define NOR_OP_WRSR1		0x01u	/* takes SR1, SR2 */
#define NOR_OP_JEDEC_ID		0x9Fu
#define NOR_OP_ENABLE_RESET	0x66u
#define NOR_OP_RESET		0x99u
#define NOR_OP_ENTER_4B		0xB7u
#define NOR_OP_ENTER_QPI	0x38u
#define NOR_OP_QIO_READ		0xEBu	/* 1-4-4 (3- or 4-byte mode addr) */
#define NOR_OP_QIO_READ_4B	0xECu	/* 1-4-4, always 32-bit address */
#define NOR_OP_BE64K_4B		0xDCu
#define NOR_OP_CHIP_ERASE	0xC7u

#define NOR_SR1_BUSY		(1u << 0)
#define NOR_SR1_WEL		(1u << 1)
#define NOR_SR2_QE		(1u << 1)
#define NOR_SR3_ADS		(1u << 0)

#endif
