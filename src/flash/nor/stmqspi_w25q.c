// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Winbond W25Q01JV / W25Q512JV / W25Q02JV behind an STM32 QUADSPI
 * controller (single flash), handled natively for stmqspi.
 *
 * The chip's command sequences live in w25q_chip.c, which sends each
 * command through w25q_qspi_exec() below; this file owns the controller:
 * - every command is built here from the chip layer's description, never
 *   from the memory-mapped CCR found at probe;
 * - erase, program, read, CRC and blank check run as target algorithms
 *   (contrib/loaders/flash/stmqspi_w25q/), no external loader;
 * - the QUADSPI settings found at probe come back after every operation.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imp.h"
#include "stmqspi.h"
#include "stmqspi_w25q.h"
#include "w25q_chip.h"
#include "w25q_erase_plan.h"
#include "w25q_protect.h"
#include <helper/align.h>
#include <helper/binarybuffer.h>
#include <helper/bits.h>
#include <helper/replacements.h>
#include <helper/time_support.h>
#include <target/algorithm.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <target/arm_adi_v5.h>
#include <target/armv7m.h>
#include <target/image.h>

#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_algo.h"

/* QUADSPI CCR fields (RM0433 QUADSPI_CCR) */
#define CCR_IMODE(l)		((uint32_t)(l) << 8)
#define CCR_ADMODE(l)		((uint32_t)(l) << 10)
#define CCR_ADSIZE_32		(3U << 12)
#define CCR_ABMODE(l)		((uint32_t)(l) << 14)
#define CCR_ABSIZE_8		(0U << 16)
#define CCR_DCYC(n)		((uint32_t)(n) << 18)
#define CCR_DMODE(l)		((uint32_t)(l) << 24)
#define CCR_FMODE_WRITE		(0U << 26)
#define CCR_FMODE_READ		BIT(26)
#define CCR_FMODE_MM		(3U << 26)
#define CCR_FMODE_MASK		(3U << 26)
#define CCR_ADMODE_MASK		(3U << 10)
#define L1			1U	/* mode field: one line */
#define L4			3U	/* mode field: four lines */

#define QSPI_SR_TEF		BIT(0)
#define QSPI_SR_TCF		BIT(1)
#define QSPI_SR_BUSY		BIT(5)
#define QSPI_FCR_ALL		0x1BU	/* CTOF, CSMF, CTCF, CTEF */

/* host waits, in ms of wall time (the chip's maximum times, SFDP BFPT) */
#define W25Q_CTRL_TIMEOUT_MS	100	/* QUADSPI BUSY after a command */
#define W25Q_ERASE_TIMEOUT_MS	10000	/* tBE 64 KiB max 2.24 s (SFDP), margin */
#define W25Q_BE64K_MAX_MS	2800	/* SFDP BFPT tBE 64 KiB max 2.24 s, +25 % */
#define W25Q_SE4K_TYP_MS	64	/* SFDP BFPT DW10 typical 4 KiB erase */
#define W25Q_BE64K_TYP_MS	160	/* SFDP BFPT DW10 typical 64 KiB erase */
#define W25Q_PP_TYP_US		704	/* SFDP BFPT DW11 typical page program */
/* host estimate of one more program run: algorithm load, start and end,
 * about 50 probe round trips of ~1 ms */
#define W25Q_RUN_COST_US	50000

static const struct w25q_erase_costs w25q_costs = {
	.sector_us = 1000 * W25Q_SE4K_TYP_MS,
	.block_us = 1000 * W25Q_BE64K_TYP_MS,
	.page_us = W25Q_PP_TYP_US,
	.run_us = W25Q_RUN_COST_US,
};

struct w25q_bank {
	bool active;
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

static struct w25q_bank *w25q_of(struct flash_bank *bank)
{
	return *stmqspi_w25q_slot(bank);
}

bool stmqspi_w25q_active(struct flash_bank *bank)
{
	struct w25q_bank *w = w25q_of(bank);

	return w && w->active;
}

void stmqspi_w25q_deactivate(struct flash_bank *bank)
{
	struct w25q_bank *w = w25q_of(bank);

	if (w)
		w->active = false;
}

void stmqspi_w25q_free(struct flash_bank *bank)
{
	struct w25q_bank **slot = stmqspi_w25q_slot(bank);

	free(*slot);
	*slot = NULL;
}

static int w25q_qspi_exec(void *ctx, const struct w25q_op *op);

static struct w25q_bank *w25q_get_or_alloc(struct flash_bank *bank)
{
	struct w25q_bank **slot = stmqspi_w25q_slot(bank);

