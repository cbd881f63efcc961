/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * STM32H7 QUADSPI controller (RM0433): registers at 0x52005000, the
 * memory-mapped window at 0x90000000 (256 MiB).  It talks to the flash
 * chips only through spi_wire (chip select and clock cycles on IO0..IO3).
 * See README.md for what is modelled, the options and the sources.
 */
#ifndef VB_QSPI_H
#define VB_QSPI_H

#include <stdbool.h>
#include <stdint.h>

#include "../bus/bus.h"
#include "../chips/spi_wire.h"
#include "../common/clocks.h"
#include "../common/stats.h"
#include "../common/vclock.h"

#define QSPI_REG_BASE	0x52005000u
#define QSPI_REG_SIZE	0x1000u
#define QSPI_MM_BASE	0x90000000u
#define QSPI_MM_SIZE	0x10000000u

/* Signals of one bank, as returned by the router. */
#define QSPI_SIG_CLK	0x01
#define QSPI_SIG_NCS	0x02
#define QSPI_SIG_IO(n)	(0x04 << (n))	/* IO0..IO3 */
#define QSPI_SIG_ALL	0x3f

struct qspi_config {
	/*
	 * Default true: memory-mapped reads of the last mm_erratum_bytes bytes
	 * of the FSIZE region hang the bus (BUS_HANG).  [REF silicon-risks.md:
	 * ES0392 2.4.4; a user saw hangs about 96 bytes before the end].  [REF jlink-swd.md "STM32H7 QUADSPI
	 * erratum"; stm32h753.md 6.4 board cfg comment].
	 */
	bool mm_last_bytes_erratum;
	/* Size of that window: reads touching the last N bytes of the FSIZE
	 * region hang.  Default TIMING_QSPI_MM_ERRATUM_BYTES (96). */
	uint32_t mm_erratum_bytes;
	/* Level read on undriven lines: 0, 1 or SPI_IO_FLOAT_HOLD (each line
	 * keeps the last level seen on it), default SPI_IO_FLOAT_DEFAULT. */
	uint8_t float_level;
	/*
	 * Default true: memory-mapped reads at or beyond 2^(FSIZE+1) are bus
	 * errors.  [ASSUMED] (RM0433 text not in the reference; ST's QUADSPI
	 * RMs describe an AHB error for accesses outside FSIZE.)  false: the
	 * read is sent to the chip like any other.
	 */
	bool mm_beyond_fsize_error;
	/*
	 * Default true: reads of the window while FMODE != 3 or EN = 0 are bus
	 * errors.  [ASSUMED] (not in the reference).  false: they read 0.
	 */
	bool mm_inactive_error;
	/*
	 * Default true: writes to AR are ignored while BUSY = 1 (and always in
	 * memory-mapped mode).  The SVD text says "ignored when BUSY = 0",
	 * read as a typo for BUSY = 1 [REF stm32h753.md 5.1 AR].  false:
	 * accepted whenever FMODE != 3 (the reference's tolerant reading).
	 */
	bool ar_ignored_when_busy;
	/*
	 * Default true: DCR, PSMKR, PSMAR, PIR and LPTR writes are ignored
	 * while BUSY = 1.  [ASSUMED]: the reference only states the rule for
	 * TCEN, DLR and CCR; the RM-derived text for CR (PRESCALER, PMM, APMS,
	 * FSEL, DFM, SSHIFT) and ABR has it too, and those are always locked.
	 */
	bool busy_locks_config_regs;
	/*
	 * Default true: in phases on 1 or 2 lines the controller drives IO2
	 * low and IO3 high (RM text quoted on ST community: "IO2 ... forced to
	 * 0 ... IO3 ... forced to 1", also in the dummy phase when DMODE is
	 * single).  false: IO2/IO3 undriven (float) outside quad phases.
	 */
	bool drive_io23_in_single;
	/*
	 * Default false: ABORT sets TCF only if a command, polling or a
	 * memory-mapped prefetch was running (SVD: TCF is set "in any mode
	 * when the transfer has been aborted").  true: always.  [ASSUMED]
	 */
	bool abort_sets_tcf_when_idle;
};

struct qspi;

void qspi_config_defaults(struct qspi_config *cfg);
/* Registers both regions on sysbus.  st may be NULL. */
struct qspi *qspi_create(const struct qspi_config *cfg, struct vclock *clk, struct vb_stats *st,
		struct bus *sysbus, const struct vb_clocks *clocks);
void qspi_destroy(struct qspi *q);
/* bank 0 = flash 1 (BK1), 1 = flash 2.  wire NULL (or wire->chip NULL) detaches. */
void qspi_attach_chip(struct qspi *q, unsigned int bank, const struct spi_wire *wire);
/*
 * Which of the bank's signals reach the chip (pins in the right alternate
 * function, QSPI clock on); the board implements it from RCC/GPIO.  Called
 * when a command starts.  NULL router = all routed.
 */
void qspi_set_router(struct qspi *q, uint32_t (*route)(void *ctx, unsigned int bank), void *ctx);
/*
 * RCC QSPIRST / system reset: registers to reset values, FIFO empty,
 * ongoing command aborted (chip select released).
 */
void qspi_reset(struct qspi *q);
struct bus_region *qspi_reg_region(struct qspi *q);	/* for RCC clock gating */
struct bus_region *qspi_mm_region(struct qspi *q);

/* Extras for the board and tests. */
/* Duration of one QUADSPI clock cycle right now, in picoseconds. */
uint64_t qspi_cycle_ps(const struct qspi *q);
/* True while the controller holds a chip select low. */
bool qspi_cs_active(const struct qspi *q, unsigned int bank);

#endif
