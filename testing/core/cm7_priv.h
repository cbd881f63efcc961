/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Cortex-M7 model internals shared by cm7.c, cm7_exc.c and cm7_ppb.c. */
#ifndef VB_CM7_PRIV_H
#define VB_CM7_PRIV_H

#include "cm7.h"
#include "../bus/bus.h"
#include "../common/vclock.h"

#include <unicorn/unicorn.h>

#define CM7_CPUID		0x411FC271u	/* r1p1 [REF stm32h753.md 1.4] */
#define CM7_NUM_IRQ		150u		/* STM32H753 NVIC inputs */
#define CM7_NUM_EXC		(16u + CM7_NUM_IRQ)
#define CM7_PRIO_MASK		0xF0u		/* __NVIC_PRIO_BITS = 4 (CMSIS) */
#define CM7_FPB_CODE		8u		/* [REF stm32h753.md 1.4] */
#define CM7_DWT_COMP		4u

#define PPB_BASE		0xE0000000u
#define PPB_SIZE		0x00100000u

/* exception numbers */
enum {
	EXC_RESET = 1, EXC_NMI = 2, EXC_HARDFAULT = 3, EXC_MEMMANAGE = 4,
	EXC_BUSFAULT = 5, EXC_USAGEFAULT = 6, EXC_SVCALL = 11, EXC_DEBUGMON = 12,
	EXC_PENDSV = 14, EXC_SYSTICK = 15, EXC_IRQ0 = 16,
};

/* DHCSR */
#define DHCSR_C_DEBUGEN		(1u << 0)
#define DHCSR_C_HALT		(1u << 1)
#define DHCSR_C_STEP		(1u << 2)
#define DHCSR_C_MASKINTS	(1u << 3)
#define DHCSR_C_SNAPSTALL	(1u << 5)
#define DHCSR_S_REGRDY		(1u << 16)
#define DHCSR_S_HALT		(1u << 17)
#define DHCSR_S_SLEEP		(1u << 18)
#define DHCSR_S_LOCKUP		(1u << 19)
#define DHCSR_S_RETIRE_ST	(1u << 24)
#define DHCSR_S_RESET_ST	(1u << 25)
#define DBGKEY			0xA05Fu

/* DEMCR */
#define DEMCR_VC_CORERESET	(1u << 0)
#define DEMCR_VC_MMERR		(1u << 4)
#define DEMCR_VC_NOCPERR	(1u << 5)
#define DEMCR_VC_CHKERR		(1u << 6)
#define DEMCR_VC_STATERR	(1u << 7)
#define DEMCR_VC_BUSERR		(1u << 8)
#define DEMCR_VC_INTERR		(1u << 9)
#define DEMCR_VC_HARDERR	(1u << 10)
#define DEMCR_TRCENA		(1u << 24)
#define DEMCR_WRITABLE		0x010F07F1u

/* DFSR */
#define DFSR_HALTED		(1u << 0)
#define DFSR_BKPT		(1u << 1)
#define DFSR_DWTTRAP		(1u << 2)
#define DFSR_VCATCH		(1u << 3)
#define DFSR_EXTERNAL		(1u << 4)

/* CFSR / HFSR */
#define CFSR_IBUSERR		(1u << 8)
#define CFSR_PRECISERR		(1u << 9)
#define CFSR_IMPRECISERR	(1u << 10)
#define CFSR_UNSTKERR		(1u << 11)
#define CFSR_STKERR		(1u << 12)
#define CFSR_BFARVALID		(1u << 15)
#define CFSR_UNDEFINSTR		(1u << 16)
#define CFSR_INVSTATE		(1u << 17)
#define CFSR_INVPC		(1u << 18)
#define CFSR_NOCP		(1u << 19)
#define CFSR_UNALIGNED		(1u << 24)
#define CFSR_DIVBYZERO		(1u << 25)
#define HFSR_VECTTBL		(1u << 1)
#define HFSR_FORCED		(1u << 30)
#define HFSR_DEBUGEVT		(1u << 31)

/* Requests that make the code hook stop at the next instruction boundary. */
#define REQ_HALT		(1u << 0)	/* CPU wrote C_HALT, DWT match */
#define REQ_RESET		(1u << 1)	/* CPU wrote SYSRESETREQ */
#define REQ_REMAP		(1u << 2)	/* region enable changed */
#define REQ_EXC			(1u << 3)	/* something became pending */
#define REQ_LOOP		(1u << 4)	/* skipped loop iterations: move the counters */

struct cm7_mmio_range {
	struct cm7 *c;
	uint32_t base;
	uint64_t size;
};

struct cm7_direct_map {
	uint32_t base;
	uint32_t size;
};

/* Architectural special registers (what Unicorn banks awkwardly). */
struct cm7_sys {
	uint32_t msp, psp, primask, basepri, faultmask, control, ipsr;
};

/* A CPU write into a read-only mapping that Unicorn performs anyway. */
struct cm7_undo {
	uint8_t *host;
	uint8_t size;
	uint8_t bytes[8];
};

struct cm7 {
	struct vclock *clk;
	struct vb_stats *st;
	struct bus *bus;
	const struct vb_clocks *clocks;
	struct cm7_options opt;
	uc_engine *uc;
	struct bus_region *ppb;

