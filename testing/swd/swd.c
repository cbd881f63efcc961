// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SWD wire protocol and SW-DP (DPv2) of the virtual STM32H753.  One call of
 * wire_cycle() per SWCLK cycle; the DP register decode is dp_read() and
 * dp_write(); the ACK decision (FAULT/WAIT/OK rules) is decide_ack().
 * Every rule and its source: README.md.
 */

#include "swd_priv.h"
#include "common/stats.h"
#include "common/timing.h"
#include "common/vclock.h"

#include <stdlib.h>
#include <string.h>

#define DPIDR_VALUE		0x6ba02477u	/* reference 1.1 */
#define TARGETID_DEFAULT	0x04500041u	/* reference 1.1: inferred */
#define DLCR_VALUE		0x00000040u	/* TURNROUND = 1 cycle, bit 6 RES1 */
#define DLPIDR_VALUE		0x00000001u	/* PROTVSN 1, TINSTANCE 0 */
#define EVENTSTAT_VALUE		0x00000000u	/* [ASSUMED] not read by OpenOCD */

#define DP_ADDR_0		0x0	/* DPIDR (R) / ABORT (W) */
#define DP_ADDR_4		0x4	/* CTRL/STAT, DLCR, TARGETID, DLPIDR, EVENTSTAT */
#define DP_ADDR_8		0x8	/* RESEND (R) / SELECT (W) */
#define DP_ADDR_C		0xc	/* RDBUFF (R) / TARGETSEL (W) */

#define LINE_RESET_ONES		50

/* Switching sequences (ADIv5.2 B5), first bit sent = LSB. */
#define SEQ_JTAG_TO_SWD		0xe79eu		/* 16 bits after >= 50 ones */
#define SEQ_SWD_TO_JTAG		0xe73cu		/* 16 bits after >= 50 ones */
#define SEQ_SWD_TO_DORMANT	0xe3bcu		/* 16 bits after >= 50 ones */
#define SEQ_JTAG_TO_DORMANT	0x33bbbbbau	/* 31 bits after >= 5 ones */
#define ALERT_LO		0x86852d956209f392ull	/* selection alert, first 64 bits */
#define ALERT_HI		0x19bc0ea2e3ddafe9ull	/* last 64 bits */
#define ACT_SWD_12		0x1a0u		/* 4 low cycles + SWD activation 0x1a */

/* ---- small helpers -------------------------------------------------------- */

static unsigned int parity32(uint32_t v)
{
	return __builtin_parity(v);
}

static bool buf_bit(const uint8_t *b, unsigned int i)
{
	return (b[i / 8] >> (i % 8)) & 1;
}

static void buf_set(uint8_t *b, unsigned int i, bool v)
{
	if (v)
		b[i / 8] |= 1u << (i % 8);
	else
		b[i / 8] &= ~(1u << (i % 8));
}

/* splitmix64: deterministic PRNG for WAIT injection */
static uint64_t rng_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static double rng_unit(uint64_t *x)
{
	return (double)(rng_next(x) >> 11) * (1.0 / 9007199254740992.0);
}

/* ---- time ------------------------------------------------------------------ */

/* End of the cycle being processed. */
static uint64_t cycle_time(const struct swd *s)
{
	return s->t_base + ((uint64_t)s->cyc + 1) * 1000000ull / s->khz;
}

void swd_sync_to(struct swd *s, uint64_t t)
{
	if (s->sync)
		s->sync(s->sync_ctx, t);
	else
		vclock_advance_to(s->clk, t);
}

void swd_resync(struct swd *s, uint64_t *t)
{
	uint64_t now = vclock_now(s->clk);

	if (now > *t) {
		s->t_base += now - *t;
		*t = now;
	}
}

/* ---- line history and switching sequences -------------------------------- */

static void hist_push(struct swd *s, bool line)
{
	for (int w = 0; w < 3; w++)
		s->hist[w] = (s->hist[w] >> 1) | (s->hist[w + 1] << 63);
	s->hist[3] = (s->hist[3] >> 1) | ((uint64_t)line << 63);
}

/* n (<= 64) bits whose newest is `age` cycles old; the oldest is the LSB. */
static uint64_t hist_bits(const struct swd *s, unsigned int age, unsigned int n)
{
	unsigned int start = 256 - age - n;
	unsigned int w = start / 64, off = start % 64;
	uint64_t v = s->hist[w] >> off;

	if (off && w < 3)
		v |= s->hist[w + 1] << (64 - off);
	return n == 64 ? v : v & ((1ull << n) - 1);
}

