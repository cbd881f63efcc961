// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cortex-M7 special and core registers, NVIC priority logic, exception
 * entry/return, faults and lockup (ARMv7-M rules, simplified as README.md
 * says).  Unicorn only executes instructions: every exception is taken here,
 * between two Unicorn runs, so the core is always at an instruction boundary.
 */

#include "cm7_priv.h"

#include <limits.h>

uint32_t cm7_reg(struct cm7 *c, int ucreg)
{
	uint32_t v = 0;

	uc_reg_read(c->uc, ucreg, &v);
	return v;
}

void cm7_set_reg(struct cm7 *c, int ucreg, uint32_t v)
{
	uc_reg_write(c->uc, ucreg, &v);
}

/* Unicorn caches mode flags: writing APSR refreshes them
 * [REF unicorn-2.0.1.md "Quirks"]. */
static void refresh_flags(struct cm7 *c)
{
	cm7_set_reg(c, UC_ARM_REG_APSR_NZCV, cm7_reg(c, UC_ARM_REG_APSR_NZCV));
}

/*
 * Read MSP/PSP/masks.  In unprivileged thread mode Unicorn reads them as 0,
 * so IPSR is made non-zero for the reads; in that state Unicorn's "current"
 * SP is MSP, so with SPSEL=1 the two come back swapped.
 */
void cm7_get_sys(struct cm7 *c, struct cm7_sys *s)
{
	uint32_t ipsr = cm7_reg(c, UC_ARM_REG_IPSR) & 0x1ff;
	uint32_t control = cm7_reg(c, UC_ARM_REG_CONTROL);
	bool unpriv = !ipsr && (control & 1);

	if (unpriv)
		cm7_set_reg(c, UC_ARM_REG_IPSR, 1);
	s->msp = cm7_reg(c, UC_ARM_REG_MSP);
	s->psp = cm7_reg(c, UC_ARM_REG_PSP);
	s->primask = cm7_reg(c, UC_ARM_REG_PRIMASK) & 1;
	s->basepri = cm7_reg(c, UC_ARM_REG_BASEPRI) & 0xff;
	s->faultmask = cm7_reg(c, UC_ARM_REG_FAULTMASK) & 1;
	if (unpriv) {
		if (control & 2) {
			uint32_t t = s->msp;

			s->msp = s->psp;
			s->psp = t;
		}
		cm7_set_reg(c, UC_ARM_REG_IPSR, 0);
		refresh_flags(c);
	}
	s->control = control & 7;
	s->ipsr = ipsr;
}

/*
 * Set the whole special-register state.  Order matters in Unicorn: CONTROL
 * writes are privileged and only move SPSEL in thread mode; MSP/PSP writes
 * land according to the current mode and SPSEL.
 */
void cm7_put_sys(struct cm7 *c, const struct cm7_sys *s)
{
	uint32_t control = s->control & 7;

	if (s->ipsr)
		control &= ~2u;		/* handler mode always uses MSP */
	cm7_set_reg(c, UC_ARM_REG_IPSR, 1);
	cm7_set_reg(c, UC_ARM_REG_CONTROL, control & ~1u);
	cm7_set_reg(c, UC_ARM_REG_IPSR, 0);
	cm7_set_reg(c, UC_ARM_REG_CONTROL, control & ~1u);
	cm7_set_reg(c, UC_ARM_REG_MSP, s->msp);
	cm7_set_reg(c, UC_ARM_REG_PSP, s->psp);
	cm7_set_reg(c, UC_ARM_REG_PRIMASK, s->primask & 1);
	cm7_set_reg(c, UC_ARM_REG_BASEPRI, s->basepri & 0xff);
	cm7_set_reg(c, UC_ARM_REG_FAULTMASK, s->faultmask & 1);
	cm7_set_reg(c, UC_ARM_REG_IPSR, s->ipsr & 0x1ff);
	if (control & 1)
		cm7_set_reg(c, UC_ARM_REG_CONTROL, control);
	refresh_flags(c);
}

/* ---- debugger core register access (DCRSR.REGSEL) [REF stm32h753.md 2.1] -- */

