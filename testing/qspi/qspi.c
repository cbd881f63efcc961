// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32H7 QUADSPI controller (RM0433).  Facts: ../shared/reference/
 * stm32h753.md section 5 (registers, start rules, DR widths) unless a
 * comment says otherwise.
 *
 * Wire model.  A command opens with nCS low and the instruction, address,
 * alternate-byte and dummy phases, all sent to the chip at once (the chip
 * answers instantly); the data phase then moves one unit (one byte, or one
 * byte per chip in dual-flash mode) at a time, lazily: the controller keeps
 * a wire position (base time + half-cycles) and catches up to "now" on every
 * access and on its own event.  The wire stalls when the FIFO is full (read)
 * or empty (write), as the real controller stops the clock.  Time is counted
 * in half-cycles so SDR (2 per cycle) and DDR (1 per edge) mix.
 */

#include "qspi.h"
#include "../common/timing.h"

#include <stdlib.h>
#include <string.h>

#define FIFO_SIZE	32u	/* [REF 5.1 "FIFO depth: 32 bytes"] */
#define LEN_INF		UINT64_MAX

/* Register offsets [REF 5.1]. */
enum {
	R_CR = 0x00, R_DCR = 0x04, R_SR = 0x08, R_FCR = 0x0c, R_DLR = 0x10,
	R_CCR = 0x14, R_AR = 0x18, R_ABR = 0x1c, R_DR = 0x20, R_PSMKR = 0x24,
	R_PSMAR = 0x28, R_PIR = 0x2c, R_LPTR = 0x30,
};

#define CR_EN		0x00000001u
#define CR_ABORT	0x00000002u
#define CR_TCEN		0x00000008u
#define CR_DFM		0x00000040u
#define CR_FSEL		0x00000080u
#define CR_APMS		0x00400000u
#define CR_PMM		0x00800000u
#define CR_STORED	0xffdf1fddu	/* all fields but ABORT and reserved bits */
/* PRESCALER, PMM, APMS, FSEL, DFM, SSHIFT, TCEN: "modifiable only when BUSY = 0" */
#define CR_BUSY_LOCKED	0xffc000d8u

#define DCR_MASK	0x001f0701u
#define CCR_MASK	0xdf7fffffu	/* bits 23 and 29 reserved */
#define CCR_SIOO	0x10000000u
#define CCR_DDRM	0x80000000u

#define SR_TEF		0x01u
#define SR_TCF		0x02u
#define SR_FTF		0x04u
#define SR_SMF		0x08u
#define SR_TOF		0x10u
#define SR_BUSY		0x20u

enum trigger { TRIG_CCR, TRIG_AR, TRIG_DR };

struct qspi_bank {
	struct spi_wire wire;
	uint32_t route;		/* signals routed, captured when a command starts */
	bool selected;		/* the chip saw nCS fall */
	uint8_t held;		/* last level on IO0..IO3 (float_level hold) */
};

/* The command on the wire (indirect read/write or memory-mapped prefetch). */
struct qspi_xfer {
	bool active;		/* nCS low (or about to be) */
	unsigned int fmode;
	unsigned int banks;	/* bit 0 flash 1, bit 1 flash 2 */
	unsigned int dlines;	/* 0, 1, 2 or 4 */
	bool ddr;
	uint64_t base_ns;	/* wire position = base_ns + hc half-cycles */
	uint64_t hc;
	uint64_t remaining;	/* data bytes still to move, LEN_INF = endless */
	bool data_done;
	uint64_t done_ns;	/* nCS rise once data_done */
	bool full;		/* read: wire stopped on a full FIFO */
	uint64_t full_since;
};

struct qspi {
	struct qspi_config cfg;
	struct vclock *clk;
	struct vb_stats *st;
	struct vb_stats st_dummy;
	struct bus *bus;
	const struct vb_clocks *clocks;
	struct bus_region *reg_region, *mm_region;
	uint32_t (*route)(void *ctx, unsigned int bank);
	void *route_ctx;
	struct qspi_bank bank[2];

	/* registers */
	uint32_t cr, dcr, dlr, ccr, ar, abr, psmkr, psmar, pir, lptr;
	bool tef, tcf, smf, tof;

	/* timing of the current command: one cycle = div / hz seconds */
	uint32_t div, hz;
	uint64_t cs_high_until;	/* nCS must stay high until then */
	bool ar_written;	/* since the last CCR write */
	bool instr_sent;	/* SIOO: instruction already sent since CCR write */

	uint8_t fifo[FIFO_SIZE];
	unsigned int fifo_head, fifo_count;
	unsigned int fifo_mode;	/* FMODE of the command that owns the FIFO */

	struct qspi_xfer x;
	struct vclock_event ev_xfer;
	bool mm_valid;		/* FIFO head holds the byte at mm_next */
	uint32_t mm_next;

	/* automatic status polling */
	bool polling;
	struct vclock_event ev_poll;
	uint64_t poll_base;		/* ns of half-cycle 0 of poll 0 */
	uint64_t poll_dur_hc, poll_period_hc;
	uint64_t poll_idx;		/* next real poll */
	uint64_t virt_lo, virt_hi;	/* skipped polls [virt_lo, virt_hi) */
	uint64_t virt_counted;		/* skipped polls already in the stats */
	unsigned int poll_bytes;
	bool last_match;
	bool ftf_poll;
	uint64_t ftf_cleared_at, smf_cleared_at;
	uint32_t dr_status;
};

/* ---- small helpers -------------------------------------------------------- */

static unsigned int mode_lines(unsigned int m)
{
	return m == 3 ? 4 : m;
}

static unsigned int ccr_field(const struct qspi *q, unsigned int pos, unsigned int bits)
{
	return (q->ccr >> pos) & ((1u << bits) - 1);
}

#define IMODE(q)	ccr_field(q, 8, 2)
#define ADMODE(q)	ccr_field(q, 10, 2)
#define ADSIZE(q)	ccr_field(q, 12, 2)
#define ABMODE(q)	ccr_field(q, 14, 2)
#define ABSIZE(q)	ccr_field(q, 16, 2)
#define DCYC(q)		ccr_field(q, 18, 5)
#define DMODE(q)	ccr_field(q, 24, 2)
#define FMODE(q)	ccr_field(q, 26, 2)

static bool dual(const struct qspi *q)
{
	return q->cr & CR_DFM;
}