static bool hist_ones(const struct swd *s, unsigned int age, unsigned int n)
{
	return hist_bits(s, age, n) == (n == 64 ? ~0ull : (1ull << n) - 1);
}

static bool alert_at(const struct swd *s, unsigned int age)
{
	return hist_bits(s, age + 64, 64) == ALERT_LO && hist_bits(s, age, 64) == ALERT_HI &&
		hist_ones(s, age + 128, 8);
}

static void enter_link(struct swd *s, enum swd_link_state l)
{
	s->link = l;
	s->phase = PH_IDLE;
}

/*
 * After a switch into SWD (from JTAG or dormant) the DP needs a line reset
 * before it answers: modelled as the lockout state.  OpenOCD's sequences end
 * with one (reference 1.1, swd.h).
 */
static void detect_sequences(struct swd *s)
{
	switch (s->link) {
	case SWD_LINK_JTAG:
		if (hist_bits(s, 0, 16) == SEQ_JTAG_TO_SWD && hist_ones(s, 16, 50))
			enter_link(s, SWD_LINK_LOCKOUT);
		else if (hist_bits(s, 0, 31) == (SEQ_JTAG_TO_DORMANT & 0x7fffffffu) &&
				hist_ones(s, 31, 5))
			enter_link(s, SWD_LINK_DORMANT);
		break;
	case SWD_LINK_DORMANT:
		if (hist_bits(s, 0, 12) == ACT_SWD_12 && alert_at(s, 12))
			enter_link(s, SWD_LINK_LOCKOUT);
		else if (hist_bits(s, 0, 16) == 0 && alert_at(s, 16))
			enter_link(s, SWD_LINK_JTAG);
		break;
	default:
		if (!hist_ones(s, 16, 50))
			break;
		if (hist_bits(s, 0, 16) == SEQ_SWD_TO_JTAG)
			enter_link(s, SWD_LINK_JTAG);
		else if (hist_bits(s, 0, 16) == SEQ_SWD_TO_DORMANT)
			enter_link(s, SWD_LINK_DORMANT);
		break;
	}
}

static bool link_is_swd(const struct swd *s)
{
	return s->link == SWD_LINK_RESET || s->link == SWD_LINK_ACTIVE ||
		s->link == SWD_LINK_LOCKOUT;
}

static void line_reset(struct swd *s)
{
	s->st->swd_line_resets++;
	s->link = SWD_LINK_RESET;
	s->phase = PH_HOLD;
	s->select &= ~0xfu;	/* DPBANKSEL = 0 (ADIv6 B4.3.3, quoted by OpenOCD) */
}

/* ---- DP registers ----------------------------------------------------------- */

/* An outstanding AP transfer that finished by time t reports its error. */
static void ap_settle(struct swd *s, uint64_t t)
{
	if (s->ap_err_pending && s->ap_busy_until != VCLOCK_NEVER && t >= s->ap_busy_until) {
		s->ctrl |= CS_STICKYERR;
		s->ap_err_pending = false;
	}
}

static uint32_t ctrl_stat_value(const struct swd *s)
{
	uint32_t v = s->ctrl;

	/* REQ -> ACK mirrored immediately (reference 1.1) */
	if (v & CS_CDBGPWRUPREQ)
		v |= CS_CDBGPWRUPACK;
	if (v & CS_CSYSPWRUPREQ)
		v |= CS_CSYSPWRUPACK;
	if (v & CS_CDBGRSTREQ)
		v |= CS_CDBGRSTACK;
	return v;
}

static uint32_t dp_read(struct swd *s, unsigned int a)
{
	switch (a) {
	case DP_ADDR_0:
		return DPIDR_VALUE;
	case DP_ADDR_4:
		switch (s->select & 0xf) {
		case 0: return ctrl_stat_value(s);
		case 1: return DLCR_VALUE;
		case 2: return s->targetid;
		case 3: return DLPIDR_VALUE;
		case 4: return EVENTSTAT_VALUE;
		default: return 0;
		}
	case DP_ADDR_8:
		return s->resend;
	default:	/* RDBUFF: last AP read result, no new access */
		s->resend = s->rdbuff;
		s->ctrl |= CS_READOK;
		return s->rdbuff;
	}
}

