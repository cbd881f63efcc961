// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Winbond W25Q01JV / W25Q512JV / W25Q02JV behind an STM32 QUADSPI
 * controller (single flash), handled natively for stmqspi: the bank
 * operations stmqspi.c hands over, probe, info, protection and commands.
 *
 * The chip's command sequences live in w25q_chip.c, which sends each
 * command through w25q_qspi_exec() (w25q_qspi.c); erase, program, read,
 * CRC and blank check run as target algorithms (w25q_algo.c, w25q_feed.c,
 * contrib/loaders/flash/stmqspi_w25q/), no external loader; the QUADSPI
 * settings found at probe come back after every operation.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imp.h"
#include "stmqspi.h"
#include "stmqspi_w25q.h"
#include "w25q_bank.h"
#include "w25q_chip.h"
#include "w25q_erase_plan.h"
#include "w25q_protect.h"
#include "w25q_qspi.h"
#include <helper/binarybuffer.h>
#include <helper/bits.h>
#include <helper/time_support.h>
#include <target/image.h>

/* host waits, in ms of wall time (the chip's maximum times, SFDP BFPT) */
#define W25Q_ERASE_TIMEOUT_MS	10000	/* tBE 64 KiB max 2.24 s (SFDP), margin */
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

/* the W25Q state of each stmqspi bank that has one, kept across probes */
static struct w25q_bank *w25q_banks;

struct w25q_bank *w25q_of(struct flash_bank *bank)
{
	for (struct w25q_bank *w = w25q_banks; w; w = w->next)
		if (w->bank == bank)
			return w;
	return NULL;
}

/*
 * stmqspi's driver with this file's bank operations: a bank with a part
 * recognised at probe uses it, so stmqspi.c's own operations never see it.
 * Probe, auto_probe, the commands and free_driver_priv stay stmqspi's.
 */
static struct flash_driver w25q_driver;

static void w25q_set_active(struct flash_bank *bank, struct w25q_bank *w, bool on)
{
	if (!w25q_driver.name) {
		w25q_driver = stmqspi_flash;
		w25q_driver.erase = stmqspi_w25q_erase;
		w25q_driver.protect = stmqspi_w25q_protect;
		w25q_driver.write = stmqspi_w25q_write;
		w25q_driver.read = stmqspi_w25q_read;
		w25q_driver.verify = stmqspi_w25q_verify;
		w25q_driver.erase_check = stmqspi_w25q_blank_check;
		w25q_driver.sector_crc = stmqspi_w25q_sector_crc;
		w25q_driver.checksum = stmqspi_w25q_checksum;
		w25q_driver.erase_write = stmqspi_w25q_erase_write;
		w25q_driver.protect_check = stmqspi_w25q_protect_check;
		w25q_driver.info = stmqspi_w25q_info;
	}
	w->active = on;
	if (on)
		bank->driver = &w25q_driver;
	else if (bank->driver == &w25q_driver)
		bank->driver = &stmqspi_flash;
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
		w25q_set_active(bank, w, false);
}

void stmqspi_w25q_free(struct flash_bank *bank)
{
	for (struct w25q_bank **p = &w25q_banks; *p; p = &(*p)->next) {
		struct w25q_bank *w = *p;

		if (w->bank == bank) {
			*p = w->next;
			free(w);
			return;
		}
	}
}

static struct w25q_bank *w25q_get_or_alloc(struct flash_bank *bank)
{
	struct w25q_bank *w = w25q_of(bank);

	if (w)
		return w;
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->bank = bank;
	w->sector_size = 0x10000;
	w->split_reads = true;
	w->native = true;
	w->chip.bp_whole_chip = true;
	w->chip.die_check = true;
	w->chip.ctrl = &w->ctrl;
	w->ctrl.exec = w25q_qspi_exec;
	w->ctrl.ctx = bank;
	w->next = w25q_banks;
	w25q_banks = w;
	return w;
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
int w25q_check_unprotected(struct flash_bank *bank, struct w25q_bank *w,
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

/* ---- erase ---------------------------------------------------------------- */

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

	retval = w25q_algo_load(bank, w, &a, &w25q_erase_algo, W25Q_ERASE_BATCH * 8,
		W25Q_ERASE_BATCH * 8, w->sector_size);
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

int w25q_check_range(struct flash_bank *bank, struct w25q_bank *w,
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
 * 64 KiB sectors: read back the 4 KiB CRCs and blank flags of each run of
 * flagged sectors with sector_scan, then let the planner choose per sector
 * between one DCh and 21h on just its 4 KiB pieces that differ from the
 * data.  Fills plan (sorted) and prog[] (one flag per 4 KiB piece: program
 * it).  Returns the number of plan entries, or -1.  Eight parameters: the
 * erase-and-write's own arguments (data, range, sector flags) and its two
 * output arrays, each used once; a struct for one caller would hide that.
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
		retval = w25q_algo_load(bank, w, &a, &w25q_sector_scan_algo, 256 * 8, 256 * 8,
			unit);
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

	retval = w25q_algo_load(bank, w, &a, &w25q_crc32_algo, 0, 0, 0);
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
		retval = w25q_algo_load(bank, w, &a, &w25q_sector_scan_algo, 256 * 8, 256 * 8,
			ssize);
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
		retval = w25q_algo_load(bank, w, &a, &w25q_sector_scan_algo, 256 * 8, 256 * 8,
			ssize);
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

	retval = w25q_algo_load(bank, w, &a, &w25q_sector_scan_algo, 8, 8, unit);
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
	w25q_set_active(bank, w, false);
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

	retval = w25q_qspi_abort(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_take_dcr(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_probe(&w->chip);
	if (retval == ERROR_OK)
		retval = w25q_make_sectors(bank, w);
	if (retval == ERROR_OK) {
		w25q_mark_sectors(bank, w);
		w25q_set_active(bank, w, true);
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
