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

	UNIT_SUMMARY();
}
