// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SWD wire + DP + AP unit tests.  The host side is a small bit-level encoder
 * that frames transactions the way OpenOCD's J-Link path does (8 request
 * bits, then 38 bits of trn/ack/data/parity/trn for reads or 5 in + 33 out for
 * writes, ap_delay idle cycles after AP accesses, 8 idle cycles at the end of
 * a batch) and decodes ACKs at the J-Link's sampling position.  Expected values
 * come from the reference (stm32h753.md 1.1/1.2) and ADIv5.2, not from the
 * model.
 */
#include "swd/swd.h"
#include "bus/bus.h"
#include "common/stats.h"
#include "common/vclock.h"
#include "common/unit.h"

#include <string.h>

#define ACK_OK		1
#define ACK_WAIT	2
#define ACK_FAULT	4
#define ACK_NONE	7

#define DP_DPIDR	0x0
#define DP_ABORT	0x0
#define DP_CTRL		0x4
#define DP_SELECT	0x8
#define DP_RDBUFF	0xc

#define AP_CSW		0x0
#define AP_TAR		0x4
#define AP_DRW		0xc

/* ---- fake buses ------------------------------------------------------------ */

static struct vclock clk;
static struct vb_stats st;
static struct bus sysbus, apbd;
static uint8_t ram[4096], hangram[256], apbram[4096];
static uint32_t dev_last_write;
static unsigned int dev_writes;

#define DEV_STALL_NS	200000u

static int dev_read(void *ctx, uint32_t off, struct bus_access *a)
{
	a->data = 0xd00d0000u | off;
	a->stall_ns = DEV_STALL_NS;
	return BUS_OK;
}

static int dev_write(void *ctx, uint32_t off, struct bus_access *a)
{
	dev_last_write = a->data;
	dev_writes++;
	a->stall_ns = DEV_STALL_NS;
	return BUS_OK;
}

static const struct bus_dev_ops dev_ops = { dev_read, dev_write };

static struct swd *board(const struct swd_config *cfg)
{
	struct swd_config def;

	vclock_init(&clk);
	memset(&st, 0, sizeof(st));
	memset(ram, 0, sizeof(ram));
	memset(apbram, 0, sizeof(apbram));
	bus_init(&sysbus, "sys", &clk);
	bus_init(&apbd, "apbd", &clk);
	bus_add_region(&sysbus, "ram", 0x20000000, sizeof(ram), ram, NULL, NULL, 0);
	bus_add_region(&sysbus, "dev", 0x40000000, 0x100, NULL, &dev_ops, NULL, 0);
	bus_add_region(&sysbus, "hang", 0x50000000, sizeof(hangram), hangram, NULL, NULL, 0);
	sysbus.stall_base = 0x50000000;
	sysbus.stall_size = sizeof(hangram);
	sysbus.stall_from = 0;
	sysbus.stall_until = VCLOCK_NEVER;
	bus_add_region(&apbd, "dbgmcu", 0xe00e1000, sizeof(apbram), apbram, NULL, NULL, 0);
	if (!cfg) {
		swd_config_defaults(&def);
		cfg = &def;
	}
	return swd_create(cfg, &clk, &st, &sysbus, &apbd);
}

/* ---- host encoder ------------------------------------------------------------ */

#define HBYTES 4096
static struct host {
	uint8_t dir[HBYTES], out[HBYTES], in[HBYTES];
	unsigned int n;
	unsigned int nq;
	struct { unsigned int first; bool rd; } q[64];
	uint8_t ack[64];
	uint32_t data[64];
	bool par_ok[64];
	unsigned int lag;
	unsigned int ap_delay;
} H;

static void h_begin(void)
{
	unsigned int lag = H.lag, d = H.ap_delay;

	memset(&H, 0, sizeof(H));
	H.lag = lag;
	H.ap_delay = d;
}

static void h_bit(bool drive, bool v)
{
	unsigned int i = H.n++;

	if (drive)
		H.dir[i / 8] |= 1u << (i % 8);
	if (v)
		H.out[i / 8] |= 1u << (i % 8);
}

static void h_bits(uint64_t v, unsigned int n, bool drive)
{
	for (unsigned int i = 0; i < n; i++)
		h_bit(drive, (v >> i) & 1);
}

static void h_bytes(const uint8_t *b, unsigned int nbits)
{
	for (unsigned int i = 0; i < nbits; i++)
		h_bit(true, (b[i / 8] >> (i % 8)) & 1);
}

static bool get_bit(const uint8_t *b, unsigned int i)
{
	return (b[i / 8] >> (i % 8)) & 1;
}

static uint32_t get_bits(const uint8_t *b, unsigned int at, unsigned int n)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint32_t)get_bit(b, at + i) << i;
	return v;
}

static uint8_t req_byte(bool ap, bool rnw, unsigned int a)
{
	uint8_t c = (ap ? 2 : 0) | (rnw ? 4 : 0) | (((a >> 2) & 3) << 3);

	if (__builtin_parity(c))
		c |= 0x20;
	return c | 0x81;	/* start, park */
}

/* Queue one transaction exactly as jlink_swd_queue_cmd() frames it. */
static unsigned int h_raw(uint8_t cmd, bool rnw, uint32_t wdata, bool wpar_ok)
{
	unsigned int q = H.nq++;

	h_bits(cmd, 8, true);
	H.q[q].first = H.n;
	H.q[q].rd = rnw;
	if (rnw) {
		h_bits(0, 38, false);
	} else {
		h_bits(0, 5, false);
		h_bits(wdata, 32, true);
		h_bit(true, __builtin_parity(wdata) ^ !wpar_ok);
	}
	if (cmd & 2)
		h_bits(0, H.ap_delay, true);
	return q;
}

static unsigned int h_req(bool ap, bool rnw, unsigned int a, uint32_t wdata)
{
	return h_raw(req_byte(ap, rnw, a), rnw, wdata, true);
}

static void h_run(struct swd *s)
{
	unsigned int off = H.lag ? 0 : 1;

	h_bits(0, 8, true);
	swd_io(s, H.n, H.dir, H.out, H.in);
	for (unsigned int i = 0; i < H.nq; i++) {
		unsigned int f = H.q[i].first + off;

		H.ack[i] = get_bits(H.in, f, 3);
		H.data[i] = get_bits(H.in, f + 3, 32);
		H.par_ok[i] = (unsigned int)__builtin_parity(H.data[i]) == get_bit(H.in, f + 35);
	}
}

