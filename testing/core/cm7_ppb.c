// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cortex-M7 Private Peripheral Bus, 0xE0000000-0xE00FFFFF: ITM, DWT, FPB,
 * SCS (SCB, NVIC, SysTick, MPU storage, FP control, debug registers),
 * ETM/CTI identification stubs and the ROM tables.  All register decode of
 * the PPB is in this file.  Facts: [REF stm32h753.md 1.3, 1.4, 2.1, 2.2].
 */

#include "cm7_priv.h"
#include "../common/clocks.h"
#include "../common/timing.h"
#include "../common/util.h"

/* ---- CoreSight identification ----------------------------------------------- */

#define JEP_ARM		0x43Bu	/* continuation 4, code 0x3B */
#define JEP_ST		0x020u	/* continuation 0, code 0x20 */

struct comp {
	uint32_t base;		/* offset in the PPB */
	uint16_t designer;	/* JEP106 continuation << 8 | code */
	uint16_t part;
	uint8_t rev;
	uint8_t cls;		/* CIDR1[7:4]: 0x1 ROM table, 0x9 CoreSight, 0xE generic */
	uint8_t devtype;
	uint32_t devarch;
};

/*
 * Part numbers and the ROM-table layout are [REF stm32h753.md 1.3]; the
 * revision fields, DEVTYPE and DEVARCH values are plausible choices (not read
 * from silicon).  DWT DEVARCH is 0 so OpenOCD takes the ARMv7-M path
 * [REF stm32h753.md 1.4].
 */
static const struct comp comps[] = {
	{ 0x00000, JEP_ARM, 0x001, 0, 0xE, 0, 0 },		/* ITM */
	{ 0x01000, JEP_ARM, 0x002, 0, 0xE, 0, 0 },		/* DWT */
	{ 0x02000, JEP_ARM, 0x00E, 0, 0xE, 0, 0 },		/* FPB */
	{ 0x0E000, JEP_ARM, 0x00C, 0, 0xE, 0, 0 },		/* SCS */
	{ 0x41000, JEP_ARM, 0x975, 0, 0x9, 0x13, 0x47704A13 },	/* ETM-M7 */
	{ 0x43000, JEP_ARM, 0x906, 0, 0x9, 0x14, 0 },		/* CTI */
	{ 0xFE000, JEP_ST, 0x450, 0, 0x1, 0, 0 },		/* ST ROM table */
	{ 0xFF000, JEP_ARM, 0x4C7, 0, 0x1, 0, 0 },		/* Cortex-M7 ROM table */
};

#define ROM_ST		0xFE000u
#define ROM_M7		0xFF000u

static const uint32_t rom_st_entries[] = { ROM_M7, 0x41000, 0x43000 };
static const uint32_t rom_m7_entries[] = { 0x0E000, 0x01000, 0x02000, 0x00000 };

static const struct comp *find_comp(uint32_t off)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(comps); i++)
		if ((off & ~0xFFFu) == comps[i].base)
			return &comps[i];
	return NULL;
}

/* Registers 0xFBC-0xFFC of a component.  Returns false if not an ID reg. */
static bool id_reg(const struct comp *k, uint32_t r, uint32_t *v)
{
	switch (r) {
	case 0xFBC:
		*v = k->devarch;
		return true;
	case 0xFCC:
		*v = k->cls == 0x1 ? 1 : k->devtype;	/* ROM table: MEMTYPE.SYSMEM */
		return true;
	case 0xFD0:
		*v = (k->designer >> 8) & 0xF;
		return true;
	case 0xFE0:
		*v = k->part & 0xFF;
		return true;
	case 0xFE4:
		*v = ((k->part >> 8) & 0xF) | (k->designer & 0xF) << 4;
		return true;
	case 0xFE8:
		*v = ((k->designer >> 4) & 0x7) | 0x8 | (uint32_t)k->rev << 4;
		return true;
	case 0xFD4: case 0xFD8: case 0xFDC: case 0xFEC:
		*v = 0;
		return true;
	case 0xFF0:
		*v = 0x0D;
		return true;
	case 0xFF4:
		*v = (uint32_t)k->cls << 4;
		return true;
	case 0xFF8:
		*v = 0x05;
		return true;
	case 0xFFC:
		*v = 0xB1;
		return true;
	default:
		return false;
	}
}

