// SPDX-License-Identifier: GPL-2.0-or-later
/* Board assembly and scheduling. */

#include "board.h"
#include "common/timing.h"
#include "common/util.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void board_config_defaults(struct board_config *cfg)
{
	static const struct board_pin def_wiring[SIG_COUNT] = {
		[SIG_CLK] = { 'B', 2, 9 },
		[SIG_NCS] = { 'B', 6, 10 },
		[SIG_IO0] = { 'D', 11, 9 },
		[SIG_IO1] = { 'D', 12, 9 },
		[SIG_IO2] = { 'E', 2, 9 },
		[SIG_IO3] = { 'D', 13, 9 },
	};

	memset(cfg, 0, sizeof(*cfg));
	cfg->probe = PROBE_CLASS_DEFAULT;
	cfg->probe_latency_ns = cfg->probe->round_trip_ns;
	cfg->fw_wait_retries = -1;
	swd_config_defaults(&cfg->swd);
	periph_config_defaults(&cfg->periph);
	qspi_config_defaults(&cfg->qspi);
	cfg->chip_present = true;
	w25q_config_defaults(&cfg->chip);
	/* The board draws every program/erase time between typical and
	 * maximum (--flash-timing jitter): silicon is never exactly typical. */
	cfg->chip.timing_jitter = true;
	cfg->periph.flash_timing_jitter = true;
	memcpy(cfg->wiring, def_wiring, sizeof(def_wiring));
	cfg->power_loss_at_ns = VCLOCK_NEVER;
	cfg->free_run_speed = 1.0;
}

/* QUADSPI signals reach flash 1 only with the QSPI clock on and each pin in
 * the alternate function the wiring needs (reference stm32h753.md 6.3). */
static uint32_t board_route(void *ctx, unsigned int bank)
{
	struct board *b = ctx;
	static const uint32_t sig_bit[SIG_COUNT] = {
		QSPI_SIG_CLK, QSPI_SIG_NCS, QSPI_SIG_IO(0), QSPI_SIG_IO(1),
		QSPI_SIG_IO(2), QSPI_SIG_IO(3),
	};
	uint32_t mask = 0;

	if (bank != 0 || !periph_clock_enabled(b->periph, PERIPH_CLK_QSPI))
		return 0;
	for (int s = 0; s < SIG_COUNT; s++) {
		const struct board_pin *pin = &b->cfg.wiring[s];

		if (periph_gpio_af(b->periph, pin->port, pin->pin) == pin->af)
			mask |= sig_bit[s];
	}
	return mask;
}

/* A system reset (SYSRESETREQ, nRESET release): peripherals, QUADSPI, core.
 * The debug port and the core's debug logic survive it. */
static void board_system_reset(struct board *b)
{
	b->stats.core_resets++;
	periph_system_reset(b->periph);
	qspi_reset(b->qspi);
	cm7_system_reset(b->core);
}

static void on_reset_request(void *ctx)
{
	struct board *b = ctx;

	if (b->cfg.verbose)
		fprintf(stderr, "vboard: system reset requested (SYSRESETREQ) at %llu ns\n",
			(unsigned long long)b->clk.now);
	board_system_reset(b);
}

static void on_qspi_rcc_reset(void *ctx)
{
	struct board *b = ctx;

	qspi_reset(b->qspi);
}

void board_power_cycle(struct board *b)
{
	if (b->chip)
		w25q_power_cycle(b->chip);
	periph_power_on_reset(b->periph);
	qspi_reset(b->qspi);
	swd_power_on_reset(b->swd);
	cm7_power_on_reset(b->core);
	cm7_set_held_in_reset(b->core, b->nreset_low);
	swd_set_system_reset(b->swd, b->nreset_low);
	if (!b->nreset_low)
		cm7_system_reset(b->core);
}

void board_set_nreset(struct board *b, bool low)
{
	if (low == b->nreset_low)
		return;
	b->nreset_low = low;
	cm7_set_held_in_reset(b->core, low);
	swd_set_system_reset(b->swd, low);
	if (low)
		periph_system_reset(b->periph);
	else
		board_system_reset(b);
}

