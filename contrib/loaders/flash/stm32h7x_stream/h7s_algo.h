/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Contract between the STM32H7 internal flash streaming host code
 * (src/flash/nor/stm32h7x_stream.c) and the program algorithm in this
 * folder.  Included by both sides: keep it plain C, fixed-width fields only.
 *
 * The algorithm is a position-independent Thumb-2 blob entered at offset 0
 * with:
 *   r0  address of the parameter block (below)
 *   r1  flash address of the first flash word (absolute, e.g. 0x08000000)
 *   r2  byte count, a multiple of the flash word
 *   r3  FIFO start: wp at r3, rp at r3 + 4, data from r3 + 8
 *   r4  FIFO end + 1
 *   sp  top of a stack of H7S_ALGO_STACK bytes, set by the host
 * and stops with BKPT 0 at its end, returning:
 *   r0  status, enum h7s_status
 *   r1  address reached: the failing flash word or erase, else the end
 *   r2  bytes left
 *
 * The FIFO is the ring of target_run_flash_async_algorithm(): the host
 * writes data at wp and then advances wp; the algorithm consumes at rp and
 * advances rp.  wp = 0 from the host aborts; rp = 0 from the algorithm says
 * it stopped on an error.
 *
 * Per flash word (never crossing one): planned erases whose address is at or
 * below the word's are run first (before waiting for the word's data, so the
 * host fills the FIFO during the erase); then, once the word is in the FIFO,
 * a word whose bytes are all 0xFF is skipped when H7S_F_SKIP_FF is set (the
 * host only sets it for flash known to be erased); otherwise the algorithm
 * waits for the previous program to end (SR.QW = 0) and checks its errors,
 * writes CR_PROGRAM to FLASH_CR and copies the word into the flash array,
 * which starts its program.  rp is advanced once the word is copied.  After
 * the last word: erases left in the plan, then the last program's end.
 * The host unlocks the bank before and locks it afterwards.
 */

#ifndef H7S_ALGO_H
#define H7S_ALGO_H

#define H7S_ALGO_STACK		256	/* bytes of stack the host provides */

/* parameter block, byte offsets (host writes it with target_buffer_set_u32) */
#define H7S_P_REGS		0x00	/* FLASH register base of the bank */
#define H7S_P_CR_PROGRAM	0x04	/* FLASH_CR for programming (PG, PSIZE) */
#define H7S_P_WORD		0x08	/* flash word in bytes: 32 (H74x/75x) or 16 */
#define H7S_P_ERR_MASK		0x0C	/* FLASH_SR error bits */
#define H7S_P_FLAGS		0x10	/* H7S_F_* */
#define H7S_P_ERASE_LIST	0x14	/* address of {u32 address, u32 cr_select,
					 * u32 cr_start} entries sorted by address */
#define H7S_P_ERASE_COUNT	0x18	/* entries in ERASE_LIST */
#define H7S_P_ERASE_DONE	0x1C	/* out: erases started so far */
#define H7S_P_SR		0x20	/* out: FLASH_SR that stopped the run */
#define H7S_P_POLL_LIMIT	0x24	/* SR reads per wait before timeout */
#define H7S_PARAMS_SIZE		0x28

#define H7S_F_SKIP_FF		0x01	/* words of all 0xFF are not programmed */

/* FLASH register offsets from the bank's base, and SR bits */
#define H7S_FLASH_CR		0x0C
#define H7S_FLASH_SR		0x10
#define H7S_SR_QW		0x04	/* operation queued or running */

enum h7s_status {
	H7S_OK = 0,
	H7S_ERR_TIMEOUT = 1,	/* SR.QW stayed set past POLL_LIMIT reads */
	H7S_ERR_FLASH = 2,	/* an error bit of SR (in P_SR) */
	H7S_ERR_ABORTED = 3,	/* host wrote wp = 0 */
	H7S_ERR_PARAM = 4,	/* bad parameter (alignment, FIFO) */
};

#endif /* H7S_ALGO_H */
