/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Native W25Q handling for stmqspi: what its files share.
 *
 *   stmqspi_w25q.c  bank operations, probe, info, protection, commands
 *   w25q_feed.c     program and read streams through the algorithms' FIFO
 *   w25q_algo.c     loading and running the target algorithms
 *   w25q_rescue.c   the data of a failed erase-and-write, saved to a file
 *   w25q_qspi.c     the QUADSPI command primitive (w25q_qspi.h)
 *   w25q_chip*.c    the chip's commands, through struct w25q_ctrl
 */

#ifndef OPENOCD_FLASH_NOR_W25Q_BANK_H
#define OPENOCD_FLASH_NOR_W25Q_BANK_H

#include <target/algorithm.h>
#include <target/armv7m.h>
#include "stmqspi_w25q.h"
#include "w25q_chip.h"
#include "w25q_erase_plan.h"

#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_algo.h"

struct flash_bank;
struct target;

struct w25q_bank {
	struct flash_bank *bank;
	struct w25q_bank *next;	/* the next bank's */
	bool active;		/* the bank's driver is this one's (w25q_set_active) */
	uint32_t io_base;
	struct w25q_chip chip;
	struct w25q_ctrl ctrl;	/* the chip's commands go out through QUADSPI */

	/* QUADSPI as found at probe, restored after every operation */
	uint32_t saved_cr, saved_dcr, saved_ccr, saved_abr;

	/* options (stmqspi w25q), kept across probes; the chip's are in chip */
	uint32_t sector_size;	/* 4 KiB (21h) or 64 KiB (DCh) */
	bool split_reads;	/* a read does not run across a die boundary */
	bool native;		/* false: leave the part to stock stmqspi */
	char rescue_dir[256];	/* where a failed erase-and-write saves its data ("": cwd) */
};

/* the bank's W25Q state, NULL before the first probe or stmqspi w25q */
struct w25q_bank *w25q_of(struct flash_bank *bank);

/* host waits, in ms of wall time (the chip's maximum times, SFDP BFPT) */
#define W25Q_BE64K_MAX_MS	2800	/* SFDP BFPT tBE 64 KiB max 2.24 s, +25 % */

/* the chip's maximum erase times, for messages */
#define W25Q_ERASE_MAX_TEXT	"tSE max 0.896 s per 4 KiB, tBE max 2.24 s per 64 KiB (SFDP)"

/* ---- stmqspi_w25q.c ---- */

/* the bank operations of a recognised part (its driver's) */
int stmqspi_w25q_erase(struct flash_bank *bank, unsigned int first, unsigned int last);
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

int w25q_check_range(struct flash_bank *bank, struct w25q_bank *w,
	uint32_t offset, uint32_t count);
int w25q_check_unprotected(struct flash_bank *bank, struct w25q_bank *w,
	uint32_t offset, uint32_t count, const char *what);

/* ---- w25q_algo.c: target algorithms ---- */

struct w25q_algo_code {
	const uint8_t *code;
	size_t size;
};

extern const struct w25q_algo_code w25q_erase_algo, w25q_program_algo, w25q_read_algo,
	w25q_crc32_algo, w25q_sector_scan_algo;

struct w25q_algo {
	struct working_area *code;	/* code, then params, then stack */
	struct working_area *data;	/* FIFO, list or results */
	uint32_t params;
	uint32_t sp;
	struct armv7m_algorithm info;
	struct reg_param regs[7];	/* r0..r4, sp, primask */
};

void w25q_algo_free(struct target *target, struct w25q_algo *a);
int w25q_algo_load(struct flash_bank *bank, struct w25q_bank *w, struct w25q_algo *a,
	const struct w25q_algo_code *code, uint32_t data_size, uint32_t min_size,
	uint32_t param_size);
void w25q_algo_args(struct w25q_algo *a, uint32_t r1, uint32_t r2, uint32_t r3, uint32_t r4);
int w25q_algo_result(struct flash_bank *bank, struct w25q_algo *a, const char *what,
	uint32_t *r1, uint32_t *r2);
void w25q_algo_timed_out(struct flash_bank *bank, const char *what, uint32_t offset,
	uint32_t count, int timeout_ms, const char *max);
int w25q_algo_run(struct flash_bank *bank, struct w25q_algo *a, int timeout_ms,
	const char *what, uint32_t offset, uint32_t count, const char *max);
void w25q_erase_words(struct target *target, uint8_t *buf, const struct w25q_erase *list,
	unsigned int n);

/* ---- w25q_rescue.c: what a failed erase-and-write leaves erased ---- */

/*
 * What an erase-and-write has erased and not yet programmed: one flag per
 * 256-byte page of its run [offset, offset + count) whose data (the image
 * and the bytes around it that the flash core read to keep) is not all 0xFF.
 */
struct w25q_lost {
	const uint8_t *data;
	uint32_t offset, count;
	uint8_t *page;
	unsigned int sent, planned;	/* erases that may have reached the chip, of all */
};

void w25q_lost_mark(struct w25q_lost *l, uint32_t from, uint32_t to, bool on);
void w25q_lost_erased(struct w25q_lost *l, const struct w25q_erase *plan, unsigned int n);
void w25q_lost_report(struct flash_bank *bank, const struct w25q_lost *l);

/* ---- w25q_feed.c: streams through the algorithms' FIFO ---- */

int w25q_stream(struct flash_bank *bank, struct w25q_bank *w, bool program,
	uint8_t *buffer, uint32_t offset, uint32_t count, const struct w25q_erase *plan,
	unsigned int plan_n, bool prepared, struct w25q_lost *lost);
int w25q_scan_units(struct flash_bank *bank, struct w25q_algo *a, const char *what,
	uint32_t offset, uint32_t count, uint32_t unit, uint32_t *crc, uint8_t *blank);

#endif /* OPENOCD_FLASH_NOR_W25Q_BANK_H */
