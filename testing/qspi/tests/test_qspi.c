// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * QUADSPI unit tests against a small fake SPI NOR chip that decodes the
 * wire cycles as a real chip samples its pins.  Expected values come from
 * the reference (stm32h753.md 5: CCR encodings, OpenOCD's stmqspi values,
 * start rules) and from cycle arithmetic, not from the model's output.
 */

#include "../qspi.h"
#include "../../common/unit.h"

#include <string.h>

#define QB	QSPI_REG_BASE
#define CR	(QB + 0x00)
#define DCR	(QB + 0x04)
#define SR	(QB + 0x08)
#define FCR	(QB + 0x0c)
#define DLR	(QB + 0x10)
#define CCR	(QB + 0x14)
#define AR	(QB + 0x18)
#define ABR	(QB + 0x1c)
#define DR	(QB + 0x20)
#define PSMKR	(QB + 0x24)
#define PSMAR	(QB + 0x28)
#define PIR	(QB + 0x2c)
#define LPTR	(QB + 0x30)

#define SR_TEF	0x01u
#define SR_TCF	0x02u
#define SR_FTF	0x04u
#define SR_SMF	0x08u
#define SR_TOF	0x10u
#define SR_BUSY	0x20u
#define FLEVEL(sr) (((sr) >> 8) & 0x3f)

/* ---- the fake chip -------------------------------------------------------- */

enum fph { F_INSTR, F_ADDR, F_DUMMY, F_DOUT, F_DIN, F_IGNORE };

struct call_rec {
	unsigned int n;
	uint8_t oe;
	bool ddr;
	uint8_t first_out;
};

struct fake {
	struct vclock *clk;
	bool qpi;		/* every phase on 4 lines */
	bool sel;
	unsigned int nsel, ndesel;
	unsigned int nops;
	uint8_t ops[64];
	unsigned int polls;	/* 05h commands seen */
	enum fph ph, after_addr;
	unsigned int w, need, have, dummy, dwidth;
	uint32_t acc, addr;
	uint8_t op;
	uint32_t idx;		/* data byte index in the current command */
	uint8_t obyte;
	unsigned int obit;
	uint8_t mem[4096];
	uint8_t status;
	bool wel;
	uint64_t busy_until;
	unsigned int programmed;
	struct call_rec calls[256];
	unsigned int ncalls;
	unsigned int slots;	/* total slots while selected */
	uint64_t last_sel_ns, last_desel_ns;
	uint64_t sclk_hz;	/* last set_clock */
	unsigned int nclock_set;
};

static const uint8_t fake_id[3] = { 0xef, 0x40, 0x21 };

static int fake_out_byte(struct fake *f)
{
	uint32_t i = f->idx;

	switch (f->op) {
	case 0x9f:
		return i < 3 ? fake_id[i] : -1;
	case 0x05:
		return f->status | (vclock_now(f->clk) < f->busy_until ? 1 : 0) |
			(f->wel ? 2 : 0);
	case 0x03: case 0x13: case 0x6b: case 0xec:
		return f->mem[(f->addr + i) % sizeof(f->mem)];
	default:
		return -1;
	}
}

static void fake_begin(struct fake *f, uint8_t op)
{
	unsigned int w = f->qpi ? 4 : 1;

	f->op = op;
	if (f->nops < 64)
		f->ops[f->nops++] = op;
	f->idx = 0;
	f->obit = 0;
	f->have = 0;
	f->acc = 0;
	f->dwidth = w;
	f->ph = F_IGNORE;
	switch (op) {
	case 0x9f:
		f->ph = F_DOUT;
		break;
	case 0x05:
		f->polls++;
		f->ph = F_DOUT;
		break;
	case 0x06:
		f->wel = true;
		break;
	case 0x03: case 0x02: case 0x13: case 0x6b: case 0xec:
		f->ph = F_ADDR;
		f->w = op == 0xec ? 4 : w;
		f->need = (op == 0x13 || op == 0xec) ? 32 : 24;
		f->after_addr = op == 0x02 ? F_DIN : F_DOUT;
		f->dummy = op == 0x6b ? 8 : op == 0xec ? 10 : 0;
		if (op == 0x6b || op == 0xec)
			f->dwidth = 4;
		break;
	}
}

static uint8_t fake_slot(struct fake *f, uint8_t lv)
{
	unsigned int w;
	uint8_t bits;

	switch (f->ph) {
	case F_INSTR:
		w = f->qpi ? 4 : 1;
		f->acc = (f->acc << w) | (lv & ((1u << w) - 1));
		f->have += w;
		if (f->have >= 8)
			fake_begin(f, f->acc & 0xff);
		return 0;
	case F_ADDR:
		f->acc = (f->acc << f->w) | (lv & ((1u << f->w) - 1));
		f->have += f->w;
		if (f->have >= f->need) {
			f->addr = f->acc;
			f->have = 0;
			f->acc = 0;
			f->ph = f->dummy ? F_DUMMY : f->after_addr;
		}
		return 0;
	case F_DUMMY:
		if (--f->dummy == 0)
			f->ph = f->after_addr;
		return 0;
	case F_DOUT: {
		int b;

		w = f->dwidth;
		if (f->obit == 0) {
			b = fake_out_byte(f);
			if (b < 0)
				return 0;	/* nothing driven */
			f->obyte = b;
		}
		bits = (f->obyte >> (8 - w - f->obit)) & ((1u << w) - 1);
		f->obit += w;
		if (f->obit >= 8) {
			f->obit = 0;
			f->idx++;
		}
		if (w == 1)
			return (bits << 1) | (0x2 << SPI_IO_DRIVEN_SHIFT);
		return bits | (0xf << SPI_IO_DRIVEN_SHIFT);
	}
	case F_DIN:
		w = f->dwidth;
		f->acc = (f->acc << w) | (lv & ((1u << w) - 1));
		f->have += w;
		if (f->have >= 8) {
			if (f->wel)
				f->mem[(f->addr + f->idx) % sizeof(f->mem)] &= f->acc & 0xff;
			f->idx++;
			f->have = 0;
			f->acc = 0;
		}
		return 0;
	default:
		return 0;
	}
}

