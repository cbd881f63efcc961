// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * STM32H753 memory map and the small blocks (PWR, SYSCFG, system memory):
 * creates every region this layer owns on the system bus and on APB-D, and
 * runs the resets.  Addresses: [REF stm32h753.md 3.1, 3.2].
 */

#include "periph_priv.h"
#include "../common/stats.h"
#include "../common/timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define SYSMEM_BASE	0x1FF00000u
#define SYSMEM_SIZE	0x00020000u
#define UID_OFF		0x1E800u
#define FSIZE_OFF	0x1E880u

static const struct {
	const char *name;
	uint32_t base, size;
} ram_map[8] = {
	{ "itcm", 0x00000000, 64 * 1024 },
	{ "dtcm", 0x20000000, 128 * 1024 },
	{ "axi-sram", 0x24000000, 512 * 1024 },
	{ "sram1", 0x30000000, 128 * 1024 },
	{ "sram2", 0x30020000, 128 * 1024 },
	{ "sram3", 0x30040000, 32 * 1024 },
	{ "sram4", 0x38000000, 64 * 1024 },
	{ "bkpsram", 0x38800000, 4 * 1024 },
};

static const char *const gpio_names[GPIO_NPORTS] = {
	"gpioa", "gpiob", "gpioc", "gpiod", "gpioe", "gpiof", "gpiog", "gpioh", "gpioi",
	"gpioj", "gpiok",
};

void periph_config_defaults(struct periph_config *cfg)
{
	static const uint8_t uid[12] = {
		0x2B, 0x00, 0x3A, 0x00, 0x0B, 0x51, 0x30, 0x31, 0x36, 0x39, 0x38, 0x37,
	};

	memset(cfg, 0, sizeof(*cfg));
	cfg->flash_size_kb = 0x0800;
	cfg->dbgmcu_idcode = 0x20036450;
	memcpy(cfg->uid, uid, sizeof(uid));
	cfg->optsr_default = 0x0406AAF0;
	cfg->pll_lock_ns = TIMING_RCC_PLL_LOCK_NS;
	cfg->rcc_cr_reset = 0x00000083;
	cfg->ram_por_pattern = -1;
	cfg->bkpsram_keep_on_por = true;
	cfg->syscfg_pkg = 0xA;
	cfg->flash_ecc = true;
}

/* ---- PWR (0x58024800) ------------------------------------------------------ */
/*
 * Enough for firmware that sets the voltage scaling and waits: D3CR.VOSRDY
 * and CSR1.ACTVOSRDY read 1, CSR1.ACTVOS mirrors D3CR.VOS, CR2.BRRDY follows
 * BREN.  Reset values from the SVD as remembered ([ASSUMED]): CR1 0xF000C000,
 * CR3 0x00000006, D3CR 0x00004000.
 */
#define PWR_CR1		0x00
#define PWR_CSR1	0x04
#define PWR_CR2		0x08
#define PWR_CR3		0x0C
#define PWR_D3CR	0x18

static void pwr_reset(struct periph *p)
{
	memset(p->pwr, 0, sizeof(p->pwr));
	p->pwr[PWR_CR1 / 4] = 0xF000C000;
	p->pwr[PWR_CR3 / 4] = 0x00000006;
	p->pwr[PWR_D3CR / 4] = 0x00004000;
}

static uint32_t pwr_read32(struct periph *p, uint32_t off)
{
	uint32_t vos = (p->pwr[PWR_D3CR / 4] >> 14) & 3;

	switch (off) {
	case PWR_CSR1:
		return (vos << 14) | (1u << 13);
	case PWR_CR2:
		return p->pwr[off / 4] | ((p->pwr[off / 4] & 1) << 16);
	case PWR_D3CR:
		return p->pwr[off / 4] | (1u << 13);
	default:
		return p->pwr[off / 4];
	}
}

static int pwr_read(void *ctx, uint32_t off, struct bus_access *a)
{
	a->data = lane_extract(pwr_read32(ctx, off & ~3u), a, off);
	return BUS_OK;
}

static int pwr_write(void *ctx, uint32_t off, struct bus_access *a)
{
	struct periph *p = ctx;
	uint32_t w = (off & ~3u) / 4;

	if (w != PWR_CSR1 / 4)
		p->pwr[w] = upd(p->pwr[w], lane_value(a, off), lane_mask(a, off));
	p->pwr[PWR_D3CR / 4] &= ~(1u << 13);
	p->pwr[PWR_CR2 / 4] &= ~(1u << 16);
	return BUS_OK;
}

static const struct bus_dev_ops pwr_ops = { .read = pwr_read, .write = pwr_write };

