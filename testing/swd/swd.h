/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SWD wire protocol, SW-DP (DPv2) and access ports of a virtual STM32H753.
 *
 * The probe front-end hands over the raw bit stream of jaylink_swd_io(): a
 * direction buffer (1 = probe drives SWDIO) and an out buffer; swd_io()
 * returns the in buffer.  Bit i of a buffer is byte i/8, bit i%8.
 *
 * Sampling: a J-Link reports in bit k the line value of cycle k+1 (OpenOCD's
 * jlink.c reads the ACK starting at the index of the turnaround cycle, where
 * bitbang.c reads it one bit later).  swd_io() models that by default
 * ("sample lag" 1); swd_set_sample_lag(s, 0) gives the plain per-cycle line
 * value instead.  See README.md.
 */
#ifndef VB_SWD_H
#define VB_SWD_H

#include <stdbool.h>
#include <stdint.h>

struct vclock;
struct vb_stats;
struct bus;
struct swd;

struct swd_config {
	/* fraction of new AP transactions answered WAIT (fault injection), 0 = off */
	double ap_wait_rate;
	/* WAITs in a row for such a transaction before it is accepted (default 1) */
	unsigned int ap_wait_burst;
	uint64_t seed;			/* PRNG seed for injection (deterministic) */
	/* AP0 supports packed 8/16-bit transfers (default false: ST-Link log
	 * shows disabled, reference 1.2) */
	bool packed_transfers;
	/* time a MEM-AP bus transfer occupies the AP (TIMING_SWD_AP_ACCESS_NS) */
	uint32_t ap_access_ns;
	/* false (default): a bus transfer that hangs keeps its AP busy (WAIT)
	 * through ABORT.DAPABORT until a system reset (nRESET) or power cycle;
	 * the AHB cannot abort a transfer.  true: DAPABORT frees the AP. */
	bool dapabort_frees_stall;
	/* line fault: the first N AP writes accepted right after an injected
	 * WAIT burst arrive with their data parity bit flipped, so the DP
	 * discards them and sets WDATAERR (default 0: off) */
	unsigned int wdata_error_after_wait;
	/* true (default): while the AP is busy (a transfer in progress or an
	 * injected WAIT burst) the DP answers WAIT to every request ADIv5 does
	 * not exempt: all but DPIDR reads, CTRL/STAT reads and ABORT writes, so
	 * SELECT and CTRL/STAT writes and RDBUFF/RESEND reads too, each such try
	 * counting toward an injected burst.  false: only AP accesses and RDBUFF
	 * reads wait for a transfer, only AP accesses for an injected burst. */
	bool busy_waits_dp;
};

void swd_config_defaults(struct swd_config *cfg);
struct swd *swd_create(const struct swd_config *cfg, struct vclock *clk, struct vb_stats *st,
		struct bus *sysbus, struct bus *apbd);
void swd_destroy(struct swd *s);
void swd_set_clock_khz(struct swd *s, uint32_t khz);
/* Called before any AP bus access at wire time t_ns: the board runs the core and events up to t
   (and advances the clock to t).  Without it, swd advances the clock itself. */
void swd_set_sync(struct swd *s, void (*sync)(void *ctx, uint64_t t_ns), void *ctx);
/* Process nbits cycles; in[] gets what the probe samples each cycle (driven cycles echo out).
   Advances virtual time by nbits clock periods (via sync/clock). */
void swd_io(struct swd *s, unsigned int nbits, const uint8_t *dir, const uint8_t *out, uint8_t *in);
void swd_power_on_reset(struct swd *s);		/* DP/AP state to power-on values */
/* nRESET held: AP0 system-bus transfers fail (H7: AXI unavailable under reset);
   asserting it also ends a hung bus transfer (the AP is free again). */
void swd_set_system_reset(struct swd *s, bool asserted);

/* ---- additional options (each documented in README.md) ------------------ */

/* 1 (default): in bit k = line at cycle k+1 (J-Link); 0: in bit k = line at cycle k. */
void swd_set_sample_lag(struct swd *s, unsigned int cycles);
/* Bus behind AP1 (its target is NOT FOUND in the reference).  Default NULL:
   every AP1 transfer is a bus error (STICKYERR). */
void swd_set_ap1_bus(struct swd *s, struct bus *b);
/* true (default, ADIv5.2 DPv2 lockout state): after a protocol error the DP
   ignores everything until a line reset.  false: it waits for a new header. */
void swd_set_protocol_error_lockout(struct swd *s, bool lockout);
/* true (default): AP accesses while CTRL/STAT.CDBGPWRUPREQ is 0 fail with
   STICKYERR (debug power domain off).  false: APs work without power-up. */
void swd_set_powerup_required(struct swd *s, bool required);
/* DP TARGETID (bank 2).  Default 0x04500041 (reference 1.1: inferred). */
void swd_set_targetid(struct swd *s, uint32_t targetid);

/* ---- inspection for the board and tests ---------------------------------- */

enum swd_link_state {
	SWD_LINK_JTAG = 0,	/* SWJ-DP in JTAG mode (power-on state) */
	SWD_LINK_DORMANT,
	SWD_LINK_RESET,		/* SWD, after line reset: only DPIDR read (or TARGETSEL) */
	SWD_LINK_ACTIVE,
	SWD_LINK_LOCKOUT,	/* SWD, protocol error: waiting for a line reset */
};
enum swd_link_state swd_link_state(const struct swd *s);
uint32_t swd_ctrl_stat(struct swd *s);	/* CTRL/STAT as a read would return it now */

#endif