static void fake_select(void *chip, bool active)
{
	struct fake *f = chip;

	f->sel = active;
	if (active) {
		f->nsel++;
		f->last_sel_ns = vclock_now(f->clk);
		f->ph = F_INSTR;
		f->have = 0;
		f->acc = 0;
		f->op = 0;
		return;
	}
	f->ndesel++;
	f->last_desel_ns = vclock_now(f->clk);
	if (f->op == 0x02 && f->wel && f->idx) {
		f->busy_until = vclock_now(f->clk) + 1000000;	/* 1 ms program */
		f->programmed += f->idx;
		f->wel = false;
	}
}

static void fake_clock(void *chip, unsigned int n, const uint8_t *out, uint8_t oe,
		uint8_t *in, bool ddr)
{
	struct fake *f = chip;

	if (f->ncalls < 256)
		f->calls[f->ncalls++] = (struct call_rec){ n, oe, ddr, out[0] };
	for (unsigned int i = 0; i < n; i++) {
		in[i] = f->sel ? fake_slot(f, out[i]) : 0;
		f->slots++;
	}
}

static uint64_t fake_stable(void *chip)
{
	struct fake *f = chip;

	return vclock_now(f->clk) < f->busy_until ? f->busy_until : 0;
}

static void fake_set_clock(void *chip, uint64_t hz)
{
	struct fake *f = chip;

	f->sclk_hz = hz;
	f->nclock_set++;
}

static const struct spi_wire_ops fake_ops = {
	.select = fake_select,
	.clock = fake_clock,
	.stable_until = fake_stable,
	.set_clock = fake_set_clock,
};

/* ---- harness --------------------------------------------------------------- */

static struct vclock clk;
static struct bus bus;
static struct vb_stats st;
static struct vb_clocks clocks;
static struct qspi *q;
static struct fake f1, f2;
static uint32_t route_mask[2];

static uint32_t test_route(void *ctx, unsigned int bank)
{
	return route_mask[bank];
}

static void setup_cfg(const struct qspi_config *cfg, uint32_t ker_hz)
{
	struct spi_wire w1 = { &fake_ops, &f1 }, w2 = { &fake_ops, &f2 };

	if (q)
		qspi_destroy(q);
	vclock_init(&clk);
	bus_init(&bus, "sys", &clk);
	memset(&st, 0, sizeof(st));
	clocks.qspi_ker_hz = ker_hz;
	memset(&f1, 0, sizeof(f1));
	memset(&f2, 0, sizeof(f2));
	f1.clk = f2.clk = &clk;
	for (unsigned int i = 0; i < sizeof(f1.mem); i++) {
		f1.mem[i] = i & 0xff;
		f2.mem[i] = 0x80 | (i & 0x7f);
	}
	q = qspi_create(cfg, &clk, &st, &bus, &clocks);
	qspi_attach_chip(q, 0, &w1);
	qspi_attach_chip(q, 1, &w2);
}

static void setup(uint32_t ker_hz)
{
	setup_cfg(NULL, ker_hz);
}

static int acc(uint32_t addr, unsigned int size, bool write, uint32_t *data, uint64_t *stall)
{
	struct bus_access a = { .addr = addr, .size = size, .write = write,
		.master = BUS_MASTER_BOARD, .privileged = true, .data = data ? *data : 0 };
	int ret = bus_access(&bus, &a);

	if (data && !write)
		*data = a.data;
	if (stall)
		*stall = a.stall_ns;
	return ret;
}

static uint32_t rd(uint32_t addr)
{
	uint32_t v = 0;

	acc(addr, 4, false, &v, NULL);
	return v;
}

static void wr(uint32_t addr, uint32_t v)
{
	acc(addr, 4, true, &v, NULL);
}

/* DR read of size bytes; the caller's clock advances by the stall. */
static uint32_t dr_read(unsigned int size, uint64_t *stall)
{
	uint32_t v = 0;
	uint64_t s = 0;

	acc(DR, size, false, &v, &s);
	vclock_advance(&clk, s);
	if (stall)
		*stall = s;
	return v;
}

static uint64_t dr_write(unsigned int size, uint32_t v)
{
	uint64_t s = 0;

	acc(DR, size, true, &v, &s);
	vclock_advance(&clk, s);
	return s;
}

/* CR with PRESCALER=1: 200 MHz / 2 = 100 MHz, 10 ns per cycle. */
static void basic_init(uint32_t fsize)
{
	setup(200000000);
	wr(CR, 0x01000001);
	wr(DCR, fsize << 16);	/* CSHT=0: 1 cycle nCS high */
}

/* ---- tests -------------------------------------------------------------------- */

static void test_sclk(void)
{
	UNIT_CASE("spi_wire set_clock: the chip learns SCLK = kernel / (PRESCALER + 1)");
	basic_init(0x0b);
	wr(DLR, 0);
	wr(CCR, 0x05002105);
	dr_read(1, NULL);
	UNIT_CHECK(f1.nclock_set == 1 && f1.sclk_hz == 100000000, "100 MHz: %llu (%u calls)",
			(unsigned long long)f1.sclk_hz, f1.nclock_set);
	wr(CR, 0x03000001);	/* PRESCALER=3: 50 MHz */
	wr(CCR, 0x05002105);
	dr_read(1, NULL);
	UNIT_CHECK(f1.sclk_hz == 50000000, "50 MHz: %llu", (unsigned long long)f1.sclk_hz);
	wr(CR, 0x02000001);	/* 200 / 3 */
	wr(DCR, 0x0b << 16);
	wr(CCR, 0x0d002503);
	UNIT_CHECK(rd(QSPI_MM_BASE) == 0x03020100 && f1.sclk_hz == 66666666,
			"memory-mapped at 66.67 MHz: %llu", (unsigned long long)f1.sclk_hz);
	setup(0);		/* no kernel clock reported: the reset source, 64 MHz */
	wr(CR, 0x00000001);
	wr(DLR, 0);
	wr(CCR, 0x05002105);
	dr_read(1, NULL);
	UNIT_CHECK(f1.sclk_hz == 64000000, "64 MHz: %llu", (unsigned long long)f1.sclk_hz);
	UNIT_END_CASE();
}

