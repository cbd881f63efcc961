// SPDX-License-Identifier: GPL-2.0-or-later
#include "common/vclock.h"
#include "common/unit.h"

static int fired[4], order[4], norder;

static void on_fire(void *ctx)
{
	int i = (int)(long)ctx;

	fired[i]++;
	order[norder++] = i;
}

/* Three observations of a loop: period p, r6 counting down by 1 from r6. */
static void loop_three(struct vclock_loop *l, uint64_t t0, uint64_t p, uint32_t r6)
{
	struct vclock_loop_obs o = { .sig = 0x1234, .sig_valid = true };

	vclock_loop_reset(l);
	o.r[15] = 0x24000046;		/* pc */
	o.r[13] = 0x24002000;		/* sp */
	o.r[0] = 0x52005000;
	for (int k = 0; k < 3; k++) {
		o.land = t0 + k * p;
		o.period = p;
		o.r[6] = r6 - k;
		vclock_loop_observe(l, l, 7, 192000000000ULL, &o);
	}
}

int main(void)
{
	struct vclock c;
	struct vclock_event e[3] = { 0 };

	UNIT_CASE("vclock: events fire in time order, ties in arming order");
	vclock_init(&c);
	vclock_schedule(&c, &e[0], 300, on_fire, (void *)0L, "a");
	vclock_schedule(&c, &e[1], 100, on_fire, (void *)1L, "b");
	vclock_schedule(&c, &e[2], 300, on_fire, (void *)2L, "c");
	vclock_advance_to(&c, 200);
	UNIT_CHECK(norder == 1 && order[0] == 1, "only b by 200");
	UNIT_CHECK(c.now == 200, "now %llu", (unsigned long long)c.now);
	vclock_advance_to(&c, 1000);
	UNIT_CHECK(norder == 3 && order[1] == 0 && order[2] == 2, "a then c");
	UNIT_CHECK(vclock_next(&c) == VCLOCK_NEVER, "nothing pending");
	UNIT_END_CASE();

	UNIT_CASE("vclock: cancel and re-arm");
	vclock_schedule(&c, &e[0], 2000, on_fire, (void *)0L, "a");
	vclock_cancel(&c, &e[0]);
	vclock_advance_to(&c, 3000);
	UNIT_CHECK(fired[0] == 1, "cancelled event fired");
	UNIT_END_CASE();

	UNIT_CASE("vclock: busy-poll skip lands before completion, period aligned");
	vclock_init(&c);
	c.now = 1000;
	vclock_busy_poll(&c, &c, 1000000);
	vclock_apply_skip(&c);
	UNIT_CHECK(c.now == 1000, "first observation must not skip");
	c.now = 1100;
	vclock_busy_poll(&c, &c, 1000000);
	vclock_apply_skip(&c);
	UNIT_CHECK(c.now < 1000000 && c.now >= 1000000 - 100, "now %llu",
		(unsigned long long)c.now);
	UNIT_CHECK((c.now - 1100) % 100 == 0, "aligned to the period");
	UNIT_END_CASE();

	UNIT_CASE("vclock: busy-poll skip respects skip_limit");
	vclock_init(&c);
	c.skip_limit = 5000;
	c.now = 1000;
	vclock_busy_poll(&c, &c, 1000000);
	c.now = 1100;
	vclock_busy_poll(&c, &c, 1000000);
	vclock_apply_skip(&c);
	UNIT_CHECK(c.now <= 5000 && c.now >= 4900, "now %llu", (unsigned long long)c.now);
	UNIT_END_CASE();

	UNIT_CASE("vclock: interleaved observers chain independently; reset breaks chains");
	vclock_init(&c);
	c.now = 1000;
	vclock_busy_poll(&c, &e[0], 1000000);	/* chip */
	c.now = 1010;
	vclock_busy_poll(&c, &e[1], 1020);	/* controller, short */
	vclock_apply_skip(&c);
	c.now = 1100;
	vclock_busy_poll(&c, &e[0], 1000000);
	vclock_apply_skip(&c);
	UNIT_CHECK(c.now >= 1000000 - 100 && c.now < 1000000,
		"chip chain broken by controller: now %llu", (unsigned long long)c.now);
	vclock_init(&c);
	c.now = 2000000;
	vclock_busy_poll(&c, &e[0], 9000000);
	vclock_apply_skip(&c);
	vclock_poll_reset(&c);
	c.now = 2000100;
	vclock_busy_poll(&c, &e[0], 9000000);
	vclock_apply_skip(&c);
	UNIT_CHECK(c.now == 2000100, "skipped across a reset");
	UNIT_END_CASE();

	UNIT_CASE("vclock: real time off by default; the bound follows speed x wall");
	vclock_init(&c);
	UNIT_CHECK(!vclock_rt_on(&c) && c.rt_limit == VCLOCK_NEVER, "real time on after init");
	UNIT_CHECK(vclock_rt_update(&c, 123456) == VCLOCK_NEVER, "bound without real time");
	c.now = 5000;
	vclock_rt_start(&c, 100.0, 1000000);	/* wall 1 ms, virtual 5 us */
	UNIT_CHECK(vclock_rt_on(&c) && c.rt_limit == 5000, "anchor: limit %llu",
		(unsigned long long)c.rt_limit);
	UNIT_CHECK(vclock_rt_update(&c, 999999) == 5000, "wall before the anchor");
	UNIT_CHECK(vclock_rt_update(&c, 1000000 + 10000) == 5000 + 1000000,
		"10 us wall x100: limit %llu", (unsigned long long)c.rt_limit);
	UNIT_CHECK(vclock_rt_wall_for(&c, 5000 + 1000000) >= 1000000 + 10000 &&
		vclock_rt_wall_for(&c, 5000 + 1000000) <= 1000000 + 10001,
		"wall for 1 ms ahead: %llu", (unsigned long long)vclock_rt_wall_for(&c, 1005000));
	UNIT_CHECK(vclock_rt_wall_for(&c, 10) == 1000000, "past times are allowed at the anchor");
	/* Round trip: at the wall time given for t, the bound reaches t. */
	for (uint64_t t = 5001; t < 5000 + 3000000; t += 7777)
		if (vclock_rt_update(&c, vclock_rt_wall_for(&c, t)) < t)
			UNIT_CHECK(0, "wall_for(%llu) too early", (unsigned long long)t);
	vclock_rt_start(&c, 1.0, 0);
	UNIT_CHECK(vclock_rt_update(&c, 192000000000ULL) == 5000 + 192000000000ULL,
		"speed 1: 192 s of wall");
	UNIT_CHECK(vclock_rt_update(&c, VCLOCK_NEVER - 1) == VCLOCK_NEVER - 1,
		"saturates below NEVER");
	vclock_rt_start(&c, 0, 0);
	UNIT_CHECK(!vclock_rt_on(&c) && c.rt_limit == VCLOCK_NEVER, "speed 0 turns it off");
	UNIT_END_CASE();

	UNIT_CASE("vclock: real time caps busy-poll skips at the wall clock");
	vclock_init(&c);
	vclock_rt_start(&c, 10.0, 0);
	vclock_rt_update(&c, 20000);		/* 20 us wall x10: 200 us virtual */
	c.now = 1000;
	vclock_busy_poll(&c, &c, 192000000000ULL);
	c.now = 1100;
	vclock_busy_poll(&c, &c, 192000000000ULL);
	vclock_apply_skip(&c);
	UNIT_CHECK(c.now <= 200000 && c.now > 200000 - 100, "skip went to %llu, want <= 200000",
		(unsigned long long)c.now);
	UNIT_CHECK((c.now - 1100) % 100 == 0, "aligned to the period");
	/* skip_limit lower than the wall bound wins */
	c.skip_limit = c.now + 250;
	vclock_rt_update(&c, 1000000);
	vclock_busy_poll(&c, &c, 192000000000ULL);
	vclock_apply_skip(&c);
	UNIT_CHECK(c.now <= c.skip_limit, "skip past skip_limit");
	UNIT_END_CASE();

	UNIT_CASE("vclock: a busy with no end is skipped only up to a limit");
	vclock_init(&c);
	c.now = 1000;
	vclock_busy_poll(&c, &c, VCLOCK_NEVER);
	c.now = 1100;
	vclock_busy_poll(&c, &c, VCLOCK_NEVER);
	UNIT_CHECK(c.skip_pending == 0, "unlimited skip requested: %llu",
		(unsigned long long)c.skip_pending);
	vclock_rt_start(&c, 1.0, 0);		/* virtual 1100 at wall 0 */
	vclock_rt_update(&c, 50000);
	c.now = 1200;
	vclock_busy_poll(&c, &c, VCLOCK_NEVER);
	vclock_apply_skip(&c);
	UNIT_CHECK(c.now > 51100 - 100 && c.now <= 51100, "now %llu, want the wall bound",
		(unsigned long long)c.now);
	UNIT_END_CASE();

	{
		struct vclock_loop l;
		int32_t st[VCLOCK_LOOP_NREGS];
		uint64_t m, mv;

		UNIT_CASE("joint fast-forward: a proven loop skips to before the device's change");
		loop_three(&l, 1000000, 1360, 0xFFFFFF00u);
		m = vclock_loop_periods(&l, 7, 1000000 + 2 * 1360 + 10, VCLOCK_NEVER, UINT64_MAX, st, &mv);
		UNIT_CHECK(m > 0, "no skip over a proven loop");
		UNIT_CHECK(1000000 + 2 * 1360 + (m + 1) * 1360 < 192000000000ULL,
			"next observation after the skip at or past the device's change");
		UNIT_CHECK(1000000 + 2 * 1360 + (m + 2) * 1360 >= 192000000000ULL - 1360,
			"skip stops short: m %llu", (unsigned long long)m);
		UNIT_CHECK(st[6] == -1 && st[0] == 0, "strides r6 %d r0 %d", st[6], st[0]);
		UNIT_CHECK(mv == m, "counter moves %llu for %llu periods", (unsigned long long)mv,
			(unsigned long long)m);
		UNIT_END_CASE();

		UNIT_CASE("joint fast-forward: a counter stops the skip two steps before zero");
		loop_three(&l, 1000000, 1360, 102);
		m = vclock_loop_periods(&l, 7, 1000000 + 2 * 1360, VCLOCK_NEVER, UINT64_MAX, st, &mv);
		UNIT_CHECK(m == 98 && mv == 98, "m %llu moves %llu (r6 at 100, stride -1)",
			(unsigned long long)m, (unsigned long long)mv);
		vclock_loop_moved(&l, m, mv, st);
		UNIT_CHECK(l.o[2].r[6] == 2 && l.o[2].land == 1000000 + 2 * 1360 + 98 * 1360,
			"moved: r6 %u", l.o[2].r[6]);
		m = vclock_loop_periods(&l, 7, l.o[2].land, VCLOCK_NEVER, UINT64_MAX, st, &mv);
		UNIT_CHECK(m == 0, "skipped again next to zero: %llu", (unsigned long long)m);
		UNIT_END_CASE();

		UNIT_CASE("joint fast-forward: no proof, no skip");
		loop_three(&l, 1000000, 1360, 5000);
		UNIT_CHECK(vclock_loop_periods(&l, 8, 1000000 + 2 * 1360, VCLOCK_NEVER, UINT64_MAX,
			st, &mv) == 0, "chain reset since (gen)");
		UNIT_CHECK(vclock_loop_periods(&l, 7, 1000000 + 3 * 1360, VCLOCK_NEVER, UINT64_MAX,
			st, &mv) == 0, "no observation for a whole period");
		l.o[2].sig = 0x9999;
		UNIT_CHECK(vclock_loop_periods(&l, 7, 1000000 + 2 * 1360, VCLOCK_NEVER, UINT64_MAX,
			st, &mv) == 0, "iterations with other accesses or writes");
		loop_three(&l, 1000000, 1360, 5000);
		l.o[1].sig_valid = false;
		UNIT_CHECK(vclock_loop_periods(&l, 7, 1000000 + 2 * 1360, VCLOCK_NEVER, UINT64_MAX,
			st, &mv) == 0, "writes not watched");
		loop_three(&l, 1000000, 1360, 5000);
		l.o[2].r[3] = 9;
		UNIT_CHECK(vclock_loop_periods(&l, 7, 1000000 + 2 * 1360, VCLOCK_NEVER, UINT64_MAX,
			st, &mv) == 0, "a register that is no counter");
		loop_three(&l, 1000000, 1360, 5000);
		l.o[2].r[15] += 4;
		UNIT_CHECK(vclock_loop_periods(&l, 7, 1000000 + 2 * 1360, VCLOCK_NEVER, UINT64_MAX,
			st, &mv) == 0, "PC moved");
		loop_three(&l, 1000000, 1360, 5000);
		l.o[2].period = 1362;
		UNIT_CHECK(vclock_loop_periods(&l, 7, 1000000 + 2 * 1360, VCLOCK_NEVER, UINT64_MAX,
			st, &mv) == 0, "periods 2 ns apart");
		l.o[2].period = 1361;
		UNIT_CHECK(vclock_loop_periods(&l, 7, 1000000 + 2 * 1360, 1000000 + 500 * 1360,
			UINT64_MAX, st, &mv) > 0, "1 ns rounding refused");
		UNIT_CHECK(mv >= 1, "moves");
		UNIT_CHECK(vclock_loop_periods(&l, 7, 1000000 + 2 * 1360, 1000000 + 3 * 1361,
			UINT64_MAX, st, &mv) == 0, "skip past an earlier event (limit)");
		UNIT_END_CASE();

		UNIT_CASE("vclock_jump moves every chain with the clock");
		vclock_init(&c);
		c.now = 1000;
		vclock_busy_poll(&c, &c, 1000000000);
		vclock_jump(&c, 5000);
		UNIT_CHECK(c.now == 6000 && c.poll_last[0] == 6000 && c.skipped_ns == 5000,
			"now %llu last %llu", (unsigned long long)c.now, (unsigned long long)c.poll_last[0]);
		UNIT_END_CASE();
	}

	UNIT_SUMMARY();
}
