// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * sector_scan: r1 flash offset, r2 byte count, r3 output array, sector size
 * in W25Q_P_SIZE.  Per sector (the last may be short) two words: its CRC-32
 * (as crc32) and 1 if every byte is 0xFF else 0.  r1 out: offset reached;
 * r2 out: sectors done.  Leading 0xFF bytes are counted rather than folded
 * into the CRC as they arrive (see w25q_algo.h), so a blank sector costs
 * little more than its read.
 */

#include "w25q_qspi.h"

#define QSPI_CR_ABORT		0x2u

/*
 * Blank check only: read [offset, offset + len) a word at a time and stop at
 * the first word that is not all 0xFF, aborting the rest of the command.
 */
static int blank_run(const struct w25q_ctx *c, uint32_t offset, uint32_t len,
		uint32_t *all_ff)
{
	qspi_start(c, w25q_par(c, W25Q_P_CCR_READ), offset, len, w25q_par(c, W25Q_P_ABR_READ));
	while (len) {
		uint32_t n = len < 4 ? len : 4, w;

		if (qspi_wait_level(c, n) != W25Q_OK)
			return qspi_finish(c);
		w = n == 4 ? qspi_rd(c, QSPI_DR) : (qspi_dr_rd8(c) | 0xFFFFFF00u);
		len -= n;
		if (w != 0xFFFFFFFFu) {
			*all_ff = 0;
			if (!len)
				break;
			qspi_wr(c, QSPI_CR, qspi_rd(c, QSPI_CR) | QSPI_CR_ABORT);
			while (qspi_rd(c, QSPI_SR) & QSPI_SR_BUSY)
				;
			qspi_wr(c, QSPI_FCR, QSPI_SR_TCF | QSPI_SR_TEF);
			return W25Q_OK;
		}
	}
	return qspi_finish(c);
}

static int blank_range(const struct w25q_ctx *c, uint32_t offset, uint32_t len,
		uint32_t *all_ff)
{
	if (!(w25q_par(c, W25Q_P_CCR_READ) & QSPI_CCR_DMODE))
		return W25Q_ERR_PARAM;
	while (len && *all_ff) {
		uint32_t n = w25q_split(c, offset, len);
		int st = blank_run(c, offset, n, all_ff);

		if (st != W25Q_OK)
			return st;
		offset += n;
		len -= n;
	}
	return W25Q_OK;
}

/* CRC state of a sector: bytes of 0xFF at its start are counted, not folded */
struct scan {
	uint32_t crc;		/* CRC of the bytes before the counted ones */
	uint32_t ff;		/* 0xFF bytes counted, not yet in crc */
	uint32_t all_ff;	/* every byte so far is 0xFF */
};

static inline __attribute__((always_inline))
uint32_t crc_ff(const uint32_t *t256, const uint32_t *tab, uint32_t v, uint32_t n)
{
	while (n--)
		v = t256 ? (v << 8) ^ t256[(v >> 24) ^ 0xFFu] : w25q_crc_byte(tab, v, 0xFFu);
	return v;
}

/* fold byte b into the CRC, or only count it while the sector is all 0xFF */
static inline __attribute__((always_inline))
uint32_t scan_byte(struct scan *s, const uint32_t *t256, const uint32_t *tab,
		uint32_t v, uint32_t b)
{
	if (s->all_ff) {
		if (b == 0xFFu) {
			s->ff++;
			return v;
		}
		s->all_ff = 0;
		v = crc_ff(t256, tab, v, s->ff);
		s->ff = 0;
	}
	return t256 ? (v << 8) ^ t256[(v >> 24) ^ b] : w25q_crc_byte(tab, v, b);
}

/* as w25q_crc_run(), with the 0xFF counting of struct scan */
static int scan_run(const struct w25q_ctx *c, const uint32_t *tab, uint32_t offset,
		uint32_t len, struct scan *s)
{
	const uint32_t *t256 = (const uint32_t *)w25q_par(c, W25Q_P_CRC_TABLE);
	uint32_t v = s->crc;

	qspi_start(c, w25q_par(c, W25Q_P_CCR_READ), offset, len, w25q_par(c, W25Q_P_ABR_READ));
	while (len >= 4) {
		uint32_t w;

		if (qspi_wait_level(c, 4) != W25Q_OK)
			return qspi_finish(c);
		w = qspi_rd(c, QSPI_DR);
		len -= 4;
		if (s->all_ff) {
			if (w == 0xFFFFFFFFu) {
				s->ff += 4;
				continue;
			}
			/* the word that ends the run of 0xFF, byte by byte */
			for (int i = 0; i < 4; i++) {
				v = scan_byte(s, t256, tab, v, w & 0xFFu);
				w >>= 8;
			}
		} else {
			v = w25q_crc_word(t256, tab, v, w);
		}
	}
	while (len) {
		if (qspi_wait_level(c, 1) != W25Q_OK)
			return qspi_finish(c);
		v = scan_byte(s, t256, tab, v, qspi_dr_rd8(c));
		len--;
	}
	s->crc = v;
	return qspi_finish(c);
}

static int scan_range(const struct w25q_ctx *c, const uint32_t *tab, uint32_t offset,
		uint32_t len, struct scan *s)
{
	if (!(w25q_par(c, W25Q_P_CCR_READ) & QSPI_CCR_DMODE))
		return W25Q_ERR_PARAM;
	while (len) {
		uint32_t n = w25q_split(c, offset, len);
		int st = scan_run(c, tab, offset, n, s);

		if (st != W25Q_OK)
			return st;
		offset += n;
		len -= n;
	}
	return W25Q_OK;
}

void w25q_algo(struct w25q_regs *r);

void w25q_algo(struct w25q_regs *r)
{
	struct w25q_ctx c;
	uint32_t tab[16];
	volatile uint32_t *out = (volatile uint32_t *)r->r[3];
	uint32_t offset = r->r[1], left = r->r[2], size, done = 0;
	int st = W25Q_OK;

	w25q_ctx_init(&c, r->r[0]);
	w25q_crc_table(tab);
	size = w25q_par(&c, W25Q_P_SIZE);
	if (!size)
		st = W25Q_ERR_PARAM;
	while (st == W25Q_OK && left) {
		uint32_t n = left < size ? left : size;
		uint32_t crc = 0xFFFFFFFFu, all_ff = 1;

		if (w25q_par(&c, W25Q_P_FLAGS) & W25Q_F_BLANK_ONLY) {
			crc = 0;
			st = blank_range(&c, offset, n, &all_ff);
		} else {
			struct scan sc;
			const uint32_t *t256 = (const uint32_t *)w25q_par(&c, W25Q_P_CRC_TABLE);

			sc.crc = 0xFFFFFFFFu;
			sc.ff = 0;
			sc.all_ff = 1;
			st = scan_range(&c, tab, offset, n, &sc);
			all_ff = sc.all_ff;
			if (!all_ff)
				crc = sc.crc;
			else if (n == size && (w25q_par(&c, W25Q_P_FLAGS) & W25Q_F_BLANK_CRC))
				crc = w25q_par(&c, W25Q_P_BLANK_CRC);
			else
				crc = crc_ff(t256, tab, sc.crc, sc.ff);
		}
		if (st != W25Q_OK)
			break;
		out[2 * done] = crc;
		out[2 * done + 1] = all_ff;
		done++;
		offset += n;
		left -= n;
	}
	r->r[0] = st;
	r->r[1] = offset;
	r->r[2] = done;
}
