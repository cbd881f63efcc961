/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * demo_app.elf data sections, filled with the bytes demo_app_data.py
 * generated at build time (the Makefile passes their directory with -I).
 */
	.section .bank2, "a"
	.global demo_bank2_table
	.balign 4
demo_bank2_table:
	.incbin "demo_bank2.bin"

	.section .qspi_data, "a"
	.global demo_qspi_data
demo_qspi_data:
	.incbin "demo_qspi_data.bin"

	.section .qspi_misc, "a"
	.global demo_qspi_misc
demo_qspi_misc:
	.incbin "demo_qspi_misc.bin"
