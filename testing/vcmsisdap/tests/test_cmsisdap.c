// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The CMSIS-DAP firmware model against the board's own SWD sb_wire, SW-DP and
 * MEM-APs.  Expected values come from the CMSIS-DAP specification (command
 * and response layouts, 0xFF for commands not implemented, Transfer
 * Response bits), ADIv5.2 and the chip (stm32h753.md: DPIDR 0x6BA02477),
 * not from the model.
 */
#include "vcmsisdap/fw/cmsisdap.h"
#include "swdhost/tests/swd_board.h"
#include "common/timing.h"
#include "common/unit.h"

#include <stdarg.h>
#include <string.h>

static struct probe_fw_env env;
static const struct probe_fw_ops *ops = &cmsisdap_fw_ops;
static void *fw;
static uint8_t resp[CMSISDAP_MAX_PACKET_SIZE];
static int resp_len;

static void board(double wait_rate, unsigned int burst)
{
	if (fw)
		ops->destroy(fw);
	sb_board(wait_rate, burst);
	env = sb_env(-1);
	fw = ops->create(&env);
}

/* One command from its bytes; the answer in resp/resp_len. */
static int cmd(int n, ...)
{
	uint8_t c[CMSISDAP_PACKET_SIZE + 8];
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		c[i] = va_arg(ap, int);
	va_end(ap);
	memset(resp, 0xee, sizeof(resp));
	resp_len = ops->command(fw, c, n, resp, sizeof(resp));
	return resp_len;
}

static int cmd_buf(const uint8_t *c, size_t n)
{
	memset(resp, 0xee, sizeof(resp));
	resp_len = ops->command(fw, c, n, resp, sizeof(resp));
	return resp_len;
}

static uint32_t word(int at)
{
	return resp[at] | resp[at + 1] << 8 | resp[at + 2] << 16 | (uint32_t)resp[at + 3] << 24;
}

static size_t put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
	return 4;
}

/* DAP_Transfer header: command, DAP index, transfer count */
static size_t xfer_hdr(uint8_t *c, unsigned int count)
{
	c[0] = CMSISDAP_TRANSFER;
	c[1] = 0;
	c[2] = count;
	return 3;
}

#define DP_W(a)	(0x00 | (a))
#define DP_R(a)	(0x02 | (a))
#define AP_W(a)	(0x01 | (a))
#define AP_R(a)	(0x03 | (a))

/* Connect, JTAG-to-SWD, DPIDR, power-up: what a debugger does first. */
static void attach(void)
{
	uint8_t c[64];
	size_t n = 0;

	cmd(2, CMSISDAP_CONNECT, 1);
	cmd(6, CMSISDAP_TRANSFER_CONFIGURE, 0, 64, 0, 0, 0);
	c[n++] = CMSISDAP_SWJ_SEQUENCE;
	c[n++] = 136;
	memset(c + n, 0xff, 7);
	n += 7;
	c[n++] = 0x9e;
	c[n++] = 0xe7;
	memset(c + n, 0xff, 7);
	n += 7;
	c[n++] = 0;
	cmd_buf(c, n);
	UNIT_CHECK(resp[0] == CMSISDAP_SWJ_SEQUENCE && resp[1] == CMSISDAP_OK, "SWJ_Sequence");
	n = 0;
	n += xfer_hdr(c, 4);
	c[n++] = DP_R(0x0);			/* DPIDR */
	c[n++] = DP_W(0x0);			/* ABORT: clear sticky flags */
	n += put32(c + n, 0x1e);
	c[n++] = DP_W(0x4);			/* CTRL/STAT: power-up requests */
	n += put32(c + n, 0x50000000);
	c[n++] = DP_R(0x4);
	cmd_buf(c, n);
	UNIT_CHECK(resp[1] == 4 && resp[2] == 1, "first transfers: count %u ack %u", resp[1], resp[2]);
	UNIT_CHECK(word(3) == 0x6ba02477, "DPIDR %08x", word(3));
	UNIT_CHECK((word(7) & 0xa0000000) == 0xa0000000, "power-up acks %08x", word(7));
}

