// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * erase: r3 = list of r2 entries {u32 offset, u32 ccr}, one erase command
 * each (21h/DCh with an address, C7h without).  Per entry: all dies idle,
 * 06h and WEL on the die of offset, the command, accepted check, all dies
 * idle.  r1 out: offset of the failing or last entry; r2 out: entries done.
 */

#include "w25q_qspi.h"

void w25q_algo(struct w25q_regs *r);

void w25q_algo(struct w25q_regs *r)
{
	struct w25q_ctx c;
	const volatile uint32_t *list = (const volatile uint32_t *)r->r[3];
	uint32_t count = r->r[2], done = 0, offset = r->r[1];
	int st = W25Q_OK;

	w25q_ctx_init(&c, r->r[0]);
	for (; done < count; done++) {
		offset = list[2 * done];
		st = w25q_prepare(&c, offset);
		if (st == W25Q_OK)
			st = qspi_cmd(&c, list[2 * done + 1], offset);
		if (st == W25Q_OK)
			st = w25q_accepted(&c);
		if (st == W25Q_OK)
			st = w25q_wait_all(&c);
		if (st != W25Q_OK)
			break;
	}
	w25q_select(&c, 0);
	r->r[0] = st;
	r->r[1] = offset;
	r->r[2] = done;
}
