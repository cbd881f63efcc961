// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ST-LINK/V3E firmware model against the board's own SWD sb_wire, SW-DP and
 * MEM-APs.  Commands are built as OpenOCD 0.12.0's stlink_usb.c builds them;
 * expected values come from the reference (stm32h753.md 1.1/1.2: DPIDR
 * 0x6BA02477, AP0 IDR 0x84770001), ADIv5.2 and the bytes the test wrote.
 */
#include "vstlink/fw/stlink_fw.h"
#include "swdhost/tests/swd_board.h"
#include "common/unit.h"

#include <string.h>

static struct probe_fw_env env;
static void *fw;
static uint8_t out[16384];
static int wait_retries = -1;

static const struct probe_fw_ops *ops = &stlink_v3e_fw_ops;

static void board(double wait_rate, unsigned int burst)
{
	if (fw)
		ops->destroy(fw);
	sb_board(wait_rate, burst);
	env = sb_env(wait_retries);
	fw = ops->create(&env);
}

/* One command: block b (16 bytes) then n data bytes; returns the IN length. */
static int cmd(const uint8_t *b, const uint8_t *data, size_t n)
{
	static uint8_t buf[STFW_CMD_LEN + 8192];

	memset(buf, 0, STFW_CMD_LEN);
	memcpy(buf, b, STFW_CMD_LEN);
	if (n)
		memcpy(buf + STFW_CMD_LEN, data, n);
	memset(out, 0xee, sizeof(out));
	return ops->command(fw, buf, STFW_CMD_LEN + n, out, sizeof(out));
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* READMEM/WRITEMEM block as stlink_usb.c builds it (AP 0, CSW from the probe). */
static void mem_block(uint8_t *b, uint8_t op, uint32_t addr, uint16_t len)
{
	memset(b, 0, STFW_CMD_LEN);
	b[0] = STFW_DEBUG;
	b[1] = op;
	b[2] = addr;
	b[3] = addr >> 8;
	b[4] = addr >> 16;
	b[5] = addr >> 24;
	b[6] = len;
	b[7] = len >> 8;
}

static uint8_t last_status(void)
{
	uint8_t b[STFW_CMD_LEN] = { STFW_DEBUG, STFW_D_LASTRWSTATUS2 };

	return cmd(b, NULL, 0) == 12 ? out[0] : 0xff;
}

static void swd_enter(void)
{
	uint8_t b[STFW_CMD_LEN] = { STFW_DEBUG, STFW_D_ENTER, STFW_ENTER_SWD };

	UNIT_CHECK(cmd(b, NULL, 0) == 2 && out[0] == STFW_OK, "enter SWD: %02x", out[0]);
}

static void test_identity(void)
{
	uint8_t b[STFW_CMD_LEN] = { STFW_GET_VERSION };

	UNIT_CASE("version, V3 extended version, mode, voltage, SWD clocks");
	board(0, 1);
	UNIT_CHECK(cmd(b, NULL, 0) == 6 && out[0] >> 4 == 3 && (out[0] & 0xf) == 0 && out[1] == 0,
		"GET_VERSION: V3 with J0 S0 (%02x %02x)", out[0], out[1]);
	UNIT_CHECK(out[4] == 0x4e && out[5] == 0x37, "PID 0x374E");
	b[0] = STFW_GET_VERSION_EX;
	UNIT_CHECK(cmd(b, NULL, 0) == 12 && out[0] == 3 && out[2] == 9 && out[10] == 0x4e,
		"GET_VERSION_EX: V3 J9, PID 374E");
	b[0] = STFW_GET_MODE;
	UNIT_CHECK(cmd(b, NULL, 0) == 2 && out[0] == STFW_MODE_MASS, "mode at power-up 0x01");
	b[0] = STFW_GET_VOLTAGE;
	UNIT_CHECK(cmd(b, NULL, 0) == 8, "voltage");
	UNIT_CHECK(le32(out) && 2.0 * le32(out + 4) * 1.2 / le32(out) > 3.2, "about 3.3 V");
	b[0] = STFW_DEBUG;
	b[1] = STFW_D_GET_COM_FREQ;
	UNIT_CHECK(cmd(b, NULL, 0) == 52 && out[0] == STFW_OK && out[8] == 7 && le32(out + 12) == 24000,
		"7 SWD clocks, 24 MHz first");
	b[1] = STFW_D_SET_COM_FREQ;
	b[4] = 4000 & 0xff;
	b[5] = 4000 >> 8;
	UNIT_CHECK(cmd(b, NULL, 0) == 8 && le32(out + 4) == 3300 && sb_khz == 3300,
		"4000 kHz asked: 3300 kHz set (%u)", sb_khz);
	memset(b, 0, sizeof(b));
	b[0] = 0xf2;
	b[1] = 0x7f;
	UNIT_CHECK(cmd(b, NULL, 0) == -1, "unknown command refused");
	UNIT_END_CASE();
}

static void test_attach(void)
{
	uint8_t b[STFW_CMD_LEN] = { STFW_DEBUG, STFW_D_READ_IDCODES };

	UNIT_CASE("enter SWD, DPIDR, AP0 IDR and DP CTRL/STAT through DAP register access");
	board(0, 1);
	swd_enter();
	UNIT_CHECK(cmd(b, NULL, 0) == 12 && out[0] == STFW_OK && le32(out + 4) == 0x6ba02477,
		"DPIDR %08x", le32(out + 4));
	b[0] = STFW_GET_MODE;
	UNIT_CHECK(cmd(b, NULL, 0) == 2 && out[0] == STFW_MODE_DEBUG, "debug mode");
	memset(b, 0, sizeof(b));
	b[0] = STFW_DEBUG;
	b[1] = STFW_D_READ_DAP_REG;
	b[4] = 0xfc;	/* AP0 IDR */
	UNIT_CHECK(cmd(b, NULL, 0) == 8 && out[0] == STFW_OK && le32(out + 4) == 0x84770001,
		"AP0 IDR %08x", le32(out + 4));
	b[2] = 0xff;
	b[3] = 0xff;
	b[4] = 0x04;	/* DP CTRL/STAT */
	UNIT_CHECK(cmd(b, NULL, 0) == 8 && (le32(out + 4) & 0xa0000000) == 0xa0000000,
		"powered up %08x", le32(out + 4));
	memset(b, 0, sizeof(b));
	b[0] = STFW_DEBUG;
	b[1] = STFW_D_EXIT;
	UNIT_CHECK(cmd(b, NULL, 0) == 0, "exit: no reply");
	b[0] = STFW_GET_MODE;
	UNIT_CHECK(cmd(b, NULL, 0) == 2 && out[0] == STFW_MODE_MASS, "mode 0x01 after exit");
	UNIT_END_CASE();
}

static void test_memory(void)
{
	uint8_t b[STFW_CMD_LEN], data[4096];

	UNIT_CASE("memory: 32-bit across 1 KiB boundaries, 16-bit, 8-bit, one byte reads two");
	board(0, 1);
	swd_enter();
	for (unsigned int i = 0; i < sizeof(data); i++)
		data[i] = i * 7 + (i >> 8);
	mem_block(b, STFW_D_WRITEMEM32, 0x200003f0, 2080);	/* crosses 0x400 and 0x800 */
	UNIT_CHECK(cmd(b, data, 2080) == 0, "write: no reply");
	UNIT_CHECK(last_status() == STFW_OK, "write status");
	UNIT_CHECK(!memcmp(sb_ram + 0x3f0, data, 2080), "RAM holds the words across 1 KiB");
	mem_block(b, STFW_D_READMEM32, 0x200003f0, 2080);
	UNIT_CHECK(cmd(b, NULL, 0) == 2080 && !memcmp(out, data, 2080), "read back across 1 KiB");
	UNIT_CHECK(last_status() == STFW_OK, "read status");
	mem_block(b, STFW_D_WRITEMEM16, 0x20001002, 6);
	UNIT_CHECK(cmd(b, (const uint8_t *)"\x11\x22\x33\x44\x55\x66", 6) == 0 &&
		!memcmp(sb_ram + 0x1002, "\x11\x22\x33\x44\x55\x66", 6), "16-bit write");
	mem_block(b, STFW_D_READMEM16, 0x20001002, 4);
	UNIT_CHECK(cmd(b, NULL, 0) == 4 && !memcmp(out, "\x11\x22\x33\x44", 4), "16-bit read");
	mem_block(b, STFW_D_WRITEMEM8, 0x200013fd, 5);	/* crosses 0x1400 */
	UNIT_CHECK(cmd(b, (const uint8_t *)"abcde", 5) == 0 && !memcmp(sb_ram + 0x13fd, "abcde", 5),
		"8-bit write across 1 KiB");
	mem_block(b, STFW_D_READMEM8, 0x200013fe, 1);
	UNIT_CHECK(cmd(b, NULL, 0) == 2 && out[0] == 'b', "one-byte read: 2 bytes, data first");
	mem_block(b, STFW_D_READMEM8, 0x200013fd, 5);
	UNIT_CHECK(cmd(b, NULL, 0) == 5 && !memcmp(out, "abcde", 5), "8-bit read across 1 KiB");
	mem_block(b, STFW_D_READMEM8, 0x20000000, 513);
	UNIT_CHECK(cmd(b, NULL, 0) == -1, "8-bit read over 512 bytes refused");
	mem_block(b, STFW_D_READMEM32, 0x20000002, 4);
	cmd(b, NULL, 0);
	UNIT_CHECK(last_status() != STFW_OK, "unaligned 32-bit read reports an error");
	UNIT_END_CASE();
}

static void test_wait_and_fault(void)
{
	uint8_t b[STFW_CMD_LEN], data[64];

	UNIT_CASE("WAIT retried in the probe, SWD_AP_WAIT past the bound; FAULT and recovery");
	board(1.0, 3);
	swd_enter();
	for (unsigned int i = 0; i < sizeof(data); i++)
		data[i] = 0x40 + i;
	mem_block(b, STFW_D_WRITEMEM32, 0x20000100, 64);
	cmd(b, data, 64);
	UNIT_CHECK(last_status() == STFW_OK && !memcmp(sb_ram + 0x100, data, 64),
		"bursts of 3 WAITs: written, status OK");
	board(1.0, 40);
	swd_enter();
	mem_block(b, STFW_D_READMEM32, 0x20000100, 8);
	cmd(b, NULL, 0);
	UNIT_CHECK(last_status() == STFW_AP_WAIT, "bursts of 40 WAITs: SWD_AP_WAIT (0x10)");
	wait_retries = 2;	/* vboard --probe-wait-retries 2 */
	board(1.0, 3);
	swd_enter();
	mem_block(b, STFW_D_READMEM32, 0x20000100, 8);
	cmd(b, NULL, 0);
	UNIT_CHECK(last_status() == STFW_AP_WAIT, "2 retries: bursts of 3 WAITs reach the host");
	wait_retries = -1;
	board(0, 1);
	swd_enter();
	mem_block(b, STFW_D_READMEM32, 0x30000000, 4);	/* unmapped */
	cmd(b, NULL, 0);
	UNIT_CHECK(last_status() == STFW_AP_FAULT, "bus error: SWD_AP_FAULT (0x11)");
	sb_ram[0x200] = 0x5a;
	mem_block(b, STFW_D_READMEM32, 0x20000200, 4);
	UNIT_CHECK(cmd(b, NULL, 0) == 4 && out[0] == 0x5a && last_status() == STFW_OK,
		"next read works: the probe cleared the sticky error");
	UNIT_END_CASE();
}

static void test_misc_and_regs(void)
{
	uint8_t b[STFW_CMD_LEN] = { STFW_DEBUG, STFW_D_RW_MISC_OUT, 4 };
	/* APNUM 0; ADDRESS 0x20000300; WRITE 0xcafef00d; READ 0x20000300 */
	uint8_t misc[4 + 16] = { 5, 1, 2, 3 };
	int n;

	UNIT_CASE("RW_MISC queue: write then read back, per-item status");
	board(0, 1);
	swd_enter();
	misc[8] = 0x00; misc[9] = 0x03; misc[10] = 0x00; misc[11] = 0x20;
	misc[12] = 0x0d; misc[13] = 0xf0; misc[14] = 0xfe; misc[15] = 0xca;
	misc[16] = 0x00; misc[17] = 0x03; misc[18] = 0x00; misc[19] = 0x20;
	UNIT_CHECK(cmd(b, misc, sizeof(misc)) == 0, "RW_MISC_OUT: no reply");
	b[1] = STFW_D_RW_MISC_IN;
	n = cmd(b, NULL, 0);
	UNIT_CHECK(n == 32, "8 bytes per item (%d)", n);
	UNIT_CHECK(le32(sb_ram + 0x300) == 0xcafef00d, "word written");
	UNIT_CHECK(le32(out + 12) == 0xcafef00d, "word read %08x", le32(out + 12));
	for (int i = 0; i < 4; i++)
		UNIT_CHECK(le32(out + 16 + 4 * i) == STFW_OK, "item %d status %08x", i,
			le32(out + 16 + 4 * i));
	memset(b, 0, sizeof(b));
	b[0] = STFW_DEBUG;
	b[1] = STFW_D_DRIVE_NRST;
	b[2] = 0;
	UNIT_CHECK(cmd(b, NULL, 0) == 2 && sb_nreset_low, "nRESET low");
	b[2] = 1;
	UNIT_CHECK(cmd(b, NULL, 0) == 2 && !sb_nreset_low, "nRESET released");
	UNIT_END_CASE();
}

int main(void)
{
	test_identity();
	test_attach();
	test_memory();
	test_wait_and_fault();
	test_misc_and_regs();
	if (fw)
		ops->destroy(fw);
	if (sb_wire)
		swd_destroy(sb_wire);
	UNIT_SUMMARY();
}