static int make_state_dir(const char *dir)
{
	if (mkdir(dir, 0777) == 0 || errno == EEXIST)
		return 0;
	fprintf(stderr, "vboard: cannot create state directory %s: %s\n", dir, strerror(errno));
	return -1;
}

static uint64_t on_chained_poll(void *ctx, const void *who, uint64_t period, uint64_t done_at,
		uint64_t periods);

struct board *board_create(const struct board_config *cfg)
{
	struct board *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->cfg = *cfg;
	if (make_state_dir(cfg->state_dir))
		goto fail;
	snprintf(b->flash_path, sizeof(b->flash_path), "%s/flash.bin", cfg->state_dir);
	snprintf(b->qspi_path, sizeof(b->qspi_path), "%s/qspi.bin", cfg->state_dir);
	snprintf(b->stats_path, sizeof(b->stats_path), "%s/stats.json", cfg->state_dir);
	b->cfg.periph.flash_path = b->flash_path;

	vclock_init(&b->clk);
	b->clocks.cpu_hz = TIMING_HSI_HZ;
	b->clocks.hclk_hz = TIMING_HSI_HZ;
	b->clocks.qspi_ker_hz = TIMING_HSI_HZ;
	bus_init(&b->sysbus, "system", &b->clk);
	bus_init(&b->apbd, "apb-d", &b->clk);

	b->periph = periph_create(&b->cfg.periph, &b->clk, &b->stats, &b->sysbus, &b->apbd,
			&b->clocks);
	if (!b->periph)
		goto fail;
	b->qspi = qspi_create(&b->cfg.qspi, &b->clk, &b->stats, &b->sysbus, &b->clocks);
	if (!b->qspi)
		goto fail;
	/* With its clock off the register block reads as zero (as the other
	 * gated peripherals; periph/README.md), the window faults. */
	qspi_reg_region(b->qspi)->flags |= BUS_REGION_OFF_RAZWI;
	periph_gate(b->periph, PERIPH_CLK_QSPI, qspi_reg_region(b->qspi));
	periph_gate(b->periph, PERIPH_CLK_QSPI, qspi_mm_region(b->qspi));
	periph_set_qspi_reset_cb(b->periph, on_qspi_rcc_reset, b);
	if (cfg->chip_present) {
		b->chip = w25q_create(&b->cfg.chip, &b->clk, &b->stats, b->qspi_path);
		if (!b->chip)
			goto fail;
		b->chip_wire.ops = &w25q_wire_ops;
		b->chip_wire.chip = b->chip;
		qspi_attach_chip(b->qspi, 0, &b->chip_wire);
	}
	qspi_set_router(b->qspi, board_route, b);

	b->core = cm7_create(&b->clk, &b->stats, &b->sysbus, &b->clocks);
	if (!b->core)
		goto fail;
	cm7_set_reset_request(b->core, on_reset_request, b);
	for (int i = 0; i < 4; i++)
		vclock_loop_reset(&b->loop[i]);
	b->clk.poll_fn = on_chained_poll;
	b->clk.poll_ctx = b;
	b->swd = swd_create(&b->cfg.swd, &b->clk, &b->stats, &b->sysbus, &b->apbd);
	if (!b->swd)
		goto fail;
	if (cm7_map_bus(b->core)) {
		fprintf(stderr, "vboard: cannot map the memory map into the core\n");
		goto fail;
	}
	return b;
fail:
	board_destroy(b);
	return NULL;
}

void board_destroy(struct board *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < sizeof(b->probe_fw) / sizeof(b->probe_fw[0]); i++)
		if (b->probe_fw[i].fw)
			b->probe_fw[i].ops->destroy(b->probe_fw[i].fw);
	if (b->swd)
		swd_destroy(b->swd);
	if (b->core)
		cm7_destroy(b->core);
	if (b->chip)
		w25q_destroy(b->chip);
	if (b->qspi)
		qspi_destroy(b->qspi);
	if (b->periph)
		periph_destroy(b->periph);
	free(b);
}

/* Power loss (fault injection): cut at the configured virtual time, then the
 * supply comes straight back (a power cycle with interrupted operations). */
