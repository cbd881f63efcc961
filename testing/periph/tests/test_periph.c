// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * periph unit tests: memory map, RCC clock tree (board reset-init script of
 * [REF stm32h753.md 6.4]), GPIO reset values (6.2), QSPI gating, DBGMCU and
 * the APB-D components on both buses (1.3, 6.4), PWR.
 */

#include "../periph.h"
#include "../../bus/bus.h"
#include "../../common/clocks.h"
#include "../../common/stats.h"
#include "../../common/unit.h"
#include "../../common/vclock.h"

#include <string.h>

static struct vclock clk;
static struct bus sys, apbd;
static struct vb_stats st;
static struct vb_clocks clocks;
static struct periph *p;

static void setup(void)
{
	struct periph_config cfg;

	if (p)
		periph_destroy(p);
	vclock_init(&clk);
	bus_init(&sys, "sys", &clk);
	bus_init(&apbd, "apbd", &clk);
	memset(&st, 0, sizeof(st));
	memset(&clocks, 0, sizeof(clocks));
	periph_config_defaults(&cfg);
	p = periph_create(&cfg, &clk, &st, &sys, &apbd, &clocks);
}

static uint32_t rd(struct bus *b, uint32_t addr)
{
	uint32_t v = 0xDEADBEEF;

	if (bus_read32(b, addr, &v) != BUS_OK)
		return 0xDEADBEEF;
	return v;
}

static void wr(struct bus *b, uint32_t addr, uint32_t v)
{
	bus_write32(b, addr, v);
}

/* OpenOCD mmw: read, clear bits, set bits, write back. */
static void mmw(uint32_t addr, uint32_t set, uint32_t clear)
{
	wr(&sys, addr, (rd(&sys, addr) & ~clear) | set);
}

static int acc(struct bus *b, uint32_t addr, uint8_t size, bool write, uint32_t *data)
{
	struct bus_access a = { .addr = addr, .size = size, .write = write,
		.master = BUS_MASTER_AHBAP, .privileged = true, .data = *data };
	int r = bus_access(b, &a);

	*data = a.data;
	return r;
}

static void test_memory_map(void)
{
	uint32_t v = 0;

	UNIT_CASE("memory map: RAMs, system memory, unmapped bus errors");
	setup();
	UNIT_CHECK(p != NULL, "create failed");
	static const uint32_t ram[][2] = {
		{ 0x00000000, 0x10000 }, { 0x20000000, 0x20000 }, { 0x24000000, 0x80000 },
		{ 0x30000000, 0x20000 }, { 0x30020000, 0x20000 }, { 0x30040000, 0x8000 },
		{ 0x38000000, 0x10000 }, { 0x38800000, 0x1000 },
	};
	for (unsigned int i = 0; i < 8; i++) {
		uint32_t last = ram[i][0] + ram[i][1] - 4;

		wr(&sys, last, 0x12345678 + i);
		UNIT_CHECK(rd(&sys, last) == 0x12345678 + i, "RAM %08x", ram[i][0]);
		UNIT_CHECK(bus_read32(&sys, ram[i][0] + ram[i][1], &v) == BUS_ERROR ||
			   ram[i][0] + ram[i][1] == 0x30020000 ||
			   ram[i][0] + ram[i][1] == 0x30040000,
			   "past end of %08x not an error", ram[i][0]);
	}
	UNIT_CHECK(bus_read32(&sys, 0x60000000, &v) == BUS_ERROR, "0x60000000 mapped");
	UNIT_CHECK(bus_read32(&sys, 0x40000000, &v) == BUS_ERROR, "0x40000000 mapped");
	UNIT_CHECK(bus_read32(&sys, 0x1FF20000, &v) == BUS_ERROR, "after sysmem mapped");
	UNIT_CHECK(bus_read32(&sys, 0x08200000, &v) == BUS_ERROR, "after flash mapped");
	v = 0;
	UNIT_CHECK(acc(&sys, 0x1FF1E880, 2, false, &v) == BUS_OK && v == 0x0800,
		   "flash size %x", v);
	UNIT_CHECK(bus_write32(&sys, 0x1FF1E800, 0) == BUS_ERROR, "sysmem writable");
	v = 0;
	acc(&sys, 0x1FF1E800, 1, false, &v);
	UNIT_CHECK(v == 0x2B, "UID byte 0 %x", v);
	UNIT_CHECK(rd(&sys, 0x08000000) == 0xFFFFFFFF, "flash not erased");
	UNIT_END_CASE();
}