static uint32_t rom_entry(uint32_t table, const uint32_t *e, unsigned int n, uint32_t r)
{
	if (r / 4 >= n)
		return 0;
	return (e[r / 4] - table) | 3;	/* signed offset, 32-bit format, present */
}

/* ---- SysTick: counter derived from virtual time while it counts ----------------- */

#define SYST_ENABLE	1u
#define SYST_TICKINT	2u
#define SYST_CLKSRC	4u
#define SYST_COUNTFLAG	(1u << 16)

static uint32_t syst_rate(const struct cm7 *c)
{
	uint32_t hz = c->clocks && c->clocks->cpu_hz ? c->clocks->cpu_hz : TIMING_HSI_HZ;

	return (c->syst_csr & SYST_CLKSRC) ? hz : hz / c->opt.systick_ext_div;
}

static uint32_t syst_current(const struct cm7 *c)
{
	uint64_t ticks, period = (uint64_t)c->syst_rvr + 1;

	if (!c->syst_counting)
		return c->syst_anchor_val;
	ticks = (c->clk->now - c->syst_anchor_ns) * (uint64_t)c->syst_hz / 1000000000ull;
	if (ticks <= c->syst_anchor_val)
		return c->syst_anchor_val - (uint32_t)ticks;
	if (!c->syst_rvr)
		return 0;
	return c->syst_rvr - (uint32_t)((ticks - c->syst_anchor_val - 1) % period);
}

static void syst_fire(void *ctx);

static void syst_schedule(struct cm7 *c)
{
	uint64_t ticks = c->syst_anchor_val ? c->syst_anchor_val :
		c->syst_rvr ? (uint64_t)c->syst_rvr + 1 : 0;

	vclock_cancel(c->clk, &c->syst_ev);
	if (!ticks || !c->syst_hz)
		return;
	vclock_schedule(c->clk, &c->syst_ev, c->syst_anchor_ns +
			(ticks * 1000000000ull + c->syst_hz - 1) / c->syst_hz,
			syst_fire, c, "systick");
}

static void syst_fire(void *ctx)
{
	struct cm7 *c = ctx;

	c->syst_csr |= SYST_COUNTFLAG;
	if (c->syst_csr & SYST_TICKINT)
		cm7_pend(c, EXC_SYSTICK);
	c->syst_anchor_val = 0;
	c->syst_anchor_ns = c->syst_ev.when;
	syst_schedule(c);
}

void cm7_systick_freeze(struct cm7 *c)
{
	c->syst_anchor_val = syst_current(c);
	c->syst_anchor_ns = c->clk->now;
	c->syst_counting = false;
	vclock_cancel(c->clk, &c->syst_ev);
}

void cm7_systick_start(struct cm7 *c)
{
	cm7_systick_freeze(c);
	if (!(c->syst_csr & SYST_ENABLE) || c->halted)
		return;
	c->syst_counting = true;
	c->syst_hz = syst_rate(c);
	syst_schedule(c);
}

/* ---- resets ------------------------------------------------------------------------- */

void cm7_ppb_power_on_reset(struct cm7 *c)
{
	c->fpb_enable = false;
	for (unsigned int i = 0; i <= CM7_FPB_CODE; i++)
		c->fp_comp[i] = 0;
	c->fpb_armed = 0;
	c->dwt_ctrl = 0;
	c->dwt_cyccnt = 0;
	for (unsigned int i = 0; i < CM7_DWT_COMP; i++)
		c->dwt_comp[i] = c->dwt_mask[i] = c->dwt_func[i] = 0;
	c->dwt_locked = c->itm_locked = c->fpb_locked = true;
	c->itm_ter = c->itm_tpr = c->itm_tcr = 0;
}

