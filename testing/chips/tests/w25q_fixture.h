/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A W25Q chip model on its own virtual clock, and a host that clocks bits
 * onto its wire: the fixture of the host tests that drive the model
 * (chips/tests/test_w25q.c, driver/test_w25q_*_model.c).  Included once per
 * test program; the chip is W, its clock clk, its counters st.
 *
 *   w25q_fixture_config(cfg, part)   the model's defaults for PART, to tweak
 *   w25q_fixture_create(cfg)         a new chip (the old one destroyed) on a
 *                                    fresh clock with zeroed counters
 *   wire_send(v, nbits, lines)       nbits of v, MSB first, on IO0 (1), IO1..0
 *                                    (2) or IO3..0 (4), one clock per slot
 *   wire_recv(buf, n, lines)         n bytes driven by the chip; lines nobody
 *                                    drives read high (pull-ups); returns the
 *                                    OR of the lines the chip drove
 *   wire_cmd(b, n)                   chip select, n bytes on IO0, deselect
 */
#ifndef TESTING_CHIPS_TESTS_W25Q_FIXTURE_H
#define TESTING_CHIPS_TESTS_W25Q_FIXTURE_H

#include <string.h>

#include "chips/w25q.h"
#include "common/stats.h"
#include "common/vclock.h"

static struct vclock clk;
static struct vb_stats st;
static struct w25q *W;

static inline void w25q_fixture_config(struct w25q_config *cfg, enum w25q_part part)
{
	w25q_config_defaults(cfg);
	cfg->part = part;
}

static inline void w25q_fixture_create(const struct w25q_config *cfg)
{
	if (W)
		w25q_destroy(W);
	vclock_init(&clk);
	memset(&st, 0, sizeof(st));
	W = w25q_create(cfg, &clk, &st, NULL);
}

static inline uint8_t wire_lmask(unsigned int lines)
{
	return (uint8_t)((1u << lines) - 1);
}

static inline void wire_send(uint64_t v, unsigned int nbits, unsigned int lines)
{
	for (int sh = (int)nbits - (int)lines; sh >= 0; sh -= (int)lines) {
		uint8_t o = (uint8_t)((v >> sh) & wire_lmask(lines)), in;

		w25q_wire_ops.clock(W, 1, &o, wire_lmask(lines), &in, false);
	}
}

/* the level the host sees on each line: driven by the chip, else pulled up */
static inline uint8_t wire_level(uint8_t in)
{
	uint8_t drv = in >> SPI_IO_DRIVEN_SHIFT;

	return (uint8_t)((in & drv) | (~drv & SPI_IO_MASK));
}

static inline unsigned int wire_recv(uint8_t *buf, unsigned int n, unsigned int lines)
{
	unsigned int drove = 0;

	for (unsigned int i = 0; i < n; i++) {
		uint8_t b = 0;

		for (unsigned int k = 0; k < 8; k += lines) {
			uint8_t o = 0, in, lv;

			w25q_wire_ops.clock(W, 1, &o, 0, &in, false);
			drove |= in >> SPI_IO_DRIVEN_SHIFT;
			lv = wire_level(in);
			b = (uint8_t)(b << lines);
			/* single-line data comes back on IO1 (DO) */
			b |= lines == 1 ? (lv >> 1) & 1 : lv & wire_lmask(lines);
		}
		buf[i] = b;
	}
	return drove;
}

static inline void wire_cmd(const uint8_t *b, unsigned int n)
{
	w25q_wire_ops.select(W, true);
	for (unsigned int i = 0; i < n; i++)
		wire_send(b[i], 8, 1);
	w25q_wire_ops.select(W, false);
}

#endif