static void test_rcc_reset_values(void)
{
	UNIT_CASE("RCC reset values and 64 MHz HSI clock");
	setup();
	UNIT_CHECK((rd(&sys, 0x58024400) & 0x5) == 0x5, "CR HSION|HSIRDY %08x",
		   rd(&sys, 0x58024400));
	UNIT_CHECK(rd(&sys, 0x58024410) == 0, "CFGR %08x", rd(&sys, 0x58024410));
	UNIT_CHECK(rd(&sys, 0x58024428) == 0x02020200, "PLLCKSELR");
	UNIT_CHECK(rd(&sys, 0x5802442C) == 0x01FF0000, "PLLCFGR");
	UNIT_CHECK(rd(&sys, 0x58024430) == 0x01010280, "PLL1DIVR");
	UNIT_CHECK(rd(&sys, 0x580244D4) == 0 && rd(&sys, 0x580244E0) == 0, "ENR not 0");
	UNIT_CHECK(clocks.cpu_hz == 64000000 && clocks.hclk_hz == 64000000 &&
		   clocks.qspi_ker_hz == 64000000, "clocks %u %u %u", clocks.cpu_hz,
		   clocks.hclk_hz, clocks.qspi_ker_hz);
	UNIT_CHECK(rd(&sys, 0x580244D0) & (1u << 23), "RSR PORRSTF");
	wr(&sys, 0x580244D0, 1u << 16);
	UNIT_CHECK(rd(&sys, 0x580244D0) == 0, "RMVF did not clear");
	periph_system_reset_sw(p);
	UNIT_CHECK(rd(&sys, 0x580244D0) & (1u << 24), "RSR SFTRSTF");
	UNIT_END_CASE();
}

/* [REF stm32h753.md 6.4] reset-init, verbatim register writes. */
static void board_reset_init(void)
{
	mmw(0x52002000, 0x00000004, 0x0000000B);
	mmw(0x58024400, 0x00000001, 0x00000018);
	mmw(0x58024410, 0x10000000, 0xEE000007);
	wr(&sys, 0x58024418, 0x00000040);
	wr(&sys, 0x5802441C, 0x00000440);
	wr(&sys, 0x58024420, 0x00000040);
	wr(&sys, 0x58024428, 0x00000040);
	mmw(0x5802442C, 0x0001000C, 0x00000002);
	wr(&sys, 0x58024430, 0x01070217);
	mmw(0x58024400, 0x01000000, 0);
	vclock_advance(&clk, 1000000000ULL);		/* sleep 1 */
	mmw(0x58024410, 0x00000003, 0);
	vclock_advance(&clk, 1000000000ULL);
}

