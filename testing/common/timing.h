/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Every timing constant of the virtual board, with its source, in one place.
 * Values a user may want to change are also board options (vboard --help
 * names the constant it overrides).  Tags: [REF x] = ../shared/reference/x,
 * [DERIVED] = computed from other facts (the computation is given),
 * [ASSUMED] = no source found; a documented choice.
 */
#ifndef VB_TIMING_H
#define VB_TIMING_H

/* ---- probe and wire ------------------------------------------------------ */

/*
 * Cost of one probe request/response round trip (one libjaylink call that
 * talks to the probe), on top of the bit time.  [DERIVED] from the speed
 * anchor in [REF jlink-swd.md] (OpenOCD + J-Link EDU at 1.8 MHz: 113 KiB/s
 * RAM download): a 2048-byte jlink SWD buffer holds ~300 word writes of 54
 * clocks (46 + 8 idle), 9.1 ms of bits carrying 1.2 KB; 113 KiB/s means
 * ~10.4 ms per round trip, i.e. ~1.3 ms of overhead, consistent with
 * full-speed USB's 1 ms frames.  Option --probe-latency-us.
 */
#define TIMING_PROBE_ROUND_TRIP_NS	1000000ULL

/*
 * J-Link speed table reported to OpenOCD: base frequency / divider.
 * [ASSUMED] 60 MHz base, minimum divider 4 (15 MHz max: [REF jlink-swd.md]
 * "J-Link BASE/EDU SWD clock max 15 MHz").
 */
#define TIMING_JLINK_BASE_FREQ_HZ	60000000U
#define TIMING_JLINK_MIN_DIV		4U
/* SWD clock before the probe is told a speed.  [ASSUMED] */
#define TIMING_SWD_DEFAULT_KHZ		4000U

/* ---- core ---------------------------------------------------------------- */

/* sys_ck after reset: HSI at 64 MHz.  [REF stm32h753.md 6.4: HSI is the
 * system clock until the board script switches to PLL1]; HSI_VALUE in CMSIS. */
#define TIMING_HSI_HZ			64000000U
/* Cycles per instruction: [ASSUMED] 1 (the M7 is dual-issue; loaders are
 * dominated by bus accesses, which are counted separately). */
#define TIMING_CORE_CPI			1U
/* Extra core cycles for an access to a peripheral register (AHB/APB bridge).
 * [ASSUMED] 4 cycles. */
#define TIMING_PERIPH_ACCESS_CYCLES	4U

/* ---- internal flash (periph/flash) ----------------------------------------
 * Filled in by the internal flash model; each with its datasheet source. */

/* ---- W25Q01JV (chips/w25q01jv) --------------------------------------------
 * [REF w25q01jv.md 5.1]: SFDP typical values; max = typical x multiplier. */
#define TIMING_W25Q_PP_TYP_NS		704000ULL	/* 256-byte page program */
#define TIMING_W25Q_PP_MAX_NS		4224000ULL
#define TIMING_W25Q_SE4K_TYP_NS		64000000ULL
#define TIMING_W25Q_SE4K_MAX_NS		896000000ULL
#define TIMING_W25Q_BE32K_TYP_NS	128000000ULL
#define TIMING_W25Q_BE32K_MAX_NS	1792000000ULL
#define TIMING_W25Q_BE64K_TYP_NS	160000000ULL
#define TIMING_W25Q_BE64K_MAX_NS	2240000000ULL
#define TIMING_W25Q_CE_TYP_NS		192000000000ULL
#define TIMING_W25Q_CE_MAX_NS		2688000000000ULL
/* Both-die commands: second die finishes up to this much later.
 * [REF w25q01jv.md 4, 5.2] (Linux commit 9b4db032fb2b).  --die-skew-us. */
#define TIMING_W25Q_DIE_SKEW_NS		200000ULL
/* Software reset recovery tRST, power-down entry tDP, release tRES1.
 * [REF w25q01jv.md 5.2] [FAM: RV reference code]. */
#define TIMING_W25Q_RST_NS		30000ULL
#define TIMING_W25Q_DP_NS		3000ULL
#define TIMING_W25Q_RES1_NS		3000ULL
/* Suspend latency tSUS.  [REF w25q01jv.md 5.1] SFDP DW12. */
#define TIMING_W25Q_SUS_NS		20000ULL
/* Non-volatile status register write tW.  [REF w25q01jv.md 5.2]: unknown for
 * the 01JV.  [ASSUMED] 10 ms typ / 15 ms max (JV-family W25Q256JV datasheet
 * values, not confirmed for this part).  --tw-us. */
#define TIMING_W25Q_TW_TYP_NS		10000000ULL
#define TIMING_W25Q_TW_MAX_NS		15000000ULL

/* ---- QUADSPI (qspi) ---------------------------------------------------------
 * Filled in by the QUADSPI model. */

#endif