static uint32_t read_sreg(struct cm7 *c, unsigned int n)
{
	uint64_t d = 0;

	uc_reg_read(c->uc, UC_ARM_REG_D0 + n / 2, &d);
	return (n & 1) ? (uint32_t)(d >> 32) : (uint32_t)d;
}

static void write_sreg(struct cm7 *c, unsigned int n, uint32_t v)
{
	uint64_t d = 0;

	uc_reg_read(c->uc, UC_ARM_REG_D0 + n / 2, &d);
	if (n & 1)
		d = (d & 0xFFFFFFFFull) | ((uint64_t)v << 32);
	else
		d = (d & ~0xFFFFFFFFull) | v;
	uc_reg_write(c->uc, UC_ARM_REG_D0 + n / 2, &d);
}

uint32_t cm7_core_reg_read(struct cm7 *c, unsigned int sel)
{
	struct cm7_sys s;

	if (sel <= 12)
		return cm7_reg(c, UC_ARM_REG_R0 + sel);
	if (sel >= 0x40 && sel < 0x60)
		return read_sreg(c, sel - 0x40);
	switch (sel) {
	case 13:
		return cm7_reg(c, UC_ARM_REG_SP);
	case 14:
		return cm7_reg(c, UC_ARM_REG_LR);
	case 15:
		return cm7_reg(c, UC_ARM_REG_PC) & ~1u;
	case 16:
		return cm7_reg(c, UC_ARM_REG_XPSR);
	case 17:
	case 18:
	case 0x14:
		cm7_get_sys(c, &s);
		if (sel == 17)
			return s.msp;
		if (sel == 18)
			return s.psp;
		return s.control << 24 | s.faultmask << 16 | s.basepri << 8 | s.primask;
	case 0x21:
		return cm7_reg(c, UC_ARM_REG_FPSCR);
	default:
		return 0;	/* reserved selector: UNPREDICTABLE, reads 0 here */
	}
}

void cm7_core_reg_write(struct cm7 *c, unsigned int sel, uint32_t v)
{
	struct cm7_sys s;

	if (sel <= 12) {
		cm7_set_reg(c, UC_ARM_REG_R0 + sel, v);
		return;
	}
	if (sel >= 0x40 && sel < 0x60) {
		write_sreg(c, sel - 0x40, v);
		return;
	}
	switch (sel) {
	case 13:
		cm7_set_reg(c, UC_ARM_REG_SP, v & ~3u);
		break;
	case 14:
		cm7_set_reg(c, UC_ARM_REG_LR, v);
		break;
	case 15:
		cm7_set_reg(c, UC_ARM_REG_PC, v | 1);
		c->lockup = false;	/* a new PC leaves lockup */
		break;
	case 16:
		cm7_get_sys(c, &s);
		s.ipsr = v & 0x1ff;
		cm7_put_sys(c, &s);
		cm7_set_reg(c, UC_ARM_REG_XPSR_NZCVQG, v);
		refresh_flags(c);
		break;
	case 17:
	case 18:
	case 0x14:
		cm7_get_sys(c, &s);
		if (sel == 17) {
			s.msp = v & ~3u;
		} else if (sel == 18) {
			s.psp = v & ~3u;
		} else {
			s.control = (v >> 24) & 7;
			if (s.ipsr)
				s.control &= ~2u;
			s.faultmask = (v >> 16) & 1;
			s.basepri = (v >> 8) & CM7_PRIO_MASK;
			s.primask = v & 1;
		}
		cm7_put_sys(c, &s);
		break;
	case 0x21:
		cm7_set_reg(c, UC_ARM_REG_FPSCR, v);
		break;
	default:
		break;
	}
}

/* ---- priorities ----------------------------------------------------------------- */

int cm7_exc_prio(const struct cm7 *c, unsigned int n)
{
	if (n == EXC_RESET)
		return -3;
	if (n == EXC_NMI)
		return -2;
	if (n == EXC_HARDFAULT)
		return -1;
	return c->prio[n] & CM7_PRIO_MASK;
}

static int group_prio(const struct cm7 *c, int p)
{
	if (p < 0)
		return p;
	return p & ~((2 << c->prigroup) - 1) & 0xff;
}

