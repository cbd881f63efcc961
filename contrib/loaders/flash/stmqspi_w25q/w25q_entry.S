/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Entry of every W25Q algorithm blob, linked at offset 0: save r0..r5 on
 * the host's stack, call w25q_algo() with a pointer to them, return the
 * first three (rewritten by the C code) in r0..r2 and stop at BKPT 0.
 */

	.syntax unified
	.cpu cortex-m7
	.thumb

	.section .text.entry, "ax", %progbits
	.global w25q_entry
	.type w25q_entry, %function
	.thumb_func
w25q_entry:
	push	{r0-r5}
	mov	r0, sp
	bl	w25q_algo
	pop	{r0-r5}
	bkpt	#0
	.size w25q_entry, . - w25q_entry