static void dp_write(struct swd *s, unsigned int a, uint32_t v)
{
	switch (a) {
	case DP_ADDR_0:		/* ABORT */
		if (v & ABORT_DAPABORT) {
			/* the outstanding transfer is abandoned; a hung bus
			 * transfer cannot be (the AHB has no abort): it keeps
			 * the AP busy until a system reset, unless the option
			 * says the abort frees it */
			if (s->ap_busy_until != VCLOCK_NEVER || s->cfg.dapabort_frees_stall) {
				s->ap_busy_until = 0;
				s->ap_err_pending = false;
			}
		}
		if (v & ABORT_STKCMPCLR)
			s->ctrl &= ~CS_STICKYCMP;
		if (v & ABORT_STKERRCLR)
			s->ctrl &= ~CS_STICKYERR;
		if (v & ABORT_WDERRCLR)
			s->ctrl &= ~CS_WDATAERR;
		if (v & ABORT_ORUNERRCLR)
			s->ctrl &= ~CS_STICKYORUN;
		break;
	case DP_ADDR_4:
		/* bank 0 CTRL/STAT; DLCR writes ignored (TURNROUND stays 1);
		 * other banks read-only */
		if ((s->select & 0xf) == 0)
			s->ctrl = (s->ctrl & ~CS_RW_MASK) | (v & CS_RW_MASK);
		break;
	case DP_ADDR_8:
		s->select = v;
		break;
	default:		/* TARGETSEL: handled on the wire */
		break;
	}
}

/* ---- AP access -------------------------------------------------------------- */

static unsigned int ap_sel(const struct swd *s)
{
	return s->select >> 24;
}

static unsigned int ap_addr(const struct swd *s, unsigned int a)
{
	return (s->select & 0xf0) | a;
}

/* Debug power domain off: the AP access fails (STICKYERR after it). */
static bool ap_unpowered(struct swd *s, uint64_t t)
{
	if (!s->powerup_required || (s->ctrl & CS_CDBGPWRUPREQ))
		return false;
	s->ap_err_pending = true;
	s->ap_busy_until = t;
	return true;
}

static uint32_t ap_read(struct swd *s, unsigned int a, uint64_t t)
{
	uint32_t prev = s->rdbuff;	/* posted: return the previous result */

	if (ap_unpowered(s, t))
		s->rdbuff = 0;
	else
		s->rdbuff = memap_read(s, ap_sel(s), ap_addr(s, a), t);
	s->resend = prev;
	s->ctrl |= CS_READOK;
	return prev;
}

static void ap_write(struct swd *s, unsigned int a, uint32_t v, uint64_t t)
{
	if (!ap_unpowered(s, t))
		memap_write(s, ap_sel(s), ap_addr(s, a), v, t);
}

/*
 * Fault injection: WAIT for a new AP transaction and its next burst-1 tries.
 * The burst stands for an AP still busy, so with busy_waits_dp a try may be
 * any request the DP holds back for a busy AP (ap false), not only an AP
 * access; a new burst starts only on an AP access.
 */
static bool inject_wait(struct swd *s, bool ap)
{
	if (s->inj_left) {
		if (--s->inj_left == 0)
			s->inj_accept = true;
		return true;
	}
	if (!ap)
		return false;
	if (s->inj_accept) {
		s->inj_accept = false;
		s->inj_accepted = true;
		return false;
	}
	if (s->cfg.ap_wait_rate <= 0 || rng_unit(&s->rng) >= s->cfg.ap_wait_rate)
		return false;
	s->inj_left = (s->cfg.ap_wait_burst ? s->cfg.ap_wait_burst : 1) - 1;
	s->inj_accept = s->inj_left == 0;
	return true;
}

/*
 * The ACK of a valid request (ADIv5.2 B4.2; OpenDAP sw_dp as cross-check):
 *  1. any sticky flag set -> FAULT, except DPIDR read, CTRL/STAT read (bank 0)
 *     and ABORT write;
 *  2. AP busy -> WAIT for AP accesses and RDBUFF reads, and with
 *     busy_waits_dp for every other request but the three ADIv5 exempts
 *     (DPIDR read, CTRL/STAT read, ABORT write: IHI 0031 B4.3.2, quoted by
 *     OpenOCD; ARM KA 103489847 names the same three as the only ones never
 *     answered WAIT; the SW-DP of the STM32 reference manuals buffers DP and
 *     AP writes alike and answers WAIT when its buffer is full);
 *  3. injected WAIT (a new burst on AP accesses; its further tries, with
 *     busy_waits_dp, on any request of rule 2);
 *  4. OK: reads prepare their data now, AP reads start the next transfer.
 * WAIT/FAULT with ORUNDETECT set STICKYORUN; AP/RDBUFF reads update READOK.
 */