/* Single transactions, each in its own batch. */
static uint8_t xfer(struct swd *s, bool ap, bool rnw, unsigned int a, uint32_t *v)
{
	h_begin();
	h_req(ap, rnw, a, v ? *v : 0);
	h_run(s);
	if (rnw && v)
		*v = H.data[0];
	return H.ack[0];
}

static uint8_t dp_rd(struct swd *s, unsigned int a, uint32_t *v)
{
	return xfer(s, false, true, a, v);
}

static uint8_t dp_wr(struct swd *s, unsigned int a, uint32_t v)
{
	return xfer(s, false, false, a, &v);
}

static uint8_t ap_rd(struct swd *s, unsigned int a, uint32_t *v)
{
	return xfer(s, true, true, a, v);
}

static uint8_t ap_wr(struct swd *s, unsigned int a, uint32_t v)
{
	return xfer(s, true, false, a, &v);
}


/* Read an AP register: posted read + RDBUFF. */
static uint8_t ap_get(struct swd *s, unsigned int a, uint32_t *v)
{
	uint32_t dummy;
	uint8_t ack = ap_rd(s, a, &dummy);

	if (ack != ACK_OK)
		return ack;
	return dp_rd(s, DP_RDBUFF, v);
}

/* ADIv5.2 sequences, first bit = LSB of the first byte. */
static const uint8_t seq_jtag_to_swd[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x9e, 0xe7,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00,
};
static const uint8_t seq_line_reset[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00 };
static const uint8_t seq_swd_to_dormant[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe3,
};
static const uint8_t seq_jtag_to_dormant[] = { 0xff, 0x75, 0x77, 0x77, 0x67 };
static const uint8_t seq_dormant_to_swd[] = {
	0xff,
	0x92, 0xf3, 0x09, 0x62, 0x95, 0x2d, 0x85, 0x86,
	0xe9, 0xaf, 0xdd, 0xe3, 0xa2, 0x0e, 0xbc, 0x19,
	0xa0, 0xf1, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00,
};

static void send_seq(struct swd *s, const uint8_t *b, unsigned int nbits)
{
	h_begin();
	h_bytes(b, nbits);
	swd_io(s, H.n, H.dir, H.out, H.in);
}

/* OpenOCD's connect + dap_dp_init (reference 1.1). */
static bool connect(struct swd *s)
{
	uint32_t v = 0;
	bool ok = true;

	send_seq(s, seq_jtag_to_swd, 136);
	ok &= dp_rd(s, DP_DPIDR, &v) == ACK_OK && v == 0x6ba02477;
	ok &= dp_wr(s, DP_ABORT, 0x1e) == ACK_OK;
	ok &= dp_wr(s, DP_SELECT, 0) == ACK_OK;
	ok &= dp_wr(s, DP_CTRL, 0x50000020) == ACK_OK;
	ok &= dp_rd(s, DP_CTRL, &v) == ACK_OK;
	ok &= dp_wr(s, DP_CTRL, 0x50000000) == ACK_OK;
	ok &= dp_rd(s, DP_CTRL, &v) == ACK_OK && (v & 0xa0000000) == 0xa0000000;
	ok &= dp_wr(s, DP_CTRL, 0x50000001) == ACK_OK;
	ok &= dp_rd(s, DP_CTRL, &v) == ACK_OK && v == 0xf0000001;
	return ok;
}

static struct swd *connected(const struct swd_config *cfg)
{
	struct swd *s = board(cfg);

	if (!connect(s))
		printf("     (connect failed)\n");
	return s;
}

static void select_ap(struct swd *s, unsigned int apsel, unsigned int bank)
{
	dp_wr(s, DP_SELECT, apsel << 24 | bank << 4);
}

static void ram_put(uint32_t addr, uint32_t v)
{
	bus_write32(&sysbus, addr, v);
}

static uint32_t ram_get(uint32_t addr)
{
	uint32_t v = 0;

	bus_read32(&sysbus, addr, &v);
	return v;
}

/* ---- tests ------------------------------------------------------------------- */

static void test_connect(void)
{
	struct swd *s = board(NULL);
	uint32_t v = 0;

	UNIT_CASE("connect: power-on JTAG ignores SWD until JTAG-to-SWD");
	send_seq(s, seq_line_reset, 64);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_NONE, "JTAG state must not answer");
	UNIT_CHECK(swd_link_state(s) == SWD_LINK_JTAG, "link %d", swd_link_state(s));
	UNIT_END_CASE();

	UNIT_CASE("connect: OpenOCD sequence (DPIDR, ABORT 0x1E, power-up 0x50000020/0/1)");
	UNIT_CHECK(connect(s), "connect sequence failed");
	UNIT_CHECK(H.par_ok[0], "read parity");
	UNIT_CHECK(swd_link_state(s) == SWD_LINK_ACTIVE, "link %d", swd_link_state(s));
	UNIT_CHECK(st.swd_line_resets >= 1, "line resets %llu",
		(unsigned long long)st.swd_line_resets);
	UNIT_END_CASE();

	UNIT_CASE("connect: CDBGRSTREQ mirrored to CDBGRSTACK, TRNMODE/MASKLANE RW");
	dp_wr(s, DP_CTRL, 0x54000f05);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && v == 0xfc000f05, "ctrl %08x", v);
	dp_wr(s, DP_CTRL, 0x50000001);
	UNIT_END_CASE();

	UNIT_CASE("connect: DPv2 banks (DLCR, TARGETID, DLPIDR, EVENTSTAT)");
	dp_wr(s, DP_SELECT, 1);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && v == 0x40, "DLCR %08x", v);
	dp_wr(s, DP_SELECT, 2);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && v == 0x04500041, "TARGETID %08x", v);
	dp_wr(s, DP_SELECT, 3);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && v == 0x00000001, "DLPIDR %08x", v);
	dp_wr(s, DP_SELECT, 4);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && v == 0, "EVENTSTAT %08x", v);
	dp_wr(s, DP_SELECT, 0);
	UNIT_END_CASE();

	UNIT_CASE("connect: SWD-to-dormant, JTAG-to-dormant + dormant-to-SWD");
	send_seq(s, seq_swd_to_dormant, 72);
	UNIT_CHECK(swd_link_state(s) == SWD_LINK_DORMANT, "link %d", swd_link_state(s));
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_NONE, "dormant must not answer");
	send_seq(s, seq_line_reset, 64);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_NONE, "line reset must not wake dormant");
	send_seq(s, seq_dormant_to_swd, 224);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_OK && v == 0x6ba02477, "after activation %08x", v);
	swd_power_on_reset(s);
	send_seq(s, seq_jtag_to_dormant, 40);
	UNIT_CHECK(swd_link_state(s) == SWD_LINK_DORMANT, "jtag->dormant: link %d",
		swd_link_state(s));
	send_seq(s, seq_dormant_to_swd, 224);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_OK, "dormant->swd");
	UNIT_END_CASE();

	UNIT_CASE("connect: JTAG-to-SWD while already in SWD reconnects");
	UNIT_CHECK(connect(s), "reconnect failed");
	UNIT_END_CASE();
	swd_destroy(s);
}

