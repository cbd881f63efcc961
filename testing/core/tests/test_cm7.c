// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Unit tests of the Cortex-M7 model.  Programs are hand-encoded Thumb
 * (encodings checked against the ARMv7-M ARM); expected register values come
 * from the architecture and [REF stm32h753.md 1.4, 2.1, 2.2], not from the
 * model.
 */

#include "../cm7.h"
#include "../../bus/bus.h"
#include "../../common/clocks.h"
#include "../../common/stats.h"
#include "../../common/timing.h"
#include "../../common/unit.h"
#include "../../common/vclock.h"

#include <string.h>

#define FLASH	0x08000000u
#define RAM	0x20000000u
#define DEV	0x40000000u

#define DHCSR	0xE000EDF0u
#define DCRSR	0xE000EDF4u
#define DCRDR	0xE000EDF8u
#define DEMCR	0xE000EDFCu
#define DFSR	0xE000ED30u
#define AIRCR	0xE000ED0Cu

static struct vclock clk;
static struct bus bus;
static struct vb_stats st;
static struct vb_clocks clocks;
static struct cm7 *cpu;
static uint8_t flash[0x10000] __attribute__((aligned(4096)));
static uint8_t ram[0x20000] __attribute__((aligned(4096)));

/* flash "controller": counts CPU/debugger writes, never changes mem */
static unsigned int flash_writes;
static uint32_t flash_last_addr, flash_last_data;

static int flash_write(void *ctx, uint32_t off, struct bus_access *a)
{
	flash_writes++;
	flash_last_addr = FLASH + off;
	flash_last_data = a->data;
	return BUS_OK;
}

static const struct bus_dev_ops flash_ops = { .write = flash_write };

/* a device: register 0 counts writes and checks they are sequential */
static unsigned int dev_writes, dev_bad_seq;
static uint32_t dev_last;

static int dev_read(void *ctx, uint32_t off, struct bus_access *a)
{
	a->data = off == 0 ? dev_last : 0x5A;
	return BUS_OK;
}

static int dev_write(void *ctx, uint32_t off, struct bus_access *a)
{
	if (off == 0) {
		if (a->data != dev_last + 1)
			dev_bad_seq++;
		dev_last = a->data;
		dev_writes++;
	}
	return BUS_OK;
}

static const struct bus_dev_ops dev_ops = { .read = dev_read, .write = dev_write };

static unsigned int resets_requested;

static void reset_req(void *ctx)
{
	resets_requested++;
	cm7_system_reset(cpu);
}

static void put16(uint8_t *m, uint32_t off, const uint16_t *h, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		m[off + 2 * i] = h[i] & 0xFF;
		m[off + 2 * i + 1] = h[i] >> 8;
	}
}

static void put32(uint8_t *m, uint32_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		m[off + i] = v >> (8 * i);
}

