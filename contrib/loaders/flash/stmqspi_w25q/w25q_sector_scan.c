// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * sector_scan: r1 flash offset, r2 byte count, r3 output array, sector size
 * in W25Q_P_SIZE.  Per sector (the last may be short) two words: its CRC-32
 * (as crc32) and 1 if every byte is 0xFF else 0.  r1 out: offset reached;
 * r2 out: sectors done.
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
			st = w25q_crc_range(&c, tab, offset, n, &crc, &all_ff);
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
