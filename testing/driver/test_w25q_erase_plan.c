// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * src/flash/nor/w25q_erase_plan.c on its own.  The costs are the W25Q01JV's
 * typical figures (SFDP BFPT: 64 ms per 4 KiB erase, 160 ms per 64 KiB,
 * 704 us per page) and a 50 ms program run; the break-even points below are
 * worked out by hand from them, not from the module's formula:
 *   4 KiB sectors: 3 flagged sectors (192 ms) cost more than a block erase;
 *   a full 64 KiB block of data: by sector k differing sectors cost
 *   50 + k * (64 + 16 * 0.704) ms, by block 160 + 256 * 0.704 ms, so up to
 *   3 differing sectors go by sector, 4 or more by block.
 */
#include <string.h>

#include "common/unit.h"
#include "w25q_erase_plan.h"

#define KIB	1024u

static const struct w25q_erase_costs costs = {
	.sector_us = 64000, .block_us = 160000, .page_us = 704, .run_us = 50000,
};

static unsigned int popcount16(unsigned int v)
{
	unsigned int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Every flagged sector inside an entry, no entry outside [offset, end), sorted, disjoint. */
static bool plan_covers(const struct w25q_erase *plan, unsigned int n, uint32_t offset,
	uint32_t count, uint32_t ss, const uint8_t *erase, char *why, size_t size)
{
	for (unsigned int i = 0; i < n; i++) {
		if (plan[i].offset < offset || plan[i].offset + plan[i].size > offset + count ||
				plan[i].offset % plan[i].size) {
			snprintf(why, size, "entry %u 0x%x+0x%x outside or unaligned", i,
				plan[i].offset, plan[i].size);
			return false;
		}
		if (i && plan[i].offset < plan[i - 1].offset + plan[i - 1].size) {
			snprintf(why, size, "entry %u overlaps or is out of order", i);
			return false;
		}
	}
	for (uint32_t s = 0; s < count / ss; s++) {
		uint32_t at = offset + s * ss;
		bool in = false;

		for (unsigned int i = 0; i < n; i++)
			in |= at >= plan[i].offset && at < plan[i].offset + plan[i].size;
		if (erase[s] && !in) {
			snprintf(why, size, "flagged sector at 0x%x not erased", at);
			return false;
		}
	}
	return true;
}

/* All 65536 flag patterns of one aligned 64 KiB block of 4 KiB sectors. */
static void check_sectors_4k_exhaustive(void)
{
	struct w25q_erase plan[16];
	uint8_t erase[16];
	char why[80];

	UNIT_CASE("4 KiB sectors, one block: every flag pattern");
	for (unsigned int v = 0; v < 0x10000; v++) {
		for (unsigned int s = 0; s < 16; s++)
			erase[s] = (v >> s) & 1;
		unsigned int n = w25q_plan_sectors(&costs, 4 * KIB, 0x40000, 64 * KIB, erase,
			plan);
		unsigned int k = popcount16(v);

		UNIT_CHECK(plan_covers(plan, n, 0x40000, 64 * KIB, 4 * KIB, erase, why,
			sizeof(why)), "pattern 0x%04x: %s", v, why);
		if (k >= 3)
			UNIT_CHECK(n == 1 && plan[0].size == 64 * KIB,
				"pattern 0x%04x: %u flagged, want one block erase, got %u entries",
				v, k, n);
		else
			UNIT_CHECK(n == k && (!n || plan[0].size == 4 * KIB),
				"pattern 0x%04x: %u flagged, want %u sector erases, got %u",
				v, k, k, n);
	}
	UNIT_END_CASE();
}

/* A range not aligned to 64 KiB never gets a block erase reaching outside it. */
static void check_sectors_4k_unaligned(void)
{
	struct w25q_erase plan[64];
	uint8_t erase[64];
	char why[80];

	UNIT_CASE("4 KiB sectors, unaligned ranges");
	memset(erase, 1, sizeof(erase));
	for (uint32_t first = 0; first < 16; first++) {
		for (uint32_t n_sec = 1; n_sec <= 48; n_sec++) {
			uint32_t off = 0x7F0000 + first * 4 * KIB;
			unsigned int n = w25q_plan_sectors(&costs, 4 * KIB, off, n_sec * 4 * KIB,
				erase, plan);
			unsigned int blocks = 0;

			UNIT_CHECK(plan_covers(plan, n, off, n_sec * 4 * KIB, 4 * KIB, erase, why,
				sizeof(why)), "0x%x, %u sectors: %s", off, n_sec, why);
			for (unsigned int i = 0; i < n; i++)
				blocks += plan[i].size == 64 * KIB;
			/* whole blocks inside the range, by hand */
			uint32_t lo = (off + 0xFFFF) & ~0xFFFFu, hi = (off + n_sec * 4 * KIB) & ~0xFFFFu;
			unsigned int want = hi > lo ? (hi - lo) / (64 * KIB) : 0;

			UNIT_CHECK(blocks == want, "0x%x, %u sectors: %u block erases, want %u",
				off, n_sec, blocks, want);
		}
	}
	UNIT_END_CASE();
}

static void check_sectors_64k(void)
{
	struct w25q_erase plan[8];
	const uint8_t erase[8] = { 0, 1, 1, 0, 0, 0, 1, 0 };

	UNIT_CASE("64 KiB sectors: one block erase per flagged sector");
	unsigned int n = w25q_plan_sectors(&costs, 64 * KIB, 0x3E00000, 8 * 64 * KIB, erase,
		plan);
	UNIT_CHECK(n == 3, "got %u entries, want 3", n);
	UNIT_CHECK(n == 3 && plan[0].offset == 0x3E10000 && plan[1].offset == 0x3E20000 &&
		plan[2].offset == 0x3E60000 && plan[0].size == 64 * KIB &&
		plan[2].size == 64 * KIB, "wrong entries");
	UNIT_END_CASE();
}

/* Full data, every sector not blank: by sector up to 3 differing, by block from 4. */
static void check_block_exhaustive(void)
{
	static uint8_t data[64 * KIB];
	uint8_t differ[16], blank[16] = { 0 }, prog[16];
	struct w25q_erase plan[16];

	UNIT_CASE("64 KiB block, full data: every pattern of differing sectors");
	memset(data, 0x5A, sizeof(data));
	for (unsigned int v = 1; v < 0x10000; v++) {
		unsigned int k = popcount16(v), n;

		for (unsigned int s = 0; s < 16; s++)
			differ[s] = (v >> s) & 1;
		n = w25q_plan_block(&costs, 0x100000, data, differ, blank, prog, plan);
		if (k <= 3) {
			UNIT_CHECK(n == k, "pattern 0x%04x: %u entries, want %u", v, n, k);
			for (unsigned int s = 0; s < 16; s++)
				UNIT_CHECK(prog[s] == differ[s], "pattern 0x%04x: prog[%u] %u", v, s,
					prog[s]);
			for (unsigned int i = 0; i < n; i++)
				UNIT_CHECK(plan[i].size == 4 * KIB && differ[(plan[i].offset -
					0x100000) / (4 * KIB)], "pattern 0x%04x: entry %u", v, i);
		} else {
			UNIT_CHECK(n == 1 && plan[0].offset == 0x100000 && plan[0].size == 64 * KIB,
				"pattern 0x%04x: want one block erase", v);
			for (unsigned int s = 0; s < 16; s++)
				UNIT_CHECK(prog[s] == 1, "pattern 0x%04x: prog[%u] 0", v, s);
		}
	}
	UNIT_END_CASE();
}

/*
 * Sectors that read blank need no erase; mostly blank data makes the
 * block erase cheap.  By hand: 16 differing blank sectors of one page of
 * data each: by sector 50 + 16 * 0.704 = 61.3 ms, by block 160 + 11.3 ms.
 * One differing non-blank sector with one page, in an otherwise blank
 * block: 50 + 64 + 0.704 against 160 + 0.704: by sector.
 */
static void check_block_examples(void)
{
	static uint8_t data[64 * KIB];
	uint8_t differ[16], blank[16], prog[16];
	struct w25q_erase plan[16];
	unsigned int n;

	UNIT_CASE("64 KiB block: blank sectors and sparse data");
	memset(data, 0xFF, sizeof(data));
	for (unsigned int s = 0; s < 16; s++)
		data[s * 4 * KIB] = 0;
	memset(differ, 1, sizeof(differ));
	memset(blank, 1, sizeof(blank));
	n = w25q_plan_block(&costs, 0, data, differ, blank, prog, plan);
	UNIT_CHECK(n == 0, "blank sectors: %u erases, want none", n);
	for (unsigned int s = 0; s < 16; s++)
		UNIT_CHECK(prog[s] == 1, "blank sectors: prog[%u] 0", s);

	memset(data, 0xFF, sizeof(data));
	data[5 * 4 * KIB + 7] = 0x12;
	memset(differ, 0, sizeof(differ));
	memset(blank, 0, sizeof(blank));
	differ[5] = 1;
	n = w25q_plan_block(&costs, 0x20000, data, differ, blank, prog, plan);
	UNIT_CHECK(n == 1 && plan[0].offset == 0x25000 && plan[0].size == 4 * KIB,
		"one sector: %u entries", n);
	UNIT_CHECK(prog[5] == 1 && prog[4] == 0 && prog[6] == 0, "one sector: prog wrong");
	UNIT_END_CASE();
}

static void check_segments(void)
{
	static uint8_t data[32 * KIB];
	uint8_t prog[8] = { 1, 1, 0, 1, 0, 0, 1, 1 };
	uint32_t pos = 0, s, e;
	struct { uint32_t s, e; } want[] = {
		{ 0x200, 0x1F00 },	/* sectors 0-1, blank pages trimmed */
		{ 0x6000, 0x6100 },	/* sectors 6-7: one page */
	};
	unsigned int got = 0;

	UNIT_CASE("segments: runs of sectors to program, blank pages trimmed");
	memset(data, 0xFF, sizeof(data));
	memset(data + 0x200, 0, 0x1D00);	/* 0x200..0x1EFF */
	data[0x60FF] = 0;			/* sector 6, its first page */
	/* sector 3 flagged but all blank: no segment */
	while (w25q_next_segment(data, prog, sizeof(data), &pos, &s, &e)) {
		UNIT_CHECK(got < 2 && s == want[got].s && e == want[got].e,
			"segment %u: 0x%x..0x%x", got, s, e);
		got++;
	}
	UNIT_CHECK(got == 2, "%u segments, want 2", got);
	UNIT_CHECK(w25q_pages_to_program(data, sizeof(data)) == 30,
		"pages to program %u, want 29 + 1", w25q_pages_to_program(data, sizeof(data)));
	UNIT_END_CASE();
}

int main(void)
{
	check_sectors_4k_exhaustive();
	check_sectors_4k_unaligned();
	check_sectors_64k();
	check_block_exhaustive();
	check_block_examples();
	check_segments();
	UNIT_SUMMARY();
}
