// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Cortex-M7 core: Unicorn set-up, memory mapping, the run loop, virtual
 * time, halting and resets.  Facts: ../../shared/reference/unicorn-2.0.1.md
 * (Unicorn behaviour), stm32h753.md sections 1.4 and 2 (debug).
 */

#include "cm7_priv.h"
#include "../common/clocks.h"
#include "../common/stats.h"
#include "../common/timing.h"
#include "../common/util.h"

#include <stdlib.h>
#include <string.h>

#define PAGE 0x1000ull

static uint32_t cpu_hz(const struct cm7 *c)
{
	return c->clocks && c->clocks->cpu_hz ? c->clocks->cpu_hz : TIMING_HSI_HZ;
}

/* ---- time ----------------------------------------------------------------- */

/* Advance the shared clock by core cycles (exact: the remainder is kept). */
static void account_cycles(struct cm7 *c, uint64_t cycles)
{
	uint32_t hz = cpu_hz(c);
	uint64_t num;

	if (!cycles)
		return;
	if (hz != c->ns_rem_hz) {
		c->ns_rem = 0;
		c->ns_rem_hz = hz;
	}
	num = cycles * 1000000000ull + c->ns_rem;
	c->ns_rem = num % hz;
	if (c->st)
		c->st->core_cycles += cycles;
	if ((c->demcr & DEMCR_TRCENA) && (c->dwt_ctrl & 1))
		c->dwt_cyccnt += (uint32_t)cycles;
	vclock_advance(c->clk, num / hz);
}

static uint64_t ns_to_insns(const struct cm7 *c, uint64_t ns)
{
	uint64_t cyc = (ns * cpu_hz(c) + 999999999ull) / 1000000000ull;

	return (cyc + TIMING_CORE_CPI - 1) / TIMING_CORE_CPI;
}

/* Bring the clock up to the instructions executed so far in this slice. */
static void sync_insns(struct cm7 *c)
{
	uint64_t d = c->slice_insns - c->synced_insns;

	c->synced_insns = c->slice_insns;
	account_cycles(c, d * TIMING_CORE_CPI);
}

static uint64_t slice_budget(struct cm7 *c)
{
	uint64_t end = c->until_ns, nxt = vclock_next(c->clk), n;

	if (nxt < end)
		end = nxt;
	if (end <= c->clk->now)
		return 1;
	n = ns_to_insns(c, end - c->clk->now);
	if (n < 1)
		n = 1;
	if (n > c->opt.slice_max)
		n = c->opt.slice_max;
	return n;
}

void cm7_request(struct cm7 *c, unsigned int req)
{
	c->req |= req;
}

/* ---- bus accesses made by the core itself (stacking, vectors) -------------- */

static int cpu_access(struct cm7 *c, struct bus_access *a)
{
	int ret = bus_access(c->bus, a);

	if (a->stall_ns)
		vclock_advance(c->clk, a->stall_ns);
	if (ret == BUS_HANG)
		c->hung = true;
	return ret;
}

uint32_t cm7_bus_read32(struct cm7 *c, uint32_t addr, bool *err)
{
	struct bus_access a = { .addr = addr, .size = 4, .master = BUS_MASTER_CPU,
		.privileged = true };

	*err = cpu_access(c, &a) != BUS_OK;
	return *err ? 0 : a.data;
}

bool cm7_bus_write32(struct cm7 *c, uint32_t addr, uint32_t val)
{
	struct bus_access a = { .addr = addr, .size = 4, .write = true,
		.master = BUS_MASTER_CPU, .privileged = true, .data = val };

	return cpu_access(c, &a) == BUS_OK;
}

/* ---- Unicorn hooks ----------------------------------------------------------- */

static bool cpu_privileged(struct cm7 *c)
{
	uint32_t ipsr = 0, control = 0;

	uc_reg_read(c->uc, UC_ARM_REG_IPSR, &ipsr);
	uc_reg_read(c->uc, UC_ARM_REG_CONTROL, &control);
	return (ipsr & 0x1ff) || !(control & 1);
}