static uint8_t decide_ack(struct swd *s, uint64_t t)
{
	unsigned int a = s->req_a;
	bool ap = s->req_ap, rnw = s->req_rnw;
	bool exempt = !ap && ((rnw && a == DP_ADDR_0) || (!rnw && a == DP_ADDR_0) ||
			(rnw && a == DP_ADDR_4 && (s->select & 0xf) == 0));
	bool rdbuff = !ap && rnw && a == DP_ADDR_C;
	bool stalls = ap || rdbuff || (s->cfg.busy_waits_dp && !exempt);
	uint8_t ack = SWD_ACK_OK;

	ap_settle(s, t);
	s->inj_accepted = false;
	if ((s->ctrl & CS_STICKY_MASK) && !exempt) {
		ack = SWD_ACK_FAULT;
	} else if (stalls && t < s->ap_busy_until) {
		ack = SWD_ACK_WAIT;
	} else if ((ap || (stalls && s->cfg.busy_waits_dp)) && inject_wait(s, ap)) {
		ack = SWD_ACK_WAIT;
		s->st->ap_injected_waits++;
	}

	if (ack != SWD_ACK_OK) {
		if (s->ctrl & CS_ORUNDETECT)
			s->ctrl |= CS_STICKYORUN;
		if ((ap && rnw) || rdbuff)
			s->ctrl &= ~CS_READOK;
		if (ack == SWD_ACK_WAIT)
			s->st->swd_wait_acks++;
		else
			s->st->swd_fault_acks++;
		return ack;
	}
	s->st->swd_ok_acks++;
	if (ap && !rnw && s->inj_accepted && s->wdata_err_left) {
		/* line fault on the write that got through after the burst */
		s->wdata_err_left--;
		s->wdata_corrupt = true;
	}
	if (rnw)
		s->rdata = ap ? ap_read(s, a, t) : dp_read(s, a);
	return ack;
}

/* ---- wire state machine ----------------------------------------------------- */

static void protocol_error(struct swd *s)
{
	s->st->swd_protocol_errors++;
	/* OpenDAP sets STICKYORUN on a protocol error when ORUNDETECT is set */
	if (s->ctrl & CS_ORUNDETECT)
		s->ctrl |= CS_STICKYORUN;
	if (s->lockout_on_error)
		s->link = SWD_LINK_LOCKOUT;
	s->phase = PH_IDLE;
}

static void header_done(struct swd *s)
{
	uint8_t h = s->hdr;
	bool parity_ok = (unsigned int)__builtin_parity(h & 0xf) == ((h >> 4) & 1u);

	if (!parity_ok || (h & 0x20) || !(h & 0x40)) {	/* parity, stop, park */
		protocol_error(s);
		return;
	}
	s->st->swd_transactions++;
	s->req_ap = h & 1;
	s->req_rnw = (h >> 1) & 1;
	s->req_a = ((h >> 2) & 3) << 2;

	if (!s->req_ap && !s->req_rnw && s->req_a == DP_ADDR_C) {
		/* TARGETSEL: never acknowledged; only valid right after a
		 * line reset (ADIv5.2 B4.3.4), else UNPREDICTABLE -> lockout */
		if (s->link != SWD_LINK_RESET) {
			protocol_error(s);
			return;
		}
		s->phase = PH_TSEL_GAP;
		s->cnt = 0;
		return;
	}
	if (s->link == SWD_LINK_RESET && !(!s->req_ap && s->req_rnw && s->req_a == DP_ADDR_0)) {
		/* after a line reset only a DPIDR read is answered */
		protocol_error(s);
		return;
	}
	s->link = SWD_LINK_ACTIVE;
	s->ack = decide_ack(s, cycle_time(s));
	s->phase = PH_TRN_ACK;
}

static void after_ack(struct swd *s)
{
	if (s->ack != SWD_ACK_OK) {
		/* ORUNDETECT: the data phase still happens (write data ignored,
		 * read data not driven), plus its turnaround.  Without it only
		 * the turnaround follows. */
		s->phase = PH_SKIP;
		s->cnt = (s->ctrl & CS_ORUNDETECT) ? 34 : 1;
	} else if (s->req_rnw) {
		s->phase = PH_RDATA;
		s->cnt = 0;
	} else {
		s->phase = PH_TRN_WDATA;
	}
}