	if (!*slot) {
		*slot = calloc(1, sizeof(**slot));
		if (!*slot)
			return NULL;
		(*slot)->sector_size = 0x10000;
		(*slot)->split_reads = true;
		(*slot)->native = true;
		(*slot)->chip.bp_whole_chip = true;
		(*slot)->chip.die_check = true;
		(*slot)->chip.ctrl = &(*slot)->ctrl;
		(*slot)->ctrl.exec = w25q_qspi_exec;
		(*slot)->ctrl.ctx = bank;
	}
	return *slot;
}

/* ---- QUADSPI indirect commands ------------------------------------------ */

/*
 * Queue a 32-bit write without running the queue, where the target allows
 * (Cortex-M through its MEM-AP): the write goes out with the next access
 * that runs the queue, which reports its error if it fails.  Register
 * writes that need no answer use it, to save probe round trips.
 */
static int w25q_queue_u32(struct target *target, uint32_t addr, uint32_t value)
{
	struct armv7m_common *armv7m = target_to_armv7m(target);

	if (is_armv7m(armv7m) && armv7m->debug_ap)
		return mem_ap_write_u32(armv7m->debug_ap, addr, value);
	return target_write_u32(target, addr, value);
}

static int qspi_wait_idle(struct flash_bank *bank, struct w25q_bank *w)
{
	int64_t end = timeval_ms() + W25Q_CTRL_TIMEOUT_MS;
	uint32_t sr;
	int retval;

	for (;;) {
		retval = target_read_u32(bank->target, w->io_base + QSPI_SR, &sr);
		if (retval != ERROR_OK)
			return retval;
		if (!(sr & QSPI_SR_BUSY))
			break;
		if (timeval_ms() > end) {
			LOG_ERROR("QUADSPI at 0x%08" PRIx32 " stays busy (SR 0x%08" PRIx32
				"): is the QUADSPI kernel clock running?", w->io_base, sr);
			return ERROR_FLASH_OPERATION_FAILED;
		}
	}
	return w25q_queue_u32(bank->target, w->io_base + QSPI_FCR, QSPI_FCR_ALL);
}

static int qspi_abort(struct flash_bank *bank, struct w25q_bank *w)
{
	uint32_t cr;
	int retval = target_read_u32(bank->target, w->io_base + QSPI_CR, &cr);

	if (retval == ERROR_OK)
		retval = target_write_u32(bank->target, w->io_base + QSPI_CR,
			cr | BIT(SPI_ABORT));
	if (retval == ERROR_OK)
		retval = qspi_wait_idle(bank, w);
	return retval;
}

/* TEF after starting an addressed command: it was not sent. */
static int qspi_check_tef(struct flash_bank *bank, struct w25q_bank *w, uint32_t ccr,
	uint32_t addr)
{
	uint32_t sr, dcr;
	int retval = target_read_u32(bank->target, w->io_base + QSPI_SR, &sr);

	if (retval != ERROR_OK || !(sr & QSPI_SR_TEF))
		return retval;
	if (target_read_u32(bank->target, w->io_base + QSPI_DCR, &dcr) != ERROR_OK)
		dcr = 0;
	LOG_ERROR("QUADSPI transfer error (TEF) on command %02" PRIx32 "h at 0x%08" PRIx32
		" (DCR 0x%08" PRIx32 ", FSIZE %" PRIu32 "): the command was not sent",
		ccr & 0xFF, addr, dcr, (dcr >> SPI_FSIZE_POS) & 0x1FU);
	qspi_abort(bank, w);
	return ERROR_FLASH_OPERATION_FAILED;
}

/*
 * One indirect command with the CCR given: ABR and address if the CCR has
 * those phases, then len data bytes written from or read into data.
 */
static int qspi_xfer(struct flash_bank *bank, struct w25q_bank *w, uint32_t ccr,
	uint32_t addr, uint32_t abr, uint8_t *data, unsigned int len)
{
	struct target *target = bank->target;
	uint32_t base = w->io_base;
	bool read = (ccr & CCR_FMODE_MASK) == CCR_FMODE_READ;
	int retval;

	retval = qspi_wait_idle(bank, w);
	if (retval == ERROR_OK && len)
		retval = w25q_queue_u32(target, base + QSPI_DLR, len - 1);
	if (retval == ERROR_OK && (ccr & (3U << 14)))
		retval = w25q_queue_u32(target, base + QSPI_ABR, abr);
	if (retval == ERROR_OK)
		retval = w25q_queue_u32(target, base + QSPI_CCR, ccr);
	if (retval == ERROR_OK && (ccr & CCR_ADMODE_MASK))
		retval = w25q_queue_u32(target, base + QSPI_AR, addr);
	/*
	 * An address beyond FSIZE is not sent (TEF): a read of DR would then
	 * wait for data that never comes, so look before reading.
	 */
	if (retval == ERROR_OK && read && len && (ccr & CCR_ADMODE_MASK))
		retval = qspi_check_tef(bank, w, ccr, addr);
	for (unsigned int i = 0; retval == ERROR_OK && i < len; i++) {
		if (read)
			retval = target_read_u8(target, base + QSPI_DR, &data[i]);
		else
			retval = target_write_u8(target, base + QSPI_DR, data[i]);
	}
	if (retval == ERROR_OK && (ccr & CCR_ADMODE_MASK) && !(read && len))
		retval = qspi_check_tef(bank, w, ccr, addr);
	if (retval == ERROR_OK)
		retval = qspi_wait_idle(bank, w);
	return retval;
}

/* CCR mode field of a phase on 1 or 4 lines (0: no phase) */
static uint32_t ccr_lines(unsigned int lines)
{
	return lines == 4 ? L4 : lines;
}

/* The CCR of one command as the chip layer describes it. */
static uint32_t qspi_ccr(const struct w25q_op *op)
{
	uint32_t ccr = op->opcode | CCR_IMODE(ccr_lines(op->op_lines)) |
		CCR_DCYC(op->dummy) | CCR_DMODE(ccr_lines(op->data_lines)) |
		(op->data_in ? CCR_FMODE_READ : CCR_FMODE_WRITE);

	if (op->addr_bytes)
		ccr |= CCR_ADMODE(ccr_lines(op->addr_lines)) |
			(uint32_t)(op->addr_bytes - 1) << 12;
	if (op->mode_lines)
		ccr |= CCR_ABMODE(ccr_lines(op->mode_lines)) | CCR_ABSIZE_8;
	return ccr;
}

static uint32_t qspi_ccr_of(void (*build)(struct w25q_op *op))
{
	struct w25q_op op;

	build(&op);
	return qspi_ccr(&op);
}

/* the chip layer's exec callback: ctx is the bank */
static int w25q_qspi_exec(void *ctx, const struct w25q_op *op)
{
	struct flash_bank *bank = ctx;

	return qspi_xfer(bank, w25q_of(bank), qspi_ccr(op), op->addr, op->mode,
		op->data, op->len);
}

/*
 * The controller is ours during an operation.  DCR: FSIZE at its largest,
 * so no address of the chip lies beyond it (an indirect command past FSIZE
 * is not sent, TEF; firmware may have left a small FSIZE), and CSHT 7: /CS
 * stays high 8 cycles between commands, the JV family's tSHSL of 50 ns after
 * program, erase and status writes up to 160 MHz.  CKMODE as found.
 * w25q_restore() puts the DCR found back.
 */
static int w25q_take_dcr(struct flash_bank *bank, struct w25q_bank *w)
{
	return w25q_queue_u32(bank->target, w->io_base + QSPI_DCR,
		(31U << SPI_FSIZE_POS) | (7U << 8) | (w->saved_dcr & 1U));
}

/* QUADSPI CR, DCR, CCR, ABR as firmware left them, for w25q_restore(). */
static int w25q_save_controller(struct flash_bank *bank, struct w25q_bank *w)
{
	uint32_t regs[8];
	int retval = target_read_memory(bank->target, w->io_base, 4, 8, (uint8_t *)regs);

	if (retval != ERROR_OK)
		return retval;
	w->saved_cr = target_buffer_get_u32(bank->target, (uint8_t *)&regs[QSPI_CR / 4]);
	w->saved_dcr = target_buffer_get_u32(bank->target, (uint8_t *)&regs[QSPI_DCR / 4]);
	w->saved_ccr = target_buffer_get_u32(bank->target, (uint8_t *)&regs[QSPI_CCR / 4]);
	w->saved_abr = target_buffer_get_u32(bank->target, (uint8_t *)&regs[QSPI_ABR / 4]);
	return ERROR_OK;
}

/* Back to the QUADSPI settings found (memory-mapped if it was). */
static int w25q_restore(struct flash_bank *bank, struct w25q_bank *w)
{
	struct target *target = bank->target;
	uint32_t base = w->io_base;
	int retval;

	retval = qspi_abort(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_end(&w->chip);
	w->chip.ready = false;
	/*
	 * AR bits 1:0 zero before memory-mapped mode (STM32H7 errata).  The
	 * last command had no address phase, so this write starts nothing.
	 */
	if (retval == ERROR_OK)
		retval = w25q_queue_u32(target, base + QSPI_AR, 0);
	if (retval == ERROR_OK)
		retval = w25q_queue_u32(target, base + QSPI_DCR, w->saved_dcr);
	if (retval == ERROR_OK)
		retval = w25q_queue_u32(target, base + QSPI_ABR, w->saved_abr);
	if (retval == ERROR_OK)
		retval = target_write_u32(target, base + QSPI_CR, w->saved_cr);
	if (retval == ERROR_OK && (w->saved_ccr & CCR_FMODE_MASK) == CCR_FMODE_MM)
		retval = target_write_u32(target, base + QSPI_CCR, w->saved_ccr);
	if (retval != ERROR_OK)
		LOG_ERROR("could not restore the QUADSPI memory-mapped settings");
	return retval;
}

/*
 * Before each operation: controller idle, and a chip firmware may have put
 * back into continuous read or QPI since the last probe brought to SPI.
 */
static int w25q_prepare(struct flash_bank *bank, struct w25q_bank *w)
{
	int retval;

	if (bank->target->state != TARGET_HALTED) {
		LOG_ERROR("Target not halted");
		return ERROR_TARGET_NOT_HALTED;
	}
	w->chip.ready = false;
	retval = w25q_save_controller(bank, w);
	if (retval == ERROR_OK)
		retval = qspi_abort(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_take_dcr(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_begin(&w->chip);
	return retval;
}

/* ---- protection ----------------------------------------------------------- */

/* BP protection of every sector; -1 (unknown) where WPS=1 block locks rule. */
static void w25q_mark_sectors(struct flash_bank *bank, struct w25q_bank *w)
{
	const struct w25q_chip *c = &w->chip;

	for (unsigned int i = 0; i < bank->num_sectors; i++) {
		struct flash_sector *sec = &bank->sectors[i];

		if (w25q_die_wps(c, w25q_die_of(c, sec->offset)))
			sec->is_protected = -1;
		else
			sec->is_protected = w25q_offset_protected(c, sec->offset) ||
				w25q_offset_protected(c, sec->offset + sec->size - 1);
	}
}

/*
 * WPS=1 block locks of the sectors in [offset, offset + count) on WPS
 * dies: read them into is_protected, or set or clear them.
 */
static int w25q_lock_op(struct flash_bank *bank, struct w25q_bank *w,
	uint32_t offset, uint32_t count, enum w25q_lock_op op)
{
	unsigned int first = offset / w->sector_size;
	unsigned int last = (offset + count - 1) / w->sector_size;
	int8_t *lock;
	int retval;

	if (!count)
		return ERROR_OK;
	lock = malloc(last - first + 1);
	if (!lock)
		return ERROR_FAIL;
	retval = w25q_locks(&w->chip, w->sector_size, first, last, op, lock);
	for (unsigned int i = first; i <= last; i++)
		if (lock[i - first] >= 0)
			bank->sectors[i].is_protected = lock[i - first];
	free(lock);
	return retval;
}

static int w25q_read_locks(struct flash_bank *bank, struct w25q_bank *w,
	uint32_t offset, uint32_t count)
{
	return w25q_lock_op(bank, w, offset, count, W25Q_LOCK_READ);
}

/*
 * Refuse an erase or write that touches protected sectors, before anything
 * is sent, naming the sectors and the bits that protect them.
 */
static int w25q_check_unprotected(struct flash_bank *bank, struct w25q_bank *w,
	uint32_t offset, uint32_t count, const char *what)
{
	unsigned int first = UINT_MAX, last = 0, n = 0;
	int retval;

	if (w->chip.die_select_broken) {
		LOG_ERROR("%s refused: die select (C2h) does not work on this %s (probe's"
			" self-test), so the busy state of die 1 cannot be read; nothing was"
			" changed", what, w->chip.part->name);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	retval = w25q_read_all_status(&w->chip);
	if (retval != ERROR_OK)
		return retval;
	w25q_mark_sectors(bank, w);
	retval = w25q_read_locks(bank, w, offset, count);
	if (retval != ERROR_OK)
		return retval;
	for (unsigned int i = 0; i < bank->num_sectors; i++) {
		struct flash_sector *sec = &bank->sectors[i];

		if (sec->offset + sec->size <= offset || sec->offset >= offset + count)
			continue;
		if (sec->is_protected != 1)
			continue;
		if (first == UINT_MAX)
			first = i;
		last = i;
		n++;
	}
	if (!n)
		return ERROR_OK;

	LOG_ERROR("%s refused: %u protected sector(s) in %u..%u (0x%08" TARGET_PRIxADDR
		"..0x%08" TARGET_PRIxADDR "), nothing was changed", what, n, first, last,
		bank->base + bank->sectors[first].offset,
		bank->base + bank->sectors[last].offset + bank->sectors[last].size - 1);
	for (unsigned int die = 0; die < w->chip.dies; die++) {
		char bits[40];

		w25q_prot_describe(w25q_prot_from_sr(w->chip.sr[die][0], w->chip.sr[die][1]),
			bits, sizeof(bits));
		LOG_ERROR("  die %u: %s (SR1 0x%02x SR2 0x%02x SR3 0x%02x)", die,
			w25q_die_wps(&w->chip, die) ?
			"WPS=1, individual block locks (36h/39h, 98h)" : bits,
			w->chip.sr[die][0], w->chip.sr[die][1], w->chip.sr[die][2]);
	}
	LOG_ERROR("use 'flash protect %u %u %u off' to clear it", bank->bank_number,
		first, last);
	return ERROR_FLASH_PROTECTED;
}

int stmqspi_w25q_protect_check(struct flash_bank *bank)
{
	struct w25q_bank *w = w25q_of(bank);
	int retval = w25q_prepare(bank, w);

	if (retval == ERROR_OK)
		retval = w25q_read_all_status(&w->chip);
	if (retval == ERROR_OK) {
		w25q_mark_sectors(bank, w);
		retval = w25q_read_locks(bank, w, 0, w->chip.size);
	}
	int r2 = w25q_restore(bank, w);
	return retval != ERROR_OK ? retval : r2;
}

/*
 * flash protect: WPS=1 block locks per sector, else one range the BP/TB/CMP
 * ladder can express, written to every die.
 */
static int w25q_set_protection(struct flash_bank *bank, struct w25q_bank *w,
	int set, unsigned int first, unsigned int last)
{
	struct w25q_chip *c = &w->chip;
	uint32_t lo = bank->sectors[first].offset;
	uint32_t hi = bank->sectors[last].offset + bank->sectors[last].size;
	unsigned int die;
	const char *why;
	int retval;

	retval = w25q_read_all_status(c);
	if (retval != ERROR_OK)
		return retval;
	why = w25q_sr_locked(c, &die);
	if (why) {
		LOG_ERROR("flash die %u: status registers cannot be written: %s", die, why);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	if (w25q_die_wps(c, 0) || w25q_die_wps(c, c->dies - 1)) {
		retval = w25q_lock_op(bank, w, lo, hi - lo,
			set ? W25Q_LOCK_SET : W25Q_LOCK_CLEAR);
		if (retval == ERROR_OK)
			retval = w25q_read_locks(bank, w, lo, hi - lo);
		for (unsigned int i = first; retval == ERROR_OK && i <= last; i++) {
			if (bank->sectors[i].is_protected != set) {
				LOG_ERROR("sector %u: block lock still %s", i, set ? "off" : "on");
				retval = ERROR_FLASH_OPERATION_FAILED;
			}
		}
		return retval;
	}
	retval = w25q_set_bp(c, set, lo, hi);
	if (retval == ERROR_OK)
		w25q_mark_sectors(bank, w);
	return retval;
}

int stmqspi_w25q_protect(struct flash_bank *bank, int set, unsigned int first,
	unsigned int last)
{
	struct w25q_bank *w = w25q_of(bank);
	int retval = w25q_prepare(bank, w);

	if (retval == ERROR_OK)
		retval = w25q_set_protection(bank, w, set, first, last);
	int r2 = w25q_restore(bank, w);
	return retval != ERROR_OK ? retval : r2;
}

/* ---- target algorithms ---------------------------------------------------- */

static const uint8_t w25q_erase_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_erase.inc"
};
static const uint8_t w25q_program_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_program.inc"
};
static const uint8_t w25q_read_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_read.inc"
};
static const uint8_t w25q_crc32_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_crc32.inc"
};
static const uint8_t w25q_sector_scan_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_sector_scan.inc"
};

#define W25Q_PARAMS_SIZE	0x48
#define W25Q_CRC_TABLE_SIZE	1024	/* 256 words for crc32 and sector_scan */
#define W25Q_POLL_LIMIT		0x7FFFFFFFU	/* the host's timeout bounds it */
#define W25Q_FIFO_MAX		(64 * 1024)
#define W25Q_FIFO_MIN		(2 * W25Q_PAGE_SIZE + 8)
#define W25Q_CHUNK		(512 * 1024)	/* read: progress granularity */
#define W25Q_PROGRAM_CHUNK	(16 * 1024 * 1024)	/* program: one algorithm run at most */
#define W25Q_PROGRESS_STEP	(256 * 1024)	/* program: progress granularity */

struct w25q_algo {
	struct working_area *code;	/* code, then params, then stack */
	struct working_area *data;	/* FIFO, list or results */
	uint32_t params;
	uint32_t sp;
	struct armv7m_algorithm info;
	struct reg_param regs[7];	/* r0..r4, sp, primask */
};

/* one byte into a CRC-32 as image_calculate_checksum(): poly 0x04C11DB7, MSB first */
static uint32_t w25q_crc_msb_byte(uint32_t crc, uint8_t byte)
{
	crc ^= (uint32_t)byte << 24;
	for (unsigned int b = 0; b < 8; b++)
		crc = (crc & 0x80000000U) ? (crc << 1) ^ 0x04C11DB7U : crc << 1;
	return crc;
}

static void w25q_fill_params(struct target *target, struct w25q_bank *w,
	uint8_t *p, uint32_t size)
{
	struct w25q_op read;

	w25q_op_read(&w->chip, &read);
	memset(p, 0, W25Q_PARAMS_SIZE);
	target_buffer_set_u32(target, p + W25Q_P_IO_BASE, w->io_base);
	target_buffer_set_u32(target, p + W25Q_P_DIES, w->chip.dies);
	target_buffer_set_u32(target, p + W25Q_P_DIE_SHIFT, W25Q_DIE_SHIFT);
	target_buffer_set_u32(target, p + W25Q_P_PAGE_SIZE, W25Q_PAGE_SIZE);
	target_buffer_set_u32(target, p + W25Q_P_POLL_LIMIT, W25Q_POLL_LIMIT);
	target_buffer_set_u32(target, p + W25Q_P_CCR_RDSR, qspi_ccr_of(w25q_op_rdsr1));
	target_buffer_set_u32(target, p + W25Q_P_CCR_DIE_SEL, qspi_ccr_of(w25q_op_die_select));
	target_buffer_set_u32(target, p + W25Q_P_CCR_WREN, qspi_ccr_of(w25q_op_wren));
	target_buffer_set_u32(target, p + W25Q_P_CCR_PROGRAM, qspi_ccr_of(w25q_op_program));
	target_buffer_set_u32(target, p + W25Q_P_CCR_READ, qspi_ccr(&read));
	target_buffer_set_u32(target, p + W25Q_P_ABR_READ, 0);
	target_buffer_set_u32(target, p + W25Q_P_FLAGS,
		(w->split_reads ? W25Q_F_READ_SPLIT : 0) | W25Q_F_SKIP_FF_PAGES |
		W25Q_F_NEED_BUSY | (size ? W25Q_F_BLANK_CRC : 0));
	target_buffer_set_u32(target, p + W25Q_P_SIZE, size);
	if (size) {
		/* sector_scan: the CRC of a whole blank sector, 0xFF bytes folded in */
		uint32_t crc = 0xFFFFFFFFU;

		for (uint32_t i = 0; i < size; i++)
			crc = w25q_crc_msb_byte(crc, 0xFF);
		target_buffer_set_u32(target, p + W25Q_P_BLANK_CRC, crc);
	}
}

static void w25q_algo_free(struct target *target, struct w25q_algo *a)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(a->regs); i++)
		if (a->regs[i].value)
			destroy_reg_param(&a->regs[i]);
	if (a->data)
		target_free_working_area(target, a->data);
	if (a->code)
		target_free_working_area(target, a->code);
	memset(a, 0, sizeof(*a));
}