/* FNV-1a over one access: the joint fast-forward's per-iteration signature. */
static void loop_sig_add(struct cm7 *c, uint32_t addr, uint32_t kind, uint64_t data)
{
	uint64_t v[3] = { addr, kind, data };

	for (int s = 0; s < 4; s++) {
		uint64_t h = c->loop_sig[s] ? c->loop_sig[s] : 0xcbf29ce484222325ULL;

		for (int i = 0; i < 3; i++)
			for (int k = 0; k < 64; k += 8) {
				h ^= (v[i] >> k) & 0xff;
				h *= 0x100000001b3ULL;
			}
		c->loop_sig[s] = h;
	}
}

/* One MMIO access by the CPU: time first, then the bus, then the stall. */
static uint64_t do_mmio(struct cm7 *c, uint32_t addr, unsigned int size, bool write,
		uint32_t data)
{
	struct bus_access a = { .addr = addr, .size = size, .write = write,
		.master = BUS_MASTER_CPU, .data = data };
	int ret;

	a.privileged = cpu_privileged(c);
	sync_insns(c);
	ret = bus_access(c->bus, &a);
	loop_sig_add(c, addr, size | (write ? 0x100 : 0), a.data);
	account_cycles(c, TIMING_PERIPH_ACCESS_CYCLES);
	if (a.stall_ns)
		vclock_advance(c->clk, a.stall_ns);
	if (ret == BUS_HANG) {
		c->hung = true;
		c->req |= REQ_HALT;
	} else if (ret != BUS_OK) {
		c->bfar = addr;
		cm7_bus_fault_imprecise(c);
		a.data = 0;
	}
	/* The clock moved: stop the slice no later than until/next event. */
	if (!c->step_pending)
		c->slice_limit = c->slice_insns + slice_budget(c) - 1;
	return write ? 0 : a.data;
}

static uint64_t mmio_read(uc_engine *uc, uint64_t off, unsigned int size, void *ud)
{
	struct cm7_mmio_range *m = ud;

	return do_mmio(m->c, m->base + (uint32_t)off, size, false, 0);
}

static void mmio_write(uc_engine *uc, uint64_t off, unsigned int size, uint64_t val,
		void *ud)
{
	struct cm7_mmio_range *m = ud;

	do_mmio(m->c, m->base + (uint32_t)off, size, true, (uint32_t)val);
}

static void apply_undo(struct cm7 *c)
{
	while (c->nundo) {
		struct cm7_undo *u = &c->undo[--c->nundo];

		memcpy(u->host, u->bytes, u->size);
	}
}

/*
 * A CPU store into a read-only mapping (flash).  Unicorn performs the store
 * on the host buffer after this hook returns true (measured), so the bytes
 * the device leaves behind are saved and put back before the next
 * instruction (apply_undo from the code hook).
 */
static bool hook_write_prot(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
		int64_t value, void *ud)
{
	struct cm7 *c = ud;
	struct bus_region *r = bus_find(c->bus, (uint32_t)addr);
	struct cm7_undo *u;
	uint32_t off;

	if (!r || !r->mem || size > 8 || (uint32_t)addr - r->base + size > r->size)
		return false;
	off = (uint32_t)addr - r->base;
	if (size == 8) {
		do_mmio(c, (uint32_t)addr, 4, true, (uint32_t)value);
		do_mmio(c, (uint32_t)addr + 4, 4, true, (uint32_t)((uint64_t)value >> 32));
	} else {
		do_mmio(c, (uint32_t)addr, size, true, (uint32_t)value);
	}
	if (c->nundo == ARRAY_SIZE(c->undo))
		apply_undo(c);	/* cannot happen with <= 8 stores per instruction */
	u = &c->undo[c->nundo++];
	u->host = r->mem + off;
	u->size = size;
	memcpy(u->bytes, u->host, size);
	return true;
}

static bool hook_unmapped(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
		int64_t value, void *ud)
{
	struct cm7 *c = ud;

	c->have_fault_addr = true;
	c->fault_addr = (uint32_t)addr;
	return false;
}