static void test_info(void)
{
	UNIT_CASE("DAP_Info, unknown commands, reports sent whole");
	board(0, 1);
	UNIT_CHECK(cmd(2, CMSISDAP_INFO, 0xf0) == CMSISDAP_PACKET_SIZE, "IN report is %d bytes",
		resp_len);
	UNIT_CHECK(resp[0] == 0 && resp[1] == 1 && resp[2] == 0x01, "caps: SWD only");
	cmd(2, CMSISDAP_INFO, 0xff);
	UNIT_CHECK(resp[1] == 2 && resp[2] == 64 && resp[3] == 0, "packet size 64");
	cmd(2, CMSISDAP_INFO, 0xfe);
	UNIT_CHECK(resp[1] == 1 && resp[2] == CMSISDAP_PACKET_COUNT, "packet count");
	cmd(2, CMSISDAP_INFO, 0x04);
	UNIT_CHECK(resp[1] == 6 && !memcmp(resp + 2, "2.1.1", 6), "protocol version, NUL counted");
	cmd(2, CMSISDAP_INFO, 0x42);
	UNIT_CHECK(resp[0] == 0 && resp[1] == 0, "unknown ID: Len 0");
	cmd(3, 0x14, 1, 0);
	UNIT_CHECK(resp[0] == 0xff, "JTAG_Sequence not implemented: 0xFF, got %02x", resp[0]);
	cmd(1, 0x80);
	UNIT_CHECK(resp[0] == 0xff, "vendor command: 0xFF");
	cmd(1, 0x7f);
	UNIT_CHECK(resp[0] == 0xff, "ExecuteCommands (no atomic capability): 0xFF");
	UNIT_CHECK(cmd(1, CMSISDAP_TRANSFER_ABORT) == 0, "TransferAbort has no response");
	cmd(3, CMSISDAP_HOST_STATUS, 2, 1);
	UNIT_CHECK(resp[1] == CMSISDAP_ERROR, "HostStatus type 2: error");
	cmd(3, CMSISDAP_HOST_STATUS, 0, 1);
	UNIT_CHECK(resp[1] == CMSISDAP_OK, "HostStatus connect LED");
	cmd(1, CMSISDAP_RESET_TARGET);
	UNIT_CHECK(resp[0] == 0x0a && resp[1] == 0 && resp[2] == 0, "ResetTarget: no sequence");
	UNIT_END_CASE();
}

static void test_connect_clock_pins(void)
{
	uint64_t t, before;

	UNIT_CASE("Connect, SWJ_Clock, SWJ_Pins nRESET, Delay");
	board(0, 1);
	cmd(3, CMSISDAP_TRANSFER, 0, 1, DP_R(0));
	UNIT_CHECK(resp[1] == 0 && resp[2] == 0, "transfer before Connect does nothing");
	UNIT_CHECK(sb_st.swd_transactions == 0, "nothing on the sb_wire");
	cmd(2, CMSISDAP_CONNECT, 2);
	UNIT_CHECK(resp[1] == 0, "JTAG not implemented: port 0");
	cmd(2, CMSISDAP_CONNECT, 0);
	UNIT_CHECK(resp[1] == 1, "default port is SWD");
	before = sb_st.swd_bits;
	cmd(4, CMSISDAP_TRANSFER, 0, 1, DP_R(0));
	/* the DP is not in SWD mode yet: no ACK, a data phase backed off */
	UNIT_CHECK(resp[1] == 0 && resp[2] == 7, "no ACK: count %u response %u", resp[1], resp[2]);
	UNIT_CHECK(sb_st.swd_bits - before == 13 + 33, "no-ACK frame %llu bits",
		(unsigned long long)(sb_st.swd_bits - before));
	cmd(5, CMSISDAP_SWJ_CLOCK, 0x00, 0x09, 0x3d, 0x00);	/* 4000000 Hz */
	UNIT_CHECK(resp[1] == CMSISDAP_OK && sb_khz == 3272, "4 MHz runs at %u kHz", sb_khz);
	cmd(5, CMSISDAP_SWJ_CLOCK, 0, 0, 0, 0);
	UNIT_CHECK(resp[1] == CMSISDAP_ERROR, "clock 0 refused");
	UNIT_CHECK(cmsisdap_clock_hz(100000000) == 18000000, "fast mode maximum %u",
		cmsisdap_clock_hz(100000000));
	UNIT_CHECK(cmsisdap_clock_hz(1000000) == 947368, "1 MHz: %u", cmsisdap_clock_hz(1000000));
	cmd(7, CMSISDAP_SWJ_PINS, 0x00, 0x80, 0, 0, 0, 0);
	UNIT_CHECK(sb_nreset_low == 1 && !(resp[1] & 0x80), "nRESET driven low, read back 0");
	cmd(7, CMSISDAP_SWJ_PINS, 0x80, 0x80, 0, 0, 0, 0);
	UNIT_CHECK(sb_nreset_low == 0 && (resp[1] & 0x80), "nRESET released");
	t = sb_clk.now;
	cmd(3, CMSISDAP_DELAY, 0xe8, 0x03);
	UNIT_CHECK(resp[1] == CMSISDAP_OK && sb_clk.now - t == 1000000, "Delay 1000 us");
	UNIT_END_CASE();
}

