/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Entry of the streaming algorithm blob (h7s_algo.h), linked at offset 0:
 * save r0..r5 on the host's stack, call h7s_algo() with a pointer to them,
 * return the first three (rewritten by the C code) in r0..r2 and stop at
 * BKPT 0.
 */

	.syntax unified
	.cpu cortex-m7
	.thumb

	.section .text.entry, "ax", %progbits
	.global h7s_entry
	.type h7s_entry, %function
	.thumb_func
h7s_entry:
	push	{r0-r5}
	mov	r0, sp
	bl	h7s_algo
	pop	{r0-r5}
	bkpt	#0
	.size h7s_entry, . - h7s_entry
