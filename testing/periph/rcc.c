// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * RCC (0x58024400): registers, oscillator ready flags, the clock tree that
 * feeds struct vb_clocks, and peripheral clock gating.
 * Facts: [REF stm32h753.md 6.1, 6.4]; bit positions from CMSIS stm32h753xx.h.
 */

#include "periph_priv.h"
#include "../common/clocks.h"
#include "../common/timing.h"

#define R_CR		0x00
#define R_CFGR		0x10
#define R_D1CFGR	0x18
#define R_PLLCKSELR	0x28
#define R_PLLCFGR	0x2C
#define R_PLL1DIVR	0x30
#define R_PLL1FRACR	0x34
#define R_D1CCIPR	0x4C
#define R_CIFR		0x64
#define R_CICR		0x68
#define R_BDCR		0x70
#define R_CSR		0x74
#define R_AHB3RSTR	0x7C
#define R_AHB4RSTR	0x88
#define R_RSR		0xD0
#define R_AHB3ENR	0xD4
#define R_AHB2ENR	0xDC
#define R_AHB4ENR	0xE0
#define R_APB4ENR	0xF4

#define CR_HSION	(1u << 0)
#define CR_HSIRDY	(1u << 2)
#define CR_HSIDIV(v)	(((v) >> 3) & 3)
#define CR_HSIDIVF	(1u << 5)
#define CR_CSION	(1u << 7)
#define CR_CSIRDY	(1u << 8)
#define CR_RC48ON	(1u << 12)
#define CR_RC48RDY	(1u << 13)
#define CR_D1CKRDY	(1u << 14)
#define CR_D2CKRDY	(1u << 15)
#define CR_HSEON	(1u << 16)
#define CR_HSERDY	(1u << 17)
#define CR_PLLON(n)	(1u << (24 + 2 * (n)))	/* n = 0..2 for PLL1..3 */
#define CR_PLLRDY(n)	(1u << (25 + 2 * (n)))
#define CR_RDY_MASK	(CR_HSIRDY | CR_HSIDIVF | CR_CSIRDY | CR_RC48RDY | CR_D1CKRDY | \
			 CR_D2CKRDY | CR_HSERDY | CR_PLLRDY(0) | CR_PLLRDY(1) | CR_PLLRDY(2))

#define RSR_RMVF	(1u << 16)
#define RSR_CPURSTF	(1u << 17)
#define RSR_D1RSTF	(1u << 19)
#define RSR_D2RSTF	(1u << 20)
#define RSR_BORRSTF	(1u << 21)
#define RSR_PINRSTF	(1u << 22)
#define RSR_PORRSTF	(1u << 23)
#define RSR_SFTRSTF	(1u << 24)

#define CSI_HZ		4000000u	/* CSI_VALUE in CMSIS */

enum { SRC_HSI, SRC_CSI, SRC_HSE, SRC_PLL1 };

static uint32_t *reg(struct periph *p, uint32_t off)
{
	return &p->rcc.reg[off / 4];
}

static uint32_t regv(const struct periph *p, uint32_t off)
{
	return p->rcc.reg[off / 4];
}

/* ---- clock tree ---------------------------------------------------------- */

static uint32_t hsi_hz(const struct periph *p)
{
	return TIMING_HSI_HZ >> CR_HSIDIV(p->rcc.cr);
}

static uint32_t osc_hz(const struct periph *p, unsigned int src)
{
	const uint32_t rdy = p->rcc.rdy;

	switch (src) {
	case SRC_HSI:
		return (rdy & CR_HSIRDY) ? hsi_hz(p) : 0;
	case SRC_CSI:
		return (rdy & CR_CSIRDY) ? CSI_HZ : 0;
	case SRC_HSE:
		return (rdy & CR_HSERDY) ? p->cfg.hse_hz : 0;
	default:
		return 0;
	}
}

/*
 * PLLn output (n 0..2, out 0=P 1=Q 2=R):
 * vco = ref / DIVMn * (DIVNn + 1 + FRACNn / 8192), out = vco / (DIVx + 1).
 * [REF stm32h753.md 6.4]: PLL1DIVR 0x01070217 with HSI/4 gives 192 MHz on P.
 */
