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
