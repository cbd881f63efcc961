// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Vector table and reset entry.  The table sits at 0x08000000 (internal
 * flash bank 1, the boot address); its first word is the top of DTCM.
 * The reset handler moves the stack down below the marker block at
 * 0x2001FF00 so the stack can never overwrite the markers, copies .data,
 * clears .bss and calls fw_main().
 */
#include <stdint.h>

#include "fw.h"
#include "fw_mmio.h"
#include "fw_regs.h"

#define NUM_SYSTEM_VECTORS	16
#define NUM_IRQ_VECTORS		150	/* STM32H753: IRQ 0..149 */

/* From linker.ld */
extern uint32_t __initial_sp[];
extern uint32_t __vectors_start[];
extern uint32_t _sidata[], _sdata[], _edata[], _sbss[], _ebss[];

void reset_handler(void) __attribute__((naked, noreturn));
void default_handler(void);
void fw_start(void) __attribute__((noreturn, used));
void fw_main(void) __attribute__((noreturn));

__attribute__((section(".isr_vector"), used))
const uintptr_t vector_table[NUM_SYSTEM_VECTORS + NUM_IRQ_VECTORS] = {
	[0] = (uintptr_t)__initial_sp,
	[1] = (uintptr_t)reset_handler,
	[2] = (uintptr_t)default_handler,	/* NMI */
	[3] = (uintptr_t)default_handler,	/* HardFault */
	[4] = (uintptr_t)default_handler,	/* MemManage */
	[5] = (uintptr_t)default_handler,	/* BusFault */
	[6] = (uintptr_t)default_handler,	/* UsageFault */
	[11] = (uintptr_t)default_handler,	/* SVCall */
	[12] = (uintptr_t)default_handler,	/* DebugMonitor */
	[14] = (uintptr_t)default_handler,	/* PendSV */
	[15] = (uintptr_t)default_handler,	/* SysTick */
	[NUM_SYSTEM_VECTORS ... NUM_SYSTEM_VECTORS + NUM_IRQ_VECTORS - 1] =
		(uintptr_t)default_handler,
};

/* Only sets the stack: no C code may run before the stack is valid. */
void reset_handler(void)
{
	__asm__ volatile(
		"movw	r0, #:lower16:__stack_top\n\t"
		"movt	r0, #:upper16:__stack_top\n\t"
		"mov	sp, r0\n\t"
		"b	fw_start\n\t");
}

static void copy_data(void)
{
	const uint32_t *src = _sidata;
	uint32_t *dst = _sdata;

	while (dst < _edata)
		*dst++ = *src++;
}

static void zero_bss(void)
{
	uint32_t *dst = _sbss;

	while (dst < _ebss)
		*dst++ = 0;
}

static void clear_markers(void)
{
	uint32_t off;

	for (off = 0; off < FW_MARKER_SIZE; off += 4)
		fw_mark(FW_MARKER_BASE + off, 0);
}

void fw_start(void)
{
	/* A previous run's markers survive a reset: never show stale ones. */
	clear_markers();
	fw_stage(FW_STAGE_START);
	copy_data();
	zero_bss();
	mmio_write32(SCB_VTOR, (uint32_t)(uintptr_t)__vectors_start);
	fw_dsb();
	fw_isb();
	fw_main();
}

/* Every exception and interrupt: say which one ran, then stay here. */
void default_handler(void)
{
	uint32_t ipsr;

	__asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
	fw_mark(FW_MARK_STATUS, FW_STATUS_FAULT | (ipsr & 0x1FFu));
	for (;;)
		;
}
