// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Winbond W25Q block protection bits <-> address ranges.  The rules and the
 * reference sections they come from are in w25q_protect.h.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>

#include "w25q_protect.h"

#define BP_COUNT	16

/* Length of the ladder range for bp, before CMP. */
static uint32_t ladder_len(unsigned int bp, uint32_t space_size)
{
	uint64_t len;

	if (bp == 0)
		return 0;
	len = (uint64_t)W25Q_PROT_MIN_LEN << (bp - 1);
	return len < space_size ? (uint32_t)len : space_size;
}

void w25q_prot_decode(struct w25q_prot_bits b, uint32_t space_size, uint32_t *start,
		uint32_t *len)
{
	uint32_t l = ladder_len(b.bp & 0xf, space_size);
	uint32_t s, n;

	if (!b.cmp) {
		n = l;
		s = (b.tb || n == 0) ? 0 : space_size - n;
	} else if (l == 0) {
		s = 0;
		n = space_size;
	} else if (l == space_size) {
		s = 0;
		n = 0;
	} else if (b.tb) {
		s = l;
		n = space_size - l;
	} else {
		s = 0;
		n = space_size - l;
	}
	*start = s;
	*len = n;
}

struct w25q_prot_bits w25q_prot_from_sr(uint8_t sr1, uint8_t sr2)
{
	struct w25q_prot_bits b = {
		.bp = (uint8_t)((sr1 & W25Q_SR1_BP_MASK) >> W25Q_SR1_BP_SHIFT),
		.tb = (sr1 & W25Q_SR1_TB) != 0,
		.cmp = (sr2 & W25Q_SR2_CMP) != 0,
	};

	return b;
}

void w25q_prot_to_sr(struct w25q_prot_bits b, uint8_t *sr1, uint8_t *sr2)
{
	uint8_t v1 = *sr1 & (uint8_t)~(W25Q_SR1_BP_MASK | W25Q_SR1_TB);
	uint8_t v2 = *sr2 & (uint8_t)~W25Q_SR2_CMP;

	v1 |= (uint8_t)((b.bp << W25Q_SR1_BP_SHIFT) & W25Q_SR1_BP_MASK);
	if (b.tb)
		v1 |= W25Q_SR1_TB;
	if (b.cmp)
		v2 |= W25Q_SR2_CMP;
	*sr1 = v1;
	*sr2 = v2;
}

/* The i-th encoding in preference order: CMP = 0 first, then BP, then TB. */
static struct w25q_prot_bits nth_bits(unsigned int i)
{
	struct w25q_prot_bits b = {
		.bp = (uint8_t)((i / 2) % BP_COUNT),
		.tb = (i % 2) != 0,
		.cmp = i >= 2 * BP_COUNT,
	};

	return b;
}

#define N_ENCODINGS	(4 * BP_COUNT)

static bool range_fits(uint32_t space_size, uint32_t start, uint32_t len)
{
	return (uint64_t)start + len <= space_size;
}

bool w25q_prot_encode(uint32_t space_size, uint32_t start, uint32_t len,
		struct w25q_prot_bits *out)
{
	if (len == 0) {
		out->bp = 0;
		out->tb = false;
		out->cmp = false;
		return true;
	}
	if (!range_fits(space_size, start, len))
		return false;
	for (unsigned int i = 0; i < N_ENCODINGS; i++) {
		struct w25q_prot_bits b = nth_bits(i);
		uint32_t s, n;

		w25q_prot_decode(b, space_size, &s, &n);
		if (s == start && n == len) {
			*out = b;
			return true;
		}
	}
	return false;
}

bool w25q_prot_nearest(uint32_t space_size, uint32_t start, uint32_t len,
		uint32_t *inner_start, uint32_t *inner_len,
		uint32_t *outer_start, uint32_t *outer_len)
{
	uint64_t end = (uint64_t)start + len;
	uint32_t in_s = 0, in_n = 0, out_s = 0;
	uint64_t out_n = UINT64_MAX;

	if (!range_fits(space_size, start, len))
		return false;
	for (unsigned int i = 0; i < N_ENCODINGS; i++) {
		uint32_t s, n;

		w25q_prot_decode(nth_bits(i), space_size, &s, &n);
		if (n == 0) {
			/* "nothing" is inside anything and contains only nothing */
			if (len == 0 && out_n > 0) {
				out_s = 0;
				out_n = 0;
			}
			continue;
		}
		if (s >= start && (uint64_t)s + n <= end && n > in_n) {
			in_s = s;
			in_n = n;
		}
		if (s <= start && (uint64_t)s + n >= end && n < out_n) {
			out_s = s;
			out_n = n;
		}
	}
	*inner_start = in_s;
	*inner_len = in_n;
	*outer_start = out_s;
	*outer_len = (uint32_t)out_n;
	return true;
}

int w25q_prot_describe(struct w25q_prot_bits b, char *buf, size_t size)
{
	return snprintf(buf, size, "BP=%u%u%u%u TB=%u CMP=%u",
			(b.bp >> 3) & 1u, (b.bp >> 2) & 1u, (b.bp >> 1) & 1u, b.bp & 1u,
			b.tb ? 1u : 0u, b.cmp ? 1u : 0u);
}

const char *w25q_prot_sr_locked(uint8_t sr1, uint8_t sr2, bool wp_pin_low)
{
	if (sr2 & W25Q_SR2_SRL)
		return "SRL=1: status registers locked until the next power cycle";
	if ((sr1 & W25Q_SR1_SRP) && wp_pin_low && !(sr2 & W25Q_SR2_QE))
		return "SRP=1 with /WP low: status registers hardware protected";
	return NULL;
}

bool w25q_prot_change(struct w25q_prot_range cur, bool set, uint32_t lo, uint32_t hi,
		struct w25q_prot_range *out)
{
	uint32_t cur_end = cur.start + cur.len;

	if (set && cur.len && (hi < cur.start || lo > cur_end))
		return false;	/* two ranges */
	if (set && !cur.len) {
		out->start = lo;
		out->len = hi - lo;
		return true;
	}
	if (set) {
		out->start = lo < cur.start ? lo : cur.start;
		out->len = (hi > cur_end ? hi : cur_end) - out->start;
		return true;
	}
	if (lo <= cur.start && hi >= cur_end) {
		out->start = 0;
		out->len = 0;
	} else if (lo <= cur.start && hi > cur.start) {
		out->start = hi;
		out->len = cur_end - hi;
	} else if (hi >= cur_end && lo < cur_end) {
		out->start = cur.start;
		out->len = lo - cur.start;
	} else if (hi <= cur.start || lo >= cur_end) {
		*out = cur;
	} else {
		return false;	/* a hole in the middle */
	}
	return true;
}
