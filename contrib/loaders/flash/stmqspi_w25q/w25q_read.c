// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * read, for target_run_read_async_algorithm() with block size 1: r1 flash
 * offset, r2 byte count, r3 FIFO (wp at r3, advanced here; rp at r3 + 4,
 * advanced by the host; data from r3 + 8), r4 FIFO end.  One CCR_READ
 * command per chunk; a chunk never crosses the FIFO wrap nor, with
 * W25Q_F_READ_SPLIT, a die boundary, and never fills the FIFO completely.
 * r1 out: offset reached; r2 out: bytes left.  wp = 0 on error, rp = 0
 * from the host is W25Q_ERR_ABORTED.
 */

#include "w25q_qspi.h"

void w25q_algo(struct w25q_regs *r);

/* bytes per command at most, so the host sees wp move while we read */
#define CHUNK_MAX	1024u

void w25q_algo(struct w25q_regs *r)
{
	struct w25q_ctx c;
	volatile uint32_t *wp_p = (volatile uint32_t *)r->r[3];
	volatile uint32_t *rp_p = (volatile uint32_t *)(r->r[3] + 4);
	uint32_t start = r->r[3] + 8, end = r->r[4];
	uint32_t offset = r->r[1], left = r->r[2], wp = *wp_p;
	uint32_t abr;
	int st = W25Q_OK;

	w25q_ctx_init(&c, r->r[0]);
	abr = w25q_par(&c, W25Q_P_ABR_READ);
	if (end <= start + 1 || wp < start || wp >= end ||
			!(w25q_par(&c, W25Q_P_CCR_READ) & QSPI_CCR_DMODE))
		st = W25Q_ERR_PARAM;

	while (st == W25Q_OK && left) {
		uint32_t rp, n;

		/* free bytes up to the wrap, keeping one slot empty */
		for (;;) {
			rp = *rp_p;
			if (rp == 0)
				break;
			if (rp > wp)
				n = rp - wp - 1;
			else
				n = end - wp - (rp == start ? 1 : 0);
			if (n)
				break;
		}
		if (rp == 0) {
			st = W25Q_ERR_ABORTED;
			break;
		}
		if (n > left)
			n = left;
		if (n > CHUNK_MAX)
			n = CHUNK_MAX;
		n = w25q_split(&c, offset, n);

		qspi_start(&c, w25q_par(&c, W25Q_P_CCR_READ), offset, n, abr);
		for (uint32_t i = 0; i < n; ) {
			if (!(wp & 3) && n - i >= 4) {
				st = qspi_wait_level(&c, 4);
				if (st != W25Q_OK)
					break;
				*(volatile uint32_t *)wp = qspi_rd(&c, QSPI_DR);
				wp += 4;
				i += 4;
			} else {
				st = qspi_wait_level(&c, 1);
				if (st != W25Q_OK)
					break;
				*(volatile uint8_t *)wp = qspi_dr_rd8(&c);
				wp++;
				i++;
			}
		}
		if (st == W25Q_OK)
			st = qspi_finish(&c);
		else
			qspi_finish(&c);
		if (st != W25Q_OK)
			break;
		if (wp == end)
			wp = start;
		w25q_dmb();
		*wp_p = wp;
		offset += n;
		left -= n;
	}
	if (st != W25Q_OK)
		*wp_p = 0;
	r->r[0] = st;
	r->r[1] = offset;
	r->r[2] = left;
}
