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
 * USB cost of one probe request/response round trip (one libjaylink call
 * that talks to the probe), on top of the bit time and the per-byte cost.
 * Probe classes (vjlink/probe_class.h) pick one; --probe-latency-us
 * overrides it.
 *
 * Full speed: [DERIVED] from the speed anchor in [REF jlink-swd.md] (OpenOCD
 * + J-Link EDU at 1.8 MHz: 113 KiB/s RAM download): a 2048-byte jlink SWD
 * buffer holds ~300 word writes of 54 clocks (46 + 8 idle), 9.1 ms of bits
 * carrying 1.2 KB; 113 KiB/s means ~10.4 ms per round trip, i.e. ~1.3 ms of
 * overhead, consistent with full-speed USB's 1 ms frames.
 * High speed: [REF silicon-risks.md] a J-Link V10 OpenOCD debug log
 * (raspberrypi/openocd#9) shows queue flushes of roughly 0.3-0.45 ms each,
 * small transfers included; 0.4 ms taken (the upper part: harsher).
 */
#define TIMING_USB_FS_ROUND_TRIP_NS	1000000ULL
#define TIMING_USB_HS_ROUND_TRIP_NS	400000ULL

/*
 * USB cost per byte of a request or response, on top of the round trip.
 * Full speed: [REF silicon-risks.md] "full-speed USB adds about 1 us per
 * byte".  High speed: [DERIVED] 480 / 12 Mbit/s = 40 times faster, 25 ns.
 */
#define TIMING_USB_FS_BYTE_NS		1000ULL
#define TIMING_USB_HS_BYTE_NS		25ULL

/*
 * Probe memory a jaylink_swd_io() request of N bits needs: the 4-byte command
 * (0xcf, 0, u16 N: libjaylink 0.3 swd.c) plus the direction, output and input
 * buffers, ceil(N/8) bytes each.  [DERIVED] from libjaylink's wire format;
 * the input buffer counted as well: [ASSUMED] (harsher).  A request needing
 * as much as or more than the free memory the probe reports fails with SWD
 * I/O status 0x06 (JAYLINK_ERR_DEV_NO_MEMORY) and nothing of it is clocked
 * out: probe-rs#2144 saw real J-Link SWD transfers fail when a request was
 * as large as the reported free memory ([REF silicon-risks.md]).
 */
#define TIMING_JLINK_SWD_CMD_BYTES	4U
#define TIMING_JLINK_SWD_BUFFERS	3U

/*
 * J-Link speed table reported to OpenOCD: base frequency / divider, per
 * probe class.  Default class: 60 MHz / 4 = 15 MHz ([REF jlink-swd.md]
 * "J-Link BASE/EDU SWD clock max 15 MHz"; the 60 MHz base is [ASSUMED]).
 */
#define TIMING_JLINK_BASE_FREQ_HZ	60000000U
#define TIMING_JLINK_MIN_DIV		4U
/* SWD clock before the probe is told a speed.  [ASSUMED] */
#define TIMING_SWD_DEFAULT_KHZ		4000U

/*
 * CMSIS-DAP probe (vcmsisdap/): the common cheap case, the reference
 * CMSIS-DAP firmware on a 72 MHz Cortex-M3 (an STM32F103 "CMSIS-DAP" or
 * DAPLink dongle) with a full-speed USB HID interface: 64-byte reports, one
 * interrupt transaction per direction per 1 ms frame (USB 2.0 5.7.3/5.7.4,
 * full speed: wMaxPacketSize <= 64, bInterval >= 1 frame).
 * Round trip: [DERIVED] one OUT report and its IN report take at least one
 * frame each way but OpenOCD keeps up to 3 reports in flight, so its
 * throughput is one command per frame: 1 ms per command (the frame, not the
 * wire, is the limit).  Per byte: the full-speed figure above; a HID report
 * is always sent whole (64 bytes each way).
 * SWD clock: the reference firmware bit-bangs SWCLK with a delay loop
 * ([REF CMSIS-DAP Firmware/Source/DAP.c Set_Clock_Delay, DAP_config.h]):
 * fast mode (no delay) when the request is at least
 * CPU / 2 / (IO_PORT_WRITE_CYCLES + DELAY_FAST_CYCLES), otherwise
 * delay = ceil((ceil(CPU / 2 / f) - IO_PORT_WRITE_CYCLES) / DELAY_SLOW_CYCLES)
 * and the clock is CPU / 2 / (IO_PORT_WRITE_CYCLES + delay * DELAY_SLOW_CYCLES).
 * IO 2, slow 3, fast 0 cycles: the reference defaults.  72 MHz: the STM32F103
 * maximum SYSCLK; that such dongles run at it is [ASSUMED].  Example: 4 MHz
 * asked gives 36 MHz / 11 = 3.27 MHz.  Default clock before DAP_SWJ_Clock:
 * 1 MHz (reference DAP_DEFAULT_SWJ_CLOCK).
 */
#define TIMING_CMSISDAP_ROUND_TRIP_NS	TIMING_USB_FS_ROUND_TRIP_NS
#define TIMING_CMSISDAP_BYTE_NS		TIMING_USB_FS_BYTE_NS
#define TIMING_CMSISDAP_CPU_HZ		72000000U
#define TIMING_CMSISDAP_IO_CYCLES	2U
#define TIMING_CMSISDAP_SLOW_CYCLES	3U
#define TIMING_CMSISDAP_FAST_CYCLES	0U
#define TIMING_CMSISDAP_DEFAULT_HZ	1000000U

/*
 * CMSIS-DAP v2 high-speed class (vcmsisdap/, VCMSISDAP_CLASS=hs): a probe
 * with a USB 2.0 high-speed bulk interface (512-byte packets, vcmsisdap/fw/
 * cmsisdap.h), as an LPC-Link2 running the reference firmware is.
 * Round trip: [ASSUMED] the high-speed figure measured for a J-Link V10
 * (TIMING_USB_HS_ROUND_TRIP_NS, 400 us): the same host stack, bulk
 * transfers and 125 us microframes; no figure for a CMSIS-DAP v2 probe was
 * found.  The bulk OUT packet and its IN answer are one command, as with the
 * HID class (OpenOCD keeps up to 3 in flight, the probe answers them in turn).
 * Per byte: the high-speed figure above; packets counted whole [ASSUMED],
 * harsher (bulk may send short packets).
 * CPU: 180 MHz, the CPU_CLOCK of the reference firmware's LPC-Link-II
 * configuration (ARM CMSIS-DAP, Firmware/Examples/LPC-Link-II/DAP_config.h,
 * an LPC43xx); its I/O and delay-loop cycles taken as the reference
 * defaults above [ASSUMED].  Example: 4 MHz asked gives 90 MHz / 23 =
 * 3.91 MHz.
 */
#define TIMING_CMSISDAP_HS_ROUND_TRIP_NS	TIMING_USB_HS_ROUND_TRIP_NS
#define TIMING_CMSISDAP_HS_BYTE_NS		TIMING_USB_HS_BYTE_NS
#define TIMING_CMSISDAP_HS_CPU_HZ		180000000U

/*
 * swd: time one MEM-AP bus transfer keeps the AP busy (on top of any
 * stall_ns the slave reports); an AP access arriving earlier gets WAIT.
 * [ASSUMED] 100 ns: ~6 cycles of the 64 MHz reset clock (address phase,
 * data phase, AHB-AP/bridge synchronisation); no published figure found.
 * Option swd_config.ap_access_ns.
 */
#define TIMING_SWD_AP_ACCESS_NS		100U

/*
 * ST-LINK/V3E (vstlink/), as on a NUCLEO-H753ZI.
 * USB: high speed (STLINK-V3 product pages: "USB 2.0 high-speed compatible
 * interface").  One command is a bulk OUT of the 16-byte command block, an
 * optional bulk OUT of data and an optional bulk IN of the reply; [ASSUMED]
 * it costs the high-speed round trip and per-byte cost measured for a J-Link
 * V10 above (same host stack and microframe schedule), no figure for the
 * ST-LINK itself was found.
 * Firmware time per command (decoding, reply set-up on the probe's
 * STM32F723 at 216 MHz): [ASSUMED] 5 us, no published figure.
 * Idle cycles the firmware clocks after each SWD transfer: [ASSUMED] 2.
 * WAIT retries of one transfer before the firmware gives up with
 * SWD_AP_WAIT / SWD_DP_WAIT: [ASSUMED] 16, no published figure; the host
 * driver sees WAIT only when the target stays busy longer than that.
 * nRESET pulse of DRIVE_NRST 2: [ASSUMED] 1 ms.
 * S_REGRDY polls of a core register access before it fails: [ASSUMED] 16.
 */
#define TIMING_STLINK_ROUND_TRIP_NS	TIMING_USB_HS_ROUND_TRIP_NS
#define TIMING_STLINK_BYTE_NS		TIMING_USB_HS_BYTE_NS
#define TIMING_STLINK_FW_CMD_NS		5000ULL
#define TIMING_STLINK_IDLE_CYCLES	2U
#define TIMING_STLINK_WAIT_RETRIES	16U
#define TIMING_STLINK_NRST_PULSE_NS	1000000ULL
#define TIMING_STLINK_REGRDY_POLLS	16U
/*
 * SWD clocks an STLINK-V3 offers (GET_COM_FREQ), in kHz: the list a
 * NUCLEO-H753ZI's V3E with firmware V3J9M3 reported to OpenOCD
 * (STMicroelectronics/OpenOCD issue 9, debug log: 24000, 8000, 3300, 1000,
 * 200, 50, 5 kHz).  24 MHz is the probe's SWD clock limit.
 */
#define TIMING_STLINK_SWD_KHZ_LIST	{ 24000, 8000, 3300, 1000, 200, 50, 5 }
/* SWD clock of the probe before the host sets one: [ASSUMED] 1000 kHz. */
#define TIMING_STLINK_DEFAULT_KHZ	1000U

/*
 * Real-time mode (vboard --real-time): scheduling granularity, not
 * hardware facts.  [ASSUMED] A running core is emulated towards the wall
 * clock's position in slices of 1 ms of virtual time, and a probe request
 * waits at most 20 ms of wall time for that catch-up before it is served
 * (when emulation is slower than the wall clock the board lags behind it;
 * it never runs ahead).
 */
#define TIMING_RT_SLICE_NS		1000000ULL
#define TIMING_RT_CATCH_UP_WALL_NS	20000000ULL

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
/* SysTick external reference (CLKSOURCE=0) = core clock / 8.  [ASSUMED]
 * (STM32 convention; RM0433 text not available, see [REF stm32h753.md 8]).
 * cm7_options.systick_ext_div. */
#define TIMING_SYSTICK_EXT_DIV		8U

/* ---- operation time profiles (--flash-timing typ|max|jitter) -------------
 * jitter draws each program/erase time as typ + (max - typ) * u^K with u
 * uniform in [0, 1) from the board seed (common/jitter.h).  [ASSUMED] K = 4:
 * the mean lands at typ + (max - typ) / 5, the median at typ + 6 % of the
 * span, and about 1 draw in 6 needs more than half the span.  Datasheet
 * maxima are worst case over cycling and temperature (Winbond's application
 * note on page program time, [REF silicon-risks.md]); most operations of a
 * fresh part finish near typical, a few take much longer.  A shape with a
 * long tail tests both a driver's common path and its timeouts without
 * making every run as slow as the maximum. */
#define TIMING_JITTER_SHAPE_K		4U

/* ---- internal flash (periph/flash) ----------------------------------------
 * Filled in by the internal flash model; each with its datasheet source. */
/*
 * STM32H753 datasheet DS12117 "Flash memory programming" table, per
 * parallelism PSIZE x8/x16/x32/x64 (index 0..3), typ and max.  The DS itself
 * was NOT in the searchable corpora; values are the DS12117 table as
 * remembered, [ASSUMED], cross-checked where possible:
 *  - sector erase x32 1.1 s typ / 2.2 s max: ST employee quoting the DS table
 *    (community.st.com "STM32H743 Flash EraseSector Reset Problem");
 *  - sector erase x8 max "about 4 seconds" and a 600 us 256-bit word timeout
 *    (>= the x8 max 580 us): ChromiumOS EC chip/stm32/flash-stm32h7.c.
 *  - bank (mass) erase tME: [ASSUMED] only.
 * OpenOCD's loader programs with CR = PG only, i.e. PSIZE = x8 ([REF
 * stm32h753.md 7.2]); erases use PSIZE = x64.
 */
#define TIMING_FLASH_PROG_TYP_NS	{ 290000ULL, 180000ULL, 130000ULL, 100000ULL }
#define TIMING_FLASH_PROG_MAX_NS	{ 580000ULL, 360000ULL, 260000ULL, 200000ULL }
#define TIMING_FLASH_SECTOR_TYP_NS	{ 2000000000ULL, 1800000000ULL, 1100000000ULL, \
					  1000000000ULL }
