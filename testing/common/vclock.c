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
	c->poll_gen = 0;
	c->poll_fn = NULL;
	c->poll_ctx = NULL;
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
	c->poll_gen++;
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
	if (c->poll_fn) {
		uint64_t allow = c->poll_fn(c->poll_ctx, who, period, done_at, skip / period);

		if (allow < skip / period)
			skip = allow * period;
	}
	if (skip > c->skip_pending)
		c->skip_pending = skip;
	c->poll_last[i] = c->now + skip;
}

void vclock_jump(struct vclock *c, uint64_t dt)
{
	for (int i = 0; i < VCLOCK_POLL_SLOTS; i++)
		if (c->poll_who[i])
			c->poll_last[i] += dt;
	c->skipped_ns += dt;
	vclock_advance_to(c, c->now + dt);
}

void vclock_loop_reset(struct vclock_loop *l)
{
	l->who = NULL;
	l->n = 0;
}

void vclock_loop_observe(struct vclock_loop *l, const void *who, uint64_t gen,
		uint64_t done_at, const struct vclock_loop_obs *o)
{
	if (l->who != who || l->gen != gen)
		l->n = 0;
	l->who = who;
	l->gen = gen;
	l->done_at = done_at;
	if (l->n == 3) {
		l->o[0] = l->o[1];
		l->o[1] = l->o[2];
		l->n = 2;
	}
	l->o[l->n++] = *o;
}

bool vclock_loop_proven(const struct vclock_loop *l)
{
	const struct vclock_loop_obs *a = &l->o[0], *b = &l->o[1], *e = &l->o[2];
	uint64_t d;

	if (l->n < 3 || !b->sig_valid || !e->sig_valid || b->sig != e->sig)
		return false;
	d = b->period > e->period ? b->period - e->period : e->period - b->period;
	if (d > 1)
		return false;
	for (int i = 0; i < VCLOCK_LOOP_NREGS; i++) {
		uint32_t d1 = b->r[i] - a->r[i], d2 = e->r[i] - b->r[i];

		if (d1 != d2 || (d1 && i >= VCLOCK_LOOP_NCOUNT) || d1 == 0x80000000u)
			return false;
	}
	return true;
}

/* Steps of size |s| from v before reaching x (exclusive), moving in s's direction. */
static uint64_t steps_to(uint32_t v, int32_t s, uint32_t x)
{
	uint32_t d = s < 0 ? v - x : x - v;
	uint32_t a = s < 0 ? (uint32_t)(-(int64_t)s) : (uint32_t)s;

	if (!d)
		return UINT64_MAX;	/* moving away from it */
	return d / a;
}

uint64_t vclock_loop_periods(const struct vclock_loop *l, uint64_t gen, uint64_t now,
		uint64_t limit, uint64_t max, int32_t stride[VCLOCK_LOOP_NREGS], uint64_t *moves)
{
	const struct vclock_loop_obs *a = &l->o[0], *b = &l->o[1], *e = &l->o[2];
	uint64_t p = e->period, pmin, pmax, m, end;

	*moves = 0;
	if (l->n < 3 || l->gen != gen || !p || !b->period)
		return 0;
	/* The same period, to the clock's rounding of core cycles to ns. */
	pmin = b->period < p ? b->period : p;
	pmax = b->period < p ? p : b->period;
	if (pmax - pmin > 1)
		return 0;
	if (!b->sig_valid || !e->sig_valid || b->sig != e->sig)
		return 0;
	if (now < e->land || now - e->land >= pmin)
		return 0;	/* no observation for a whole period: out of the loop */
	for (int i = 0; i < VCLOCK_LOOP_NREGS; i++) {
		uint32_t d1 = b->r[i] - a->r[i], d2 = e->r[i] - b->r[i];

		if (d1 != d2 || (d1 && i >= VCLOCK_LOOP_NCOUNT) || d1 == 0x80000000u)
			return 0;
		stride[i] = (int32_t)d1;
	}
	end = l->done_at < limit ? l->done_at : limit;
	/* The next observation after the skip, land + m p + pmax, before end. */
	if (end <= e->land + 2 * pmax)
		return 0;
	m = (end - e->land - 1) / pmax - 1;
	if (m > max)
		m = max;
	for (int i = 0; i < VCLOCK_LOOP_NCOUNT; i++) {
		uint32_t x[2 + VCLOCK_LOOP_NCOUNT + 1];
		unsigned int nx = 0;

		if (!stride[i])
			continue;
		x[nx++] = 0;
		x[nx++] = 0x80000000u;
		for (int j = 0; j < VCLOCK_LOOP_NCOUNT + 1; j++)
			if (!stride[j])
				x[nx++] = e->r[j];
		for (unsigned int k = 0; k < nx; k++) {
			uint64_t n = steps_to(e->r[i], stride[i], x[k]);

			/* counters move ceil(m p / pmin) <= n - 2 steps */
			n = n > 2 ? (n - 2) * pmin / p : 0;
			if (n < m)
				m = n;
		}
	}
	/* Rounded up: a counter moves at least as far as on silicon (a
	 * timeout counter runs out no later). */
	*moves = (m * p + pmin - 1) / pmin;
	return m;
}

void vclock_loop_moved(struct vclock_loop *l, uint64_t periods, uint64_t moves,
		const int32_t stride[VCLOCK_LOOP_NREGS])
{
	for (unsigned int k = 0; k < l->n; k++) {
		l->o[k].land += periods * l->o[l->n - 1].period;
		for (int i = 0; i < VCLOCK_LOOP_NCOUNT; i++)
			l->o[k].r[i] += (uint32_t)(moves * (uint32_t)stride[i]);
	}
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
