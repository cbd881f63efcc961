/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Native handling of Winbond W25Q01JV / W25Q512JV / W25Q02JV parts behind
 * an STM32 QUADSPI controller (single flash), used by stmqspi.c.  stmqspi.c
 * keeps the bank declaration, the controller detection, probe and its
 * commands; once stmqspi_w25q_probe() has recognised a part, the bank's
 * driver becomes a copy of stmqspi_flash whose flash operations are the
 * native ones, until the next probe or stmqspi set.
 */

#ifndef OPENOCD_FLASH_NOR_STMQSPI_W25Q_H
#define OPENOCD_FLASH_NOR_STMQSPI_W25Q_H

#include <helper/command.h>

struct flash_bank;

extern struct flash_driver stmqspi_flash;

/*
 * Bring the chip to a known state and identify it.  cr and ccr are the
 * QUADSPI CR and CCR found before anything was changed; they (and DCR, ABR)
 * are restored after every operation.  ERROR_FLASH_BANK_NOT_PROBED: not a
 * part handled here (or native handling is off), stmqspi goes on the stock
 * way and stmqspi_w25q_active() is false.
 */
int stmqspi_w25q_probe(struct flash_bank *bank, uint32_t io_base,
	uint32_t cr, uint32_t ccr);
/* true once a part was recognised; false again after stmqspi set */
bool stmqspi_w25q_active(struct flash_bank *bank);
void stmqspi_w25q_deactivate(struct flash_bank *bank);
void stmqspi_w25q_free(struct flash_bank *bank);

/* stmqspi mass_erase and cmd, arguments from CMD_ARGV[1] on */
int stmqspi_w25q_mass_erase(struct command_invocation *cmd,
	struct flash_bank *bank);
int stmqspi_w25q_cmd(struct command_invocation *cmd, struct flash_bank *bank);

/* "stmqspi w25q bank_id [option value]...": options of the native handling */
__COMMAND_HANDLER(stmqspi_w25q_handle_options);
#define STMQSPI_W25Q_OPTIONS_USAGE "bank_id [sector_size 4k|64k] " \
	"[split_reads on|off] [bp_scope chip|die] [soft_reset on|off] [native on|off]"

#endif /* OPENOCD_FLASH_NOR_STMQSPI_W25Q_H */