static void write_done(struct swd *s)
{
	uint32_t v = (uint32_t)s->wdata;
	unsigned int par = (s->wdata >> 32) & 1;

	s->phase = PH_IDLE;
	if (s->wdata_corrupt) {
		s->wdata_corrupt = false;
		par ^= 1;
		s->st->wdata_errors_injected++;
	}
	if (parity32(v) != par) {
		s->ctrl |= CS_WDATAERR;		/* write discarded */
		return;
	}
	if (s->req_ap)
		ap_write(s, s->req_a, v, cycle_time(s));
	else
		dp_write(s, s->req_a, v);
}

static void targetsel_done(struct swd *s)
{
	uint32_t v = (uint32_t)s->wdata;
	unsigned int par = (s->wdata >> 32) & 1;
	uint32_t expect = (s->targetid & 0x0fffffffu) | ((DLPIDR_VALUE >> 28) << 28);

	s->phase = PH_IDLE;
	if (parity32(v) != par || v != expect)
		s->link = SWD_LINK_LOCKOUT;	/* not selected */
}

/* Bit the target drives in the current cycle, or -1. */
static int target_drive(const struct swd *s)
{
	if (s->link != SWD_LINK_RESET && s->link != SWD_LINK_ACTIVE)
		return -1;
	if (s->phase == PH_ACK)
		return (s->ack >> s->cnt) & 1;
	if (s->phase == PH_RDATA)
		return s->cnt < 32 ? (int)((s->rdata >> s->cnt) & 1) : (int)parity32(s->rdata);
	return -1;
}

static void phase_step(struct swd *s, bool line)
{
	switch (s->phase) {
	case PH_IDLE:
		if (line) {
			s->phase = PH_HDR;
			s->cnt = 0;
			s->hdr = 0;
		}
		break;
	case PH_HOLD:
		if (!line)
			s->phase = PH_IDLE;
		break;
	case PH_HDR:
		s->hdr |= (uint8_t)(line << s->cnt);
		if (++s->cnt == 7)
			header_done(s);
		break;
	case PH_TRN_ACK:
		s->phase = PH_ACK;
		s->cnt = 0;
		break;
	case PH_ACK:
		if (++s->cnt == 3)
			after_ack(s);
		break;
	case PH_RDATA:
		if (++s->cnt == 33)
			s->phase = PH_TRN_END;
		break;
	case PH_TRN_END:
		s->phase = PH_IDLE;
		break;
	case PH_TRN_WDATA:
		s->phase = PH_WDATA;
		s->cnt = 0;
		s->wdata = 0;
		break;
	case PH_WDATA:
		s->wdata |= (uint64_t)line << s->cnt;
		if (++s->cnt == 33)
			write_done(s);
		break;
	case PH_SKIP:
		if (--s->cnt == 0)
			s->phase = PH_IDLE;
		break;
	case PH_TSEL_GAP:
		if (++s->cnt == 5) {
			s->phase = PH_TSEL_DATA;
			s->cnt = 0;
			s->wdata = 0;
		}
		break;
	case PH_TSEL_DATA:
		s->wdata |= (uint64_t)line << s->cnt;
		if (++s->cnt == 33)
			targetsel_done(s);
		break;
	}
}

/* One SWCLK cycle; returns the line value during it. */
static bool wire_cycle(struct swd *s, bool probe_drives, bool probe_bit)
{
	int tbit = target_drive(s);
	bool line;

	if (probe_drives)
		line = probe_bit;	/* contention: the probe reads its own bit */
	else if (tbit >= 0)
		line = tbit;
	else
		line = true;		/* pull-up */
	hist_push(s, line);
	if (tbit >= 0) {
		s->ones_run = 0;
		phase_step(s, line);
		return line;
	}
	s->ones_run = line ? s->ones_run + 1 : 0;
	if (link_is_swd(s) && s->ones_run == LINE_RESET_ONES) {
		line_reset(s);
		return line;
	}
	detect_sequences(s);
	if (s->link == SWD_LINK_RESET || s->link == SWD_LINK_ACTIVE)
		phase_step(s, line);
	return line;
}

/* ---- public API ----------------------------------------------------------- */

void swd_config_defaults(struct swd_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ap_wait_rate = 0;
	cfg->ap_wait_burst = 1;
	cfg->seed = 1;
	cfg->packed_transfers = false;
	cfg->ap_access_ns = TIMING_SWD_AP_ACCESS_NS;
	cfg->busy_waits_dp = true;
	cfg->dapabort_frees_stall = false;
}