static void test_posted_reads(void)
{
	uint8_t c[64];
	size_t n = 0;
	uint64_t before;

	UNIT_CASE("Transfer: posted AP reads come back in request order, RDBUFF at the end");
	board(0, 1);
	attach();
	memcpy(sb_ram + 0x40, "\x11\x11\x11\x11\x22\x22\x22\x22\x33\x33\x33\x33", 12);
	n += xfer_hdr(c, 7);
	c[n++] = DP_W(0x8);			/* SELECT AP0 bank 0 */
	n += put32(c + n, 0);
	c[n++] = AP_W(0x0);			/* CSW: word, auto-increment */
	n += put32(c + n, 0x23000012);
	c[n++] = AP_W(0x4);			/* TAR */
	n += put32(c + n, 0x20000040);
	c[n++] = AP_R(0xc);
	c[n++] = AP_R(0xc);
	c[n++] = DP_R(0x0);			/* a DP read between: RDBUFF first */
	c[n++] = AP_R(0xc);
	before = sb_st.swd_transactions;
	cmd_buf(c, n);
	UNIT_CHECK(resp[1] == 7 && resp[2] == 1, "count %u ack %u", resp[1], resp[2]);
	UNIT_CHECK(word(3) == 0x11111111 && word(7) == 0x22222222, "AP reads %08x %08x",
		word(3), word(7));
	UNIT_CHECK(word(11) == 0x6ba02477, "DPIDR in its place %08x", word(11));
	UNIT_CHECK(word(15) == 0x33333333, "last AP read %08x", word(15));
	/* 3 writes, AP, AP, RDBUFF, DPIDR, AP, RDBUFF */
	UNIT_CHECK(sb_st.swd_transactions - before == 9, "%llu transfers on the sb_wire",
		(unsigned long long)(sb_st.swd_transactions - before));
	/* a final write is checked through RDBUFF */
	n = 0;
	n += xfer_hdr(c, 1);
	c[n++] = AP_W(0x4);
	n += put32(c + n, 0x20000080);
	before = sb_st.swd_transactions;
	cmd_buf(c, n);
	UNIT_CHECK(resp[1] == 1 && resp[2] == 1 && sb_st.swd_transactions - before == 2,
		"write + RDBUFF check");
	UNIT_END_CASE();
}

static void test_block(void)
{
	uint8_t c[64];
	size_t n = 0;

	UNIT_CASE("TransferBlock: write and read back through DRW");
	board(0, 1);
	attach();
	n += xfer_hdr(c, 3);
	c[n++] = DP_W(0x8);
	n += put32(c + n, 0);
	c[n++] = AP_W(0x0);
	n += put32(c + n, 0x23000012);
	c[n++] = AP_W(0x4);
	n += put32(c + n, 0x20000100);
	cmd_buf(c, n);
	n = 0;
	c[n++] = CMSISDAP_TRANSFER_BLOCK;
	c[n++] = 0;
	c[n++] = 4;
	c[n++] = 0;
	c[n++] = AP_W(0xc);
	for (uint32_t i = 0; i < 4; i++)
		n += put32(c + n, 0xa0000000 + i);
	cmd_buf(c, n);
	UNIT_CHECK(resp[0] == 6 && resp[1] == 4 && resp[2] == 0 && resp[3] == 1, "block write");
	UNIT_CHECK(sb_ram[0x100] == 0x00 && sb_ram[0x103] == 0xa0 && sb_ram[0x10c] == 3, "RAM written");
	cmd(9, CMSISDAP_TRANSFER, 0, 1, AP_W(0x4), 0x00, 0x01, 0x00, 0x20);
	cmd(5, CMSISDAP_TRANSFER_BLOCK, 0, 4, 0, AP_R(0xc));
	UNIT_CHECK(resp[1] == 4 && resp[3] == 1, "block read count %u ack %u", resp[1], resp[3]);
	UNIT_CHECK(word(4) == 0xa0000000 && word(16) == 0xa0000003, "block read %08x..%08x",
		word(4), word(16));
	/* 16 words need 3 + 64 bytes: more than one report */
	UNIT_CHECK(cmd(5, CMSISDAP_TRANSFER_BLOCK, 0, 16, 0, AP_R(0xc)) < 0,
		"a response beyond the report size is malformed");
	UNIT_END_CASE();
}

