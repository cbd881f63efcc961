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
 * bytes.  Each piece goes out as one memory batch: its data, then the new
 * wp, then a read of rp, so a piece costs one probe round trip where the
 * target queues memory accesses (a J-Link's SWD batch of 8 KiB holds about
 * 1420 frames: 5.375 KiB, its TARs, wp and rp take about 1390), and the
 * data comes first so an adapter that merges consecutive word writes into
 * one memory command (ST-LINK) sees them unbroken.  Every adapter gets the
 * same checks: rp read back after every piece (0: the algorithm stopped;
 * outside the FIFO: corrupted) and a stall bound timed from its last move.
 * Only a FIFO without room costs extra round trips (polls of rp).
 */
#define W25Q_FEED_PIECE		(5 * 1024 + 384)
#define W25Q_FEED_STALL_MS	10000	/* rp not moving: tBE 64 KiB max 2.24 s, margin */
/* after the last byte: a full FIFO of pages at tPP max (4.2 ms, SFDP), margin; plus
 * W25Q_BE64K_MAX_MS per erase still planned */
#define W25Q_FEED_TAIL_MS	60000
#define W25Q_FEED_ABORT_MS	5000	/* after an abort: the erase or page under way */

/* progress of a write over its algorithm runs */
struct w25q_feed_progress {
	uint32_t total;		/* bytes of the whole write */
	uint32_t done;		/* bytes written by the runs before this one */
	uint32_t shown;		/* bytes last reported */
	int64_t start;		/* when the write started (ms) */
};

/* one run of the program algorithm as the host feeds it */
struct w25q_feeder {
	struct flash_bank *bank;
	struct w25q_algo *a;
	const uint8_t *data;	/* the run's bytes */
	uint32_t count;		/* their number */
	uint32_t fifo;		/* wp at fifo, rp at fifo + 4 */
	uint32_t first;		/* the ring: [first, end) */
	uint32_t end;
	uint32_t wp, rp;	/* as last written and read */
	uint32_t sent;		/* bytes of data in the FIFO so far */
	int64_t moved;		/* when rp was last seen moving (ms) */
	bool polled;		/* the core's state was looked at since rp last moved */
	struct w25q_feed_progress *progress;
};

/*
 * rp stands still: is the core still running the algorithm?  A breakpoint,
 * a fault or a reset leaves it halted or running other code, and rp will
 * not move again: say so now rather than after the stall bound.
 */
static int w25q_feed_check_running(struct w25q_feeder *f)
{
	struct target *target = f->bank->target;
	int retval = target_poll(target);

	if (retval != ERROR_OK)
		return retval;
	if (target->state == TARGET_DEBUG_RUNNING)
		return ERROR_OK;
	/*
	 * Everything sent: the algorithm may have taken the last bytes and
	 * ended at its breakpoint between the read of rp and this poll.  The
	 * wait for its end tells a normal end from any other halt.
	 */
	if (target->state == TARGET_HALTED && f->sent == f->count)
		return ERROR_OK;
	LOG_ERROR("flash program algorithm no longer runs: the core is %s (%s), with %" PRIu32
		" of %" PRIu32 " bytes sent", target_state_name(target),
		target->state == TARGET_HALTED ? debug_reason_name(target) : "not halted by OpenOCD",
		f->sent, f->count);
	return ERROR_FLASH_OPERATION_FAILED;
}

/*
 * rp as read back: 0 (the algorithm stopped), outside the FIFO, or stalled.
 * When it stands still, the core's state is polled once (an erase under way
 * keeps rp still over several pieces, and each poll costs a probe round
 * trip); a core that stops later in the same wait meets the stall bound.
 */