bool cm7_exc_enabled(const struct cm7 *c, unsigned int n)
{
	switch (n) {
	case EXC_NMI:
	case EXC_HARDFAULT:
	case EXC_SVCALL:
	case EXC_PENDSV:
	case EXC_SYSTICK:
		return true;
	case EXC_MEMMANAGE:
		return c->shcsr_ena & (1u << 16);
	case EXC_BUSFAULT:
		return c->shcsr_ena & (1u << 17);
	case EXC_USAGEFAULT:
		return c->shcsr_ena & (1u << 18);
	default:
		return n >= EXC_IRQ0 && n < CM7_NUM_EXC && c->irq_enabled[n - EXC_IRQ0];
	}
}

/* Masks: read straight from Unicorn when privileged (cheap), else the
 * long way round. */
static void read_masks(struct cm7 *c, uint32_t *primask, uint32_t *basepri,
		uint32_t *faultmask)
{
	uint32_t ipsr = cm7_reg(c, UC_ARM_REG_IPSR) & 0x1ff;
	uint32_t control = cm7_reg(c, UC_ARM_REG_CONTROL);
	struct cm7_sys s;

	if (ipsr || !(control & 1)) {
		*primask = cm7_reg(c, UC_ARM_REG_PRIMASK) & 1;
		*basepri = cm7_reg(c, UC_ARM_REG_BASEPRI) & CM7_PRIO_MASK;
		*faultmask = cm7_reg(c, UC_ARM_REG_FAULTMASK) & 1;
		return;
	}
	cm7_get_sys(c, &s);
	*primask = s.primask;
	*basepri = s.basepri & CM7_PRIO_MASK;
	*faultmask = s.faultmask;
}

int cm7_exec_prio(struct cm7 *c, bool ignore_primask)
{
	uint32_t primask, basepri, faultmask;
	int ep = 256;

	for (unsigned int n = 1; n < CM7_NUM_EXC; n++) {
		if (c->active[n]) {
			int g = group_prio(c, cm7_exc_prio(c, n));

			if (g < ep)
				ep = g;
		}
	}
	read_masks(c, &primask, &basepri, &faultmask);
	if (basepri && group_prio(c, basepri) < ep)
		ep = group_prio(c, basepri);
	if (primask && !ignore_primask && ep > 0)
		ep = 0;
	if (faultmask && ep > -1)
		ep = -1;
	return ep;
}

static bool masked_by_debug(const struct cm7 *c, unsigned int n)
{
	/* C_MASKINTS masks PendSV, SysTick and external interrupts. */
	return (c->dhcsr & DHCSR_C_DEBUGEN) && (c->dhcsr & DHCSR_C_MASKINTS) &&
		(n == EXC_PENDSV || n == EXC_SYSTICK || n >= EXC_IRQ0);
}

/*
 * The pending exception that would be taken next (highest priority, then
 * lowest number), or 0.  for_preempt: only if it can preempt the current
 * execution priority.
 */
unsigned int cm7_pending_best(struct cm7 *c, bool for_preempt, bool ignore_primask)
{
	unsigned int best = 0;
	int bestp = INT_MAX;

	for (unsigned int n = 1; n < CM7_NUM_EXC; n++) {
		int p;

		if (!c->pending[n] || !cm7_exc_enabled(c, n) || masked_by_debug(c, n))
			continue;
		p = cm7_exc_prio(c, n);
		if (p < bestp) {
			bestp = p;
			best = n;
		}
	}
	if (best && for_preempt &&
	    group_prio(c, bestp) >= cm7_exec_prio(c, ignore_primask))
		return 0;
	return best;
}

void cm7_pend(struct cm7 *c, unsigned int n)
{
	if (n >= CM7_NUM_EXC)
		return;
	c->pending[n] = true;
	cm7_request(c, REQ_EXC);
}

void cm7_nvic_reset(struct cm7 *c)
{
	for (unsigned int n = 0; n < CM7_NUM_EXC; n++) {
		c->prio[n] = 0;
		c->pending[n] = false;
		c->active[n] = false;
	}
	for (unsigned int i = 0; i < CM7_NUM_IRQ; i++) {
		c->irq_enabled[i] = false;
		c->irq_level[i] = false;
	}
}