void cm7_ppb_system_reset(struct cm7 *c)
{
	c->vtor = c->opt.boot_addr & 0xFFFFFF80u;
	c->prigroup = 0;
	c->scr = 0;
	c->ccr = 0x00040200;	/* STKALIGN, BP [ASSUMED, M7 TRM value from memory] */
	c->shcsr_ena = 0;
	c->cfsr = c->hfsr = c->mmfar = c->bfar = 0;
	c->cpacr = 0;
	c->actlr = 0;
	c->fpccr = 0xC0000000;	/* ASPEN | LSPEN (ARMv7-M reset value) */
	c->fpcar = c->fpdscr = 0;
	c->mpu_ctrl = c->mpu_rnr = 0;
	for (unsigned int i = 0; i < 16; i++)
		c->mpu_rbar[i] = c->mpu_rasr[i] = 0;
	vclock_cancel(c->clk, &c->syst_ev);
	c->syst_csr = 0;
	c->syst_rvr = 0;
	c->syst_anchor_val = 0;
	c->syst_counting = false;
}

/* ---- FPB, DWT, ITM -------------------------------------------------------------------- */

bool cm7_fpb_match(const struct cm7 *c, uint32_t addr)
{
	for (unsigned int i = 0; i < CM7_FPB_CODE; i++)
		if ((c->fp_comp[i] & 1) && (c->fp_comp[i] & ~1u) == (addr & ~1u))
			return true;
	return false;
}

static unsigned int fpb_ncomp(const struct cm7 *c)
{
	return CM7_FPB_CODE + c->opt.fpb_num_lit;
}

static uint32_t fpb_read(struct cm7 *c, uint32_t r)
{
	if (r == 0x000)
		return 0x10000000u | c->opt.fpb_num_lit << 8 | CM7_FPB_CODE << 4 |
			(c->fpb_enable ? 1 : 0);
	if (r >= 0x008 && (r - 0x008) / 4 < fpb_ncomp(c))
		return c->fp_comp[(r - 0x008) / 4];
	return 0;	/* FP_REMAP: RMPSPT=0, no remap on the M7 */
}

static void fpb_write(struct cm7 *c, uint32_t r, uint32_t v)
{
	if (r == 0x000) {
		if (v & 2)	/* KEY */
			c->fpb_enable = v & 1;
	} else if (r >= 0x008 && (r - 0x008) / 4 < fpb_ncomp(c)) {
		c->fp_comp[(r - 0x008) / 4] = v;
		c->fpb_armed = 0;
		for (unsigned int i = 0; i < CM7_FPB_CODE; i++)
			c->fpb_armed += c->fp_comp[i] & 1;
	}
}

static uint32_t dwt_read(struct cm7 *c, uint32_t r)
{
	unsigned int n = (r - 0x20) / 16;

	switch (r) {
	case 0x000:
		return (CM7_DWT_COMP << 28) | (c->dwt_ctrl & 0x1FFF);
	case 0x004:
		return c->dwt_cyccnt;
	case 0x01C:
		return c->halted ? 0xFFFFFFFFu : c->last_pc;
	}
	if (r >= 0x20 && n < CM7_DWT_COMP) {
		switch (r & 0xF) {
		case 0x0:
			return c->dwt_comp[n];
		case 0x4:
			return c->dwt_mask[n];
		case 0x8: {
			uint32_t v = c->dwt_func[n];

			c->dwt_func[n] &= ~(1u << 24);	/* MATCHED clears on read */
			return v;
		}
		}
	}
	return 0;
}

static void dwt_write(struct cm7 *c, uint32_t r, uint32_t v)
{
	unsigned int n = (r - 0x20) / 16;

	if (r == 0x000)
		c->dwt_ctrl = v & 0x1FFF;
	else if (r == 0x004)
		c->dwt_cyccnt = v;
	else if (r >= 0x20 && n < CM7_DWT_COMP) {
		if ((r & 0xF) == 0x0)
			c->dwt_comp[n] = v;
		else if ((r & 0xF) == 0x4)
			c->dwt_mask[n] = v & 0x1F;
		else if ((r & 0xF) == 0x8)
			c->dwt_func[n] = (c->dwt_func[n] & (1u << 24)) | (v & 0x000F0FAFu);
	}
}