struct swd *swd_create(const struct swd_config *cfg, struct vclock *clk, struct vb_stats *st,
		struct bus *sysbus, struct bus *apbd)
{
	struct swd *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	if (cfg)
		s->cfg = *cfg;
	else
		swd_config_defaults(&s->cfg);
	if (s->cfg.ap_wait_rate < 0)
		s->cfg.ap_wait_rate = 0;
	s->clk = clk;
	s->st = st;
	s->khz = TIMING_SWD_DEFAULT_KHZ;
	s->sample_lag = 1;
	s->lockout_on_error = true;
	s->powerup_required = true;
	s->targetid = TARGETID_DEFAULT;
	memap_init(s, sysbus, apbd);
	swd_power_on_reset(s);
	return s;
}

void swd_destroy(struct swd *s)
{
	free(s);
}

void swd_set_clock_khz(struct swd *s, uint32_t khz)
{
	s->khz = khz ? khz : 1;
}

void swd_set_sync(struct swd *s, void (*sync)(void *ctx, uint64_t t_ns), void *ctx)
{
	s->sync = sync;
	s->sync_ctx = ctx;
}

void swd_set_sample_lag(struct swd *s, unsigned int cycles)
{
	s->sample_lag = cycles ? 1 : 0;
}

void swd_set_ap1_bus(struct swd *s, struct bus *b)
{
	s->ap[1].bus = b;
}

void swd_set_protocol_error_lockout(struct swd *s, bool lockout)
{
	s->lockout_on_error = lockout;
}

void swd_set_powerup_required(struct swd *s, bool required)
{
	s->powerup_required = required;
}

void swd_set_targetid(struct swd *s, uint32_t targetid)
{
	s->targetid = targetid;
}

enum swd_link_state swd_link_state(const struct swd *s)
{
	return s->link;
}

uint32_t swd_ctrl_stat(struct swd *s)
{
	ap_settle(s, vclock_now(s->clk));
	return ctrl_stat_value(s);
}

void swd_power_on_reset(struct swd *s)
{
	s->link = SWD_LINK_JTAG;	/* SWJ-DP: JTAG after power-on */
	s->phase = PH_IDLE;
	s->cnt = 0;
	s->ones_run = 0;
	memset(s->hist, 0, sizeof(s->hist));
	s->ctrl = 0;
	s->select = 0;
	s->rdbuff = 0;
	s->resend = 0;
	s->ap_busy_until = 0;
	s->ap_err_pending = false;
	s->rng = s->cfg.seed;
	s->inj_left = 0;
	s->inj_accept = false;
	s->inj_accepted = false;
	s->wdata_err_left = s->cfg.wdata_error_after_wait;
	s->wdata_corrupt = false;
	memap_reset(s);
}

void swd_set_system_reset(struct swd *s, bool asserted)
{
	s->sysreset = asserted;
	/* the bus matrix is reset: a hung transfer ends, without an error
	 * reported to the DP [ASSUMED] */
	if (asserted && s->ap_busy_until == VCLOCK_NEVER) {
		s->ap_busy_until = 0;
		s->ap_err_pending = false;
	}
}

void swd_io(struct swd *s, unsigned int nbits, const uint8_t *dir, const uint8_t *out, uint8_t *in)
{
	uint64_t t_end;

	s->t_base = vclock_now(s->clk);
	if (in)
		memset(in, 0, (nbits + 7) / 8);
	for (unsigned int i = 0; i < nbits; i++) {
		bool drives = dir ? buf_bit(dir, i) : false;
		bool bit = out ? buf_bit(out, i) : false;
		bool line;

		s->cyc = i;
		line = wire_cycle(s, drives, bit);
		if (!in)
			continue;
		if (!s->sample_lag)
			buf_set(in, i, line);
		else if (i > 0)
			buf_set(in, i - 1, line);
	}
	if (in && nbits && s->sample_lag) {
		/* the next cycle has not happened yet: the target's next bit,
		 * else the pull-up */
		int tbit = target_drive(s);

		buf_set(in, nbits - 1, tbit >= 0 ? tbit : 1);
	}
	s->st->swd_bits += nbits;
	t_end = s->t_base + (uint64_t)nbits * 1000000ull / s->khz;
	swd_sync_to(s, t_end);
}