static void test_line_reset_lockout(void)
{
	struct swd *s = connected(NULL);
	uint32_t v = 0;

	UNIT_CASE("line reset: only DPIDR read answered, others -> no response + lockout");
	send_seq(s, seq_line_reset, 64);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_NONE, "CTRL/STAT after line reset answered");
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_NONE, "lockout: DPIDR answered");
	send_seq(s, seq_line_reset, 64);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_OK && v == 0x6ba02477, "DPIDR after reset");
	/* the protocol error set STICKYORUN (ORUNDETECT=1, OpenDAP rule) */
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && v == 0xf0000003, "CTRL/STAT %08x", v);
	dp_wr(s, DP_ABORT, 0x1e);
	UNIT_CHECK(st.swd_protocol_errors >= 1, "protocol error not counted");
	UNIT_END_CASE();

	UNIT_CASE("line reset: TARGETSEL with matching id keeps the DP selected");
	send_seq(s, seq_line_reset, 64);
	h_begin();
	h_req(false, false, 0xc, 0x04500041);
	h_req(false, true, DP_DPIDR, 0);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_NONE, "TARGETSEL acked %u", H.ack[0]);
	UNIT_CHECK(H.ack[1] == ACK_OK && H.data[1] == 0x6ba02477, "DPIDR after TARGETSEL");
	send_seq(s, seq_line_reset, 64);
	h_begin();
	h_req(false, false, 0xc, 0x12345677);
	h_req(false, true, DP_DPIDR, 0);
	h_run(s);
	UNIT_CHECK(H.ack[1] == ACK_NONE, "deselected DP answered");
	UNIT_END_CASE();
	swd_destroy(s);
}

static void test_protocol_errors(void)
{
	struct swd *s = connected(NULL);
	uint32_t v = 0;
	uint64_t perr = st.swd_protocol_errors;

	UNIT_CASE("protocol: request parity error -> no ACK (0b111), then lockout");
	h_begin();
	h_raw(req_byte(false, true, DP_DPIDR) ^ 0x20, true, 0, true);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_NONE, "ack %u", H.ack[0]);
	UNIT_CHECK(H.data[0] == 0xffffffff, "undriven data must read as ones");
	UNIT_CHECK(st.swd_protocol_errors == perr + 1, "not counted");
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_NONE, "answered in lockout");
	send_seq(s, seq_line_reset, 64);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_OK, "no recovery by line reset");
	UNIT_END_CASE();

	UNIT_CASE("protocol: bad stop / bad park bit -> no ACK");
	h_begin();
	h_raw(req_byte(false, true, DP_DPIDR) | 0x40, true, 0, true);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_NONE, "stop=1 acked %u", H.ack[0]);
	send_seq(s, seq_line_reset, 64);
	dp_rd(s, DP_DPIDR, &v);
	h_begin();
	h_raw(req_byte(false, true, DP_DPIDR) & 0x7f, true, 0, true);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_NONE, "park=0 acked %u", H.ack[0]);
	send_seq(s, seq_line_reset, 64);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_OK, "recover");
	UNIT_END_CASE();

	UNIT_CASE("protocol: without lockout the DP waits for the next header");
	swd_set_protocol_error_lockout(s, false);
	h_begin();
	h_raw(req_byte(false, true, DP_DPIDR) ^ 0x20, true, 0, true);
	h_bits(0, 4, true);
	h_req(false, true, DP_DPIDR, 0);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_NONE, "bad request acked");
	/* the undriven read slot reads as ones: the DP sees start bits and
	 * parses headers of ones (parity error each), then idles */
	UNIT_CHECK(H.ack[1] == ACK_OK && H.data[1] == 0x6ba02477, "next header ack %u",
		H.ack[1]);
	swd_set_protocol_error_lockout(s, true);
	UNIT_END_CASE();

	UNIT_CASE("protocol: write data parity error sets WDATAERR, write discarded");
	dp_wr(s, DP_ABORT, 0x1e);
	select_ap(s, 0, 0);
	h_begin();
	h_raw(req_byte(false, false, DP_SELECT), false, 0x020000f0, false);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_OK, "ack %u", H.ack[0]);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && (v & 0x80), "WDATAERR %08x", v);
	UNIT_CHECK(ap_rd(s, AP_CSW, &v) == ACK_FAULT, "AP access must FAULT");
	/* the FAULT set STICKYORUN too (ORUNDETECT=1) */
	UNIT_CHECK(dp_wr(s, DP_ABORT, 0x18) == ACK_OK, "WDERRCLR|ORUNERRCLR");
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && !(v & 0x82), "cleared %08x", v);
	/* SELECT was not written: AP0 bank 0 CSW still reads back AP0's CSW */
	UNIT_CHECK(ap_get(s, AP_CSW, &v) == ACK_OK && (v & 0x40), "AP0 CSW -> %08x", v);
	UNIT_END_CASE();
	swd_destroy(s);
}