static void board_check_power_loss(struct board *b)
{
	if (b->power_lost || b->clk.now < b->cfg.power_loss_at_ns)
		return;
	b->power_lost = true;
	fprintf(stderr, "vboard: power loss injected at %llu ns\n",
		(unsigned long long)b->clk.now);
	if (b->chip)
		w25q_power_loss(b->chip);
	periph_power_loss(b->periph);
	board_power_cycle(b);
}

uint64_t board_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* Real-time mode: sleep until the wall clock allows virtual time t. */
static void board_rt_wait(struct board *b, uint64_t t)
{
	uint64_t wall = board_wall_ns();

	while (vclock_rt_update(&b->clk, wall) < t) {
		uint64_t due = vclock_rt_wall_for(&b->clk, t);
		struct timespec ts;

		if (due > wall) {
			ts.tv_sec = (due - wall) / 1000000000ULL;
			ts.tv_nsec = (due - wall) % 1000000000ULL;
			b->stats.rt_sleeps++;
			nanosleep(&ts, NULL);
		}
		wall = board_wall_ns();
	}
}

void board_rt_catch_up(struct board *b, uint64_t max_wall_ns)
{
	uint64_t start = board_wall_ns(), target;

	if (!vclock_rt_on(&b->clk))
		return;
	target = vclock_rt_update(&b->clk, start);
	/* A running core is emulated in slices so the probe is not starved
	 * when emulation is slower than the wall clock (the board then lags,
	 * it never leads). */
	while (b->clk.now < target && board_wall_ns() - start < max_wall_ns) {
		uint64_t step = target - b->clk.now;

		if (cm7_can_run(b->core) && step > TIMING_RT_SLICE_NS)
			step = TIMING_RT_SLICE_NS;
		board_run_until(b, b->clk.now + step);
	}
	/* Emulation slower than SPEED x wall: the debugger's accelerated clock
	 * is ahead of the board by this much when the request is served. */
	if (b->clk.now < target && target - b->clk.now > b->stats.rt_lag_max_ns)
		b->stats.rt_lag_max_ns = target - b->clk.now;
}

/* ---- joint host-and-core fast-forward -------------------------------------- */

/*
 * A chained busy observation.  One the core made of a device busy for long
 * is one iteration of a poll loop: it is recorded for the loop proof, and
 * over a proven loop the skip it asks for (within the current probe round
 * trip) moves the loop's counters by the iterations skipped and stops where
 * a counter would end the loop.  A loop not (or not yet) proven is skipped
 * as before, its registers unchanged.  A debugger's own polls (core halted)
 * skip as before.
 */
/*
 * Waits shorter than this (a transfer in flight, a page program) are skipped
 * as before, without the loop proof and its write hook, which slow the core:
 * only long waits need the joint fast-forward.  A simulator setting, not a
 * model figure.
 */
#define LOOP_PROOF_MIN_NS	100000000ULL

/* The loop proof of device `who`, or a fresh one (the least recently used). */
static unsigned int loop_slot(struct board *b, const void *who)
{
	unsigned int lru = 0;

	for (unsigned int i = 0; i < 4; i++) {
		if (b->loop[i].who == who && b->loop[i].n)
			return i;
		if (b->loop_use[i] < b->loop_use[lru])
			lru = i;
	}
	vclock_loop_reset(&b->loop[lru]);
	return lru;
}

static uint64_t on_chained_poll(void *ctx, const void *who, uint64_t period, uint64_t done_at,
		uint64_t periods)
{
	struct board *b = ctx;
	struct vclock_loop_obs o = { .land = b->clk.now, .period = period };
	int32_t stride[VCLOCK_LOOP_NREGS];
	uint64_t m, moves;
	unsigned int s;
	struct vclock_loop *l;

	if (b->cfg.no_joint_ff || !cm7_in_run(b->core) || done_at - b->clk.now < LOOP_PROOF_MIN_NS)
		return periods;
	s = loop_slot(b, who);
	l = &b->loop[s];
	b->loop_use[s] = ++b->loop_seq;
	o.sig_valid = cm7_loop_take(b->core, s, o.r, &o.sig);
	vclock_loop_observe(l, who, b->clk.poll_gen, done_at, &o);
	cm7_loop_watch(b->core, true);
	if (l->n < 3)
		return periods;		/* not proven yet: skipped as before */
	m = vclock_loop_periods(l, b->clk.poll_gen, b->clk.now, VCLOCK_NEVER, periods, stride, &moves);
	if (!vclock_loop_proven(l))
		return periods;
	if (!m || !cm7_loop_defer(b->core, stride, moves))
		return 0;
	vclock_loop_moved(l, m, moves, stride);
	return m;
}