static void test_clock_tree(void)
{
	UNIT_CASE("clock tree: disco reset-init gives 192 MHz");
	setup();
	board_reset_init();
	UNIT_CHECK(clocks.cpu_hz == 192000000, "cpu %u", clocks.cpu_hz);
	UNIT_CHECK(clocks.hclk_hz == 192000000, "hclk %u", clocks.hclk_hz);
	UNIT_CHECK(clocks.qspi_ker_hz == 192000000, "qspi %u", clocks.qspi_ker_hz);
	UNIT_CHECK(((rd(&sys, 0x58024410) >> 3) & 7) == 3, "SWS %08x", rd(&sys, 0x58024410));
	UNIT_CHECK(rd(&sys, 0x58024400) & (1u << 25), "PLL1RDY");
	UNIT_CHECK((rd(&sys, 0x52002000) & 0xF) == 4, "FLASH_ACR latency");
	/* QSPISEL = 1 (pll1_q = 384 MHz / 8 = 48 MHz); 2 = pll2_r (PLL2 off: 0) */
	wr(&sys, 0x5802444C, 1 << 4);
	UNIT_CHECK(clocks.qspi_ker_hz == 48000000, "pll1_q %u", clocks.qspi_ker_hz);
	wr(&sys, 0x5802444C, 2 << 4);
	UNIT_CHECK(clocks.qspi_ker_hz == 0, "pll2_r %u", clocks.qspi_ker_hz);
	/* HPRE /2 -> hclk 96 MHz; D1CPRE /2 -> cpu 96, hclk 48 */
	wr(&sys, 0x5802444C, 0);
	wr(&sys, 0x58024418, 0x48);
	UNIT_CHECK(clocks.cpu_hz == 192000000 && clocks.hclk_hz == 96000000 &&
		   clocks.qspi_ker_hz == 96000000, "HPRE: %u %u", clocks.cpu_hz, clocks.hclk_hz);
	wr(&sys, 0x58024418, 0x848);
	UNIT_CHECK(clocks.cpu_hz == 96000000 && clocks.hclk_hz == 48000000, "D1CPRE");
	/* PLL1 feeds sys_ck: PLL1ON cannot be cleared */
	mmw(0x58024400, 0, 0x01000000);
	UNIT_CHECK(rd(&sys, 0x58024400) & (1u << 24), "PLL1ON cleared while in use");
	periph_system_reset(p);
	UNIT_CHECK(clocks.cpu_hz == 64000000, "after reset %u", clocks.cpu_hz);
	UNIT_END_CASE();

	UNIT_CASE("clock tree: PLL lock delay and HSIDIV");
	{
		struct periph_config cfg;

		periph_destroy(p);
		vclock_init(&clk);
		bus_init(&sys, "sys", &clk);
		bus_init(&apbd, "apbd", &clk);
		periph_config_defaults(&cfg);
		cfg.pll_lock_ns = 100000;
		p = periph_create(&cfg, &clk, &st, &sys, &apbd, &clocks);
		mmw(0x58024400, 0x08, 0x18);		/* HSIDIV /2 */
		UNIT_CHECK(clocks.cpu_hz == 32000000, "HSI/2 %u", clocks.cpu_hz);
		mmw(0x58024400, 0, 0x18);
		wr(&sys, 0x58024428, 0x40);
		wr(&sys, 0x58024430, 0x01070217);
		mmw(0x58024400, 0x01000000, 0);
		UNIT_CHECK(!(rd(&sys, 0x58024400) & (1u << 25)), "PLL1RDY too early");
		mmw(0x58024410, 3, 0);
		UNIT_CHECK(clocks.cpu_hz == 64000000, "switched before lock");
		vclock_advance(&clk, 100000);
		UNIT_CHECK(rd(&sys, 0x58024400) & (1u << 25), "PLL1RDY late");
		UNIT_CHECK(clocks.cpu_hz == 192000000, "no switch after lock %u", clocks.cpu_hz);
	}
	UNIT_END_CASE();
}