static void test_ap_registers(void)
{
	struct swd *s = connected(NULL);
	uint32_t v = 0;

	UNIT_CASE("AP: IDR/BASE/CFG via SELECT bank 0xF (reference 1.2)");
	select_ap(s, 0, 0xf);
	UNIT_CHECK(ap_get(s, 0xc, &v) == ACK_OK && v == 0x84770001, "AP0 IDR %08x", v);
	UNIT_CHECK(ap_get(s, 0x8, &v) == ACK_OK && v == 0xe00fe003, "AP0 BASE %08x", v);
	UNIT_CHECK(ap_get(s, 0x4, &v) == ACK_OK && v == 0, "AP0 CFG %08x", v);
	UNIT_CHECK(ap_get(s, 0x0, &v) == ACK_OK && v == 0, "AP0 BASE64 %08x", v);
	select_ap(s, 1, 0xf);
	UNIT_CHECK(ap_get(s, 0xc, &v) == ACK_OK && v == 0x84770001, "AP1 IDR %08x", v);
	select_ap(s, 2, 0xf);
	UNIT_CHECK(ap_get(s, 0xc, &v) == ACK_OK && v == 0x54770002, "AP2 IDR %08x", v);
	UNIT_CHECK(ap_get(s, 0x8, &v) == ACK_OK && v == 0xe00e0003, "AP2 BASE %08x", v);
	UNIT_END_CASE();

	UNIT_CASE("AP: absent APs read 0, ignore writes");
	select_ap(s, 3, 0xf);
	UNIT_CHECK(ap_get(s, 0xc, &v) == ACK_OK && v == 0, "AP3 IDR %08x", v);
	select_ap(s, 200, 0);
	ap_wr(s, AP_TAR, 0x12345678);
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0, "AP200 TAR %08x", v);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && !(v & 0x22), "no error %08x", v);
	UNIT_END_CASE();

	UNIT_CASE("AP: CSW fields (DeviceEn RO, Prot RW, size, packed off by default)");
	select_ap(s, 0, 0);
	ap_wr(s, AP_CSW, 0xa2000020);	/* OpenOCD mem_ap_init probe: 8-bit, packed */
	UNIT_CHECK(ap_get(s, AP_CSW, &v) == ACK_OK && v == 0xa2000040, "CSW %08x", v);
	ap_wr(s, AP_CSW, 0xaa000012);
	UNIT_CHECK(ap_get(s, AP_CSW, &v) == ACK_OK && v == 0xaa000052, "CSW %08x", v);
	ap_wr(s, AP_CSW, 0xaa000013);	/* 64-bit: unsupported, size kept */
	UNIT_CHECK(ap_get(s, AP_CSW, &v) == ACK_OK && (v & 7) == 2, "CSW %08x", v);
	UNIT_END_CASE();
	swd_destroy(s);
}

static void test_memory(void)
{
	struct swd_config cfg;
	struct swd *s = connected(NULL);
	uint32_t v = 0;

	UNIT_CASE("mem: posted DRW reads, RDBUFF returns the last without a new access");
	for (unsigned int i = 0; i < 4; i++)
		ram_put(0x20000000 + 4 * i, 0x11110000u + i);
	select_ap(s, 0, 0);
	ap_wr(s, AP_CSW, 0xaa000012);
	ap_wr(s, AP_TAR, 0x20000000);
	h_begin();
	H.ap_delay = 8;
	h_req(true, true, AP_DRW, 0);
	h_req(true, true, AP_DRW, 0);
	h_req(true, true, AP_DRW, 0);
	h_req(false, true, DP_RDBUFF, 0);
	h_req(false, true, DP_RDBUFF, 0);
	h_run(s);
	H.ap_delay = 0;
	for (unsigned int i = 0; i < 5; i++)
		UNIT_CHECK(H.ack[i] == ACK_OK && H.par_ok[i], "ack[%u]=%u", i, H.ack[i]);
	UNIT_CHECK(H.data[1] == 0x11110000 && H.data[2] == 0x11110001 &&
		H.data[3] == 0x11110002 && H.data[4] == 0x11110002,
		"posted %08x %08x %08x %08x", H.data[1], H.data[2], H.data[3], H.data[4]);
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0x2000000c, "TAR %08x", v);
	UNIT_END_CASE();

	UNIT_CASE("mem: BD0-BD3 at TAR[31:4] | n*4 as OpenOCD's mem_ap_*_u32");
	ram_put(0x20000014, 0xcafe0014);
	ap_wr(s, AP_CSW, 0xaa000002);
	ap_wr(s, AP_TAR, 0x20000010);
	select_ap(s, 0, 1);			/* BD0-BD3 live in bank 1 */
	ap_wr(s, 0x8, 0xbeef0018);		/* BD2 */
	UNIT_CHECK(ram_get(0x20000018) == 0xbeef0018, "BD2 write %08x", ram_get(0x20000018));
	UNIT_CHECK(ap_get(s, 0x4, &v) == ACK_OK && v == 0xcafe0014, "BD1 read %08x", v);
	select_ap(s, 0, 0);
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0x20000010, "TAR moved %08x", v);
	UNIT_END_CASE();

	UNIT_CASE("mem: TAR auto-increment wraps inside 1 KiB");
	ap_wr(s, AP_CSW, 0xaa000012);
	ap_wr(s, AP_TAR, 0x200003fc);
	ap_wr(s, AP_DRW, 0xaaaa03fc);
	ap_wr(s, AP_DRW, 0xaaaa0000);
	UNIT_CHECK(ram_get(0x200003fc) == 0xaaaa03fc && ram_get(0x20000000) == 0xaaaa0000 &&
		ram_get(0x20000400) == 0, "wrap writes");
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0x20000004, "TAR %08x", v);
	ap_wr(s, AP_TAR, 0x200007fc);
	ap_wr(s, AP_DRW, 1);
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0x20000400, "TAR %08x", v);
	UNIT_END_CASE();

	UNIT_CASE("mem: byte and halfword lanes 8*(TAR&3)");
	ram_put(0x20000100, 0x44332211);
	ap_wr(s, AP_CSW, 0xaa000010);		/* 8-bit, inc single */
	ap_wr(s, AP_TAR, 0x20000101);
	ap_wr(s, AP_DRW, 0x0000ab00);
	UNIT_CHECK(ram_get(0x20000100) == 0x4433ab11, "byte write %08x", ram_get(0x20000100));
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0x20000102, "TAR +1 %08x", v);
	ap_wr(s, AP_TAR, 0x20000103);
	UNIT_CHECK(ap_get(s, AP_DRW, &v) == ACK_OK && (v >> 24) == 0x44, "byte read %08x", v);
	ap_wr(s, AP_CSW, 0xaa000011);		/* 16-bit */
	ap_wr(s, AP_TAR, 0x20000102);
	ap_wr(s, AP_DRW, 0x77660000);
	UNIT_CHECK(ram_get(0x20000100) == 0x7766ab11, "half write %08x", ram_get(0x20000100));
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0x20000104, "TAR +2 %08x", v);
	UNIT_END_CASE();
	swd_destroy(s);

	UNIT_CASE("mem: packed 8-bit transfers when enabled");
	swd_config_defaults(&cfg);
	cfg.packed_transfers = true;
	s = connected(&cfg);
	select_ap(s, 0, 0);
	ap_wr(s, AP_CSW, 0xa2000020);
	UNIT_CHECK(ap_get(s, AP_CSW, &v) == ACK_OK && (v & 0x30) == 0x20, "packed CSW %08x", v);
	ap_wr(s, AP_TAR, 0x20000200);
	ap_wr(s, AP_DRW, 0x44332211);
	UNIT_CHECK(ram_get(0x20000200) == 0x44332211, "packed write %08x", ram_get(0x20000200));
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0x20000204, "TAR %08x", v);
	ap_wr(s, AP_CSW, 0xa2000021);		/* 16-bit packed at TAR 2 mod 4 */
	ap_wr(s, AP_TAR, 0x20000202);
	ap_wr(s, AP_DRW, 0xbbbbaaaa);	/* lane 2 -> 0x202, lane 0 -> 0x204 */
	UNIT_CHECK(ram_get(0x20000200) == 0xbbbb2211 && ram_get(0x20000204) == 0x0000aaaa,
		"packed half %08x %08x", ram_get(0x20000200), ram_get(0x20000204));
	UNIT_CHECK(st.ap_accesses >= 6, "sub-transfers counted %llu",
		(unsigned long long)st.ap_accesses);
	UNIT_END_CASE();
	swd_destroy(s);
}