static unsigned int csht_cycles(const struct qspi *q)
{
	return ((q->dcr >> 8) & 7) + 1;
}

static uint64_t fsize_bytes(const struct qspi *q)
{
	return 1ull << (((q->dcr >> 16) & 0x1f) + 1);
}

static unsigned int fthres(const struct qspi *q)
{
	return ((q->cr >> 8) & 0x1f) + 1;
}

static uint32_t dlr_value(const struct qspi *q)
{
	return dual(q) ? q->dlr | 1 : q->dlr;	/* DL[0] stuck at 1 when DFM=1 */
}

static uint8_t float_bits(const struct qspi *q)
{
	return q->cfg.float_level == 1 ? 0x0f : 0x00;
}

/* Levels of undriven lines on a bank: pulled up/down, or held. */
static uint8_t idle_bits(const struct qspi *q, unsigned int bank)
{
	if (q->cfg.float_level == SPI_IO_FLOAT_HOLD)
		return q->bank[bank].held;
	return float_bits(q);
}

static void capture_timing(struct qspi *q)
{
	uint32_t hz = q->clocks ? q->clocks->qspi_ker_hz : 0;

	q->div = (q->cr >> 24) + 1;
	q->hz = hz ? hz : TIMING_QSPI_KER_DEFAULT_HZ;
}

/* Nanoseconds of h half-cycles of the QUADSPI clock. */
static uint64_t hc_ns(const struct qspi *q, uint64_t h)
{
	unsigned __int128 v = (unsigned __int128)h * q->div * 1000000000u;

	return (uint64_t)(v / (2u * (uint64_t)q->hz));
}

/* Largest h with hc_ns(h) <= ns. */
static uint64_t ns_hc(const struct qspi *q, uint64_t ns)
{
	unsigned __int128 v = (unsigned __int128)ns * 2u * q->hz;
	uint64_t h = (uint64_t)(v / ((uint64_t)q->div * 1000000000u));

	while (h && hc_ns(q, h) > ns)
		h--;
	while (hc_ns(q, h + 1) <= ns)
		h++;
	return h;
}

