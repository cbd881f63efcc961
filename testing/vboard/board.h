/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The virtual STM32H753 board: owns every layer, wires them together and
 * schedules them on the one virtual clock.  No layer knows another; this is
 * the only place that does.
 */
#ifndef VB_BOARD_H
#define VB_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "bus/bus.h"
#include "chips/w25q.h"
#include "common/clocks.h"
#include "common/stats.h"
#include "common/vclock.h"
#include "core/cm7.h"
#include "periph/periph.h"
#include "proto/probe_fw.h"
#include "qspi/qspi.h"
#include "swd/swd.h"
#include "vjlink/probe_class.h"

/* One QUADSPI signal on a pin: GPIO port letter, pin number, alternate function. */
struct board_pin {
	char port;
	uint8_t pin;
	uint8_t af;
};

enum board_sig { SIG_CLK, SIG_NCS, SIG_IO0, SIG_IO1, SIG_IO2, SIG_IO3, SIG_COUNT };

struct board_config {
	const char *state_dir;
	const struct probe_class *probe;	/* the J-Link presented (--probe-class) */
	uint64_t probe_latency_ns;		/* per round trip (class value or override) */
	int fw_wait_retries;			/* probe firmware WAIT retries; -1: the model's */
	struct swd_config swd;
	struct periph_config periph;
	struct qspi_config qspi;
	bool chip_present;
	struct w25q_config chip;
	struct board_pin wiring[SIG_COUNT];	/* flash 1 (BK1) wiring */
	/* fault injection */
	uint64_t usb_error_at[8];		/* round-trip numbers (1-based) answered VBP_E_USB */
	unsigned int n_usb_error_at;
	uint64_t power_loss_at_ns;		/* VCLOCK_NEVER = none */
	double real_time;			/* virtual/wall ratio, never exceeded; 0 = off */
	double free_run_speed;			/* virtual/wall ratio cap with no debugger; 0 = unpaced */
	bool no_joint_ff;			/* --no-joint-ff: no host-and-core fast-forward */
	int verbose;
};

struct board {
	struct board_config cfg;
	struct vclock clk;
	struct vb_stats stats;
	struct vb_clocks clocks;
	struct bus sysbus;
	struct bus apbd;
	struct periph *periph;
	struct qspi *qspi;
	struct w25q *chip;
	struct spi_wire chip_wire;
	struct cm7 *core;
	struct swd *swd;
	bool nreset_low;
	bool power_lost;
	/* probe firmware models in use (VBP_FW_CMD), by kind; created on first use */
	struct {
		const struct probe_fw_ops *ops;
		void *fw;
	} probe_fw[4];
	struct probe_fw_env probe_fw_env;
	/* Joint host-and-core fast-forward (board_joint_ff): the core's loop
	 * proof, and the last host round trips (request and answer hashes,
	 * whether the debugger wrote to a bus). */
	struct vclock_loop loop[4];		/* one per device the core polls */
	uint64_t loop_use[4];
	uint64_t loop_seq;
	uint64_t host_req[8], host_resp[8];
	bool host_wrote[8];
	unsigned int host_n;
	char flash_path[4096];
	char qspi_path[4096];
	char stats_path[4096];
};

void board_config_defaults(struct board_config *cfg);
/* Returns NULL with a message on stderr. */
struct board *board_create(const struct board_config *cfg);
void board_destroy(struct board *b);

/* Power: on-reset of everything, then boot from the vector table. */
void board_power_cycle(struct board *b);
/* nRESET pin from the probe (low = asserted). */
void board_set_nreset(struct board *b, bool low);

/* Run the world (core, timed events) until virtual time t. */
void board_run_until(struct board *b, uint64_t t);
/* CLOCK_MONOTONIC in ns. */
uint64_t board_wall_ns(void);
/* Real-time mode: bring virtual time up to speed x wall time (events fire,
 * the core runs), spending at most max_wall_ns of wall time on it. */
void board_rt_catch_up(struct board *b, uint64_t max_wall_ns);
/* With no debugger attached: run for at most max_ns of virtual time;
 * returns the virtual time actually run (0 if nothing can happen). */
uint64_t board_free_run(struct board *b, uint64_t max_ns);
/* Run for ns of virtual time, unpaced, before any debugger can attach;
 * returns early once nothing can happen any more. */
void board_boot(struct board *b, uint64_t ns);
/* True if anything can happen without a debugger (core runnable or events pending). */
bool board_busy(const struct board *b);

/* One probe SWD transfer (a round trip's worth of bits). */
void board_swd_io(struct board *b, unsigned int nbits, const uint8_t *dir,
		const uint8_t *out, uint8_t *in);
void board_set_swd_khz(struct board *b, uint32_t khz);

/* The firmware model for a VBP_FW_CMD kind, created on first use; NULL if
 * the board has none.  *ops receives its operations. */
void *board_probe_fw(struct board *b, uint32_t kind, const struct probe_fw_ops **ops);

/*
 * Joint host-and-core fast-forward, called before a host round trip acts.
 * req is a hash of the request; the board remembers the last host round
 * trips (board_host_done).  When the host only polls (its last round trips
 * repeat with a period of 1 to 4, the same answers, no bus write) and the
 * core is in a proven poll loop on a busy device (struct vclock_loop), the
 * clock jumps over the loop's whole periods up to just before the device's
 * next change or any other event, and the loop's counters move with it.
 * Nothing the host or the device can observe changes in the skipped time.
 * Returns the time skipped.
 */
uint64_t board_joint_ff(struct board *b, uint64_t req);
/* After the round trip: its request and answer hashes, and the bus write
 * count before it (b->sysbus.debug_writes + b->apbd.debug_writes). */
void board_host_done(struct board *b, uint64_t req, uint64_t resp, uint64_t writes_before);
uint64_t board_debug_writes(const struct board *b);

int board_write_stats(struct board *b);
int board_load_flash_image(struct board *b, const char *spec);

#endif
