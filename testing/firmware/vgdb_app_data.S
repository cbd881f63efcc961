/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vgdb_app.elf data sections, filled with the bytes vgdb_app_data.py
 * generated at build time (vgdb_app.mk passes their directory with -I).
 */
	.section .bank2, "a"
	.global vgdb_bank2_table
	.balign 4
vgdb_bank2_table:
	.incbin "vgdb_bank2.bin"

	.section .qspi_head, "a"
	.global vgdb_qspi_head
vgdb_qspi_head:
	.incbin "vgdb_qspi_head.bin"

	.section .qspi_dies, "a"
	.global vgdb_qspi_dies
vgdb_qspi_dies:
	.incbin "vgdb_qspi_dies.bin"