static void test_reset_values(void)
{
	UNIT_CASE("reset values");
	setup(200000000);
	for (uint32_t off = 0; off <= 0x30; off += 4)
		if (off != 0x20)
			UNIT_CHECK(rd(QB + off) == 0, "reg 0x%02x = 0x%08x", off, rd(QB + off));
	UNIT_CHECK(f1.nsel == 0 && f2.nsel == 0, "chip selected at reset");
	UNIT_END_CASE();
}

static void test_read_status(void)
{
	uint64_t s1, s2;
	uint32_t b1, b2;

	UNIT_CASE("read status 0x05002105 (stmqspi): starts on CCR, 8+16 cycles");
	basic_init(0x0b);
	f1.status = 0x40;
	wr(DLR, 1);
	wr(CCR, 0x05002105);
	UNIT_CHECK(f1.nsel == 1, "not selected on CCR write");
	UNIT_CHECK(rd(SR) & SR_BUSY, "BUSY not set");
	UNIT_CHECK(f1.ncalls >= 1 && f1.calls[0].n == 8 && !f1.calls[0].ddr,
			"instruction: %u slots", f1.calls[0].n);
	/* IO0 carries the instruction; IO2 low / IO3 high forced (RM). */
	UNIT_CHECK((f1.calls[0].oe & 0x3) == 0x1, "instr oe 0x%x", f1.calls[0].oe);
	UNIT_CHECK((f1.calls[0].first_out & 0xc) == 0x8, "IO2/IO3 0x%x", f1.calls[0].first_out);
	b1 = dr_read(1, &s1);
	b2 = dr_read(1, &s2);
	UNIT_CHECK(b1 == 0x40 && b2 == 0x40, "status 0x%x 0x%x", b1, b2);
	/* byte 1 complete after 8 + 8 cycles = 160 ns, byte 2 at 240 ns */
	UNIT_CHECK(s1 == 160, "first DR stall %llu", (unsigned long long)s1);
	UNIT_CHECK(s2 == 80, "second DR stall %llu", (unsigned long long)s2);
	UNIT_CHECK(f1.slots == 24, "slots %u", f1.slots);
	for (unsigned int i = 1; i < f1.ncalls; i++)
		UNIT_CHECK((f1.calls[i].oe & 0x3) == 0, "data phase driven by controller");
	UNIT_CHECK(f1.ndesel == 1 && f1.last_desel_ns == 240, "nCS rise at %llu",
			(unsigned long long)f1.last_desel_ns);
	UNIT_CHECK((rd(SR) & (SR_TCF | SR_BUSY)) == SR_TCF, "SR 0x%x", rd(SR));
	UNIT_CHECK(st.qspi_commands == 1 && st.qspi_bytes_read == 2, "stats %llu %llu",
			(unsigned long long)st.qspi_commands,
			(unsigned long long)st.qspi_bytes_read);
	UNIT_END_CASE();
}

static void test_read_id(void)
{
	uint32_t sr, v[16];

	UNIT_CASE("read ID 0x0500219F, DLR=15: FIFO level, TCF, FTF, float bytes");
	basic_init(0x0b);
	wr(DLR, 15);
	wr(CCR, 0x0500219f);
	sr = rd(SR);
	UNIT_CHECK(FLEVEL(sr) == 0 && (sr & SR_BUSY) && !(sr & SR_FTF), "SR at start 0x%x", sr);
	vclock_advance(&clk, 8 * 10 + 4 * 80);	/* instruction + 4 bytes */
	sr = rd(SR);
	UNIT_CHECK(FLEVEL(sr) == 4 && (sr & SR_FTF) && !(sr & SR_TCF), "SR 0x%x", sr);
	vclock_advance(&clk, 12 * 80);
	sr = rd(SR);
	UNIT_CHECK(FLEVEL(sr) == 16 && (sr & SR_TCF) && (sr & SR_BUSY), "SR at end 0x%x", sr);
	UNIT_CHECK(f1.ndesel == 1, "nCS not released");
	for (int i = 0; i < 16; i++)
		v[i] = dr_read(1, NULL);
	UNIT_CHECK(v[0] == 0xef && v[1] == 0x40 && v[2] == 0x21, "ID %02x %02x %02x",
			v[0], v[1], v[2]);
	UNIT_CHECK(v[3] == 0xff && v[15] == 0xff, "undriven bytes %02x %02x", v[3], v[15]);
	sr = rd(SR);
	UNIT_CHECK(!(sr & SR_BUSY) && FLEVEL(sr) == 0 && !(sr & SR_FTF), "SR after 0x%x", sr);
	UNIT_END_CASE();

	UNIT_CASE("DR word read removes 4 bytes");
	basic_init(0x0b);
	wr(DLR, 7);
	wr(CCR, 0x0500219f);
	vclock_advance(&clk, 80 + 8 * 80);
	v[0] = dr_read(4, NULL);
	UNIT_CHECK(v[0] == 0xff2140ef, "word 0x%08x", v[0]);
	UNIT_CHECK(FLEVEL(rd(SR)) == 4, "FLEVEL %u", FLEVEL(rd(SR)));
	v[1] = dr_read(2, NULL);
	UNIT_CHECK(v[1] == 0xffff && FLEVEL(rd(SR)) == 2, "halfword 0x%x", v[1]);
	UNIT_END_CASE();
}