static void test_wait_orundetect(void)
{
	struct swd *s = connected(NULL);	/* ORUNDETECT = 1 */
	uint32_t v = 0;

	UNIT_CASE("busy AP, ORUNDETECT=1: WAIT, data phase kept, then sticky FAULT");
	select_ap(s, 0, 0);
	ap_wr(s, AP_CSW, 0xaa000002);
	ap_wr(s, AP_TAR, 0x40000000);
	h_begin();
	h_req(true, false, AP_DRW, 1);			/* starts a 200 us transfer */
	h_req(true, false, AP_DRW, 0xffffffff);	/* WAIT; ones ignored */
	h_req(true, true, AP_CSW, 0);			/* sticky ORUN -> FAULT */
	h_req(false, true, DP_CTRL, 0);			/* exempt: OK */
	h_req(false, true, DP_DPIDR, 0);		/* exempt: OK */
	h_req(false, true, DP_RDBUFF, 0);		/* not exempt: FAULT */
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_OK, "first write %u", H.ack[0]);
	UNIT_CHECK(H.ack[1] == ACK_WAIT, "busy write %u", H.ack[1]);
	UNIT_CHECK(H.ack[2] == ACK_FAULT, "sticky AP read %u", H.ack[2]);
	UNIT_CHECK(H.ack[3] == ACK_OK && H.par_ok[3] && (H.data[3] & 0x3) == 0x3,
		"CTRL/STAT %u %08x", H.ack[3], H.data[3]);
	UNIT_CHECK(H.ack[4] == ACK_OK && H.data[4] == 0x6ba02477, "DPIDR %u", H.ack[4]);
	UNIT_CHECK(H.ack[5] == ACK_FAULT, "RDBUFF %u", H.ack[5]);
	UNIT_CHECK(dev_writes == 1 && dev_last_write == 1, "device writes %u", dev_writes);
	UNIT_END_CASE();

	UNIT_CASE("busy AP: ORUNERRCLR alone leaves WAIT, DAPABORT frees the AP");
	UNIT_CHECK(dp_wr(s, DP_ABORT, 0x10) == ACK_OK, "ABORT");
	UNIT_CHECK(ap_rd(s, AP_CSW, &v) == ACK_WAIT, "still busy");
	UNIT_CHECK(dp_wr(s, DP_ABORT, 0x11) == ACK_OK, "DAPABORT must not WAIT");
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0x40000000, "after abort %08x", v);
	UNIT_END_CASE();

	UNIT_CASE("busy AP: RDBUFF WAIT until the stalled read completes, then data");
	h_begin();
	h_req(true, true, AP_DRW, 0);
	h_req(false, true, DP_RDBUFF, 0);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_OK && H.ack[1] == ACK_WAIT, "acks %u %u", H.ack[0], H.ack[1]);
	dp_wr(s, DP_ABORT, 0x10);
	h_begin();
	h_bits(0, 1000, true);		/* 250 us of idle at 4 MHz */
	h_req(false, true, DP_RDBUFF, 0);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_OK && H.data[0] == 0xd00d0000, "RDBUFF %u %08x",
		H.ack[0], H.data[0]);
	UNIT_END_CASE();

	UNIT_CASE("hung bus: WAIT forever, DAPABORT does not free it, nRESET does");
	ap_wr(s, AP_TAR, 0x50000000);
	ap_rd(s, AP_DRW, &v);
	vclock_advance(&clk, 1000000000ull);
	UNIT_CHECK(dp_rd(s, DP_RDBUFF, &v) == ACK_WAIT, "hung RDBUFF must WAIT");
	UNIT_CHECK(dp_wr(s, DP_ABORT, 0x1f) == ACK_OK, "abort");
	UNIT_CHECK(dp_rd(s, DP_RDBUFF, &v) == ACK_WAIT, "still hung after DAPABORT");
	dp_wr(s, DP_ABORT, 0x10);
	vclock_advance(&clk, 1000000000ull);
	UNIT_CHECK(dp_rd(s, DP_RDBUFF, &v) == ACK_WAIT, "still hung a second later");
	dp_wr(s, DP_ABORT, 0x10);
	swd_set_system_reset(s, true);
	swd_set_system_reset(s, false);
	UNIT_CHECK(ap_get(s, AP_CSW, &v) == ACK_OK && v == 0xaa000042, "CSW after reset %08x", v);
	UNIT_END_CASE();
	swd_destroy(s);
}

static void test_hung_dapabort_option(void)
{
	struct swd_config cfg;
	struct swd *s;
	uint32_t v = 0;

	swd_config_defaults(&cfg);
	cfg.dapabort_frees_stall = true;
	s = connected(&cfg);
	UNIT_CASE("hung bus, dapabort_frees_stall: DAPABORT frees the AP");
	select_ap(s, 0, 0);
	ap_wr(s, AP_CSW, 0xaa000002);
	ap_wr(s, AP_TAR, 0x50000000);
	ap_rd(s, AP_DRW, &v);
	vclock_advance(&clk, 1000000000ull);
	UNIT_CHECK(dp_rd(s, DP_RDBUFF, &v) == ACK_WAIT, "hung RDBUFF must WAIT");
	UNIT_CHECK(dp_wr(s, DP_ABORT, 0x1f) == ACK_OK, "abort");
	UNIT_CHECK(ap_get(s, AP_CSW, &v) == ACK_OK && v == 0xaa000042, "CSW after abort %08x", v);
	UNIT_END_CASE();
	swd_destroy(s);
}