/* ---- lockup, faults ---------------------------------------------------------------- */

void cm7_lockup(struct cm7 *c)
{
	c->lockup = true;
	c->sleeping = false;
	cm7_set_reg(c, UC_ARM_REG_PC, 0xEFFFFFFF);	/* PC reads 0xEFFFFFFE */
}

/*
 * A synchronous fault (or SVC).  Configurable faults that are disabled or
 * cannot preempt escalate to HardFault; a HardFault at priority -1 or
 * better locks up.
 */
void cm7_fault(struct cm7 *c, unsigned int n, uint32_t cfsr_bits, uint32_t hfsr_bits)
{
	int ep = cm7_exec_prio(c, false);

	c->cfsr |= cfsr_bits;
	c->hfsr |= hfsr_bits;
	if (n != EXC_HARDFAULT &&
	    (!cm7_exc_enabled(c, n) || group_prio(c, cm7_exc_prio(c, n)) >= ep)) {
		c->hfsr |= HFSR_FORCED;
		n = EXC_HARDFAULT;
	}
	if (n == EXC_HARDFAULT && ep <= -1) {
		cm7_lockup(c);
		return;
	}
	cm7_take_exception(c, n);
}

/* Bus error on a device access: imprecise BusFault (see README.md). */
void cm7_bus_fault_imprecise(struct cm7 *c)
{
	c->cfsr |= CFSR_IMPRECISERR;
	if (cm7_exc_enabled(c, EXC_BUSFAULT)) {
		cm7_pend(c, EXC_BUSFAULT);
	} else {
		c->hfsr |= HFSR_FORCED;
		cm7_pend(c, EXC_HARDFAULT);
	}
}

static bool vector_catch(const struct cm7 *c, unsigned int n)
{
	uint32_t d = c->demcr;

	if (!(c->dhcsr & DHCSR_C_DEBUGEN))
		return false;
	return (n == EXC_HARDFAULT && (d & DEMCR_VC_HARDERR)) ||
		(n == EXC_BUSFAULT && (d & DEMCR_VC_BUSERR)) ||
		(n == EXC_MEMMANAGE && (d & DEMCR_VC_MMERR)) ||
		(n == EXC_USAGEFAULT &&
		 (d & (DEMCR_VC_NOCPERR | DEMCR_VC_CHKERR | DEMCR_VC_STATERR)));
}

/* ---- exception entry and return ----------------------------------------------------- */

static const int frame_regs[6] = {
	UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3,
	UC_ARM_REG_R12, UC_ARM_REG_LR,
};

static void stacking_failed(struct cm7 *c, unsigned int n)
{
	c->cfsr |= CFSR_STKERR;
	if (n == EXC_HARDFAULT || cm7_exec_prio(c, false) <= -1) {
		cm7_lockup(c);
		return;
	}
	c->hfsr |= HFSR_FORCED;
	cm7_take_exception(c, EXC_HARDFAULT);
}

/*
 * ARMv7-M exception entry: basic 8-word frame (no FP context, see
 * README.md), 8-byte alignment (CCR.STKALIGN=1), EXC_RETURN in LR.
 */
