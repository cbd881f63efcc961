/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Winbond W25Q (JV family, 4 BP bits) block protection: status register
 * bits <-> protected address range.  Pure C, no OpenOCD headers, so that the
 * host unit tests can link it alone.
 *
 * Facts: shared/reference/w25q01jv.md ("ref" below).
 *
 * Bits (ref 3.1): SR1 = SRP b7, TB b6, BP3..0 b5..2, WEL b1, BUSY b0;
 * SR2 = SUS b7, CMP b6, LB3..1 b5..3, QE b1, SRL b0; SR3 = DRV b6..5, WPS b2,
 * ADP b1, ADS b0.
 *
 * Ladder (ref 3.6, WPS = 0), over a "ladder space" of space_size bytes:
 *   BP = 0       nothing;
 *   BP = 1..15   len = W25Q_PROT_MIN_LEN << (BP - 1), capped at space_size;
 *                once len reaches space_size the whole space is protected
 *                (128 MiB: BP >= 1100; 64 MiB: BP >= 1011);
 *   TB = 0       the range is at the top of the space, TB = 1 at the bottom.
 * CMP = 1 swaps protected and unprotected parts (ref 3.6 "With CMP = 1"):
 *   BP = 0 + CMP = 1                  the whole space;
 *   ladder gives the whole space      nothing (ref: "BP=1111 gives none";
 *                                     likewise 1100..1110 at 128 MiB and
 *                                     1011..1110 at 64 MiB, since the ladder
 *                                     already covers everything there);
 *   otherwise                         everything except the ladder range, i.e.
 *                                     TB = 0: [0, space - len), TB = 1:
 *                                     [len, space).
 * TB does not matter for "nothing" and "all".
 *
 * Which space applies on the two-die W25Q01JV is unknown (ref 3.6 UNK): every
 * die may apply the ladder over the whole 128 MiB chip, or each die over its
 * own 64 MiB.  The caller chooses by passing the chip or the die size.  The
 * minimum protected length is 64 KiB for both (ref 3.6, Linux swp.c).
 *
 * None of this applies when SR3.WPS = 1: then the individual block/sector
 * lock bits decide (ref 3.7), and they all read locked after power-up.
 *
 * Ranges are [start, start + len); "nothing" is start = 0, len = 0.
 * space_size must be a multiple of W25Q_PROT_MIN_LEN and a power of two.
 */
#ifndef OPENOCD_FLASH_NOR_W25Q_PROTECT_H
#define OPENOCD_FLASH_NOR_W25Q_PROTECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define W25Q_PROT_MIN_LEN	0x10000u	/* 64 KiB, ref 3.6 */

#define W25Q_SR1_BUSY		0x01
#define W25Q_SR1_WEL		0x02
#define W25Q_SR1_BP_SHIFT	2
#define W25Q_SR1_BP_MASK	0x3c
#define W25Q_SR1_TB		0x40
#define W25Q_SR1_SRP		0x80
#define W25Q_SR2_SRL		0x01
#define W25Q_SR2_QE		0x02
#define W25Q_SR2_LB_MASK	0x38
#define W25Q_SR2_CMP		0x40
#define W25Q_SR2_SUS		0x80
#define W25Q_SR3_ADS		0x01
#define W25Q_SR3_ADP		0x02
#define W25Q_SR3_WPS		0x04
#define W25Q_SR3_DRV_MASK	0x60

struct w25q_prot_bits {
	uint8_t bp;	/* BP3..0 as a number 0..15 */
	bool tb;
	bool cmp;
};

/* Protected range [*start, *start + *len) of bits b in a space of space_size bytes. */
void w25q_prot_decode(struct w25q_prot_bits b, uint32_t space_size, uint32_t *start,
		uint32_t *len);

/* BP/TB/CMP from SR1 and SR2 values. */
struct w25q_prot_bits w25q_prot_from_sr(uint8_t sr1, uint8_t sr2);

/* Put b into SR1/SR2 values, keeping every other bit. */
void w25q_prot_to_sr(struct w25q_prot_bits b, uint8_t *sr1, uint8_t *sr2);

/*
 * Bits that protect exactly [start, start + len) (len 0: nothing, whatever
 * start).  When several encodings give the range, CMP = 0 wins, then the
 * smallest BP, then TB = 0.  Returns false if the range is not representable
 * (or does not fit in the space).
 */
bool w25q_prot_encode(uint32_t space_size, uint32_t start, uint32_t len,
		struct w25q_prot_bits *out);

/*
 * For error messages: the largest representable range inside the wanted one
 * (inner; len 0 if nothing but "nothing" fits) and the smallest one that
 * contains it (outer).  Equal sizes are broken in w25q_prot_encode's order.
 * Returns false (outputs untouched) if the wanted range does not fit in the
 * space.
 */
bool w25q_prot_nearest(uint32_t space_size, uint32_t start, uint32_t len,
		uint32_t *inner_start, uint32_t *inner_len,
		uint32_t *outer_start, uint32_t *outer_len);

/* "BP=0101 TB=0 CMP=0"; returns what snprintf returns. */
int w25q_prot_describe(struct w25q_prot_bits b, char *buf, size_t size);

/*
 * Why the status registers cannot be written, or NULL if they can (ref 3.5):
 *   SRL = 1                    locked until the next power cycle;
 *   SRL = 0, SRP = 1, /WP low  hardware protected;
 *   otherwise                  writable (after 06h or 50h).
 * /WP only acts while QE = 0: with QE = 1 the pin is IO2 (ref 3.4), so
 * SRP = 1 then does not lock.  wp_pin_low: pass false when the /WP level is
 * unknown.
 */
const char *w25q_prot_sr_locked(uint8_t sr1, uint8_t sr2, bool wp_pin_low);

struct w25q_prot_range {
	uint32_t start, len;
};

/*
 * flash protect policy: the protected range after [lo, hi) is set (or
 * cleared) on top of the current range cur.  Returns false when the result
 * is not one range (two ranges, or a hole in the middle), which no
 * BP/TB/CMP value expresses; else the range in *out.
 */
bool w25q_prot_change(struct w25q_prot_range cur, bool set, uint32_t lo, uint32_t hi,
		struct w25q_prot_range *out);

#endif /* OPENOCD_FLASH_NOR_W25Q_PROTECT_H */
