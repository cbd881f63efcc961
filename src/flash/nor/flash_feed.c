// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Feeding a running flash algorithm's FIFO in large pieces (flash_feed.h).
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imp.h"
#include "flash_feed.h"
#include "progress.h"
#include <helper/time_support.h>
#include <target/arm_adi_v5.h>
#include <target/armv7m.h>

/* a write to the core's MEM-AP that needs no answer goes out with the next access */
static int feed_queue_u32(struct target *target, uint32_t addr, uint32_t value)
{
	struct armv7m_common *armv7m = target_to_armv7m(target);

	if (is_armv7m(armv7m) && armv7m->debug_ap)
		return mem_ap_write_u32(armv7m->debug_ap, addr, value);
	return target_write_u32(target, addr, value);
}

static int feed_check_rp(const struct flash_feed *f, uint32_t rp)
{
	if (rp == 0)
		return ERROR_FLASH_OPERATION_FAILED;	/* stopped: its status says why */
	if (rp < f->fifo + 8 || rp >= f->fifo_end) {
		LOG_ERROR("%s: read pointer 0x%08" PRIx32 " outside its FIFO", f->what, rp);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	return ERROR_OK;
}

int flash_feed_init(struct target *target, const struct flash_feed *f)
{
	uint8_t ptrs[8];

	target_buffer_set_u32(target, ptrs, f->fifo + 8);
	target_buffer_set_u32(target, ptrs + 4, f->fifo + 8);
	return target_write_buffer(target, f->fifo, 8, ptrs);
}

uint32_t flash_feed_fifo_end(uint32_t fifo, uint32_t fifo_end, uint32_t piece,
	uint32_t unit)
{
	uint32_t data = fifo_end - fifo - 8;

	return fifo_end - (data > piece ? data % piece : data % unit);
}

int flash_feed_run(struct target *target, const struct flash_feed *f,
	const uint8_t *buffer, uint32_t count)
{
	struct armv7m_common *armv7m = target_to_armv7m(target);
	struct adiv5_ap *ap = is_armv7m(armv7m) ? armv7m->debug_ap : NULL;
	uint32_t first = f->fifo + 8, fifo_end = f->fifo_end;
	uint32_t wp = first, rp = first, sent = 0, shown = f->base_done;
	int64_t moved = timeval_ms();
	bool wp_queued = false;
	int retval = ERROR_OK;

	/* the same progress lines as target_run_flash_async_algorithm() */
	if (flash_progress_enabled())
		LOG_INFO("flash_write_progress_async_start:0x%" PRIx32, count);
	while (sent < count) {
		uint32_t want = MIN(f->piece, count - sent), room, n;
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
			/* no room: publish wp, see how far the algorithm got */
			if (wp_queued)
				retval = feed_queue_u32(target, f->fifo, wp);
			wp_queued = false;
			if (retval == ERROR_OK)
				retval = target_read_u32(target, f->fifo + 4, &rp_now);
			if (retval == ERROR_OK)
				retval = feed_check_rp(f, rp_now);
			if (retval != ERROR_OK)
				break;
			if (rp_now != rp) {
				moved = timeval_ms();
			} else if (timeval_ms() - moved > f->stall_ms) {
				LOG_ERROR("%s made no progress for %d ms", f->what, f->stall_ms);
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
			retval = feed_queue_u32(target, f->fifo, wp);
		if (retval == ERROR_OK && ap)
			retval = mem_ap_read_u32(ap, f->fifo + 4, &rp_now);
		if (retval == ERROR_OK) {
			uint32_t tck = ap ? ap->memaccess_tck : 0;

			if (ap)
				ap->memaccess_tck = 0;
			retval = target_write_buffer(target, wp, n, buffer + sent);
			if (ap)
				ap->memaccess_tck = tck;
		}
		if (retval == ERROR_OK && ap)
			retval = feed_check_rp(f, rp_now);
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
		if (flash_progress_enabled())
			LOG_INFO("flash_write_progress_async:0x%" PRIx32 "|0x%" PRIx32, sent, count);
		if (f->progress_step && f->total > f->progress_step &&
				(f->base_done + sent - shown >= f->progress_step ||
				 f->base_done + sent == f->total)) {
			double s = (timeval_ms() - f->start) / 1000.0;

			shown = f->base_done + sent;
			LOG_INFO("write: %" PRIu32 " of %" PRIu32 " KiB (%" PRIu32 "%%), %.1f KiB/s",
				shown / 1024, f->total / 1024, (uint32_t)(100ULL * shown / f->total),
				s > 0 ? shown / 1024.0 / s : 0.0);
		}
	}
	if (retval == ERROR_OK && wp_queued)
		retval = target_write_u32(target, f->fifo, wp);
	if (retval != ERROR_OK)
		target_write_u32(target, f->fifo, 0);	/* abort: the algorithm stops */
	return retval;
}