/* DAP_Transfer: SELECT AP0 bank 0, CSW word auto-increment, TAR = addr */
static void set_tar(uint32_t addr)
{
	uint8_t c[64];
	size_t n = 0;

	n += xfer_hdr(c, 3);
	c[n++] = DP_W(0x8);
	n += put32(c + n, 0);
	c[n++] = AP_W(0x0);
	n += put32(c + n, 0x23000012);
	c[n++] = AP_W(0x4);
	n += put32(c + n, addr);
	cmd_buf(c, n);
}

/* DAP_TransferBlock of count words of req; writes carry base + i */
static void block(unsigned int count, uint8_t req, uint32_t base)
{
	uint8_t c[64];
	size_t n = 0;

	c[n++] = CMSISDAP_TRANSFER_BLOCK;
	c[n++] = 0;
	c[n++] = count;
	c[n++] = 0;
	c[n++] = req;
	if (!(req & 0x02))
		for (uint32_t i = 0; i < count; i++)
			n += put32(c + n, base + i);
	cmd_buf(c, n);
}

static uint32_t ram32(uint32_t off)
{
	return sb_ram[off] | sb_ram[off + 1] << 8 | sb_ram[off + 2] << 16 |
		(uint32_t)sb_ram[off + 3] << 24;
}

static void test_block_wait(void)
{
	uint64_t before;
	unsigned int count, tries;
	bool seen = false, same;

	UNIT_CASE("TransferBlock: WAIT retried per word; a failure mid-block reports the words done");
	board(1.0, 8);		/* every new AP transaction: 8 WAITs */
	attach();
	set_tar(0x20000200);
	before = sb_st.swd_transactions;
	block(14, AP_W(0xc), 0x11110000);
	count = resp[1] | resp[2] << 8;
	UNIT_CHECK(count == 14 && resp[3] == 1, "64 retries absorb the WAITs: count %u ack %u",
		count, resp[3]);
	UNIT_CHECK(ram32(0x200) == 0x11110000 && ram32(0x234) == 0x1111000d, "14 words in RAM");
	/* each word: 8 WAITs then OK; then the RDBUFF read that carries the last ACK */
	UNIT_CHECK(sb_st.swd_transactions - before == 14 * 9 + 1, "%llu transfers on the wire",
		(unsigned long long)(sb_st.swd_transactions - before));
	set_tar(0x20000200);
	block(15, AP_R(0xc), 0);
	count = resp[1] | resp[2] << 8;
	UNIT_CHECK(count == 15 && resp[3] == 1 && word(4) == 0x11110000 && word(56) == 0x1111000d &&
		word(60) == 0, "block read through WAITs: count %u ack %u", count, resp[3]);
	cmd(6, CMSISDAP_TRANSFER_CONFIGURE, 0, 3, 0, 0, 0);
	set_tar(0x20000300);
	block(4, AP_W(0xc), 0x22220000);
	count = resp[1] | resp[2] << 8;
	UNIT_CHECK(count == 0 && resp[3] == 2 && ram32(0x300) == 0,
		"3 retries: the first word fails with WAIT (count %u ack %u)", count, resp[3]);

	/* WAIT bursts of 8 on 30 % of AP transactions, 3 retries: blocks fail part-way */
	board(0.3, 8);
	attach();
	cmd(6, CMSISDAP_TRANSFER_CONFIGURE, 0, 3, 0, 0, 0);
	for (tries = 0; tries < 200 && !seen; tries++) {
		uint32_t off = 0x400 + 0x40 * (tries % 64);

		memset(sb_ram + off, 0, 0x40);
		set_tar(0x20000000 + off);
		if (resp[2] != 1)
			continue;
		block(14, AP_W(0xc), 0x33330000);
		count = resp[1] | resp[2] << 8;
		if (resp[3] != 2 || !count)
			continue;
		seen = true;
		same = true;
		for (unsigned int i = 0; i < count; i++)
			same = same && ram32(off + 4 * i) == 0x33330000 + i;
		UNIT_CHECK(same && ram32(off + 4 * count) == 0,
			"WAIT at word %u: the words before it written, it and the rest not", count);
	}
	UNIT_CHECK(seen, "a block write failed part-way");
	seen = false;
	for (tries = 0; tries < 200 && !seen; tries++) {
		set_tar(0x20000400);
		if (resp[2] != 1)
			continue;
		block(15, AP_R(0xc), 0);
		count = resp[1] | resp[2] << 8;
		if (resp[3] != 2 || !count)
			continue;
		seen = true;
		same = true;
		for (unsigned int i = 0; i < count; i++)
			same = same && word(4 + 4 * i) == ram32(0x400 + 4 * i);
		UNIT_CHECK(same, "WAIT at word %u of a read: the words before it returned", count);
	}
	UNIT_CHECK(seen, "a block read failed part-way");
	UNIT_END_CASE();
}

