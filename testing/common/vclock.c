// SPDX-License-Identifier: GPL-2.0-or-later
/* Virtual time: a sorted event list and the busy-poll fast-forward. */

#include "vclock.h"

#include <stddef.h>

void vclock_init(struct vclock *c)
{
	c->now = 0;
	c->pending = NULL;
	vclock_poll_reset(c);
	c->poll_seq = 0;
	c->skip_limit = VCLOCK_NEVER;
	c->skip_pending = 0;
	c->skipped_ns = 0;
	c->rt_speed = 0;
	c->rt_wall0 = 0;
	c->rt_virt0 = 0;
	c->rt_limit = VCLOCK_NEVER;
}

void vclock_cancel(struct vclock *c, struct vclock_event *ev)
{
	struct vclock_event **pp;

	if (!ev->armed)
		return;
	for (pp = &c->pending; *pp; pp = &(*pp)->next) {
		if (*pp == ev) {
			*pp = ev->next;
			break;
		}
	}
	ev->next = NULL;
	ev->armed = false;
}

void vclock_schedule(struct vclock *c, struct vclock_event *ev, uint64_t when,
		vclock_fn fn, void *ctx, const char *name)
{
	struct vclock_event **pp;

	vclock_cancel(c, ev);
	if (when < c->now)
		when = c->now;
	ev->when = when;
	ev->fn = fn;
	ev->ctx = ctx;
	ev->name = name;
	/* Equal times keep arming order: insert after every event <= when. */
	for (pp = &c->pending; *pp && (*pp)->when <= when; pp = &(*pp)->next)
		;
	ev->next = *pp;
	*pp = ev;
	ev->armed = true;
}

uint64_t vclock_next(const struct vclock *c)
{
	return c->pending ? c->pending->when : VCLOCK_NEVER;
}

void vclock_advance_to(struct vclock *c, uint64_t t)
{
	while (c->pending && c->pending->when <= t) {
		struct vclock_event *ev = c->pending;

		c->pending = ev->next;
		ev->next = NULL;
		ev->armed = false;
		if (ev->when > c->now)
			c->now = ev->when;
		ev->fn(ev->ctx);
	}
	if (t > c->now)
		c->now = t;
}

void vclock_poll_reset(struct vclock *c)
{
	for (int i = 0; i < VCLOCK_POLL_SLOTS; i++) {
		c->poll_who[i] = NULL;
		c->poll_last[i] = 0;
		c->poll_use[i] = 0;
	}
}

/* The slot of `who`, or a fresh one (the least recently used). */
static int poll_slot(struct vclock *c, const void *who, bool *fresh)
{
	int lru = 0;

	for (int i = 0; i < VCLOCK_POLL_SLOTS; i++) {
		if (c->poll_who[i] == who) {
			*fresh = false;
			return i;
		}
		if (c->poll_use[i] < c->poll_use[lru])
			lru = i;
	}
	c->poll_who[lru] = who;
	*fresh = true;
	return lru;
}

void vclock_busy_poll(struct vclock *c, const void *who, uint64_t done_at)
{
	uint64_t period, periods, skip, limit;
	bool fresh;
	int i = poll_slot(c, who, &fresh);

	c->poll_use[i] = ++c->poll_seq;
	if (fresh || c->now <= c->poll_last[i] || done_at <= c->now) {
		c->poll_last[i] = c->now;
		return;
	}
	limit = c->skip_limit < c->rt_limit ? c->skip_limit : c->rt_limit;
	/* A device busy without end (a hung chip) is skipped only up to a
	 * limit: left alone the clock would run to the end of time. */
	if (done_at == VCLOCK_NEVER && limit == VCLOCK_NEVER) {
		c->poll_last[i] = c->now;
		return;
	}
	period = c->now - c->poll_last[i];
	/* Land strictly before done_at: the next real poll sees the change. */
	periods = (done_at - c->now - 1) / period;
	skip = periods * period;
	if (limit != VCLOCK_NEVER) {
		uint64_t room = limit > c->now ? limit - c->now : 0;

		if (skip > room)
			skip = room / period * period;
	}
	if (skip > c->skip_pending)
		c->skip_pending = skip;
	c->poll_last[i] = c->now + skip;
}

void vclock_apply_skip(struct vclock *c)
{
	uint64_t skip = c->skip_pending;

	if (!skip)
		return;
	c->skip_pending = 0;
	c->skipped_ns += skip;
	vclock_advance_to(c, c->now + skip);
}

void vclock_rt_start(struct vclock *c, double speed, uint64_t wall_ns)
{
	c->rt_speed = speed > 0 ? speed : 0;
	c->rt_wall0 = wall_ns;
	c->rt_virt0 = c->now;
	c->rt_limit = c->rt_speed > 0 ? c->now : VCLOCK_NEVER;
}

uint64_t vclock_rt_update(struct vclock *c, uint64_t wall_ns)
{
	double ahead;

	if (c->rt_speed <= 0)
		return c->rt_limit = VCLOCK_NEVER;
	if (wall_ns <= c->rt_wall0)
		return c->rt_limit = c->rt_virt0;
	ahead = (double)(wall_ns - c->rt_wall0) * c->rt_speed;
	/* Past ~584 years the bound no longer matters. */
	if (ahead >= (double)(VCLOCK_NEVER - c->rt_virt0))
		return c->rt_limit = VCLOCK_NEVER - 1;
	return c->rt_limit = c->rt_virt0 + (uint64_t)ahead;
}

uint64_t vclock_rt_wall_for(const struct vclock *c, uint64_t t)
{
	double wall;

	if (c->rt_speed <= 0 || t <= c->rt_virt0)
		return c->rt_wall0;
	/* Round up: at the returned wall time, t is allowed. */
	wall = (double)(t - c->rt_virt0) / c->rt_speed;
	return c->rt_wall0 + (uint64_t)wall + 1;
}