static void test_wait_no_orundetect(void)
{
	struct swd *s = connected(NULL);
	uint32_t v = 0;

	dp_wr(s, DP_CTRL, 0x50000000);		/* ORUNDETECT off */
	select_ap(s, 0, 0);
	ap_wr(s, AP_CSW, 0xaa000002);
	ap_wr(s, AP_TAR, 0x40000000);

	UNIT_CASE("busy AP, ORUNDETECT=0: WAIT has no data phase, zeros idle the line");
	h_begin();
	h_req(true, false, AP_DRW, 1);
	h_req(true, false, AP_DRW, 0);		/* WAIT; data 0 = idle cycles */
	h_req(false, true, DP_CTRL, 0);
	h_run(s);
	UNIT_CHECK(H.ack[1] == ACK_WAIT, "busy write %u", H.ack[1]);
	UNIT_CHECK(H.ack[2] == ACK_OK && H.par_ok[2] && !(H.data[2] & 2),
		"next frame %u %08x (no STICKYORUN)", H.ack[2], H.data[2]);
	UNIT_END_CASE();

	UNIT_CASE("busy AP, ORUNDETECT=0: WAIT on a read: undriven slot parsed as headers");
	dp_wr(s, DP_ABORT, 0x01);
	ap_wr(s, AP_DRW, 1);
	h_begin();
	h_req(true, true, AP_CSW, 0);		/* WAIT: 34 undriven cycles follow */
	h_req(false, true, DP_DPIDR, 0);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_WAIT, "busy read %u", H.ack[0]);
	UNIT_CHECK(H.ack[1] == ACK_NONE, "frame after must be lost, got %u", H.ack[1]);
	UNIT_CHECK(swd_link_state(s) == SWD_LINK_LOCKOUT, "link %d", swd_link_state(s));
	send_seq(s, seq_line_reset, 64);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_OK, "recover");
	UNIT_END_CASE();

	UNIT_CASE("busy AP, ORUNDETECT=0: WAIT on a write of ones: data parsed as header");
	dp_wr(s, DP_ABORT, 0x01);
	ap_wr(s, AP_DRW, 1);
	h_begin();
	h_req(true, false, AP_DRW, 0xffffffff);
	h_req(false, true, DP_DPIDR, 0);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_WAIT && H.ack[1] == ACK_NONE, "acks %u %u",
		H.ack[0], H.ack[1]);
	UNIT_END_CASE();
	swd_destroy(s);
}

static void test_sticky_err(void)
{
	struct swd *s = connected(NULL);
	uint32_t v = 0;

	UNIT_CASE("bus error: write gets OK, next transaction FAULT (STICKYERR)");
	select_ap(s, 0, 0);
	ap_wr(s, AP_CSW, 0xaa000012);
	ap_wr(s, AP_TAR, 0x60000000);
	UNIT_CHECK(ap_wr(s, AP_DRW, 5) == ACK_OK, "failing write must get OK");
	UNIT_CHECK(ap_rd(s, AP_TAR, &v) == ACK_FAULT, "next AP access must FAULT");
	UNIT_CHECK(dp_wr(s, DP_SELECT, 0) == ACK_FAULT, "SELECT must FAULT");
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && (v & 0x20), "STICKYERR %08x", v);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_OK, "DPIDR exempt");
	UNIT_CHECK(st.ap_bus_errors == 1, "ap_bus_errors %llu",
		(unsigned long long)st.ap_bus_errors);
	UNIT_CHECK(dp_wr(s, DP_ABORT, 0x1e) == ACK_OK, "clear");
	UNIT_CHECK(ap_get(s, AP_TAR, &v) == ACK_OK && v == 0x60000000,
		"TAR not incremented %08x", v);
	UNIT_END_CASE();

	UNIT_CASE("bus error: posted read gets OK, RDBUFF FAULT, READOK cleared");
	UNIT_CHECK(ap_rd(s, AP_DRW, &v) == ACK_OK, "posted read");
	UNIT_CHECK(dp_rd(s, DP_RDBUFF, &v) == ACK_FAULT, "RDBUFF must FAULT");
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && (v & 0x20) && !(v & 0x40), "CTRL %08x", v);
	dp_wr(s, DP_ABORT, 0x1e);
	UNIT_END_CASE();

	UNIT_CASE("system reset: AP0 transfers fail, AP2 still works");
	swd_set_system_reset(s, true);
	ap_wr(s, AP_TAR, 0x20000000);
	ap_wr(s, AP_DRW, 1);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && (v & 0x20), "no STICKYERR %08x", v);
	dp_wr(s, DP_ABORT, 0x1e);
	select_ap(s, 2, 0);
	ap_wr(s, AP_CSW, 0xa2000012);
	ap_wr(s, AP_TAR, 0xe00e1004);
	ap_wr(s, AP_DRW, 0x7);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && !(v & 0x20), "AP2 failed %08x", v);
	swd_set_system_reset(s, false);
	UNIT_END_CASE();

	UNIT_CASE("APB-AP: transfers need CSW.DbgSwEnable (pyOCD#1321)");
	apbram[0] = 0x5a;
	ap_wr(s, AP_CSW, 0x00000012);
	ap_wr(s, AP_TAR, 0xe00e1000);
	UNIT_CHECK(ap_rd(s, AP_DRW, &v) == ACK_OK, "posted");
	UNIT_CHECK(dp_rd(s, DP_RDBUFF, &v) == ACK_FAULT, "without DbgSwEnable must fault");
	dp_wr(s, DP_ABORT, 0x1e);
	ap_wr(s, AP_CSW, 0x80000012);
	ap_wr(s, AP_TAR, 0xe00e1000);
	UNIT_CHECK(ap_get(s, AP_DRW, &v) == ACK_OK && v == 0x5a, "with DbgSwEnable %08x", v);
	UNIT_CHECK(ap_get(s, AP_CSW, &v) == ACK_OK && (v & 7) == 2, "APB size fixed %08x", v);
	UNIT_END_CASE();

	UNIT_CASE("AP1: unknown target -> bus error by default");
	select_ap(s, 1, 0);
	ap_wr(s, AP_TAR, 0x20000000);
	ap_rd(s, AP_DRW, &v);
	UNIT_CHECK(dp_rd(s, DP_RDBUFF, &v) == ACK_FAULT, "AP1 transfer must fault");
	dp_wr(s, DP_ABORT, 0x1e);
	UNIT_END_CASE();

	UNIT_CASE("power: AP access without CDBGPWRUPREQ fails");
	dp_wr(s, DP_CTRL, 0x00000000);
	select_ap(s, 0, 0);
	ap_rd(s, AP_CSW, &v);
	UNIT_CHECK(dp_rd(s, DP_RDBUFF, &v) == ACK_FAULT, "unpowered AP must fault");
	UNIT_END_CASE();
	swd_destroy(s);
}

