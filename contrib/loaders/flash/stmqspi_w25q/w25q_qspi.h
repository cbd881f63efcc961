/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Helpers shared by the W25Q target algorithms: STM32H7 QUADSPI register
 * access, one indirect command, status polling on every die, CRC-32.
 *
 * Everything is static inline and uses no data outside the stack, so each
 * blob stays position independent (see the Makefile's checks).
 */

#ifndef W25Q_QSPI_H
#define W25Q_QSPI_H

#include <stdint.h>
#include "w25q_algo.h"

/* QUADSPI registers (RM0433; shared/reference/stm32h753.md 5.1) */
#define QSPI_CR			0x00
#define QSPI_DCR		0x04
#define QSPI_SR			0x08
#define QSPI_FCR		0x0C
#define QSPI_DLR		0x10
#define QSPI_CCR		0x14
#define QSPI_AR			0x18
#define QSPI_ABR		0x1C
#define QSPI_DR			0x20

#define QSPI_SR_TEF		(1u << 0)
#define QSPI_SR_TCF		(1u << 1)
#define QSPI_SR_FTF		(1u << 2)
#define QSPI_SR_SMF		(1u << 3)
#define QSPI_SR_TOF		(1u << 4)
#define QSPI_SR_BUSY		(1u << 5)
#define QSPI_SR_FLEVEL(sr)	(((sr) >> 8) & 0x3Fu)

#define QSPI_FIFO_BYTES		32u

#define QSPI_CCR_ADMODE		(3u << 10)
#define QSPI_CCR_ABMODE		(3u << 14)
#define QSPI_CCR_DMODE		(3u << 24)

/* what an algorithm keeps of the parameter block */
struct w25q_ctx {
	uintptr_t io;
	uintptr_t par;
	uint32_t dies;
	uint32_t die_shift;
	uint32_t poll_limit;
};

/* r0..r5 as the entry stub pushed them; r0..r2 are the results */
struct w25q_regs {
	uint32_t r[6];
};

static inline uint32_t w25q_par(const struct w25q_ctx *c, uint32_t off)
{
	return *(volatile const uint32_t *)(c->par + off);
}

static inline void w25q_ctx_init(struct w25q_ctx *c, uint32_t par)
{
	c->par = par;
	c->io = w25q_par(c, W25Q_P_IO_BASE);
	c->dies = w25q_par(c, W25Q_P_DIES);
	c->die_shift = w25q_par(c, W25Q_P_DIE_SHIFT);
	c->poll_limit = w25q_par(c, W25Q_P_POLL_LIMIT);
}

static inline uint32_t qspi_rd(const struct w25q_ctx *c, uint32_t off)
{
	return *(volatile uint32_t *)(c->io + off);
}

static inline void qspi_wr(const struct w25q_ctx *c, uint32_t off, uint32_t v)
{
	*(volatile uint32_t *)(c->io + off) = v;
}

static inline uint8_t qspi_dr_rd8(const struct w25q_ctx *c)
{
	return *(volatile uint8_t *)(c->io + QSPI_DR);
}

static inline void qspi_dr_wr8(const struct w25q_ctx *c, uint8_t v)
{
	*(volatile uint8_t *)(c->io + QSPI_DR) = v;
}

static inline void w25q_dmb(void)
{
	__asm__ volatile ("dmb" ::: "memory");
}

/*
 * Start one indirect command: wait until the controller is idle, then DLR
 * (data phase only), ABR (alternate bytes only), CCR and AR (address phase
 * only).  A command without address starts on the CCR write, one with an
 * address on the AR write, one with software write data on the first DR
 * write after them.
 */
static inline void qspi_start(const struct w25q_ctx *c, uint32_t ccr, uint32_t addr,
		uint32_t len, uint32_t abr)
{
	while (qspi_rd(c, QSPI_SR) & QSPI_SR_BUSY)
		;
	if (ccr & QSPI_CCR_DMODE)
		qspi_wr(c, QSPI_DLR, len - 1);
	if (ccr & QSPI_CCR_ABMODE)
		qspi_wr(c, QSPI_ABR, abr);
	qspi_wr(c, QSPI_CCR, ccr);
	if (ccr & QSPI_CCR_ADMODE)
		qspi_wr(c, QSPI_AR, addr);
}

/* wait for the end of the command (TCF) and clear it; TEF: not sent */
static inline int qspi_finish(const struct w25q_ctx *c)
{
	uint32_t sr;

	do {
		sr = qspi_rd(c, QSPI_SR);
		if (sr & QSPI_SR_TEF) {
			qspi_wr(c, QSPI_FCR, QSPI_SR_TEF | QSPI_SR_TCF);
			return W25Q_ERR_TRANSFER;
		}
	} while (!(sr & QSPI_SR_TCF));
	qspi_wr(c, QSPI_FCR, QSPI_SR_TCF);
	return W25Q_OK;
}

/* wait for at least n bytes in the FIFO (reads); TEF: never coming */
static inline int qspi_wait_level(const struct w25q_ctx *c, uint32_t n)
{
	uint32_t sr;

	do {
		sr = qspi_rd(c, QSPI_SR);
		if (sr & QSPI_SR_TEF)
			return W25Q_ERR_TRANSFER;
	} while (QSPI_SR_FLEVEL(sr) < n);
	return W25Q_OK;
}

/* a command without data phase (06h, erase) */
static inline int qspi_cmd(const struct w25q_ctx *c, uint32_t ccr, uint32_t addr)
{
	qspi_start(c, ccr, addr, 0, 0);
	return qspi_finish(c);
}

/* status register 1 of the selected die */
static inline uint32_t w25q_rdsr(const struct w25q_ctx *c)
{
	uint32_t v;

	qspi_start(c, w25q_par(c, W25Q_P_CCR_RDSR), 0, 1, 0);
	while (!(qspi_rd(c, QSPI_SR) & QSPI_SR_TCF))
		;
	v = qspi_dr_rd8(c);
	qspi_wr(c, QSPI_FCR, QSPI_SR_TCF);
	return v;
}

/* C2h: select a die (never sent to a single-die part) */
static inline void w25q_select(const struct w25q_ctx *c, uint32_t die)
{
	if (c->dies <= 1)
		return;
	qspi_start(c, w25q_par(c, W25Q_P_CCR_DIE_SEL), 0, 1, 0);
	qspi_dr_wr8(c, die);
	qspi_finish(c);
}

static inline uint32_t w25q_die_of(const struct w25q_ctx *c, uint32_t offset)
{
	return c->dies > 1 ? offset >> c->die_shift : 0;
}

/*
 * Wait until every die is idle (BUSY=0), POLL_LIMIT status reads per die at
 * most.  The last die polled is die 0, so die 0 stays selected.
 */
static inline int w25q_wait_all(const struct w25q_ctx *c)
{
	uint32_t die = c->dies;

	while (die--) {
		uint32_t n = c->poll_limit;

		w25q_select(c, die);
		while (w25q_rdsr(c) & W25Q_SR1_BUSY) {
			if (--n == 0) {
				w25q_select(c, 0);
				return W25Q_ERR_TIMEOUT;
			}
		}
	}
	return W25Q_OK;
}

/*
 * Before a program/erase command at offset: all dies idle, select the die
 * holding offset, 06h, WEL must read 1.  The die stays selected.
 */
static inline int w25q_prepare(const struct w25q_ctx *c, uint32_t offset)
{
	int st = w25q_wait_all(c);

	if (st != W25Q_OK)
		return st;
	w25q_select(c, w25q_die_of(c, offset));
	st = qspi_cmd(c, w25q_par(c, W25Q_P_CCR_WREN), 0);
	if (st != W25Q_OK)
		return st;
	if (!(w25q_rdsr(c) & W25Q_SR1_WEL))
		return W25Q_ERR_WEL;
	return W25Q_OK;
}

/*
 * Right after a program/erase command, on the die that got it: BUSY=1 or
 * (BUSY=0 and WEL=0) is accepted, BUSY=0 and WEL=1 is not.  With
 * W25Q_F_NEED_BUSY, BUSY=0 is never accepted.
 */
static inline int w25q_accepted(const struct w25q_ctx *c)
{
	uint32_t sr = w25q_rdsr(c);

	if (sr & W25Q_SR1_BUSY)
		return W25Q_OK;
	if ((sr & W25Q_SR1_WEL) || (w25q_par(c, W25Q_P_FLAGS) & W25Q_F_NEED_BUSY))
		return W25Q_ERR_NOT_ACCEPTED;
	return W25Q_OK;
}

/*
 * CRC-32 as OpenOCD's image_calculate_checksum(): polynomial 0x04C11DB7,
 * MSB first, no reflection.  Four bits at a time through a 16-entry table
 * the caller keeps on its stack.
 */
static inline void w25q_crc_table(uint32_t *tab)
{
	for (uint32_t i = 0; i < 16; i++) {
		uint32_t v = i << 28;

		for (int b = 0; b < 4; b++)
			v = (v & 0x80000000u) ? (v << 1) ^ 0x04C11DB7u : v << 1;
		tab[i] = v;
	}
}

static inline uint32_t w25q_crc_byte(const uint32_t *tab, uint32_t crc, uint32_t byte)
{
	crc = (crc << 4) ^ tab[(crc >> 28) ^ ((byte >> 4) & 0xFu)];
	crc = (crc << 4) ^ tab[(crc >> 28) ^ (byte & 0xFu)];
	return crc;
}

/* fold a word read from DR (bytes in flash order, LSB first) into the CRC */
static inline uint32_t w25q_crc_word(const uint32_t *t256, const uint32_t *tab, uint32_t v,
		uint32_t w)
{
	if (t256) {
		v = (v << 8) ^ t256[(v >> 24) ^ (w & 0xFFu)];
		v = (v << 8) ^ t256[(v >> 24) ^ ((w >> 8) & 0xFFu)];
		v = (v << 8) ^ t256[(v >> 24) ^ ((w >> 16) & 0xFFu)];
		return (v << 8) ^ t256[(v >> 24) ^ (w >> 24)];
	}
	for (int i = 0; i < 4; i++) {
		v = w25q_crc_byte(tab, v, w & 0xFFu);
		w >>= 8;
	}
	return v;
}

/*
 * Read len bytes at offset with CCR_READ, folding them into the CRC and
 * clearing *all_ff when a byte is not 0xFF.  One command; the caller splits
 * at the die size when W25Q_F_READ_SPLIT asks for it.
 */
static inline int w25q_crc_run(const struct w25q_ctx *c, const uint32_t *tab, uint32_t offset,
		uint32_t len, uint32_t *crc, uint32_t *all_ff)
{
	uint32_t v = *crc, ff = 0xFFFFFFFFu;
	const uint32_t *t256 = (const uint32_t *)w25q_par(c, W25Q_P_CRC_TABLE);

	qspi_start(c, w25q_par(c, W25Q_P_CCR_READ), offset, len, w25q_par(c, W25Q_P_ABR_READ));
	while (len >= 4) {
		uint32_t w;

		if (qspi_wait_level(c, 4) != W25Q_OK)
			return qspi_finish(c);
		w = qspi_rd(c, QSPI_DR);
		ff &= w;
		v = w25q_crc_word(t256, tab, v, w);
		len -= 4;
	}
	while (len) {
		uint32_t b;

		if (qspi_wait_level(c, 1) != W25Q_OK)
			return qspi_finish(c);
		b = qspi_dr_rd8(c);
		ff &= b | 0xFFFFFF00u;
		v = w25q_crc_byte(tab, v, b);
		len--;
	}
	*crc = v;
	if (ff != 0xFFFFFFFFu)
		*all_ff = 0;
	return qspi_finish(c);
}

/* bytes from offset to the next die boundary (W25Q_F_READ_SPLIT), else len */
static inline uint32_t w25q_split(const struct w25q_ctx *c, uint32_t offset, uint32_t len)
{
	uint32_t room;

	if (!(w25q_par(c, W25Q_P_FLAGS) & W25Q_F_READ_SPLIT) || c->die_shift >= 32)
		return len;
	room = (1u << c->die_shift) - (offset & ((1u << c->die_shift) - 1));
	return len < room ? len : room;
}

/* CRC of [offset, offset + len), split at die boundaries when asked */
static inline int w25q_crc_range(const struct w25q_ctx *c, const uint32_t *tab, uint32_t offset,
		uint32_t len, uint32_t *crc, uint32_t *all_ff)
{
	if (!(w25q_par(c, W25Q_P_CCR_READ) & QSPI_CCR_DMODE))
		return W25Q_ERR_PARAM;
	while (len) {
		uint32_t n = w25q_split(c, offset, len);
		int st = w25q_crc_run(c, tab, offset, n, crc, all_ff);

		if (st != W25Q_OK)
			return st;
		offset += n;
		len -= n;
	}
	return W25Q_OK;
}

#endif /* W25Q_QSPI_H */
