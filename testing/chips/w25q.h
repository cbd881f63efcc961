/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Winbond W25Q01JV (2 x 512 Mbit dies) and W25Q512JV serial NOR flash,
 * decoded from the clock cycles on IO0..IO3 as the chip samples its pins
 * (chips/spi_wire.h).  Facts: shared/reference/w25q01jv.md ("ref" below,
 * section numbers in brackets).  Every behaviour the reference marks
 * unknown/inferred/family-only is a field of struct w25q_config.
 */
#ifndef VB_W25Q_H
#define VB_W25Q_H

#include <stdbool.h>
#include <stdint.h>

#include "chips/spi_wire.h"

struct vclock;
struct vb_stats;
struct w25q;

enum w25q_part {
	W25Q01JV_IQ,	/* EF4021, default, QE=1 */
	W25Q01JV_IM,	/* EF7021, QE=0 default, DTR */
	W25Q512JV_IQ,	/* EF4020 */
	W25Q512JV_IM,	/* EF7020 */
	/*
	 * Not Winbond: Macronix MX25L51245G, C2 20 1A, one 512 Mbit die, for
	 * proving that Winbond-only commands never reach another maker's part.
	 * The W25Q decoder serves the commands both command sets share; those
	 * with a Winbond-only meaning are ignored and counted (README).
	 */
	MX25L51245G,
};

/* How the BP/TB/CMP ladder maps onto two dies [ref 3.6 UNK]. */
enum w25q_bp_scope {
	/* Each die applies the ladder to the whole chip's address space and
	 * protects the part that falls inside it (default: matches Linux swp.c
	 * and NuttX, which compute one whole-chip region and write it once). */
	W25Q_BP_CHIP,
	/* Each die applies a 512 Mbit ladder to its own 64 MiB. */
	W25Q_BP_DIE,
};

/* EAR after E9h (exit 4-byte mode) [ref 6 UNK]. */
enum w25q_e9_ear {
	W25Q_E9_EAR_KEEP,	/* default: EAR untouched */
	W25Q_E9_EAR_CLEAR,	/* EAR = 0 */
	W25Q_E9_EAR_SET1,	/* EAR = 1 (the W25Q256FV story Linux cites) */
};

/* C7h/60h followed by more clocks before /CS rises [ref 8 UNK]. */
enum w25q_ce_extra {
	W25Q_CE_EXTRA_IGNORE,	/* default: family text, "/CS high after 8th bit" */
	W25Q_CE_EXTRA_WHOLE,	/* erase the whole chip anyway (byte boundary) */
	W25Q_CE_EXTRA_DIE,	/* 24/32 extra bits = address: erase that die only */
};

/* Page program duration [ref 5.1]. */
enum w25q_pp_time {
	W25Q_PP_TIME_BYTES,	/* default: SFDP DW11 32 us + 3 us/byte, capped at tPP */
	W25Q_PP_TIME_PAGE,	/* always tPP, whatever the length */
};

/* Which die finishes last on a both-die command (status write, chip erase). */
enum w25q_die_last {
	W25Q_DIE_LAST_RANDOM,	/* default: drawn per command from the seed [UNK] */
	W25Q_DIE_LAST_0,
	W25Q_DIE_LAST_1,
};