static uint32_t itm_read(struct cm7 *c, uint32_t r)
{
	if (r < 0x80)
		return (c->itm_tcr & 1) ? 1 : 0;	/* FIFOREADY */
	if (r == 0xE00)
		return c->itm_ter;
	if (r == 0xE40)
		return c->itm_tpr;
	if (r == 0xE80)
		return c->itm_tcr;
	return 0;
}

static void itm_write(struct cm7 *c, uint32_t r, uint32_t v)
{
	if (r == 0xE00)
		c->itm_ter = v;
	else if (r == 0xE40)
		c->itm_tpr = v & 0xF;
	else if (r == 0xE80)
		c->itm_tcr = v & 0x00FF3F1Fu;
	/* stimulus writes: no trace sink is modelled */
}

/* ---- NVIC ---------------------------------------------------------------------------- */

static uint32_t nvic_bits(const bool *arr, unsigned int reg, bool enabled_irq)
{
	uint32_t v = 0;

	for (unsigned int b = 0; b < 32; b++) {
		unsigned int irq = reg * 32 + b;

		if (irq < CM7_NUM_IRQ && arr[enabled_irq ? irq : EXC_IRQ0 + irq])
			v |= 1u << b;
	}
	return v;
}

static uint32_t nvic_read(struct cm7 *c, uint32_t r)
{
	unsigned int reg = (r & 0x7F) / 4;

	if (r >= 0x100 && r < 0x180)
		return nvic_bits(c->irq_enabled, reg, true);
	if (r >= 0x180 && r < 0x200)
		return nvic_bits(c->irq_enabled, reg, true);
	if (r >= 0x200 && r < 0x300)
		return nvic_bits(c->pending, reg, false);
	if (r >= 0x300 && r < 0x380)
		return nvic_bits(c->active, reg, false);
	if (r >= 0x400 && r < 0x400 + CM7_NUM_IRQ) {
		uint32_t v = 0;

		for (unsigned int i = 0; i < 4; i++)
			if (r - 0x400 + i < CM7_NUM_IRQ)
				v |= (uint32_t)c->prio[EXC_IRQ0 + r - 0x400 + i] << (8 * i);
		return v;
	}
	return 0;
}

static void nvic_write(struct cm7 *c, uint32_t r, uint32_t v)
{
	unsigned int reg = (r & 0x7F) / 4;

	for (unsigned int b = 0; b < 32; b++) {
		unsigned int irq = reg * 32 + b;

		if (!(v & (1u << b)) || irq >= CM7_NUM_IRQ)
			continue;
		if (r >= 0x100 && r < 0x180) {
			c->irq_enabled[irq] = true;
			cm7_request(c, REQ_EXC);
		} else if (r >= 0x180 && r < 0x200) {
			c->irq_enabled[irq] = false;
		} else if (r >= 0x200 && r < 0x280) {
			cm7_pend(c, EXC_IRQ0 + irq);
		} else if (r >= 0x280 && r < 0x300) {
			c->pending[EXC_IRQ0 + irq] = false;
		}
	}
}

/* ---- SCB ------------------------------------------------------------------------------ */

static const struct { unsigned int bit, exc; bool pend; } shcsr_map[] = {
	{ 0, EXC_MEMMANAGE, false }, { 1, EXC_BUSFAULT, false }, { 3, EXC_USAGEFAULT, false },
	{ 7, EXC_SVCALL, false }, { 8, EXC_DEBUGMON, false }, { 10, EXC_PENDSV, false },
	{ 11, EXC_SYSTICK, false }, { 12, EXC_USAGEFAULT, true }, { 13, EXC_MEMMANAGE, true },
	{ 14, EXC_BUSFAULT, true }, { 15, EXC_SVCALL, true },
};