/*
 * Load one algorithm with its parameter block and stack, and a data area of
 * data_size bytes (at least min_size if less is free; 0: none).
 */
static int w25q_algo_load(struct flash_bank *bank, struct w25q_bank *w,
	struct w25q_algo *a, const uint8_t *code, size_t code_size,
	uint32_t data_size, uint32_t min_size, uint32_t param_size)
{
	struct target *target = bank->target;
	uint32_t code_area = ALIGN_UP(code_size, 8) + W25Q_PARAMS_SIZE + W25Q_ALGO_STACK +
		W25Q_CRC_TABLE_SIZE;
	uint8_t params[W25Q_PARAMS_SIZE], table[W25Q_CRC_TABLE_SIZE];
	int retval;

	memset(a, 0, sizeof(*a));
	if (target_alloc_working_area(target, code_area, &a->code) != ERROR_OK) {
		LOG_ERROR("no %" PRIu32 "-byte working area for the flash algorithm: "
			"check the target's -work-area-size", code_area);
		return ERROR_TARGET_RESOURCE_NOT_AVAILABLE;
	}
	/* a smaller work area: take what is left rather than half of the ask */
	uint32_t avail = target_get_working_area_avail(target) & ~7U;

	if (data_size && avail < data_size && avail >= min_size)
		data_size = avail;
	while (data_size) {
		if (target_alloc_working_area_try(target, data_size, &a->data) == ERROR_OK)
			break;
		data_size /= 2;
		if (data_size < min_size) {
			LOG_ERROR("no working area for the flash algorithm's data (%" PRIu32
				" bytes at least)", min_size);
			w25q_algo_free(target, a);
			return ERROR_TARGET_RESOURCE_NOT_AVAILABLE;
		}
	}
	a->params = a->code->address + ALIGN_UP(code_size, 8);
	a->sp = a->params + W25Q_PARAMS_SIZE + W25Q_ALGO_STACK;

	w25q_fill_params(target, w, params, param_size);
	/* the byte-wise CRC table right above the stack */
	target_buffer_set_u32(target, params + W25Q_P_CRC_TABLE, a->sp);
	for (uint32_t i = 0; i < 256; i++)
		target_buffer_set_u32(target, table + 4 * i, w25q_crc_msb_byte(0, i));
	retval = target_write_buffer(target, a->code->address, code_size, code);
	if (retval == ERROR_OK)
		retval = target_write_buffer(target, a->params, W25Q_PARAMS_SIZE, params);
	if (retval == ERROR_OK)
		retval = target_write_buffer(target, a->sp, W25Q_CRC_TABLE_SIZE, table);
	if (retval != ERROR_OK) {
		w25q_algo_free(target, a);
		return retval;
	}

	a->info.common_magic = ARMV7M_COMMON_MAGIC;
	a->info.core_mode = ARM_MODE_THREAD;
	static const char * const names[] = { "r0", "r1", "r2", "r3", "r4", "sp" };
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		init_reg_param(&a->regs[i], (char *)names[i], 32,
			i < 3 ? PARAM_IN_OUT : PARAM_OUT);
	buf_set_u32(a->regs[0].value, 0, 32, a->params);
	buf_set_u32(a->regs[5].value, 0, 32, a->sp);
	/*
	 * PRIMASK = 1 while the algorithm runs: an interrupt of the firmware
	 * must not run, its handler may sit in the QSPI memory-mapped window
	 * the algorithm takes away (a read there then faults or stalls the
	 * bus).  cortex_m sets it for any debug execution, the hla targets do
	 * not; the register comes back as found afterwards.
	 */
	init_reg_param(&a->regs[6], "primask", 1, PARAM_OUT);
	buf_set_u32(a->regs[6].value, 0, 1, 1);
	return ERROR_OK;
}

static void w25q_algo_args(struct w25q_algo *a, uint32_t r1, uint32_t r2,
	uint32_t r3, uint32_t r4)
{
	buf_set_u32(a->regs[0].value, 0, 32, a->params);
	buf_set_u32(a->regs[1].value, 0, 32, r1);
	buf_set_u32(a->regs[2].value, 0, 32, r2);
	buf_set_u32(a->regs[3].value, 0, 32, r3);
	buf_set_u32(a->regs[4].value, 0, 32, r4);
	buf_set_u32(a->regs[5].value, 0, 32, a->sp);
}

static const char *w25q_algo_error(uint32_t status)
{
	switch (status) {
	case W25Q_ERR_TIMEOUT:
		return "a die stayed busy";
	case W25Q_ERR_WEL:
		return "write enable not taken by the addressed die";
	case W25Q_ERR_NOT_ACCEPTED:
		return "command not accepted (protected, or the die was busy)";
	case W25Q_ERR_ABORTED:
		return "aborted by the host";
	case W25Q_ERR_PARAM:
		return "bad parameter";
	case W25Q_ERR_TRANSFER:
		return "QUADSPI transfer error (TEF): command not sent, address beyond FSIZE";
	default:
		return "unknown error";
	}
}