static unsigned int injection_run(uint64_t seed, double rate, unsigned int burst,
		uint8_t *log, unsigned int nlog, unsigned int *tries)
{
	struct swd_config cfg;
	struct swd *s;
	unsigned int n = 0, maxrun = 0, run = 0;
	uint32_t v = 0;

	swd_config_defaults(&cfg);
	cfg.ap_wait_rate = rate;
	cfg.ap_wait_burst = burst;
	cfg.seed = seed;
	s = connected(&cfg);
	select_ap(s, 0, 0xf);
	*tries = 0;
	for (unsigned int i = 0; i < 500; i++) {
		uint8_t ack;

		while ((ack = ap_rd(s, 0xc, &v)) == ACK_WAIT) {
			if (n < nlog)
				log[n] = 1;
			n++;
			run++;
			dp_wr(s, DP_ABORT, 0x10);	/* ORUNERRCLR */
			(*tries)++;
		}
		if (run > maxrun)
			maxrun = run;
		run = 0;
		if (n < nlog)
			log[n] = 0;
		n++;
		(*tries)++;
	}
	if (st.ap_injected_waits != *tries - 500)
		maxrun = 1000;
	swd_destroy(s);
	return maxrun;
}

static void test_injection(void)
{
	uint8_t a[2048], b[2048], c[2048];
	unsigned int ta, tb, tc, ma;
	double frac;

	UNIT_CASE("injection: seeded, deterministic, burst length, rate");
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	memset(c, 0, sizeof(c));
	ma = injection_run(42, 0.2, 3, a, sizeof(a), &ta);
	injection_run(42, 0.2, 3, b, sizeof(b), &tb);
	injection_run(43, 0.2, 3, c, sizeof(c), &tc);
	UNIT_CHECK(ta == tb && !memcmp(a, b, sizeof(a)), "same seed differs");
	UNIT_CHECK(memcmp(a, c, sizeof(a)), "different seeds identical");
	UNIT_CHECK(ma == 3, "longest WAIT run %u (burst 3)", ma);
	frac = (double)(ta - 500) / 3 / 500;
	UNIT_CHECK(frac > 0.13 && frac < 0.27, "injected fraction %.3f", frac);
	UNIT_CHECK(injection_run(1, 0, 3, a, sizeof(a), &ta) == 0 && ta == 500, "rate 0 injects");
	UNIT_END_CASE();
}

/* Which requests a busy AP holds back: every one ADIv5 allows, or (older
 * model) AP accesses and RDBUFF reads only; injected bursts likewise. */
static void test_busy_waits_dp(void)
{
	struct swd_config cfg;
	struct swd *s;

	for (int adiv5 = 1; adiv5 >= 0; adiv5--) {
		swd_config_defaults(&cfg);
		cfg.busy_waits_dp = adiv5;
		s = connected(&cfg);
		UNIT_CASE(adiv5 ? "busy AP, --busy-waits adiv5: SELECT write and RDBUFF WAIT, "
			  "DPIDR/CTRL-STAT reads and ABORT never" :
			  "busy AP, --busy-waits ap: SELECT write accepted, RDBUFF WAIT");
		select_ap(s, 0, 0);
		ap_wr(s, AP_CSW, 0xaa000002);
		ap_wr(s, AP_TAR, 0x40000000);
		h_begin();
		h_req(true, false, AP_DRW, 1);			/* starts a 200 us transfer */
		h_req(false, false, DP_SELECT, 0);		/* held back (adiv5) */
		h_req(false, false, DP_ABORT, 0x10);		/* exempt */
		h_req(false, true, DP_CTRL, 0);			/* exempt */
		h_req(false, true, DP_DPIDR, 0);		/* exempt */
		h_req(false, true, DP_RDBUFF, 0);		/* held back */
		h_run(s);
		UNIT_CHECK(H.ack[0] == ACK_OK, "first write %u", H.ack[0]);
		UNIT_CHECK(H.ack[1] == (adiv5 ? ACK_WAIT : ACK_OK), "SELECT write %u", H.ack[1]);
		UNIT_CHECK(H.ack[2] == ACK_OK && H.ack[3] == ACK_OK && H.ack[4] == ACK_OK,
			"exempt %u %u %u", H.ack[2], H.ack[3], H.ack[4]);
		UNIT_CHECK(H.ack[5] == ACK_WAIT, "RDBUFF %u", H.ack[5]);
		UNIT_END_CASE();
		swd_destroy(s);

		UNIT_CASE(adiv5 ? "injected burst, adiv5: RDBUFF reads are tries of the burst" :
			  "injected burst, ap: only AP accesses are tries");
		swd_config_defaults(&cfg);
		cfg.busy_waits_dp = adiv5;
		cfg.ap_wait_rate = 1.0;
		cfg.ap_wait_burst = 4;
		s = connected(&cfg);
		h_begin();
		h_req(true, true, AP_CSW, 0);			/* WAIT: burst starts */
		for (int i = 0; i < 4; i++) {
			h_req(false, false, DP_ABORT, 0x10);
			h_req(false, true, DP_RDBUFF, 0);
		}
		h_req(false, false, DP_ABORT, 0x10);
		h_req(true, true, AP_CSW, 0);
		h_run(s);
		UNIT_CHECK(H.ack[0] == ACK_WAIT, "victim %u", H.ack[0]);
		for (int i = 0; i < 4; i++)
			UNIT_CHECK(H.ack[2 + 2 * i] == ((adiv5 && i < 3) ? ACK_WAIT : ACK_OK),
				"RDBUFF %d: %u", i, H.ack[2 + 2 * i]);
		UNIT_CHECK(H.ack[10] == (adiv5 ? ACK_OK : ACK_WAIT), "AP read after %u", H.ack[10]);
		UNIT_END_CASE();
		swd_destroy(s);
	}
}

