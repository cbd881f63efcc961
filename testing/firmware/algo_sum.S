/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * algo_sum: position-independent test algorithm for OpenOCD-style target
 * algorithm runs (load into RAM, set registers, run, wait for the halt).
 *
 *   in:  r0 = start address (word aligned), r1 = number of 32-bit words
 *   out: r0 = sum of the words, modulo 2^32 (0 when r1 = 0)
 *        r1 = 0, r2 = r0, r3 = last word read (undefined when r1 = 0)
 *   end: halts on "bkpt #0", the last instruction of the blob
 *
 * Entry is offset 0, Thumb state.  No stack, no memory writes, no
 * absolute addresses: the blob runs wherever it is loaded.
 */
	.syntax unified
	.cpu cortex-m7
	.thumb

	.section .text.algo_sum, "ax", %progbits
	.global algo_sum
	.type algo_sum, %function
	.thumb_func
algo_sum:
	movs	r2, #0			@ running sum
	cbz	r1, done
loop:
	ldr	r3, [r0], #4
	adds	r2, r2, r3
	subs	r1, r1, #1
	bne	loop
done:
	mov	r0, r2
	.global algo_sum_exit
algo_sum_exit:
	bkpt	#0
	.size algo_sum, . - algo_sum