/* A loop not seen for a few periods is over; with none left, stop watching
 * the core's writes. */
static void loop_expire(struct board *b)
{
	bool any = false;

	for (unsigned int i = 0; i < 4; i++) {
		struct vclock_loop *l = &b->loop[i];
		const struct vclock_loop_obs *o;

		if (!l->n)
			continue;
		o = &l->o[l->n - 1];
		if (l->gen != b->clk.poll_gen || b->clk.now > o->land + 4 * o->period + 1000000)
			vclock_loop_reset(l);
		else
			any = true;
	}
	if (!any)
		cm7_loop_watch(b->core, false);
}

uint64_t board_debug_writes(const struct board *b)
{
	return b->sysbus.debug_writes + b->apbd.debug_writes;
}

void board_host_done(struct board *b, uint64_t req, uint64_t resp, uint64_t writes_before)
{
	memmove(b->host_req, b->host_req + 1, sizeof(b->host_req) - sizeof(b->host_req[0]));
	memmove(b->host_resp, b->host_resp + 1, sizeof(b->host_resp) - sizeof(b->host_resp[0]));
	memmove(b->host_wrote, b->host_wrote + 1, sizeof(b->host_wrote) - sizeof(b->host_wrote[0]));
	b->host_req[7] = req;
	b->host_resp[7] = resp;
	b->host_wrote[7] = board_debug_writes(b) != writes_before;
	if (b->host_n < 8)
		b->host_n++;
}

/* The host's last 8 round trips repeat with a period p of 1 to 4 (the same
 * requests, the same answers), none wrote to a bus, and req is the request
 * that comes next in that cycle. */
static bool host_polling(const struct board *b, uint64_t req)
{
	if (b->host_n < 8)
		return false;
	for (int i = 0; i < 8; i++)
		if (b->host_wrote[i])
			return false;
	for (int p = 1; p <= 4; p++) {
		int i;

		for (i = p; i < 8; i++)
			if (b->host_req[i] != b->host_req[i - p] ||
			    b->host_resp[i] != b->host_resp[i - p])
				break;
		if (i == 8 && b->host_req[8 - p] == req)
			return true;
	}
	return false;
}

uint64_t board_joint_ff(struct board *b, uint64_t req)
{
	int32_t stride[VCLOCK_LOOP_NREGS];
	uint64_t limit, m = 0, moves, dt;
	struct vclock_loop *l = NULL;

	loop_expire(b);
	if (b->cfg.no_joint_ff || vclock_rt_on(&b->clk) || !cm7_can_run(b->core) ||
	    !host_polling(b, req))
		return 0;
	limit = vclock_next(&b->clk);
	if (!b->power_lost && b->cfg.power_loss_at_ns < limit)
		limit = b->cfg.power_loss_at_ns;
	/* The core is in one loop at a time: the one proven now, if any. */
	for (unsigned int i = 0; i < 4 && !m; i++) {
		l = &b->loop[i];
		m = vclock_loop_periods(l, b->clk.poll_gen, b->clk.now, limit, UINT64_MAX, stride,
				&moves);
	}
	if (!m)
		return 0;
	dt = m * l->o[l->n - 1].period;
	cm7_loop_advance(b->core, stride, moves);
	vclock_loop_moved(l, m, moves, stride);
	/* Every other device's chain moved with the clock. */
	for (unsigned int i = 0; i < 4; i++)
		if (&b->loop[i] != l)
			for (unsigned int k = 0; k < b->loop[i].n; k++)
				b->loop[i].o[k].land += dt;
	vclock_jump(&b->clk, dt);
	b->stats.joint_skips++;
	b->stats.joint_skipped_ns += dt;
	return dt;
}

