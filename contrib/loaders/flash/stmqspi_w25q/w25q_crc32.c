// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * crc32: r1 flash offset, r2 byte count.  r2 out: CRC-32 as OpenOCD's
 * image_calculate_checksum() computes it; r1 out: end offset.  Data come
 * through CCR_READ word by word and are folded in as they arrive.
 */

#include "w25q_qspi.h"

void w25q_algo(struct w25q_regs *r);

void w25q_algo(struct w25q_regs *r)
{
	struct w25q_ctx c;
	uint32_t tab[16];
	uint32_t crc = 0xFFFFFFFFu, all_ff = 1;
	int st;

	w25q_ctx_init(&c, r->r[0]);
	w25q_crc_table(tab);
	st = w25q_crc_range(&c, tab, r->r[1], r->r[2], &crc, &all_ff);
	r->r[0] = st;
	r->r[1] = r->r[1] + r->r[2];
	r->r[2] = crc;
}