static void test_gpio(void)
{
	static const uint32_t base = 0x58020000;

	UNIT_CASE("GPIO gating and reset values (stm32-rs)");
	setup();
	UNIT_CHECK(rd(&sys, base) == 0, "GPIOA readable with clock off");
	wr(&sys, base, 0x12345678);
	mmw(0x580244E0, 0x7FF, 0);
	UNIT_CHECK(rd(&sys, base) == 0xABFFFFFF, "A MODER %08x", rd(&sys, base));
	UNIT_CHECK(rd(&sys, base + 8) == 0x0C000000, "A OSPEEDR");
	UNIT_CHECK(rd(&sys, base + 0xC) == 0x64000000, "A PUPDR");
	UNIT_CHECK(rd(&sys, base + 0x400) == 0xFFFFFEBF, "B MODER");
	UNIT_CHECK(rd(&sys, base + 0x408) == 0x000000C0, "B OSPEEDR");
	UNIT_CHECK(rd(&sys, base + 0x40C) == 0x00000100, "B PUPDR");
	for (unsigned int n = 2; n < 11; n++)
		UNIT_CHECK(rd(&sys, base + 0x400 * n) == 0xFFFFFFFF &&
			   rd(&sys, base + 0x400 * n + 0xC) == 0, "port %u", n);
	UNIT_CHECK(periph_gpio_af(p, 'A', 13) == 0 && periph_gpio_af(p, 'A', 14) == 0,
		   "SWD pins not AF0");
	UNIT_CHECK(periph_gpio_af(p, 'A', 0) == -1, "PA0 AF");
	/* IDR: PA13 pull-up, PA14 pull-down */
	UNIT_CHECK((rd(&sys, base + 0x10) & 0x6000) == 0x2000, "IDR %08x",
		   rd(&sys, base + 0x10));
	UNIT_END_CASE();

	UNIT_CASE("GPIO: qspi_init pin set-up gives the QSPI AFs");
	/* [REF 6.4] stm32h7x_dual_qspi.cfg */
	mmw(0x58020C00, 0x00800000, 0x00400000);
	mmw(0x58020C24, 0x00009000, 0x00006000);
	mmw(0x58021400, 0x0028A000, 0x00145000);
	mmw(0x58021420, 0x99000000, 0x66000000);
	mmw(0x58021424, 0x000009A0, 0x00000650);
	mmw(0x58021800, 0x20082000, 0x10041000);
	mmw(0x58021820, 0x0A000000, 0x05000000);
	mmw(0x58021824, 0x09000090, 0x06000060);
	mmw(0x58021C00, 0x000000A0, 0x00000050);
	mmw(0x58021C20, 0x00009900, 0x00006600);
	UNIT_CHECK(periph_gpio_af(p, 'D', 11) == 9, "PD11");
	UNIT_CHECK(periph_gpio_af(p, 'F', 10) == 9, "PF10");
	UNIT_CHECK(periph_gpio_af(p, 'F', 9) == 10, "PF9");
	UNIT_CHECK(periph_gpio_af(p, 'f', 6) == 9 && periph_gpio_af(p, 'F', 7) == 9, "PF6/7");
	UNIT_CHECK(periph_gpio_af(p, 'G', 6) == 10, "PG6");
	UNIT_CHECK(periph_gpio_af(p, 'G', 9) == 9 && periph_gpio_af(p, 'G', 14) == 9, "PG9/14");
	UNIT_CHECK(periph_gpio_af(p, 'H', 2) == 9 && periph_gpio_af(p, 'H', 3) == 9, "PH2/3");
	UNIT_CHECK(periph_gpio_af(p, 'Z', 1) == -1 && periph_gpio_af(p, 'A', 16) == -1, "bad");
	mmw(0x580244E0, 0, 1u << 5);
	UNIT_CHECK(periph_gpio_af(p, 'F', 10) == -1, "AF with port clock off");
	UNIT_END_CASE();

	UNIT_CASE("GPIO: BSRR, ODR/IDR, LCKR sequence, AHB4RSTR");
	setup();
	mmw(0x580244E0, 0x7FF, 0);
	wr(&sys, base + 0x800, 0xFFFFFFF5);		/* PC0, PC1 outputs */
	wr(&sys, base + 0x818, 0x00000003);
	UNIT_CHECK(rd(&sys, base + 0x814) == 3 && (rd(&sys, base + 0x810) & 3) == 3, "set");
	{
		uint32_t v = 0x0001;
		struct bus_access a = { .addr = base + 0x81A, .size = 2, .write = true,
			.data = v, .master = BUS_MASTER_CPU };

		bus_access(&sys, &a);			/* halfword BSRR reset PC0 */
	}
	UNIT_CHECK(rd(&sys, base + 0x814) == 2, "halfword BSRR %08x", rd(&sys, base + 0x814));
	UNIT_CHECK((rd(&sys, base + 0x810) & 0xC) == 0, "analog pins read 0");
	wr(&sys, base + 0x81C, 0x10001);
	wr(&sys, base + 0x81C, 0x00001);
	wr(&sys, base + 0x81C, 0x10001);
	UNIT_CHECK(rd(&sys, base + 0x81C) == 0x10001, "LCKR %08x", rd(&sys, base + 0x81C));
	wr(&sys, base + 0x800, 0);
	UNIT_CHECK(rd(&sys, base + 0x800) == 0x00000001, "locked pin changed %08x",
		   rd(&sys, base + 0x800));
	mmw(0x58024488, 1u << 2, 0);			/* AHB4RSTR GPIOC */
	mmw(0x58024488, 0, 1u << 2);
	UNIT_CHECK(rd(&sys, base + 0x800) == 0xFFFFFFFF && rd(&sys, base + 0x81C) == 0,
		   "port reset");
	UNIT_END_CASE();
}

