/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Feeding a running flash algorithm's FIFO (the wp/rp ring of
 * target_run_flash_async_algorithm(): wp at fifo, rp at fifo + 4, data from
 * fifo + 8 to fifo_end) in large pieces: one memory write each, with the
 * previous piece's wp and a read of rp queued in front of it, so that a
 * piece costs about one probe round trip; only a full FIFO costs polls.
 */

#ifndef OPENOCD_FLASH_NOR_FLASH_FEED_H
#define OPENOCD_FLASH_NOR_FLASH_FEED_H

#include <stdint.h>

struct target;

struct flash_feed {
	uint32_t fifo;		/* wp, then rp, then the data */
	uint32_t fifo_end;	/* end of the data + 1 */
	uint32_t piece;		/* bytes per memory write, a multiple of 4 */
	int stall_ms;		/* error when rp does not move for longer */
	const char *what;	/* names the algorithm in messages */
	/* progress lines every progress_step bytes (0: none) of total,
	 * counting from base_done, the time from start (timeval_ms()) */
	uint32_t progress_step;
	uint32_t base_done;
	uint32_t total;
	int64_t start;
};

/*
 * Write wp = rp = fifo + 8 before the algorithm starts.
 */
int flash_feed_init(struct target *target, const struct flash_feed *f);

/*
 * With the algorithm running, feed it count bytes of buffer and publish the
 * last wp; on an error, write wp = 0 (the algorithm aborts).  rp = 0 from
 * the algorithm (it stopped on an error) gives ERROR_FLASH_OPERATION_FAILED
 * without a message: the algorithm's status says why.
 */
int flash_feed_run(struct target *target, const struct flash_feed *f,
	const uint8_t *buffer, uint32_t count);

/*
 * Round fifo_end down so that a lap of the FIFO holds whole pieces (no
 * short piece at the wrap), or whole units when it holds less than a piece.
 */
uint32_t flash_feed_fifo_end(uint32_t fifo, uint32_t fifo_end, uint32_t piece,
	uint32_t unit);

#endif /* OPENOCD_FLASH_NOR_FLASH_FEED_H */