static uint32_t pll_hz(const struct periph *p, unsigned int n, unsigned int out)
{
	uint32_t cksel = regv(p, R_PLLCKSELR), cfg = regv(p, R_PLLCFGR);
	uint32_t divr = regv(p, R_PLL1DIVR + 8 * n);
	uint32_t frac = (regv(p, R_PLL1FRACR + 8 * n) >> 3) & 0x1FFF;
	unsigned int divm = (cksel >> (4 + 8 * n)) & 0x3F;
	double ref, vco, mul;
	unsigned int div;

	if (!(p->rcc.rdy & CR_PLLRDY(n)) || !divm || !(cfg & (1u << (16 + 3 * n + out))))
		return 0;
	ref = osc_hz(p, cksel & 3);
	mul = (divr & 0x1FF) + 1;
	if (cfg & (1u << (4 * n)))		/* PLLnFRACEN */
		mul += frac / 8192.0;
	vco = ref / divm * mul;
	switch (out) {
	case 0:
		div = ((divr >> 9) & 0x7F) + 1;
		break;
	case 1:
		div = ((divr >> 16) & 0x7F) + 1;
		break;
	default:
		div = ((divr >> 24) & 0x7F) + 1;
		break;
	}
	return (uint32_t)(vco / div + 0.5);
}

static uint32_t src_hz(const struct periph *p, unsigned int src)
{
	return src == SRC_PLL1 ? pll_hz(p, 0, 0) : osc_hz(p, src);
}

static bool src_ready(const struct periph *p, unsigned int src)
{
	static const uint32_t bit[] = { CR_HSIRDY, CR_CSIRDY, CR_HSERDY, CR_PLLRDY(0) };

	return src < 4 && (p->rcc.rdy & bit[src]);
}

/* D1CPRE / HPRE encoding: 0xxx = /1, 1000../2, /4, /8, /16, /64, /128, /256, /512 */
static unsigned int ahb_div(unsigned int code)
{
	static const unsigned int d[] = { 2, 4, 8, 16, 64, 128, 256, 512 };

	return code < 8 ? 1 : d[code - 8];
}

static uint32_t per_ck_hz(const struct periph *p)
{
	switch ((regv(p, R_D1CCIPR) >> 28) & 3) {
	case 0:
		return osc_hz(p, SRC_HSI);
	case 1:
		return osc_hz(p, SRC_CSI);
	case 2:
		return osc_hz(p, SRC_HSE);
	default:
		return 0;
	}
}

static void update_clocks(struct periph *p)
{
	uint32_t d1 = regv(p, R_D1CFGR);
	uint32_t sys, cpu, hclk, qspi;

	/* SW takes effect once the selected source is ready; SWS follows. */
	if ((p->rcc.cfgr & 7) < 4 && src_ready(p, p->rcc.cfgr & 7))
		p->rcc.sws = p->rcc.cfgr & 7;
	sys = src_hz(p, p->rcc.sws);
	cpu = sys / ahb_div((d1 >> 8) & 0xF);
	hclk = cpu / ahb_div(d1 & 0xF);
	switch ((regv(p, R_D1CCIPR) >> 4) & 3) {
	case 0:
		qspi = hclk;
		break;
	case 1:
		qspi = pll_hz(p, 0, 1);
		break;
	case 2:
		qspi = pll_hz(p, 1, 2);
		break;
	default:
		qspi = per_ck_hz(p);
		break;
	}
	if (p->clocks) {
		p->clocks->cpu_hz = cpu;
		p->clocks->hclk_hz = hclk;
		p->clocks->qspi_ker_hz = qspi;
	}
}

/* ---- gating -------------------------------------------------------------- */

bool rcc_clk_on(const struct periph *p, enum periph_clk c)
{
	if (c == PERIPH_CLK_QSPI)
		return regv(p, R_AHB3ENR) & (1u << 14);
	if (c >= PERIPH_CLK_GPIOA && c <= PERIPH_CLK_GPIOK)
		return regv(p, R_AHB4ENR) & (1u << (c - PERIPH_CLK_GPIOA));
	if (c == PERIPH_CLK_BKPRAM)
		return regv(p, R_AHB4ENR) & (1u << 28);
	return false;
}

static void set_enabled(struct periph *p, struct bus_region *r, bool on)
{
	if (r)
		bus_set_enabled(p->sysbus, r, on);
}

static void update_gating(struct periph *p)
{
	uint32_t ahb2 = regv(p, R_AHB2ENR);

	for (unsigned int c = 0; c < PERIPH_CLK_COUNT_; c++)
		for (unsigned int i = 0; i < p->ngate[c]; i++)
			set_enabled(p, p->gate[c][i], rcc_clk_on(p, c));
	for (unsigned int n = 0; n < GPIO_NPORTS; n++)
		set_enabled(p, p->gpio_r[n], rcc_clk_on(p, PERIPH_CLK_GPIOA + n));
	set_enabled(p, p->syscfg_r, regv(p, R_APB4ENR) & (1u << 1));
	for (unsigned int i = 0; i < 3; i++)
		set_enabled(p, p->sram_r[i], !p->cfg.gate_d2_sram || (ahb2 & (1u << (29 + i))));
	set_enabled(p, p->bkp_r, !p->cfg.gate_bkpsram || rcc_clk_on(p, PERIPH_CLK_BKPRAM));
}