static void setup(void)
{
	static const uint16_t counter[] = { 0x2000, 0x3001, 0xE7FD };
	static const uint16_t handler[] = { 0x3501, 0x4770 };
	static const uint16_t wfi[] = { 0xBF30, 0x3601, 0xE7FC };
	static const uint16_t bkpt[] = { 0x2007, 0xBE00, 0x2008 };
	static const uint16_t fp[] = { 0xEE12, 0x1A90, 0xBE00 };
	static const uint16_t cpu_dhcsr[] = { 0x4902, 0x4803, 0x6008, 0x3001, 0xE7FD, 0xBF00,
		0xEDF0, 0xE000, 0x0003, 0xA05F };
	static const uint16_t flash_wr[] = { 0x4902, 0x4803, 0x6008, 0xBE00, 0xBF00, 0xBF00,
		0x8000, 0x0800, 0x5678, 0x1234 };
	static const uint16_t unmapped[] = { 0x4901, 0x6808, 0xBE00, 0xBF00, 0x0000, 0x6000 };
	static const uint16_t hang[] = { 0xE7FE };

	if (cpu)
		cm7_destroy(cpu);
	memset(&st, 0, sizeof(st));
	vclock_init(&clk);
	bus_init(&bus, "sys", &clk);
	clocks.cpu_hz = 64000000;
	clocks.hclk_hz = 64000000;
	memset(flash, 0xFF, sizeof(flash));
	memset(ram, 0, sizeof(ram));
	put32(flash, 0, RAM + 0x8000);			/* MSP */
	put32(flash, 4, FLASH + 0x101);			/* reset */
	put32(flash, 3 * 4, FLASH + 0x901);		/* HardFault */
	put32(flash, 15 * 4, FLASH + 0x201);		/* SysTick */
	put32(flash, (16 + 5) * 4, FLASH + 0x201);	/* IRQ5 */
	put16(flash, 0x100, counter, 3);
	put16(flash, 0x200, handler, 2);
	put16(flash, 0x300, wfi, 3);
	put16(flash, 0x400, bkpt, 3);
	put16(flash, 0x500, fp, 3);
	put16(flash, 0x600, cpu_dhcsr, 10);
	put16(flash, 0x700, flash_wr, 10);
	put16(flash, 0x800, unmapped, 6);
	put16(flash, 0x900, hang, 1);
	flash_writes = 0;
	dev_writes = dev_bad_seq = 0;
	dev_last = 0;
	resets_requested = 0;

	cpu = cm7_create(&clk, &st, &bus, &clocks);
	bus_add_region(&bus, "flash", FLASH, sizeof(flash), flash, &flash_ops, NULL,
			BUS_REGION_RO);
	bus_add_region(&bus, "ram", RAM, sizeof(ram), ram, NULL, NULL, 0);
	bus_add_region(&bus, "dev", DEV, 0x400, NULL, &dev_ops, NULL, 0);
	cm7_set_reset_request(cpu, reset_req, NULL);
	cm7_map_bus(cpu);
	cm7_power_on_reset(cpu);
}

/* ---- debugger access helpers ---- */

static int dbg_rw(uint32_t addr, uint32_t *val, bool write, enum bus_master m)
{
	struct bus_access a = { .addr = addr, .size = 4, .write = write, .master = m,
		.privileged = true, .data = write ? *val : 0 };
	int ret = bus_access(&bus, &a);

	if (!write)
		*val = a.data;
	return ret;
}

static uint32_t rd(uint32_t addr)
{
	uint32_t v = 0;

	dbg_rw(addr, &v, false, BUS_MASTER_AHBAP);
	return v;
}

static void wr(uint32_t addr, uint32_t v)
{
	dbg_rw(addr, &v, true, BUS_MASTER_AHBAP);
}

static uint32_t reg(unsigned int sel)
{
	wr(DCRSR, sel);
	return rd(DCRDR);
}

static void set_reg(unsigned int sel, uint32_t v)
{
	wr(DCRDR, v);
	wr(DCRSR, sel | (1u << 16));
}

static void halt(void)
{
	wr(DHCSR, 0xA05F0003);
}

static void resume_at(uint32_t pc)
{
	set_reg(15, pc);
	wr(DHCSR, 0xA05F0001);
}

/* the board loop: run the core, or let time pass while it cannot run */
static void run_for(uint64_t ns)
{
	uint64_t until = clk.now + ns;

	while (clk.now < until) {
		if (cm7_can_run(cpu)) {
			cm7_run(cpu, until);
		} else {
			uint64_t t = vclock_next(&clk);

			vclock_advance_to(&clk, t < until ? t : until);
		}
	}
}

/* ---- tests ---- */

static void test_reset_vector(void)
{
	UNIT_CASE("reset loads MSP/PC from the vector table");
	halt();
	UNIT_CHECK(cm7_halted(cpu), "not halted");
	UNIT_CHECK(rd(DHCSR) & (1u << 17), "S_HALT not set");
	UNIT_CHECK(reg(15) == FLASH + 0x100, "PC %08x", reg(15));
	UNIT_CHECK(reg(13) == RAM + 0x8000, "SP %08x", reg(13));
	UNIT_CHECK(reg(17) == RAM + 0x8000, "MSP %08x", reg(17));
	UNIT_CHECK(reg(16) == 0x01000000, "xPSR %08x", reg(16));
	UNIT_CHECK(reg(14) == 0xFFFFFFFF, "LR %08x", reg(14));
	UNIT_CHECK(rd(0xE000ED00) == 0x411FC271, "CPUID %08x", rd(0xE000ED00));
	UNIT_CHECK(rd(0xE000ED08) == 0x08000000, "VTOR %08x", rd(0xE000ED08));
	UNIT_CHECK(rd(0xE000EF40) == 0x10110221 && rd(0xE000EF44) == 0x12000011,
			"MVFR0/1 %08x %08x", rd(0xE000EF40), rd(0xE000EF44));
	UNIT_CHECK(rd(AIRCR) >> 16 == 0xFA05, "AIRCR %08x", rd(AIRCR));
	UNIT_END_CASE();
}