static void hook_code(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct cm7 *c = ud;

	if (c->nundo)
		apply_undo(c);
	if (c->req || c->slice_insns >= c->slice_limit) {
		c->stopped_in_hook = true;
		uc_emu_stop(uc);
		return;
	}
	if (c->fpb_armed && c->fpb_enable && (c->dhcsr & DHCSR_C_DEBUGEN) &&
	    cm7_fpb_match(c, (uint32_t)addr)) {
		c->fpb_hit = true;
		c->stopped_in_hook = true;
		uc_emu_stop(uc);
		return;
	}
	c->slice_insns++;
	c->last_pc = (uint32_t)addr;
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *ud)
{
	struct cm7 *c = ud;

	c->intno = (int)intno;
	uc_reg_read(uc, UC_ARM_REG_PC, &c->intr_pc);
	uc_emu_stop(uc);
}

/* ---- mapping --------------------------------------------------------------- */

static bool region_direct(const struct bus_region *r)
{
	return r->mem && r->enabled && !(r->base % PAGE) && !(r->size % PAGE);
}

static void unmap_all(struct cm7 *c)
{
	for (unsigned int i = 0; i < c->ndirect; i++)
		uc_mem_unmap(c->uc, c->direct[i].base, c->direct[i].size);
	for (unsigned int i = 0; i < c->nmmio; i++)
		uc_mem_unmap(c->uc, c->mmio[i].base, c->mmio[i].size);
	c->ndirect = 0;
	c->nmmio = 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int map_all(struct cm7 *c)
{
	uint64_t iv[BUS_MAX_REGIONS][2];
	unsigned int n = 0;

	for (unsigned int i = 0; i < c->bus->nregions; i++) {
		struct bus_region *r = &c->bus->regions[i];
		uint32_t prot = UC_PROT_READ;

		if (!region_direct(r)) {
			iv[n][0] = r->base & ~(PAGE - 1);
			iv[n][1] = ((uint64_t)r->base + r->size + PAGE - 1) & ~(PAGE - 1);
			n++;
			continue;
		}
		if (!(r->flags & BUS_REGION_RO) && !(r->ops && r->ops->write))
			prot |= UC_PROT_WRITE;
		if (!(r->flags & BUS_REGION_NOEXEC))
			prot |= UC_PROT_EXEC;
		if (uc_mem_map_ptr(c->uc, r->base, r->size, prot, r->mem) != UC_ERR_OK)
			return -1;
		c->direct[c->ndirect].base = r->base;
		c->direct[c->ndirect++].size = r->size;
	}
	qsort(iv, n, sizeof(iv[0]), cmp_u64);
	for (unsigned int i = 0; i < n; i++) {
		uint64_t lo = iv[i][0], hi = iv[i][1];
		struct cm7_mmio_range *m;

		while (i + 1 < n && iv[i + 1][0] <= hi) {
			if (iv[i + 1][1] > hi)
				hi = iv[i + 1][1];
			i++;
		}
		m = &c->mmio[c->nmmio++];
		m->c = c;
		m->base = (uint32_t)lo;
		m->size = hi - lo;
		if (uc_mmio_map(c->uc, lo, hi - lo, mmio_read, m, mmio_write, m) != UC_ERR_OK)
			return -1;
	}
	uc_ctl_flush_tlb(c->uc);
	return 0;
}

static void on_region_change(void *ctx, struct bus_region *r)
{
	struct cm7 *c = ctx;

	if (!r->mem)
		return;		/* device regions are MMIO either way */
	c->req |= REQ_REMAP;
}

static void on_bus_write(void *ctx, uint32_t addr, uint32_t len)
{
	struct cm7 *c = ctx;
	uint32_t hi = addr + len;

	for (unsigned int i = 0; i < c->ndirty; i++) {
		if (addr <= c->dirty_hi[i] && hi >= c->dirty_lo[i]) {
			if (addr < c->dirty_lo[i])
				c->dirty_lo[i] = addr;
			if (hi > c->dirty_hi[i])
				c->dirty_hi[i] = hi;
			return;
		}
	}
	if (c->ndirty == ARRAY_SIZE(c->dirty_lo)) {
		c->dirty_all = true;
		return;
	}
	c->dirty_lo[c->ndirty] = addr;
	c->dirty_hi[c->ndirty++] = hi;
}

static void flush_dirty(struct cm7 *c)
{
	if (c->dirty_all)
		uc_ctl_flush_tlb(c->uc);
	else
		for (unsigned int i = 0; i < c->ndirty; i++)
			uc_ctl_remove_cache(c->uc, c->dirty_lo[i] & ~1u,
					(uint64_t)c->dirty_hi[i] + 2);
	c->ndirty = 0;
	c->dirty_all = false;
}

static void remap(struct cm7 *c)
{
	c->req &= ~REQ_REMAP;
	if (!c->mapped)
		return;
	unmap_all(c);
	if (map_all(c))
		c->lockup = true;	/* cannot happen with a valid map */
}

int cm7_map_bus(struct cm7 *c)
{
	uc_hook h;

	if (c->mapped)
		return 0;
	if (map_all(c))
		return -1;
	if (uc_hook_add(c->uc, &h, UC_HOOK_MEM_WRITE_PROT, hook_write_prot, c, 1, 0) ||
	    uc_hook_add(c->uc, &h, UC_HOOK_MEM_UNMAPPED, hook_unmapped, c, 1, 0) ||
	    uc_hook_add(c->uc, &h, UC_HOOK_CODE, hook_code, c, 1, 0) ||
	    uc_hook_add(c->uc, &h, UC_HOOK_INTR, hook_intr, c, 1, 0))
		return -1;
	bus_add_listener(c->bus, on_region_change, c);
	bus_add_write_listener(c->bus, on_bus_write, c);
	c->mapped = true;
	uc_ctl_flush_tlb(c->uc);
	return 0;
}

/* ---- joint fast-forward: the loop proof's view of the core ------------------ */

static void hook_watch(uc_engine *uc, uc_mem_type type, uint64_t addr, int size,
		int64_t value, void *ud)
{
	loop_sig_add(ud, (uint32_t)addr, (uint32_t)size | 0x200, (uint64_t)value);
}

bool cm7_in_run(const struct cm7 *c)
{
	return c->running;
}

void cm7_loop_watch(struct cm7 *c, bool on)
{
	c->watch_want = on;
}

/* Between runs: install or remove the write hook as asked. */
static void loop_watch_apply(struct cm7 *c)
{
	if (c->watch_want == c->watch_on)
		return;
	if (c->watch_want) {
		if (uc_hook_add(c->uc, &c->watch_hook, UC_HOOK_MEM_WRITE, hook_watch, c, 1, 0))
			return;
	} else {
		uc_hook_del(c->uc, c->watch_hook);
	}
	c->watch_on = c->watch_want;
	memset(c->watched_since_take, 0, sizeof(c->watched_since_take));
	/* Hooks only reach code translated after them. */
	uc_ctl_flush_tlb(c->uc);
}

bool cm7_loop_take(struct cm7 *c, unsigned int slot, uint32_t regs[17], uint64_t *sig)
{
	static const int ids[17] = { UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3,
		UC_ARM_REG_R4, UC_ARM_REG_R5, UC_ARM_REG_R6, UC_ARM_REG_R7, UC_ARM_REG_R8,
		UC_ARM_REG_R9, UC_ARM_REG_R10, UC_ARM_REG_R11, UC_ARM_REG_R12, UC_ARM_REG_SP,
		UC_ARM_REG_LR, UC_ARM_REG_PC, UC_ARM_REG_XPSR };
	bool valid;

	slot &= 3;
	valid = c->running && c->watch_on && c->watched_since_take[slot];
	/* The per-instruction code hook keeps Unicorn's registers current. */
	for (int i = 0; i < 17; i++)
		regs[i] = cm7_reg(c, ids[i]);
	*sig = c->loop_sig[slot];
	c->loop_sig[slot] = 0;
	c->watched_since_take[slot] = c->running && c->watch_on;
	return valid;
}

void cm7_loop_advance(struct cm7 *c, const int32_t stride[13], uint64_t n)
{
	for (int i = 0; i < 13; i++) {
		uint32_t v;

		if (!stride[i])
			continue;
		v = cm7_reg(c, UC_ARM_REG_R0 + i) + (uint32_t)(n * (uint32_t)stride[i]);
		uc_reg_write(c->uc, UC_ARM_REG_R0 + i, &v);
	}
}

bool cm7_loop_defer(struct cm7 *c, const int32_t stride[13], uint64_t n)
{
	if (c->loop_pending && memcmp(c->loop_stride, stride, sizeof(c->loop_stride)))
		return false;
	memcpy(c->loop_stride, stride, sizeof(c->loop_stride));
	c->loop_pending += n;
	c->req |= REQ_LOOP;
	return true;
}

/* ---- life cycle ----------------------------------------------------------- */

struct cm7 *cm7_create(struct vclock *clk, struct vb_stats *st, struct bus *sysbus,
		const struct vb_clocks *clocks)
{
	struct cm7 *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->clk = clk;
	c->st = st;
	c->bus = sysbus;
	c->clocks = clocks;
	c->opt.boot_addr = 0x08000000;
	c->opt.fpb_num_lit = 0;
	c->opt.systick_ext_div = TIMING_SYSTICK_EXT_DIV;
	c->opt.slice_max = 2000;
	c->intno = -1;
	if (uc_open(UC_ARCH_ARM, UC_MODE_THUMB, &c->uc) != UC_ERR_OK)
		goto fail;
	if (uc_ctl_set_cpu_model(c->uc, UC_CPU_ARM_CORTEX_M7) != UC_ERR_OK)
		goto fail;
	c->ppb = bus_add_region(sysbus, "ppb", PPB_BASE, PPB_SIZE, NULL, &cm7_ppb_ops, c, 0);
	if (!c->ppb)
		goto fail;
	cm7_power_on_reset(c);
	return c;
fail:
	if (c->uc)
		uc_close(c->uc);
	free(c);
	return NULL;
}

void cm7_destroy(struct cm7 *c)
{
	if (!c)
		return;
	vclock_cancel(c->clk, &c->syst_ev);
	uc_close(c->uc);
	free(c);
}

void cm7_set_options(struct cm7 *c, const struct cm7_options *o)
{
	c->opt = *o;
	if (c->opt.fpb_num_lit > 1)
		c->opt.fpb_num_lit = 1;
	if (!c->opt.systick_ext_div)
		c->opt.systick_ext_div = 1;
	if (!c->opt.slice_max)
		c->opt.slice_max = 1;
}

void cm7_set_reset_request(struct cm7 *c, void (*fn)(void *ctx), void *ctx)
{
	c->reset_fn = fn;
	c->reset_ctx = ctx;
}

void cm7_set_held_in_reset(struct cm7 *c, bool held)
{
	c->held = held;
}

void cm7_power_on_reset(struct cm7 *c)
{
	c->dhcsr = 0;
	c->demcr = 0;
	c->dfsr = 0;
	c->dcrdr = 0;
	cm7_ppb_power_on_reset(c);
	cm7_system_reset(c);
}

void cm7_system_reset(struct cm7 *c)
{
	struct cm7_sys s = { 0 };
	uint32_t sp, pc;
	bool e1, e2;

	c->halted = c->sleeping = c->lockup = c->hung = false;
	c->step_pending = false;
	c->event_reg = false;
	c->req &= REQ_REMAP;
	c->loop_pending = 0;
	c->nundo = 0;
	c->dhcsr &= DHCSR_C_DEBUGEN | DHCSR_C_MASKINTS;
	cm7_nvic_reset(c);
	cm7_ppb_system_reset(c);

	for (int r = UC_ARM_REG_R0; r <= UC_ARM_REG_R12; r++)
		cm7_set_reg(c, r, 0);
	sp = cm7_bus_read32(c, c->vtor, &e1);
	pc = cm7_bus_read32(c, c->vtor + 4, &e2);
	s.msp = sp & ~3u;
	cm7_put_sys(c, &s);
	cm7_set_reg(c, UC_ARM_REG_LR, 0xFFFFFFFF);
	cm7_set_reg(c, UC_ARM_REG_XPSR, 0x01000000);
	cm7_set_reg(c, UC_ARM_REG_PC, pc | 1);
	if (c->mapped)
		uc_ctl_flush_tlb(c->uc);
	c->s_reset_st = true;
	if (c->st)
		c->st->core_resets++;
	if (e1 || e2) {
		cm7_lockup(c);	/* vector fetch failed: HardFault at reset -> lockup */
		return;
	}
	if ((c->dhcsr & DHCSR_C_DEBUGEN) && (c->demcr & DEMCR_VC_CORERESET))
		cm7_enter_halt(c, DFSR_VCATCH);
	else
		cm7_systick_start(c);
}

/* ---- halting ----------------------------------------------------------------- */

void cm7_enter_halt(struct cm7 *c, uint32_t dfsr_bits)
{
	c->dfsr |= dfsr_bits;
	c->dhcsr |= DHCSR_C_HALT;
	c->dhcsr &= ~DHCSR_C_STEP;
	c->step_pending = false;
	if (c->halted)
		return;
	c->halted = true;
	c->sleeping = false;
	if (c->st)
		c->st->core_halts++;
	cm7_systick_freeze(c);
}

void cm7_leave_halt(struct cm7 *c)
{
	if (!c->halted)
		return;
	c->halted = false;
	cm7_systick_start(c);
}

bool cm7_halted(const struct cm7 *c)
{
	return c->halted;
}

bool cm7_locked_up(const struct cm7 *c)
{
	return c->lockup;
}

bool cm7_sleeping(const struct cm7 *c)
{
	return c->sleeping;
}

uint32_t cm7_pc(struct cm7 *c)
{
	return cm7_reg(c, UC_ARM_REG_PC);
}

/* WFI/WFE wake-up: an exception that would preempt if PRIMASK were clear. */
static bool wake_pending(const struct cm7 *c)
{
	return cm7_pending_best((struct cm7 *)c, true, true) != 0;
}

bool cm7_can_run(const struct cm7 *c)
{
	if (c->halted || c->lockup || c->held || c->hung)
		return false;
	return !c->sleeping || wake_pending(c);
}

void cm7_set_irq(struct cm7 *c, unsigned int irq, bool pending)
{
	if (irq >= CM7_NUM_IRQ)
		return;
	c->irq_level[irq] = pending;
	if (pending && !c->active[EXC_IRQ0 + irq])
		cm7_pend(c, EXC_IRQ0 + irq);
}

/* ---- the run loop ------------------------------------------------------------- */

static uint16_t read_half(struct cm7 *c, uint32_t addr)
{
	uint16_t v = 0;

	if (uc_mem_read(c->uc, addr, &v, 2) != UC_ERR_OK)
		return 0;
	return v;
}

/* Take the best pending exception if it may preempt.  True if one was taken. */
static bool take_pending(struct cm7 *c)
{
	unsigned int n;

	if (c->step_pending && (c->dhcsr & DHCSR_C_MASKINTS))
		return false;
	n = cm7_pending_best(c, true, false);
	if (!n)
		return false;
	cm7_take_exception(c, n);
	return true;
}

static void handle_reset_request(struct cm7 *c)
{
	c->req &= ~REQ_RESET;
	if (c->reset_fn)
		c->reset_fn(c->reset_ctx);
	else
		cm7_system_reset(c);
}

static void handle_wait(struct cm7 *c, uint32_t pc)
{
	uint16_t op = read_half(c, pc - 2);

	if (op == 0xBF30) {				/* WFI */
		c->sleeping = true;
	} else if (op == 0xBF20) {			/* WFE */
		if (c->event_reg)
			c->event_reg = false;
		else
			c->sleeping = true;
	}
}

/* After uc_emu_start returned: act on why it stopped. */
static void handle_stop(struct cm7 *c, uc_err err)
{
	uint32_t pc = cm7_reg(c, UC_ARM_REG_PC);
	bool counted = c->slice_insns && c->last_pc == pc;

	if (c->fpb_hit) {
		c->fpb_hit = false;
		cm7_enter_halt(c, DFSR_BKPT);
		return;
	}
	switch (err) {
	case UC_ERR_OK:
		break;
	case UC_ERR_READ_UNMAPPED:
	case UC_ERR_WRITE_UNMAPPED:
	case UC_ERR_READ_PROT:
		if (counted)
			c->slice_insns--;
		c->bfar = c->fault_addr;
		cm7_fault(c, EXC_BUSFAULT, CFSR_PRECISERR |
				(c->have_fault_addr ? CFSR_BFARVALID : 0), 0);
		return;
	case UC_ERR_FETCH_UNMAPPED:
	case UC_ERR_FETCH_PROT:
		cm7_fault(c, EXC_BUSFAULT, CFSR_IBUSERR, 0);
		return;
	case UC_ERR_INSN_INVALID:
		if (counted)
			c->slice_insns--;
		cm7_fault(c, EXC_USAGEFAULT, CFSR_UNDEFINSTR, 0);
		return;
	case UC_ERR_EXCEPTION:
		if (c->intno < 0) {
			cm7_fault(c, EXC_USAGEFAULT, CFSR_INVSTATE, 0);
			return;
		}
		break;
	default:
		cm7_fault(c, EXC_HARDFAULT, 0, HFSR_FORCED);
		return;
	}
	if (c->intno >= 0) {
		int no = c->intno;

		c->intno = -1;
		switch (no) {
		case 7:		/* BKPT: PC on the BKPT */
			if (counted)
				c->slice_insns--;
			if (c->dhcsr & DHCSR_C_DEBUGEN)
				cm7_enter_halt(c, DFSR_BKPT);
			else
				cm7_fault(c, EXC_HARDFAULT, 0, HFSR_DEBUGEVT);
			return;
		case 2:		/* SVC: PC already past it */
			cm7_fault(c, EXC_SVCALL, 0, 0);
			return;
		case 8:		/* EXC_RETURN branch */
			cm7_exception_return(c, c->intr_pc | 1);
			return;
		case 1:
			if (counted)
				c->slice_insns--;
			cm7_fault(c, EXC_USAGEFAULT, CFSR_UNDEFINSTR, 0);
			return;
		case 17:	/* NOCP */
			cm7_fault(c, EXC_USAGEFAULT, CFSR_NOCP, 0);
			return;
		case 18:	/* INVSTATE */
			cm7_fault(c, EXC_USAGEFAULT, CFSR_INVSTATE, 0);
			return;
		case 22:	/* UNALIGNED */
			cm7_fault(c, EXC_USAGEFAULT, CFSR_UNALIGNED, 0);
			return;
		default:
			cm7_fault(c, EXC_USAGEFAULT, CFSR_UNDEFINSTR, 0);
			return;
		}
	}
	if (!c->stopped_in_hook && !c->req)
		handle_wait(c, pc);
}

static uint64_t run_slice(struct cm7 *c)
{
	uint32_t pc = cm7_reg(c, UC_ARM_REG_PC);
	uc_err err;

	c->slice_insns = c->synced_insns = 0;
	c->slice_limit = c->step_pending ? 1 : slice_budget(c);
	c->stopped_in_hook = false;
	c->fpb_hit = false;
	c->have_fault_addr = false;
	c->intno = -1;
	c->running = true;
	err = uc_emu_start(c->uc, pc | 1, 0, 0, 0);
	c->running = false;
	apply_undo(c);
	handle_stop(c, err);
	sync_insns(c);
	if (c->slice_insns) {
		c->s_retire_st = true;
		if (c->st)
			c->st->core_instructions += c->slice_insns;
	}
	return c->slice_insns;
}

uint64_t cm7_run(struct cm7 *c, uint64_t until_ns)
{
	uint64_t total = 0;

	c->until_ns = until_ns;
	for (;;) {
		if (c->req & REQ_LOOP) {
			c->req &= ~REQ_LOOP;
			cm7_loop_advance(c, c->loop_stride, c->loop_pending);
			c->loop_pending = 0;
		}
		if (c->req & REQ_REMAP)
			remap(c);
		if (c->req & REQ_RESET)
			handle_reset_request(c);
		if (c->req & REQ_HALT) {
			c->req &= ~REQ_HALT;
			if (!c->hung && (c->dhcsr & DHCSR_C_DEBUGEN) && (c->dhcsr & DHCSR_C_HALT))
				cm7_enter_halt(c, DFSR_HALTED);
		}
		c->req &= ~REQ_EXC;
		if (!cm7_can_run(c))
			break;
		c->sleeping = false;
		if (c->clk->now >= until_ns && !c->step_pending)
			break;
		if (take_pending(c)) {
			if (c->step_pending && !c->halted)
				cm7_enter_halt(c, DFSR_HALTED);
			continue;
		}
		if (c->ndirty || c->dirty_all)
			flush_dirty(c);
		loop_watch_apply(c);
		total += run_slice(c);
		if (c->step_pending && !c->halted && !c->lockup)
			cm7_enter_halt(c, DFSR_HALTED);
	}
	return total;
}