#define TIMING_FLASH_SECTOR_MAX_NS	{ 4000000000ULL, 3600000000ULL, 2200000000ULL, \
					  2000000000ULL }
#define TIMING_FLASH_BANK_TYP_NS	{ 13000000000ULL, 8000000000ULL, 6000000000ULL, \
					  5000000000ULL }
#define TIMING_FLASH_BANK_MAX_NS	{ 26000000000ULL, 16000000000ULL, 12000000000ULL, \
					  10000000000ULL }
/* Option-byte change (OPTSTART -> OPT_BUSY clear).  No DS value; [ASSUMED]
 * from ChromiumOS EC flash-stm32h7.c: "real delay seems to be around 300ms". */
#define TIMING_FLASH_OPT_PRG_NS		300000000ULL
/* RCC: PLLxON -> PLLxRDY and HSEON -> HSERDY default delay.  [ASSUMED] 0
 * (instant); the periph option pll_lock_ns overrides it. */
#define TIMING_RCC_PLL_LOCK_NS		0ULL

/* ---- W25Q01JV (chips/w25q01jv) --------------------------------------------
 * [REF w25q01jv.md 5.1]: SFDP typical values; max = typical x multiplier. */
#define TIMING_W25Q_PP_TYP_NS		704000ULL	/* 256-byte page program */
#define TIMING_W25Q_PP_MAX_NS		4224000ULL
/* SFDP DW11 byte-program model: first byte, each additional byte, and the
 * program max/typ multiplier.  [REF w25q01jv.md 5.1, 7.2 DW11]. */
