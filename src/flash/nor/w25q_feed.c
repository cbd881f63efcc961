// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * The native W25Q handling's streams: program and read through the target
 * algorithms' FIFO, and the per-unit CRC and blank scan.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imp.h"
#include "w25q_bank.h"
#include "w25q_qspi.h"
#include <helper/binarybuffer.h>
#include <helper/time_support.h>
#include <target/arm_adi_v5.h>
#include <target/armv7m.h>

#define W25Q_FIFO_MAX		(64 * 1024)
#define W25Q_FIFO_MIN		(2 * W25Q_PAGE_SIZE + 8)
#define W25Q_CHUNK		(512 * 1024)	/* read: progress granularity */
#define W25Q_PROGRAM_CHUNK	(16 * 1024 * 1024)	/* program: one algorithm run at most */
#define W25Q_PROGRESS_STEP	(256 * 1024)	/* program: progress granularity */

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

/*
 * Run the program algorithm (arguments set in a) over count bytes, feeding
 * its FIFO [fifo, fifo_end) from buffer.  Progress is reported against
 * total bytes from base_done on.
 */
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
 * Program (buffer read) or read (buffer written) count bytes at offset
 * through the async FIFO algorithms, in chunks for progress messages.  A
 * program run may carry an erase plan: plan_n erases sorted by
 * offset, each sent before the first page at or after it (see
 * w25q_program.c), so the transfer overlaps the erases.
 */
int w25q_stream(struct flash_bank *bank, struct w25q_bank *w, bool program,
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
			w25q_algo_load(bank, w, &a, &w25q_program_algo,
				W25Q_FIFO_MAX + plan_bytes, W25Q_FIFO_MIN + plan_bytes, 0) :
			w25q_algo_load(bank, w, &a, &w25q_read_algo,
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

/*
 * CRC-32 and blank flag of each unit-sized piece of [offset, offset + count)
 * (whole units), with the sector_scan algorithm loaded in a; NULL arrays
 * are not filled.  Up to 256 units per algorithm run.
 */
int w25q_scan_units(struct flash_bank *bank, struct w25q_algo *a, const char *what,
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