/* ---- SYSCFG (0x58000400) --------------------------------------------------- */
/* Plain registers; PKGR (0x124) reads cfg.syscfg_pkg, read-only. */
#define SYSCFG_PKGR	0x124

static int syscfg_read(void *ctx, uint32_t off, struct bus_access *a)
{
	struct periph *p = ctx;
	uint32_t w = off & ~3u;
	uint32_t v = w == SYSCFG_PKGR ? (p->cfg.syscfg_pkg & 0xFu) : p->syscfg[w / 4];

	a->data = lane_extract(v, a, off);
	return BUS_OK;
}

static int syscfg_write(void *ctx, uint32_t off, struct bus_access *a)
{
	struct periph *p = ctx;
	uint32_t w = off & ~3u;

	if (w != SYSCFG_PKGR)
		p->syscfg[w / 4] = upd(p->syscfg[w / 4], lane_value(a, off), lane_mask(a, off));
	return BUS_OK;
}

static const struct bus_dev_ops syscfg_ops = { .read = syscfg_read, .write = syscfg_write };

/* ---- creation ------------------------------------------------------------ */

static uint8_t *map_anon(uint32_t size)
{
	void *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return m == MAP_FAILED ? NULL : m;
}

static struct bus_region *add(struct periph *p, struct bus *b, const char *name,
		uint32_t base, uint32_t size, uint8_t *mem, const struct bus_dev_ops *ops,
		void *ctx, unsigned int flags)
{
	struct bus_region *r = bus_add_region(b, name, base, size, mem, ops, ctx, flags);

	if (!r)
		fprintf(stderr, "periph: cannot add region %s at 0x%08x on %s\n", name, base,
			b->name ? b->name : "bus");
	return r;
}

static int add_memories(struct periph *p)
{
	for (unsigned int i = 0; i < 8; i++) {
		p->ram[i].name = ram_map[i].name;
		p->ram[i].base = ram_map[i].base;
		p->ram[i].size = ram_map[i].size;
		p->ram[i].mem = map_anon(ram_map[i].size);
		if (!p->ram[i].mem)
			return -1;
		p->ram[i].r = add(p, p->sysbus, ram_map[i].name, ram_map[i].base,
				  ram_map[i].size, p->ram[i].mem, NULL, NULL, 0);
		if (!p->ram[i].r)
			return -1;
	}
	p->sram_r[0] = p->ram[3].r;
	p->sram_r[1] = p->ram[4].r;
	p->sram_r[2] = p->ram[5].r;
	p->bkp_r = p->ram[7].r;

	p->sysmem = map_anon(SYSMEM_SIZE);
	if (!p->sysmem)
		return -1;
	/* ST bootloader not modelled: erased-looking 0xFF; UID and flash size. */
	memset(p->sysmem, 0xFF, SYSMEM_SIZE);
	memcpy(p->sysmem + UID_OFF, p->cfg.uid, 12);
	p->sysmem[FSIZE_OFF] = p->cfg.flash_size_kb & 0xFF;
	p->sysmem[FSIZE_OFF + 1] = p->cfg.flash_size_kb >> 8;
	if (!add(p, p->sysbus, "sysmem", SYSMEM_BASE, SYSMEM_SIZE, p->sysmem, NULL, NULL,
		 BUS_REGION_RO))
		return -1;
	p->flash_r = add(p, p->sysbus, "flash", FLASH_BASE_ADDR, FLASH_TOTAL_SIZE,
			 p->flash_mem, &flash_mem_ops, p, BUS_REGION_RO);
	return p->flash_r ? 0 : -1;
}

static int add_registers(struct periph *p)
{
	if (!add(p, p->sysbus, "flash-regs", 0x52002000, 0x1000, NULL, &flash_reg_ops, p, 0) ||
	    !add(p, p->sysbus, "rcc", 0x58024400, 0x400, NULL, &rcc_ops, p, 0) ||
	    !add(p, p->sysbus, "pwr", 0x58024800, 0x400, NULL, &pwr_ops, p, 0))
		return -1;
	p->syscfg_r = add(p, p->sysbus, "syscfg", 0x58000400, 0x400, NULL, &syscfg_ops, p,
			  BUS_REGION_OFF_RAZWI);
	if (!p->syscfg_r)
		return -1;
	for (unsigned int n = 0; n < GPIO_NPORTS; n++) {
		p->gpio_ctx[n].p = p;
		p->gpio_ctx[n].n = n;
		p->gpio_r[n] = add(p, p->sysbus, gpio_names[n], 0x58020000 + 0x400 * n, 0x400,
				   NULL, &gpio_ops, &p->gpio_ctx[n], BUS_REGION_OFF_RAZWI);
		if (!p->gpio_r[n])
			return -1;
	}
	for (unsigned int i = 0; i < 9; i++) {
		struct dbg_comp *c = &p->dbg[i];

		if (p->apbd && !add(p, p->apbd, c->name, c->base, 0x1000, NULL, &dbg_ops, c, 0))
			return -1;
		if (!add(p, p->sysbus, c->name, dbg_sys_addr(c->base), 0x1000, NULL, &dbg_ops,
			 c, 0))
			return -1;
	}
	return 0;
}

