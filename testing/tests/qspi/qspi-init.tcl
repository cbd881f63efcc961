# SPDX-License-Identifier: GPL-2.0-or-later
# Test-only QUADSPI bring-up for the virtual board (the product's board file,
# tcl/board/stm32h753.cfg, is separate): clocks on, default wiring pins in
# their alternate function, QUADSPI memory-mapped with a 1-line 4-byte read
# (13h), FSIZE one larger than the chip (memory-mapped last-bytes erratum).
# Then a stmqspi bank at 0x90000000.  Usable with stock and our OpenOCD.

proc vb_qspi_init {} {
	mmw 0x580244E0 0x0000001E 0		;# RCC_AHB4ENR: GPIOB..GPIOE
	mmw 0x580244D4 0x00004000 0		;# RCC_AHB3ENR: QSPIEN
	# PB2 CLK AF9, PB6 NCS AF10
	mmw 0x58020400 0x00002020 0x00001010	;# GPIOB MODER: PB2, PB6 alternate
	mmw 0x58020408 0x00003030 0		;# GPIOB OSPEEDR: very high
	mmw 0x58020420 0x0A000900 0x05000600	;# GPIOB AFRL: PB2 AF9, PB6 AF10
	# PD11 IO0, PD12 IO1, PD13 IO3: AF9
	mmw 0x58020C00 0x0A800000 0x05400000	;# GPIOD MODER
	mmw 0x58020C08 0x0FC00000 0		;# GPIOD OSPEEDR
	mmw 0x58020C24 0x00999000 0x00666000	;# GPIOD AFRH
	# PE2 IO2: AF9
	mmw 0x58021000 0x00000020 0x00000010	;# GPIOE MODER
	mmw 0x58021008 0x00000030 0		;# GPIOE OSPEEDR
	mmw 0x58021020 0x00000900 0x00000600	;# GPIOE AFRL
	mww 0x52005000 0x01000010		;# CR: PRESCALER=1, SSHIFT
	mww 0x52005004 0x001B0200		;# DCR: FSIZE=27 (256 MiB), CSHT=2
	mww 0x52005014 0x0D003513		;# CCR: memory-mapped, 1-1-1, 32-bit address, 13h
	mmw 0x52005000 0x00000001 0		;# CR: EN
}
