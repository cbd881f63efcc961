// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Winbond W25Q JV block protection on the chip: the BP/TB/CMP range each
 * die applies, the individual block locks (WPS = 1), and writing new
 * protection bits to every die.  The bit layout and the ladder are in
 * w25q_protect.c.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <inttypes.h>
#include <stdlib.h>

#include <flash/common.h>
#include <helper/log.h>

#include "w25q_chip.h"
#include "w25q_protect.h"

#define OP_WRSR1		0x01
#define OP_WRSR2		0x31

unsigned int w25q_die_of(const struct w25q_chip *c, uint32_t offset)
{
	unsigned int die = offset >> W25Q_DIE_SHIFT;

	return die < c->dies ? die : c->dies - 1;
}

bool w25q_die_wps(const struct w25q_chip *c, unsigned int die)
{
	return c->sr[die][2] & W25Q_SR3_WPS;
}

/*
 * Whole-chip scope: the die applies the ladder over the whole chip and
 * guards its own part of that range; else each die over its own 64 MiB.
 * Which one the W25Q01JV does is not documented: an option.
 */
void w25q_die_protected(const struct w25q_chip *c, unsigned int die, uint32_t *start,
	uint32_t *len)
{
	struct w25q_prot_bits b = w25q_prot_from_sr(c->sr[die][0], c->sr[die][1]);
	uint32_t die_base = die * W25Q_DIE_SIZE;
	uint32_t die_end = die_base + (c->size / c->dies);
	uint32_t s, l;

	if (c->bp_whole_chip) {
		w25q_prot_decode(b, c->size, &s, &l);
	} else {
		w25q_prot_decode(b, c->size / c->dies, &s, &l);
		s += die_base;
	}
	/* clip to the die */
	uint32_t e = s + l;
	if (l == 0 || e <= die_base || s >= die_end) {
		*start = die_base;
		*len = 0;
		return;
	}
	if (s < die_base)
		s = die_base;
	if (e > die_end)
		e = die_end;
	*start = s;
	*len = e - s;
}

bool w25q_offset_protected(const struct w25q_chip *c, uint32_t offset)
{
	uint32_t s, l;

	w25q_die_protected(c, w25q_die_of(c, offset), &s, &l);
	return offset >= s && offset - s < l;
}

const char *w25q_sr_locked(const struct w25q_chip *c, unsigned int *die)
{
	for (*die = 0; *die < c->dies; (*die)++) {
		const char *why = w25q_prot_sr_locked(c->sr[*die][0], c->sr[*die][1], false);

		if (why)
			return why;
	}
	return NULL;
}

/* one sector's lock units: 3Dh read, or 06h + 36h/39h */
static int lock_sector(struct w25q_chip *c, uint32_t offset, uint32_t size,
	enum w25q_lock_op op, int8_t *lock)
{
	const uint32_t die_size = c->size / c->dies;
	uint32_t in_die = offset % die_size;
	bool edge = in_die < 0x10000 || in_die >= die_size - 0x10000;
	uint32_t unit = edge ? 0x1000U : 0x10000U;
	int retval = ERROR_OK;

	if (unit > size)
		unit = size;
	*lock = op == W25Q_LOCK_SET;
	for (uint32_t a = offset; retval == ERROR_OK && a < offset + size; a += unit) {
		uint8_t bit = 0;

		if (op == W25Q_LOCK_READ) {
			retval = w25q_read_lock_bit(c, a, &bit);
			if (bit & 1)
				*lock = 1;
			continue;
		}
		retval = w25q_write_enable(c, w25q_die_of(c, a));
		if (retval == ERROR_OK)
			retval = w25q_cmd_addr(c, op == W25Q_LOCK_SET ? W25Q_OP_BLOCK_LOCK :
				W25Q_OP_BLOCK_UNLOCK, a);
	}
	return retval;
}

/*
 * The unit is a 64 KiB block, or a 4 KiB sector in the first and last
 * block of a die (the JV datasheets' individual block lock map; that the
 * edges are per die on the stacked parts is an assumption).  3Dh/36h/39h
 * take an address in the current address mode, so the chip goes to 4-byte
 * mode (B7h) for them and back (E9h).
 */