static void test_write_enable_and_timing(void)
{
	UNIT_CASE("write enable 0x00002106 starts on CCR write, 8 cycles");
	basic_init(0x0b);
	wr(CCR, 0x00002106);
	UNIT_CHECK(f1.nsel == 1 && f1.slots == 8 && f1.wel, "sel %u slots %u wel %d",
			f1.nsel, f1.slots, f1.wel);
	vclock_advance(&clk, 79);
	UNIT_CHECK((rd(SR) & (SR_BUSY | SR_TCF)) == SR_BUSY, "early SR 0x%x", rd(SR));
	vclock_advance(&clk, 1);
	UNIT_CHECK((rd(SR) & (SR_BUSY | SR_TCF)) == SR_TCF, "SR at 80 ns 0x%x", rd(SR));
	UNIT_END_CASE();

	UNIT_CASE("timing follows PRESCALER and kernel clock");
	setup(100000000);
	wr(CR, 0x03000001);	/* PRESCALER=3: 25 MHz, 40 ns */
	wr(CCR, 0x00002106);
	vclock_advance(&clk, 319);
	UNIT_CHECK(rd(SR) & SR_BUSY, "done before 320 ns");
	vclock_advance(&clk, 1);
	UNIT_CHECK(!(rd(SR) & SR_BUSY), "busy at 320 ns");
	UNIT_CHECK(qspi_cycle_ps(q) == 40000, "cycle %llu ps",
			(unsigned long long)qspi_cycle_ps(q));
	/* nCS high CSHT+1 cycles between commands */
	wr(DCR, 0x00000200);	/* CSHT = 2 -> 3 cycles = 120 ns */
	vclock_advance(&clk, 1000);	/* t = 1320 */
	wr(CCR, 0x00002106);
	vclock_advance(&clk, 320);	/* first ends at 1640 */
	UNIT_CHECK(!(rd(SR) & SR_BUSY), "first command still busy");
	wr(CCR, 0x00002106);		/* starts at 1640 + 120 */
	vclock_advance(&clk, 120 + 320 - 1);
	UNIT_CHECK(rd(SR) & SR_BUSY, "second command done too early");
	vclock_advance(&clk, 1);
	UNIT_CHECK(!(rd(SR) & SR_BUSY), "second command: nCS high time not honoured");
	UNIT_END_CASE();
}

static void test_busy_poll_skip(void)
{
	unsigned int loops = 0;
	uint64_t end;

	UNIT_CASE("SR polling while BUSY fast-forwards (vclock_busy_poll)");
	setup(64000000);
	wr(CR, 0xff000001);	/* PRESCALER=255: 4 us per cycle */
	wr(CCR, 0x00002106);	/* 8 cycles = 32 us */
	end = 8ull * 256 * 1000000000ull / 64000000;
	while ((rd(SR) & SR_BUSY) && loops < 100000) {
		vclock_advance(&clk, 50);
		loops++;
	}
	UNIT_CHECK(loops < 10, "%u SR reads", loops);
	UNIT_CHECK(vclock_now(&clk) >= end && vclock_now(&clk) < end + 100, "ended at %llu",
			(unsigned long long)vclock_now(&clk));
	UNIT_CHECK(clk.skipped_ns > 0, "nothing skipped");
	UNIT_END_CASE();
}

static void test_page_program(void)
{
	uint64_t stall;

	UNIT_CASE("page program 0x01002502: CCR, AR, then DR bytes start it");
	basic_init(0x0b);
	wr(CCR, 0x00002106);
	vclock_advance(&clk, 200);
	memset(&f1.mem[0x100], 0xff, 4);
	wr(DLR, 3);
	wr(CCR, 0x01002502);
	UNIT_CHECK(f1.nsel == 1, "started on CCR");
	wr(AR, 0x100);
	UNIT_CHECK(f1.nsel == 1 && !(rd(SR) & SR_BUSY), "started on AR");
	dr_write(1, 0x11);
	UNIT_CHECK(f1.nsel == 2 && (rd(SR) & SR_BUSY), "not started on DR");
	dr_write(1, 0x22);
	dr_write(1, 0x33);
	dr_write(1, 0x44);
	/* 8 + 24 + 4 * 8 cycles = 640 ns from the first DR write */
	vclock_advance(&clk, 640 - 1);
	UNIT_CHECK((rd(SR) & SR_BUSY) && f1.ndesel == 1, "finished early");
	vclock_advance(&clk, 1);
	UNIT_CHECK(!(rd(SR) & SR_BUSY) && (rd(SR) & SR_TCF), "SR 0x%x", rd(SR));
	UNIT_CHECK(f1.ops[1] == 0x02 && f1.addr == 0x100, "op %02x addr %x", f1.ops[1], f1.addr);
	UNIT_CHECK(f1.mem[0x100] == 0x11 && f1.mem[0x103] == 0x44 && f1.programmed == 4,
			"mem %02x %02x", f1.mem[0x100], f1.mem[0x103]);
	UNIT_CHECK(st.qspi_bytes_written == 4, "bytes written %llu",
			(unsigned long long)st.qspi_bytes_written);
	UNIT_END_CASE();

	UNIT_CASE("DR writes stall on a full FIFO");
	basic_init(0x0b);
	wr(CCR, 0x00002106);
	vclock_advance(&clk, 200);
	wr(DLR, 63);
	wr(CCR, 0x01002502);
	wr(AR, 0);
	for (int i = 0; i < 32; i++) {
		stall = dr_write(1, i);
		UNIT_CHECK(stall == 0, "stall at byte %d", i);
	}
	UNIT_CHECK(FLEVEL(rd(SR)) == 32 && !(rd(SR) & SR_FTF), "SR 0x%x", rd(SR));
	/* header of 32 cycles: first byte leaves the FIFO at 320 ns */
	stall = dr_write(1, 32);
	UNIT_CHECK(stall == 320, "33rd write stall %llu", (unsigned long long)stall);
	stall = dr_write(1, 33);
	UNIT_CHECK(stall == 80, "34th write stall %llu", (unsigned long long)stall);
	stall = dr_write(4, 0x37363534);
	UNIT_CHECK(stall == 320, "word write stall %llu", (unsigned long long)stall);
	UNIT_END_CASE();
}