static void test_run_halt_time(void)
{
	uint64_t t0, n, dt;

	UNIT_CASE("run, halt, time = instructions at cpu_hz");
	wr(DHCSR, 0xA05F0001);			/* resume */
	t0 = clk.now;
	n = cm7_run(cpu, t0 + 100000);	/* 100 us at 64 MHz = 6400 cycles */
	dt = clk.now - t0;
	UNIT_CHECK(n >= 6400 && n <= 6402, "executed %llu", (unsigned long long)n);
	UNIT_CHECK(dt >= 100000 && dt < 100000 + 32, "dt %llu", (unsigned long long)dt);
	UNIT_CHECK(st.core_instructions == n, "stats %llu",
			(unsigned long long)st.core_instructions);
	halt();
	/* r0 counts loop iterations: 1 movs + 2 per iteration */
	UNIT_CHECK(reg(0) == (uint32_t)((n - 1 + 1) / 2), "r0 %u n %llu", reg(0),
			(unsigned long long)n);
	UNIT_CHECK(reg(15) == FLASH + 0x102 || reg(15) == FLASH + 0x104, "PC %08x", reg(15));
	UNIT_CHECK(rd(DFSR) & 1, "DFSR.HALTED missing");
	/* double the clock: same time, twice the instructions */
	clocks.cpu_hz = 128000000;
	wr(DHCSR, 0xA05F0001);
	t0 = clk.now;
	n = cm7_run(cpu, t0 + 100000);
	UNIT_CHECK(n >= 12800 && n <= 12802, "at 128 MHz executed %llu",
			(unsigned long long)n);
	clocks.cpu_hz = 64000000;
	halt();
	UNIT_END_CASE();
}

static void test_regs_fp(void)
{
	UNIT_CASE("DCRSR/DCRDR: core, special and FP registers");
	setup();
	halt();
	set_reg(3, 0xCAFEF00D);
	UNIT_CHECK(reg(3) == 0xCAFEF00D, "r3 %08x", reg(3));
	set_reg(0x45, 0x3F800000);		/* S5 */
	set_reg(0x44, 0x11223344);		/* S4 */
	UNIT_CHECK(reg(0x45) == 0x3F800000 && reg(0x44) == 0x11223344,
			"S5 %08x S4 %08x", reg(0x45), reg(0x44));
	set_reg(0x21, 0x03C00000);
	UNIT_CHECK(reg(0x21) == 0x03C00000, "FPSCR %08x", reg(0x21));
	set_reg(0x14, 0x00000001);		/* PRIMASK */
	UNIT_CHECK(reg(0x14) == 0x00000001, "CONTROL/masks %08x", reg(0x14));
	set_reg(18, 0x20004000);
	UNIT_CHECK(reg(18) == 0x20004000, "PSP %08x", reg(18));
	UNIT_CHECK(rd(DHCSR) & (1u << 16), "S_REGRDY");
	/* the program sees S5: vmov r1, s5 ; bkpt */
	resume_at(FLASH + 0x500);
	run_for(10000);
	UNIT_CHECK(cm7_halted(cpu), "not halted at bkpt");
	UNIT_CHECK(reg(1) == 0x3F800000, "r1 %08x", reg(1));
	UNIT_END_CASE();
}

static void test_step(void)
{
	UNIT_CASE("single step");
	setup();
	halt();
	wr(DHCSR, 0xA05F000D);		/* C_STEP | C_MASKINTS | C_DEBUGEN */
	run_for(1000);
	UNIT_CHECK(cm7_halted(cpu), "not halted after step");
	UNIT_CHECK(reg(15) == FLASH + 0x102, "PC %08x", reg(15));
	UNIT_CHECK(reg(0) == 0, "r0 %u", reg(0));
	wr(DHCSR, 0xA05F000D);
	run_for(1000);
	UNIT_CHECK(reg(15) == FLASH + 0x104 && reg(0) == 1, "PC %08x r0 %u", reg(15), reg(0));
	UNIT_END_CASE();
}

