/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The "booted" marker block: fixed DTCM words that tests read over SWD to
 * see that (and how far) the firmware ran.  The block 0x2001FF00..0x2001FFFF
 * is outside every linker section and below nothing: the reset handler moves
 * the stack just under it.  Keep this file and README.md in step.
 */
#ifndef FW_MARKER_H
#define FW_MARKER_H

#include <stdint.h>

#define FW_MARKER_BASE		0x2001FF00u
#define FW_MARKER_SIZE		0x100u

#define FW_MARK_MAGIC		(FW_MARKER_BASE + 0x00u) /* FW_MAGIC when up */
#define FW_MARK_VARIANT		(FW_MARKER_BASE + 0x04u) /* FW_ID_* */
#define FW_MARK_MM_WORD		(FW_MARKER_BASE + 0x08u) /* word @0x90000000 */
#define FW_MARK_STATUS		(FW_MARKER_BASE + 0x0Cu) /* FW_STAGE_* etc. */
#define FW_MARK_JEDEC_ID	(FW_MARKER_BASE + 0x10u) /* 0x00EF4021 order */
#define FW_MARK_CHIP_SR		(FW_MARKER_BASE + 0x14u) /* SR1|SR2<<8|SR3<<16 */
#define FW_MARK_DETAIL		(FW_MARKER_BASE + 0x18u) /* per variant */

#define FW_MAGIC		0xB007B007u

/* Variant ids (FW_MARK_VARIANT). */
#define FW_ID_IDLE		1u
#define FW_ID_QSPI_MM		2u
#define FW_ID_QSPI_4BYTE	3u
#define FW_ID_QSPI_XIP		4u
#define FW_ID_QSPI_QPI		5u
#define FW_ID_QSPI_ERASING	6u
#define FW_ID_QSPI_CHIPERASE	7u
#define FW_ID_PLUGIN_W25Q	8u	/* FLASH plugin: writes no markers */
#define FW_ID_QSPI_TICK		9u	/* qspi_mm + SysTick handler in QSPI */

/*
 * qspi_tick: SysTick's handler adds the word at 0x90000000 +
 * FW_TICK_DATA_OFF (QSPI flash, memory-mapped; the test writes it into
 * qspi.bin) to FW_MARK_TICKS; the vector table is a copy in DTCM at
 * FW_TICK_VTOR with the SysTick entry changed.
 */
#define FW_MARK_TICKS		(FW_MARKER_BASE + 0x40u)
#define FW_TICK_DATA_OFF	0x007F0000u
#define FW_TICK_VTOR		0x2001F000u
#define FW_TICK_RELOAD		64000u	/* SysTick period, core clock cycles */

/*
 * FW_MARK_STATUS: the stage being worked on (written when it starts),
 * FW_STATUS_DONE at the end, FW_STATUS_ERROR | stage when a poll timed out
 * or a check failed in that stage, FW_STATUS_FAULT | exception number when
 * an exception handler ran.
 */
#define FW_STAGE_START		0x01u	/* reset handler reached C */
#define FW_STAGE_CLOCKS		0x02u	/* FLASH_ACR, HSI, PLL1, switch */
#define FW_STAGE_GPIO		0x03u	/* GPIO/QSPI clocks, pin AF */
#define FW_STAGE_QSPI_CTRL	0x04u	/* QUADSPI CR/DCR, enable */
#define FW_STAGE_CHIP_RESET	0x05u	/* recovery, 66h/99h, poll 05h */
#define FW_STAGE_CHIP_ID	0x06u	/* 9Fh */
#define FW_STAGE_QE		0x07u	/* 35h, set QE if needed */
#define FW_STAGE_MODE		0x08u	/* variant's mode/erase command */
#define FW_STAGE_MM		0x09u	/* memory-mapped CCR written */
#define FW_STAGE_MM_READ	0x0Au	/* reading 0x90000000 */
#define FW_STATUS_DONE		0x0000D0DEu
#define FW_STATUS_ERROR		0xE0000000u
#define FW_STATUS_FAULT		0xFA000000u

static inline void fw_mark(uintptr_t addr, uint32_t val)
{
	*(volatile uint32_t *)addr = val;
}

static inline uint32_t fw_mark_get(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

#endif
