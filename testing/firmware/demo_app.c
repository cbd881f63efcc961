// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * demo_app.elf: a firmware image whose sections span every flash of the
 * board, for the board-file and programming tests (`program demo_app.elf`,
 * gdb `load`).  Code and vectors in internal flash bank 1, a table in bank 2,
 * generated data in the W25Q01JV behind QUADSPI (demo_app_data.S).
 *
 * At run time it only records, in the marker block, that it booted and the
 * first word of its bank 2 table, then sleeps.  It never touches QUADSPI:
 * the QSPI data is there to be programmed and compared, not used.
 */
#include <stdint.h>

#define NUM_VECTORS	166	/* 16 system + 150 IRQ (STM32H753) */

#define DEMO_MAGIC	0xDE300A99u
#define MARKER_MAGIC	(*(volatile uint32_t *)0x2001FF00u)
#define MARKER_WORD	(*(volatile uint32_t *)0x2001FF08u)

extern uint32_t __initial_sp[];
extern const uint32_t demo_bank2_table[];

void demo_reset(void) __attribute__((noreturn));
void demo_fault(void) __attribute__((noreturn));

__attribute__((section(".isr_vector"), used))
const uintptr_t demo_vectors[NUM_VECTORS] = {
	[0] = (uintptr_t)__initial_sp,
	[1] = (uintptr_t)demo_reset,
	[2 ... NUM_VECTORS - 1] = (uintptr_t)demo_fault,
};

void demo_reset(void)
{
	MARKER_WORD = demo_bank2_table[0];
	MARKER_MAGIC = DEMO_MAGIC;
	for (;;)
		__asm__ volatile("wfi");
}

void demo_fault(void)
{
	MARKER_MAGIC = 0xFA000000u;
	for (;;)
		__asm__ volatile("wfi");
}