static void test_bkpt(void)
{
	UNIT_CASE("BKPT halts with DFSR.BKPT, PC on the BKPT");
	setup();
	halt();
	wr(DFSR, 0x1F);
	resume_at(FLASH + 0x400);
	run_for(10000);
	UNIT_CHECK(cm7_halted(cpu), "not halted");
	UNIT_CHECK(reg(15) == FLASH + 0x402, "PC %08x", reg(15));
	UNIT_CHECK(reg(0) == 7, "r0 %u", reg(0));
	UNIT_CHECK(rd(DFSR) & 2, "DFSR %08x", rd(DFSR));
	wr(DFSR, rd(DFSR));
	UNIT_CHECK(rd(DFSR) == 0, "DFSR not cleared: %08x", rd(DFSR));
	UNIT_END_CASE();
}

static void test_fpb(void)
{
	UNIT_CASE("FPB breakpoint");
	setup();
	halt();
	UNIT_CHECK((rd(0xE0002000) & ~1u) == 0x10000080, "FP_CTRL %08x", rd(0xE0002000));
	wr(0xE0002000, 3);
	UNIT_CHECK(rd(0xE0002000) & 1, "FPB not enabled");
	wr(0xE0002008 + 4 * 3, (FLASH + 0x104) | 1);
	wr(DFSR, 0x1F);
	wr(DHCSR, 0xA05F0001);
	run_for(10000);
	UNIT_CHECK(cm7_halted(cpu), "not halted");
	UNIT_CHECK(reg(15) == FLASH + 0x104, "PC %08x", reg(15));
	UNIT_CHECK(reg(0) == 1, "r0 %u (instruction at bp must not run)", reg(0));
	UNIT_CHECK(rd(DFSR) & 2, "DFSR %08x", rd(DFSR));
	wr(0xE0002008 + 4 * 3, 0);
	wr(DHCSR, 0xA05F0001);
	run_for(1000);
	UNIT_CHECK(!cm7_halted(cpu), "halted after removing bp");
	UNIT_END_CASE();
}

static void test_vc_corereset(void)
{
	uint32_t d1, d2;
	uint64_t resets0;

	UNIT_CASE("SYSRESETREQ with VC_CORERESET halts at the reset vector");
	setup();
	resets0 = st.core_resets;
	rd(DHCSR);			/* consume power-on S_RESET_ST */
	wr(DHCSR, 0xA05F0001);
	wr(0xE0002000, 3);
	run_for(5000);
	UNIT_CHECK(!cm7_halted(cpu), "halted early");
	wr(DCRDR, 0);
	wr(DEMCR, 0x01000501);
	wr(AIRCR, 0x05FA0004);
	UNIT_CHECK(resets_requested == 1, "reset callback %u", resets_requested);
	d1 = rd(DHCSR);
	d2 = rd(DHCSR);
	UNIT_CHECK(d1 & (1u << 25), "S_RESET_ST not set: %08x", d1);
	UNIT_CHECK(!(d2 & (1u << 25)), "S_RESET_ST not cleared by read: %08x", d2);
	UNIT_CHECK(d2 & (1u << 17), "not halted after reset: %08x", d2);
	UNIT_CHECK(d2 & 1, "C_DEBUGEN lost");
	UNIT_CHECK(rd(DEMCR) == 0x01000501, "DEMCR %08x", rd(DEMCR));
	UNIT_CHECK(rd(DFSR) & 8, "DFSR.VCATCH missing %08x", rd(DFSR));
	UNIT_CHECK(reg(15) == FLASH + 0x100, "PC %08x", reg(15));
	UNIT_CHECK(rd(0xE0002000) & 1, "FPB enable lost");
	UNIT_CHECK(st.core_resets == resets0 + 1, "core_resets %llu",
			(unsigned long long)st.core_resets);
	UNIT_END_CASE();
}

static void test_cpu_cannot_debugen(void)
{
	uint32_t v = 0xA05F0003;

	UNIT_CASE("C_DEBUGEN cannot be set by the CPU");
	setup();
	dbg_rw(DHCSR, &v, true, BUS_MASTER_CPU);
	UNIT_CHECK(!(rd(DHCSR) & 1), "C_DEBUGEN set by CPU master");
	UNIT_CHECK(!cm7_halted(cpu), "halted by CPU without debug");
	/* the same from a program */
	wr(DHCSR, 0xA05F0000);
	{
		/* start the program at 0x600 via a power-on with PC override */
		wr(DHCSR, 0xA05F0003);
		set_reg(15, FLASH + 0x600);
		wr(DHCSR, 0xA05F0000);	/* debugger disables debug: core runs */
	}
	run_for(20000);
	UNIT_CHECK(!cm7_halted(cpu), "program halted itself");
	UNIT_CHECK(!(rd(DHCSR) & 1), "program set C_DEBUGEN");
	UNIT_END_CASE();
}