static int qspi_dummy_read(void *ctx, uint32_t off, struct bus_access *a)
{
	a->data = 0x1234;
	return BUS_OK;
}

static const struct bus_dev_ops qspi_dummy = { .read = qspi_dummy_read };
static int qspi_resets;

static void count_reset(void *ctx)
{
	qspi_resets++;
}

static void test_qspi_gating(void)
{
	struct bus_region *r;

	UNIT_CASE("QSPI clock gating through periph_gate and QSPIRST");
	setup();
	r = bus_add_region(&sys, "qspi", 0x52005000, 0x1000, NULL, &qspi_dummy, NULL,
			   BUS_REGION_OFF_RAZWI);
	periph_gate(p, PERIPH_CLK_QSPI, r);
	periph_set_qspi_reset_cb(p, count_reset, NULL);
	UNIT_CHECK(!r->enabled && rd(&sys, 0x52005000) == 0, "enabled at reset");
	UNIT_CHECK(!periph_clock_enabled(p, PERIPH_CLK_QSPI), "clock on at reset");
	mmw(0x580244D4, 0x00004000, 0);
	UNIT_CHECK(r->enabled && rd(&sys, 0x52005000) == 0x1234, "not enabled");
	UNIT_CHECK(periph_clock_enabled(p, PERIPH_CLK_QSPI), "clock off");
	mmw(0x58024534, 0, 0x00004000);			/* C1_AHB3ENR alias */
	UNIT_CHECK(!r->enabled, "C1 alias did not disable");
	wr(&sys, 0x58024534, 0x00004000);
	UNIT_CHECK(r->enabled && (rd(&sys, 0x580244D4) & 0x4000), "C1 alias");
	mmw(0x5802447C, 0x4000, 0);
	UNIT_CHECK(qspi_resets == 1, "QSPIRST callback %d", qspi_resets);
	mmw(0x5802447C, 0, 0x4000);
	periph_system_reset(p);
	UNIT_CHECK(!r->enabled, "enabled after system reset");
	UNIT_END_CASE();
}