/* r0..r2 after a run; an error status is reported with its offset. */
static int w25q_algo_result(struct flash_bank *bank, struct w25q_algo *a,
	const char *what, uint32_t *r1, uint32_t *r2)
{
	uint32_t status = buf_get_u32(a->regs[0].value, 0, 32);
	uint32_t off = buf_get_u32(a->regs[1].value, 0, 32);

	if (r1)
		*r1 = off;
	if (r2)
		*r2 = buf_get_u32(a->regs[2].value, 0, 32);
	if (status == W25Q_OK)
		return ERROR_OK;
	if (status == a->params) {
		/* r0 still holds its input: the run never came back */
		LOG_ERROR("%s: the flash algorithm did not finish (see the errors above)", what);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	LOG_ERROR("%s failed at 0x%08" TARGET_PRIxADDR ": %s (algorithm status %" PRIu32 ")",
		what, bank->base + off, w25q_algo_error(status), status);
	return ERROR_FLASH_OPERATION_FAILED;
}

/*
 * A flash algorithm ran past its bound and OpenOCD halted it: name the die
 * that is still busy, with its status and the chip's maximum time for what
 * was running (max), or say that no die is busy.  what, offset and count
 * name the operation.
 */
static void w25q_algo_timed_out(struct flash_bank *bank, const char *what,
	uint32_t offset, uint32_t count, int timeout_ms, const char *max)
{
	struct w25q_bank *w = w25q_of(bank);
	int busy = qspi_abort(bank, w);

	if (busy == ERROR_OK)
		busy = w25q_report_busy(&w->chip, what, bank->base + offset, count, timeout_ms,
			max);
	if (busy < 0)
		LOG_ERROR("%s of 0x%08" TARGET_PRIxADDR "+0x%" PRIx32 ": the flash algorithm did"
			" not finish within %d ms, and the flash status could not be read after it",
			what, bank->base + offset, count, timeout_ms);
	else if (!busy)
		LOG_ERROR("%s of 0x%08" TARGET_PRIxADDR "+0x%" PRIx32 ": the flash algorithm did"
			" not finish within %d ms, yet no die is busy (SR1 of die 0: 0x%02" PRIx8
			"): check that the QUADSPI kernel clock runs, then reset the target",
			what, bank->base + offset, count, timeout_ms, w->chip.sr[0][0]);
}

static int w25q_algo_run(struct flash_bank *bank, struct w25q_algo *a,
	int timeout_ms, const char *what, uint32_t offset, uint32_t count, const char *max)
{
	int retval = target_run_algorithm(bank->target, 0, NULL, ARRAY_SIZE(a->regs), a->regs,
		a->code->address, 0, timeout_ms, &a->info);

	if (retval == ERROR_TARGET_TIMEOUT)
		w25q_algo_timed_out(bank, what, offset, count, timeout_ms, max);
	return retval;
}

/* ---- erase ---------------------------------------------------------------- */

/* the chip's maximum erase times, for messages */
#define W25Q_ERASE_MAX_TEXT	"tSE max 0.896 s per 4 KiB, tBE max 2.24 s per 64 KiB (SFDP)"

/* the command of a planned erase: 21h for 4 KiB, DCh for 64 KiB */
static uint32_t w25q_erase_ccr(const struct w25q_erase *e)
{
	struct w25q_op op;

	w25q_op_erase(e->size, &op);
	return qspi_ccr(&op);
}

/* the list's erases as the algorithms take them: {offset, CCR} words */
static void w25q_erase_words(struct target *target, uint8_t *buf,
	const struct w25q_erase *list, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		target_buffer_set_u32(target, buf + 8 * i, list[i].offset);
		target_buffer_set_u32(target, buf + 8 * i + 4, w25q_erase_ccr(&list[i]));
	}
}

/* erase list entries run per algorithm call, for progress messages */
#define W25Q_ERASE_BATCH	32

/*
 * Send the n erases of list.  sent (if not NULL): how many of them may
 * have reached the chip, also after a failure (an entry counts unless the
 * run is known to have stopped before it).
 */
static int w25q_erase_list(struct flash_bank *bank, struct w25q_bank *w,
	const struct w25q_erase *list, unsigned int n, const char *what, unsigned int *sent)
{
	struct target *target = bank->target;
	struct w25q_algo a = { 0 };
	int64_t start = timeval_ms();
	unsigned int done = 0;
	int retval;

	retval = w25q_algo_load(bank, w, &a, w25q_erase_code, sizeof(w25q_erase_code),
		W25Q_ERASE_BATCH * 8, W25Q_ERASE_BATCH * 8, w->sector_size);
	if (sent)
		*sent = 0;
	if (retval != ERROR_OK)
		return retval;

	while (done < n && retval == ERROR_OK) {
		unsigned int batch = MIN(n - done, (unsigned int)W25Q_ERASE_BATCH);
		const struct w25q_erase *first = &list[done], *last = &list[done + batch - 1];
		uint8_t buf[W25Q_ERASE_BATCH * 8];

		w25q_erase_words(target, buf, first, batch);
		retval = target_write_buffer(target, a.data->address, batch * 8, buf);
		if (retval != ERROR_OK)
			break;
		w25q_algo_args(&a, first->offset, batch, a.data->address, 0);
		retval = w25q_algo_run(bank, &a, batch * W25Q_ERASE_TIMEOUT_MS, what,
			first->offset, last->offset + last->size - first->offset,
			W25Q_ERASE_MAX_TEXT);
		uint32_t reached = UINT32_MAX;

		if (retval == ERROR_OK)
			retval = w25q_algo_result(bank, &a, what, &reached, NULL);
		if (sent) {
			/* after a failure reported by the run: up to the entry it names */
			unsigned int k = batch;

			if (retval != ERROR_OK && reached != UINT32_MAX &&
					buf_get_u32(a.regs[0].value, 0, 32) != a.params)
				for (k = 0; k < batch && list[done + k].offset <= reached; k++)
					;
			*sent = done + k;
		}
		done += batch;
		if (retval == ERROR_OK && n > W25Q_ERASE_BATCH)
			LOG_INFO("%s: %u of %u done (%u%%), %.1f s", what, done, n,
				100 * done / n, (timeval_ms() - start) / 1000.0);
	}
	w25q_algo_free(target, &a);
	return retval;
}