static void test_loader_mmio(void)
{
	static const uint16_t loader[] = { 0x4903, 0x2000, 0x3001, 0x6008, 0x2864, 0xD1FB,
		0xBE00, 0xBF00, 0x0000, 0x4000 };

	UNIT_CASE("loader loop: MMIO writes exactly once each");
	setup();
	halt();
	for (unsigned int i = 0; i < sizeof(loader) / 2; i++) {
		uint8_t b[2] = { loader[i] & 0xFF, loader[i] >> 8 };

		for (int k = 0; k < 2; k++) {
			struct bus_access a = { .addr = RAM + 0x100 + 2 * i + k, .size = 1,
				.write = true, .master = BUS_MASTER_AHBAP, .data = b[k] };
			bus_access(&bus, &a);
		}
	}
	resume_at(RAM + 0x100);
	/* many short slices, like the board between probe round trips */
	for (int i = 0; i < 2000 && !cm7_halted(cpu); i++)
		cm7_run(cpu, clk.now + 50);
	UNIT_CHECK(cm7_halted(cpu), "loader did not finish");
	UNIT_CHECK(dev_writes == 100, "device writes %u", dev_writes);
	UNIT_CHECK(dev_bad_seq == 0, "out of sequence writes %u", dev_bad_seq);
	UNIT_CHECK(reg(15) == RAM + 0x10C, "PC %08x", reg(15));
	UNIT_END_CASE();
}

static void test_stale_code(void)
{
	static const uint16_t p1[] = { 0x2001, 0xBE00 };	/* movs r0,#1; bkpt */

	UNIT_CASE("code rewritten by the debugger is re-translated");
	setup();
	halt();
	put16(ram, 0x200, p1, 2);
	resume_at(RAM + 0x200);
	run_for(1000);
	UNIT_CHECK(cm7_halted(cpu) && reg(0) == 1, "first run r0 %u", reg(0));
	wr(RAM + 0x200, 0xBE002002);		/* movs r0,#2; bkpt */
	resume_at(RAM + 0x200);
	run_for(1000);
	UNIT_CHECK(cm7_halted(cpu), "not halted");
	UNIT_CHECK(reg(0) == 2, "stale code ran: r0 %u", reg(0));
	UNIT_END_CASE();
}

static void test_systick(void)
{
	uint32_t sp0;

	UNIT_CASE("SysTick exception entry and return");
	setup();
	halt();
	sp0 = reg(13);
	wr(0xE000E014, 999);			/* 1000 cycles = 15.625 us */
	wr(0xE000E018, 0);
	wr(0xE000E010, 7);
	wr(DHCSR, 0xA05F0001);
	run_for(50000);				/* 3.2 periods */
	halt();
	UNIT_CHECK(reg(5) == 3, "handler ran %u times", reg(5));
	UNIT_CHECK((reg(16) & 0x1FF) == 0, "IPSR %u", reg(16) & 0x1FF);
	UNIT_CHECK(reg(13) == sp0, "SP %08x != %08x", reg(13), sp0);
	UNIT_CHECK(reg(15) >= FLASH + 0x100 && reg(15) <= FLASH + 0x104, "PC %08x", reg(15));
	UNIT_CHECK(reg(0) > 1000, "main loop r0 %u", reg(0));
	UNIT_CHECK(rd(0xE000E010) & (1u << 16), "COUNTFLAG");
	UNIT_CHECK(!(rd(0xE000E010) & (1u << 16)), "COUNTFLAG not cleared on read");
	UNIT_END_CASE();
}