void board_run_until(struct board *b, uint64_t t)
{
	uint64_t limit = t;

	if (vclock_rt_on(&b->clk))
		board_rt_wait(b, t);

	if (!b->power_lost && b->cfg.power_loss_at_ns < limit)
		limit = b->cfg.power_loss_at_ns;
	while (b->clk.now < limit) {
		if (cm7_can_run(b->core)) {
			/* Host traffic keeps its place in time while the core runs. */
			b->clk.skip_limit = limit;
			cm7_run(b->core, limit);
		} else {
			uint64_t next = vclock_next(&b->clk);

			vclock_advance_to(&b->clk, next < limit ? next : limit);
		}
	}
	b->clk.skip_limit = VCLOCK_NEVER;
	board_check_power_loss(b);
	if (b->clk.now < t)
		board_run_until(b, t);
}

bool board_busy(const struct board *b)
{
	return cm7_can_run(b->core) || vclock_next(&b->clk) != VCLOCK_NEVER;
}

uint64_t board_free_run(struct board *b, uint64_t max_ns)
{
	uint64_t start = b->clk.now, target = start + max_ns;

	/*
	 * Unlike board_run_until(), time stops where nothing can happen: a
	 * sleeping firmware with no pending event does not age the board, so
	 * the virtual time at which a debugger attaches does not depend on
	 * wall-clock slicing.  A pending event (an erase in progress) keeps
	 * time running.
	 */
	b->clk.skip_limit = VCLOCK_NEVER;
	while (b->clk.now < target) {
		if (cm7_can_run(b->core)) {
			uint64_t before = b->clk.now;

			cm7_run(b->core, target);
			if (b->clk.now == before && cm7_can_run(b->core))
				break;	/* defensive: no progress */
		} else {
			uint64_t next = vclock_next(&b->clk);

			if (next == VCLOCK_NEVER)
				break;
			/* Waiting for a timed event (an erase): time runs, paced. */
			vclock_advance_to(&b->clk, next < target ? next : target);
		}
		board_check_power_loss(b);
	}
	return b->clk.now - start;
}

void board_boot(struct board *b, uint64_t ns)
{
	uint64_t end = b->clk.now + ns;

	while (b->clk.now < end && board_busy(b))
		if (!board_free_run(b, end - b->clk.now))
			break;
}

static void swd_sync(void *ctx, uint64_t t)
{
	struct board *b = ctx;

	board_run_until(b, t);
	/* While the core is halted nothing else happens: a debugger polling a
	 * busy device may skip ahead freely (see vclock_busy_poll). */
	b->clk.skip_limit = cm7_can_run(b->core) ? b->clk.now : VCLOCK_NEVER;
}

void board_swd_io(struct board *b, unsigned int nbits, const uint8_t *dir,
		const uint8_t *out, uint8_t *in)
{
	swd_set_sync(b->swd, swd_sync, b);
	swd_io(b->swd, nbits, dir, out, in);
	b->clk.skip_limit = VCLOCK_NEVER;
}

/* ---- probe firmware models (proto/probe_fw.h) ------------------------------- */

/* A probe that samples SWDIO on the clock edge: in bit k = line in cycle k. */
static void fw_swd_io(void *ctx, unsigned int nbits, const uint8_t *dir, const uint8_t *out,
		uint8_t *in)
{
	struct board *b = ctx;

	swd_set_sample_lag(b->swd, 0);
	board_swd_io(b, nbits, dir, out, in);
	swd_set_sample_lag(b->swd, 1);
}

static void fw_set_swd_khz(void *ctx, uint32_t khz)
{
	struct board *b = ctx;

	swd_set_clock_khz(b->swd, khz ? khz : 1);
}

static void fw_set_nreset(void *ctx, bool low)
{
	board_set_nreset(ctx, low);
}

static void fw_delay_ns(void *ctx, uint64_t ns)
{
	struct board *b = ctx;

	board_run_until(b, b->clk.now + ns);
}

static uint64_t fw_now_ns(void *ctx)
{
	struct board *b = ctx;

	return b->clk.now;
}

