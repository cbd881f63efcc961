/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Virtual time for the virtual board.
 *
 * One clock, in nanoseconds since the board powered up.  It is advanced by
 * whoever is acting: the SWD wire layer (bit times), the board loop (probe
 * latency), the core (cycles and bus stalls) and idle skipping.  Devices
 * schedule completion events on it (flash busy times, transfer ends) and
 * never read wall time.
 *
 * Events fire from vclock_advance_to() in time order.  An event callback may
 * only change device state and schedule or cancel events; it must never
 * advance the clock itself.
 */
#ifndef VB_VCLOCK_H
#define VB_VCLOCK_H

#include <stdbool.h>
#include <stdint.h>

#define VCLOCK_NEVER UINT64_MAX

struct vclock;
typedef void (*vclock_fn)(void *ctx);

struct vclock_event {
	uint64_t when;
	vclock_fn fn;
	void *ctx;
	const char *name;		/* for debug dumps */
	struct vclock_event *next;	/* private: sorted pending list */
	bool armed;			/* private */
};

struct vclock {
	uint64_t now;			/* ns */
	struct vclock_event *pending;	/* sorted by when, then by arming order */

	/*
	 * Busy-poll fast-forward (see vclock_busy_poll()).  When nothing but
	 * waiting can happen, repeated polls of a busy device skip the
	 * iterations whose outcome is already known.
	 */
	/* Observers chain independently (a controller polling its own BUSY
	 * between the chip status reads it carries must not break the chip's
	 * chain); the oldest slot is reused. */
#define VCLOCK_POLL_SLOTS 4
	const void *poll_who[VCLOCK_POLL_SLOTS];
	uint64_t poll_last[VCLOCK_POLL_SLOTS];
	uint64_t poll_use[VCLOCK_POLL_SLOTS];
	uint64_t poll_seq;
	uint64_t skip_limit;		/* never skip past this; VCLOCK_NEVER = no limit */
	uint64_t skip_pending;		/* computed inside a device access, applied after it */
	uint64_t skipped_ns;		/* total time skipped (stats) */
	uint64_t poll_gen;		/* bumped by every vclock_poll_reset */
	/* Told of every chained busy observation, with the whole periods
	 * the skip would cover; returns how many it may cover (the board
	 * allows a core's skip only over a proven loop, see struct
	 * vclock_loop); NULL = all. */
	uint64_t (*poll_fn)(void *ctx, const void *who, uint64_t period, uint64_t done_at,
			uint64_t periods);
	void *poll_ctx;

	/*
	 * Real-time mode (vclock_rt_start()): virtual time never runs ahead
	 * of rt_speed x the wall time since the anchor (rt_wall0, rt_virt0).
	 * rt_limit is that bound at the last vclock_rt_update(); busy-poll
	 * skips stop there too, so a skip only saves emulation work and never
	 * moves the board ahead of the wall clock.
	 */
	double rt_speed;		/* 0 = off */
	uint64_t rt_wall0, rt_virt0;	/* anchor: wall ns, virtual ns */
	uint64_t rt_limit;		/* VCLOCK_NEVER when off */
};

void vclock_init(struct vclock *c);
static inline uint64_t vclock_now(const struct vclock *c) { return c->now; }

/* Arm (or re-arm) ev to fire at absolute time when (clamped to now). */
void vclock_schedule(struct vclock *c, struct vclock_event *ev, uint64_t when,
		vclock_fn fn, void *ctx, const char *name);
void vclock_cancel(struct vclock *c, struct vclock_event *ev);
static inline bool vclock_armed(const struct vclock_event *ev) { return ev->armed; }

/* Earliest pending event time, or VCLOCK_NEVER. */
uint64_t vclock_next(const struct vclock *c);

/* Move time forward to t (no-op if t <= now), firing due events in order. */
void vclock_advance_to(struct vclock *c, uint64_t t);
static inline void vclock_advance(struct vclock *c, uint64_t dt)
{
	vclock_advance_to(c, c->now + dt);
}

/*
 * A status read by `who` has just observed a device that stays busy until
 * done_at (absolute).  On the next observation by the same observer (with
 * no vclock_poll_reset in between), with period P = now - previous
 * observation, the clock skips
 * floor((done_at - now) / P) whole periods: the loop would have read the
 * same busy status in each of them.  The skip never goes past skip_limit
 * (the board sets it to the end of the current probe round trip while the
 * core runs, so concurrent host traffic keeps its place in time).
 * The skip always lands strictly before done_at, and it is only recorded
 * here: bus_access() applies it (vclock_apply_skip) once the device access
 * has returned, so no device sees its own events fire mid-access.
 * Deterministic: it depends only on the sequence of accesses.
 */
