// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * W25Q01JV / W25Q512JV model, driven cycle by cycle through w25q_wire_ops.
 * Expected values come from shared/reference/w25q01jv.md ("ref x"), not
 * from the model.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "chips/w25q.h"
#include "common/stats.h"
#include "common/timing.h"
#include "common/unit.h"
#include "common/vclock.h"
#include "w25q_fixture.h"

/* ---- a tiny host: serialises phases into wire cycles ------------------- */

static void sel(void)
{
	w25q_wire_ops.select(W, true);
}

static void desel(void)
{
	w25q_wire_ops.select(W, false);
}

static unsigned int drove;	/* OR of lines the chip drove during recv() */

static void dummy(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint8_t o = 0, in;

		w25q_wire_ops.clock(W, 1, &o, 0, &in, false);
	}
}

static void recv(uint8_t *buf, unsigned int n, unsigned int lines)
{
	drove = wire_recv(buf, n, lines);
}

/* DDR: one slot per clock edge */
static void send_ddr(uint64_t v, unsigned int nbits, unsigned int lines)
{
	for (int sh = (int)nbits - (int)lines; sh >= 0; sh -= (int)lines) {
		uint8_t o = (uint8_t)((v >> sh) & wire_lmask(lines)), in;

		w25q_wire_ops.clock(W, 1, &o, wire_lmask(lines), &in, true);
	}
}

static void dummy_ddr(unsigned int clocks)
{
	for (unsigned int i = 0; i < 2 * clocks; i++) {
		uint8_t o = 0, in;

		w25q_wire_ops.clock(W, 1, &o, 0, &in, true);
	}
}

static void recv_ddr(uint8_t *buf, unsigned int n, unsigned int lines)
{
	for (unsigned int i = 0; i < n; i++) {
		uint8_t b = 0;

		for (unsigned int k = 0; k < 8; k += lines) {
			uint8_t o = 0, in, lv;

			w25q_wire_ops.clock(W, 1, &o, 0, &in, true);
			lv = wire_level(in);
			b = (uint8_t)(b << lines);
			b |= lines == 1 ? (lv >> 1) & 1 : lv & wire_lmask(lines);
		}
		buf[i] = b;
	}
}

static void xsend(const uint8_t *buf, unsigned int n, unsigned int lines)
{
	for (unsigned int i = 0; i < n; i++)
		wire_send(buf[i], 8, lines);
}

static void cmd(uint8_t op)
{
	sel();
	wire_send(op, 8, 1);
	desel();
}

static void cmd1(uint8_t op, uint8_t data)
{
	sel();
	wire_send(op, 8, 1);
	wire_send(data, 8, 1);
	desel();
}

static uint8_t rdsr(uint8_t op)
{
	uint8_t b;

	sel();
	wire_send(op, 8, 1);
	recv(&b, 1, 1);
	desel();
	return b;
}

static void read_cmd(uint8_t op, uint32_t addr, unsigned int abits, unsigned int al,
		int mode, unsigned int dmy, unsigned int dl, uint8_t *buf, unsigned int n)
{
	sel();
	wire_send(op, 8, 1);
	wire_send(addr, abits, al);
	if (mode >= 0)
		wire_send((uint8_t)mode, 8, al);
	dummy(dmy);
	recv(buf, n, dl);
	desel();
}

static void program(uint8_t op, uint32_t addr, unsigned int abits, unsigned int dl,
		const uint8_t *data, unsigned int n)
{
	cmd(0x06);
	sel();
	wire_send(op, 8, 1);
	wire_send(addr, abits, 1);
	xsend(data, n, dl);
	desel();
}

static void erase(uint8_t op, uint32_t addr, unsigned int abits)
{
	cmd(0x06);
	sel();
	wire_send(op, 8, 1);
	wire_send(addr, abits, 1);
	desel();
}

static void wait_ns(uint64_t ns)
{
	vclock_advance(&clk, ns);
}

static void fresh(enum w25q_part part, void (*tweak)(struct w25q_config *))
{
	struct w25q_config cfg;

	w25q_fixture_config(&cfg, part);
	if (tweak)
		tweak(&cfg);
	w25q_fixture_create(&cfg);
}