int stmqspi_w25q_erase(struct flash_bank *bank, unsigned int first,
	unsigned int last)
{
	struct w25q_bank *w = w25q_of(bank);
	struct w25q_erase *list;
	unsigned int n = last - first + 1;
	int retval;

	if (first > last || last >= bank->num_sectors) {
		LOG_ERROR("flash sectors %u..%u: the bank has %u", first, last,
			bank->num_sectors);
		return ERROR_FLASH_SECTOR_INVALID;
	}
	retval = w25q_prepare(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_check_unprotected(bank, w, bank->sectors[first].offset,
			bank->sectors[last].offset + bank->sectors[last].size -
			bank->sectors[first].offset, "erase");
	if (retval != ERROR_OK)
		goto out;

	list = malloc(n * sizeof(*list));
	if (!list) {
		retval = ERROR_FAIL;
		goto out;
	}
	for (unsigned int i = 0; i < n; i++) {
		list[i].offset = bank->sectors[first + i].offset;
		list[i].size = bank->sectors[first + i].size;
	}
	retval = w25q_erase_list(bank, w, list, n, "erase", NULL);
	free(list);
	for (unsigned int i = first; retval == ERROR_OK && i <= last; i++)
		bank->sectors[i].is_erased = 1;
out:
	/* a raw command: the chip stays as the command left it (no 04h, no 38h) */
	w->chip.ready = false;
	int r2 = w25q_restore(bank, w);
	return retval != ERROR_OK ? retval : r2;
}

/* ---- program, read, verify, blank check ---------------------------------- */

static int w25q_check_range(struct flash_bank *bank, struct w25q_bank *w,
	uint32_t offset, uint32_t count)
{
	if (offset > w->chip.size || count > w->chip.size - offset) {
		LOG_ERROR("0x%08" TARGET_PRIxADDR "+0x%" PRIx32 " is beyond the end of %s"
			" (0x%" PRIx32 " bytes)", bank->base + offset, count, w->chip.part->name,
			w->chip.size);
		return ERROR_FLASH_DST_OUT_OF_BANK;
	}
	return ERROR_OK;
}

static void w25q_progress(const char *what, uint32_t done, uint32_t total,
	int64_t start)
{
	double s = (timeval_ms() - start) / 1000.0;

	LOG_INFO("%s: %" PRIu32 " of %" PRIu32 " KiB (%" PRIu32 "%%), %.1f KiB/s", what,
		done / 1024, total / 1024, (uint32_t)(100ULL * done / total),
		s > 0 ? done / 1024.0 / s : 0.0);
}

/* erase plan entries one program run takes at most (a run ends before more) */
#define W25Q_PLAN_MAX		256

/*
 * Feeding the program algorithm's FIFO (same wp/rp ring as
 * target_run_flash_async_algorithm()): pieces of at most W25Q_FEED_PIECE
 * bytes, one memory write each; the new wp of a piece and a read of rp go
 * out queued in front of the next piece's data, so a piece costs one probe
 * round trip when the adapter's batch holds it (a J-Link's SWD batch of
 * 8 KiB holds about 1420 frames without idle cycles: 5.375 KiB, its TARs,
 * wp and rp take about 1390).  Only a FIFO without room costs extra round trips (polls).
 */
#define W25Q_FEED_PIECE		(5 * 1024 + 384)
#define W25Q_FEED_STALL_MS	10000	/* rp not moving: tBE 64 KiB max 2.24 s, margin */
/* after the last byte: a full FIFO of pages at tPP max (4.2 ms, SFDP), margin; plus
 * W25Q_BE64K_MAX_MS per erase still planned */
#define W25Q_FEED_TAIL_MS	60000
#define W25Q_FEED_ABORT_MS	5000	/* after an abort: the erase or page under way */


/*
 * Run the program algorithm (arguments set in a) over count bytes, feeding
 * its FIFO [fifo, fifo_end) from buffer.  Progress is reported against
 * total bytes from base_done on.
 */
/* rp as read back from the target: 0 (the algorithm stopped) or outside the FIFO ends */
static int w25q_feed_check_rp(uint32_t rp, uint32_t first, uint32_t fifo_end)
{
	if (rp == 0) {
		LOG_ERROR("flash program algorithm stopped (see its status below)");
		return ERROR_FLASH_OPERATION_FAILED;
	}
	if (rp < first || rp >= fifo_end) {
		LOG_ERROR("flash program algorithm: read pointer 0x%08" PRIx32
			" outside its FIFO", rp);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	return ERROR_OK;
}

static int w25q_feed(struct flash_bank *bank, struct w25q_algo *a, const uint8_t *buffer,
	uint32_t count, uint32_t fifo, uint32_t fifo_end, uint32_t base_done, uint32_t total,
	int64_t start, unsigned int erases)
{
	struct target *target = bank->target;
	struct armv7m_common *armv7m = target_to_armv7m(target);
	struct adiv5_ap *ap = is_armv7m(armv7m) ? armv7m->debug_ap : NULL;
	uint32_t first = fifo + 8, wp = first, rp = first, sent = 0, shown = base_done;
	uint32_t offset = buf_get_u32(a->regs[1].value, 0, 32);
	uint8_t ptrs[8];
	bool wp_queued = false;
	int64_t moved = timeval_ms();
	int retval, r2;

	target_buffer_set_u32(target, ptrs, first);
	target_buffer_set_u32(target, ptrs + 4, first);
	retval = target_write_buffer(target, fifo, 8, ptrs);
	if (retval != ERROR_OK)
		return retval;
	retval = target_start_algorithm(target, 0, NULL, ARRAY_SIZE(a->regs), a->regs,
		a->code->address, 0, &a->info);
	if (retval != ERROR_OK)
		return retval;

	while (sent < count) {
		uint32_t want = MIN((uint32_t)W25Q_FEED_PIECE, count - sent), room, n;
		uint32_t rp_now = rp;

		/* contiguous room after wp; wp never catches up with rp (empty) */
		if (rp > wp)
			room = rp - wp - 4;
		else if (rp > first)
			room = fifo_end - wp;
		else
			room = fifo_end - wp - 4;
		n = MIN(room, want);
		/* a piece short of want only up to the wrap of the FIFO */
		if (n < want && (rp > wp || !n)) {
			/* out of room: send the last wp, see how far the algorithm got */
			if (wp_queued)
				retval = w25q_queue_u32(target, fifo, wp);
			wp_queued = false;
			if (retval == ERROR_OK)
				retval = target_read_u32(target, fifo + 4, &rp_now);
			if (retval == ERROR_OK)
				retval = w25q_feed_check_rp(rp_now, first, fifo_end);
			if (retval != ERROR_OK)
				break;
			if (rp_now != rp) {
				moved = timeval_ms();
			} else if (timeval_ms() - moved > W25Q_FEED_STALL_MS) {
				LOG_ERROR("flash program algorithm made no progress for %d ms",
					W25Q_FEED_STALL_MS);
				retval = ERROR_FLASH_OPERATION_FAILED;
				break;
			}
			rp = rp_now;
			keep_alive();
			continue;
		}
		/*
		 * One batch: the previous piece's wp, a read of rp, this piece.
		 * The piece goes to RAM of the working area: no idle cycles after
		 * each AP access (Cortex-M's default is 8, 17% of a 46-bit SWD
		 * frame); the RAM write ends long before the next frame's ACK,
		 * and should the AP still answer WAIT, the adapter's WAIT
		 * handling applies as for any access.
		 */
		if (wp_queued)
			retval = w25q_queue_u32(target, fifo, wp);
		if (retval == ERROR_OK && ap)
			retval = mem_ap_read_u32(ap, fifo + 4, &rp_now);
		if (retval == ERROR_OK) {
			uint32_t tck = ap ? ap->memaccess_tck : 0;

			if (ap)
				ap->memaccess_tck = 0;
			retval = target_write_buffer(target, wp, n, buffer + sent);
			if (ap)
				ap->memaccess_tck = tck;
		}
		if (retval == ERROR_OK && ap)
			retval = w25q_feed_check_rp(rp_now, first, fifo_end);
		if (retval != ERROR_OK)
			break;
		if (rp_now != rp)
			moved = timeval_ms();
		rp = rp_now;
		wp += n;
		if (wp == fifo_end)
			wp = first;
		sent += n;
		wp_queued = true;
		if (total > W25Q_PROGRESS_STEP &&
				(base_done + sent - shown >= W25Q_PROGRESS_STEP ||
				 base_done + sent == total)) {
			shown = base_done + sent;
			w25q_progress("write", shown, total, start);
		}
	}
	if (retval == ERROR_OK && wp_queued)
		retval = target_write_u32(target, fifo, wp);
	if (retval != ERROR_OK)
		target_write_u32(target, fifo, 0);	/* abort: the algorithm stops */
	r2 = target_wait_algorithm(target, 0, NULL, ARRAY_SIZE(a->regs), a->regs, 0,
		retval == ERROR_OK ? W25Q_FEED_TAIL_MS + (int)erases * W25Q_BE64K_MAX_MS :
		W25Q_FEED_ABORT_MS, &a->info);
	if (r2 == ERROR_TARGET_TIMEOUT)
		w25q_algo_timed_out(bank, "write", offset, count, (int)(timeval_ms() - moved),
			erases ? "tPP max 4.2 ms per page, " W25Q_ERASE_MAX_TEXT :
			"tPP max 4.2 ms per page (SFDP)");
	return retval != ERROR_OK ? retval : r2;
}

/*
 * Hand the program algorithm the plan entries that fall
 * before chunk_end (all that are left when last), at plan_addr.
 */
static int w25q_plan_chunk(struct flash_bank *bank, struct w25q_algo *a,
	const struct w25q_erase *plan, unsigned int plan_n, unsigned int *next,
	uint32_t plan_addr, uint32_t chunk_end, bool last)
{
	struct target *target = bank->target;
	uint8_t buf[W25Q_PLAN_MAX * 8], par[8];
	unsigned int n = 0;
	int retval = ERROR_OK;

	while (*next + n < plan_n && n < W25Q_PLAN_MAX &&
			(last || plan[*next + n].offset < chunk_end))
		n++;
	w25q_erase_words(target, buf, plan + *next, n);
	if (n)
		retval = target_write_buffer(target, plan_addr, 8 * n, buf);
	target_buffer_set_u32(target, par, n ? plan_addr : 0);
	target_buffer_set_u32(target, par + 4, n);
	if (retval == ERROR_OK)
		retval = target_write_buffer(target, a->params + W25Q_P_ERASE_LIST, 8, par);
	*next += n;
	return retval;
}

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

/* [from, to): erased (on) or programmed since (off) */
static void w25q_lost_mark(struct w25q_lost *l, uint32_t from, uint32_t to, bool on)
{
	from = MAX(from, l->offset);
	to = MIN(to, l->offset + l->count);
	for (uint32_t p = (from - l->offset) / W25Q_PAGE_SIZE;
			from < to && p < DIV_ROUND_UP(to - l->offset, W25Q_PAGE_SIZE); p++)
		l->page[p] = on && !w25q_page_blank(l->data + p * W25Q_PAGE_SIZE);
}

/* the first n erases of plan may have reached the chip */
static void w25q_lost_erased(struct w25q_lost *l, const struct w25q_erase *plan,
	unsigned int n)
{
	l->sent += n;
	for (unsigned int i = 0; i < n; i++)
		w25q_lost_mark(l, plan[i].offset, plan[i].offset + plan[i].size, true);
}

/*
 * Write the bytes of [lo, hi) of the run to a new file (it overwrites
 * nothing) in the rescue_dir option's folder, else the current one, else
 * the temporary one; its name in path.
 */
static int w25q_lost_save(struct flash_bank *bank, const struct w25q_lost *l,
	uint32_t lo, uint32_t hi, char *path, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	const char *opt = w25q_of(bank)->rescue_dir;
	char cwd[512];

	for (unsigned int d = 0; d < 3; d++) {
		const char *dir = d == 0 ? (opt[0] ? opt : ".") :
			d == 1 ? (tmp ? tmp : getenv("TEMP")) : "/tmp";

		if (!dir)
			continue;
		if (!strcmp(dir, ".")) {
			if (!getcwd(cwd, sizeof(cwd)))
				continue;
			dir = cwd;
		}
		for (unsigned int k = 0; k < 100; k++) {
			char sfx[8] = "";

			if (k)
				snprintf(sfx, sizeof(sfx), "-%u", k);
			snprintf(path, size, "%s/w25q-rescue-0x%08" TARGET_PRIxADDR "-0x%" PRIx32
				"%s.bin", dir, bank->base + lo, hi - lo, sfx);
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_BINARY, 0644);

			if (fd < 0 && errno == EEXIST)
				continue;
			if (fd < 0)
				break;
			ssize_t n = write(fd, l->data + lo - l->offset, hi - lo);

			if (close(fd) == 0 && n == (ssize_t)(hi - lo))
				return ERROR_OK;
			unlink(path);
			break;
		}
	}
	return ERROR_FAIL;
}

/*
 * After a failed erase-and-write: name the range that is now erased and
 * holds none of its data, and save that data to a file from which one
 * command restores it.  planned and sent count the erases.
 */
static void w25q_lost_report(struct flash_bank *bank, const struct w25q_lost *l)
{
	unsigned int sent = l->sent, planned = l->planned;
	uint32_t pages = DIV_ROUND_UP(l->count, W25Q_PAGE_SIZE), first = pages, last = 0;
	char path[700];

	for (uint32_t p = 0; p < pages; p++) {
		if (!l->page[p])
			continue;
		first = MIN(first, p);
		last = p;
	}
	if (first == pages) {
		LOG_INFO("no sector was left erased without its data (%u of %u planned erases"
			" sent)", sent, planned);
		return;
	}
	uint32_t lo = l->offset + first * W25Q_PAGE_SIZE;
	uint32_t hi = MIN(l->offset + (last + 1) * W25Q_PAGE_SIZE, l->offset + l->count);

	if (w25q_lost_save(bank, l, lo, hi, path, sizeof(path)) != ERROR_OK) {
		LOG_ERROR("0x%08" TARGET_PRIxADDR "..0x%08" TARGET_PRIxADDR " is now erased but"
			" not programmed (%u of %u planned erases sent), and its data (the image's"
			" and the bytes around it that were kept) could not be saved to a file"
			" (rescue_dir, the current directory, TMPDIR or TEMP, /tmp): %s. Writing the image again"
			" restores only the image's part", bank->base + lo, bank->base + hi - 1,
			sent, planned, strerror(errno));
		return;
	}
	LOG_ERROR("0x%08" TARGET_PRIxADDR "..0x%08" TARGET_PRIxADDR " is now erased but not"
		" programmed (%u of %u planned erases sent). Its data, the image's and the bytes"
		" around it that were to be kept, is saved in %s (%" PRIu32 " bytes): once the"
		" flash works again, restore it with"
		" \"flash write_image erase {%s} 0x%08" TARGET_PRIxADDR " bin\"; writing the image"
		" again would restore only the image's part", bank->base + lo,
		bank->base + hi - 1, sent, planned, path, hi - lo, path, bank->base + lo);
}

/*
 * Program (buffer read) or read (buffer written) count bytes at offset
 * through the async FIFO algorithms, in chunks for progress messages.  A
 * program run may carry an erase plan: plan_n erases sorted by
 * offset, each sent before the first page at or after it (see
 * w25q_program.c), so the transfer overlaps the erases.
 */
static int w25q_stream(struct flash_bank *bank, struct w25q_bank *w, bool program,
	uint8_t *buffer, uint32_t offset, uint32_t count, const struct w25q_erase *plan,
	unsigned int plan_n, bool prepared, struct w25q_lost *lost)
{
	struct target *target = bank->target;
	const char *what = program ? "write" : "read";
	int64_t start = timeval_ms();
	struct w25q_algo a = { 0 };
	uint32_t done = 0, plan_bytes = program ? W25Q_PLAN_MAX * 8 : 0;
	unsigned int next = 0;
	int retval;

	retval = w25q_check_range(bank, w, offset, count);
	if (retval == ERROR_OK && !prepared)
		retval = w25q_prepare(bank, w);
	/* the status registers (for the read CCR): the protection check reads them */
	if (retval == ERROR_OK && program && !prepared)
		retval = w25q_check_unprotected(bank, w, offset, count, what);
	if (retval == ERROR_OK && !program)
		retval = w25q_read_all_status(&w->chip);
	if (retval == ERROR_OK)
		retval = program ?
			w25q_algo_load(bank, w, &a, w25q_program_code, sizeof(w25q_program_code),
				W25Q_FIFO_MAX + plan_bytes, W25Q_FIFO_MIN + plan_bytes, 0) :
			w25q_algo_load(bank, w, &a, w25q_read_code, sizeof(w25q_read_code),
				W25Q_FIFO_MAX, W25Q_FIFO_MIN, 0);

	while (retval == ERROR_OK && (done < count || next < plan_n)) {
		uint32_t len = MIN(count - done,
			(uint32_t)(program ? W25Q_PROGRAM_CHUNK : W25Q_CHUNK));

		/* a program run ends where its erase plan would overflow */
		if (program && plan_n - next > W25Q_PLAN_MAX &&
				plan[next + W25Q_PLAN_MAX].offset < offset + done + len)
			len = plan[next + W25Q_PLAN_MAX].offset - (offset + done);
		uint32_t fifo = a.data->address;
		uint32_t fifo_end = a.data->address + a.data->size - plan_bytes;

		/* program: whole pieces per lap of the FIFO, no short one at its wrap */
		if (program && fifo_end - fifo - 8 > W25Q_FEED_PIECE)
			fifo_end -= (fifo_end - fifo - 8) % W25Q_FEED_PIECE;

		unsigned int chunk_first = next;
		uint32_t reached = offset + done;

		if (program) {
			retval = w25q_plan_chunk(bank, &a, plan, plan_n, &next, fifo_end,
				offset + done + len, done + len == count);
			if (retval != ERROR_OK)
				break;
		}
		w25q_algo_args(&a, offset + done, len, fifo, fifo_end);
		if (program)
			retval = w25q_feed(bank, &a, buffer + done, len, fifo, fifo_end, done,
				count, start, next - chunk_first);
		else
			retval = target_run_read_async_algorithm(target, buffer + done, len, 1,
				0, NULL, ARRAY_SIZE(a.regs), a.regs, fifo, fifo_end - fifo, a.code->address, 0,
				&a.info);
		int r2 = w25q_algo_result(bank, &a, what, &reached, NULL);
		if (buf_get_u32(a.regs[0].value, 0, 32) == a.params)
			reached = offset + done;	/* the run never came back */
		if (retval == ERROR_OK)
			retval = r2;
		if (lost) {
			/* the erases the algorithm sent (ERASE_DONE), then the pages it wrote */
			uint32_t sent = next - chunk_first;

			if (retval != ERROR_OK && (target_read_u32(target,
					a.params + W25Q_P_ERASE_DONE, &sent) != ERROR_OK ||
					sent > next - chunk_first))
				sent = next - chunk_first;	/* not known: every one */
			w25q_lost_erased(lost, plan + chunk_first, sent);
			w25q_lost_mark(lost, offset + done,
				retval == ERROR_OK ? offset + done + len : reached, false);
		}
		done += len;
		if (retval == ERROR_OK && !program && count > W25Q_CHUNK)
			w25q_progress(what, done, count, start);
	}
	w25q_algo_free(target, &a);
	if (prepared)
		return retval;	/* the caller restores the controller */
	int r2 = w25q_restore(bank, w);
	return retval != ERROR_OK ? retval : r2;
}

int stmqspi_w25q_write(struct flash_bank *bank, const uint8_t *buffer,
	uint32_t offset, uint32_t count)
{
	/* the program direction only reads the buffer */
	return w25q_stream(bank, w25q_of(bank), true, (uint8_t *)buffer, offset, count,
		NULL, 0, false, NULL);
}

int stmqspi_w25q_read(struct flash_bank *bank, uint8_t *buffer,
	uint32_t offset, uint32_t count)
{
	return w25q_stream(bank, w25q_of(bank), false, buffer, offset, count, NULL, 0, false,
		NULL);
}

/*
 * CRC-32 and blank flag of each unit-sized piece of [offset, offset + count)
 * (whole units), with the sector_scan algorithm loaded in a; NULL arrays
 * are not filled.  Up to 256 units per algorithm run.
 */
static int w25q_scan_units(struct flash_bank *bank, struct w25q_algo *a, const char *what,
	uint32_t offset, uint32_t count, uint32_t unit, uint32_t *crc, uint8_t *blank)
{
	struct target *target = bank->target;
	const unsigned int batch = 256;
	unsigned int units = count / unit;
	uint8_t res[256 * 8];
	int retval = ERROR_OK;

	for (unsigned int u = 0; retval == ERROR_OK && u < units; u += batch) {
		unsigned int n = MIN(batch, units - u);

		w25q_algo_args(a, offset + u * unit, n * unit, a->data->address, 0);
		retval = w25q_algo_run(bank, a, 5000 + n * unit / 256, what, offset + u * unit,
			n * unit, "none: a read does not make the flash busy");
		if (retval == ERROR_OK)
			retval = w25q_algo_result(bank, a, what, NULL, NULL);
		if (retval == ERROR_OK)
			retval = target_read_buffer(target, a->data->address, n * 8, res);
		for (unsigned int i = 0; retval == ERROR_OK && i < n; i++) {
			if (crc)
				crc[u + i] = target_buffer_get_u32(target, res + 8 * i);
			if (blank)
				blank[u + i] = target_buffer_get_u32(target, res + 8 * i + 4) ? 1 : 0;
		}
	}
	return retval;
}

/*
 * 64 KiB sectors: read back the 4 KiB CRCs and blank flags of each run of
 * flagged sectors with sector_scan, then let the planner choose per sector
 * between one DCh and 21h on just its 4 KiB pieces that differ from the
 * data.  Fills plan (sorted) and prog[] (one flag per 4 KiB piece: program
 * it).  Returns the number of plan entries, or -1.
 */
static int w25q_plan_fine(struct flash_bank *bank, struct w25q_bank *w,
	const uint8_t *buffer, uint32_t offset, uint32_t count, const uint8_t *erase,
	struct w25q_erase *plan, uint8_t *prog)
{
	const uint32_t ss = 0x10000, unit = 0x1000, per = ss / unit;
	unsigned int units = count / unit, n = 0;
	struct w25q_algo a = { 0 };
	uint32_t *crc = calloc(units, sizeof(*crc));
	uint8_t *blank = calloc(units, 1), differ[16];
	int retval = crc && blank ? ERROR_OK : ERROR_FAIL;
	bool any = false;

	for (unsigned int i = 0; i < count / ss; i++)
		any |= erase[i] != 0;
	if (retval == ERROR_OK && any)
		retval = w25q_algo_load(bank, w, &a, w25q_sector_scan_code,
			sizeof(w25q_sector_scan_code), 256 * 8, 256 * 8, unit);
	for (unsigned int i = 0; retval == ERROR_OK && any && i < count / ss; ) {
		unsigned int j = i;

		if (!erase[i]) {
			i++;
			continue;
		}
		while (j + 1 < count / ss && erase[j + 1])
			j++;
		retval = w25q_scan_units(bank, &a, "sector CRC", offset + i * ss,
			(j - i + 1) * ss, unit, crc + i * per, blank + i * per);
		i = j + 1;
	}
	w25q_algo_free(bank->target, &a);

	for (unsigned int i = 0; retval == ERROR_OK && i < count / ss; i++) {
		const uint8_t *d = buffer + i * ss;
		uint32_t want;

		if (!erase[i]) {
			memset(prog + i * per, 1, per);	/* blank: program it all */
			continue;
		}
		for (unsigned int k = 0; k < per; k++) {
			image_calculate_checksum(d + k * unit, unit, &want);
			differ[k] = want != crc[i * per + k];
		}
		n += w25q_plan_block(&w25q_costs, offset + i * ss, d, differ,
			blank + i * per, prog + i * per, plan + n);
	}
	free(crc);
	free(blank);
	return retval == ERROR_OK ? (int)n : -1;
}

/*
 * Erase the flagged sectors and program the non-blank pages of
 * [offset, offset + count) in one pass: the program algorithm sends each
 * erase just before the first page it covers, so the transfer of the data
 * runs while the chip erases.  The data goes in segments (pieces to
 * program, without their leading and trailing 0xFF pages); erases that
 * fall outside every segment run on their own.
 */
int stmqspi_w25q_erase_write(struct flash_bank *bank, const uint8_t *buffer,
	uint32_t offset, uint32_t count, const uint8_t *erase)
{
	struct w25q_bank *w = w25q_of(bank);
	const uint32_t unit = 0x1000;
	uint32_t ss = w->sector_size, pos = 0, start, end;
	struct w25q_erase *plan = NULL;
	uint8_t *prog = NULL;
	unsigned int next = 0, sent;
	int retval, n = 0;
	struct w25q_lost lost = { .data = buffer, .offset = offset, .count = count };

	if (offset % ss || count % ss || !count) {
		LOG_ERROR("erase_write of 0x%" PRIx32 "+0x%" PRIx32 ": not whole %" PRIu32
			"-byte sectors", offset, count, ss);
		return ERROR_FLASH_DST_BREAKS_ALIGNMENT;
	}
	retval = w25q_check_range(bank, w, offset, count);
	if (retval != ERROR_OK)
		return retval;
	retval = w25q_prepare(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_check_unprotected(bank, w, offset, count, "erase and write");
	if (retval == ERROR_OK) {
		plan = malloc((count / unit) * sizeof(*plan));
		prog = malloc(count / unit);
		lost.page = calloc(DIV_ROUND_UP(count, W25Q_PAGE_SIZE), 1);
		if (!plan || !prog || !lost.page)
			retval = ERROR_FAIL;
	}
	if (retval == ERROR_OK) {
		if (ss == 0x10000) {
			n = w25q_plan_fine(bank, w, buffer, offset, count, erase, plan, prog);
			if (n < 0)
				retval = ERROR_FAIL;
		} else {
			n = w25q_plan_sectors(&w25q_costs, ss, offset, count, erase, plan);
			memset(prog, 1, count / unit);
		}
	}

	while (retval == ERROR_OK &&
			w25q_next_segment(buffer, prog, count, &pos, &start, &end)) {
		unsigned int m = 0;

		start += offset;
		end += offset;
		/* erases before the segment on their own, those inside with it */
		while (next + m < (unsigned int)n && plan[next + m].offset < start)
			m++;
		if (m) {
			retval = w25q_erase_list(bank, w, plan + next, m, "erase", &sent);
			w25q_lost_erased(&lost, plan + next, sent);
		}
		next += m;
		for (m = 0; next + m < (unsigned int)n && plan[next + m].offset < end; m++)
			;
		if (retval == ERROR_OK)
			retval = w25q_stream(bank, w, true, (uint8_t *)buffer + (start - offset),
				start, end - start, plan + next, m, true, &lost);
		next += m;
	}
	/* the rest erases sectors whose data is all 0xFF */
	if (retval == ERROR_OK && next < (unsigned int)n) {
		retval = w25q_erase_list(bank, w, plan + next, n - next, "erase", &sent);
		w25q_lost_erased(&lost, plan + next, sent);
	}
	lost.planned = n;
	if (retval != ERROR_OK && lost.page)
		w25q_lost_report(bank, &lost);
	free(lost.page);
	free(plan);
	free(prog);
	int r2 = w25q_restore(bank, w);

	return retval != ERROR_OK ? retval : r2;
}

/* CRC-32 of flash bytes on the target, as image_calculate_checksum(). */
static int w25q_crc(struct flash_bank *bank, struct w25q_bank *w,
	uint32_t offset, uint32_t count, uint32_t *crc)
{
	struct w25q_algo a = { 0 };
	int retval;

	retval = w25q_algo_load(bank, w, &a, w25q_crc32_code, sizeof(w25q_crc32_code),
		0, 0, 0);
	if (retval != ERROR_OK)
		return retval;
	w25q_algo_args(&a, offset, count, 0, 0);
	retval = w25q_algo_run(bank, &a, 5000 + count / 512, "CRC", offset, count,
		"none: a read does not make the flash busy");
	if (retval == ERROR_OK)
		retval = w25q_algo_result(bank, &a, "CRC", NULL, crc);
	w25q_algo_free(bank->target, &a);
	return retval;
}

/*
 * CRC-32 of count flash bytes at offset, as image_calculate_checksum()
 * computes it, read with the driver's own commands (split at the die
 * boundary), not through the memory-mapped window: verify, and gdb's qCRC
 * (compare-sections) over the bank.
 */
int stmqspi_w25q_checksum(struct flash_bank *bank, uint32_t offset, uint32_t count,
	uint32_t *crc)
{
	struct w25q_bank *w = w25q_of(bank);
	int retval;

	retval = w25q_check_range(bank, w, offset, count);
	if (retval == ERROR_OK)
		retval = w25q_prepare(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_read_all_status(&w->chip);
	if (retval == ERROR_OK)
		retval = w25q_crc(bank, w, offset, count, crc);
	int r2 = w25q_restore(bank, w);
	return retval != ERROR_OK ? retval : r2;
}

int stmqspi_w25q_verify(struct flash_bank *bank, const uint8_t *buffer,
	uint32_t offset, uint32_t count)
{
	uint32_t want, got;
	int retval;

	retval = image_calculate_checksum(buffer, count, &want);
	if (retval == ERROR_OK)
		retval = stmqspi_w25q_checksum(bank, offset, count, &got);
	if (retval == ERROR_OK && want != got) {
		LOG_ERROR("verify failed: CRC of 0x%08" TARGET_PRIxADDR "+0x%" PRIx32
			" is 0x%08" PRIx32 ", the image's 0x%08" PRIx32, bank->base + offset,
			count, got, want);
		retval = ERROR_FAIL;
	}
	return retval;
}

/*
 * CRC-32 of sectors first..last (all of w->sector_size) in one sector_scan
 * run per batch: what flash write_image erase compares with the image to
 * leave unchanged sectors alone.
 */

int stmqspi_w25q_sector_crc(struct flash_bank *bank, unsigned int first,
	unsigned int last, uint32_t *crc)
{
	struct target *target = bank->target;
	struct w25q_bank *w = w25q_of(bank);
	uint32_t ssize = w->sector_size;
	struct w25q_algo a = { 0 };
	uint8_t *blank = NULL;
	int retval;

	if (first > last || last >= bank->num_sectors)
		return ERROR_FLASH_SECTOR_INVALID;
	retval = w25q_prepare(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_read_all_status(&w->chip);
	if (retval == ERROR_OK)
		retval = w25q_algo_load(bank, w, &a, w25q_sector_scan_code,
			sizeof(w25q_sector_scan_code), 256 * 8, 256 * 8, ssize);
	if (retval == ERROR_OK) {
		blank = malloc(last - first + 1);
		if (!blank)
			retval = ERROR_FAIL;
	}
	if (retval == ERROR_OK)
		retval = w25q_scan_units(bank, &a, "sector CRC", bank->sectors[first].offset,
			(last - first + 1) * ssize, ssize, crc, blank);
	for (unsigned int s = first; retval == ERROR_OK && s <= last; s++)
		bank->sectors[s].is_erased = blank[s - first];
	free(blank);
	w25q_algo_free(target, &a);
	int r2 = w25q_restore(bank, w);
	return retval != ERROR_OK ? retval : r2;
}

int stmqspi_w25q_blank_check(struct flash_bank *bank)
{
	struct target *target = bank->target;
	struct w25q_bank *w = w25q_of(bank);
	uint32_t ssize = w->sector_size;
	struct w25q_algo a = { 0 };
	uint8_t *blank = NULL;
	int retval;

	retval = w25q_prepare(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_read_all_status(&w->chip);
	if (retval == ERROR_OK)
		retval = w25q_algo_load(bank, w, &a, w25q_sector_scan_code,
			sizeof(w25q_sector_scan_code), 256 * 8, 256 * 8, ssize);
	if (retval == ERROR_OK)
		retval = target_write_u32(target, a.params + W25Q_P_FLAGS,
			(w->split_reads ? W25Q_F_READ_SPLIT : 0) | W25Q_F_BLANK_ONLY);
	if (retval == ERROR_OK) {
		blank = malloc(bank->num_sectors);
		if (!blank)
			retval = ERROR_FAIL;
	}
	if (retval == ERROR_OK)
		retval = w25q_scan_units(bank, &a, "blank check", 0,
			bank->num_sectors * ssize, ssize, NULL, blank);
	for (unsigned int s = 0; retval == ERROR_OK && s < bank->num_sectors; s++)
		bank->sectors[s].is_erased = blank[s];
	free(blank);
	w25q_algo_free(target, &a);
	int r2 = w25q_restore(bank, w);
	return retval != ERROR_OK ? retval : r2;
}

/* ---- mass erase ----------------------------------------------------------- */

/*
 * After a chip erase: the last 4 KiB of every die must read blank (an erase
 * cut short, by power or by the chip, leaves the end of its range last).
 */
static int w25q_dies_blank(struct flash_bank *bank, struct w25q_bank *w)
{
	const uint32_t unit = 0x1000;
	struct w25q_algo a = { 0 };
	int retval;

	retval = w25q_algo_load(bank, w, &a, w25q_sector_scan_code,
		sizeof(w25q_sector_scan_code), 8, 8, unit);
	if (retval == ERROR_OK)
		retval = target_write_u32(bank->target, a.params + W25Q_P_FLAGS,
			(w->split_reads ? W25Q_F_READ_SPLIT : 0) | W25Q_F_BLANK_ONLY);
	for (unsigned int die = 0; retval == ERROR_OK && die < w->chip.dies; die++) {
		uint8_t blank = 0;

		uint32_t at = (die + 1) * (w->chip.size / w->chip.dies) - unit;

		retval = w25q_scan_units(bank, &a, "chip erase check", at, unit, unit, NULL,
			&blank);
		if (retval == ERROR_OK && !blank) {
			LOG_ERROR("chip erase: die %u is not blank at 0x%08" TARGET_PRIxADDR
				" after the erase ended", die, bank->base + at);
			retval = ERROR_FLASH_OPERATION_FAILED;
		}
	}
	w25q_algo_free(bank->target, &a);
	return retval;
}

int stmqspi_w25q_mass_erase(struct command_invocation *cmd, struct flash_bank *bank)
{
	struct w25q_bank *w = w25q_of(bank);
	struct duration bench;
	int retval;

	duration_start(&bench);
	retval = w25q_prepare(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_check_unprotected(bank, w, 0, w->chip.size, "mass erase");
	if (retval == ERROR_OK)
		retval = w25q_chip_erase(&w->chip);
	if (retval == ERROR_OK)
		retval = w25q_dies_blank(bank, w);
	for (unsigned int i = 0; retval == ERROR_OK && i < bank->num_sectors; i++)
		bank->sectors[i].is_erased = 1;
	int r2 = w25q_restore(bank, w);
	if (retval == ERROR_OK)
		retval = r2;

	if (retval == ERROR_OK && duration_measure(&bench) == ERROR_OK)
		command_print(cmd, "stmqspi mass erase completed in %fs (%0.3f KiB/s)",
			duration_elapsed(&bench), duration_kbps(&bench, bank->size));
	else if (retval != ERROR_OK)
		command_print(cmd, "stmqspi mass erase failed");
	return retval;
}

/* ---- probe and info ------------------------------------------------------- */

static int w25q_make_sectors(struct flash_bank *bank, struct w25q_bank *w)
{
	unsigned int n = w->chip.size / w->sector_size;

	free(bank->sectors);
	bank->sectors = alloc_block_array(0, w->sector_size, n);
	if (!bank->sectors) {
		bank->num_sectors = 0;
		return ERROR_FAIL;
	}
	bank->num_sectors = n;
	bank->size = w->chip.size;
	return ERROR_OK;
}

int stmqspi_w25q_probe(struct flash_bank *bank, uint32_t io_base, uint32_t cr,
	uint32_t ccr)
{
	struct target *target = bank->target;
	struct w25q_bank *w = w25q_get_or_alloc(bank);
	int retval;

	if (!w)
		return ERROR_FAIL;
	w->active = false;
	if (!w->native)
		return ERROR_FLASH_BANK_NOT_PROBED;
	w->io_base = io_base;
	w->saved_cr = cr;
	w->saved_ccr = ccr;
	w->chip.ready = false;
	retval = target_read_u32(target, io_base + QSPI_DCR, &w->saved_dcr);
	if (retval == ERROR_OK)
		retval = target_read_u32(target, io_base + QSPI_ABR, &w->saved_abr);
	if (retval != ERROR_OK)
		return retval;

	retval = qspi_abort(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_take_dcr(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_probe(&w->chip);
	if (retval == ERROR_OK)
		retval = w25q_make_sectors(bank, w);
	if (retval == ERROR_OK) {
		w25q_mark_sectors(bank, w);
		w->active = true;
	}
	int r2 = w25q_restore(bank, w);
	if (retval != ERROR_OK)
		return retval;
	if (r2 != ERROR_OK)
		return r2;

	uint32_t fsize = (w->saved_dcr >> SPI_FSIZE_POS) & (BIT(SPI_FSIZE_LEN) - 1);
	uint64_t window = 2ULL << fsize;
	if (window < w->chip.size)
		LOG_WARNING("QUADSPI FSIZE %" PRIu32 " maps %" PRIu64 " KiB: the %s has %"
			PRIu32 " KiB; flash commands work, memory-mapped reads stop short",
			fsize, window / 1024, w->chip.part->name, w->chip.size / 1024);
	LOG_INFO("flash1 '%s' id = 0x%06" PRIx32 ", %" PRIu32 " KiB, %u die(s), "
		"native W25Q support%s%s", w->chip.part->name, w->chip.part->jedec, w->chip.size / 1024,
		w->chip.dies, w->chip.found[0] ? "; found: " : "", w->chip.found);
	return ERROR_OK;
}

static void w25q_info_die(struct command_invocation *cmd, struct w25q_bank *w,
	unsigned int die)
{
	const uint8_t *sr = w->chip.sr[die];
	char bits[40];
	uint32_t s, l;

	w25q_prot_describe(w25q_prot_from_sr(sr[0], sr[1]), bits, sizeof(bits));
	command_print_sameline(cmd, "\n  die %u: SR1 0x%02x SR2 0x%02x SR3 0x%02x: "
		"%s-byte address mode%s, QE=%d, ", die, sr[0], sr[1], sr[2],
		(sr[2] & W25Q_SR3_ADS) ? "4" : "3", (sr[2] & W25Q_SR3_ADP) ? " (ADP=1)" : "",
		(sr[1] & W25Q_SR2_QE) ? 1 : 0);
	if (sr[2] & W25Q_SR3_WPS) {
		command_print_sameline(cmd, "protection: WPS=1 individual block locks");
		return;
	}
	w25q_die_protected(&w->chip, die, &s, &l);
	if (l)
		command_print_sameline(cmd, "protection: %s, 0x%08" PRIx32 "..0x%08" PRIx32
			" protected", bits, s, s + l - 1);
	else
		command_print_sameline(cmd, "protection: %s, none in this die", bits);
}

int stmqspi_w25q_info(struct flash_bank *bank, struct command_invocation *cmd)
{
	struct w25q_bank *w = w25q_of(bank);
	int retval;

	retval = w25q_prepare(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_read_all_status(&w->chip);
	int r2 = w25q_restore(bank, w);
	if (retval == ERROR_OK)
		retval = r2;

	command_print_sameline(cmd, "flash1 '%s', device id = 0x%06" PRIx32
		", flash size = %" PRIu32 " KiB, native W25Q support"
		"\n  %u die(s) of %" PRIu32 " KiB, page 256 B, sector %" PRIu32 " KiB (erase %02Xh),"
		" 4-byte opcodes: read %02Xh, program %02Xh, chip erase %02Xh",
		w->chip.part->name, w->chip.part->jedec, w->chip.size / 1024, w->chip.dies,
		w->chip.size / w->chip.dies / 1024, w->sector_size / 1024,
		w->sector_size == 0x1000 ? W25Q_OP_ERASE_4K_4B : W25Q_OP_ERASE_64K_4B,
		w25q_read_quad(&w->chip) ? W25Q_OP_READ_1_1_4_4B : W25Q_OP_FAST_READ_4B,
		W25Q_OP_PROGRAM_4B, W25Q_OP_CHIP_ERASE);
	if (retval != ERROR_OK) {
		command_print_sameline(cmd, "\n  status registers could not be read\n");
		return ERROR_OK;
	}
	for (unsigned int die = 0; die < w->chip.dies; die++)
		w25q_info_die(cmd, w, die);
	command_print_sameline(cmd, "\n  state found at probe: %s",
		w->chip.found[0] ? w->chip.found : "ready, SPI mode");
	command_print_sameline(cmd, "\n  QUADSPI found: CR 0x%08" PRIx32 " DCR 0x%08" PRIx32
		" CCR 0x%08" PRIx32 "%s\n", w->saved_cr, w->saved_dcr, w->saved_ccr,
		(w->saved_ccr & CCR_FMODE_MASK) == CCR_FMODE_MM ?
		" (memory-mapped, restored after each operation)" : "");
	return ERROR_OK;
}

/* ---- commands ------------------------------------------------------------- */

/* Argument i of a command as a byte (0..255), or an error naming it. */
static int w25q_parse_byte_arg(struct command_invocation *cmd, unsigned int i,
		const char *what, uint8_t *v)
{
	if (parse_u8(CMD_ARGV[i], v) == ERROR_OK)
		return ERROR_OK;
	command_print(CMD, "%s: '%s' is not a number from 0 to 255", what, CMD_ARGV[i]);
	return ERROR_COMMAND_ARGUMENT_INVALID;
}

int stmqspi_w25q_cmd(struct command_invocation *cmd, struct flash_bank *bank)
{
	struct w25q_bank *w = w25q_of(bank);
	uint8_t bytes[21], data[256];
	unsigned int num_write = CMD_ARGC - 2;
	uint8_t num_read;
	char out[3 * (21 + 256) + 16];
	size_t n;
	int retval;

	if (CMD_ARGC < 3)
		return ERROR_COMMAND_SYNTAX_ERROR;
	if (num_write > ARRAY_SIZE(bytes)) {
		LOG_ERROR("at most %zu bytes may be sent", ARRAY_SIZE(bytes));
		return ERROR_COMMAND_SYNTAX_ERROR;
	}
	if (w25q_parse_byte_arg(CMD, 1, "number of bytes to read", &num_read) != ERROR_OK)
		return ERROR_COMMAND_ARGUMENT_INVALID;
	for (unsigned int i = 0; i < num_write; i++)
		if (w25q_parse_byte_arg(CMD, 2 + i, i ? "data byte" : "command byte",
				&bytes[i]) != ERROR_OK)
			return ERROR_COMMAND_ARGUMENT_INVALID;
	if (num_read && num_write > 5) {
		LOG_ERROR("one cmd and up to four addr bytes must be send when reading");
		return ERROR_COMMAND_SYNTAX_ERROR;
	}

	retval = w25q_prepare(bank, w);
	if (retval != ERROR_OK)
		goto out;
	retval = w25q_raw(&w->chip, bytes, num_write, data, num_read);
	if (retval == ERROR_OK) {
		n = snprintf(out, sizeof(out), "spi:");
		for (unsigned int i = 0; i < num_write; i++)
			n += snprintf(out + n, sizeof(out) - n, " %02x", bytes[i]);
		n += snprintf(out + n, sizeof(out) - n, " ->");
		for (unsigned int i = 0; i < num_read; i++)
			n += snprintf(out + n, sizeof(out) - n, " %02x", data[i]);
		command_print(cmd, "%s", out);
	}
out:
	/* a raw command: the chip stays as the command left it (no 04h, no 38h) */
	w->chip.ready = false;
	int r2 = w25q_restore(bank, w);
	return retval != ERROR_OK ? retval : r2;
}

__COMMAND_HANDLER(stmqspi_w25q_handle_options)
{
	struct flash_bank *bank;
	struct w25q_bank *w;
	int retval;

	if (CMD_ARGC < 1 || (CMD_ARGC % 2) != 1)
		return ERROR_COMMAND_SYNTAX_ERROR;
	retval = CALL_COMMAND_HANDLER(flash_command_get_bank, 0, &bank);
	if (retval != ERROR_OK)
		return retval;
	if (strcmp(bank->driver->name, "stmqspi")) {
		command_print(CMD, "bank %u is not an stmqspi bank", bank->bank_number);
		return ERROR_COMMAND_ARGUMENT_INVALID;
	}
	w = w25q_get_or_alloc(bank);
	if (!w)
		return ERROR_FAIL;

	bool reprobe = false;
	for (unsigned int i = 1; i < CMD_ARGC; i += 2) {
		const char *opt = CMD_ARGV[i], *val = CMD_ARGV[i + 1];

		if (!strcmp(opt, "sector_size")) {
			if (!strcmp(val, "4k") || !strcmp(val, "4096"))
				w->sector_size = 0x1000;
			else if (!strcmp(val, "64k") || !strcmp(val, "65536"))
				w->sector_size = 0x10000;
			else
				goto bad;
			reprobe = true;
		} else if (!strcmp(opt, "split_reads")) {
			COMMAND_PARSE_ON_OFF(val, w->split_reads);
		} else if (!strcmp(opt, "bp_scope")) {
			if (!strcmp(val, "chip"))
				w->chip.bp_whole_chip = true;
			else if (!strcmp(val, "die"))
				w->chip.bp_whole_chip = false;
			else
				goto bad;
		} else if (!strcmp(opt, "soft_reset")) {
			COMMAND_PARSE_ON_OFF(val, w->chip.soft_reset);
		} else if (!strcmp(opt, "die_check")) {
			COMMAND_PARSE_ON_OFF(val, w->chip.die_check);
			reprobe = true;
		} else if (!strcmp(opt, "rescue_dir")) {
			if (strlen(val) >= sizeof(w->rescue_dir))
				goto bad;
			strcpy(w->rescue_dir, val);
		} else if (!strcmp(opt, "native")) {
			COMMAND_PARSE_ON_OFF(val, w->native);
			reprobe = true;
		} else {
			command_print(CMD, "unknown option '%s'", opt);
			return ERROR_COMMAND_ARGUMENT_INVALID;
		}
		continue;
bad:
		command_print(CMD, "bad value '%s' for %s", val, opt);
		return ERROR_COMMAND_ARGUMENT_INVALID;
	}
	if (reprobe && bank->target->state == TARGET_HALTED && bank->num_sectors) {
		retval = bank->driver->probe(bank);
		if (retval != ERROR_OK)
			return retval;
	}
	command_print(CMD, "sector_size %s split_reads %s bp_scope %s soft_reset %s native %s"
		" die_check %s rescue_dir {%s}", w->sector_size == 0x1000 ? "4k" : "64k",
		w->split_reads ? "on" : "off", w->chip.bp_whole_chip ? "chip" : "die",
		w->chip.soft_reset ? "on" : "off", w->native ? "on" : "off",
		w->chip.die_check ? "on" : "off", w->rescue_dir);
	return ERROR_OK;
}