void rcc_update(struct periph *p)
{
	update_clocks(p);
	update_gating(p);
}

/* ---- oscillators --------------------------------------------------------- */

/* Delayed ready flags: event idx 0..2 = PLL1..3, 3 = HSE. */
static uint32_t rdy_bit_of(int idx)
{
	return idx < 3 ? CR_PLLRDY(idx) : CR_HSERDY;
}

static void osc_ready(struct periph *p, int idx)
{
	p->rcc.rdy |= rdy_bit_of(idx);
	rcc_update(p);
}

static void osc_ready_ev0(void *ctx) { osc_ready(ctx, 0); }
static void osc_ready_ev1(void *ctx) { osc_ready(ctx, 1); }
static void osc_ready_ev2(void *ctx) { osc_ready(ctx, 2); }
static void osc_ready_ev3(void *ctx) { osc_ready(ctx, 3); }

static const vclock_fn osc_ready_fn[4] = {
	osc_ready_ev0, osc_ready_ev1, osc_ready_ev2, osc_ready_ev3,
};

/* Ready flags follow ON bits (HSI/CSI/RC48 at once, PLLs/HSE after pll_lock_ns). */
static void update_ready(struct periph *p, uint32_t old_cr)
{
	struct rcc *r = &p->rcc;
	uint32_t cr = r->cr;

	r->rdy |= CR_HSIDIVF | CR_D1CKRDY | CR_D2CKRDY;
	r->rdy = (cr & CR_HSION) ? (r->rdy | CR_HSIRDY) : (r->rdy & ~CR_HSIRDY);
	r->rdy = (cr & CR_CSION) ? (r->rdy | CR_CSIRDY) : (r->rdy & ~CR_CSIRDY);
	r->rdy = (cr & CR_RC48ON) ? (r->rdy | CR_RC48RDY) : (r->rdy & ~CR_RC48RDY);
	for (int idx = 0; idx < 4; idx++) {
		uint32_t on = idx < 3 ? CR_PLLON(idx) : CR_HSEON;
		uint32_t rdy = rdy_bit_of(idx);

		if (!(cr & on)) {
			vclock_cancel(p->clk, &r->ev[idx]);
			r->rdy &= ~rdy;
			continue;
		}
		if (old_cr & on)
			continue;
		if (idx == 3 && !p->cfg.hse_hz)
			continue;		/* no crystal: HSERDY never sets */
		if (!p->cfg.pll_lock_ns)
			r->rdy |= rdy;
		else
			vclock_schedule(p->clk, &r->ev[idx],
					vclock_now(p->clk) + p->cfg.pll_lock_ns,
					osc_ready_fn[idx], p, "rcc-osc-ready");
	}
}

static void write_cr(struct periph *p, uint32_t v)
{
	struct rcc *r = &p->rcc;
	uint32_t old = r->cr;
	uint32_t pllsrc = regv(p, R_PLLCKSELR) & 3;

	v &= ~CR_RDY_MASK;
	/* The active system clock source (and PLL1 feeding it) cannot be stopped. */
	if (r->sws == SRC_HSI || (r->sws == SRC_PLL1 && pllsrc == SRC_HSI))
		v |= CR_HSION;
	if (r->sws == SRC_CSI || (r->sws == SRC_PLL1 && pllsrc == SRC_CSI))
		v |= CR_CSION;
	if (r->sws == SRC_HSE || (r->sws == SRC_PLL1 && pllsrc == SRC_HSE))
		v |= CR_HSEON;
	if (r->sws == SRC_PLL1)
		v |= CR_PLLON(0);
	r->cr = v;
	update_ready(p, old);
}

/* ---- register decode ----------------------------------------------------- */

static uint32_t rcc_read32(struct periph *p, uint32_t off)
{
	if (off >= 0x130 && off < 0x180)
		off -= 0x60;		/* C1_ aliases share the storage */
	switch (off) {
	case R_CR:
		return (p->rcc.cr & ~CR_RDY_MASK) | p->rcc.rdy;
	case R_CFGR:
		return (p->rcc.cfgr & ~0x38u) | (p->rcc.sws << 3);
	case R_CSR:
		return regv(p, off) | ((regv(p, off) & 1) << 1);	/* LSIRDY */
	case R_CICR:
		return 0;
	default:
		return regv(p, off);
	}
}