static void test_block_fault(void)
{
	unsigned int count;

	UNIT_CASE("TransferBlock: a bus error ends the block with FAULT");
	board(0, 1);
	attach();
	set_tar(0x30000000);	/* unmapped */
	block(4, AP_R(0xc), 0);
	count = resp[1] | resp[2] << 8;
	UNIT_CHECK(count == 0 && resp[3] == 4, "read of unmapped memory: count %u ack %u",
		count, resp[3]);
	cmd(6, CMSISDAP_WRITE_ABORT, 0, 0x1e, 0, 0, 0);	/* clear the sticky flags */
	set_tar(0x30000000);
	block(4, AP_W(0xc), 0);
	count = resp[1] | resp[2] << 8;
	/* the first write is posted; its error answers the next transfer */
	UNIT_CHECK(count == 1 && resp[3] == 4, "write to unmapped memory: count %u ack %u",
		count, resp[3]);
	UNIT_END_CASE();
}

static void test_wait_retry(void)
{
	uint8_t c[64];
	size_t n = 0;

	UNIT_CASE("WAIT retried in the firmware as configured");
	board(1.0, 8);		/* every new AP transaction: 8 WAITs */
	attach();
	n += xfer_hdr(c, 3);
	c[n++] = DP_W(0x8);
	n += put32(c + n, 0);
	c[n++] = AP_W(0x4);
	n += put32(c + n, 0x20000000);
	c[n++] = AP_R(0xc);			/* DRW */
	cmd_buf(c, n);
	UNIT_CHECK(resp[1] == 3 && resp[2] == 1, "64 retries absorb 8 WAITs: count %u ack %u",
		resp[1], resp[2]);
	UNIT_CHECK(sb_st.swd_wait_acks >= 16, "WAITs on the sb_wire %llu",
		(unsigned long long)sb_st.swd_wait_acks);
	cmd(6, CMSISDAP_TRANSFER_CONFIGURE, 0, 3, 0, 0, 0);
	cmd_buf(c, n);
	UNIT_CHECK(resp[1] == 1 && resp[2] == 2, "3 retries: stops at the AP write with WAIT "
		"(count %u ack %u)", resp[1], resp[2]);
	UNIT_END_CASE();
}

static void test_idle(void)
{
	uint64_t bits;

	UNIT_CASE("idle cycles after completed transfers only");
	board(1.0, 2);		/* every new AP transaction: 2 WAITs */
	attach();
	cmd(6, CMSISDAP_TRANSFER_CONFIGURE, 8, 64, 0, 0, 0);
	bits = sb_st.swd_bits;
	cmd(4, CMSISDAP_TRANSFER, 0, 1, DP_R(0x0));
	/* request 8, turnaround 1, ACK 3, data 32 + parity, turnaround 1, idle 8 */
	UNIT_CHECK(sb_st.swd_bits - bits == 46 + 8, "DPIDR read: %llu bits",
		(unsigned long long)(sb_st.swd_bits - bits));
	bits = sb_st.swd_bits;
	cmd(8, CMSISDAP_TRANSFER, 0, 1, AP_W(0x4), 0, 0, 0, 0x20);
	/* 2 x (WAIT: 8 + 1 + 3 + 1), write 8 + 1 + 3 + 1 + 33 + 8 idle, RDBUFF 46 + 8 */
	UNIT_CHECK(resp[2] == 1 && sb_st.swd_bits - bits == 2 * 13 + 54 + 54,
		"TAR write after 2 WAITs: %llu bits", (unsigned long long)(sb_st.swd_bits - bits));
	UNIT_END_CASE();
}