void *board_probe_fw(struct board *b, uint32_t kind, const struct probe_fw_ops **ops)
{
	const struct probe_fw_ops *o = probe_fw_find(kind);
	size_t i, n = sizeof(b->probe_fw) / sizeof(b->probe_fw[0]);

	if (!o)
		return NULL;
	for (i = 0; i < n && b->probe_fw[i].ops; i++)
		if (b->probe_fw[i].ops == o) {
			*ops = o;
			return b->probe_fw[i].fw;
		}
	if (i == n)
		return NULL;
	b->probe_fw_env = (struct probe_fw_env) { .ctx = b, .swd_io = fw_swd_io,
		.set_swd_khz = fw_set_swd_khz, .set_nreset = fw_set_nreset,
		.delay_ns = fw_delay_ns, .now_ns = fw_now_ns, .stats = &b->stats,
		.wait_retries = b->cfg.fw_wait_retries };
	b->probe_fw[i].fw = o->create(&b->probe_fw_env);
	if (!b->probe_fw[i].fw)
		return NULL;
	b->probe_fw[i].ops = o;
	*ops = o;
	return b->probe_fw[i].fw;
}

/* A speed above the probe's maximum runs at the maximum [ASSUMED]. */
void board_set_swd_khz(struct board *b, uint32_t khz)
{
	uint32_t max = probe_max_khz(b->cfg.probe);

	swd_set_clock_khz(b->swd, khz > max ? max : khz);
}

/* Every counter of struct vb_stats, by name, for stats.json. */
static const struct {
	const char *name;
	size_t offset;
} stat_fields[] = {
#define VB_STATS_ENTRY(n) { #n, offsetof(struct vb_stats, n) },
	VB_STATS_FIELDS(VB_STATS_ENTRY)
#undef VB_STATS_ENTRY
};

int board_write_stats(struct board *b)
{
	char tmp[4200];
	FILE *f;

	b->stats.virtual_ns = b->clk.now;
	b->stats.skipped_ns = b->clk.skipped_ns;
	snprintf(tmp, sizeof(tmp), "%s.tmp", b->stats_path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "vboard: cannot write %s: %s\n", tmp, strerror(errno));
		return -1;
	}
	fprintf(f, "{\n");
	for (size_t i = 0; i < ARRAY_SIZE(stat_fields); i++)
		fprintf(f, "  \"%s\": %llu,\n", stat_fields[i].name, (unsigned long long)
			*(const uint64_t *)((const char *)&b->stats + stat_fields[i].offset));
	fprintf(f, "  \"cpu_hz\": %u,\n  \"qspi_ker_hz\": %u\n}\n",
		b->clocks.cpu_hz, b->clocks.qspi_ker_hz);
	if (fclose(f) || rename(tmp, b->stats_path)) {
		fprintf(stderr, "vboard: cannot write %s: %s\n", b->stats_path, strerror(errno));
		return -1;
	}
	return 0;
}

/* FILE or FILE@OFFSET (offset into internal flash, default 0). */
int board_load_flash_image(struct board *b, const char *spec)
{
	char path[4096];
	const char *at = strrchr(spec, '@');
	unsigned long offset = 0;
	FILE *f;
	uint8_t *buf;
	long len;
	int ret;

	snprintf(path, sizeof(path), "%.*s", at ? (int)(at - spec) : (int)strlen(spec), spec);
	if (at) {
		char *end;

		offset = strtoul(at + 1, &end, 0);
		if (*end || end == at + 1) {
			fprintf(stderr, "vboard: --flash-image %s: bad offset\n", spec);
			return -1;
		}
	}
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "vboard: --flash-image %s: %s\n", path, strerror(errno));
		return -1;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	if (len <= 0 || offset + (unsigned long)len > 2 * 1024 * 1024) {
		fprintf(stderr, "vboard: --flash-image %s: %ld bytes at offset 0x%lx do not fit the 2 MiB internal flash\n",
			path, len, offset);
		fclose(f);
		return -1;
	}
	buf = malloc(len);
	if (!buf || fread(buf, 1, len, f) != (size_t)len) {
		fprintf(stderr, "vboard: --flash-image %s: read error\n", path);
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	ret = periph_flash_load(b->periph, offset, buf, len);
	free(buf);
	return ret;
}