struct periph *periph_create(const struct periph_config *cfg, struct vclock *clk,
		struct vb_stats *st, struct bus *sysbus, struct bus *apbd,
		struct vb_clocks *clocks)
{
	struct periph *p;

	if (!cfg || !clk || !sysbus) {
		fprintf(stderr, "periph: missing configuration, clock or bus\n");
		return NULL;
	}
	if (cfg->flash_size_kb == 0xFFFF) {
		fprintf(stderr, "periph: flash_size_kb must not be 0xFFFF\n");
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p) {
		fprintf(stderr, "periph: out of memory\n");
		return NULL;
	}
	p->cfg = *cfg;
	p->clk = clk;
	p->st = st;
	p->sysbus = sysbus;
	p->apbd = apbd;
	p->clocks = clocks;
	p->flash_fd = -1;
	dbg_init(p);
	if (flash_init(p) < 0 || add_memories(p) < 0 || add_registers(p) < 0) {
		fprintf(stderr, "periph: initialisation failed\n");
		periph_destroy(p);
		return NULL;
	}
	periph_power_on_reset(p);
	return p;
}

void periph_destroy(struct periph *p)
{
	if (!p)
		return;
	for (int b = 0; b < 2; b++)
		vclock_cancel(p->clk, &p->fl.bank[b].ev);
	vclock_cancel(p->clk, &p->fl.opt_ev);
	for (int i = 0; i < 4; i++)
		vclock_cancel(p->clk, &p->rcc.ev[i]);
	flash_fini(p);
	for (unsigned int i = 0; i < 8; i++)
		if (p->ram[i].mem)
			munmap(p->ram[i].mem, p->ram[i].size);
	if (p->sysmem)
		munmap(p->sysmem, SYSMEM_SIZE);
	free(p);
}

/* ---- resets ---------------------------------------------------------------- */

static void system_reset(struct periph *p, bool por, bool software)
{
	flash_reset(p);
	pwr_reset(p);
	memset(p->syscfg, 0, sizeof(p->syscfg));
	for (unsigned int n = 0; n < GPIO_NPORTS; n++)
		gpio_reset_port(p, n);
	rcc_reset(p, por, software);
}

void periph_system_reset(struct periph *p)
{
	system_reset(p, false, false);
}

void periph_system_reset_sw(struct periph *p)
{
	system_reset(p, false, true);
}

void periph_power_on_reset(struct periph *p)
{
	int pat = p->cfg.ram_por_pattern;

	system_reset(p, true, false);
	dbg_reset(p);
	if (pat < 0)
		return;
	for (unsigned int i = 0; i < 8; i++) {
		if (i == 7 && p->cfg.bkpsram_keep_on_por)
			continue;
		memset(p->ram[i].mem, pat & 0xFF, p->ram[i].size);
		bus_notify_write(p->sysbus, p->ram[i].base, p->ram[i].size);
	}
}

void periph_power_loss(struct periph *p)
{
	flash_power_loss(p);
	for (int i = 0; i < 4; i++)
		vclock_cancel(p->clk, &p->rcc.ev[i]);
}

/* ---- clocks ---------------------------------------------------------------- */

bool periph_clock_enabled(const struct periph *p, enum periph_clk clk)
{
	return (unsigned int)clk < PERIPH_CLK_COUNT_ && rcc_clk_on(p, clk);
}

void periph_gate(struct periph *p, enum periph_clk clk, struct bus_region *r)
{
	if ((unsigned int)clk >= PERIPH_CLK_COUNT_ || !r || p->ngate[clk] == GATE_MAX) {
		fprintf(stderr, "periph: cannot gate region\n");
		return;
	}
	p->gate[clk][p->ngate[clk]++] = r;
	bus_set_enabled(p->sysbus, r, rcc_clk_on(p, clk));
}

void periph_set_qspi_reset_cb(struct periph *p, periph_reset_fn fn, void *ctx)
{
	p->qspi_reset = fn;
	p->qspi_reset_ctx = ctx;
}