static uint64_t now_ns(const struct qspi *q)
{
	return vclock_now(q->clk);
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* ---- FIFO ----------------------------------------------------------------- */

static void fifo_flush(struct qspi *q)
{
	q->fifo_head = 0;
	q->fifo_count = 0;
}

static void fifo_push(struct qspi *q, uint8_t v)
{
	if (q->fifo_count >= FIFO_SIZE)
		return;
	q->fifo[(q->fifo_head + q->fifo_count) % FIFO_SIZE] = v;
	q->fifo_count++;
}

static uint8_t fifo_pop(struct qspi *q)
{
	uint8_t v;

	if (!q->fifo_count)
		return 0;
	v = q->fifo[q->fifo_head];
	q->fifo_head = (q->fifo_head + 1) % FIFO_SIZE;
	q->fifo_count--;
	return v;
}

/* ---- the wire --------------------------------------------------------------- */

static bool bank_has_chip(const struct qspi_bank *b)
{
	return b->wire.ops && b->wire.chip;
}

static void bank_select(struct qspi *q, unsigned int i)
{
	struct qspi_bank *b = &q->bank[i];
	uint32_t need = QSPI_SIG_CLK | QSPI_SIG_NCS;

	b->route = q->route ? q->route(q->route_ctx, i) : QSPI_SIG_ALL;
	b->selected = (b->route & need) == need && bank_has_chip(b);
	/* SCLK of this command: kernel clock / (PRESCALER + 1) */
	if (b->selected && b->wire.ops->set_clock)
		b->wire.ops->set_clock(b->wire.chip, q->hz / q->div);
	if (b->selected && b->wire.ops->select)
		b->wire.ops->select(b->wire.chip, true);
}

static void bank_release(struct qspi *q, unsigned int i)
{
	struct qspi_bank *b = &q->bank[i];

	if (b->selected && b->wire.ops->select)
		b->wire.ops->select(b->wire.chip, false);
	b->selected = false;
}

/*
 * n slots on one bank.  out/oe: what the controller drives.  seen[i]: the
 * levels the controller's input stage sees on IO0..IO3.
 */
static void bank_clock(struct qspi *q, unsigned int i, unsigned int n, const uint8_t *out,
		uint8_t oe, uint8_t *seen, bool ddr)
{
	struct qspi_bank *b = &q->bank[i];
	bool hold = q->cfg.float_level == SPI_IO_FLOAT_HOLD;
	uint8_t fl = idle_bits(q, i), io = (b->route >> 2) & 0x0f;
	uint8_t tx[64], rx[64];

	while (n) {
		unsigned int k = n > 64 ? 64 : n;
		uint8_t drv_oe = oe & io;

		for (unsigned int s = 0; s < k; s++) {
			tx[s] = ((out[s] & drv_oe) | (fl & ~drv_oe)) & SPI_IO_MASK;
			rx[s] = 0;
		}
		if (b->selected && b->wire.ops->clock)
			b->wire.ops->clock(b->wire.chip, k, tx, drv_oe, rx, ddr);
		for (unsigned int s = 0; s < k; s++) {
			uint8_t drv = b->selected ? (rx[s] >> SPI_IO_DRIVEN_SHIFT) & io : 0;
			uint8_t v = ((rx[s] & drv) | (out[s] & oe & ~drv) | (fl & ~drv & ~oe)) &
				SPI_IO_MASK;

			if (seen)
				seen[s] = v;
			if (hold) {
				b->held = v;
				fl = v;
			}
		}
		out += k;
		if (seen)
			seen += k;
		n -= k;
	}
}

/* IO2/IO3 in phases on 1 or 2 lines: driven 0 and 1 (see qspi.h). */
static void io23_extra(const struct qspi *q, unsigned int lines, uint8_t *oe, uint8_t *lvl)
{
	*oe = 0;
	*lvl = 0;
	if ((lines == 1 || lines == 2) && q->cfg.drive_io23_in_single) {
		*oe = 0x0c;
		*lvl = 0x08;
	}
}

/* Bytes MSB first, `lines` bits per slot on IO(lines-1)..IO0. */
static unsigned int encode_bytes(uint8_t *slots, const uint8_t *bytes, unsigned int nbytes,
		unsigned int lines, uint8_t extra)
{
	unsigned int per = 8 / lines, n = 0;

	for (unsigned int b = 0; b < nbytes; b++)
		for (unsigned int s = 0; s < per; s++)
			slots[n++] = ((bytes[b] >> (8 - lines * (s + 1))) & ((1u << lines) - 1)) |
				extra;
	return n;
}

static uint8_t decode_byte(const uint8_t *seen, unsigned int lines)
{
	unsigned int per = 8 / lines;
	uint8_t v = 0;

	for (unsigned int s = 0; s < per; s++) {
		uint8_t bits = lines == 1 ? (seen[s] >> 1) & 1 : seen[s] & ((1u << lines) - 1);

		v = (v << lines) | bits;
	}
	return v;
}

/* One output phase, the same bytes to every bank of the command. */
static uint64_t phase_out(struct qspi *q, unsigned int banks, const uint8_t *bytes,
		unsigned int nbytes, unsigned int lines, bool ddr)
{
	uint8_t slots[64], oe, extra;
	unsigned int n;

	io23_extra(q, lines, &oe, &extra);
	oe |= (1u << lines) - 1;
	n = encode_bytes(slots, bytes, nbytes, lines, extra);
	for (unsigned int i = 0; i < 2; i++)
		if (banks & (1u << i))
			bank_clock(q, i, n, slots, oe, NULL, ddr);
	return (uint64_t)n * (ddr ? 1 : 2);
}

static uint64_t phase_dummy(struct qspi *q, unsigned int banks, unsigned int cycles)
{
	uint8_t slots[32], oe, extra;

	/* Nobody drives IO0/IO1 in the dummy phase; IO2/IO3 follow DMODE. */
	io23_extra(q, mode_lines(DMODE(q)), &oe, &extra);
	memset(slots, extra, sizeof(slots));
	for (unsigned int i = 0; i < 2; i++)
		if (banks & (1u << i))
			bank_clock(q, i, cycles, slots, oe, NULL, false);
	return 2ull * cycles;
}

static void value_bytes(uint8_t *out, uint32_t v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		out[i] = v >> (8 * (n - 1 - i));
}

/* Half-cycles of the phases before the data phase. */
static uint64_t header_hc(const struct qspi *q, bool with_instr)
{
	bool ddr = q->ccr & CCR_DDRM;
	uint64_t hc = 0;

	if (IMODE(q) && with_instr)
		hc += 2 * (8 / mode_lines(IMODE(q)));
	if (ADMODE(q))
		hc += (ADSIZE(q) + 1) * (8 / mode_lines(ADMODE(q))) * (ddr ? 1 : 2);
	if (ABMODE(q))
		hc += (ABSIZE(q) + 1) * (8 / mode_lines(ABMODE(q))) * (ddr ? 1 : 2);
	return hc + 2ull * DCYC(q);
}

static unsigned int banks_of(const struct qspi *q)
{
	if (dual(q))
		return 3;
	return (q->cr & CR_FSEL) ? 2 : 1;
}

/* nCS low and the phases before data.  Returns their half-cycles. */
static uint64_t cmd_open(struct qspi *q, unsigned int banks, uint32_t addr)
{
	bool ddr = q->ccr & CCR_DDRM;
	uint8_t b[4];
	uint64_t hc = 0;

	for (unsigned int i = 0; i < 2; i++)
		if (banks & (1u << i))
			bank_select(q, i);
	if (IMODE(q) && !((q->ccr & CCR_SIOO) && q->instr_sent)) {
		b[0] = q->ccr & 0xff;
		hc += phase_out(q, banks, b, 1, mode_lines(IMODE(q)), false);
		q->instr_sent = true;
	}
	if (ADMODE(q)) {
		unsigned int n = ADSIZE(q) + 1;

		/* Dual-flash: each chip gets half the address (ST FAQ, README). */
		value_bytes(b, dual(q) ? addr >> 1 : addr, n);
		hc += phase_out(q, banks, b, n, mode_lines(ADMODE(q)), ddr);
	}
	if (ABMODE(q)) {
		unsigned int n = ABSIZE(q) + 1;

		value_bytes(b, q->abr, n);
		hc += phase_out(q, banks, b, n, mode_lines(ABMODE(q)), ddr);
	}
	if (DCYC(q))
		hc += phase_dummy(q, banks, DCYC(q));
	q->st->qspi_commands++;
	return hc;
}

static void cmd_close(struct qspi *q, unsigned int banks)
{
	for (unsigned int i = 0; i < 2; i++)
		if (banks & (1u << i))
			bank_release(q, i);
}

static unsigned int unit_bytes(const struct qspi_xfer *x)
{
	return x->banks == 3 ? 2 : 1;
}

static uint64_t unit_hc(const struct qspi_xfer *x)
{
	return (8 / x->dlines) * (x->ddr ? 1 : 2);
}

/* One data unit from the chip(s): 1 byte, or flash 1 then flash 2. */
static void data_in(struct qspi *q, unsigned int banks, unsigned int lines, bool ddr,
		uint8_t *dst)
{
	uint8_t slots[8], seen[8], oe, extra;
	unsigned int n = 8 / lines, k = 0;

	io23_extra(q, lines, &oe, &extra);
	memset(slots, extra, sizeof(slots));
	for (unsigned int i = 0; i < 2; i++) {
		if (!(banks & (1u << i)))
			continue;
		bank_clock(q, i, n, slots, oe, seen, ddr);
		dst[k++] = decode_byte(seen, lines);
	}
	q->st->qspi_bytes_read += k;
}

static void data_out(struct qspi *q, unsigned int banks, unsigned int lines, bool ddr,
		const uint8_t *src)
{
	uint8_t slots[8], oe, extra;
	unsigned int n, k = 0;

	io23_extra(q, lines, &oe, &extra);
	oe |= (1u << lines) - 1;
	for (unsigned int i = 0; i < 2; i++) {
		if (!(banks & (1u << i)))
			continue;
		n = encode_bytes(slots, &src[k++], 1, lines, extra);
		bank_clock(q, i, n, slots, oe, NULL, ddr);
	}
	q->st->qspi_bytes_written += k;
}

/* ---- the command on the wire ------------------------------------------------ */

static uint64_t xfer_time(const struct qspi *q)
{
	return q->x.base_ns + hc_ns(q, q->x.hc);
}

static void xfer_rebase(struct qspi *q, uint64_t t)
{
	q->x.base_ns = t;
	q->x.hc = 0;
}

static uint64_t units_left(const struct qspi_xfer *x)
{
	unsigned int ub = unit_bytes(x);

	return x->remaining == LEN_INF ? LEN_INF : (x->remaining + ub - 1) / ub;
}

/* Move the data phase forward to time t (may be later than now: stalls). */
static void xfer_catch_up(struct qspi *q, uint64_t t)
{
	struct qspi_xfer *x = &q->x;
	unsigned int ub = unit_bytes(x);
	uint8_t u[2];

	if (!x->active || x->data_done)
		return;
	for (;;) {
		if (x->remaining == 0 || x->dlines == 0) {
			x->data_done = true;
			x->done_ns = xfer_time(q);
			return;
		}
		if (x->fmode != 0) {
			if (FIFO_SIZE - q->fifo_count < ub) {
				if (!x->full) {
					x->full = true;
					x->full_since = xfer_time(q);
				}
				return;
			}
			if (x->base_ns + hc_ns(q, x->hc + unit_hc(x)) > t)
				return;
			data_in(q, x->banks, x->dlines, x->ddr, u);
			for (unsigned int i = 0; i < ub; i++)
				fifo_push(q, u[i]);
		} else {
			if (q->fifo_count < ub || xfer_time(q) > t)
				return;
			for (unsigned int i = 0; i < ub; i++)
				u[i] = fifo_pop(q);
			data_out(q, x->banks, x->dlines, x->ddr, u);
		}
		x->hc += unit_hc(x);
		if (x->remaining != LEN_INF)
			x->remaining = x->remaining > ub ? x->remaining - ub : 0;
	}
}

/* nCS rises at x->done_ns. */
static void xfer_end(struct qspi *q)
{
	struct qspi_xfer *x = &q->x;

	if (!x->active)
		return;
	cmd_close(q, x->banks);
	x->active = false;
	q->cs_high_until = x->done_ns + hc_ns(q, 2ull * csht_cycles(q));
	vclock_cancel(q->clk, &q->ev_xfer);
	if (x->fmode == 0 || x->fmode == 1)
		q->tcf = true;
	if (x->fmode == 0)
		fifo_flush(q);	/* [ASSUMED] bytes beyond DLR are dropped */
}

static uint64_t lptr_deadline(const struct qspi *q)
{
	return q->x.full_since + hc_ns(q, 2ull * (q->lptr & 0xffff));
}

static void xfer_sync(struct qspi *q, uint64_t t)
{
	struct qspi_xfer *x = &q->x;

	if (!x->active)
		return;
	xfer_catch_up(q, t);
	if (x->data_done) {
		if (x->done_ns <= now_ns(q))
			xfer_end(q);
		return;
	}
	if (x->fmode == 3 && x->full && (q->cr & CR_TCEN) && lptr_deadline(q) <= now_ns(q)) {
		/* Timeout counter: nCS released, the prefetched data dropped. */
		x->done_ns = lptr_deadline(q);
		xfer_end(q);
		q->tof = true;
		q->mm_valid = false;
		fifo_flush(q);
	}
}

/* When the command's state next changes without software, or NEVER. */
static uint64_t xfer_next_time(const struct qspi *q)
{
	const struct qspi_xfer *x = &q->x;
	unsigned int ub = unit_bytes(x);
	uint64_t n, left;

	if (!x->active)
		return VCLOCK_NEVER;
	if (x->data_done)
		return x->done_ns;
	left = units_left(x);
	if (x->fmode != 0) {
		if (x->full)
			return (x->fmode == 3 && (q->cr & CR_TCEN)) ? lptr_deadline(q)
				: VCLOCK_NEVER;
		n = (FIFO_SIZE - q->fifo_count) / ub;
	} else {
		n = q->fifo_count / ub;
	}
	if (n > left)
		n = left;
	if (!n)
		return left ? VCLOCK_NEVER : xfer_time(q);
	return x->base_ns + hc_ns(q, x->hc + n * unit_hc(x));
}

static void ev_xfer_fn(void *ctx);

static void xfer_reschedule(struct qspi *q)
{
	uint64_t t = xfer_next_time(q);

	if (t == VCLOCK_NEVER)
		vclock_cancel(q->clk, &q->ev_xfer);
	else
		vclock_schedule(q->clk, &q->ev_xfer, t, ev_xfer_fn, q, "qspi-xfer");
}

static void ev_xfer_fn(void *ctx)
{
	struct qspi *q = ctx;

	xfer_sync(q, now_ns(q));
	xfer_reschedule(q);
}

/* Start an indirect or memory-mapped command at addr moving len data bytes. */
static void xfer_begin(struct qspi *q, uint32_t addr, uint64_t len)
{
	struct qspi_xfer *x = &q->x;
	uint64_t t0;

	capture_timing(q);
	t0 = max_u64(now_ns(q), q->cs_high_until);
	memset(x, 0, sizeof(*x));
	x->active = true;
	x->fmode = FMODE(q);
	x->banks = banks_of(q);
	x->dlines = mode_lines(DMODE(q));
	x->ddr = q->ccr & CCR_DDRM;
	x->remaining = x->dlines ? len : 0;
	if (x->fmode != 0)
		fifo_flush(q);
	q->fifo_mode = x->fmode;
	x->hc = cmd_open(q, x->banks, addr);
	x->base_ns = t0;
	xfer_sync(q, now_ns(q));
	xfer_reschedule(q);
}

/* Indirect length: DLR+1, or to the end of FSIZE for DLR = 0xFFFFFFFF. */
static uint64_t indirect_len(const struct qspi *q)
{
	uint32_t dl = dlr_value(q);
	uint64_t fs = fsize_bytes(q);

	if (dl != 0xffffffffu)
		return (uint64_t)dl + 1;
	if (fs > 0xffffffffull)
		return LEN_INF;		/* FSIZE = 0x1F: forever */
	return q->ar < fs ? fs - q->ar : 0;
}

/* ---- automatic status polling ------------------------------------------------ */

static uint64_t poll_time(const struct qspi *q, uint64_t idx)
{
	return q->poll_base + hc_ns(q, idx * q->poll_period_hc + q->poll_dur_hc);
}

/* Smallest poll index whose poll ends after t. */
static uint64_t poll_idx_after(const struct qspi *q, uint64_t t)
{
	uint64_t h, i;

	if (t < q->poll_base)
		return 0;
	h = ns_hc(q, t - q->poll_base);
	i = h >= q->poll_dur_hc ? (h - q->poll_dur_hc) / q->poll_period_hc : 0;
	while (i && poll_time(q, i - 1) > t)
		i--;
	while (poll_time(q, i) <= t)
		i++;
	return i;
}

/* Did a skipped (identical) poll end in (t, now]? */
static bool virtual_poll_since(const struct qspi *q, uint64_t t)
{
	uint64_t i;

	if (!q->polling || q->virt_lo >= q->virt_hi)
		return false;
	i = poll_idx_after(q, t);
	if (i < q->virt_lo)
		i = q->virt_lo;
	return i < q->virt_hi && poll_time(q, i) <= now_ns(q);
}

/* Count the skipped polls that have happened by time t. */
static void poll_account(struct qspi *q, uint64_t t)
{
	uint64_t upto = q->virt_hi, n;

	if (q->virt_lo >= q->virt_hi)
		return;
	if (t < poll_time(q, q->virt_hi - 1))
		upto = poll_idx_after(q, t);
	if (upto < q->virt_lo)
		upto = q->virt_lo;
	n = upto - q->virt_lo;
	if (n > q->virt_counted) {
		uint64_t add = n - q->virt_counted;

		q->st->qspi_commands += add;
		q->st->qspi_bytes_read += add * q->poll_bytes;
		q->virt_counted = n;
	}
}

static void poll_stop(struct qspi *q, uint64_t t_end)
{
	poll_account(q, now_ns(q));
	q->virt_lo = q->virt_hi = 0;
	q->virt_counted = 0;
	q->polling = false;
	vclock_cancel(q->clk, &q->ev_poll);
	q->cs_high_until = t_end + hc_ns(q, 2ull * csht_cycles(q));
}

static bool poll_matches(const struct qspi *q, uint32_t status)
{
	uint32_t valid = q->poll_bytes >= 4 ? 0xffffffffu : (1u << (8 * q->poll_bytes)) - 1;
	uint32_t mask = q->psmkr & valid;

	if (q->cr & CR_PMM)	/* OR: any unmasked bit matches */
		return (~(status ^ q->psmar) & mask) != 0;
	return ((status ^ q->psmar) & mask) == 0;	/* AND: all match */
}

/* The earliest stable_until of the chips polled, 0 if one gives none. */
static uint64_t poll_stable_until(const struct qspi *q, unsigned int banks)
{
	uint64_t s = VCLOCK_NEVER;

	for (unsigned int i = 0; i < 2; i++) {
		const struct qspi_bank *b = &q->bank[i];
		uint64_t t;

		if (!(banks & (1u << i)))
			continue;	/* not selected: the answer is constant */
		if (!b->wire.ops->stable_until)
			return 0;
		t = b->wire.ops->stable_until(b->wire.chip);
		if (t < s)
			s = t;
	}
	return s;
}

static void ev_poll_fn(void *ctx);

static void poll_schedule(struct qspi *q)
{
	vclock_schedule(q->clk, &q->ev_poll, poll_time(q, q->poll_idx), ev_poll_fn, q,
			"qspi-poll");
}

/* One poll, performed at the instant its last cycle ends. */
static void ev_poll_fn(void *ctx)
{
	struct qspi *q = ctx;
	unsigned int banks = banks_of(q), lines = mode_lines(DMODE(q)), k = 0, sel;
	uint64_t t_end = poll_time(q, q->poll_idx), stable, next;
	uint8_t u[2], status[4] = { 0 };
	uint32_t v = 0;
	bool ddr = q->ccr & CCR_DDRM;

	poll_account(q, t_end);
	q->virt_lo = q->virt_hi = 0;
	q->virt_counted = 0;
	cmd_open(q, banks, q->ar);
	while (lines && k < q->poll_bytes) {
		data_in(q, banks, lines, ddr, u);
		for (unsigned int i = 0; i < (banks == 3 ? 2u : 1u) && k < 4; i++)
			status[k++] = u[i];
	}
	sel = (q->bank[0].selected ? 1u : 0u) | (q->bank[1].selected ? 2u : 0u);
	cmd_close(q, banks);
	stable = poll_stable_until(q, banks & sel);
	for (unsigned int i = 0; i < 4; i++)
		v |= (uint32_t)status[i] << (8 * i);
	q->dr_status = v;
	q->ftf_poll = true;
	q->last_match = poll_matches(q, v);
	if (q->last_match) {
		q->smf = true;
		if (q->cr & CR_APMS) {
			poll_stop(q, t_end);
			return;
		}
	}
	next = q->poll_idx + 1;
	if (stable != 0 && stable != VCLOCK_NEVER && stable > t_end) {
		/* Jump to the last poll that ends before `stable`. */
		uint64_t h = ns_hc(q, stable - 1 - q->poll_base);
		uint64_t last = h >= q->poll_dur_hc ?
			(h - q->poll_dur_hc) / q->poll_period_hc : 0;

		while (last > next && poll_time(q, last) >= stable)
			last--;
		if (last > next) {
			q->virt_lo = next;
			q->virt_hi = last;
			next = last;
		}
	}
	q->poll_idx = next;
	poll_schedule(q);
}

static void poll_begin(struct qspi *q)
{
	unsigned int lines = mode_lines(DMODE(q));
	unsigned int per = dual(q) ? 2 : 1;
	uint64_t data_hc, gap;

	capture_timing(q);
	q->polling = true;
	q->poll_bytes = (dlr_value(q) & 3) + 1;	/* <= 4 bytes [REF 5.1 DLR] */
	q->poll_base = max_u64(now_ns(q), q->cs_high_until);
	data_hc = lines ? (uint64_t)((q->poll_bytes + per - 1) / per) * (8 / lines) *
		((q->ccr & CCR_DDRM) ? 1 : 2) : 0;
	q->poll_dur_hc = header_hc(q, true) + data_hc;
	/* [ASSUMED] PIR cycles from one poll's nCS rise to the next poll's
	 * nCS fall, at least CSHT+1. */
	gap = q->pir & 0xffff;
	if (gap < csht_cycles(q))
		gap = csht_cycles(q);
	q->poll_period_hc = q->poll_dur_hc + 2 * gap;
	q->poll_idx = 0;
	q->virt_lo = q->virt_hi = 0;
	q->virt_counted = 0;
	q->ftf_poll = false;
	q->last_match = false;
	poll_schedule(q);
}

/* ---- register side ------------------------------------------------------------- */

static bool qspi_busy(const struct qspi *q)
{
	return q->x.active || q->polling || (q->fifo_mode == 1 && q->fifo_count);
}

static void qspi_sync(struct qspi *q)
{
	xfer_sync(q, now_ns(q));
	xfer_reschedule(q);
}

static void maybe_start(struct qspi *q, enum trigger trig)
{
	unsigned int fmode = FMODE(q), admode = ADMODE(q);
	bool sw_data = fmode == 0 && DMODE(q) != 0;
	bool go = false;

	if (q->x.active || q->polling || !(q->cr & CR_EN) || fmode == 3)
		return;
	switch (trig) {
	case TRIG_CCR:
		go = admode == 0 && !sw_data;
		break;
	case TRIG_AR:
		go = admode != 0 && !sw_data;
		break;
	case TRIG_DR:
		go = sw_data && (admode == 0 || q->ar_written);
		break;
	}
	if (!go)
		return;
	if (admode && fmode != 2 && fsize_bytes(q) <= 0xffffffffull &&
			q->ar >= fsize_bytes(q)) {
		q->tef = true;	/* indirect access beyond FSIZE: not sent */
		return;
	}
	q->ar_written = false;
	if (fmode == 2)
		poll_begin(q);
	else
		xfer_begin(q, q->ar, indirect_len(q));
}

static void qspi_abort(struct qspi *q)
{
	bool was = q->x.active || q->polling || q->fifo_count;

	if (q->x.active) {
		q->x.data_done = true;
		q->x.done_ns = now_ns(q);
		xfer_end(q);
	}
	if (q->polling)
		poll_stop(q, now_ns(q));
	vclock_cancel(q->clk, &q->ev_xfer);
	fifo_flush(q);
	q->mm_valid = false;
	q->ar_written = false;
	if (was || q->cfg.abort_sets_tcf_when_idle)
		q->tcf = true;
}

static uint32_t sr_value(struct qspi *q)
{
	uint32_t sr = 0;
	unsigned int fmode = FMODE(q);
	bool ftf = false;

	if (q->tef)
		sr |= SR_TEF;
	if (q->tcf)
		sr |= SR_TCF;
	if (q->smf || (q->last_match && virtual_poll_since(q, q->smf_cleared_at)))
		sr |= SR_SMF;
	if (q->tof)
		sr |= SR_TOF;
	if (qspi_busy(q))
		sr |= SR_BUSY;
	switch (fmode) {
	case 0:
		/* [ASSUMED] only while enabled: SR resets to 0 with FMODE=0 */
		ftf = (q->cr & CR_EN) && FIFO_SIZE - q->fifo_count >= fthres(q);
		break;
	case 1:
		ftf = q->fifo_count >= fthres(q) ||
			((!q->x.active || q->x.data_done) && q->fifo_count);
		break;
	case 2:
		ftf = q->ftf_poll || virtual_poll_since(q, q->ftf_cleared_at);
		break;
	}
	if (ftf)
		sr |= SR_FTF;
	if (fmode == 0 || fmode == 1)
		sr |= (q->fifo_count & 0x3f) << 8;
	return sr;
}

static uint32_t read_sr(struct qspi *q)
{
	uint32_t sr;
	uint64_t t = VCLOCK_NEVER;

	qspi_sync(q);
	sr = sr_value(q);
	if (sr & SR_BUSY) {
		if (vclock_armed(&q->ev_xfer))
			t = q->ev_xfer.when;
		if (vclock_armed(&q->ev_poll) && q->ev_poll.when < t)
			t = q->ev_poll.when;
		if (t != VCLOCK_NEVER)
			vclock_busy_poll(q->clk, q, t);
	}
	return sr;
}

static uint32_t reg_value(struct qspi *q, uint32_t off)
{
	switch (off) {
	case R_CR: return q->cr;
	case R_DCR: return q->dcr;
	case R_SR: return read_sr(q);
	case R_DLR: return dlr_value(q);
	case R_CCR: return q->ccr;
	case R_AR: return q->ar;
	case R_ABR: return q->abr;
	case R_PSMKR: return q->psmkr;
	case R_PSMAR: return q->psmar;
	case R_PIR: return q->pir;
	case R_LPTR: return q->lptr;
	default: return 0;	/* FCR is write-only; unused offsets read 0 */
	}
}

/*
 * A read that needs want bytes in the FIFO while a read transfer still runs:
 * time moves on (from t) until enough units have arrived, or the transfer's
 * last one.  Returns the time the read completes.
 */
static uint64_t fifo_wait_fill(struct qspi *q, unsigned int want, uint64_t t)
{
	struct qspi_xfer *x = &q->x;
	uint64_t units, ready;

	if (q->fifo_count >= want || !x->active || x->data_done)
		return t;
	units = (want - q->fifo_count + unit_bytes(x) - 1) / unit_bytes(x);
	if (units > units_left(x))
		units = units_left(x);
	ready = x->base_ns + hc_ns(q, x->hc + units * unit_hc(x));
	if (ready > t)
		t = ready;
	xfer_catch_up(q, t);
	return t;
}

/* After a FIFO read at t: a transfer stopped on a full FIFO resumes once a unit fits. */
static void fifo_read_resume(struct qspi *q, uint64_t t)
{
	struct qspi_xfer *x = &q->x;

	if (x->active && x->full && FIFO_SIZE - q->fifo_count >= unit_bytes(x)) {
		x->full = false;
		xfer_rebase(q, max_u64(xfer_time(q), t));
	}
}

/* DR read: n bytes from the FIFO (indirect read) or the last status. */
static uint32_t dr_read(struct qspi *q, unsigned int n, uint64_t *stall)
{
	uint64_t t = now_ns(q);
	uint32_t v = 0;

	qspi_sync(q);
	if (FMODE(q) == 2) {
		q->ftf_poll = false;
		q->ftf_cleared_at = t;
		return q->dr_status & (n >= 4 ? 0xffffffffu : (1u << (8 * n)) - 1);
	}
	if (FMODE(q) != 1 || q->fifo_mode != 1)
		return 0;
	t = fifo_wait_fill(q, n, t);
	for (unsigned int i = 0; i < n && q->fifo_count; i++)
		v |= (uint32_t)fifo_pop(q) << (8 * i);
	fifo_read_resume(q, t);
	*stall = t - now_ns(q);
	xfer_reschedule(q);
	return v;
}

/* DR write: n bytes into the FIFO (indirect write). */
static int dr_write(struct qspi *q, uint32_t v, unsigned int n, uint64_t *stall)
{
	struct qspi_xfer *x = &q->x;
	uint64_t t = now_ns(q);
	bool was_empty;

	qspi_sync(q);
	if (FMODE(q) != 0)
		return BUS_OK;		/* [ASSUMED] ignored outside indirect write */
	if (FIFO_SIZE - q->fifo_count < n) {
		uint64_t need = n - (FIFO_SIZE - q->fifo_count);
		uint64_t units = (need + unit_bytes(x) - 1) / unit_bytes(x);
		uint64_t ready;

		/* Nothing drains the FIFO: the write stalls forever. */
		if (!x->active || x->fmode != 0 || x->data_done || units > units_left(x))
			return BUS_HANG;
		ready = x->base_ns + hc_ns(q, x->hc + (units - 1) * unit_hc(x));
		if (ready > t)
			t = ready;
		xfer_catch_up(q, t);
	}
	was_empty = q->fifo_count == 0;
	for (unsigned int i = 0; i < n; i++)
		fifo_push(q, v >> (8 * i));
	if (!x->active || x->fmode != 0)
		q->fifo_mode = 0;
	if (x->active && x->fmode == 0 && was_empty)
		xfer_rebase(q, max_u64(xfer_time(q), t));
	if (!x->active)
		maybe_start(q, TRIG_DR);
	xfer_catch_up(q, t);
	*stall = t - now_ns(q);
	xfer_reschedule(q);
	return BUS_OK;
}

static void write_cr(struct qspi *q, uint32_t v, bool busy)
{
	uint32_t nv = v & CR_STORED;
	bool was_en = q->cr & CR_EN;

	if (busy)
		nv = (nv & ~CR_BUSY_LOCKED) | (q->cr & CR_BUSY_LOCKED);
	q->cr = nv;
	if (v & CR_ABORT)
		qspi_abort(q);	/* ABORT self-clears: never stored */
	else if (was_en && !(nv & CR_EN) && q->polling)
		poll_stop(q, now_ns(q));	/* "stopped ... by disabling" */
}

static void write_ccr(struct qspi *q, uint32_t v)
{
	unsigned int old_fmode = FMODE(q);

	q->ccr = v & CCR_MASK;
	q->ar_written = false;
	q->instr_sent = false;
	q->mm_valid = false;
	if (FMODE(q) != old_fmode)
		fifo_flush(q);	/* [ASSUMED] */
	maybe_start(q, TRIG_CCR);
}

static void reg_write(struct qspi *q, uint32_t off, uint32_t v)
{
	bool busy, lock_cfg;

	qspi_sync(q);
	busy = qspi_busy(q);
	lock_cfg = busy && q->cfg.busy_locks_config_regs;
	switch (off) {
	case R_CR:
		write_cr(q, v, busy);
		break;
	case R_DCR:
		if (!lock_cfg)
			q->dcr = v & DCR_MASK;
		break;
	case R_FCR:
		if (v & SR_TEF)
			q->tef = false;
		if (v & SR_TCF)
			q->tcf = false;
		if (v & SR_SMF) {
			q->smf = false;
			q->smf_cleared_at = now_ns(q);
		}
		if (v & SR_TOF)
			q->tof = false;
		break;
	case R_DLR:
		if (!busy)
			q->dlr = v;
		break;
	case R_CCR:
		if (!busy)
			write_ccr(q, v);
		break;
	case R_AR:
		if (FMODE(q) == 3 || (busy && q->cfg.ar_ignored_when_busy))
			break;
		q->ar = dual(q) ? v & ~1u : v;
		q->ar_written = true;
		maybe_start(q, TRIG_AR);
		break;
	case R_ABR:
		if (!busy)
			q->abr = v;
		break;
	case R_PSMKR:
		if (!lock_cfg)
			q->psmkr = v;
		break;
	case R_PSMAR:
		if (!lock_cfg)
			q->psmar = v;
		break;
	case R_PIR:
		if (!lock_cfg)
			q->pir = v & 0xffff;
		break;
	case R_LPTR:
		if (!lock_cfg)
			q->lptr = v & 0xffff;
		break;
	default:
		break;
	}
	xfer_reschedule(q);
}

static int reg_read_op(void *ctx, uint32_t off, struct bus_access *a)
{
	struct qspi *q = ctx;
	uint32_t word = off & ~3u;

	if (word == R_DR) {
		a->data = dr_read(q, a->size, &a->stall_ns);
		return BUS_OK;
	}
	a->data = reg_value(q, word) >> (8 * (off & 3));
	if (a->size < 4)
		a->data &= (1u << (8 * a->size)) - 1;
	return BUS_OK;
}

static int reg_write_op(void *ctx, uint32_t off, struct bus_access *a)
{
	struct qspi *q = ctx;
	uint32_t word = off & ~3u, v = a->data;

	/*
	 * Register writes do not break busy-poll chains: a poll loop rewrites
	 * CR/DLR/CCR every iteration.  What changes the chip's answers is a new
	 * chip command, and the chip itself breaks the chain for those.
	 */
	if (word == R_DR)
		return dr_write(q, a->data, a->size, &a->stall_ns);
	if (a->size < 4) {
		/* [ASSUMED] sub-word writes update their byte lanes only. */
		unsigned int sh = 8 * (off & 3);
		uint32_t lanes = ((1u << (8 * a->size)) - 1) << sh;
		uint32_t cur = word == R_SR || word == R_FCR ? 0 : reg_value(q, word);

		v = (cur & ~lanes) | ((a->data << sh) & lanes);
	}
	reg_write(q, word, v);
	return BUS_OK;
}

/* ---- memory-mapped window ---------------------------------------------------------- */

static void mm_restart(struct qspi *q, uint32_t start)
{
	if (q->x.active) {
		q->x.data_done = true;
		q->x.done_ns = now_ns(q);
		xfer_end(q);
	}
	fifo_flush(q);
	xfer_begin(q, start, fsize_bytes(q) - start);
	q->mm_valid = true;
	q->mm_next = start;
}

static int mm_read_op(void *ctx, uint32_t off, struct bus_access *a)
{
	struct qspi *q = ctx;
	struct qspi_xfer *x = &q->x;
	uint64_t fs = fsize_bytes(q), t = now_ns(q);
	unsigned int skip = 0, n = a->size;
	uint32_t v = 0;

	if (!(q->cr & CR_EN) || FMODE(q) != 3 || q->polling) {
		a->data = 0;
		return q->cfg.mm_inactive_error ? BUS_ERROR : BUS_OK;
	}
	if ((uint64_t)off + n > fs && q->cfg.mm_beyond_fsize_error)
		return BUS_ERROR;
	if (q->cfg.mm_last_bytes_erratum && off < fs &&
		(uint64_t)off + n + q->cfg.mm_erratum_bytes > fs)
		return BUS_HANG;
	qspi_sync(q);
	if (!(q->mm_valid && off == q->mm_next && (x->active || q->fifo_count >= n))) {
		uint32_t start = dual(q) ? off & ~1u : off;

		mm_restart(q, start);
		skip = off - start;
	}
	t = fifo_wait_fill(q, skip + n, t);
	for (unsigned int i = 0; i < skip; i++)
		fifo_pop(q);
	for (unsigned int i = 0; i < n; i++) {
		uint8_t b = q->fifo_count ? fifo_pop(q) : (float_bits(q) ? 0xff : 0);

		v |= (uint32_t)b << (8 * i);
	}
	q->mm_next = off + n;
	fifo_read_resume(q, t);
	xfer_reschedule(q);
	a->data = v;
	a->stall_ns = t - now_ns(q) + TIMING_QSPI_MM_EXTRA_NS;
	return BUS_OK;
}

static int mm_write_op(void *ctx, uint32_t off, struct bus_access *a)
{
	return BUS_ERROR;	/* "CPU can read and execute from memory (but not write to)" */
}

static const struct bus_dev_ops qspi_reg_ops = {
	.read = reg_read_op,
	.write = reg_write_op,
};

static const struct bus_dev_ops qspi_mm_ops = {
	.read = mm_read_op,
	.write = mm_write_op,
};

/* ---- public API -------------------------------------------------------------------- */

void qspi_config_defaults(struct qspi_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->mm_last_bytes_erratum = true;
	cfg->mm_erratum_bytes = TIMING_QSPI_MM_ERRATUM_BYTES;
	cfg->float_level = SPI_IO_FLOAT_DEFAULT;
	cfg->mm_beyond_fsize_error = true;
	cfg->mm_inactive_error = true;
	cfg->ar_ignored_when_busy = true;
	cfg->busy_locks_config_regs = true;
	cfg->drive_io23_in_single = true;
	cfg->abort_sets_tcf_when_idle = false;
}

void qspi_reset(struct qspi *q)
{
	if (q->x.active)
		cmd_close(q, q->x.banks);
	memset(&q->x, 0, sizeof(q->x));
	vclock_cancel(q->clk, &q->ev_xfer);
	vclock_cancel(q->clk, &q->ev_poll);
	q->polling = false;
	q->cr = q->dcr = q->dlr = q->ccr = q->ar = q->abr = 0;
	q->psmkr = q->psmar = q->pir = q->lptr = 0;
	q->tef = q->tcf = q->smf = q->tof = false;
	q->ar_written = q->instr_sent = false;
	q->mm_valid = false;
	q->mm_next = 0;
	q->cs_high_until = 0;
	q->fifo_mode = 0;
	fifo_flush(q);
	q->virt_lo = q->virt_hi = q->virt_counted = 0;
	q->ftf_poll = q->last_match = false;
	q->dr_status = 0;
	q->ftf_cleared_at = q->smf_cleared_at = 0;
	capture_timing(q);
}

struct qspi *qspi_create(const struct qspi_config *cfg, struct vclock *clk, struct vb_stats *st,
		struct bus *sysbus, const struct vb_clocks *clocks)
{
	struct qspi *q = calloc(1, sizeof(*q));

	if (!q)
		return NULL;
	if (cfg)
		q->cfg = *cfg;
	else
		qspi_config_defaults(&q->cfg);
	q->clk = clk;
	q->st = st ? st : &q->st_dummy;
	q->bus = sysbus;
	q->clocks = clocks;
	/* [ASSUMED] lines start high */
	q->bank[0].held = SPI_IO_MASK;
	q->bank[1].held = SPI_IO_MASK;
	qspi_reset(q);
	if (sysbus) {
		q->reg_region = bus_add_region(sysbus, "QUADSPI", QSPI_REG_BASE, QSPI_REG_SIZE,
				NULL, &qspi_reg_ops, q, 0);
		q->mm_region = bus_add_region(sysbus, "QSPI-MM", QSPI_MM_BASE, QSPI_MM_SIZE,
				NULL, &qspi_mm_ops, q, 0);
	}
	return q;
}

void qspi_destroy(struct qspi *q)
{
	if (!q)
		return;
	vclock_cancel(q->clk, &q->ev_xfer);
	vclock_cancel(q->clk, &q->ev_poll);
	free(q);
}

void qspi_attach_chip(struct qspi *q, unsigned int bank, const struct spi_wire *wire)
{
	if (bank > 1)
		return;
	if (wire)
		q->bank[bank].wire = *wire;
	else
		memset(&q->bank[bank].wire, 0, sizeof(q->bank[bank].wire));
}

void qspi_set_router(struct qspi *q, uint32_t (*route)(void *ctx, unsigned int bank), void *ctx)
{
	q->route = route;
	q->route_ctx = ctx;
}

struct bus_region *qspi_reg_region(struct qspi *q)
{
	return q->reg_region;
}

struct bus_region *qspi_mm_region(struct qspi *q)
{
	return q->mm_region;
}

uint64_t qspi_cycle_ps(const struct qspi *q)
{
	uint32_t hz = q->clocks ? q->clocks->qspi_ker_hz : 0;

	if (!hz)
		hz = TIMING_QSPI_KER_DEFAULT_HZ;
	return (uint64_t)((q->cr >> 24) + 1) * 1000000000000ull / hz;
}

bool qspi_cs_active(const struct qspi *q, unsigned int bank)
{
	return bank < 2 && q->bank[bank].selected;
}