void cm7_take_exception(struct cm7 *c, unsigned int n)
{
	struct cm7_sys s;
	uint32_t xpsr = cm7_reg(c, UC_ARM_REG_XPSR);
	uint32_t ret = cm7_reg(c, UC_ARM_REG_PC) & ~1u;
	uint32_t sp, frame, excret, vec;
	bool use_psp, thread, err;

	cm7_get_sys(c, &s);
	thread = s.ipsr == 0;
	use_psp = thread && (s.control & 2);
	sp = use_psp ? s.psp : s.msp;
	frame = (sp - 0x20) & ~4u;
	xpsr = (xpsr & ~(1u << 9)) | ((sp & 4) ? 1u << 9 : 0);
	for (unsigned int i = 0; i < 6; i++)
		if (!cm7_bus_write32(c, frame + 4 * i, cm7_reg(c, frame_regs[i])))
			goto stk_err;
	if (!cm7_bus_write32(c, frame + 24, ret) || !cm7_bus_write32(c, frame + 28, xpsr))
		goto stk_err;
	vec = cm7_bus_read32(c, c->vtor + 4 * n, &err);
	if (err) {
		c->hfsr |= HFSR_VECTTBL;
		if (n == EXC_HARDFAULT) {
			cm7_lockup(c);
			return;
		}
		n = EXC_HARDFAULT;
		vec = cm7_bus_read32(c, c->vtor + 4 * n, &err);
		if (err) {
			cm7_lockup(c);
			return;
		}
	}
	if (use_psp)
		s.psp = frame;
	else
		s.msp = frame;
	excret = !thread ? 0xFFFFFFF1 : use_psp ? 0xFFFFFFFD : 0xFFFFFFF9;
	s.ipsr = n;
	s.control &= ~6u;	/* SPSEL, FPCA */
	cm7_put_sys(c, &s);
	cm7_set_reg(c, UC_ARM_REG_LR, excret);
	cm7_set_reg(c, UC_ARM_REG_XPSR_NZCVQG, (xpsr & 0xF80F0000u) | 0x01000000u | n);
	cm7_set_reg(c, UC_ARM_REG_PC, vec | 1);
	refresh_flags(c);
	c->pending[n] = false;
	c->active[n] = true;
	c->event_reg = true;
	c->sleeping = false;
	if (vector_catch(c, n))
		cm7_enter_halt(c, DFSR_VCATCH);
	return;
stk_err:
	stacking_failed(c, n);
}

static unsigned int active_count(const struct cm7 *c)
{
	unsigned int k = 0;

	for (unsigned int n = 1; n < CM7_NUM_EXC; n++)
		k += c->active[n];
	return k;
}

/* EXC_RETURN reached (Unicorn interrupt 8). */
void cm7_exception_return(struct cm7 *c, uint32_t excret)
{
	struct cm7_sys s;
	uint32_t f[8], sp, type = excret & 0xF;
	bool to_thread, use_psp, err = false;
	unsigned int n;

	cm7_get_sys(c, &s);
	n = s.ipsr;
	if (!n || n >= CM7_NUM_EXC || !c->active[n] ||
	    (type != 0x1 && type != 0x9 && type != 0xD)) {
		cm7_fault(c, EXC_USAGEFAULT, CFSR_INVPC, 0);
		return;
	}
	c->active[n] = false;
	if (n != EXC_NMI)
		s.faultmask = 0;
	to_thread = excret & 8;
	use_psp = to_thread && (excret & 4);
	sp = use_psp ? s.psp : s.msp;
	for (unsigned int i = 0; i < 8 && !err; i++)
		f[i] = cm7_bus_read32(c, sp + 4 * i, &err);
	if (err) {
		c->cfsr |= CFSR_UNSTKERR;
		cm7_put_sys(c, &s);
		cm7_fault(c, EXC_BUSFAULT, 0, 0);
		return;
	}
	sp += 0x20 + ((f[7] >> 9) & 1) * 4;
	if (use_psp)
		s.psp = sp;
	else
		s.msp = sp;
	s.ipsr = to_thread ? 0 : (f[7] & 0x1ff);
	s.control = (s.control & ~2u) | (use_psp ? 2u : 0);
	cm7_put_sys(c, &s);
	for (unsigned int i = 0; i < 6; i++)
		cm7_set_reg(c, frame_regs[i], f[i]);
	cm7_set_reg(c, UC_ARM_REG_XPSR_NZCVQG, (f[7] & ~0x3ffu) | s.ipsr);
	cm7_set_reg(c, UC_ARM_REG_PC, f[6] | 1);
	refresh_flags(c);
	if (n >= EXC_IRQ0 && c->irq_level[n - EXC_IRQ0])
		cm7_pend(c, n);
	c->event_reg = true;
	if (to_thread && (c->scr & 2) && !active_count(c))
		c->sleeping = true;	/* SLEEPONEXIT */
}
