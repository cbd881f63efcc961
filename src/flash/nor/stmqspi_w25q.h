/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Native handling of Winbond W25Q01JV / W25Q512JV parts behind an STM32
 * QUADSPI controller (single flash), used by stmqspi.c.  stmqspi.c keeps
 * the bank declaration, the controller detection and every other part; once
 * stmqspi_w25q_probe() has recognised a part, each flash operation of the
 * bank is handed to the functions below.
 */

#ifndef OPENOCD_FLASH_NOR_STMQSPI_W25Q_H
#define OPENOCD_FLASH_NOR_STMQSPI_W25Q_H

#include <helper/command.h>

struct flash_bank;
struct w25q_bank;

/* stmqspi.c: where a bank keeps its W25Q state (NULL until first probe) */
struct w25q_bank **stmqspi_w25q_slot(struct flash_bank *bank);

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

int stmqspi_w25q_erase(struct flash_bank *bank, unsigned int first,
	unsigned int last);
int stmqspi_w25q_write(struct flash_bank *bank, const uint8_t *buffer,
	uint32_t offset, uint32_t count);
int stmqspi_w25q_erase_write(struct flash_bank *bank, const uint8_t *buffer,
	uint32_t offset, uint32_t count, const uint8_t *erase);
int stmqspi_w25q_read(struct flash_bank *bank, uint8_t *buffer,
	uint32_t offset, uint32_t count);
int stmqspi_w25q_verify(struct flash_bank *bank, const uint8_t *buffer,
	uint32_t offset, uint32_t count);
int stmqspi_w25q_checksum(struct flash_bank *bank, uint32_t offset, uint32_t count,
	uint32_t *crc);
int stmqspi_w25q_blank_check(struct flash_bank *bank);
int stmqspi_w25q_sector_crc(struct flash_bank *bank, unsigned int first,
	unsigned int last, uint32_t *crc);
int stmqspi_w25q_protect(struct flash_bank *bank, int set, unsigned int first,
	unsigned int last);
int stmqspi_w25q_protect_check(struct flash_bank *bank);
int stmqspi_w25q_info(struct flash_bank *bank, struct command_invocation *cmd);
int stmqspi_w25q_mass_erase(struct command_invocation *cmd,
	struct flash_bank *bank);
/* stmqspi cmd, arguments from CMD_ARGV[1] (num_resp) on */
int stmqspi_w25q_cmd(struct command_invocation *cmd, struct flash_bank *bank);

/* "stmqspi w25q bank_id [option value]...": options of the native handling */
__COMMAND_HANDLER(stmqspi_w25q_handle_options);
#define STMQSPI_W25Q_OPTIONS_USAGE "bank_id [sector_size 4k|64k] " \
	"[split_reads on|off] [bp_scope chip|die] [soft_reset on|off] [native on|off]"

#endif /* OPENOCD_FLASH_NOR_STMQSPI_W25Q_H */