static void test_wdata_error_after_wait(void)
{
	struct swd_config cfg;
	struct swd *s;
	uint32_t v = 0;

	UNIT_CASE("injection: --wdata-error-after-wait drops the write accepted after a burst");
	swd_config_defaults(&cfg);
	cfg.ap_wait_rate = 1;
	cfg.ap_wait_burst = 2;
	cfg.wdata_error_after_wait = 1;
	s = connected(&cfg);
	select_ap(s, 0, 0);
	ram_put(0x20000100, 0);
	ram_put(0x20000104, 0);
	/* CSW write: WAIT, WAIT, then accepted but corrupted (dropped) */
	UNIT_CHECK(ap_wr(s, AP_CSW, 0x23000002) == ACK_WAIT, "first try not WAIT");
	dp_wr(s, DP_ABORT, 0x10);
	UNIT_CHECK(ap_wr(s, AP_CSW, 0x23000002) == ACK_WAIT, "second try not WAIT");
	dp_wr(s, DP_ABORT, 0x10);
	UNIT_CHECK(ap_wr(s, AP_TAR, 0x20000100) == ACK_OK, "third try not OK");
	UNIT_CHECK(st.wdata_errors_injected == 1, "%llu injected",
		(unsigned long long)st.wdata_errors_injected);
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && (v & 0x80), "WDATAERR not set: %08x", v);
	dp_wr(s, DP_ABORT, 0x08);	/* WDERRCLR */
	/* only the first: the next accepted write arrives intact */
	UNIT_CHECK(ap_wr(s, AP_TAR, 0x20000104) == ACK_WAIT, "next burst");
	dp_wr(s, DP_ABORT, 0x10);
	UNIT_CHECK(ap_wr(s, AP_TAR, 0x20000104) == ACK_WAIT, "next burst, 2");
	dp_wr(s, DP_ABORT, 0x10);
	UNIT_CHECK(ap_wr(s, AP_TAR, 0x20000104) == ACK_OK, "next accepted");
	UNIT_CHECK(dp_rd(s, DP_CTRL, &v) == ACK_OK && !(v & 0xb2), "sticky flags %08x", v);
	UNIT_CHECK(st.wdata_errors_injected == 1, "more than one injected");
	swd_destroy(s);
	UNIT_END_CASE();
}

static uint64_t sync_t[16];
static unsigned int nsync;

static void sync_cb(void *ctx, uint64_t t)
{
	if (nsync < 16)
		sync_t[nsync++] = t;
	vclock_advance_to(&clk, t);
}

static void test_timing(void)
{
	struct swd_config cfg;
	struct swd *s = connected(NULL);
	uint64_t t0;
	uint32_t v;

	UNIT_CASE("timing: clock advances nbits periods, sync before bus access");
	swd_set_clock_khz(s, 1000);			/* 1 us per bit */
	select_ap(s, 0, 0);
	ap_wr(s, AP_CSW, 0xaa000002);
	ap_wr(s, AP_TAR, 0x20000000);
	swd_set_sync(s, sync_cb, NULL);
	nsync = 0;
	t0 = vclock_now(&clk);
	h_begin();
	h_req(true, true, AP_DRW, 0);		/* park bit = cycle 7: t0 + 8 us */
	h_req(true, false, AP_DRW, 3);		/* last data bit = cycle 46+45 */
	h_run(s);
	UNIT_CHECK(vclock_now(&clk) == t0 + (uint64_t)H.n * 1000, "clock %llu",
		(unsigned long long)(vclock_now(&clk) - t0));
	UNIT_CHECK(nsync == 3, "sync calls %u", nsync);
	UNIT_CHECK(sync_t[0] == t0 + 8000, "read sync at %llu",
		(unsigned long long)(sync_t[0] - t0));
	UNIT_CHECK(sync_t[1] == t0 + 92000, "write sync at %llu",
		(unsigned long long)(sync_t[1] - t0));
	UNIT_CHECK(sync_t[2] == t0 + (uint64_t)H.n * 1000, "final sync");
	swd_set_sync(s, NULL, NULL);
	UNIT_END_CASE();
	swd_destroy(s);

	UNIT_CASE("timing: ap_access_ns keeps the AP busy (ap_delay idle cycles avoid WAIT)");
	swd_config_defaults(&cfg);
	cfg.ap_access_ns = 3000;			/* 12 bits at 4 MHz */
	s = connected(&cfg);
	select_ap(s, 0, 0);
	ap_wr(s, AP_CSW, 0xaa000012);
	ap_wr(s, AP_TAR, 0x20000000);
	h_begin();
	h_req(true, false, AP_DRW, 1);
	h_req(true, false, AP_DRW, 2);
	h_run(s);
	UNIT_CHECK(H.ack[0] == ACK_OK && H.ack[1] == ACK_WAIT, "no delay: %u %u",
		H.ack[0], H.ack[1]);
	dp_wr(s, DP_ABORT, 0x1e);
	h_begin();
	H.ap_delay = 8;
	h_req(true, false, AP_DRW, 1);
	h_req(true, false, AP_DRW, 2);
	h_run(s);
	H.ap_delay = 0;
	UNIT_CHECK(H.ack[0] == ACK_OK && H.ack[1] == ACK_OK, "8 idle: %u %u", H.ack[0], H.ack[1]);
	UNIT_CHECK(ram_get(0x20000004) == 1 && ram_get(0x20000008) == 2, "data");
	(void)v;
	UNIT_END_CASE();
	swd_destroy(s);
}

static void test_sampling(void)
{
	struct swd *s = board(NULL);
	uint32_t v = 0;

	UNIT_CASE("sampling: lag 0 puts the ACK one bit after the turnaround");
	swd_set_sample_lag(s, 0);
	H.lag = 0;
	UNIT_CHECK(connect(s), "connect with lag 0");
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_OK && v == 0x6ba02477, "DPIDR %08x", v);
	H.lag = 1;
	swd_set_sample_lag(s, 1);
	UNIT_CHECK(dp_rd(s, DP_DPIDR, &v) == ACK_OK && v == 0x6ba02477, "lag 1 DPIDR %08x", v);
	UNIT_CHECK(st.swd_bits > 0 && st.swd_ok_acks > 0 && st.swd_transactions > 0, "stats");
	UNIT_END_CASE();
	swd_destroy(s);
}

int main(void)
{
	H.lag = 1;
	test_connect();
	test_line_reset_lockout();
	test_protocol_errors();
	test_ap_registers();
	test_memory();
	test_wait_orundetect();
	test_hung_dapabort_option();
	test_wait_no_orundetect();
	test_sticky_err();
	test_injection();
	test_wdata_error_after_wait();
	test_busy_waits_dp();
	test_timing();
	test_sampling();
	UNIT_SUMMARY();
}