void vclock_busy_poll(struct vclock *c, const void *who, uint64_t done_at);
void vclock_apply_skip(struct vclock *c);
/* Activity that changes what a poll would see (a new command to the device,
 * a state change) breaks every chain. */
void vclock_poll_reset(struct vclock *c);

/*
 * Move the clock by dt at once (the joint fast-forward): no event may be due
 * before now + dt (the caller bounds dt by vclock_next).  Every observer's
 * chain moves with it, so the periods measured next stay the loop's own.
 */
void vclock_jump(struct vclock *c, uint64_t dt);

/*
 * Joint host-and-core fast-forward: the proof that the core is in a poll
 * loop on a busy device.  The board records, at each chained observation
 * the core makes (vclock_busy_poll from a core access), the core's registers
 * and a signature of every bus access and memory write the core made since
 * its previous observation.  Three observations in a row prove the loop
 * when both intervals have the same period, the same signature, and every
 * register moves by the same amount in both (PC, SP, LR and xPSR not at
 * all): each iteration does the same accesses and writes the same values,
 * and only counters change.
 */
#define VCLOCK_LOOP_NREGS	17	/* r0-r12, sp, lr, pc, xpsr */
#define VCLOCK_LOOP_NCOUNT	13	/* r0-r12 may be counters */

struct vclock_loop_obs {
	uint64_t land;			/* the chain's time of this observation (after a skip) */
	uint64_t period;		/* since the previous observation */
	uint64_t sig;			/* accesses and writes since the previous observation */
	bool sig_valid;			/* every write was watched in that interval */
	uint32_t r[VCLOCK_LOOP_NREGS];
};

struct vclock_loop {
	const void *who;		/* the observed device */
	uint64_t gen;			/* clock's poll_gen when recorded */
	uint64_t done_at;		/* the device's next change */
	unsigned int n;			/* observations held (at most 3) */
	struct vclock_loop_obs o[3];	/* oldest first */
};

void vclock_loop_reset(struct vclock_loop *l);
/* The last three observations prove a loop (whatever the time now). */
bool vclock_loop_proven(const struct vclock_loop *l);
void vclock_loop_observe(struct vclock_loop *l, const void *who, uint64_t gen,
		uint64_t done_at, const struct vclock_loop_obs *o);
/*
 * Whole loop periods (of the last observation's period P) the clock may
 * skip at `now`, at most max (0 = none): the loop is proven (the two periods may differ
 * by the 1 ns rounding of core cycles), still current (gen, and now within
 * a period of the last observation), the skipped-to state's next
 * observation falls strictly before min(done_at, limit), and no counter
 * register gets within two steps of 0, of 0x80000000 or of the value of a
 * register that does not change (the loop's exit tests are not visible;
 * these are the values a compiled loop compares a counter with).  stride[]
 * receives each register's change per iteration, *moves the iterations
 * the counters move: m P over the shorter period, rounded up, so a counter
 * never lags the time skipped.
 */
uint64_t vclock_loop_periods(const struct vclock_loop *l, uint64_t gen, uint64_t now,
		uint64_t limit, uint64_t max, int32_t stride[VCLOCK_LOOP_NREGS], uint64_t *moves);
/* The skip happened: move the recorded observations with it. */
void vclock_loop_moved(struct vclock_loop *l, uint64_t periods, uint64_t moves,
		const int32_t stride[VCLOCK_LOOP_NREGS]);

/*
 * Real time.  Wall times are nanoseconds of any monotonic clock, passed in
 * by the caller (the board reads CLOCK_MONOTONIC), so the arithmetic is
 * testable.  speed > 0 virtual ns per wall ns; vclock_rt_start anchors the
 * mapping at (wall_ns, now) and may be called again to re-anchor (a new
 * debugger session).
 */
void vclock_rt_start(struct vclock *c, double speed, uint64_t wall_ns);
static inline bool vclock_rt_on(const struct vclock *c) { return c->rt_speed > 0; }
/* Recompute rt_limit for wall time wall_ns and return it. */
uint64_t vclock_rt_update(struct vclock *c, uint64_t wall_ns);
/* Wall time (ns, same clock) at which virtual time t becomes allowed. */
uint64_t vclock_rt_wall_for(const struct vclock *c, uint64_t t);

#endif