static uint32_t shcsr_read(const struct cm7 *c)
{
	uint32_t v = c->shcsr_ena;

	for (unsigned int i = 0; i < ARRAY_SIZE(shcsr_map); i++) {
		unsigned int n = shcsr_map[i].exc;

		if (shcsr_map[i].pend ? c->pending[n] : c->active[n])
			v |= 1u << shcsr_map[i].bit;
	}
	return v;
}

static void shcsr_write(struct cm7 *c, uint32_t v)
{
	c->shcsr_ena = v & (7u << 16);
	for (unsigned int i = 0; i < ARRAY_SIZE(shcsr_map); i++)
		if (shcsr_map[i].pend)
			c->pending[shcsr_map[i].exc] = v & (1u << shcsr_map[i].bit);
}

static uint32_t icsr_read(struct cm7 *c)
{
	uint32_t ipsr = cm7_reg(c, UC_ARM_REG_IPSR) & 0x1ff;
	unsigned int nact = 0;
	uint32_t v = ipsr;
	bool isr = false;

	for (unsigned int n = 1; n < CM7_NUM_EXC; n++)
		nact += c->active[n];
	for (unsigned int n = EXC_IRQ0; n < CM7_NUM_EXC; n++)
		isr |= c->pending[n];
	if (nact <= 1)
		v |= 1u << 11;				/* RETTOBASE */
	v |= (cm7_pending_best(c, false, false) & 0x1ff) << 12;	/* VECTPENDING */
	if (isr)
		v |= 1u << 22;
	if (c->pending[EXC_SYSTICK])
		v |= 1u << 26;
	if (c->pending[EXC_PENDSV])
		v |= 1u << 28;
	if (c->pending[EXC_NMI])
		v |= 1u << 31;
	return v;
}

static void icsr_write(struct cm7 *c, uint32_t v)
{
	if (v & (1u << 31))
		cm7_pend(c, EXC_NMI);
	if (v & (1u << 28))
		cm7_pend(c, EXC_PENDSV);
	if (v & (1u << 27))
		c->pending[EXC_PENDSV] = false;
	if (v & (1u << 26))
		cm7_pend(c, EXC_SYSTICK);
	if (v & (1u << 25))
		c->pending[EXC_SYSTICK] = false;
}

static void aircr_write(struct cm7 *c, uint32_t v, const struct bus_access *a)
{
	if ((v >> 16) != 0x05FA)
		return;
	c->prigroup = (v >> 8) & 7;
	if ((v & 2) && c->halted) {		/* VECTCLRACTIVE (debug use) */
		struct cm7_sys s;

		for (unsigned int n = 0; n < CM7_NUM_EXC; n++)
			c->active[n] = false;
		cm7_get_sys(c, &s);
		s.ipsr = 0;
		cm7_put_sys(c, &s);
	}
	if (v & 4) {				/* SYSRESETREQ */
		if (c->running)
			cm7_request(c, REQ_RESET);
		else if (c->reset_fn)
			c->reset_fn(c->reset_ctx);
		else
			cm7_system_reset(c);
	}
	/* VECTRESET (bit 0) is not supported by the M7: ignored. */
}

/* ---- debug registers -------------------------------------------------------------------- */

static uint32_t dhcsr_read(struct cm7 *c)
{
	uint32_t v = c->dhcsr & (DHCSR_C_DEBUGEN | DHCSR_C_HALT | DHCSR_C_STEP |
			DHCSR_C_MASKINTS | DHCSR_C_SNAPSTALL);

	if (!c->hung)
		v |= DHCSR_S_REGRDY;	/* transfers complete instantly */
	if (c->halted)
		v |= DHCSR_S_HALT;
	if (c->sleeping)
		v |= DHCSR_S_SLEEP;
	if (c->lockup)
		v |= DHCSR_S_LOCKUP;
	if (c->s_retire_st)
		v |= DHCSR_S_RETIRE_ST;
	if (c->s_reset_st)
		v |= DHCSR_S_RESET_ST;
	c->s_retire_st = c->s_reset_st = false;
	return v;
}