static int w25q_feed_saw_rp(struct w25q_feeder *f, uint32_t rp)
{
	if (rp == 0) {
		LOG_ERROR("flash program algorithm stopped (see its status below)");
		return ERROR_FLASH_OPERATION_FAILED;
	}
	if (rp < f->first || rp >= f->end) {
		LOG_ERROR("flash program algorithm: read pointer 0x%08" PRIx32
			" outside its FIFO", rp);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	if (rp != f->rp || rp == f->wp) {
		f->moved = timeval_ms();	/* progress, or nothing left to do */
		f->polled = false;
		f->rp = rp;
		return ERROR_OK;
	}
	if (timeval_ms() - f->moved > W25Q_FEED_STALL_MS) {
		LOG_ERROR("flash program algorithm made no progress for %d ms",
			W25Q_FEED_STALL_MS);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	if (f->polled)
		return ERROR_OK;
	f->polled = true;
	return w25q_feed_check_running(f);
}

/* contiguous room after wp; wp never catches up with rp (that means empty) */
static uint32_t w25q_feed_room(const struct w25q_feeder *f)
{
	if (f->rp > f->wp)
		return f->rp - f->wp - 4;
	if (f->rp > f->first)
		return f->end - f->wp;
	return f->end - f->wp - 4;
}

/*
 * One batch: n bytes of data at wp (words, then the bytes of an odd
 * tail), the wp after them, a read of rp.  The data go to the working
 * area's RAM: no delay for slow memories.
 */
static int w25q_feed_piece(struct w25q_feeder *f, uint32_t n)
{
	struct target *target = f->bank->target;
	uint32_t wp = f->wp + n, words = (f->wp & 3) ? 0 : n / 4;
	const uint8_t *data = f->data + f->sent;
	uint8_t wp_buf[4], rp_buf[4];
	struct target_memory_access acc[4];
	unsigned int k = 0;
	int retval;

	if (wp == f->end)
		wp = f->first;
	target_buffer_set_u32(target, wp_buf, wp);
	if (words)
		acc[k++] = (struct target_memory_access){ .address = f->wp, .size = 4,
			.count = words, .out = data, .fast_ram = true };
	if (n > 4 * words)
		acc[k++] = (struct target_memory_access){ .address = f->wp + 4 * words,
			.size = 1, .count = n - 4 * words, .out = data + 4 * words,
			.fast_ram = true };
	acc[k++] = (struct target_memory_access){ .address = f->fifo, .size = 4, .count = 1,
		.out = wp_buf };
	acc[k++] = (struct target_memory_access){ .address = f->fifo + 4, .size = 4,
		.count = 1, .in = rp_buf };
	retval = target_memory_batch(target, acc, k);
	if (retval != ERROR_OK)
		return retval;
	f->wp = wp;
	f->sent += n;
	return w25q_feed_saw_rp(f, target_buffer_get_u32(target, rp_buf));
}

/* no room for the next piece: see how far the algorithm got */
static int w25q_feed_poll(struct w25q_feeder *f)
{
	uint32_t rp;
	int retval = target_read_u32(f->bank->target, f->fifo + 4, &rp);

	if (retval == ERROR_OK)
		retval = w25q_feed_saw_rp(f, rp);
	keep_alive();
	return retval;
}

static void w25q_feed_report(const struct w25q_feeder *f)
{
	struct w25q_feed_progress *p = f->progress;
	uint32_t now = p->done + f->sent;

	if (p->total > W25Q_PROGRESS_STEP &&
			(now - p->shown >= W25Q_PROGRESS_STEP || now == p->total)) {
		p->shown = now;
		w25q_progress("write", now, p->total, p->start);
	}
}

/*
 * After the last piece (retval ERROR_OK) or a failure: wait for the
 * algorithm, which a failure stops first (wp = 0); a run that does not end
 * in time names the busy die.  erases: planned erases the run carries.
 */
static int w25q_feed_end(struct w25q_feeder *f, int retval, unsigned int erases)
{
	struct target *target = f->bank->target;
	struct w25q_algo *a = f->a;
	int r2;

	if (retval != ERROR_OK)
		target_write_u32(target, f->fifo, 0);
	r2 = target_wait_algorithm(target, 0, NULL, ARRAY_SIZE(a->regs), a->regs, 0,
		retval == ERROR_OK ? W25Q_FEED_TAIL_MS + (int)erases * W25Q_BE64K_MAX_MS :
		W25Q_FEED_ABORT_MS, &a->info);
	if (r2 == ERROR_TARGET_TIMEOUT)
		w25q_algo_timed_out(f->bank, "write", buf_get_u32(a->regs[1].value, 0, 32),
			f->count, (int)(timeval_ms() - f->moved),
			erases ? "tPP max 4.2 ms per page, " W25Q_ERASE_MAX_TEXT :
			"tPP max 4.2 ms per page (SFDP)");
	return retval != ERROR_OK ? retval : r2;
}

/*
 * Run the program algorithm (arguments set in f->a) over f->count bytes,
 * feeding its FIFO from f->fifo (the 8-byte wp/rp header) to f->end.
 */
static int w25q_feed(struct w25q_feeder *f, unsigned int erases)
{
	struct target *target = f->bank->target;
	struct w25q_algo *a = f->a;
	uint8_t ptrs[8];
	int retval;

	f->first = f->fifo + 8;
	f->wp = f->first;
	f->rp = f->first;
	f->sent = 0;
	f->moved = timeval_ms();
	f->polled = false;
	target_buffer_set_u32(target, ptrs, f->first);
	target_buffer_set_u32(target, ptrs + 4, f->first);
	retval = target_write_buffer(target, f->fifo, 8, ptrs);
	if (retval == ERROR_OK)
		retval = target_start_algorithm(target, 0, NULL, ARRAY_SIZE(a->regs), a->regs,
			a->code->address, 0, &a->info);
	if (retval != ERROR_OK)
		return retval;

	while (retval == ERROR_OK && f->sent < f->count) {
		uint32_t want = MIN((uint32_t)W25Q_FEED_PIECE, f->count - f->sent);
		uint32_t n = MIN(w25q_feed_room(f), want);

		/* a piece short of want only up to the wrap of the FIFO */
		if (n < want && (f->rp > f->wp || !n)) {
			retval = w25q_feed_poll(f);
		} else {
			retval = w25q_feed_piece(f, n);
			if (retval == ERROR_OK)
				w25q_feed_report(f);
		}
	}
	return w25q_feed_end(f, retval, erases);
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
	struct w25q_feed_progress progress = { .total = count, .start = start };
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
		if (program) {
			struct w25q_feeder f = { .bank = bank, .a = &a, .data = buffer + done,
				.count = len, .fifo = fifo, .end = fifo_end, .progress = &progress };

			progress.done = done;
			retval = w25q_feed(&f, next - chunk_first);
		} else {
			retval = target_run_read_async_algorithm(target, buffer + done, len, 1,
				0, NULL, ARRAY_SIZE(a.regs), a.regs, fifo, fifo_end - fifo, a.code->address, 0,
				&a.info);
		}
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
