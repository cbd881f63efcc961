/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Volatile memory-mapped I/O helpers for the demo firmware.  Every access to
 * a peripheral register goes through one of these, so the width of each bus
 * access is explicit (8-bit DR accesses matter on QUADSPI).
 */
#ifndef FW_MMIO_H
#define FW_MMIO_H

#include <stdint.h>

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t val)
{
	*(volatile uint32_t *)addr = val;
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	return *(volatile uint8_t *)addr;
}

static inline void mmio_write8(uintptr_t addr, uint8_t val)
{
	*(volatile uint8_t *)addr = val;
}

/* Read-modify-write: clear the bits in @clear, then set the bits in @set. */
static inline void mmio_modify32(uintptr_t addr, uint32_t clear, uint32_t set)
{
	mmio_write32(addr, (mmio_read32(addr) & ~clear) | set);
}

static inline void mmio_set32(uintptr_t addr, uint32_t bits)
{
	mmio_modify32(addr, 0, bits);
}

static inline void mmio_clear32(uintptr_t addr, uint32_t bits)
{
	mmio_modify32(addr, bits, 0);
}

/* Complete all outstanding memory accesses before going on. */
static inline void fw_dsb(void)
{
	__asm__ volatile("dsb" ::: "memory");
}

static inline void fw_isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void fw_wfi(void)
{
	__asm__ volatile("wfi" ::: "memory");
}

#endif