#define TIMING_W25Q_PP_FIRST_BYTE_NS	32000ULL
#define TIMING_W25Q_PP_NEXT_BYTE_NS	3000ULL
#define TIMING_W25Q_PP_MAX_MULT		6ULL
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
/* Lower bound of the die skew range (--die-skew-us MIN:MAX): each both-die
 * command draws its skew from [MIN, MAX] (seeded) and, by default, which die
 * is last (--die-last random).  [ASSUMED] 0: the source says "up to 200 us"
 * and gives no lower bound, so any skew from none to the full 200 us can
 * occur on silicon; a driver must be right for all of them and for either
 * die last, not only for one fixed case.  The fixed full skew (the previous
 * default, which makes a driver that waits less fail every time) is
 * --die-skew-us 200. */
#define TIMING_W25Q_DIE_SKEW_MIN_NS	0ULL
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
/*
 * Highest SCLK at which the chip drives correct data, per instruction group
 * (chips/w25q.c part table; above it a read returns wrong bits).
 *  - Read Data 03h/13h: fR = 50 MHz.  [REF silicon-risks.md]: W25Q128FV/JV
 *    datasheets, field reports openwrt#10035, WeActStudio MiniSTM32H7xx#50;
 *    family value, the 01JV's AC table was not read.
 *  - Fast Read 0Bh/0Ch and every other instruction (status, IDs, SFDP,
 *    unique ID, security registers): 103 MHz.  [REF w25q01jv.md 5.2]: ufprog
 *    part table (SPI 103 MHz for W25Q01JV, W25Q01JV-DTR, W25Q512JV); the JV
 *    family datasheets say 133 MHz [FAM]: the lower value is used.
 *  - Dual output/IO 3Bh/3Ch/BBh/BCh: 80 MHz (IQ), 90 MHz (IM/DTR).  [REF
 *    w25q01jv.md 5.2] ufprog.
 *  - Quad output/IO 6Bh/6Ch/EBh/ECh (and QPI reads): 104 MHz.  [REF
 *    w25q01jv.md 5.2] ufprog.
 *  - DTR reads 0Dh/BDh/EDh: [ASSUMED] 66 MHz: JV-DTR family feature lists
 *    give DTR clocks well below the SDR ones (66 MHz as recalled, not read
 *    in a stored source); no value for the 01JV was found.
 */
