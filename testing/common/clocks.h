/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Clock frequencies produced by RCC and consumed by the core and peripherals.
 * RCC owns the values; everybody else only reads them.  They change when
 * firmware or the debugger reprograms RCC (e.g. the board reset-init raising
 * PLL1), and return to reset values on a system reset.
 */
#ifndef VB_CLOCKS_H
#define VB_CLOCKS_H

#include <stdint.h>

struct vb_clocks {
	uint32_t cpu_hz;	/* sys_ck / D1CPRE: the Cortex-M7 clock */
	uint32_t hclk_hz;	/* AXI/AHB clock (rcc_hclk3 feeds QUADSPI by default) */
	uint32_t qspi_ker_hz;	/* QUADSPI kernel clock (D1CCIPR.QSPISEL) */
};

#endif