struct w25q_config {
	enum w25q_part part;
	/* --flash-timing max: SFDP max times instead of typical */
	bool timing_max;
	/* --flash-timing jitter: each program/erase/status-write time drawn
	 * between typical and max (common/jitter.h); overrides timing_max */
	bool timing_jitter;
	/* seed of the chip's draws (jitter, die skew, die last, wrong bits) */
	uint64_t seed;
	/* both-die commands: the last die finishes a skew drawn from
	 * [die_skew_min_ns, die_skew_ns] after the other (defaults
	 * TIMING_W25Q_DIE_SKEW_MIN_NS / TIMING_W25Q_DIE_SKEW_NS) */
	uint64_t die_skew_ns;
	uint64_t die_skew_min_ns;
	enum w25q_die_last die_last;	/* [REF silicon-risks.md: not stated]; RANDOM */
	/* Per-instruction SCLK limits of the part table (spi_wire set_clock):
	 * above them the chip drives seeded wrong bits.  Default true. */
	bool clock_limits;
	/* Apply fR (50 MHz) to Read Data 03h/13h; false: they get the fC limit
	 * of the other instructions.  Default false (kept off for now; the
	 * harsh setting is true). */
	bool fr_limit;
	/* C2h is accepted but the active die never changes (a die that cannot
	 * be selected).  Default false. */
	bool die_select_broken;
	/* [ref 4 UNK] reads crossing 0x04000000 wrap inside the die (ufprog,
	 * default true) vs continue linearly (Linux) */
	bool read_wraps_in_die;
	bool busy_if_any_die_busy;	/* [ref 4 INF] default true */
	/* ---- every other [UNK]/[INF]/[FAM] behaviour ---- */
	uint8_t device_id;		/* 90h/ABh device ID [ref 1.1 UNK]; 0 = part default */
	bool uid_per_die;		/* 4Bh: active die's ID [ref 1.3 INF]; true */
	uint64_t uid[2];		/* unique IDs of die 0 / die 1 [ASSUMED values] */
	bool secreg_per_die;		/* 48/42/44h: active die's set [ref 1.3 UNK]; true */
	bool qe_fixed;			/* IQ: QE cannot be cleared [ref 3.4 UNK]; true */
	uint8_t sr3_factory;		/* SR3 NV factory value (DRV) [ref 3.3 UNK]; 0x60 */
	bool ear_needs_wel;		/* C5h ignored unless WEL [ref 3.8 INF]; true */
	enum w25q_e9_ear e9_ear;	/* [ref 6 UNK]; KEEP */
	enum w25q_ce_extra ce_extra;	/* [ref 8 UNK]; IGNORE */
	enum w25q_bp_scope bp_scope;	/* [ref 3.6 UNK]; CHIP */
	bool wps_edge_sectors_per_die;	/* WPS=1: 4 KiB locks in first/last 64 KiB of each
					 * die (true) or of the chip [ref 3.7 UNK]; true */
	bool dual_continuous;		/* BBh/BCh M=Axh continuous [ref 2.1 FAM]; true */
	enum w25q_pp_time pp_time;	/* [ref 5.1]; BYTES */
	bool protected_clears_wel;	/* refused (protected) program/erase/WRSR clears
					 * WEL [ASSUMED]; true */
	bool wel_clear_all_dies;	/* program/erase done clears WEL of both dies [ref 4 INF];
					 * false: only the executing die */
	bool array_cmd_sets_die;	/* program/erase makes its die active [ref 4 UNK]; false */
	bool reset_while_busy;		/* 66h/99h accepted while busy [FAM]; true */
	bool im_sfdp_blank;		/* IM part: SFDP reads FFh (true) or the IQ table
					 * (false, default) [ref 7.3 NOT FOUND] */
	uint8_t float_level;		/* level the chip samples on an undriven line: 0, 1 or
					 * SPI_IO_FLOAT_HOLD (last level on the line); 1 */
	uint8_t dtr_dummy_0d;		/* 0Dh DTR fast read dummy clocks [UNK]; 6 */
	uint8_t dtr_dummy_bd;		/* BDh after M byte [UNK]; 2 */
	uint8_t dtr_dummy_ed;		/* EDh after M byte [UNK]; 7 */
	/* fault injection (--chip-stuck-busy N): a die whose program/erase
	 * state machine hangs and never leaves BUSY until power is cycled
	 * (software reset does not free it).  stuck_busy on: N = 0 from
	 * power-up (die 0), N >= 1 the Nth program/erase/status write after
	 * power-up (on its die); default off */
	bool stuck_busy;
	uint32_t stuck_busy_op;
	/* bad answers (--chip-jedec, --chip-sfdp-garbage): 9Fh answers
	 * jedec_override (bytes 23-16, 15-8, 7-0) instead of the part's ID;
	 * SFDP reads seeded pseudo-random bytes with no "SFDP" signature;
	 * default off */
	bool jedec_set;
	uint32_t jedec_override;
	bool sfdp_garbage;
};

void w25q_config_defaults(struct w25q_config *cfg);
/*
 * image_path: DIR/qspi.bin, chip contents in linear order (die 0 then die 1),
 * created erased (0xFF) when absent (a shorter file is extended with FFh),
 * mmap MAP_SHARED (write-through), kept across restarts; NULL = in memory.
 * Only the array is stored: status registers, security registers and the
 * unique ID start from their factory values at every create.
 */
struct w25q *w25q_create(const struct w25q_config *cfg, struct vclock *clk, struct vb_stats *st,
		const char *image_path);
void w25q_destroy(struct w25q *w);
extern const struct spi_wire_ops w25q_wire_ops;   /* chip argument = struct w25q * */
/* Off/on: volatile state back to NV/power-up values.  An ongoing program,
 * erase or NV status write is dropped without touching the array or the NV
 * registers (use w25q_power_loss for a cut in the middle of one). */
void w25q_power_cycle(struct w25q *w);
/* Supply cut now: a running (or suspended) program/erase keeps the part done
 * so far, proportional to elapsed busy time: the first k of n bytes in the
 * order they were sent are programmed, the first k bytes of the erased range
 * read FFh (k = n * elapsed / duration, rounded down).  A pending NV status
 * write is lost.  Then w25q_power_cycle(). */
void w25q_power_loss(struct w25q *w);
/* inspection for tests and the board */
uint32_t w25q_size(const struct w25q *w);
const uint8_t *w25q_data(const struct w25q *w);
uint8_t w25q_status(const struct w25q *w, unsigned int die, unsigned int reg /* 1..3 */);
/* extra inspection */
unsigned int w25q_dies(const struct w25q *w);
unsigned int w25q_active_die(const struct w25q *w);
bool w25q_die_busy(const struct w25q *w, unsigned int die);
uint64_t w25q_busy_until(const struct w25q *w, unsigned int die);	/* 0 = idle; NEVER = hung */
bool w25q_four_byte(const struct w25q *w);
uint8_t w25q_ear(const struct w25q *w);
bool w25q_qpi(const struct w25q *w);
bool w25q_continuous(const struct w25q *w);
bool w25q_powered_down(const struct w25q *w);
/* Deep power-down now, as after a B9h (tDP applies): for a board whose
 * firmware left the chip powered down before the debugger came. */
void w25q_enter_power_down(struct w25q *w);
/* The SCLK limit (Hz) of an instruction on this part, 0 = not a read the
 * chip drives data for. */
uint32_t w25q_clock_limit(const struct w25q *w, uint8_t opcode);

#endif