static bool all(const uint8_t *p, unsigned int n, uint8_t v)
{
	for (unsigned int i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static void pattern(uint8_t *p, unsigned int n, unsigned int seed)
{
	for (unsigned int i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 7 + seed + (i >> 8));
}

/* These cases count on the full skew (--die-skew-us 200). */
static void set_max(struct w25q_config *c)
{
	c->timing_max = true;
	c->die_last = W25Q_DIE_LAST_1;
	c->die_skew_min_ns = TIMING_W25Q_DIE_SKEW_NS;
}

static void set_page_time(struct w25q_config *c)
{
	c->pp_time = W25Q_PP_TIME_PAGE;
}

static void set_linear(struct w25q_config *c)
{
	c->read_wraps_in_die = false;
}

static void set_bad_answers(struct w25q_config *c)
{
	c->jedec_set = true;
	c->jedec_override = 0x123456;
	c->sfdp_garbage = true;
}

static void set_die1_last(struct w25q_config *c)
{
	c->die_last = W25Q_DIE_LAST_1;
	c->die_skew_min_ns = TIMING_W25Q_DIE_SKEW_NS;
}

/* ---- tests ---------------------------------------------------------------- */

static void test_ids(void)
{
	static const struct { enum w25q_part p; uint8_t id[3]; uint32_t size; } parts[] = {
		{ W25Q01JV_IQ, { 0xef, 0x40, 0x21 }, 128u << 20 },	/* ref 1.1 */
		{ W25Q01JV_IM, { 0xef, 0x70, 0x21 }, 128u << 20 },
		{ W25Q512JV_IQ, { 0xef, 0x40, 0x20 }, 64u << 20 },
		{ W25Q512JV_IM, { 0xef, 0x70, 0x20 }, 64u << 20 },
		{ MX25L51245G, { 0xc2, 0x20, 0x1a }, 64u << 20 },	/* chips/README.md */
	};
	uint8_t b[8];

	UNIT_CASE("9Fh JEDEC ID per part and size");
	for (unsigned int i = 0; i < 5; i++) {
		fresh(parts[i].p, NULL);
		read_cmd(0x9f, 0, 0, 1, -1, 0, 1, b, 3);
		UNIT_CHECK(!memcmp(b, parts[i].id, 3), "part %u: %02x %02x %02x", i, b[0], b[1],
			   b[2]);
		UNIT_CHECK(w25q_size(W) == parts[i].size, "size");
		UNIT_CHECK(drove == 0x2, "9Fh data on IO1 only (drove %x)", drove);
	}
	UNIT_END_CASE();

	UNIT_CASE("MX25L51245G: Winbond-only opcodes ignored and counted, others served");
	fresh(MX25L51245G, NULL);
	cmd1(0xc2, 1);
	read_cmd(0x35, 0, 0, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(st.qspi_winbond_only_commands == 2, "C2h and 35h counted (%llu)",
		   (unsigned long long)st.qspi_winbond_only_commands);
	UNIT_CHECK(b[0] == 0xff, "35h not answered (%02x)", b[0]);
	read_cmd(0x05, 0, 0, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(b[0] == 0x00 && st.qspi_winbond_only_commands == 2, "05h answered (%02x)",
		   b[0]);
	fresh(W25Q512JV_IQ, NULL);
	cmd1(0xc2, 1);
	UNIT_CHECK(st.qspi_winbond_only_commands == 0, "a Winbond part counts none");
	UNIT_END_CASE();

	UNIT_CASE("bad answers: 9Fh override, SFDP garbage");
	fresh(W25Q01JV_IQ, set_bad_answers);
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, b, 3);
	UNIT_CHECK(b[0] == 0x12 && b[1] == 0x34 && b[2] == 0x56, "9Fh %02x %02x %02x", b[0], b[1],
		   b[2]);
	read_cmd(0x5a, 0, 24, 1, -1, 8, 1, b, 4);
	UNIT_CHECK(memcmp(b, "SFDP", 4) != 0, "no SFDP signature");
	UNIT_END_CASE();

	UNIT_CASE("90h/ABh/4Bh: manufacturer EFh, device ID option, UID per die");
	fresh(W25Q01JV_IQ, NULL);
	read_cmd(0x90, 0, 24, 1, -1, 0, 1, b, 4);
	UNIT_CHECK(b[0] == 0xef && b[2] == 0xef && b[1] == b[3], "90h addr 0: %02x %02x", b[0],
		   b[1]);
	read_cmd(0x90, 1, 24, 1, -1, 0, 1, b, 2);
	UNIT_CHECK(b[1] == 0xef && b[0] != 0xef, "90h addr 1 swaps order");
	read_cmd(0xab, 0, 24, 1, -1, 0, 1, b, 2);
	UNIT_CHECK(b[0] == b[1] && b[0] != 0xff, "ABh device ID repeats");
	{
		uint8_t u0[8], u1[8];

		read_cmd(0x4b, 0, 0, 1, -1, 32, 1, u0, 8);	/* 4 dummy bytes, ref 1.3 */
		cmd1(0xc2, 1);
		read_cmd(0x4b, 0, 0, 1, -1, 32, 1, u1, 8);
		UNIT_CHECK(memcmp(u0, u1, 8) != 0, "die 1 UID differs from die 0");
		cmd1(0xc2, 0);
		cmd(0xb7);
		read_cmd(0x4b, 0, 0, 1, -1, 40, 1, b, 8);	/* 5 in 4-byte mode */
		UNIT_CHECK(!memcmp(u0, b, 8), "4Bh in 4-byte mode takes 5 dummy bytes");
	}
	UNIT_END_CASE();
}

static void test_sfdp(void)
{
	/* ref 7.1 */
	static const uint8_t h0[8] = { 0x53, 0x46, 0x44, 0x50, 0x06, 0x01, 0x01, 0xff };
	static const uint8_t b80[16] = { 0xe5, 0x20, 0xfb, 0xff, 0xff, 0xff, 0xff, 0x3f,
					 0x44, 0xeb, 0x08, 0x6b, 0x08, 0x3b, 0x42, 0xbb };
	static const uint8_t bb0[16] = { 0x7a, 0x75, 0x7a, 0x75, 0xf7, 0xa2, 0xd5, 0x5c,
					 0x19, 0xf7, 0x4d, 0xff, 0xe9, 0x70, 0xf9, 0xa5 };
	static const uint8_t bd0[8] = { 0xff, 0x0a, 0xf0, 0xff, 0x21, 0xff, 0xdc, 0xff };
	uint8_t b[40];

	UNIT_CASE("5Ah SFDP: 24-bit address + 8 dummy, table of ref 7.1");
	fresh(W25Q01JV_IQ, NULL);
	read_cmd(0x5a, 0, 24, 1, -1, 8, 1, b, 8);
	UNIT_CHECK(!memcmp(b, h0, 8), "header %02x %02x %02x %02x", b[0], b[1], b[2], b[3]);
	read_cmd(0x5a, 0x80, 24, 1, -1, 8, 1, b, 16);
	UNIT_CHECK(!memcmp(b, b80, 16), "0x80: %02x .. %02x", b[0], b[7]);
	read_cmd(0x5a, 0xb0, 24, 1, -1, 8, 1, b, 16);
	UNIT_CHECK(!memcmp(b, bb0, 16), "0xb0");
	read_cmd(0x5a, 0xd0, 24, 1, -1, 8, 1, b, 16);
	UNIT_CHECK(!memcmp(b, bd0, 8) && all(b + 8, 8, 0xff), "0xd0 + FF beyond the dump");
	cmd(0xb7);	/* 4-byte mode: SFDP keeps a 24-bit address */
	read_cmd(0x5a, 0x10, 24, 1, -1, 8, 1, b, 4);
	UNIT_CHECK(b[0] == 0x84 && b[3] == 0x02, "0x10 in 4-byte mode");
	fresh(W25Q512JV_IQ, NULL);
	read_cmd(0x5a, 0x84, 24, 1, -1, 8, 1, b, 4);
	UNIT_CHECK(b[0] == 0xff && b[3] == 0x1f, "512JV density byte 0x87 = 1F, got %02x", b[3]);
	UNIT_END_CASE();
}

static void fill(uint32_t addr, const uint8_t *data, unsigned int n)
{
	for (unsigned int off = 0; off < n; off += 256) {
		program(0x12, addr + off, 32, 1, data + off, n - off > 256 ? 256 : n - off);
		wait_ns(TIMING_W25Q_PP_MAX_NS);
	}
}

static void test_reads(void)
{
	uint8_t pat[512], b[512];

	fresh(W25Q01JV_IQ, NULL);
	pattern(pat, sizeof(pat), 3);
	fill(0x1000, pat, 512);

	UNIT_CASE("reads: 03/0B/3B/6B/BB/EB and 4B forms return the array");
	read_cmd(0x03, 0x1000, 24, 1, -1, 0, 1, b, 64);
	UNIT_CHECK(!memcmp(b, pat, 64), "03h");
	read_cmd(0x0b, 0x1001, 24, 1, -1, 8, 1, b, 64);
	UNIT_CHECK(!memcmp(b, pat + 1, 64), "0Bh 8 dummy");
	read_cmd(0x3b, 0x1002, 24, 1, -1, 8, 2, b, 64);
	UNIT_CHECK(!memcmp(b, pat + 2, 64), "3Bh");
	UNIT_CHECK(drove == 0x3, "3Bh drives IO0..1");
	read_cmd(0x6b, 0x1003, 24, 1, -1, 8, 4, b, 64);
	UNIT_CHECK(!memcmp(b, pat + 3, 64), "6Bh");
	read_cmd(0xbb, 0x1004, 24, 2, 0x00, 0, 2, b, 64);
	UNIT_CHECK(!memcmp(b, pat + 4, 64), "BBh with M byte in 4 clocks");
	read_cmd(0xeb, 0x1005, 24, 4, 0x00, 4, 4, b, 64);
	UNIT_CHECK(!memcmp(b, pat + 5, 64), "EBh: 2 mode + 4 dummy clocks");
	UNIT_CHECK(drove == 0xf, "EBh drives IO0..3");
	read_cmd(0xec, 0x1006, 32, 4, 0x00, 4, 4, b, 64);
	UNIT_CHECK(!memcmp(b, pat + 6, 64), "ECh 32-bit address in 3-byte mode");
	read_cmd(0x13, 0x1100, 32, 1, -1, 0, 1, b, 256);
	UNIT_CHECK(!memcmp(b, pat + 256, 256), "13h");
	read_cmd(0x0c, 0x1000, 32, 1, -1, 8, 1, b, 4);
	UNIT_CHECK(!memcmp(b, pat, 4), "0Ch");
	UNIT_CHECK(!w25q_continuous(W), "M=00h: no continuous mode");
	UNIT_END_CASE();

	UNIT_CASE("EBh continuous read: M=A0h skips the opcode, M=00h leaves");
	read_cmd(0xeb, 0x1010, 24, 4, 0xa0, 4, 4, b, 8);
	UNIT_CHECK(!memcmp(b, pat + 16, 8) && w25q_continuous(W), "entered");
	sel();				/* no opcode: address first */
	wire_send(0x1020, 24, 4);
	wire_send(0xa5, 8, 4);
	dummy(4);
	recv(b, 8, 4);
	desel();
	UNIT_CHECK(!memcmp(b, pat + 32, 8) && w25q_continuous(W), "opcode-less read, Axh stays");
	sel();
	wire_send(0x1030, 24, 4);
	wire_send(0x00, 8, 4);
	dummy(4);
	recv(b, 8, 4);
	desel();
	UNIT_CHECK(!memcmp(b, pat + 48, 8), "last continuous read still served");
	UNIT_CHECK(!w25q_continuous(W), "M=00h left continuous mode");
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, b, 3);
	UNIT_CHECK(b[0] == 0xef && b[2] == 0x21, "next command decoded normally");
	UNIT_END_CASE();

	UNIT_CASE("wrong line count / dummy count reaches the chip as the wire would");
	read_cmd(0x0b, 0x1000, 24, 4, -1, 8, 1, b, 16);	/* address on 4 lines */
	UNIT_CHECK(memcmp(b, pat, 16) != 0, "0Bh with a quad address is not the data");
	read_cmd(0xeb, 0x1000, 24, 4, 0x00, 6, 4, b, 8);	/* host waits 2 clocks too long */
	UNIT_CHECK(!memcmp(b, pat + 1, 8), "6 dummy instead of 4: data shifted by one byte");
	read_cmd(0xeb, 0x1000, 24, 4, 0x00, 2, 4, b, 8);	/* 2 clocks too short */
	UNIT_CHECK(b[0] == 0xff && !memcmp(b + 1, pat, 7), "2 dummy: FF then data");
	read_cmd(0x6b, 0x1000, 24, 1, -1, 8, 1, b, 8);		/* host reads 1 line */
	UNIT_CHECK(memcmp(b, pat, 8) != 0, "6Bh sampled on IO1 only is garbage");
	sel();					/* opcode on 4 lines in SPI mode */
	wire_send(0x9f, 8, 4);
	recv(b, 3, 1);
	desel();
	UNIT_CHECK(b[0] == 0xff && drove == 0, "quad opcode in SPI mode: chip silent");
	UNIT_END_CASE();

	UNIT_CASE("die boundary: reads wrap in the die (default) or continue (option)");
	{
		uint8_t hi[2] = { 0x11, 0x22 }, lo[2] = { 0x33, 0x44 };

		fill(0x3fffffe, hi, 2);
		fill(0x4000000, lo, 2);
		fill(0x0, (const uint8_t[]){ 0x55, 0x66 }, 2);
		read_cmd(0x13, 0x3fffffe, 32, 1, -1, 0, 1, b, 4);
		UNIT_CHECK(b[0] == 0x11 && b[1] == 0x22 && b[2] == 0x55 && b[3] == 0x66,
			   "wrapped to 0: %02x %02x", b[2], b[3]);
	}
	fresh(W25Q01JV_IQ, set_linear);
	fill(0x3fffffe, (const uint8_t[]){ 0x11, 0x22 }, 2);
	fill(0x4000000, (const uint8_t[]){ 0x33, 0x44 }, 2);
	read_cmd(0x13, 0x3fffffe, 32, 1, -1, 0, 1, b, 4);
	UNIT_CHECK(b[0] == 0x11 && b[2] == 0x33 && b[3] == 0x44, "linear across the dies");
	UNIT_END_CASE();
}

static void test_qe_im(void)
{
	uint8_t b[8], pat[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

	UNIT_CASE("IM part: QE=0 default, quad reads not answered until QE set by 01h x2");
	fresh(W25Q01JV_IM, NULL);
	UNIT_CHECK(!(rdsr(0x35) & 0x02), "QE=0 (ref 3.4)");
	fill(0, pat, 8);
	read_cmd(0x6b, 0, 24, 1, -1, 8, 4, b, 8);
	UNIT_CHECK(all(b, 8, 0xff) && drove == 0, "6Bh: lines not driven");
	read_cmd(0xeb, 0, 24, 4, 0, 4, 4, b, 8);
	UNIT_CHECK(all(b, 8, 0xff) && drove == 0, "EBh: lines not driven");
	read_cmd(0x3b, 0, 24, 1, -1, 8, 2, b, 8);
	UNIT_CHECK(!memcmp(b, pat, 8), "dual read works without QE");
	cmd(0x06);
	sel();
	wire_send(0x01, 8, 1);
	wire_send(0x00, 8, 1);
	wire_send(0x02, 8, 1);
	desel();
	UNIT_CHECK(rdsr(0x05) & 1, "NV status write busy");
	wait_ns(TIMING_W25Q_TW_TYP_NS + TIMING_W25Q_DIE_SKEW_NS);
	UNIT_CHECK(rdsr(0x35) & 0x02, "QE=1 after 2-byte 01h (ref 7.2 DW15)");
	read_cmd(0x6b, 0, 24, 1, -1, 8, 4, b, 8);
	UNIT_CHECK(!memcmp(b, pat, 8), "6Bh works with QE=1");
	UNIT_END_CASE();

	UNIT_CASE("IQ part: QE=1 from the factory and cannot be cleared (qe_fixed)");
	fresh(W25Q01JV_IQ, NULL);
	UNIT_CHECK(rdsr(0x35) & 0x02, "QE=1");
	cmd(0x50);
	cmd1(0x31, 0x00);
	UNIT_CHECK(rdsr(0x35) & 0x02, "still 1");
	UNIT_END_CASE();

	UNIT_CASE("IM part, QE=0: IO3 low = /HOLD, clocks ignored");
	fresh(W25Q01JV_IM, NULL);
	sel();
	{
		/* 9Fh, with a held clock in between (IO3 driven low) */
		uint8_t o, in;

		wire_send(0x9, 4, 1);
		o = 0x1;
		w25q_wire_ops.clock(W, 1, &o, 0xf, &in, false);	/* IO0=1, IO3=0: held */
		wire_send(0xf, 4, 1);
		recv(b, 1, 1);
	}
	desel();
	UNIT_CHECK(b[0] == 0xef, "held clock not counted: %02x", b[0]);
	UNIT_END_CASE();
}

static void test_dies(void)
{
	uint8_t b[4], d = 0xa5;

	UNIT_CASE("C2h die select, per-die status, chip erase skew");
	fresh(W25Q01JV_IQ, set_die1_last);
	UNIT_CHECK(w25q_dies(W) == 2 && w25q_active_die(W) == 0, "2 dies, die 0 active");
	fill(0x100, &d, 1);
	fill(0x4000100, &d, 1);
	cmd(0x06);
	UNIT_CHECK((w25q_status(W, 0, 1) & 2) && (w25q_status(W, 1, 1) & 2), "WREN both dies");
	cmd(0xc7);
	UNIT_CHECK((rdsr(0x05) & 3) == 3, "die 0 busy");
	cmd1(0xc2, 1);
	UNIT_CHECK(w25q_active_die(W) == 1 && (rdsr(0x05) & 1), "die 1 busy");
	wait_ns(TIMING_W25Q_CE_TYP_NS);
	UNIT_CHECK(rdsr(0x05) & 1, "die 1 still busy at tCE");
	UNIT_CHECK(!(w25q_status(W, 0, 1) & 1), "die 0 ready at tCE");
	cmd1(0xc2, 0);
	UNIT_CHECK((rdsr(0x05) & 3) == 0, "die 0 reads ready, WEL 0");
	UNIT_CHECK(w25q_data(W)[0x100] == 0xff, "die 0 erased");
	UNIT_CHECK(w25q_data(W)[0x4000100] == 0xa5, "die 1 not yet");
	UNIT_END_CASE();

	UNIT_CASE("commands ignored while die 1 busy (busy_if_any_die_busy)");
	{
		uint64_t ign = st.qspi_ignored_commands;

		read_cmd(0x9f, 0, 0, 1, -1, 0, 1, b, 3);
		UNIT_CHECK(b[0] == 0xff && drove == 0, "9Fh ignored");
		read_cmd(0x03, 0x100, 24, 1, -1, 0, 1, b, 1);
		UNIT_CHECK(drove == 0, "read of idle die 0 ignored");
		program(0x02, 0x200, 24, 1, (const uint8_t[]){ 0 }, 1);
		UNIT_CHECK(w25q_data(W)[0x200] == 0xff && !(w25q_status(W, 0, 1) & 1),
			   "program ignored");
		UNIT_CHECK(st.qspi_ignored_commands >= ign + 3, "counted");
	}
	wait_ns(TIMING_W25Q_DIE_SKEW_NS - 1);
	UNIT_CHECK(w25q_die_busy(W, 1), "die 1 busy until tCE + 200 us");
	wait_ns(1);
	UNIT_CHECK(!w25q_die_busy(W, 1) && w25q_data(W)[0x4000100] == 0xff, "die 1 done");
	UNIT_CHECK(st.qspi_chip_erases == 1, "one chip erase counted");
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, b, 3);
	UNIT_CHECK(b[0] == 0xef, "accepted again");
	UNIT_END_CASE();

	UNIT_CASE("NV status write on both dies, skewed; program routed by address");
	cmd(0x06);
	cmd1(0x11, 0x64);			/* SR3: WPS + DRV bits */
	wait_ns(TIMING_W25Q_TW_TYP_NS);
	UNIT_CHECK(!(w25q_status(W, 0, 1) & 1) && (w25q_status(W, 1, 1) & 1), "die 1 later");
	wait_ns(TIMING_W25Q_DIE_SKEW_NS);
	UNIT_CHECK((w25q_status(W, 0, 3) & 0x64) == 0x64 && (w25q_status(W, 1, 3) & 0x64) == 0x64,
		   "both dies took SR3");
	cmd(0x98);	/* WPS=1 locks everything after power-up: global unlock needs WEL */
	UNIT_CHECK(w25q_data(W)[0x4000000] == 0xff, "pre");
	program(0x12, 0x4000000, 32, 1, (const uint8_t[]){ 0x5a }, 1);
	UNIT_CHECK(!w25q_die_busy(W, 1), "locked after 98h without WEL (ignored)");
	cmd(0x06);
	cmd(0x98);
	program(0x12, 0x4000000, 32, 1, (const uint8_t[]){ 0x5a }, 1);
	UNIT_CHECK(w25q_die_busy(W, 1) && !w25q_die_busy(W, 0), "die 1 programs");
	cmd1(0xc2, 0);
	UNIT_CHECK(!(rdsr(0x05) & 1), "die 0 status ready while die 1 programs");
	UNIT_END_CASE();
}

static void test_addr_modes(void)
{
	uint8_t b[4], v1 = 0x11, v2 = 0x22;

	UNIT_CASE("3/4-byte modes: B7h/E9h, ADS, EAR, 4B opcodes in 3-byte mode");
	fresh(W25Q01JV_IQ, NULL);
	fill(0x0000010, &v1, 1);
	fill(0x1000010, &v2, 1);
	UNIT_CHECK(!(rdsr(0x15) & 1), "ADS=0 at power-up (ADP=0, ref 3.3)");
	read_cmd(0x03, 0x000010, 24, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(b[0] == 0x11, "3-byte read EAR=0");
	cmd1(0xc5, 0x01);			/* no WEL: ignored [INF] */
	read_cmd(0xc8, 0, 0, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(b[0] == 0x00, "C5h without WEL ignored");
	cmd(0x06);
	cmd1(0xc5, 0x01);
	read_cmd(0xc8, 0, 0, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(b[0] == 0x01, "EAR=1");
	read_cmd(0x03, 0x000010, 24, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(b[0] == 0x22, "EAR supplies A31-24");
	read_cmd(0x13, 0x0000010, 32, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(b[0] == 0x11, "13h ignores EAR, 32-bit address");
	cmd(0xb7);
	UNIT_CHECK(rdsr(0x15) & 1, "ADS=1 after B7h");
	read_cmd(0x03, 0x1000010, 32, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(b[0] == 0x22, "03h takes 32 bits in 4-byte mode");
	cmd(0xe9);
	UNIT_CHECK(!(rdsr(0x15) & 1) && w25q_ear(W) == 1, "E9h: ADS=0, EAR kept (default)");
	UNIT_END_CASE();

	UNIT_CASE("ADP=1 (NV) makes 4-byte mode the power-up/reset default");
	cmd(0x06);
	cmd1(0x11, 0x02 | 0x60);
	wait_ns(TIMING_W25Q_TW_TYP_NS + TIMING_W25Q_DIE_SKEW_NS);
	UNIT_CHECK((rdsr(0x15) & 3) == 2, "ADP=1, ADS still 0");
	w25q_power_cycle(W);
	UNIT_CHECK((rdsr(0x15) & 3) == 3, "4-byte after power cycle");
	UNIT_END_CASE();
}

static void set_sr(uint8_t op, uint8_t v)
{
	cmd(0x06);
	cmd1(op, v);
	wait_ns(TIMING_W25Q_TW_MAX_NS + TIMING_W25Q_DIE_SKEW_NS);
}

static void test_protection(void)
{
	const uint8_t z = 0x00;

	UNIT_CASE("BP=0001 TB=0 protects the top 64 KiB; program there ignored");
	fresh(W25Q01JV_IQ, NULL);
	set_sr(0x01, 0x04);
	UNIT_CHECK((rdsr(0x05) & 0xfc) == 0x04, "SR1 BP0");
	program(0x12, 0x7ff0000, 32, 1, &z, 1);
	UNIT_CHECK(!w25q_die_busy(W, 1) && !(w25q_status(W, 1, 1) & 2), "ignored, WEL cleared");
	UNIT_CHECK(w25q_data(W)[0x7ff0000] == 0xff, "unchanged");
	program(0x12, 0x7feffff, 32, 1, &z, 1);
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	UNIT_CHECK(w25q_data(W)[0x7feffff] == 0x00, "just below programs");
	erase(0xdc, 0x7ff0000, 32);
	UNIT_CHECK(!w25q_die_busy(W, 1), "erase of protected block ignored");
	UNIT_END_CASE();

	UNIT_CASE("TB=1 bottom, BP=1011 lower 64 MiB, BP=1100 all (128 MiB ladder)");
	set_sr(0x01, 0x40 | (0xb << 2));
	program(0x12, 0x3ffffff, 32, 1, &z, 1);
	UNIT_CHECK(!w25q_die_busy(W, 0), "die 0 top byte protected");
	program(0x12, 0x4000000, 32, 1, &z, 1);
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	UNIT_CHECK(w25q_data(W)[0x4000000] == 0x00, "die 1 start free");
	set_sr(0x01, 0xc << 2);
	program(0x12, 0x4000010, 32, 1, &z, 1);
	UNIT_CHECK(!w25q_die_busy(W, 1), "BP=1100: all");
	UNIT_END_CASE();

	UNIT_CASE("CMP=1 inverts: BP=0001 TB=0 leaves only the top 64 KiB writable");
	set_sr(0x01, 0x04);
	cmd(0x06);
	sel();
	wire_send(0x01, 8, 1);
	wire_send(0x04, 8, 1);
	wire_send(0x42, 8, 1);		/* SR2: CMP | QE */
	desel();
	wait_ns(TIMING_W25Q_TW_MAX_NS + TIMING_W25Q_DIE_SKEW_NS);
	UNIT_CHECK(rdsr(0x35) & 0x40, "CMP set");
	program(0x12, 0x1000, 32, 1, &z, 1);
	UNIT_CHECK(!w25q_die_busy(W, 0) && w25q_data(W)[0x1000] == 0xff, "bottom protected");
	program(0x12, 0x7ff0000, 32, 1, &z, 1);
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	UNIT_CHECK(w25q_data(W)[0x7ff0000] == 0x00, "top writable");
	cmd(0x06);
	cmd(0xc7);
	UNIT_CHECK(!w25q_die_busy(W, 0), "chip erase refused on a protected die");
	UNIT_END_CASE();

	UNIT_CASE("W25Q512JV: BP=1011 protects all 64 MiB; BP=1010 the top 32 MiB");
	fresh(W25Q512JV_IQ, NULL);
	set_sr(0x01, 0xa << 2);
	program(0x12, 0x1ffffff, 32, 1, &z, 1);
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	UNIT_CHECK(w25q_data(W)[0x1ffffff] == 0x00, "below top 32 MiB free");
	program(0x12, 0x2000000, 32, 1, &z, 1);
	UNIT_CHECK(!w25q_die_busy(W, 0), "top 32 MiB protected");
	set_sr(0x01, 0xb << 2);
	program(0x12, 0x0, 32, 1, &z, 1);
	UNIT_CHECK(!w25q_die_busy(W, 0), "BP=1011 all");
	UNIT_END_CASE();

	UNIT_CASE("volatile SR write (50h): instant, no WEL, lost at power cycle");
	fresh(W25Q01JV_IQ, NULL);
	cmd(0x50);
	cmd1(0x01, 0x3c);
	UNIT_CHECK((rdsr(0x05) & 0x3f) == 0x3c, "instant, no BUSY/WEL");
	w25q_power_cycle(W);
	UNIT_CHECK((rdsr(0x05) & 0x3c) == 0, "NV value back");
	cmd1(0x01, 0x3c);
	UNIT_CHECK((rdsr(0x05) & 0x3c) == 0, "01h without 06h/50h ignored");
	UNIT_END_CASE();

	UNIT_CASE("SRP=1 and /WP low (QE=0, IM) blocks SR writes; SRL volatile lock");
	fresh(W25Q01JV_IM, NULL);
	set_sr(0x01, 0x80);
	cmd(0x06);
	sel();
	{
		uint8_t o[8], in[8];

		for (int i = 0; i < 8; i++)	/* 01h, IO2 (/WP) low, IO3 high */
			o[i] = (uint8_t)(0x8 | ((0x01 >> (7 - i)) & 1));
		w25q_wire_ops.clock(W, 8, o, 0xf, in, false);
		for (int i = 0; i < 8; i++)
			o[i] = (uint8_t)(0x8 | ((0x84 >> (7 - i)) & 1));
		w25q_wire_ops.clock(W, 8, o, 0xf, in, false);
	}
	desel();
	UNIT_CHECK(!(rdsr(0x05) & 1) && (rdsr(0x05) & 0x3c) == 0, "hardware protected");
	set_sr(0x01, 0x84);		/* /WP floats high: writable */
	UNIT_CHECK((rdsr(0x05) & 0x3c) == 0x04, "written with /WP high");
	cmd(0x50);
	cmd1(0x31, 0x01);		/* SRL (volatile) */
	set_sr(0x01, 0x00);
	UNIT_CHECK((rdsr(0x05) & 0x3c) == 0x04, "SRL=1 locks SR writes");
	w25q_power_cycle(W);
	set_sr(0x01, 0x00);
	UNIT_CHECK((rdsr(0x05) & 0xfc) == 0x00, "power cycle clears volatile SRL");
	UNIT_END_CASE();

	UNIT_CASE("WPS=1: all blocks locked after power-up, 39h unlocks one, 3Dh reads");
	fresh(W25Q01JV_IQ, NULL);
	set_sr(0x11, 0x64);
	{
		uint8_t b;

		read_cmd(0x3d, 0x20000, 24, 1, -1, 0, 1, &b, 1);
		UNIT_CHECK(b & 1, "locked");
		program(0x02, 0x20000, 24, 1, &z, 1);
		UNIT_CHECK(!w25q_die_busy(W, 0), "locked block refused");
		erase(0x39, 0x20000, 24);
		read_cmd(0x3d, 0x2ffff, 24, 1, -1, 0, 1, &b, 1);
		UNIT_CHECK(!(b & 1), "whole 64 KiB unlocked");
		read_cmd(0x3d, 0x30000, 24, 1, -1, 0, 1, &b, 1);
		UNIT_CHECK(b & 1, "next block still locked");
		program(0x02, 0x20000, 24, 1, &z, 1);
		UNIT_CHECK(w25q_die_busy(W, 0), "program accepted");
		wait_ns(TIMING_W25Q_PP_MAX_NS);
		erase(0x39, 0x0000, 24);
		read_cmd(0x3d, 0x1000, 24, 1, -1, 0, 1, &b, 1);
		UNIT_CHECK(b & 1, "bottom block: 4 KiB sector granularity");
	}
	UNIT_END_CASE();
}

static void test_program_erase(void)
{
	uint8_t b[8];
	const uint8_t f0 = 0xf0, c3 = 0x3c;

	UNIT_CASE("program ANDs; page wrap; >256 bytes keep the last");
	fresh(W25Q01JV_IQ, NULL);
	fill(0x500, &f0, 1);
	fill(0x500, &c3, 1);
	UNIT_CHECK(w25q_data(W)[0x500] == 0x30, "0xF0 & 0x3C = %02x", w25q_data(W)[0x500]);
	fill(0x6fe, (const uint8_t[]){ 1, 2, 3, 4 }, 4);
	UNIT_CHECK(w25q_data(W)[0x6fe] == 1 && w25q_data(W)[0x6ff] == 2, "page end");
	UNIT_CHECK(w25q_data(W)[0x600] == 3 && w25q_data(W)[0x601] == 4, "wrapped to page start");
	UNIT_CHECK(w25q_data(W)[0x700] == 0xff, "next page untouched");
	{
		uint8_t big[258];

		memset(big, 0xff, sizeof(big));
		big[0] = 0x77;		/* offset 0, later overwritten by big[256] */
		big[256] = 0x0f;
		fill(0x800, big, 0);
		program(0x02, 0x800, 24, 1, big, 258);
		wait_ns(TIMING_W25Q_PP_MAX_NS);
		UNIT_CHECK(w25q_data(W)[0x800] == 0x0f, "byte 256 overwrote byte 0: %02x",
			   w25q_data(W)[0x800]);
	}
	UNIT_CHECK(st.qspi_page_programs == 4, "page programs %llu",
		   (unsigned long long)st.qspi_page_programs);
	UNIT_END_CASE();

	UNIT_CASE("program/erase need a whole byte / exact bits before /CS rises");
	cmd(0x06);
	sel();
	wire_send(0x02, 8, 1);
	wire_send(0x900, 24, 1);
	wire_send(0x00, 8, 1);
	wire_send(0x0, 3, 1);		/* 3 stray bits */
	desel();
	UNIT_CHECK(!w25q_die_busy(W, 0) && w25q_data(W)[0x900] == 0xff, "program dropped");
	cmd(0x06);
	sel();
	wire_send(0xc7, 8, 1);
	wire_send(0x0, 1, 1);
	desel();
	UNIT_CHECK(!w25q_die_busy(W, 0), "chip erase with a 9th bit dropped");
	cmd(0x06);
	sel();
	wire_send(0xc7, 8, 1);
	wire_send(0x4000000, 32, 1);		/* Linux die-erase form (ref 8) */
	desel();
	UNIT_CHECK(!w25q_die_busy(W, 0) && !w25q_die_busy(W, 1), "C7h + address ignored");
	UNIT_END_CASE();

	UNIT_CASE("erase: 4K/32K/64K regions to FF, neighbours kept, counters");
	fresh(W25Q01JV_IQ, NULL);
	{
		uint8_t z = 0;
		const uint32_t a[] = { 0x0fff, 0x1000, 0x1fff, 0x2000, 0x7fff, 0x8000, 0xffff,
				       0x10000 };

		for (unsigned int i = 0; i < 8; i++)
			fill(a[i], &z, 1);
		erase(0x20, 0x1234, 24);
		wait_ns(TIMING_W25Q_SE4K_TYP_NS);
		UNIT_CHECK(w25q_data(W)[0x1000] == 0xff && w25q_data(W)[0x1fff] == 0xff &&
			   w25q_data(W)[0xfff] == 0 && w25q_data(W)[0x2000] == 0, "4K");
		erase(0x52, 0x0, 24);
		wait_ns(TIMING_W25Q_BE32K_TYP_NS);
		UNIT_CHECK(w25q_data(W)[0x7fff] == 0xff && w25q_data(W)[0x8000] == 0, "32K");
		erase(0xdc, 0x8000, 32);
		wait_ns(TIMING_W25Q_BE64K_TYP_NS);
		UNIT_CHECK(w25q_data(W)[0xffff] == 0xff && w25q_data(W)[0x10000] == 0, "64K");
	}
	UNIT_CHECK(st.qspi_sector_erases_4k == 1 && st.qspi_block_erases_32k == 1 &&
		   st.qspi_block_erases_64k == 1, "counters");
	read_cmd(0x03, 0x0, 24, 1, -1, 0, 1, b, 4);
	UNIT_CHECK(all(b, 4, 0xff), "reads FF");
	UNIT_END_CASE();
}

static bool busy_exactly(uint8_t op, uint32_t addr, uint64_t t)
{
	static const uint8_t page[256];
	bool ok;

	if (op == 0x02)
		program(0x12, addr, 32, 1, page, 256);
	else if (op == 0xc7)
		cmd(0x06), cmd(0xc7);
	else
		erase(op, addr, 32);
	wait_ns(t - 1);
	ok = w25q_die_busy(W, 0);
	wait_ns(1);
	ok = ok && !w25q_die_busy(W, 0);
	wait_ns(TIMING_W25Q_DIE_SKEW_NS);
	return ok;
}

static void test_timing(void)
{
	static const uint8_t zeros[10];
	uint8_t id[3] = { 0 };
	uint64_t done;

	UNIT_CASE("busy times typ (ref 5.1)");
	fresh(W25Q01JV_IQ, NULL);
	UNIT_CHECK(busy_exactly(0x02, 0x0, 704000), "PP 256 B 704 us");
	UNIT_CHECK(busy_exactly(0x21, 0x0, 64000000), "SE 64 ms");
	UNIT_CHECK(busy_exactly(0xdc, 0x0, 160000000), "BE64 160 ms");
	UNIT_CHECK(busy_exactly(0xc7, 0x0, 192000000000ULL), "CE 192 s");
	UNIT_CHECK(st.qspi_busy_ns > 192000000000ULL, "busy ns counted");
	program(0x12, 0x100, 32, 1, (const uint8_t[]){ 0 }, 1);
	UNIT_CHECK(w25q_busy_until(W, 0) - clk.now == 32000, "1 byte: 32 us (SFDP byte model)");
	wait_ns(32000);
	program(0x12, 0x200, 32, 1, zeros, 10);
	UNIT_CHECK(w25q_busy_until(W, 0) - clk.now == 32000 + 9 * 3000, "10 bytes: 59 us");
	wait_ns(100000);
	UNIT_END_CASE();

	UNIT_CASE("busy times max (--flash-timing max)");
	fresh(W25Q01JV_IQ, set_max);
	UNIT_CHECK(busy_exactly(0x02, 0x0, 4224000), "PP 4.224 ms");
	UNIT_CHECK(busy_exactly(0x21, 0x0, 896000000), "SE 896 ms");
	UNIT_CHECK(busy_exactly(0xdc, 0x0, 2240000000ULL), "BE64 2.24 s");
	erase(0x52, 0x0, 24);
	UNIT_CHECK(w25q_busy_until(W, 0) - clk.now == 1792000000ULL, "BE32 1.792 s");
	wait_ns(1792000000ULL);
	program(0x12, 0x3ffffff, 32, 1, (const uint8_t[]){ 0 }, 1);
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	program(0x12, 0x7ffffff, 32, 1, (const uint8_t[]){ 0 }, 1);
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	UNIT_CHECK(w25q_data(W)[0x3ffffff] == 0 && w25q_data(W)[0x7ffffff] == 0, "programmed");
	UNIT_CHECK(busy_exactly(0xc7, 0x0, 2688000000000ULL), "CE 2688 s");
	UNIT_CHECK(w25q_data(W)[0x3ffffff] == 0xff && w25q_data(W)[0x7ffffff] == 0xff,
		   "CE at max time erases up to the last byte of each die");
	UNIT_END_CASE();

	UNIT_CASE("page-time option: 1 byte takes tPP");
	fresh(W25Q01JV_IQ, set_page_time);
	program(0x12, 0x100, 32, 1, (const uint8_t[]){ 0 }, 1);
	UNIT_CHECK(w25q_busy_until(W, 0) - clk.now == 704000, "704 us");
	UNIT_END_CASE();

	UNIT_CASE("status poll: stable_until = busy end, busy_poll fast-forward recorded");
	fresh(W25Q01JV_IQ, NULL);
	erase(0x20, 0x0, 24);
	rdsr(0x05);
	UNIT_CHECK(w25q_wire_ops.stable_until(W) == TIMING_W25Q_SE4K_TYP_NS + clk.now - 0,
		   "stable until %llu", (unsigned long long)w25q_wire_ops.stable_until(W));
	wait_ns(1000);
	rdsr(0x05);
	UNIT_CHECK(clk.skip_pending > 0, "second poll requests a skip");
	clk.skip_pending = 0;
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, id, 3);
	UNIT_CHECK(w25q_wire_ops.stable_until(W) == 0, "no promise after another command");
	UNIT_END_CASE();

	UNIT_CASE("poll chain: a command refused while busy keeps it, an accepted one breaks it");
	fresh(W25Q01JV_IQ, NULL);
	erase(0x20, 0x0, 24);
	done = w25q_busy_until(W, 0);
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, id, 3);	/* refused: busy */
	rdsr(0x05);
	wait_ns(1000);
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, id, 3);
	UNIT_CHECK(id[0] == 0xff, "9Fh refused while busy (lines float high)");
	rdsr(0x05);
	UNIT_CHECK(clk.skip_pending > 0 && clk.now + clk.skip_pending < done,
		   "9Fh, 05h loop: skip %llu, lands before the end",
		   (unsigned long long)clk.skip_pending);
	clk.skip_pending = 0;
	cmd(0x75);					/* suspend: accepted while busy */
	wait_ns(1000);
	rdsr(0x05);
	UNIT_CHECK(clk.skip_pending == 0, "an accepted command breaks the chain");
	UNIT_END_CASE();
}

static void test_reset_pd(void)
{
	uint8_t b[3];

	UNIT_CASE("software reset 66h+99h: volatile state, 4-byte mode, EAR, tRST");
	fresh(W25Q01JV_IQ, NULL);
	cmd(0xb7);
	cmd(0x06);
	cmd1(0xc5, 0x03);
	cmd(0x50);
	cmd1(0x01, 0x08);
	cmd1(0xc2, 1);
	cmd(0x99);			/* without 66h: ignored */
	UNIT_CHECK(w25q_four_byte(W), "99h alone ignored");
	cmd(0x66);
	cmd(0x99);
	UNIT_CHECK(!w25q_four_byte(W) && w25q_ear(W) == 0 && w25q_active_die(W) == 0,
		   "3-byte (ADP=0), EAR 0, die 0");
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, b, 3);
	UNIT_CHECK(b[0] == 0xff, "ignored during tRST");
	wait_ns(TIMING_W25Q_RST_NS);
	UNIT_CHECK((rdsr(0x05) & 0xfe) == 0, "volatile BP gone, WEL 0");
	cmd(0x66);
	cmd(0x06);
	cmd(0x99);
	UNIT_CHECK((rdsr(0x05) & 2), "66h, other command, 99h: no reset");
	UNIT_END_CASE();

	UNIT_CASE("power-down B9h ignores all but ABh; ABh releases after tRES1");
	cmd(0xb9);
	wait_ns(TIMING_W25Q_DP_NS);
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, b, 3);
	UNIT_CHECK(b[0] == 0xff && w25q_powered_down(W), "9Fh ignored");
	UNIT_CHECK(rdsr(0x05) == 0xff && drove == 0, "05h ignored");
	cmd(0xab);
	UNIT_CHECK(!w25q_powered_down(W), "released");
	wait_ns(TIMING_W25Q_RES1_NS);
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, b, 3);
	UNIT_CHECK(b[0] == 0xef, "9Fh after tRES1");
	UNIT_END_CASE();

	UNIT_CASE("QPI: 38h, EBh 4-4-4 with M and 0 dummy (SFDP DW7), FFh exit");
	{
		uint8_t pat[8] = { 9, 8, 7, 6, 5, 4, 3, 2 }, r[8];

		fill(0x40, pat, 8);
		cmd(0x38);
		UNIT_CHECK(w25q_qpi(W), "in QPI");
		sel();
		wire_send(0x9f, 8, 4);
		recv(r, 3, 4);
		desel();
		UNIT_CHECK(r[0] == 0xef && r[1] == 0x40 && r[2] == 0x21, "9Fh on 4 lines");
		sel();
		wire_send(0xeb, 8, 4);
		wire_send(0x40, 24, 4);
		wire_send(0x00, 8, 4);
		recv(r, 8, 4);
		desel();
		UNIT_CHECK(!memcmp(r, pat, 8), "EBh QPI");
		sel();
		wire_send(0xc0, 8, 4);
		wire_send(0x10, 8, 4);		/* P5-4 = 01: 4 clocks */
		desel();
		sel();
		wire_send(0xeb, 8, 4);
		wire_send(0x40, 24, 4);
		wire_send(0x00, 8, 4);
		dummy(2);
		recv(r, 8, 4);
		desel();
		UNIT_CHECK(!memcmp(r, pat, 8), "EBh QPI after C0h 4 clocks");
		cmd(0x9f);			/* single-line opcode is garbage in QPI */
		UNIT_CHECK(w25q_qpi(W), "still QPI");
		sel();
		wire_send(0xff, 8, 4);
		desel();
		UNIT_CHECK(!w25q_qpi(W), "FFh left QPI");
	}
	UNIT_END_CASE();
}

static void test_suspend(void)
{
	uint8_t b[4];
	const uint8_t z = 0;

	UNIT_CASE("erase suspend/resume: SUS, reads elsewhere, program elsewhere, resume");
	fresh(W25Q01JV_IQ, NULL);
	fill(0x10000, &z, 1);
	fill(0x20000, &z, 1);
	erase(0x20, 0x10000, 24);
	wait_ns(TIMING_W25Q_SE4K_TYP_NS / 2);
	cmd(0x75);
	UNIT_CHECK(rdsr(0x05) & 1, "busy during tSUS");
	wait_ns(TIMING_W25Q_SUS_NS);
	UNIT_CHECK(!(rdsr(0x05) & 1) && (rdsr(0x35) & 0x80), "SUS=1 BUSY=0");
	read_cmd(0x03, 0x20000, 24, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(b[0] == 0x00, "read elsewhere");
	program(0x02, 0x30000, 24, 1, &z, 1);
	UNIT_CHECK(w25q_die_busy(W, 0), "program outside the suspended sector");
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	program(0x02, 0x10010, 24, 1, &z, 1);
	UNIT_CHECK(!w25q_die_busy(W, 0), "program inside suspended sector refused");
	erase(0x20, 0x40000, 24);
	UNIT_CHECK(!w25q_die_busy(W, 0), "erase during erase suspend refused");
	cmd(0x7a);
	UNIT_CHECK((rdsr(0x05) & 1) && !(rdsr(0x35) & 0x80), "resumed");
	wait_ns(TIMING_W25Q_SE4K_TYP_NS / 2 - TIMING_W25Q_SUS_NS - 1);
	UNIT_CHECK(w25q_die_busy(W, 0), "remaining time, not a restart");
	wait_ns(TIMING_W25Q_SUS_NS + 1);
	UNIT_CHECK(!w25q_die_busy(W, 0) && w25q_data(W)[0x10000] == 0xff, "erase finished");
	UNIT_END_CASE();
}

static void test_power_loss(void)
{
	uint8_t d[256];

	UNIT_CASE("power loss mid program: first half of the bytes programmed");
	fresh(W25Q01JV_IQ, set_page_time);
	memset(d, 0, sizeof(d));
	program(0x02, 0x1000, 24, 1, d, 256);
	wait_ns(TIMING_W25Q_PP_TYP_NS / 2);
	w25q_power_loss(W);
	UNIT_CHECK(all(w25q_data(W) + 0x1000, 128, 0x00), "first 128 programmed");
	UNIT_CHECK(all(w25q_data(W) + 0x1080, 128, 0xff), "last 128 not");
	UNIT_CHECK(!w25q_die_busy(W, 0) && !(rdsr(0x05) & 3), "idle after power-up");
	UNIT_END_CASE();

	UNIT_CASE("power loss mid sector erase: first quarter erased");
	fill(0x2000, d, 256);
	fill(0x2f00, d, 256);
	erase(0x20, 0x2000, 24);
	wait_ns(TIMING_W25Q_SE4K_TYP_NS / 4);
	w25q_power_loss(W);
	UNIT_CHECK(all(w25q_data(W) + 0x2000, 256, 0xff), "start erased");
	UNIT_CHECK(all(w25q_data(W) + 0x2f00, 256, 0x00), "end still programmed");
	UNIT_END_CASE();

	UNIT_CASE("power cycle drops the op, array unchanged");
	erase(0x20, 0x2000, 24);
	wait_ns(TIMING_W25Q_SE4K_TYP_NS / 2);
	w25q_power_cycle(W);
	UNIT_CHECK(all(w25q_data(W) + 0x2f00, 256, 0x00), "untouched");
	wait_ns(TIMING_W25Q_SE4K_TYP_NS);
	UNIT_CHECK(all(w25q_data(W) + 0x2f00, 256, 0x00), "no late completion");
	UNIT_END_CASE();
}

static void set_stuck_power_up(struct w25q_config *c)
{
	c->stuck_busy = true;
	c->stuck_busy_op = 0;
}

static void set_stuck_second(struct w25q_config *c)
{
	c->stuck_busy = true;
	c->stuck_busy_op = 2;
}

static void test_stuck_busy(void)
{
	uint8_t sr, data[4] = { 0x12, 0x34, 0x56, 0x78 };

	UNIT_CASE("--chip-stuck-busy 0: BUSY from power-up, through reset, until power cycle");
	fresh(W25Q01JV_IQ, set_stuck_power_up);
	sr = rdsr(0x05);
	UNIT_CHECK(sr & 1, "not busy at power-up: SR1 %02x", sr);
	wait_ns(3000000000000ULL);
	sr = rdsr(0x05);
	UNIT_CHECK(sr & 1, "left BUSY: SR1 %02x", sr);
	UNIT_CHECK(clk.skip_pending == 0, "an endless busy must not request a skip");
	cmd(0x66);
	cmd(0x99);
	wait_ns(TIMING_W25Q_RST_NS);
	sr = rdsr(0x05);
	UNIT_CHECK(sr & 1, "software reset freed it: SR1 %02x", sr);
	program(0x12, 0x100, 32, 1, data, 4);
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	UNIT_CHECK(all(w25q_data(W) + 0x100, 4, 0xff), "a program ran while stuck");
	w25q_power_cycle(W);
	sr = rdsr(0x05);
	UNIT_CHECK(sr & 1, "N = 0 sticks again at every power-up: SR1 %02x", sr);
	UNIT_END_CASE();

	UNIT_CASE("--chip-stuck-busy 2: the second operation never ends; power cycle frees it");
	fresh(W25Q01JV_IQ, set_stuck_second);
	UNIT_CHECK(!(rdsr(0x05) & 1), "busy before any operation");
	program(0x12, 0x100, 32, 1, data, 4);
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	UNIT_CHECK(!(rdsr(0x05) & 1), "first program still busy");
	UNIT_CHECK(!memcmp(w25q_data(W) + 0x100, data, 4), "first program not done");
	erase(0x21, 0x1000, 32);
	wait_ns(TIMING_W25Q_SE4K_MAX_NS * 10);
	UNIT_CHECK(rdsr(0x05) & 1, "second operation (erase) ended");
	UNIT_CHECK(w25q_busy_until(W, 0) == VCLOCK_NEVER, "busy_until %llu",
		   (unsigned long long)w25q_busy_until(W, 0));
	cmd(0x75);
	wait_ns(TIMING_W25Q_SUS_NS * 2);
	UNIT_CHECK(rdsr(0x05) & 1, "suspend freed it");
	w25q_power_cycle(W);
	UNIT_CHECK(!(rdsr(0x05) & 1), "power cycle did not free it");
	UNIT_END_CASE();
}

static void test_persistence(void)
{
	char dir[] = "/tmp/w25q_test_XXXXXX", path[64];
	struct w25q_config cfg;
	struct stat sb;
	uint8_t v = 0x42;

	UNIT_CASE("qspi.bin: created erased, write-through, kept across create/destroy");
	UNIT_CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	snprintf(path, sizeof(path), "%s/qspi.bin", dir);
	if (W)
		w25q_destroy(W);
	vclock_init(&clk);
	w25q_config_defaults(&cfg);
	W = w25q_create(&cfg, &clk, &st, path);
	UNIT_CHECK(W != NULL, "create");
	UNIT_CHECK(stat(path, &sb) == 0 && sb.st_size == 128 << 20, "128 MiB file");
	UNIT_CHECK(w25q_data(W)[0x7ffffff] == 0xff, "erased");
	fill(0x4000123, &v, 1);
	w25q_destroy(W);
	W = w25q_create(&cfg, &clk, &st, path);
	UNIT_CHECK(W && w25q_data(W)[0x4000123] == 0x42, "kept");
	w25q_destroy(W);
	W = NULL;
	unlink(path);
	rmdir(dir);
	UNIT_END_CASE();
}

static void test_secreg(void)
{
	uint8_t b[4];

	UNIT_CASE("security registers 48h/42h/44h, LB lock");
	fresh(W25Q01JV_IQ, NULL);
	program(0x42, 0x2010, 24, 1, (const uint8_t[]){ 0xa1, 0xb2 }, 2);
	wait_ns(TIMING_W25Q_PP_MAX_NS);
	read_cmd(0x48, 0x2010, 24, 1, -1, 8, 1, b, 2);
	UNIT_CHECK(b[0] == 0xa1 && b[1] == 0xb2, "register 2 programmed");
	set_sr(0x31, 0x02 | 0x10);	/* LB2 */
	erase(0x44, 0x2000, 24);
	UNIT_CHECK(!w25q_die_busy(W, 0), "locked register erase refused");
	set_sr(0x31, 0x02);
	UNIT_CHECK(rdsr(0x35) & 0x10, "LB2 is OTP");
	UNIT_END_CASE();
}

static void set_per_die_busy(struct w25q_config *c)
{
	c->busy_if_any_die_busy = false;
}

static void set_ce_die(struct w25q_config *c)
{
	c->ce_extra = W25Q_CE_EXTRA_DIE;
}

static void test_options(void)
{
	uint8_t b[8], pat[8] = { 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0 };
	const uint8_t z = 0;

	UNIT_CASE("busy_if_any_die_busy=false: die 0 usable while die 1 erases");
	fresh(W25Q01JV_IQ, set_per_die_busy);
	fill(0x100, pat, 8);
	erase(0xdc, 0x4000000, 32);
	UNIT_CHECK(w25q_die_busy(W, 1), "die 1 erasing");
	read_cmd(0x03, 0x100, 24, 1, -1, 0, 1, b, 8);
	UNIT_CHECK(!memcmp(b, pat, 8), "die 0 read served");
	program(0x02, 0x200, 24, 1, &z, 1);
	UNIT_CHECK(w25q_die_busy(W, 0), "die 0 program accepted");
	read_cmd(0x13, 0x4000000, 32, 1, -1, 0, 1, b, 1);
	UNIT_CHECK(drove == 0, "read of the busy die ignored");
	UNIT_END_CASE();

	UNIT_CASE("ce_extra=DIE: C7h + 32-bit address erases that die only");
	fresh(W25Q01JV_IQ, set_ce_die);
	fill(0x0, &z, 1);
	fill(0x4000000, &z, 1);
	cmd(0x06);
	sel();
	wire_send(0xc7, 8, 1);
	wire_send(0x4000000, 32, 1);
	desel();
	UNIT_CHECK(w25q_die_busy(W, 1) && !w25q_die_busy(W, 0), "die 1 only");
	wait_ns(TIMING_W25Q_CE_TYP_NS);
	UNIT_CHECK(w25q_data(W)[0x4000000] == 0xff && w25q_data(W)[0] == 0x00, "die 1 erased");
	UNIT_END_CASE();

	UNIT_CASE("IM part DTR fast read 0Dh: address/data on both edges, 6 dummy clocks");
	fresh(W25Q01JV_IM, NULL);
	fill(0x300, pat, 8);
	sel();
	wire_send(0x0d, 8, 1);
	send_ddr(0x300, 24, 1);
	dummy_ddr(6);
	recv_ddr(b, 8, 1);
	desel();
	UNIT_CHECK(!memcmp(b, pat, 8), "0Dh: %02x %02x", b[0], b[1]);
	fresh(W25Q01JV_IQ, NULL);
	fill(0x300, pat, 8);
	sel();
	wire_send(0x0d, 8, 1);
	send_ddr(0x300, 24, 1);
	dummy_ddr(6);
	recv_ddr(b, 8, 1);
	desel();
	UNIT_CHECK(all(b, 8, 0xff), "IQ part: no DTR read");
	UNIT_END_CASE();
}


/* ---- harsh behaviours: clock limits, jitter, die skew, float levels ----- */

static void set_clock_mhz(unsigned int mhz)
{
	w25q_wire_ops.set_clock(W, (uint64_t)mhz * 1000000u);
}

/* n bytes read with op at addr (single-line address, per-op dummy/lines) */
static void read_at(uint8_t op, uint32_t addr, uint8_t *buf, unsigned int n)
{
	switch (op) {
	case 0x03:
		read_cmd(0x03, addr, 24, 1, -1, 0, 1, buf, n);
		break;
	case 0x13:
		read_cmd(0x13, addr, 32, 1, -1, 0, 1, buf, n);
		break;
	case 0x0b:
		read_cmd(0x0b, addr, 24, 1, -1, 8, 1, buf, n);
		break;
	case 0x3b:
		read_cmd(0x3b, addr, 24, 1, -1, 8, 2, buf, n);
		break;
	case 0x6b:
		read_cmd(0x6b, addr, 24, 1, -1, 8, 4, buf, n);
		break;
	case 0xeb:
		read_cmd(0xeb, addr, 24, 4, 0x00, 4, 4, buf, n);
		break;
	}
}

static unsigned int wrong_bytes(const uint8_t *got, const uint8_t *want, unsigned int n)
{
	unsigned int k = 0;

	for (unsigned int i = 0; i < n; i++)
		k += got[i] != want[i];
	return k;
}

static uint64_t cfg_seed = 1;

static void set_no_limits(struct w25q_config *c)
{
	c->clock_limits = false;
}

static void set_fr(struct w25q_config *c)
{
	c->seed = cfg_seed;
}

static void set_no_fr(struct w25q_config *c)
{
	c->fr_limit = false;
}

static void test_clock_limits(void)
{
	uint8_t pat[64], r[64], r2[64];
	uint64_t oc;

	pattern(pat, sizeof(pat), 3);
	UNIT_CASE("clock limits: fr_limit off (--no-fr-limit): 03h/13h get fC 103 MHz");
	fresh(W25Q01JV_IQ, set_no_fr);
	fill(0x1000, pat, sizeof(pat));
	set_clock_mhz(100);
	read_at(0x13, 0x1000, r, 64);
	UNIT_CHECK(!memcmp(r, pat, 64) && w25q_clock_limit(W, 0x13) == 103000000,
		   "13h at 100 MHz right");
	set_clock_mhz(104);
	read_at(0x03, 0x1000, r, 64);
	UNIT_CHECK(wrong_bytes(r, pat, 64) == 64, "03h at 104 MHz wrong");
	UNIT_END_CASE();

	UNIT_CASE("clock limits (default): 03h/13h at fR 50 MHz, wrong bits above (silicon-risks)");
	cfg_seed = 1;
	fresh(W25Q01JV_IQ, set_fr);
	fill(0x1000, pat, sizeof(pat));
	UNIT_CHECK(w25q_clock_limit(W, 0x03) == 50000000 && w25q_clock_limit(W, 0x13) == 50000000,
		   "fR 50 MHz");
	set_clock_mhz(50);
	read_at(0x03, 0x1000, r, 64);
	UNIT_CHECK(!memcmp(r, pat, 64) && st.qspi_overclocked_reads == 0, "03h at 50 MHz right");
	set_clock_mhz(100);
	read_at(0x13, 0x1000, r, 64);
	UNIT_CHECK(wrong_bytes(r, pat, 64) == 64, "13h at 100 MHz: every byte wrong (%u)",
		   wrong_bytes(r, pat, 64));
	UNIT_CHECK(st.qspi_overclocked_reads == 1, "counted once per read (%llu)",
		   (unsigned long long)st.qspi_overclocked_reads);
	for (unsigned int i = 0; i < 64; i++) {
		unsigned int d = __builtin_popcount(r[i] ^ pat[i]);

		UNIT_CHECK(d >= 1 && d <= 2, "byte %u: 1 or 2 wrong bits, not %u", i, d);
	}
	read_at(0x03, 0x1000, r2, 64);
	UNIT_CHECK(memcmp(r, r2, 64) && wrong_bytes(r2, pat, 64) == 64,
		   "a second read is wrong differently");
	UNIT_CHECK(w25q_data(W)[0x1000] == pat[0], "array unchanged");
	UNIT_END_CASE();

	UNIT_CASE("clock limits: fast 0Bh 103, dual 80, quad 104 MHz (ufprog part table)");
	set_clock_mhz(100);
	oc = st.qspi_overclocked_reads;
	read_at(0x0b, 0x1000, r, 64);
	UNIT_CHECK(!memcmp(r, pat, 64), "0Bh at 100 MHz right");
	read_at(0x6b, 0x1000, r, 64);
	UNIT_CHECK(!memcmp(r, pat, 64), "6Bh at 100 MHz right");
	read_at(0xeb, 0x1000, r, 64);
	UNIT_CHECK(!memcmp(r, pat, 64), "EBh at 100 MHz right");
	UNIT_CHECK(st.qspi_overclocked_reads == oc, "none counted");
	read_at(0x3b, 0x1000, r, 64);
	UNIT_CHECK(wrong_bytes(r, pat, 64) == 64, "3Bh at 100 MHz wrong (dual 80 MHz)");
	set_clock_mhz(80);
	read_at(0x3b, 0x1000, r, 64);
	UNIT_CHECK(!memcmp(r, pat, 64), "3Bh at 80 MHz right");
	set_clock_mhz(104);
	read_at(0x0b, 0x1000, r, 64);
	UNIT_CHECK(wrong_bytes(r, pat, 64) == 64, "0Bh at 104 MHz wrong");
	read_at(0xeb, 0x1000, r, 64);
	UNIT_CHECK(!memcmp(r, pat, 64), "EBh at 104 MHz right");
	set_clock_mhz(105);
	read_at(0xeb, 0x1000, r, 64);
	UNIT_CHECK(wrong_bytes(r, pat, 64) == 64, "EBh at 105 MHz wrong");
	read_cmd(0x9f, 0, 0, 1, -1, 0, 1, r, 3);
	UNIT_CHECK(r[0] != 0xef || r[1] != 0x40 || r[2] != 0x21, "9Fh at 105 MHz wrong (fC)");
	UNIT_CHECK(w25q_clock_limit(W, 0x05) == 103000000 && w25q_clock_limit(W, 0x02) == 0,
		   "status reads fC, program no output limit");
	set_clock_mhz(0);
	read_at(0x03, 0x1000, r, 64);
	UNIT_CHECK(!memcmp(r, pat, 64), "unknown clock (0): no limit");
	UNIT_END_CASE();

	UNIT_CASE("clock limits: IM part dual 90 MHz, DTR 66 MHz; option off");
	fresh(W25Q01JV_IM, NULL);
	UNIT_CHECK(w25q_clock_limit(W, 0x3b) == 90000000 && w25q_clock_limit(W, 0xed) == 66000000,
		   "IM dual 90, DTR 66");
	fresh(W25Q01JV_IQ, set_no_limits);
	fill(0x1000, pat, sizeof(pat));
	set_clock_mhz(133);
	read_at(0x03, 0x1000, r, 64);
	UNIT_CHECK(!memcmp(r, pat, 64) && st.qspi_overclocked_reads == 0,
		   "clock_limits=false: 03h right at 133 MHz");
	UNIT_END_CASE();

	UNIT_CASE("clock limits: the wrong bits follow the seed");
	cfg_seed = 7;
	fresh(W25Q01JV_IQ, set_fr);
	fill(0x1000, pat, sizeof(pat));
	set_clock_mhz(100);
	read_at(0x03, 0x1000, r, 64);
	fresh(W25Q01JV_IQ, set_fr);
	fill(0x1000, pat, sizeof(pat));
	set_clock_mhz(100);
	read_at(0x03, 0x1000, r2, 64);
	UNIT_CHECK(!memcmp(r, r2, 64), "same seed, same bytes");
	cfg_seed = 8;
	fresh(W25Q01JV_IQ, set_fr);
	fill(0x1000, pat, sizeof(pat));
	set_clock_mhz(100);
	read_at(0x03, 0x1000, r2, 64);
	UNIT_CHECK(memcmp(r, r2, 64), "other seed, other bytes");
	UNIT_END_CASE();
}

static void set_jitter(struct w25q_config *c)
{
	c->timing_jitter = true;
	c->seed = cfg_seed;
}

static void test_jitter(void)
{
	uint64_t t[64], sum = 0, lo = UINT64_MAX, hi = 0, t2[8];
	unsigned int over_half = 0;

	UNIT_CASE("--flash-timing jitter: SE times in [typ, max], seeded, long tail");
	cfg_seed = 11;
	fresh(W25Q01JV_IQ, set_jitter);
	for (unsigned int i = 0; i < 64; i++) {
		erase(0x20, i * 0x1000, 24);
		t[i] = w25q_busy_until(W, 0) - clk.now;
		wait_ns(t[i]);
		sum += t[i];
		lo = t[i] < lo ? t[i] : lo;
		hi = t[i] > hi ? t[i] : hi;
		over_half += t[i] > (TIMING_W25Q_SE4K_TYP_NS + TIMING_W25Q_SE4K_MAX_NS) / 2;
	}
	UNIT_CHECK(lo >= TIMING_W25Q_SE4K_TYP_NS && hi <= TIMING_W25Q_SE4K_MAX_NS, "in range");
	UNIT_CHECK(lo < TIMING_W25Q_SE4K_TYP_NS + (TIMING_W25Q_SE4K_MAX_NS -
		   TIMING_W25Q_SE4K_TYP_NS) / 20, "some near typical");
	UNIT_CHECK(over_half >= 2 && over_half <= 24, "a tail above half the span (%u of 64)",
		   over_half);
	UNIT_CHECK(sum / 64 > TIMING_W25Q_SE4K_TYP_NS + 50000000 && sum / 64 <
		   TIMING_W25Q_SE4K_TYP_NS + 400000000, "mean near typ + span/5");
	fresh(W25Q01JV_IQ, set_jitter);
	for (unsigned int i = 0; i < 8; i++) {
		erase(0x20, i * 0x1000, 24);
		t2[i] = w25q_busy_until(W, 0) - clk.now;
		wait_ns(t2[i]);
	}
	UNIT_CHECK(!memcmp(t, t2, sizeof(t2)), "same seed, same times");
	program(0x02, 0x9000, 24, 1, (const uint8_t[]){ 0 }, 1);
	t2[0] = w25q_busy_until(W, 0) - clk.now;
	UNIT_CHECK(t2[0] >= 32000 && t2[0] <= 6 * 32000, "1-byte program in [32, 192] us");
	UNIT_END_CASE();
}

static uint64_t skew_min, skew_max;
static enum w25q_die_last die_last;

static void set_skew(struct w25q_config *c)
{
	c->die_skew_min_ns = skew_min;
	c->die_skew_ns = skew_max;
	c->die_last = die_last;
	c->seed = cfg_seed;
}

/* Chip erase: (die 1 end) - (die 0 end), signed */
static int64_t ce_skew(void)
{
	int64_t d;

	cmd(0x06);
	cmd(0xc7);
	d = (int64_t)w25q_busy_until(W, 1) - (int64_t)w25q_busy_until(W, 0);
	wait_ns(TIMING_W25Q_CE_TYP_NS + skew_max);
	return d;
}

/* 16 chip erases: which die was last, skews all in [lo, hi], not all equal. */
static void skew_survey(int64_t lo, int64_t hi, unsigned int *last0, unsigned int *last1,
		bool *in_range, bool *varies)
{
	int64_t first = 0;

	*last0 = *last1 = 0;
	*in_range = true;
	*varies = false;
	for (unsigned int i = 0; i < 16; i++) {
		int64_t d = ce_skew(), a = d < 0 ? -d : d;

		if (d < 0)
			(*last0)++;
		else
			(*last1)++;
		*in_range &= a >= lo && a <= hi;
		if (i == 0)
			first = a;
		else if (a != first)
			*varies = true;
	}
}

static void test_die_skew(void)
{
	unsigned int last0, last1;
	bool in_range, varies;

	UNIT_CASE("die skew MIN:MAX and die last 0/1/random (seeded)");
	skew_min = 200000;
	skew_max = 200000;
	die_last = W25Q_DIE_LAST_0;
	fresh(W25Q01JV_IQ, set_skew);
	UNIT_CHECK(ce_skew() == -200000, "die 0 last by 200 us");
	cmd(0x06);
	cmd1(0x01, 0x00);
	UNIT_CHECK(w25q_busy_until(W, 0) - w25q_busy_until(W, 1) == 200000, "WRSR: die 0 last");
	wait_ns(TIMING_W25Q_TW_TYP_NS + skew_max);
	die_last = W25Q_DIE_LAST_1;
	fresh(W25Q01JV_IQ, set_skew);
	UNIT_CHECK(ce_skew() == 200000, "die 1 last by 200 us");
	skew_min = 10000;
	skew_max = 200000;
	die_last = W25Q_DIE_LAST_RANDOM;
	cfg_seed = 5;
	fresh(W25Q01JV_IQ, set_skew);
	skew_survey(10000, 200000, &last0, &last1, &in_range, &varies);
	UNIT_CHECK(last0 && last1, "either die last (%u / %u)", last0, last1);
	UNIT_CHECK(in_range && varies, "skew drawn in [10, 200] us");
	UNIT_END_CASE();

	UNIT_CASE("die skew default: drawn in [0, 200] us, either die last");
	skew_min = TIMING_W25Q_DIE_SKEW_MIN_NS;
	skew_max = TIMING_W25Q_DIE_SKEW_NS;
	die_last = W25Q_DIE_LAST_RANDOM;
	cfg_seed = 1;
	fresh(W25Q01JV_IQ, NULL);
	skew_survey(0, 200000, &last0, &last1, &in_range, &varies);
	UNIT_CHECK(last0 && last1, "either die last by default (%u / %u)", last0, last1);
	UNIT_CHECK(in_range && varies, "default skew drawn in [0, 200] us, not fixed");
	UNIT_END_CASE();
}

static void set_die_broken(struct w25q_config *c)
{
	c->die_select_broken = true;
}

static void set_float(struct w25q_config *c)
{
	c->float_level = (uint8_t)cfg_seed;
}

/* EBh with the address nibbles driven on IO0/IO1 only: IO2/IO3 float.
 * During the opcode the host drives IO2/IO3 to io23 (bits 2..3). */
static uint8_t eb_half_driven(uint8_t io23)
{
	uint8_t o, in, r;

	sel();
	for (int sh = 7; sh >= 0; sh--) {
		o = (uint8_t)(((0xeb >> sh) & 1) | io23);
		w25q_wire_ops.clock(W, 1, &o, 0xf, &in, false);
	}
	for (unsigned int i = 0; i < 6; i++) {	/* address 0x000000 on IO1..0 */
		o = 0;
		w25q_wire_ops.clock(W, 1, &o, 0x3, &in, false);
	}
	wire_send(0x00, 8, 4);			/* M */
	dummy(4);
	recv(&r, 1, 4);
	desel();
	return r;
}

static void test_die_select_float(void)
{
	uint8_t a = 0xa1, b = 0xb2;

	UNIT_CASE("die select broken: C2h accepted, the active die stays 0");
	fresh(W25Q01JV_IQ, set_die_broken);
	cmd1(0xc2, 1);
	UNIT_CHECK(w25q_active_die(W) == 0, "die 0 still active");
	fresh(W25Q01JV_IQ, NULL);
	cmd1(0xc2, 1);
	UNIT_CHECK(w25q_active_die(W) == 1, "default: die 1 selected");
	UNIT_END_CASE();

	UNIT_CASE("float level 1 / 0 / hold as the chip samples undriven lines");
	for (unsigned int f = 0; f < 3; f++) {
		cfg_seed = f;
		fresh(W25Q01JV_IQ, set_float);
		fill(0x000000, &a, 1);
		fill(0xcccccc, &b, 1);
		/* float 1: IO2/IO3 high -> nibbles Ch -> 0xCCCCCC; float 0:
		 * 0x000000; hold: the level the opcode phase left */
		UNIT_CHECK(eb_half_driven(0x0) == (f == 1 ? 0xb2 : 0xa1), "float %u, IO2/3 were low", f);
		UNIT_CHECK(eb_half_driven(0xc) == (f == 0 ? 0xa1 : 0xb2), "float %u, IO2/3 were high", f);
	}
	UNIT_END_CASE();
}

int main(void)
{
	test_ids();
	test_sfdp();
	test_reads();
	test_qe_im();
	test_dies();
	test_addr_modes();
	test_protection();
	test_program_erase();
	test_timing();
	test_reset_pd();
	test_stuck_busy();
	test_suspend();
	test_power_loss();
	test_secreg();
	test_options();
	test_persistence();
	test_clock_limits();
	test_jitter();
	test_die_skew();
	test_die_select_float();
	if (W)
		w25q_destroy(W);
	UNIT_SUMMARY();
}