static void test_wfi(void)
{
	UNIT_CASE("WFI sleeps until an interrupt");
	setup();
	halt();
	wr(0xE000E100, 1u << 5);		/* ISER0: IRQ5 */
	resume_at(FLASH + 0x300);
	run_for(10000);
	UNIT_CHECK(cm7_sleeping(cpu) && !cm7_can_run(cpu), "not asleep");
	UNIT_CHECK(rd(DHCSR) & (1u << 18), "S_SLEEP");
	UNIT_CHECK(st.core_instructions == 1, "instructions %llu",
			(unsigned long long)st.core_instructions);
	cm7_set_irq(cpu, 5, true);
	cm7_set_irq(cpu, 5, false);
	UNIT_CHECK(cm7_can_run(cpu), "no wake-up");
	run_for(10000);
	UNIT_CHECK(cm7_sleeping(cpu), "not asleep again");
	halt();
	UNIT_CHECK(reg(5) == 1 && reg(6) == 1, "r5 %u r6 %u", reg(5), reg(6));
	UNIT_END_CASE();
}

static void test_flash_write_and_fault(void)
{
	UNIT_CASE("CPU store to flash goes to the controller; bus fault vector catch");
	setup();
	halt();
	resume_at(FLASH + 0x700);
	run_for(10000);
	UNIT_CHECK(cm7_halted(cpu) && reg(15) == FLASH + 0x706, "PC %08x", reg(15));
	UNIT_CHECK(flash_writes == 1 && flash_last_addr == FLASH + 0x8000 &&
			flash_last_data == 0x12345678, "flash writes %u @%08x %08x",
			flash_writes, flash_last_addr, flash_last_data);
	UNIT_CHECK(flash[0x8000] == 0xFF, "flash memory changed by a CPU store");
	wr(DEMCR, 0x01000400);			/* VC_HARDERR */
	resume_at(FLASH + 0x800);
	run_for(10000);
	UNIT_CHECK(cm7_halted(cpu), "not halted");
	UNIT_CHECK(rd(DFSR) & 8, "DFSR %08x", rd(DFSR));
	UNIT_CHECK((reg(16) & 0x1FF) == 3, "IPSR %u", reg(16) & 0x1FF);
	UNIT_CHECK(reg(15) == FLASH + 0x900, "PC %08x", reg(15));
	UNIT_CHECK(rd(0xE000ED2C) == 0x40000000, "HFSR %08x", rd(0xE000ED2C));
	UNIT_CHECK((rd(0xE000ED28) & 0x8200) == 0x8200, "CFSR %08x", rd(0xE000ED28));
	UNIT_CHECK(rd(0xE000ED38) == 0x60000000, "BFAR %08x", rd(0xE000ED38));
	UNIT_CHECK(reg(14) == 0xFFFFFFF9, "EXC_RETURN %08x", reg(14));
	UNIT_END_CASE();
}

static void test_rom_table(void)
{
	uint32_t e0;

	UNIT_CASE("ROM tables and component IDs");
	setup();
	UNIT_CHECK(rd(0xE00FEFE0) == 0x50 && (rd(0xE00FEFE4) & 0xF) == 4 &&
			rd(0xE00FEFF4) == 0x10, "ST table IDs");
	e0 = rd(0xE00FE000);
	UNIT_CHECK((e0 & 3) == 3 && 0xE00FE000 + (e0 & ~0xFFFu) == 0xE00FF000, "entry %08x",
			e0);
	UNIT_CHECK(rd(0xE00FFFE0) == 0xC7 && rd(0xE00FFFE4) == 0xB4, "M7 table part");
	UNIT_CHECK(0xE00FF000 + (rd(0xE00FF000) & ~0xFFFu) == 0xE000E000, "SCS entry");
	UNIT_CHECK(rd(0xE00FF010) == 0, "table end");
	UNIT_CHECK(rd(0xE000EFE0) == 0x0C, "SCS part");
	UNIT_CHECK(rd(0xE0001000) == 0x40000000, "DWT_CTRL %08x", rd(0xE0001000));
	UNIT_CHECK(rd(0xE0001FBC) == 0, "DWT DEVARCH");
	UNIT_END_CASE();
}

int main(void)
{
	setup();
	test_reset_vector();
	test_run_halt_time();
	test_regs_fp();
	test_step();
	test_bkpt();
	test_fpb();
	test_vc_corereset();
	test_cpu_cannot_debugen();
	test_loader_mmio();
	test_stale_code();
	test_systick();
	test_wfi();
	test_flash_write_and_fault();
	test_rom_table();
	cm7_destroy(cpu);
	UNIT_SUMMARY();
}
