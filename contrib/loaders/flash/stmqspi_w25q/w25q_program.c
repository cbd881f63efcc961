// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * program, for target_run_flash_async_algorithm() with block size 1:
 * r1 flash offset, r2 byte count, r3 FIFO (wp at r3, rp at r3 + 4, data
 * from r3 + 8), r4 FIFO end.  One CCR_PROGRAM command per page, started as
 * soon as that page's bytes are in the FIFO and every die is idle.
 * Optional erase plan (W25Q_P_ERASE_LIST/COUNT, sorted by offset): an entry
 * is sent before the first page at or after its offset, and before waiting
 * for that page's data, so the host fills the FIFO while the chip erases;
 * entries left at the end are sent then.
 * r1 out: offset reached (failing page or erase on error); r2 out: bytes
 * left.  On error rp is set to 0 so the host stops feeding.
 */

#include "w25q_qspi.h"

void w25q_algo(struct w25q_regs *r);

struct fifo {
	volatile uint32_t *wp;
	volatile uint32_t *rp;
	uint32_t start;
	uint32_t end;
};

/* wait until n bytes follow rp; 0 = the host aborted (wp = 0) */
static int fifo_wait(const struct fifo *f, uint32_t rp, uint32_t n)
{
	for (;;) {
		uint32_t wp = *f->wp;
		uint32_t avail;

		if (wp == 0)
			return 0;
		avail = wp >= rp ? wp - rp : (f->end - rp) + (wp - f->start);
		if (avail >= n)
			return 1;
	}
}

static int page_all_ff(const struct fifo *f, uint32_t rp, uint32_t n)
{
	while (n--) {
		if (*(volatile uint8_t *)rp != 0xFF)
			return 0;
		if (++rp == f->end)
			rp = f->start;
	}
	return 1;
}

/* send n bytes from the FIFO into QUADSPI, never overfilling its FIFO */
static uint32_t page_send(const struct w25q_ctx *c, const struct fifo *f, uint32_t rp, uint32_t n)
{
	while (n) {
		uint32_t room;

		do
			room = QSPI_FIFO_BYTES - QSPI_SR_FLEVEL(qspi_rd(c, QSPI_SR));
		while (!room);
		while (room-- && n) {
			qspi_dr_wr8(c, *(volatile uint8_t *)rp);
			if (++rp == f->end)
				rp = f->start;
			n--;
		}
	}
	return rp;
}

struct erase_plan {
	const volatile uint32_t *list;	/* {offset, ccr} pairs */
	uint32_t n;
	uint32_t next;
};

/*
 * Send the planned erases whose offset is at most limit; *where = failing
 * one.  None after the host aborted (wp = 0): the data for that sector will
 * not come.  ERASE_DONE counts the erases sent, for the host's report of
 * what is erased but not programmed.
 */
static int erase_upto(const struct w25q_ctx *c, const struct fifo *f, struct erase_plan *e,
	uint32_t limit, uint32_t *where)
{
	while (e->next < e->n && e->list[2 * e->next] <= limit) {
		uint32_t off = e->list[2 * e->next];
		int st;

		if (*f->wp == 0) {
			*where = off;
			return W25Q_ERR_ABORTED;
		}
		st = w25q_prepare(c, off);

		if (st == W25Q_OK)
			st = qspi_cmd(c, e->list[2 * e->next + 1], off);
		if (st == W25Q_OK)
			st = w25q_accepted(c);
		if (st != W25Q_OK) {
			*where = off;
			return st;
		}
		e->next++;
		*(volatile uint32_t *)(c->par + W25Q_P_ERASE_DONE) = e->next;
	}
	return W25Q_OK;
}

void w25q_algo(struct w25q_regs *r)
{
	struct w25q_ctx c;
	struct fifo f;
	uint32_t offset = r->r[1], left = r->r[2], rp;
	uint32_t page, flags;
	struct erase_plan e;
	int st = W25Q_OK;

	w25q_ctx_init(&c, r->r[0]);
	f.wp = (volatile uint32_t *)r->r[3];
	f.rp = (volatile uint32_t *)(r->r[3] + 4);
	f.start = r->r[3] + 8;
	f.end = r->r[4];
	page = w25q_par(&c, W25Q_P_PAGE_SIZE);
	flags = w25q_par(&c, W25Q_P_FLAGS);
	rp = *f.rp;
	e.list = (const volatile uint32_t *)w25q_par(&c, W25Q_P_ERASE_LIST);
	e.n = w25q_par(&c, W25Q_P_ERASE_COUNT);
	e.next = 0;
	*(volatile uint32_t *)(c.par + W25Q_P_ERASE_DONE) = 0;

	if (!page || (page & (page - 1)) || f.end <= f.start || rp < f.start || rp >= f.end ||
			!(w25q_par(&c, W25Q_P_CCR_PROGRAM) & QSPI_CCR_DMODE))
		st = W25Q_ERR_PARAM;
	else
		st = w25q_wait_all(&c);

	while (st == W25Q_OK && left) {
		uint32_t n = page - (offset & (page - 1));

		if (n > left)
			n = left;
		st = erase_upto(&c, &f, &e, offset, &offset);
		if (st != W25Q_OK)
			break;
		if (!fifo_wait(&f, rp, n)) {
			st = W25Q_ERR_ABORTED;
			break;
		}
		w25q_dmb();
		if (!(flags & W25Q_F_SKIP_FF_PAGES) || !page_all_ff(&f, rp, n)) {
			st = w25q_prepare(&c, offset);
			if (st != W25Q_OK)
				break;
			qspi_start(&c, w25q_par(&c, W25Q_P_CCR_PROGRAM), offset, n, 0);
			rp = page_send(&c, &f, rp, n);
			st = qspi_finish(&c);
			if (st == W25Q_OK)
				st = w25q_accepted(&c);
			if (st == W25Q_OK)
				st = w25q_wait_all(&c);
			if (st != W25Q_OK)
				break;
		} else {
			rp += n;
			if (rp >= f.end)
				rp -= f.end - f.start;
		}
		w25q_dmb();
		*f.rp = rp;
		offset += n;
		left -= n;
	}
	if (st == W25Q_OK && e.next < e.n) {
		st = erase_upto(&c, &f, &e, 0xFFFFFFFFu, &offset);
		if (st == W25Q_OK)
			st = w25q_wait_all(&c);
	}
	w25q_select(&c, 0);
	if (st != W25Q_OK)
		*f.rp = 0;
	r->r[0] = st;
	r->r[1] = offset;
	r->r[2] = left;
}
