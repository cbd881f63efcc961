/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Cortex-M7 r1p1 (CPUID 0x411FC271) of the virtual STM32H753.
 *
 * Instructions run in Unicorn 2.0.1; everything Unicorn lacks is modelled
 * here: the PPB (SCS with SCB/NVIC/SysTick/debug registers, DWT, FPB, ITM,
 * ETM/CTI stubs, ROM tables), exception entry/return, faults, lockup, debug
 * halt/step/breakpoints/vector catch and virtual time.  See README.md.
 */
#ifndef VB_CM7_H
#define VB_CM7_H

#include <stdbool.h>
#include <stdint.h>

struct vclock;
struct vb_stats;
struct bus;
struct vb_clocks;
struct cm7;

/* Options (README.md lists sources).  Set before cm7_power_on_reset(). */
struct cm7_options {
	uint32_t boot_addr;		/* VTOR reset value; default 0x08000000 */
	unsigned int fpb_num_lit;	/* FP_CTRL.NUM_LIT, 0 or 1; default 0 */
	unsigned int systick_ext_div;	/* SysTick CLKSOURCE=0 divider; default 8 */
	unsigned int slice_max;		/* max instructions per Unicorn run; 2000 */
};

struct cm7 *cm7_create(struct vclock *clk, struct vb_stats *st, struct bus *sysbus,
		const struct vb_clocks *clocks);   /* registers the PPB region on sysbus */
/*
 * Once the memory map is complete: map every mem region into Unicorn
 * directly (RO / device-written regions read+exec only, writes go to
 * bus_access), every other region as 4 KiB MMIO pages routed to bus_access.
 * Subscribes to region enable changes and bus write listeners.  0 or -1.
 */
int cm7_map_bus(struct cm7 *c);
void cm7_destroy(struct cm7 *c);
void cm7_power_on_reset(struct cm7 *c);   /* everything, debug logic included */
/*
 * SYSRESETREQ/nRESET: core+SCB+NVIC+SysTick reset, then SP/PC from the
 * vector table at the boot address; debug logic survives; S_RESET_ST set;
 * DEMCR.VC_CORERESET with C_DEBUGEN halts before the first instruction.
 */
void cm7_system_reset(struct cm7 *c);
/* Called when AIRCR.SYSRESETREQ is written; the board resets the chip and
 * calls cm7_system_reset(). */
void cm7_set_reset_request(struct cm7 *c, void (*fn)(void *ctx), void *ctx);
void cm7_set_held_in_reset(struct cm7 *c, bool held); /* nRESET low: core does not run */
/* not halted, not sleeping without a pending wakeup, not locked up, not held */
bool cm7_can_run(const struct cm7 *c);
bool cm7_halted(const struct cm7 *c);
/*
 * Execute until the clock reaches until_ns or the core halts, sleeps or
 * locks up, advancing the shared clock as it goes.  Returns instructions
 * executed.
 */
uint64_t cm7_run(struct cm7 *c, uint64_t until_ns);
void cm7_set_irq(struct cm7 *c, unsigned int irq, bool pending); /* NVIC input */

/* Additions. */
void cm7_set_options(struct cm7 *c, const struct cm7_options *o);
bool cm7_locked_up(const struct cm7 *c);
bool cm7_sleeping(const struct cm7 *c);
/* Current PC (for the board's logs and tests). */
uint32_t cm7_pc(struct cm7 *c);

/*
 * The joint fast-forward's view of the core (common/vclock.h, struct
 * vclock_loop).  cm7_loop_watch asks for every CPU memory write to be
 * hashed into the signature (a Unicorn write hook, installed between runs:
 * it slows the core, so only while a poll loop is suspected).
 * cm7_loop_take, from inside a run (a device access by the core), for one
 * of 4 observers (slot: each has its own signature), returns
 * r0-r12, SP, LR, PC, xPSR and the signature of the core's bus accesses
 * (address, size, direction, data) and memory writes since the previous
 * take, and whether every write of that interval was watched; false when
 * the core is not running.  cm7_loop_advance adds n x stride to r0-r12
 * (the iterations skipped); only between runs.
 */
void cm7_loop_watch(struct cm7 *c, bool on);
bool cm7_in_run(const struct cm7 *c);
bool cm7_loop_take(struct cm7 *c, unsigned int slot, uint32_t regs[17], uint64_t *sig);
void cm7_loop_advance(struct cm7 *c, const int32_t stride[13], uint64_t n);
/* The same from inside a run: the run stops after the current instruction
 * and the counters move before the next one.  False (nothing done) while
 * another move with other strides is pending. */
bool cm7_loop_defer(struct cm7 *c, const int32_t stride[13], uint64_t n);

#endif
