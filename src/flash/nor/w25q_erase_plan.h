/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Erase planning for serial NOR flash with 4 KiB sectors, 64 KiB blocks and
 * 256-byte pages (Winbond W25Q and alike): which erase commands to send
 * before data is programmed, and which parts of the data to program.  Pure
 * C, no OpenOCD headers, so that the host unit tests can link it alone.
 *
 * Offsets are flash offsets in bytes.  A plan is a list of erases sorted by
 * offset; each entry erases [offset, offset + size) with size 4 KiB or
 * 64 KiB.
 */
#ifndef OPENOCD_FLASH_NOR_W25Q_ERASE_PLAN_H
#define OPENOCD_FLASH_NOR_W25Q_ERASE_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#define W25Q_PLAN_PAGE		256u
#define W25Q_PLAN_SECTOR	0x1000u		/* 4 KiB: the smallest erase */
#define W25Q_PLAN_BLOCK		0x10000u	/* 64 KiB */

struct w25q_erase {
	uint32_t offset;
	uint32_t size;
};

/*
 * Typical times that decide between erase granularities, in microseconds:
 * a 4 KiB sector erase, a 64 KiB block erase, one page program (all from
 * the part's datasheet or SFDP), and the host's cost of one more run of
 * the program algorithm.
 */
struct w25q_erase_costs {
	uint32_t sector_us;
	uint32_t block_us;
	uint32_t page_us;
	uint32_t run_us;
};

/* true if the page of W25Q_PLAN_PAGE bytes at p is all 0xFF */
bool w25q_page_blank(const uint8_t *p);

/* pages of [p, p + len) (len a multiple of W25Q_PLAN_PAGE) not all 0xFF */
unsigned int w25q_pages_to_program(const uint8_t *p, uint32_t len);

/*
 * Plan for the sectors of [offset, offset + count) flagged in erase[] (one
 * flag per sector of sector_size bytes, 4 KiB or 64 KiB; offset and count
 * whole sectors).  With 4 KiB sectors, an aligned 64 KiB block inside the
 * range gets one block erase when its flagged sectors would cost more as
 * sector erases (erasing the blank ones again is harmless).  Writes at most
 * count / sector_size entries to plan; returns their number.
 */
unsigned int w25q_plan_sectors(const struct w25q_erase_costs *c, uint32_t sector_size,
		uint32_t offset, uint32_t count, const uint8_t *erase,
		struct w25q_erase *plan);

/*
 * One 64 KiB block at offset that must change, data its new content.
 * differ[k] and blank[k] say, for each of its 16 sectors, whether the flash
 * differs from data and whether it reads blank.  Either the whole block is
 * erased and programmed (one entry; prog[] all 1), or only the sectors that
 * differ: each erased unless blank, and programmed (prog[k] = differ[k]),
 * whichever costs less in typical chip time plus one more program run.
 * Appends the erases to plan (at most 16) and returns their number.
 */
unsigned int w25q_plan_block(const struct w25q_erase_costs *c, uint32_t offset,
		const uint8_t *data, const uint8_t *differ, const uint8_t *blank,
		uint8_t *prog, struct w25q_erase *plan);

/*
 * Next segment to program: a run of 4 KiB sectors flagged in prog[] (one
 * flag per 4 KiB of data, count bytes in all), without its leading and
 * trailing blank pages.  Starts at sector *pos and moves it past the run.
 * Returns false when no segment is left; else [*start, *end) relative to
 * data, never empty.
 */
bool w25q_next_segment(const uint8_t *data, const uint8_t *prog, uint32_t count,
		uint32_t *pos, uint32_t *start, uint32_t *end);

#endif /* OPENOCD_FLASH_NOR_W25Q_ERASE_PLAN_H */
