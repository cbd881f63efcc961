// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vgdb_app.elf: the firmware of the VisualGDB session test.  Sections in
 * internal flash bank 1 (vectors, code, .data's initial values), bank 2 and
 * the QSPI flash, one of them across the W25Q01JV's die boundary
 * (vgdb_app.ld, data from vgdb_app_data.S).
 *
 * At run time it copies .data to DTCM, records the first word of .data and
 * of its bank 2 table in the marker block, then sleeps.
 */
#include <stdint.h>

#define NUM_VECTORS	166	/* 16 system + 150 IRQ (STM32H753) */

#define VGDB_MAGIC	0x5A6DB0A7u
#define MARKER_MAGIC	(*(volatile uint32_t *)0x2001FF00u)
#define MARKER_WORD	(*(volatile uint32_t *)0x2001FF08u)
#define MARKER_DATA	(*(volatile uint32_t *)0x2001FF10u)

extern uint32_t _estack[], _sdata[], _edata[];
extern const uint32_t _sidata[];
extern const uint32_t vgdb_bank2_table[];

__attribute__((noreturn)) void vgdb_reset(void);
__attribute__((noreturn)) void vgdb_fault(void);

/* initialised data: its values live in flash (LMA) and DTCM (VMA) */
uint32_t vgdb_data[4] = { 0x0DA7A001u, 0x0DA7A002u, 0x0DA7A003u, 0x0DA7A004u };

__attribute__((section(".isr_vector"), used))
const uintptr_t vgdb_vectors[NUM_VECTORS] = {
	[0] = (uintptr_t)_estack,
	[1] = (uintptr_t)vgdb_reset,
	[2 ... NUM_VECTORS - 1] = (uintptr_t)vgdb_fault,
};

void vgdb_reset(void)
{
	const uint32_t *src = _sidata;

	for (uint32_t *dst = _sdata; dst < _edata; )
		*dst++ = *src++;
	MARKER_DATA = vgdb_data[0];
	MARKER_WORD = vgdb_bank2_table[0];
	MARKER_MAGIC = VGDB_MAGIC;
	for (;;)
		__asm__ volatile("wfi");
}

void vgdb_fault(void)
{
	MARKER_MAGIC = 0xFA000000u;
	for (;;)
		__asm__ volatile("wfi");
}