#define TIMING_W25Q_FR_READ_HZ		50000000U
#define TIMING_W25Q_FC_FAST_HZ		103000000U
#define TIMING_W25Q_FC_DUAL_IQ_HZ	80000000U
#define TIMING_W25Q_FC_DUAL_IM_HZ	90000000U
#define TIMING_W25Q_FC_QUAD_HZ		104000000U
#define TIMING_W25Q_FC_DTR_HZ		66000000U

/* ---- QUADSPI (qspi) ---------------------------------------------------------
 * Wire time comes from the registers: one CLK cycle = (PRESCALER+1) /
 * qspi_ker_hz [REF stm32h753.md 5.1 CR.PRESCALER], nCS high >= CSHT+1
 * cycles between commands [REF 5.1 DCR.CSHT]. */
/* Kernel clock used when the board reports 0 Hz: the reset source rcc_hclk3,
 * which runs from HSI after reset [REF stm32h753.md 6.4; common/clocks.h]. */
#define TIMING_QSPI_KER_DEFAULT_HZ	TIMING_HSI_HZ
/* Extra time of a memory-mapped read on top of its wire time (the AXI to
 * QUADSPI hop).  [ASSUMED] 0: no published figure; the core already charges
 * TIMING_PERIPH_ACCESS_CYCLES for a peripheral access. */
#define TIMING_QSPI_MM_EXTRA_NS		0ULL
/* Memory-mapped reads that touch the last N bytes of the FSIZE region hang
 * the bus (STM32H7 erratum ES0392 2.4.4, "last bytes" of the region).
 * [REF silicon-risks.md]: the erratum names the end of the region; a user on
 * ST community saw hangs "about 96 bytes before the end", "not entirely
 * consistent".  96 = the harsher of the two (the model used 32 before).
 * --mm-erratum-bytes N. */
#define TIMING_QSPI_MM_ERRATUM_BYTES	96U

#endif