static void test_mm(void)
{
	uint32_t v;
	uint64_t stall;
	struct qspi_config cfg;

	UNIT_CASE("memory-mapped 0x0D002503: read, prefetch, restart");
	basic_init(0x0b);	/* 4 KiB */
	wr(CCR, 0x0d002503);
	UNIT_CHECK(f1.nsel == 0, "selected on MM CCR write");
	UNIT_CHECK(acc(QSPI_MM_BASE + 0x10, 4, false, &v, &stall) == BUS_OK, "read failed");
	UNIT_CHECK(v == 0x13121110, "data 0x%08x", v);
	/* 8 + 24 + 4 * 8 cycles = 640 ns */
	UNIT_CHECK(stall == 640, "stall %llu", (unsigned long long)stall);
	UNIT_CHECK(f1.ops[0] == 0x03 && f1.addr == 0x10, "op %02x addr %x", f1.ops[0], f1.addr);
	vclock_advance(&clk, stall + 400);
	UNIT_CHECK(rd(SR) & SR_BUSY, "BUSY clear while prefetching");
	UNIT_CHECK(acc(QSPI_MM_BASE + 0x14, 4, false, &v, &stall) == BUS_OK && v == 0x17161514,
			"sequential 0x%08x", v);
	UNIT_CHECK(stall == 0 && f1.nsel == 1, "sequential stall %llu sel %u",
			(unsigned long long)stall, f1.nsel);
	UNIT_CHECK(acc(QSPI_MM_BASE + 0x41, 1, false, &v, &stall) == BUS_OK && v == 0x41,
			"byte 0x%x", v);
	UNIT_CHECK(f1.nsel == 2 && f1.ndesel == 1 && f1.addr == 0x41, "restart sel %u addr %x",
			f1.nsel, f1.addr);
	UNIT_CHECK(acc(QSPI_MM_BASE + 0x42, 2, false, &v, &stall) == BUS_OK && v == 0x4342,
			"halfword 0x%x", v);
	UNIT_CHECK(acc(QSPI_MM_BASE, 4, true, &v, NULL) == BUS_ERROR, "write accepted");
	UNIT_CHECK(acc(QSPI_MM_BASE + 0x1000, 4, false, &v, NULL) == BUS_ERROR,
			"beyond FSIZE accepted");
	UNIT_CHECK(acc(QSPI_MM_BASE + 0x1000 - 96, 4, false, &v, NULL) == BUS_HANG,
			"erratum: last 96 bytes do not hang");
	UNIT_CHECK(acc(QSPI_MM_BASE + 0x1000 - 100, 4, false, &v, NULL) == BUS_OK,
			"erratum hits too early");
	/* CCR cannot change while the prefetch holds BUSY; ABORT releases it */
	wr(CCR, 0x05002105);
	UNIT_CHECK(rd(CCR) == 0x0d002503, "CCR changed while BUSY");
	wr(CR, rd(CR) | 2);
	UNIT_CHECK(!(rd(SR) & SR_BUSY) && f1.ndesel == f1.nsel && !(rd(CR) & 2),
			"abort: SR 0x%x", rd(SR));
	UNIT_END_CASE();

	UNIT_CASE("memory-mapped erratum option off");
	qspi_config_defaults(&cfg);
	cfg.mm_last_bytes_erratum = false;
	setup_cfg(&cfg, 200000000);
	wr(CR, 0x01000001);
	wr(DCR, 0x0b << 16);
	wr(CCR, 0x0d002503);
	UNIT_CHECK(acc(QSPI_MM_BASE + 0xffc, 4, false, &v, NULL) == BUS_OK && v == 0xfffefdfc,
			"last word 0x%08x", v);
	UNIT_END_CASE();

	UNIT_CASE("memory-mapped erratum window of 8 bytes (mm_erratum_bytes)");
	qspi_config_defaults(&cfg);
	cfg.mm_erratum_bytes = 8;
	setup_cfg(&cfg, 200000000);
	wr(CR, 0x01000001);
	wr(DCR, 0x0b << 16);
	wr(CCR, 0x0d002503);
	UNIT_CHECK(acc(QSPI_MM_BASE + 0xff4, 4, false, &v, NULL) == BUS_OK && v == 0xf7f6f5f4,
			"12 bytes before the end 0x%08x", v);
	UNIT_CHECK(acc(QSPI_MM_BASE + 0xff8, 4, false, &v, NULL) == BUS_HANG, "last 8 bytes hang");
	UNIT_END_CASE();

	UNIT_CASE("memory-mapped 0x0D003513: 4-byte address, 1 line");
	basic_init(0x0b);
	wr(CCR, 0x0d003513);
	UNIT_CHECK(acc(QSPI_MM_BASE + 0x20, 4, false, &v, &stall) == BUS_OK && v == 0x23222120,
			"data 0x%08x", v);
	UNIT_CHECK(f1.ops[0] == 0x13 && f1.addr == 0x20, "op %02x addr %x", f1.ops[0], f1.addr);
	UNIT_CHECK(stall == (8 + 32 + 32) * 10, "stall %llu", (unsigned long long)stall);
	UNIT_END_CASE();

	UNIT_CASE("memory-mapped quad 0x0F283FEC (QPI chip)");
	basic_init(0x0b);
	f1.qpi = true;
	wr(CCR, 0x0f283fec);
	UNIT_CHECK(acc(QSPI_MM_BASE + 0x80, 4, false, &v, &stall) == BUS_OK && v == 0x83828180,
			"data 0x%08x", v);
	UNIT_CHECK(f1.ops[0] == 0xec && f1.addr == 0x80, "op %02x addr %x", f1.ops[0], f1.addr);
	/* 2 instruction + 8 address + 10 dummy + 4 * 2 data cycles */
	UNIT_CHECK(stall == (2 + 8 + 10 + 8) * 10, "stall %llu", (unsigned long long)stall);
	UNIT_CHECK(f1.calls[0].n == 2 && f1.calls[0].oe == 0xf, "instr slots %u oe %x",
			f1.calls[0].n, f1.calls[0].oe);
	UNIT_CHECK(f1.calls[2].n == 10 && f1.calls[2].oe == 0, "dummy %u oe %x",
			f1.calls[2].n, f1.calls[2].oe);
	UNIT_END_CASE();

	UNIT_CASE("memory-mapped LPTR timeout releases nCS (TCEN, TOF)");
	basic_init(0x0b);
	wr(LPTR, 0x10);
	wr(CR, 0x01000009);
	wr(CCR, 0x0d002503);
	acc(QSPI_MM_BASE, 4, false, &v, &stall);
	/* FIFO full after 32 more bytes of prefetch, then 16 cycles */
	vclock_advance(&clk, stall + 32 * 80 + 160 - 1);
	UNIT_CHECK(f1.ndesel == 0 && !(rd(SR) & SR_TOF), "released early");
	vclock_advance(&clk, 1);
	UNIT_CHECK(f1.ndesel == 1 && (rd(SR) & SR_TOF) && !(rd(SR) & SR_BUSY),
			"no timeout: SR 0x%x", rd(SR));
	UNIT_END_CASE();
}

