// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Erase planning for 4 KiB / 64 KiB erasable serial NOR flash; see
 * w25q_erase_plan.h.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "w25q_erase_plan.h"

#define SECTORS_PER_BLOCK	(W25Q_PLAN_BLOCK / W25Q_PLAN_SECTOR)

bool w25q_page_blank(const uint8_t *p)
{
	for (unsigned int i = 0; i < W25Q_PLAN_PAGE; i++)
		if (p[i] != 0xFF)
			return false;
	return true;
}

unsigned int w25q_pages_to_program(const uint8_t *p, uint32_t len)
{
	unsigned int n = 0;

	for (uint32_t i = 0; i < len; i += W25Q_PLAN_PAGE)
		n += !w25q_page_blank(p + i);
	return n;
}

static unsigned int plan_add(struct w25q_erase *plan, unsigned int n, uint32_t offset,
		uint32_t size)
{
	plan[n].offset = offset;
	plan[n].size = size;
	return n + 1;
}

unsigned int w25q_plan_sectors(const struct w25q_erase_costs *c, uint32_t sector_size,
		uint32_t offset, uint32_t count, const uint8_t *erase,
		struct w25q_erase *plan)
{
	const uint32_t end = offset + count;
	unsigned int n = 0;
	uint32_t off = offset;

	while (off < end) {
		const uint8_t *flag = erase + (off - offset) / sector_size;

		if (sector_size == W25Q_PLAN_SECTOR && !(off % W25Q_PLAN_BLOCK) &&
				end - off >= W25Q_PLAN_BLOCK) {
			uint64_t flagged = 0;

			for (unsigned int s = 0; s < SECTORS_PER_BLOCK; s++)
				flagged += !!flag[s];
			if (flagged * c->sector_us > c->block_us) {
				n = plan_add(plan, n, off, W25Q_PLAN_BLOCK);
				off += W25Q_PLAN_BLOCK;
				continue;
			}
		}
		if (*flag)
			n = plan_add(plan, n, off, sector_size);
		off += sector_size;
	}
	return n;
}

unsigned int w25q_plan_block(const struct w25q_erase_costs *c, uint32_t offset,
		const uint8_t *data, const uint8_t *differ, const uint8_t *blank,
		uint8_t *prog, struct w25q_erase *plan)
{
	uint64_t by_block = c->block_us +
		(uint64_t)c->page_us * w25q_pages_to_program(data, W25Q_PLAN_BLOCK);
	uint64_t by_sector = c->run_us;
	unsigned int n = 0;

	for (unsigned int k = 0; k < SECTORS_PER_BLOCK; k++) {
		prog[k] = !!differ[k];
		if (!prog[k])
			continue;
		by_sector += (blank[k] ? 0 : c->sector_us) + (uint64_t)c->page_us *
			w25q_pages_to_program(data + k * W25Q_PLAN_SECTOR, W25Q_PLAN_SECTOR);
	}
	if (by_sector >= by_block) {
		memset(prog, 1, SECTORS_PER_BLOCK);
		return plan_add(plan, 0, offset, W25Q_PLAN_BLOCK);
	}
	for (unsigned int k = 0; k < SECTORS_PER_BLOCK; k++)
		if (prog[k] && !blank[k])
			n = plan_add(plan, n, offset + k * W25Q_PLAN_SECTOR, W25Q_PLAN_SECTOR);
	return n;
}

bool w25q_next_segment(const uint8_t *data, const uint8_t *prog, uint32_t count,
		uint32_t *pos, uint32_t *start, uint32_t *end)
{
	const uint32_t units = count / W25Q_PLAN_SECTOR;

	while (*pos < units) {
		uint32_t s, e;

		if (!prog[*pos]) {
			(*pos)++;
			continue;
		}
		s = *pos * W25Q_PLAN_SECTOR;
		while (*pos < units && prog[*pos])
			(*pos)++;
		e = *pos * W25Q_PLAN_SECTOR;
		while (e > s && w25q_page_blank(data + e - W25Q_PLAN_PAGE))
			e -= W25Q_PLAN_PAGE;
		while (s < e && w25q_page_blank(data + s))
			s += W25Q_PLAN_PAGE;
		if (s < e) {
			*start = s;
			*end = e;
			return true;
		}
	}
	return false;
}