static void dhcsr_write(struct cm7 *c, uint32_t v, const struct bus_access *a)
{
	bool debugger = a->master != BUS_MASTER_CPU;
	uint32_t nv;

	if ((v >> 16) != DBGKEY)
		return;
	if (!(debugger ? (v & DHCSR_C_DEBUGEN) : (c->dhcsr & DHCSR_C_DEBUGEN))) {
		c->dhcsr = 0;		/* C_HALT etc. read 0 without C_DEBUGEN */
		cm7_leave_halt(c);
		return;
	}
	nv = DHCSR_C_DEBUGEN | (v & (DHCSR_C_HALT | DHCSR_C_STEP | DHCSR_C_MASKINTS |
			DHCSR_C_SNAPSTALL));
	c->dhcsr = nv;
	if (nv & DHCSR_C_HALT) {
		if (c->halted || c->hung)
			return;
		if (c->running)
			cm7_request(c, REQ_HALT);
		else
			cm7_enter_halt(c, DFSR_HALTED);
	} else if (c->halted) {
		c->step_pending = nv & DHCSR_C_STEP;
		cm7_leave_halt(c);
	}
}

static void dcrsr_write(struct cm7 *c, uint32_t v)
{
	if (!c->halted)
		return;		/* only valid in debug state */
	if (v & (1u << 16))
		cm7_core_reg_write(c, v & 0x7F, c->dcrdr);
	else
		c->dcrdr = cm7_core_reg_read(c, v & 0x7F);
}

/* ---- SCS -------------------------------------------------------------------------------- */

#define SYST_CALIB	0x40000000u	/* SKEW=1, TENMS=0 [ASSUMED] */

static uint32_t scs_read(struct cm7 *c, uint32_t r)
{
	uint32_t v;

	if (r >= 0x100 && r < 0x500)
		return nvic_read(c, r);
	if (r >= 0xD18 && r < 0xD24) {
		v = 0;
		for (unsigned int i = 0; i < 4; i++)
			v |= (uint32_t)c->prio[4 + r - 0xD18 + i] << (8 * i);
		return v;
	}
	switch (r) {
	case 0x004: return (CM7_NUM_IRQ + 31) / 32 - 1;		/* ICTR */
	case 0x008: return c->actlr;
	case 0x010:
		v = c->syst_csr;
		c->syst_csr &= ~SYST_COUNTFLAG;
		return v;
	case 0x014: return c->syst_rvr;
	case 0x018: return syst_current(c);
	case 0x01C: return SYST_CALIB;
	case 0xD00: return CM7_CPUID;
	case 0xD04: return icsr_read(c);
	case 0xD08: return c->vtor;
	case 0xD0C: return 0xFA050000u | c->prigroup << 8;
	case 0xD10: return c->scr;
	case 0xD14: return c->ccr;
	case 0xD24: return shcsr_read(c);
	case 0xD28: return c->cfsr;
	case 0xD2C: return c->hfsr;
	case 0xD30: return c->dfsr;
	case 0xD34: return c->mmfar;
	case 0xD38: return c->bfar;
	case 0xD88: return c->cpacr;
	case 0xD90: return 16u << 8;			/* MPU_TYPE: 16 regions */
	case 0xD94: return c->mpu_ctrl;
	case 0xD98: return c->mpu_rnr;
	case 0xD9C: return c->mpu_rbar[c->mpu_rnr & 15] | (c->mpu_rnr & 15);
	case 0xDA0: return c->mpu_rasr[c->mpu_rnr & 15];
	case 0xDF0: return dhcsr_read(c);
	case 0xDF8: return c->dcrdr;
	case 0xDFC: return c->demcr;
	case 0xF34: return c->fpccr;
	case 0xF38: return c->fpcar;
	case 0xF3C: return c->fpdscr;
	case 0xF40: return 0x10110221u;	/* MVFR0 FPv5 DP [REF stm32h753.md 1.4] */
	case 0xF44: return 0x12000011u;	/* MVFR1 */
	case 0xF48: return 0x00000040u;	/* MVFR2: VFP misc (VSEL etc.) */
	default: return 0;		/* ID_*, cache ID, reserved: RAZ */
	}
}