static void test_polling(void)
{
	uint64_t expect;

	UNIT_CASE("auto-polling: match + APMS, stable_until skip");
	basic_init(0x0b);
	f1.busy_until = 1000000;	/* WIP=1 for 1 ms */
	wr(CR, 0x01400001);		/* APMS */
	wr(DLR, 0);
	wr(PSMKR, 0x01);
	wr(PSMAR, 0x00);
	wr(PIR, 16);
	wr(CCR, 0x09000105);		/* FMODE=2 DMODE=1 IMODE=1 05h */
	UNIT_CHECK(rd(SR) & SR_BUSY, "not busy while polling");
	UNIT_CHECK(FLEVEL(rd(SR)) == 0, "FLEVEL in polling");
	vclock_advance(&clk, 2000000);
	UNIT_CHECK((rd(SR) & (SR_SMF | SR_BUSY)) == SR_SMF, "SR 0x%x", rd(SR));
	UNIT_CHECK(f1.polls <= 4, "wire polls %u", f1.polls);
	/* poll k ends at 160 + 320 k ns; first with WIP=0 ends >= 1 ms: k = 3125 */
	expect = 3126;
	UNIT_CHECK(st.qspi_commands == expect, "commands %llu, expected %llu",
			(unsigned long long)st.qspi_commands, (unsigned long long)expect);
	UNIT_CHECK(f1.last_desel_ns == 1000160, "last poll at %llu",
			(unsigned long long)f1.last_desel_ns);
	UNIT_CHECK((dr_read(1, NULL) & 0xff) == 0x00, "DR status");
	UNIT_END_CASE();

	UNIT_CASE("auto-polling without APMS keeps polling; FTF; ABORT stops it");
	basic_init(0x0b);
	f1.status = 0x40;
	wr(CR, 0x01000001);
	wr(DLR, 0);
	wr(PSMKR, 0x40);
	wr(PSMAR, 0x40);
	wr(PIR, 100);
	wr(CCR, 0x09000105);
	vclock_advance(&clk, 160);
	UNIT_CHECK((rd(SR) & (SR_SMF | SR_FTF | SR_BUSY)) == (SR_SMF | SR_FTF | SR_BUSY),
			"SR 0x%x", rd(SR));
	UNIT_CHECK(dr_read(1, NULL) == 0x40 && !(rd(SR) & SR_FTF), "DR read keeps FTF");
	vclock_advance(&clk, 1160);
	UNIT_CHECK(rd(SR) & SR_FTF, "FTF not set by the next poll");
	UNIT_CHECK(f1.polls == 2, "polls %u", f1.polls);
	wr(CR, rd(CR) | 2);
	UNIT_CHECK(!(rd(SR) & SR_BUSY) && (rd(SR) & SR_TCF), "abort SR 0x%x", rd(SR));
	vclock_advance(&clk, 100000);
	UNIT_CHECK(f1.polls == 2, "polls after abort %u", f1.polls);
	UNIT_END_CASE();
}

static void test_abort(void)
{
	UNIT_CASE("ABORT during an indirect read");
	basic_init(0x0b);
	wr(DLR, 999);
	wr(CCR, 0x05002503);
	wr(AR, 0);
	UNIT_CHECK(f1.nsel == 1 && f1.ndesel == 0, "not started on AR");
	vclock_advance(&clk, 2000);
	wr(CR, rd(CR) | 2);
	UNIT_CHECK(f1.ndesel == 1 && f1.last_desel_ns == 2000, "nCS not released");
	UNIT_CHECK((rd(SR) & (SR_BUSY | SR_TCF)) == SR_TCF && FLEVEL(rd(SR)) == 0,
			"SR 0x%x", rd(SR));
	UNIT_CHECK(rd(CR) == 0x01000001, "CR 0x%x", rd(CR));
	UNIT_END_CASE();

	UNIT_CASE("qspi_reset releases chip select");
	basic_init(0x0b);
	wr(DLR, 999);
	wr(CCR, 0x05002503);
	wr(AR, 0);
	qspi_reset(q);
	UNIT_CHECK(f1.ndesel == 1 && rd(CR) == 0 && rd(CCR) == 0 && rd(SR) == 0, "after reset");
	UNIT_END_CASE();
}

