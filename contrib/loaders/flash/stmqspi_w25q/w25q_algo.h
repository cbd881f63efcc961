/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Contract between the stmqspi W25Q host code (src/flash/nor/w25q_algo.c,
 * w25q_feed.c) and the target algorithms in this folder.  Included by both
 * sides: keep it plain C, fixed-width fields only.
 *
 * Every algorithm is a position-independent Thumb-2 blob entered at offset 0
 * with:
 *   r0  address of the parameter block (struct w25q_algo_params)
 *   r1  flash offset (from the start of the chip, not 0x90000000)
 *   r2  byte count
 *   r3  FIFO / list / data start (see each algorithm)
 *   r4  FIFO end + 1 (async algorithms)
 *   sp  top of a stack of W25Q_ALGO_STACK bytes, set by the host
 * and stops with BKPT 0 at its end, returning:
 *   r0  status, enum w25q_algo_status
 *   r1  offset reached: the failing or first non-blank offset, else the end
 *   r2  algorithm-specific result (see each)
 *
 * The host computes every CCR (instruction, line counts, address size,
 * dummy cycles, FMODE); an algorithm never derives them.  On entry QUADSPI
 * is idle (not busy, aborted), CR/DCR are set by the host and FMODE is taken
 * from each CCR.  An algorithm leaves QUADSPI idle and die 0 selected.
 */

#ifndef W25Q_ALGO_H
#define W25Q_ALGO_H

#define W25Q_ALGO_STACK		256	/* bytes of stack the host provides */

/* parameter block, byte offsets (host writes it with target_buffer_set_u32) */
#define W25Q_P_IO_BASE		0x00	/* QUADSPI register base */
#define W25Q_P_DIES		0x04	/* 1 or 2 (C2h only sent when > 1) */
#define W25Q_P_DIE_SHIFT	0x08	/* log2(die size): 26 for 64 MiB */
#define W25Q_P_PAGE_SIZE	0x0C	/* 256 */
#define W25Q_P_POLL_LIMIT	0x10	/* status reads per wait before timeout */
#define W25Q_P_CCR_RDSR		0x14	/* 05h, 1-0-1, indirect read, 1 byte */
#define W25Q_P_CCR_DIE_SEL	0x18	/* C2h, 1-0-1, indirect write, 1 byte */
#define W25Q_P_CCR_WREN		0x1C	/* 06h, 1-0-0, indirect write, no data */
#define W25Q_P_CCR_PROGRAM	0x20	/* 12h/34h, 32-bit address, indirect write */
#define W25Q_P_CCR_READ		0x24	/* 13h/0Ch/6Ch/ECh, 32-bit address, indirect read */
#define W25Q_P_ABR_READ		0x28	/* ABR for CCR_READ (mode bits), if it has ABMODE */
#define W25Q_P_FLAGS		0x2C	/* W25Q_F_* */
#define W25Q_P_SIZE		0x30	/* bytes in the block */
#define W25Q_P_CRC_TABLE	0x34	/* crc32, sector_scan: address of a 256-word
					 * table (entry i = CRC step of byte i << 24,
					 * poly 0x04C11DB7), 0: a 16-entry table on the
					 * stack, about 4x slower */
#define W25Q_P_ERASE_LIST	0x38	/* program: address of {u32 offset, u32 ccr}
					 * erase entries sorted by offset (0: none) */
#define W25Q_P_ERASE_COUNT	0x3C	/* program: entries in ERASE_LIST */
#define W25Q_P_BLANK_CRC	0x40	/* sector_scan with W25Q_F_BLANK_CRC: CRC-32 of
					 * SIZE bytes of 0xFF */
#define W25Q_P_ERASE_DONE	0x44	/* program (out): erase plan entries sent so far */