static void scs_write(struct cm7 *c, uint32_t r, uint32_t v, const struct bus_access *a)
{
	if (r >= 0x100 && r < 0x300) {
		nvic_write(c, r, v);
		return;
	}
	switch (r) {
	case 0x008:
		c->actlr = v;
		break;
	case 0x010:
		cm7_systick_freeze(c);
		c->syst_csr = (c->syst_csr & SYST_COUNTFLAG) | (v & 7);
		cm7_systick_start(c);
		break;
	case 0x014:
		cm7_systick_freeze(c);
		c->syst_rvr = v & 0xFFFFFF;
		cm7_systick_start(c);
		break;
	case 0x018:
		cm7_systick_freeze(c);
		c->syst_anchor_val = 0;
		c->syst_csr &= ~SYST_COUNTFLAG;
		cm7_systick_start(c);
		break;
	case 0xD04:
		icsr_write(c, v);
		break;
	case 0xD08:
		c->vtor = v & 0xFFFFFF80u;
		break;
	case 0xD0C:
		aircr_write(c, v, a);
		break;
	case 0xD10:
		c->scr = v & 0x16;
		break;
	case 0xD14:
		c->ccr = (v & 0x0007031Bu) | 0x200;
		break;
	case 0xD24:
		shcsr_write(c, v);
		break;
	case 0xD28:
		c->cfsr &= ~v;
		break;
	case 0xD2C:
		c->hfsr &= ~v;
		break;
	case 0xD30:
		c->dfsr &= ~v;
		break;
	case 0xD34:
		c->mmfar = v;
		break;
	case 0xD38:
		c->bfar = v;
		break;
	case 0xD88:
		c->cpacr = v & 0x00F00000u;
		break;
	case 0xD94:
		c->mpu_ctrl = v & 7;
		break;
	case 0xD98:
		c->mpu_rnr = v & 0xFF;
		break;
	case 0xD9C:
		if (v & 0x10)
			c->mpu_rnr = v & 15;
		c->mpu_rbar[c->mpu_rnr & 15] = v & ~0x1Fu;
		break;
	case 0xDA0:
		c->mpu_rasr[c->mpu_rnr & 15] = v;
		break;
	case 0xDF0:
		dhcsr_write(c, v, a);
		break;
	case 0xDF4:
		dcrsr_write(c, v);
		break;
	case 0xDF8:
		c->dcrdr = v;
		break;
	case 0xDFC:
		c->demcr = v & DEMCR_WRITABLE;
		break;
	case 0xF00:
		if ((v & 0x1FF) < CM7_NUM_IRQ)
			cm7_pend(c, EXC_IRQ0 + (v & 0x1FF));
		break;
	case 0xF34:
		c->fpccr = v & 0xC00001FBu;
		break;
	case 0xF38:
		c->fpcar = v & ~7u;
		break;
	case 0xF3C:
		c->fpdscr = v & 0x07C00000u;
		break;
	default:		/* cache maintenance, RO, reserved: ignored */
		break;
	}
}

/* Byte-accessible priority registers (NVIC_IPR, SHPR). */
static bool write_prio_byte(struct cm7 *c, uint32_t off, uint8_t v)
{
	static const bool shpr_impl[16] = {
		[4] = true, [5] = true, [6] = true, [11] = true, [12] = true,
		[14] = true, [15] = true,
	};

	if (off >= 0xE400 && off < 0xE400 + CM7_NUM_IRQ) {
		c->prio[EXC_IRQ0 + off - 0xE400] = v & CM7_PRIO_MASK;
		return true;
	}
	if (off >= 0xED18 && off < 0xED24) {
		unsigned int n = 4 + off - 0xED18;

		if (shpr_impl[n])
			c->prio[n] = v & CM7_PRIO_MASK;
		return true;
	}
	return off >= 0xE400 && off < 0xE500;
}

/* ---- decode ----------------------------------------------------------------------------- */