int w25q_locks(struct w25q_chip *c, uint32_t sector_size, unsigned int first,
	unsigned int last, enum w25q_lock_op op, int8_t *lock)
{
	bool four = c->sr[0][2] & W25Q_SR3_ADS;
	bool entered = false;
	int retval = ERROR_OK;

	for (unsigned int i = first; i <= last && retval == ERROR_OK; i++) {
		uint32_t offset = i * sector_size;

		lock[i - first] = -1;
		if (!w25q_die_wps(c, w25q_die_of(c, offset)))
			continue;
		if (!four && !entered) {
			retval = w25q_cmd(c, W25Q_OP_EN4B);
			entered = retval == ERROR_OK;
		}
		if (retval == ERROR_OK)
			retval = lock_sector(c, offset, sector_size, op, &lock[i - first]);
	}
	if (entered) {
		int r2 = w25q_cmd(c, W25Q_OP_EX4B);

		if (retval == ERROR_OK)
			retval = r2;
	}
	return retval;
}

/* Write SR1 and SR2 (01h, 31h) where they change, check every die took them. */
static int write_sr12(struct w25q_chip *c, uint8_t sr1, uint8_t sr2)
{
	const uint8_t mask[2] = { 0x7C, 0x40 };	/* BP3-0, TB; CMP */
	const uint8_t ops[2] = { OP_WRSR1, OP_WRSR2 };
	uint8_t val[2] = { sr1, sr2 };
	int retval;

	if ((c->sr[0][1] ^ sr2) & mask[1]) {
		/*
		 * 06h + 31h writes all of the non-volatile SR2, but 35h reads the
		 * value in effect, which a volatile write (50h) of the firmware may
		 * have changed, and the stored one cannot be read without a reset
		 * that would drop the firmware's settings.  Writing QE from 35h
		 * could make a volatile QE=1 permanent, or clear a stored QE=1: only
		 * QE=1 on a part whose QE is fixed at 1 is known to be the stored
		 * value (SRL=1 is refused before, LB3-1 are OTP and read as stored).
		 */
		for (unsigned int die = 0; die < c->dies; die++) {
			if (c->part->qe_fixed && (c->sr[die][1] & W25Q_SR2_QE))
				continue;
			LOG_ERROR("flash protect needs CMP=%u in status register 2, whose write"
				" (06h, 31h) also stores QE; die %u reads SR2 0x%02x (QE=%u) and the"
				" stored QE of this part (%s) cannot be told from a volatile one the"
				" firmware set: refused, nothing was changed. Choose a range that"
				" keeps CMP=%u, or write SR2 with 'stmqspi cmd' knowing the stored QE",
				(sr2 & mask[1]) ? 1 : 0, die, c->sr[die][1],
				(c->sr[die][1] & W25Q_SR2_QE) ? 1 : 0, c->part->name,
				(c->sr[0][1] & mask[1]) ? 1 : 0);
			return ERROR_FLASH_OPERATION_FAILED;
		}
	}
	if ((c->sr[0][0] ^ sr1) & mask[0]) {
		/*
		 * 06h + 01h stores all of SR1, SRP included, and 05h reads the
		 * SRP in effect.  SRP=1 may be a volatile value the firmware set
		 * (50h): writing it back would make the /WP hardware protection
		 * permanent, so it is refused.  SRP=0 is written as read (the
		 * stored value is 0 unless the firmware cleared a stored 1 with a
		 * volatile write, which cannot be told without a reset).
		 */
		for (unsigned int die = 0; die < c->dies; die++) {
			if (!(c->sr[die][0] & W25Q_SR1_SRP))
				continue;
			LOG_ERROR("flash protect writes status register 1 (06h, 01h), which also"
				" stores SRP; die %u reads SR1 0x%02x (SRP=1) and the stored SRP of"
				" this part (%s) cannot be told from a volatile one the firmware set:"
				" refused, nothing was changed. Write SR1 with 'stmqspi cmd' knowing"
				" the stored SRP", die, c->sr[die][0], c->part->name);
			return ERROR_FLASH_OPERATION_FAILED;
		}
	}
	for (unsigned int i = 0; i < 2; i++) {
		if (!((c->sr[0][i] ^ val[i]) & mask[i]))
			continue;
		retval = w25q_write_enable(c, 0);
		if (retval == ERROR_OK)
			retval = w25q_write_reg(c, ops[i], val[i]);
		if (retval == ERROR_OK)
			retval = w25q_wait_ready(c, &w25q_wait_sr_write);
		if (retval != ERROR_OK)
			return retval;
	}
	retval = w25q_read_all_status(c);
	if (retval != ERROR_OK)
		return retval;
	for (unsigned int die = 0; die < c->dies; die++) {
		if ((c->sr[die][0] & mask[0]) != (sr1 & mask[0]) ||
			(c->sr[die][1] & mask[1]) != (sr2 & mask[1])) {
			LOG_ERROR("flash die %u did not take the protection bits: SR1 0x%02x"
				" SR2 0x%02x, wanted 0x%02x 0x%02x", die, c->sr[die][0],
				c->sr[die][1], sr1, sr2);
			return ERROR_FLASH_OPERATION_FAILED;
		}
	}
	return ERROR_OK;
}