#define W25Q_F_READ_SPLIT	0x01	/* reads wrap inside a die: split at die boundary */
#define W25Q_F_SKIP_FF_PAGES	0x02	/* program: skip pages whose data is all 0xFF */
#define W25Q_F_NEED_BUSY	0x04	/* program/erase: BUSY=0 right after the command is
					 * W25Q_ERR_NOT_ACCEPTED even with WEL=0 (a chip
					 * that drops a protected command and clears WEL) */
#define W25Q_F_BLANK_ONLY	0x08	/* sector_scan: no CRC (0), a sector's read stops at
					 * its first word that is not all 0xFF */
#define W25Q_F_BLANK_CRC	0x10	/* sector_scan: BLANK_CRC holds the CRC of a
					 * whole blank sector */

/* status register 1 bits */
#define W25Q_SR1_BUSY		0x01
#define W25Q_SR1_WEL		0x02

enum w25q_algo_status {
	W25Q_OK = 0,
	W25Q_ERR_TIMEOUT = 1,		/* a die stayed busy past POLL_LIMIT reads */
	W25Q_ERR_WEL = 2,		/* 06h sent, addressed die shows WEL=0 */
	W25Q_ERR_NOT_ACCEPTED = 3,	/* after the command: BUSY=0, WEL=1 */
	W25Q_ERR_ABORTED = 4,		/* host wrote wp = 0 */
	W25Q_ERR_PARAM = 5,		/* bad parameter (alignment, count) */
	W25Q_ERR_TRANSFER = 6,		/* QUADSPI TEF: command not sent (address
					 * beyond FSIZE) */
};

/*
 * Entry points, one blob each (w25q_<name>.inc):
 *
 * erase: r3 = list of r2 entries {u32 offset, u32 ccr}; each entry is one
 *   erase command (21h/DCh with a 32-bit address, or C7h without address
 *   phase).  Per entry: wait all dies idle, 06h, WEL on the die of offset,
 *   command, check accepted on that die, wait all dies idle.  r1 out: offset
 *   of the failing entry or of the last one; r2 out: entries done.
 *
 * program (async, target_run_flash_async_algorithm, block size 1):
 *   r1 offset, r2 count, r3 FIFO start (wp at r3, rp at r3 + 4, data from
 *   r3 + 8), r4 FIFO end.  Per page (never crossing a page): wait all dies
 *   idle, 06h, WEL on the addressed die, CCR_PROGRAM, data from the FIFO
 *   (may wrap at r4), accepted check, then wait all dies idle.  Sets rp = 0
 *   on error.  r2 out: bytes left.  With an erase plan (ERASE_LIST/COUNT),
 *   each entry is run as in erase, without the final wait, before the first
 *   page at or after its offset (before waiting for that page's data), the
 *   rest after the last page; r1 out is then the failing entry's offset.
 *   No entry is sent once the host has aborted (wp = 0); ERASE_DONE counts
 *   the entries sent.
 *
 * read (async, target_run_read_async_algorithm, block size 1): same FIFO,
 *   filled by the algorithm; one CCR_READ command per chunk, chunks never
 *   crossing the FIFO wrap nor (W25Q_F_READ_SPLIT) a die boundary.
 *
 * crc32: r1 offset, r2 count; r2 out: CRC-32 as OpenOCD's
 *   image_calculate_checksum() computes it (poly 0x04C11DB7, MSB first,
 *   init 0xFFFFFFFF, no final xor, no reflection).
 *
 * sector_scan: r1 offset, r2 count, r3 output array, sector size in
 *   W25Q_P_SIZE; for each sector (the last may be short) writes two words:
 *   CRC-32 of the sector (as crc32) and 1 if every byte is 0xFF else 0.
 *   r2 out: sectors done.  While a sector reads all 0xFF its bytes are only
 *   counted; the CRC is folded in when other data turns up, or taken from
 *   BLANK_CRC (W25Q_F_BLANK_CRC) for a whole blank sector.  (blank check = sector_scan's second word; with
 *   W25Q_F_BLANK_ONLY the CRC word is 0 and a sector's read stops early)
 */

#endif /* W25Q_ALGO_H */