static void test_read_stall_and_full(void)
{
	uint64_t stall;
	uint32_t sr;

	UNIT_CASE("indirect read: FIFO full stops the clock, DR stalls");
	basic_init(0x0b);
	wr(DLR, 63);
	wr(CCR, 0x05002503);
	wr(AR, 0x200);
	vclock_advance(&clk, 100000);
	sr = rd(SR);
	UNIT_CHECK(FLEVEL(sr) == 32 && !(sr & SR_TCF), "SR 0x%x", sr);
	UNIT_CHECK(f1.idx == 32, "chip clocked %u bytes", f1.idx);
	for (int i = 0; i < 32; i++)
		UNIT_CHECK(dr_read(1, &stall) == ((0x200 + i) & 0xff) && stall == 0,
				"byte %d", i);
	/* wire restarted at the first pop: byte 33 lands 80 ns after it */
	UNIT_CHECK(dr_read(1, &stall) == 0x20 && stall == 80, "stall %llu",
			(unsigned long long)stall);
	UNIT_END_CASE();

	UNIT_CASE("DLR=0xFFFFFFFF reads to the end of FSIZE");
	basic_init(0x04);	/* 32 bytes */
	wr(DLR, 0xffffffff);
	wr(CCR, 0x05002503);
	wr(AR, 16);
	vclock_advance(&clk, 100000);
	sr = rd(SR);
	UNIT_CHECK(FLEVEL(sr) == 16 && (sr & SR_TCF), "SR 0x%x", sr);
	UNIT_END_CASE();

	UNIT_CASE("TEF: indirect access beyond FSIZE is not sent");
	basic_init(0x04);
	wr(DLR, 0);
	wr(CCR, 0x05002503);
	wr(AR, 32);
	UNIT_CHECK((rd(SR) & (SR_TEF | SR_BUSY)) == SR_TEF && f1.nsel == 0, "SR 0x%x", rd(SR));
	wr(FCR, SR_TEF);
	UNIT_CHECK(!(rd(SR) & SR_TEF), "TEF not cleared");
	UNIT_END_CASE();
}

static uint32_t route_fn_value;

static void test_router(void)
{
	struct qspi_config cfg;

	UNIT_CASE("router: NCS not routed -> chip never selected, float read");
	basic_init(0x0b);
	route_mask[0] = QSPI_SIG_ALL & ~QSPI_SIG_NCS;
	route_mask[1] = QSPI_SIG_ALL;
	qspi_set_router(q, test_route, NULL);
	f1.status = 0x02;
	wr(DLR, 0);
	wr(CCR, 0x05002105);
	UNIT_CHECK(dr_read(1, NULL) == 0xff, "read not float");
	UNIT_CHECK(f1.nsel == 0 && f1.slots == 0, "chip saw %u selects %u slots", f1.nsel,
			f1.slots);
	UNIT_END_CASE();

	UNIT_CASE("router: float level 0");
	qspi_config_defaults(&cfg);
	cfg.float_level = 0;
	setup_cfg(&cfg, 200000000);
	wr(CR, 0x01000001);
	route_mask[0] = QSPI_SIG_ALL & ~QSPI_SIG_CLK;
	qspi_set_router(q, test_route, NULL);
	wr(DLR, 0);
	wr(CCR, 0x05002105);
	UNIT_CHECK(dr_read(1, NULL) == 0x00 && f1.nsel == 0, "float-0 read");
	UNIT_END_CASE();

	UNIT_CASE("float level hold: an undriven IO1 keeps the level last driven on it");
	qspi_config_defaults(&cfg);
	cfg.float_level = SPI_IO_FLOAT_HOLD;
	setup_cfg(&cfg, 200000000);
	wr(CR, 0x01000001);
	route_mask[0] = QSPI_SIG_ALL & ~QSPI_SIG_IO(1);
	qspi_set_router(q, test_route, NULL);
	wr(DLR, 0);
	wr(CCR, 0x05000305);	/* 05h on 4 lines (last nibble 0101: IO1 low), data 1 line */
	UNIT_CHECK(dr_read(1, NULL) == 0x00, "held low after the instruction");
	wr(CR, rd(CR) | 2);
	wr(CCR, 0x0500030f);	/* 0Fh: last nibble 1111: IO1 high */
	UNIT_CHECK(dr_read(1, NULL) == 0xff, "held high after the instruction");
	UNIT_END_CASE();

	UNIT_CASE("router: IO1 not routed -> controller reads float");
	basic_init(0x0b);
	route_mask[0] = QSPI_SIG_ALL & ~QSPI_SIG_IO(1);
	qspi_set_router(q, test_route, NULL);
	f1.status = 0x00;
	wr(DLR, 0);
	wr(CCR, 0x05002105);
	UNIT_CHECK(dr_read(1, NULL) == 0xff && f1.ops[0] == 0x05, "read ok through unrouted IO1");
	UNIT_END_CASE();

	UNIT_CASE("router: IO0 not routed -> chip sees float instruction");
	basic_init(0x0b);
	route_mask[0] = QSPI_SIG_ALL & ~QSPI_SIG_IO(0);
	qspi_set_router(q, test_route, NULL);
	wr(CCR, 0x00002106);
	UNIT_CHECK(f1.nsel == 1 && f1.ops[0] == 0xff && !f1.wel, "op %02x", f1.ops[0]);
	UNIT_CHECK((f1.calls[0].oe & 1) == 0, "oe 0x%x", f1.calls[0].oe);
	UNIT_END_CASE();
	(void)route_fn_value;
}

