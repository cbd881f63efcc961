/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * STM32H7 internal flash: one program algorithm run per write, its FIFO fed
 * in large pieces while the flash programs, sector erases planned into the
 * same run (contract: contrib/loaders/flash/stm32h7x_stream/h7s_algo.h).
 */

#ifndef OPENOCD_FLASH_NOR_STM32H7X_STREAM_H
#define OPENOCD_FLASH_NOR_STM32H7X_STREAM_H

#include <stdbool.h>
#include <stdint.h>

struct flash_bank;

/* what the algorithm needs to know of the bank's controller */
struct stm32h7x_stream_bank {
	uint32_t regs;		/* FLASH register base of the bank */
	uint32_t cr_program;	/* FLASH_CR while programming (PG, PSIZE) */
	uint32_t word;		/* flash word in bytes */
	uint32_t err_mask;	/* FLASH_SR error bits */
	uint32_t ccr;		/* offset of FLASH_CCR (clears SR flags) */
};

/* one planned sector erase: sent before the first flash word at or after address */
struct stm32h7x_stream_erase {
	uint32_t address;	/* absolute address of the sector */
	uint32_t cr_select;	/* FLASH_CR selecting the sector (SER, PSIZE, SNB) */
	uint32_t cr_start;	/* the same with START */
};

/*
 * Program count bytes at offset of bank (whole flash words), after the
 * n_erase planned erases of erase (sorted by address, each inside the
 * range), in one algorithm run.  skip_ff: the range is erased when its
 * words are programmed, so words of all 0xFF are skipped.  The caller
 * unlocks and locks the bank.  ERROR_TARGET_RESOURCE_NOT_AVAILABLE: the
 * target lacks the RAM for it, nothing was sent to the flash.
 */
int stm32h7x_stream_write(struct flash_bank *bank, const struct stm32h7x_stream_bank *s,
	const uint8_t *buffer, uint32_t offset, uint32_t count,
	const struct stm32h7x_stream_erase *erase, unsigned int n_erase, bool skip_ff);

#endif /* OPENOCD_FLASH_NOR_STM32H7X_STREAM_H */