static void test_dbgmcu(void)
{
	uint32_t v;

	UNIT_CASE("DBGMCU on both buses, examine-end writes, ROM tables");
	setup();
	UNIT_CHECK(rd(&sys, 0x5C001000) == 0x20036450, "sys IDCODE %08x", rd(&sys, 0x5C001000));
	UNIT_CHECK(rd(&apbd, 0xE00E1000) == 0x20036450, "apbd IDCODE");
	/* [REF 6.4] examine-end table */
	static const uint32_t ex[][2] = {
		{ 0x004, 0x00600000 }, { 0x004, 0x00000007 }, { 0x004, 0x00000038 },
		{ 0x034, 0x40 }, { 0x03C, 0x800 }, { 0x054, 0x000C0000 }, { 0x004, 0x00100000 },
		{ 0x3000, 0x3 },
	};
	for (unsigned int i = 0; i < 8; i++) {
		uint32_t a = 0xE00E1000 + ex[i][0];

		UNIT_CHECK(bus_read32(&apbd, a, &v) == BUS_OK, "read %08x", a);
		UNIT_CHECK(bus_write32(&apbd, a, v | ex[i][1]) == BUS_OK, "write %08x", a);
	}
	UNIT_CHECK(rd(&apbd, 0xE00E1004) == 0x0070003F, "CR %08x", rd(&apbd, 0xE00E1004));
	UNIT_CHECK(rd(&sys, 0x5C001004) == 0x0070003F, "CR via sysbus");
	UNIT_CHECK(rd(&sys, 0x5C001054) == 0x000C0000, "APB4FZ");
	UNIT_CHECK(rd(&apbd, 0xE00E4000) == 3, "SWTF_CTRL");
	wr(&apbd, 0xE00E1000, 0);
	UNIT_CHECK(rd(&apbd, 0xE00E1000) == 0x20036450, "IDCODE writable");
	periph_system_reset(p);
	UNIT_CHECK(rd(&apbd, 0xE00E1004) == 0x0070003F, "CR lost on system reset");
	periph_power_on_reset(p);
	UNIT_CHECK(rd(&apbd, 0xE00E1004) == 0, "CR kept on POR");
	/* ROM table 1 */
	UNIT_CHECK(rd(&apbd, 0xE00E0FF0) == 0x0D && rd(&apbd, 0xE00E0FF4) == 0x10 &&
		   rd(&apbd, 0xE00E0FF8) == 0x05 && rd(&apbd, 0xE00E0FFC) == 0xB1, "ROM CIDR");
	UNIT_CHECK(rd(&apbd, 0xE00E0000) == 0x00001003, "entry DBGMCU %08x",
		   rd(&apbd, 0xE00E0000));
	UNIT_CHECK(rd(&apbd, 0xE00E000C) == 0x00010003 && rd(&apbd, 0xE00E0010) == 0,
		   "entry ROM2 / end");
	/* TPIU via ROM 2: Arm part 0x912, designer 0x43B */
	UNIT_CHECK(rd(&apbd, 0xE00F000C) == 0x5003, "ROM2 TPIU entry");
	UNIT_CHECK(rd(&apbd, 0xE00F5FE0) == 0x12 && rd(&apbd, 0xE00F5FE4) == 0xB9 &&
		   rd(&apbd, 0xE00F5FE8) == 0x0B && rd(&apbd, 0xE00F5FD0) == 0x04,
		   "TPIU PIDR");
	UNIT_CHECK(rd(&apbd, 0xE00F5FF4) == 0x90, "TPIU class 9");
	UNIT_CHECK(rd(&sys, 0x5C015FE0) == 0x12, "TPIU on sysbus 0x5C015000");
	UNIT_CHECK(bus_read32(&apbd, 0xE00E2000, &v) == BUS_ERROR, "APB-D hole mapped");
	UNIT_END_CASE();
}

static void test_pwr(void)
{
	UNIT_CASE("PWR voltage scaling ready flags");
	setup();
	wr(&sys, 0x58024818, 3u << 14);			/* D3CR VOS = 3 (scale 1) */
	UNIT_CHECK(rd(&sys, 0x58024818) & (1u << 13), "VOSRDY");
	UNIT_CHECK((rd(&sys, 0x58024804) & 0xE000) == 0xE000, "ACTVOS/ACTVOSRDY %08x",
		   rd(&sys, 0x58024804));
	UNIT_CHECK(rd(&sys, 0x58000524) == 0, "SYSCFG readable with clock off");
	mmw(0x580244F4, 2, 0);
	UNIT_CHECK(rd(&sys, 0x58000524) == 0xA, "PKGR %08x", rd(&sys, 0x58000524));
	UNIT_END_CASE();
}

static void test_por_pattern(void)
{
	struct periph_config cfg;

	UNIT_CASE("power-on reset RAM pattern option");
	periph_destroy(p);
	vclock_init(&clk);
	bus_init(&sys, "sys", &clk);
	bus_init(&apbd, "apbd", &clk);
	periph_config_defaults(&cfg);
	cfg.ram_por_pattern = 0xA5;
	p = periph_create(&cfg, &clk, &st, &sys, &apbd, &clocks);
	wr(&sys, 0x24000000, 1);
	wr(&sys, 0x38800000, 2);
	periph_system_reset(p);
	UNIT_CHECK(rd(&sys, 0x24000000) == 1, "system reset changed RAM");
	periph_power_on_reset(p);
	UNIT_CHECK(rd(&sys, 0x24000000) == 0xA5A5A5A5, "AXI SRAM %08x", rd(&sys, 0x24000000));
	UNIT_CHECK(rd(&sys, 0x38800000) == 2, "backup SRAM lost");
	periph_destroy(p);
	p = NULL;
	UNIT_END_CASE();
}

int main(void)
{
	test_memory_map();
	test_rcc_reset_values();
	test_clock_tree();
	test_gpio();
	test_qspi_gating();
	test_dbgmcu();
	test_pwr();
	test_por_pattern();
	UNIT_SUMMARY();
}