static void test_match(void)
{
	uint8_t c[64];
	size_t n = 0;

	UNIT_CASE("value match and match mask");
	board(0, 1);
	attach();
	n += xfer_hdr(c, 2);
	c[n++] = DP_W(0x0) | CMSISDAP_XFER_MATCH_MASK;
	n += put32(c + n, 0xa0000000);
	c[n++] = DP_R(0x4) | CMSISDAP_XFER_MATCH_VALUE;
	n += put32(c + n, 0xa0000000);
	cmd_buf(c, n);
	UNIT_CHECK(resp[1] == 2 && resp[2] == 1, "power-up acks match");
	UNIT_CHECK(resp_len == CMSISDAP_PACKET_SIZE && resp[3] == 0, "no data for a match read");
	put32(c + 9, 0x00000000);
	cmd(6, CMSISDAP_TRANSFER_CONFIGURE, 0, 64, 0, 5, 0);
	cmd_buf(c, n);
	UNIT_CHECK(resp[1] == 1 && resp[2] == (1 | CMSISDAP_XFER_MISMATCH),
		"mismatch after the retries: count %u response %02x", resp[1], resp[2]);
	UNIT_END_CASE();
}

static void test_malformed(void)
{
	uint8_t c[CMSISDAP_PACKET_SIZE + 1] = { CMSISDAP_TRANSFER, 0, 20 };

	UNIT_CASE("requests beyond the report are malformed");
	board(0, 1);
	attach();
	for (int i = 0; i < 20; i++)
		c[3 + i] = DP_R(0);
	UNIT_CHECK(cmd_buf(c, 23) < 0, "20 reads: answer beyond 64 bytes");
	for (int i = 0; i < 20; i++)
		c[3 + i] = DP_W(0x8);
	UNIT_CHECK(cmd_buf(c, 23) < 0, "writes whose data are missing");
	UNIT_CHECK(cmd_buf(c, sizeof(c)) < 0, "a report longer than the packet size");
	UNIT_END_CASE();
}

static void test_hs_class(void)
{
	static uint8_t c[CMSISDAP_HS_PACKET_SIZE + 1];
	size_t n = 0;
	bool same = true;

	UNIT_CASE("high-speed bulk class: 512-byte packets, its CPU's clock, high-speed USB");
	ops = &cmsisdap_hs_fw_ops;
	board(0, 1);
	UNIT_CHECK(ops->kind != cmsisdap_fw_ops.kind, "a probe kind of its own");
	UNIT_CHECK(ops->round_trip_ns == TIMING_USB_HS_ROUND_TRIP_NS &&
		ops->byte_ns == TIMING_USB_HS_BYTE_NS, "high-speed USB cost");
	UNIT_CHECK(cmd(2, CMSISDAP_INFO, 0xff) == 512, "IN packet %d bytes", resp_len);
	UNIT_CHECK(resp[1] == 2 && resp[2] == 0x00 && resp[3] == 0x02, "packet size 512");
	cmd(2, CMSISDAP_CONNECT, 1);
	cmd(5, CMSISDAP_SWJ_CLOCK, 0x00, 0x09, 0x3d, 0x00);
	UNIT_CHECK(sb_khz == 3913, "4 MHz asked: %u kHz (180 MHz / 2 / 23)", sb_khz);
	attach();
	/* CSW, TAR, 99 DRW writes: 3 + 101 x 5 = 508 bytes, one packet */
	n += xfer_hdr(c, 101);
	c[n++] = AP_W(0x0);
	n += put32(c + n, 0x23000012);
	c[n++] = AP_W(0x4);
	n += put32(c + n, 0x20000400);
	for (uint32_t i = 0; i < 99; i++) {
		c[n++] = AP_W(0xc);
		n += put32(c + n, 0x5a000000 + i);
	}
	UNIT_CHECK(cmd_buf(c, n) == 512 && resp[1] == 101 && resp[2] == 1, "101 transfers: %d, %u, %u",
		resp_len, resp[1], resp[2]);
	for (uint32_t i = 0; i < 99; i++)
		same = same && sb_ram[0x400 + 4 * i] == i && sb_ram[0x403 + 4 * i] == 0x5a;
	UNIT_CHECK(same, "99 words in RAM");
	UNIT_CHECK(cmd_buf(c, sizeof(c)) < 0, "a packet longer than 512 bytes is malformed");
	ops = &cmsisdap_fw_ops;
	board(0, 1);
	attach();
	UNIT_CHECK(cmd_buf(c, n) < 0, "the same 508 bytes are malformed for the full-speed class");
	UNIT_END_CASE();
}

int main(void)
{
	test_info();
	test_connect_clock_pins();
	test_posted_reads();
	test_block();
	test_block_wait();
	test_block_fault();
	test_wait_retry();
	test_idle();
	test_match();
	test_malformed();
	test_hs_class();
	UNIT_SUMMARY();
}
