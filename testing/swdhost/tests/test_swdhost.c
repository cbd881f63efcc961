// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * SWD host engine against the board's own SWD wire, SW-DP and MEM-APs.
 * Expected values from the reference (stm32h753.md 1.1/1.2: DPIDR
 * 0x6BA02477, AP0 IDR 0x84770001) and ADIv5.2, not from the engine.
 */
#include "swdhost/swdhost.h"
#include "swdhost/tests/swd_board.h"
#include "common/unit.h"

#include <string.h>

static struct swd *board(double wait_rate, unsigned int burst)
{
	struct swd *s = sb_board(wait_rate, burst);

	swd_set_clock_khz(s, 4000);
	return s;
}

static void attach(struct swdh *h, struct swd *s)
{
	uint32_t v = 0;

	swdh_init(h, sb_io, s);
	swdh_jtag_to_swd(h);
	UNIT_CHECK(swdh_transfer(h, false, true, SWDH_DP_DPIDR, &v) == SWDH_ACK_OK, "DPIDR ack");
	UNIT_CHECK(v == 0x6ba02477, "DPIDR %08x", v);
	v = 0x1e;	/* clear sticky flags */
	UNIT_CHECK(swdh_transfer(h, false, false, SWDH_DP_ABORT, &v) == SWDH_ACK_OK, "ABORT");
	v = 0x50000000;	/* CSYSPWRUPREQ | CDBGPWRUPREQ */
	UNIT_CHECK(swdh_transfer(h, false, false, SWDH_DP_CTRL_STAT, &v) == SWDH_ACK_OK, "CTRL");
	UNIT_CHECK(swdh_transfer(h, false, true, SWDH_DP_CTRL_STAT, &v) == SWDH_ACK_OK, "CTRL rd");
	UNIT_CHECK((v & 0xa0000000) == 0xa0000000, "power-up acks %08x", v);
}

/* AP0 register read: select the bank, posted read, RDBUFF. */
static int ap_read(struct swdh *h, unsigned int reg, uint32_t *v)
{
	uint32_t sel = reg & 0xf0;
	int ack;

	ack = swdh_transfer(h, false, false, SWDH_DP_SELECT, &sel);
	if (ack != SWDH_ACK_OK)
		return ack;
	do
		ack = swdh_transfer(h, true, true, reg & 0xc, v);
	while (ack == SWDH_ACK_WAIT);
	if (ack != SWDH_ACK_OK)
		return ack;
	do
		ack = swdh_transfer(h, false, true, SWDH_DP_RDBUFF, v);
	while (ack == SWDH_ACK_WAIT);
	return ack;
}

static int ap_write(struct swdh *h, unsigned int reg, uint32_t v)
{
	uint32_t sel = reg & 0xf0;
	int ack;

	ack = swdh_transfer(h, false, false, SWDH_DP_SELECT, &sel);
	if (ack != SWDH_ACK_OK)
		return ack;
	do
		ack = swdh_transfer(h, true, false, reg & 0xc, &v);
	while (ack == SWDH_ACK_WAIT);
	return ack;
}

static void test_attach_and_idr(void)
{
	struct swd *s = board(0, 1);
	struct swdh h;
	uint32_t v = 0;

	UNIT_CASE("JTAG-to-SWD, DPIDR, power-up, AP0 IDR");
	attach(&h, s);
	UNIT_CHECK(ap_read(&h, 0xfc, &v) == SWDH_ACK_OK, "IDR ack");
	UNIT_CHECK(v == 0x84770001, "AP0 IDR %08x", v);
	UNIT_CHECK(h.waits == 0 && h.faults == 0 && h.parity_errors == 0, "clean link");
	UNIT_END_CASE();
}

static void test_memory(void)
{
	struct swd *s = board(0, 1);
	struct swdh h;
	uint32_t v = 0;

	UNIT_CASE("MEM-AP word write and read back through TAR/DRW");
	attach(&h, s);
	UNIT_CHECK(ap_write(&h, 0x00, 0x23000002) == SWDH_ACK_OK, "CSW");	/* word, no increment */
	UNIT_CHECK(ap_write(&h, 0x04, 0x20000100) == SWDH_ACK_OK, "TAR");
	UNIT_CHECK(ap_write(&h, 0x0c, 0xcafef00d) == SWDH_ACK_OK, "DRW write");
	UNIT_CHECK(sb_ram[0x100] == 0x0d && sb_ram[0x103] == 0xca, "RAM holds the word");
	UNIT_CHECK(ap_read(&h, 0x0c, &v) == SWDH_ACK_OK, "DRW read");
	UNIT_CHECK(v == 0xcafef00d, "read back %08x", v);
	UNIT_END_CASE();
}

static void test_wait(void)
{
	struct swd *s = board(1.0, 3);
	struct swdh h;
	uint64_t before;
	uint32_t v = 0;

	UNIT_CASE("AP WAIT: no data phase, the link stays in step, retry succeeds");
	attach(&h, s);
	UNIT_CHECK(ap_write(&h, 0x04, 0x20000200) == SWDH_ACK_OK, "TAR after WAITs");
	UNIT_CHECK(h.waits >= 3, "WAITs seen %llu", (unsigned long long)h.waits);
	before = sb_bits;
	UNIT_CHECK(swdh_transfer(&h, false, true, SWDH_DP_DPIDR, &v) == SWDH_ACK_OK &&
		v == 0x6ba02477, "DPIDR after WAITs %08x", v);
	UNIT_CHECK(sb_bits - before == 8 + 1 + 3 + 33 + 1, "read frame %llu bits",
		(unsigned long long)(sb_bits - before));
	before = sb_bits;
	swdh_init(&h, sb_io, s);
	UNIT_CHECK(swdh_transfer(&h, true, true, 0x4, &v) == SWDH_ACK_WAIT, "first AP try WAITs");
	UNIT_CHECK(sb_bits - before == 8 + 1 + 3 + 1, "WAIT frame %llu bits",
		(unsigned long long)(sb_bits - before));
	UNIT_END_CASE();
}

static void test_fault(void)
{
	struct swd *s = board(0, 1);
	struct swdh h;
	uint32_t v = 0;

	UNIT_CASE("bus error: STICKYERR, FAULT, cleared through ABORT");
	attach(&h, s);
	UNIT_CHECK(ap_write(&h, 0x00, 0x23000012) == SWDH_ACK_OK, "CSW");
	UNIT_CHECK(ap_write(&h, 0x04, 0x30000000) == SWDH_ACK_OK, "TAR (unmapped)");
	UNIT_CHECK(ap_write(&h, 0x0c, 1) == SWDH_ACK_OK, "write is posted");
	UNIT_CHECK(swdh_transfer(&h, true, true, 0x0c, &v) == SWDH_ACK_FAULT, "next access FAULTs");
	UNIT_CHECK(h.faults == 1, "fault counted");
	UNIT_CHECK(swdh_transfer(&h, false, true, SWDH_DP_CTRL_STAT, &v) == SWDH_ACK_OK &&
		(v & 0x20), "STICKYERR in CTRL/STAT %08x", v);
	v = 0x04;	/* STKERRCLR */
	UNIT_CHECK(swdh_transfer(&h, false, false, SWDH_DP_ABORT, &v) == SWDH_ACK_OK, "ABORT");
	UNIT_CHECK(ap_read(&h, 0xfc, &v) == SWDH_ACK_OK && v == 0x84770001, "AP usable again");
	UNIT_END_CASE();
}

int main(void)
{
	test_attach_and_idr();
	test_memory();
	test_wait();
	test_fault();
	UNIT_SUMMARY();
}