static void test_wrong_lines(void)
{
	UNIT_CASE("wrong line count reaches the chip as other bits");
	basic_init(0x0b);
	f1.status = 0x00;
	wr(DLR, 0);
	wr(CCR, 0x05002305);	/* IMODE=3: 05h on 4 lines to an SPI chip */
	UNIT_CHECK(f1.calls[0].n == 2 && f1.calls[0].oe == 0xf, "slots %u oe %x",
			f1.calls[0].n, f1.calls[0].oe);
	UNIT_CHECK(dr_read(1, NULL) == 0xff, "reply not float");
	/* 2 instruction slots + 8 data slots: the chip sees IO0 bits 0,1 and
	 * then undriven data cycles (IO0 floats high): 0b01111111 */
	UNIT_CHECK(f1.nops == 1 && f1.ops[0] == 0x7f, "chip decoded %02x", f1.ops[0]);
	UNIT_END_CASE();
}

static void test_busy_rules(void)
{
	UNIT_CASE("BUSY=1: CCR/DLR/DCR/ABR/locked CR fields/AR ignored");
	basic_init(0x0b);
	wr(ABR, 0x12);
	wr(DLR, 999);
	wr(CCR, 0x05002503);
	wr(AR, 0x40);
	UNIT_CHECK(rd(SR) & SR_BUSY, "not busy");
	wr(CCR, 0x00002106);
	wr(DLR, 5);
	wr(DCR, 0x00100000);
	wr(ABR, 0x34);
	wr(AR, 0x80);
	wr(CR, 0x07c01f41);	/* PRESCALER, APMS, PMM, DFM, FTHRES, EN */
	UNIT_CHECK(rd(CCR) == 0x05002503, "CCR 0x%x", rd(CCR));
	UNIT_CHECK(rd(DLR) == 999, "DLR %u", rd(DLR));
	UNIT_CHECK(rd(DCR) == 0x000b0000, "DCR 0x%x", rd(DCR));
	UNIT_CHECK(rd(ABR) == 0x12, "ABR 0x%x", rd(ABR));
	UNIT_CHECK(rd(AR) == 0x40, "AR 0x%x", rd(AR));
	UNIT_CHECK(rd(CR) == 0x01001f01, "CR 0x%x (only FTHRES/EN may change)", rd(CR));
	UNIT_CHECK(f1.ops[1] == 0 && f1.nsel == 1, "a second command started");
	wr(CR, rd(CR) | 2);
	wr(DLR, 5);
	UNIT_CHECK(rd(DLR) == 5, "DLR not writable after abort");
	UNIT_END_CASE();

	UNIT_CASE("dual-flash: DL[0] and AR[0] stuck, bytes interleaved, address / 2");
	basic_init(0x0c);
	wr(CR, 0x01000041);
	wr(DLR, 2);
	UNIT_CHECK(rd(DLR) == 3, "DLR %u", rd(DLR));
	wr(CCR, 0x05002503);
	wr(AR, 0x21);
	UNIT_CHECK(rd(AR) == 0x20, "AR 0x%x", rd(AR));
	UNIT_CHECK(f1.addr == 0x10 && f2.addr == 0x10, "addresses %x %x", f1.addr, f2.addr);
	vclock_advance(&clk, 10000);
	UNIT_CHECK(FLEVEL(rd(SR)) == 4, "FLEVEL %u", FLEVEL(rd(SR)));
	UNIT_CHECK(dr_read(4, NULL) == 0x91119010, "data 0x%08x", dr_read(4, NULL));
	UNIT_END_CASE();

	UNIT_CASE("FSEL selects flash 2; a bank without chip reads float");
	basic_init(0x0b);
	wr(CR, 0x01000081);
	wr(DLR, 0);
	wr(CCR, 0x0500219f);
	UNIT_CHECK(f2.nsel == 1 && f1.nsel == 0 && dr_read(1, NULL) == 0xef, "FSEL");
	qspi_attach_chip(q, 1, NULL);
	vclock_advance(&clk, 1000);
	wr(CCR, 0x0500219f);
	UNIT_CHECK(dr_read(1, NULL) == 0xff, "empty bank not float");
	UNIT_END_CASE();

	UNIT_CASE("DDRM: address/data in DDR slots, instruction SDR");
	basic_init(0x0b);
	wr(DLR, 0);
	wr(CCR, 0x85002503);
	wr(AR, 0x05);
	UNIT_CHECK(!f1.calls[0].ddr && f1.calls[0].n == 8, "instr");
	UNIT_CHECK(f1.calls[1].ddr && f1.calls[1].n == 24, "address");
	UNIT_CHECK(dr_read(1, NULL) == 0x05, "data");
	UNIT_CHECK(f1.calls[2].ddr && f1.calls[2].n == 8, "data not DDR");
	/* 8 + 12 + 4 cycles */
	vclock_advance(&clk, 1000);
	UNIT_CHECK(f1.last_desel_ns == 240, "nCS rise %llu", (unsigned long long)f1.last_desel_ns);
	UNIT_END_CASE();
}

int main(void)
{
	test_sclk();
	test_reset_values();
	test_read_status();
	test_read_id();
	test_write_enable_and_timing();
	test_page_program();
	test_busy_poll_skip();
	test_mm();
	test_polling();
	test_abort();
	test_read_stall_and_full();
	test_router();
	test_wrong_lines();
	test_busy_rules();
	qspi_destroy(q);
	UNIT_SUMMARY();
}
