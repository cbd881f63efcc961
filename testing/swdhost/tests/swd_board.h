/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The small board the SWD host engine and the probe firmware models are
 * tested on (swdhost/, vstlink/, vcmsisdap/ unit tests): the board's own SWD
 * wire, SW-DP and MEM-APs over a virtual clock, 8 KiB of RAM at 0x20000000
 * on the system bus (anything else there is unmapped: a bus error), 256 bytes
 * at 0xe00e1000 on APB-D, the wire sampled without lag (as the board sets it
 * for firmware probes), and the struct probe_fw_env a firmware model sees.
 *
 * Header-only with static state: each unit test is its own program.
 */
#ifndef VB_SWD_BOARD_H
#define VB_SWD_BOARD_H

#include "proto/probe_fw.h"
#include "swd/swd.h"
#include "bus/bus.h"
#include "common/stats.h"
#include "common/vclock.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static struct vclock sb_clk;
static struct vb_stats sb_st;
static struct bus sb_sysbus, sb_apbd;
static uint8_t sb_ram[8192], sb_apbram[256];
static struct swd *sb_wire;
static uint64_t sb_bits;		/* SWD cycles clocked through sb_io */
static uint32_t sb_khz;			/* the last clock a firmware set */
static int sb_nreset_low = -1;		/* nRESET as a firmware drives it; -1 untouched */

/* A fresh board (the previous one destroyed, RAM zeroed) with AP WAIT injection. */
static inline struct swd *sb_board(double wait_rate, unsigned int burst)
{
	struct swd_config cfg;

	if (sb_wire)
		swd_destroy(sb_wire);
	vclock_init(&sb_clk);
	memset(&sb_st, 0, sizeof(sb_st));
	memset(sb_ram, 0, sizeof(sb_ram));
	bus_init(&sb_sysbus, "sys", &sb_clk);
	bus_init(&sb_apbd, "apbd", &sb_clk);
	bus_add_region(&sb_sysbus, "ram", 0x20000000, sizeof(sb_ram), sb_ram, NULL, NULL, 0);
	bus_add_region(&sb_apbd, "dbgmcu", 0xe00e1000, sizeof(sb_apbram), sb_apbram, NULL, NULL, 0);
	swd_config_defaults(&cfg);
	cfg.ap_wait_rate = wait_rate;
	cfg.ap_wait_burst = burst;
	sb_wire = swd_create(&cfg, &sb_clk, &sb_st, &sb_sysbus, &sb_apbd);
	swd_set_sample_lag(sb_wire, 0);
	sb_nreset_low = -1;
	return sb_wire;
}

/* ---- the environment of a firmware model (proto/probe_fw.h) ---------------- */

static inline void sb_io(void *ctx, unsigned int nbits, const uint8_t *dir, const uint8_t *out,
		uint8_t *in)
{
	sb_bits += nbits;
	swd_io(sb_wire, nbits, dir, out, in);
}

static inline void sb_set_khz(void *ctx, uint32_t khz)
{
	sb_khz = khz;
	swd_set_clock_khz(sb_wire, khz);
}

static inline void sb_set_nreset(void *ctx, bool low)
{
	sb_nreset_low = low;
}

static inline void sb_delay(void *ctx, uint64_t ns)
{
	sb_clk.now += ns;
}

static inline uint64_t sb_now(void *ctx)
{
	return sb_clk.now;
}

/* The environment on this board; wait_retries -1: the model's default. */
static inline struct probe_fw_env sb_env(int wait_retries)
{
	return (struct probe_fw_env) { .swd_io = sb_io, .set_swd_khz = sb_set_khz,
		.set_nreset = sb_set_nreset, .delay_ns = sb_delay, .now_ns = sb_now,
		.stats = &sb_st, .wait_retries = wait_retries };
}

#endif