/* an encoding of want that keeps the current CMP, if there is one: SR1 alone is written then */
static void keep_cmp(const struct w25q_chip *c, struct w25q_prot_range want,
	struct w25q_prot_bits *bits)
{
	bool cur_cmp = w25q_prot_from_sr(c->sr[0][0], c->sr[0][1]).cmp;

	for (unsigned int k = 0; bits->cmp != cur_cmp && k < 32; k++) {
		struct w25q_prot_bits b = { .bp = k >> 1, .tb = k & 1, .cmp = cur_cmp };
		uint32_t s, l;

		w25q_prot_decode(b, c->size, &s, &l);
		if (l == want.len && (!l || s == want.start))
			*bits = b;
	}
}

int w25q_set_bp(struct w25q_chip *c, bool set, uint32_t lo, uint32_t hi)
{
	struct w25q_prot_range cur, want;
	struct w25q_prot_bits bits;
	uint32_t is = 0, il = 0, os = 0, ol = 0;
	int retval;

	if (!c->bp_whole_chip && c->dies > 1) {
		LOG_ERROR("per-die protection ladder: set protection with 'stmqspi cmd'");
		return ERROR_FLASH_OPER_UNSUPPORTED;
	}
	/* current protected range over the chip (all dies hold the same bits) */
	w25q_prot_decode(w25q_prot_from_sr(c->sr[0][0], c->sr[0][1]), c->size,
		&cur.start, &cur.len);
	bool one = w25q_prot_change(cur, set, lo, hi, &want);
	if (!one || !w25q_prot_encode(c->size, want.start, want.len, &bits)) {
		LOG_ERROR("the flash protects one range from the top or bottom of the chip "
			"in steps of 64 KiB x 2^n; 0x%08" PRIx32 "..0x%08" PRIx32 " %s cannot be"
			" expressed", lo, hi - 1, set ? "on" : "off");
		if (one && w25q_prot_nearest(c->size, want.start, want.len, &is, &il, &os, &ol))
			LOG_ERROR("nearest: 0x%08" PRIx32 "+0x%" PRIx32 " inside, 0x%08" PRIx32
				"+0x%" PRIx32 " around", is, il, os, ol);
		return ERROR_FLASH_OPER_UNSUPPORTED;
	}

	keep_cmp(c, want, &bits);
	uint8_t sr1 = c->sr[0][0], sr2 = c->sr[0][1];
	w25q_prot_to_sr(bits, &sr1, &sr2);
	retval = write_sr12(c, sr1, sr2);
	if (retval == ERROR_OK) {
		char text[40];

		w25q_prot_describe(bits, text, sizeof(text));
		LOG_INFO("flash protection now %s: 0x%08" PRIx32 "+0x%" PRIx32, text,
			want.start, want.len);
	}
	return retval;
}