static bool sw_locked(const struct cm7 *c, uint32_t base, const struct bus_access *a)
{
	if (a->master != BUS_MASTER_CPU)
		return false;	/* the lock only applies to software */
	return (base == 0x00000 && c->itm_locked) || (base == 0x01000 && c->dwt_locked) ||
		(base == 0x02000 && c->fpb_locked);
}

static bool *lock_of(struct cm7 *c, uint32_t base)
{
	return base == 0x00000 ? &c->itm_locked : base == 0x01000 ? &c->dwt_locked :
		base == 0x02000 ? &c->fpb_locked : NULL;
}

static uint32_t ppb_read_word(struct cm7 *c, uint32_t off, const struct bus_access *a)
{
	const struct comp *k = find_comp(off);
	uint32_t r = off & 0xFFF, v;

	if (!k)
		return 0;
	if (id_reg(k, r, &v))
		return v;
	if (r == 0xFB4 && lock_of(c, k->base))		/* LSR */
		return a->master == BUS_MASTER_CPU ? (*lock_of(c, k->base) ? 3 : 1) : 0;
	switch (k->base) {
	case 0x00000: return itm_read(c, r);
	case 0x01000: return dwt_read(c, r);
	case 0x02000: return fpb_read(c, r);
	case 0x0E000: return scs_read(c, r);
	case ROM_ST: return rom_entry(ROM_ST, rom_st_entries, 3, r);
	case ROM_M7: return rom_entry(ROM_M7, rom_m7_entries, 4, r);
	default: return 0;	/* ETM, CTI: identification only */
	}
}

static void ppb_write_word(struct cm7 *c, uint32_t off, uint32_t v,
		const struct bus_access *a)
{
	const struct comp *k = find_comp(off);
	uint32_t r = off & 0xFFF;

	if (!k)
		return;
	if (r == 0xFB0 && lock_of(c, k->base)) {	/* LAR */
		*lock_of(c, k->base) = v != 0xC5ACCE55u;
		return;
	}
	if (sw_locked(c, k->base, a))
		return;
	switch (k->base) {
	case 0x00000:
		itm_write(c, r, v);
		break;
	case 0x01000:
		dwt_write(c, r, v);
		break;
	case 0x02000:
		fpb_write(c, r, v);
		break;
	case 0x0E000:
		scs_write(c, r, v, a);
		break;
	default:
		break;
	}
}

static bool scs_denied(uint32_t off, const struct bus_access *a)
{
	/* Unprivileged software may not touch the SCS (STIR needs
	 * CCR.USERSETMPEND, not modelled: denied too). */
	return a->master == BUS_MASTER_CPU && !a->privileged &&
		off >= 0xE000 && off < 0xF000;
}

static int ppb_read(void *ctx, uint32_t off, struct bus_access *a)
{
	struct cm7 *c = ctx;
	unsigned int sh = (off & 3) * 8;
	uint32_t v;

	if (scs_denied(off, a))
		return BUS_ERROR;
	v = ppb_read_word(c, off & ~3u, a) >> sh;
	a->data = a->size == 4 ? v : v & ((1u << (8 * a->size)) - 1);
	return BUS_OK;
}

static int ppb_write(void *ctx, uint32_t off, struct bus_access *a)
{
	struct cm7 *c = ctx;

	if (scs_denied(off, a))
		return BUS_ERROR;
	if (off >= 0xE400 && off < 0xE500) {
		for (unsigned int i = 0; i < a->size; i++)
			write_prio_byte(c, off + i, (uint8_t)(a->data >> (8 * i)));
		return BUS_OK;
	}
	if (off >= 0xED18 && off < 0xED24) {
		for (unsigned int i = 0; i < a->size; i++)
			write_prio_byte(c, off + i, (uint8_t)(a->data >> (8 * i)));
		return BUS_OK;
	}
	if (a->size != 4)
		return BUS_OK;	/* other PPB registers: word access only, else ignored */
	ppb_write_word(c, off, a->data, a);
	return BUS_OK;
}

const struct bus_dev_ops cm7_ppb_ops = {
	.read = ppb_read,
	.write = ppb_write,
};