static void rcc_write32(struct periph *p, uint32_t off, uint32_t val, uint32_t mask)
{
	uint32_t old;

	if (off >= 0x130 && off < 0x180)
		off -= 0x60;
	old = regv(p, off);
	switch (off) {
	case R_CR:
		write_cr(p, upd(p->rcc.cr, val, mask));
		break;
	case R_CFGR:
		p->rcc.cfgr = upd(p->rcc.cfgr, val, mask) & ~0x38u;
		break;
	case R_PLL1DIVR:
	case R_PLL1DIVR + 8:
	case R_PLL1DIVR + 16:
		/* writable only while PLLn is off (RM0433 PLLxDIVR field text) */
		if (!(p->rcc.cr & CR_PLLON((off - R_PLL1DIVR) / 8)))
			*reg(p, off) = upd(old, val, mask);
		break;
	case R_CIFR:
	case R_CICR:
		break;
	case R_BDCR:
		*reg(p, off) = upd(old, val, mask) & ~2u;	/* no LSE: LSERDY stays 0 */
		break;
	case R_RSR:
		if (val & mask & RSR_RMVF)
			*reg(p, off) = 0;
		break;
	case R_AHB3RSTR:
		*reg(p, off) = upd(old, val, mask);
		if ((*reg(p, off) & ~old & (1u << 14)) && p->qspi_reset)
			p->qspi_reset(p->qspi_reset_ctx);
		break;
	case R_AHB4RSTR:
		*reg(p, off) = upd(old, val, mask);
		for (unsigned int n = 0; n < GPIO_NPORTS; n++)
			if (*reg(p, off) & (1u << n))
				gpio_reset_port(p, n);	/* held in reset while set */
		break;
	default:
		if (off < 0x400)
			*reg(p, off) = upd(old, val, mask);
		break;
	}
	rcc_update(p);
}

static int rcc_read(void *ctx, uint32_t off, struct bus_access *a)
{
	a->data = lane_extract(rcc_read32(ctx, off & ~3u), a, off);
	return BUS_OK;
}

static int rcc_write(void *ctx, uint32_t off, struct bus_access *a)
{
	rcc_write32(ctx, off & ~3u, lane_value(a, off), lane_mask(a, off));
	return BUS_OK;
}

const struct bus_dev_ops rcc_ops = { .read = rcc_read, .write = rcc_write };

/*
 * Reset values: [REF stm32h753.md 6.1] (SVD).  RSR flags accumulate until
 * RMVF; which flags a reset sets is [ASSUMED] from the RM0433 reset-source
 * table as remembered (POR: POR|BOR|PIN|D1|D2|CPU; pin: PIN|CPU; software:
 * SFT|PIN|CPU), not confirmed by the reference.
 */
void rcc_reset(struct periph *p, bool por, bool software)
{
	struct rcc *r = &p->rcc;
	uint32_t rsr = por ? 0 : regv(p, R_RSR);

	for (int i = 0; i < 4; i++)
		vclock_cancel(p->clk, &r->ev[i]);
	for (unsigned int i = 0; i < 0x400 / 4; i++)
		r->reg[i] = 0;
	*reg(p, 0x04) = 0x40000000;		/* HSICFGR (SVD) */
	*reg(p, 0x0C) = 0x20000000;		/* CSICFGR (SVD) */
	*reg(p, R_PLLCKSELR) = 0x02020200;
	*reg(p, R_PLLCFGR) = 0x01FF0000;
	*reg(p, R_PLL1DIVR) = 0x01010280;
	*reg(p, R_PLL1DIVR + 8) = 0x01010280;
	*reg(p, R_PLL1DIVR + 16) = 0x01010280;
	if (por)
		rsr = RSR_PORRSTF | RSR_BORRSTF | RSR_PINRSTF | RSR_D1RSTF | RSR_D2RSTF |
			RSR_CPURSTF;
	else
		rsr |= RSR_PINRSTF | RSR_CPURSTF | (software ? RSR_SFTRSTF : 0);
	*reg(p, R_RSR) = rsr;
	r->cfgr = 0;
	r->sws = SRC_HSI;
	r->rdy = 0;
	r->cr = (p->cfg.rcc_cr_reset | CR_HSION) & ~CR_RDY_MASK;
	update_ready(p, 0);
	rcc_update(p);
}