	/* mapping */
	bool mapped;
	struct cm7_mmio_range mmio[BUS_MAX_REGIONS];
	unsigned int nmmio;
	struct cm7_direct_map direct[BUS_MAX_REGIONS];
	unsigned int ndirect;
	uint32_t dirty_lo[16], dirty_hi[16];
	unsigned int ndirty;
	bool dirty_all;
	struct cm7_undo undo[8];
	unsigned int nundo;

	/* run state */
	bool halted, sleeping, lockup, held, hung, event_reg, step_pending;
	bool running;			/* inside uc_emu_start */
	/* Joint fast-forward's loop proof (cm7_loop_*): a signature of the
	 * core's bus accesses and memory writes since the last take, and a
	 * write hook installed only while the board asks for it. */
	uint64_t loop_sig[4];		/* one per observer slot */
	bool watched_since_take[4];
	bool watch_want, watch_on;
	uc_hook watch_hook;
	int32_t loop_stride[13];	/* cm7_loop_defer: applied between slices */
	uint64_t loop_pending;
	unsigned int req;		/* REQ_* */
	uint64_t slice_insns, slice_limit, synced_insns;
	uint64_t until_ns;
	uint64_t ns_rem;		/* cycle->ns remainder, units 1/hz ns */
	uint32_t ns_rem_hz;
	int intno;			/* Unicorn interrupt seen, -1 none */
	uint32_t intr_pc;
	bool stopped_in_hook;
	bool fpb_hit;
	bool have_fault_addr;
	uint32_t fault_addr;
	uint32_t last_pc;

	/* debug */
	uint32_t dhcsr;			/* C_* bits */
	bool s_reset_st, s_retire_st;
	uint32_t demcr, dfsr, dcrdr;

	/* SCB */
	uint32_t vtor, prigroup, scr, ccr, shcsr_ena, cfsr, hfsr, mmfar, bfar;
	uint32_t cpacr, actlr, fpccr, fpcar, fpdscr;
	uint32_t mpu_ctrl, mpu_rnr, mpu_rbar[16], mpu_rasr[16];

	/* NVIC and exception state */
	uint8_t prio[CM7_NUM_EXC];
	bool pending[CM7_NUM_EXC];
	bool active[CM7_NUM_EXC];
	bool irq_enabled[CM7_NUM_IRQ];
	bool irq_level[CM7_NUM_IRQ];

	/* SysTick: the counter is derived from the clock while it runs */
	uint32_t syst_csr, syst_rvr;
	uint32_t syst_anchor_val;
	uint64_t syst_anchor_ns;
	uint32_t syst_hz;
	bool syst_counting;
	struct vclock_event syst_ev;

	/* FPB */
	bool fpb_enable;
	uint32_t fp_comp[CM7_FPB_CODE + 1];
	unsigned int fpb_armed;	/* code comparators with ENABLE set (hook fast path) */

	/* DWT / ITM */
	uint32_t dwt_ctrl, dwt_cyccnt;
	uint32_t dwt_comp[CM7_DWT_COMP], dwt_mask[CM7_DWT_COMP], dwt_func[CM7_DWT_COMP];
	bool dwt_locked, itm_locked, fpb_locked;
	uint32_t itm_ter, itm_tpr, itm_tcr;

	void (*reset_fn)(void *ctx);
	void *reset_ctx;
};

/* cm7.c */
void cm7_request(struct cm7 *c, unsigned int req);
void cm7_enter_halt(struct cm7 *c, uint32_t dfsr_bits);
void cm7_leave_halt(struct cm7 *c);
uint32_t cm7_bus_read32(struct cm7 *c, uint32_t addr, bool *err);
bool cm7_bus_write32(struct cm7 *c, uint32_t addr, uint32_t val);

/* cm7_exc.c: special registers, core registers, NVIC, exceptions */
void cm7_get_sys(struct cm7 *c, struct cm7_sys *s);
void cm7_put_sys(struct cm7 *c, const struct cm7_sys *s);
uint32_t cm7_reg(struct cm7 *c, int ucreg);
void cm7_set_reg(struct cm7 *c, int ucreg, uint32_t v);
uint32_t cm7_core_reg_read(struct cm7 *c, unsigned int sel);
void cm7_core_reg_write(struct cm7 *c, unsigned int sel, uint32_t v);
int cm7_exc_prio(const struct cm7 *c, unsigned int n);
int cm7_exec_prio(struct cm7 *c, bool ignore_primask);
unsigned int cm7_pending_best(struct cm7 *c, bool for_preempt, bool ignore_primask);
bool cm7_exc_enabled(const struct cm7 *c, unsigned int n);
void cm7_take_exception(struct cm7 *c, unsigned int n);
void cm7_exception_return(struct cm7 *c, uint32_t excret);
void cm7_fault(struct cm7 *c, unsigned int n, uint32_t cfsr_bits, uint32_t hfsr_bits);
void cm7_bus_fault_imprecise(struct cm7 *c);
void cm7_lockup(struct cm7 *c);
void cm7_nvic_reset(struct cm7 *c);
void cm7_pend(struct cm7 *c, unsigned int n);

/* cm7_ppb.c */
extern const struct bus_dev_ops cm7_ppb_ops;
void cm7_ppb_power_on_reset(struct cm7 *c);
void cm7_ppb_system_reset(struct cm7 *c);
void cm7_systick_freeze(struct cm7 *c);
void cm7_systick_start(struct cm7 *c);
bool cm7_fpb_match(const struct cm7 *c, uint32_t addr);

#endif
