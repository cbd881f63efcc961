# SPDX-License-Identifier: GPL-2.0-or-later
# Test-only helpers for the harsh-board tests (stock and our OpenOCD).
#
# vb_pll200: system clock from HSI 64 MHz through PLL1 (M 4, N 50, P 2) to
# 400 MHz, AXI/AHB (rcc_hclk3, the QUADSPI kernel clock) 200 MHz: the same
# register values as the product's board file, so SCLK = 200 MHz /
# (PRESCALER + 1).
proc vb_pll200 {} {
	mmw 0x58024818 0x0000C000 0		;# PWR_D3CR: VOS scale 1
	mww 0x52002000 0x00000022		;# FLASH_ACR: 2 wait states, WRHIGHFREQ 2
	mmw 0x58024400 0x00000001 0x00000018	;# RCC_CR: HSION, HSIDIV /1
	mww 0x58024418 0x00000048		;# RCC_D1CFGR: HPRE /2, D1PPRE /2
	mww 0x5802441C 0x00000440		;# RCC_D2CFGR
	mww 0x58024420 0x00000040		;# RCC_D3CFGR
	mmw 0x58024428 0x00000040 0x000003F3	;# RCC_PLLCKSELR: HSI, DIVM1 4
	mmw 0x5802442C 0x0007000C 0x00000003	;# RCC_PLLCFGR
	mww 0x58024430 0x01030231		;# RCC_PLL1DIVR: N 50, P 2, Q 4, R 2
	mmw 0x58024400 0x01000000 0		;# RCC_CR: PLL1ON
	for {set i 0} {$i < 100} {incr i} {
		if {[mrw 0x58024400] & 0x02000000} break
	}
	mmw 0x58024410 0x00000003 0x00000007	;# RCC_CFGR: SW = PLL1
}

# vb_qspi_prescaler N: QUADSPI off, CR.PRESCALER = N, on again (memory-mapped
# mode as vb_qspi_init left it: 13h, 1-1-1).
proc vb_qspi_prescaler {n} {
	mmw 0x52005000 0x00000002 0		;# ABORT the memory-mapped prefetch
	mmw 0x52005000 0 0x00000001		;# EN = 0
	mmw 0x52005000 [expr {$n << 24}] 0xFF000000
	mww 0x52005014 0x0D003513		;# CCR: memory-mapped 13h again
	mmw 0x52005000 0x00000001 0		;# EN = 1
}
