// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * sector_scan: r1 flash offset, r2 byte count, r3 output array, sector size
 * in W25Q_P_SIZE.  Per sector (the last may be short) two words: its CRC-32
 * (as crc32) and 1 if every byte is 0xFF else 0.  r1 out: offset reached;
 * r2 out: sectors done.
 */

#include "w25q_qspi.h"

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

		st = w25q_crc_range(&c, tab, offset, n, &crc, &all_ff);
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
