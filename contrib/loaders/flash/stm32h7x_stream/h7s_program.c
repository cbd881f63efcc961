// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Streaming program of the STM32H7 internal flash, for a host that feeds
 * the FIFO while the flash programs (contract: h7s_algo.h).  One run takes
 * a whole write: its planned sector erases and every flash word.
 */

#include <stdint.h>
#include "h7s_algo.h"

struct h7s_regs {
	uint32_t r[6];		/* r0..r5 as pushed by the entry */
};

void h7s_algo(struct h7s_regs *r);

struct ctx {
	uint32_t par;
	volatile uint32_t *cr;
	volatile uint32_t *sr;
	uint32_t err_mask;
	uint32_t poll_limit;
	volatile uint32_t *wp;
	volatile uint32_t *rp;
	uint32_t start;
	uint32_t end;
};

static uint32_t par(const struct ctx *c, uint32_t off)
{
	return *(const volatile uint32_t *)(c->par + off);
}

static void par_set(const struct ctx *c, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(c->par + off) = v;
}

/* wait for SR.QW = 0, then check the error bits */
static int wait_idle(const struct ctx *c)
{
	uint32_t n = c->poll_limit, sr;

	do {
		sr = *c->sr;
		if (!(sr & H7S_SR_QW))
			break;
	} while (--n);
	if (sr & H7S_SR_QW)
		return H7S_ERR_TIMEOUT;
	if (sr & c->err_mask) {
		par_set(c, H7S_P_SR, sr);
		return H7S_ERR_FLASH;
	}
	return H7S_OK;
}

/* wait until n bytes follow rp; 0 = the host aborted (wp = 0) */
static int fifo_wait(const struct ctx *c, uint32_t rp, uint32_t n)
{
	for (;;) {
		uint32_t wp = *c->wp;
		uint32_t avail;

		if (wp == 0)
			return 0;
		avail = wp >= rp ? wp - rp : (c->end - rp) + (wp - c->start);
		if (avail >= n)
			return 1;
	}
}

/* the word at rp (n bytes, whole 32-bit words, wrapping at the FIFO end) is all 0xFF */
static int word_all_ff(const struct ctx *c, uint32_t rp, uint32_t n)
{
	for (; n; n -= 4) {
		if (*(volatile uint32_t *)rp != 0xFFFFFFFFU)
			return 0;
		rp += 4;
		if (rp == c->end)
			rp = c->start;
	}
	return 1;
}

/* copy one flash word from the FIFO into the flash array; returns the new rp */
static uint32_t word_copy(const struct ctx *c, uint32_t rp, uint32_t addr, uint32_t n)
{
	for (; n; n -= 4) {
		*(volatile uint32_t *)addr = *(volatile uint32_t *)rp;
		addr += 4;
		rp += 4;
		if (rp == c->end)
			rp = c->start;
	}
	__asm__ volatile ("dsb" ::: "memory");
	return rp;
}

/*
 * Run the planned erases whose address is at most limit.  None once the
 * host has aborted (wp = 0): the data for that sector will not come.
 */
static int erase_upto(const struct ctx *c, uint32_t *next, uint32_t limit, uint32_t *where)
{
	const volatile uint32_t *list = (const volatile uint32_t *)par(c, H7S_P_ERASE_LIST);
	uint32_t n = par(c, H7S_P_ERASE_COUNT);

	while (*next < n && list[3 * *next] <= limit) {
		const volatile uint32_t *e = list + 3 * *next;
		int st;

		*where = e[0];
		if (*c->wp == 0)
			return H7S_ERR_ABORTED;
		st = wait_idle(c);
		if (st != H7S_OK)
			return st;
		*c->cr = e[1];
		*c->cr = e[2];
		(*next)++;
		par_set(c, H7S_P_ERASE_DONE, *next);
		st = wait_idle(c);
		if (st != H7S_OK)
			return st;
	}
	return H7S_OK;
}

void h7s_algo(struct h7s_regs *r)
{
	struct ctx c;
	uint32_t addr = r->r[1], left = r->r[2], rp, word, next = 0, prev = addr;
	uint32_t regs, flags;
	int st = H7S_OK;

	c.par = r->r[0];
	regs = par(&c, H7S_P_REGS);
	c.cr = (volatile uint32_t *)(regs + H7S_FLASH_CR);
	c.sr = (volatile uint32_t *)(regs + H7S_FLASH_SR);
	c.err_mask = par(&c, H7S_P_ERR_MASK);
	c.poll_limit = par(&c, H7S_P_POLL_LIMIT);
	c.wp = (volatile uint32_t *)r->r[3];
	c.rp = (volatile uint32_t *)(r->r[3] + 4);
	c.start = r->r[3] + 8;
	c.end = r->r[4];
	word = par(&c, H7S_P_WORD);
	flags = par(&c, H7S_P_FLAGS);
	rp = *c.rp;
	par_set(&c, H7S_P_ERASE_DONE, 0);
	par_set(&c, H7S_P_SR, 0);

	if (word < 4 || (word & (word - 1)) || (addr & (word - 1)) || (left & (word - 1)) ||
			c.end <= c.start || ((c.end - c.start) & 3) || (rp & 3) ||
			rp < c.start || rp >= c.end || !c.poll_limit)
		st = H7S_ERR_PARAM;
	else
		st = wait_idle(&c);

	while (st == H7S_OK && left) {
		st = erase_upto(&c, &next, addr, &prev);
		if (st != H7S_OK)
			break;
		if (!fifo_wait(&c, rp, word)) {
			st = H7S_ERR_ABORTED;
			prev = addr;
			break;
		}
		if (!((flags & H7S_F_SKIP_FF) && word_all_ff(&c, rp, word))) {
			/* the previous word's program must end before the next */
			st = wait_idle(&c);
			if (st != H7S_OK)
				break;
			*c.cr = par(&c, H7S_P_CR_PROGRAM);
			rp = word_copy(&c, rp, addr, word);
			prev = addr;
		} else {
			rp += word;
			if (rp >= c.end)
				rp = c.start + (rp - c.end);
		}
		*c.rp = rp;
		addr += word;
		left -= word;
	}
	if (st == H7S_OK)
		st = erase_upto(&c, &next, 0xFFFFFFFFU, &prev);
	if (st == H7S_OK)
		st = wait_idle(&c);
	if (st == H7S_OK) {
		prev = addr;
	} else {
		*c.rp = 0;
		r->r[2] = left;
	}
	r->r[0] = st;
	r->r[1] = prev;
	r->r[2] = left;
}
