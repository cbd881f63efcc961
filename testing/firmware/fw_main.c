// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Demo firmware main: one source for every image, the variant chosen at
 * build time (fw.h).  See README.md for what each image leaves behind.
 */
#include "fw.h"
#include "fw_mmio.h"
#include "fw_regs.h"

/* Send the recovery read (0-4-4 mode exit) before the reset commands, so a
 * re-run after a core reset finds the chip whatever we left it in. */
#ifndef FW_CHIP_RECOVERY
#define FW_CHIP_RECOVERY	1
#endif

/* Memory-mapped read commands (CCR without FMODE; qspi_mem_mapped adds 3). */

/* 1-4-4 ECh: 32-bit address, M byte on 4 lines (2 CLK), 4 dummy CLK. */
#define CCR_QIO_READ_4B							\
	(QSPI_CCR_IMODE(QSPI_LINES_1) | QSPI_CCR_ADMODE(QSPI_LINES_4) |	\
	 QSPI_CCR_ADSIZE(QSPI_SIZE_32) | QSPI_CCR_ABMODE(QSPI_LINES_4) |	\
	 QSPI_CCR_ABSIZE(QSPI_SIZE_8) | QSPI_CCR_DCYC(4) |		\
	 QSPI_CCR_DMODE(QSPI_LINES_4) |					\
	 QSPI_CCR_INSTRUCTION(NOR_OP_QIO_READ_4B))

/* 1-4-4 EBh with the chip in 4-byte address mode: 32-bit address. */
#define CCR_QIO_READ_4BMODE						\
	((CCR_QIO_READ_4B & ~0xFFu) | QSPI_CCR_INSTRUCTION(NOR_OP_QIO_READ))

/* 4-4-4 EBh in QPI mode, 3-byte address mode: 2 mode CLK, 0 wait (SFDP
 * DW7 default; no C0h Set Read Parameters is sent). */
#define CCR_QPI_READ							\
	(QSPI_CCR_IMODE(QSPI_LINES_4) | QSPI_CCR_ADMODE(QSPI_LINES_4) |	\
	 QSPI_CCR_ADSIZE(QSPI_SIZE_24) | QSPI_CCR_ABMODE(QSPI_LINES_4) |	\
	 QSPI_CCR_ABSIZE(QSPI_SIZE_8) | QSPI_CCR_DCYC(0) |		\
	 QSPI_CCR_DMODE(QSPI_LINES_4) |					\
	 QSPI_CCR_INSTRUCTION(NOR_OP_QIO_READ))

#define M_NO_CONTINUOUS		0x00u	/* M != Axh: normal read */
#define M_CONTINUOUS		0xA0u	/* M = Axh: next read has no opcode */

#define ERASE_BLOCK_ADDR	0x01000000u	/* qspi_erasing: 64 KiB at 16 MiB */

#define MM_CCR(ccr)	((ccr) | QSPI_CCR_FMODE(QSPI_FMODE_MEM_MAPPED))
_Static_assert(MM_CCR(CCR_QIO_READ_4B) == 0x0F10FDECu, "ECh MM CCR");
_Static_assert(MM_CCR(CCR_QIO_READ_4BMODE) == 0x0F10FDEBu, "EBh 4B MM CCR");
_Static_assert(MM_CCR(CCR_QPI_READ) == 0x0F00EFEBu, "QPI EBh MM CCR");

#if FW_VARIANT == FW_ID_QSPI_4BYTE
#define VARIANT_MM_CCR		CCR_QIO_READ_4BMODE
#define VARIANT_MM_ALT		M_NO_CONTINUOUS
#elif FW_VARIANT == FW_ID_QSPI_XIP
/* SIOO: the controller sends ECh once; later reads start at the address,
 * which is what a chip in continuous-read mode expects. */
#define VARIANT_MM_CCR		(CCR_QIO_READ_4B | QSPI_CCR_SIOO)
#define VARIANT_MM_ALT		M_CONTINUOUS
#elif FW_VARIANT == FW_ID_QSPI_QPI
#define VARIANT_MM_CCR		CCR_QPI_READ
#define VARIANT_MM_ALT		M_NO_CONTINUOUS
#else
#define VARIANT_MM_CCR		CCR_QIO_READ_4B
#define VARIANT_MM_ALT		M_NO_CONTINUOUS
#endif

#if FW_VARIANT == FW_ID_QSPI_ERASING || FW_VARIANT == FW_ID_QSPI_CHIPERASE
#define VARIANT_READS_MM	0	/* the chip is busy: no array reads */
#else
#define VARIANT_READS_MM	1
#endif

void fw_main(void) __attribute__((noreturn));

void fw_stage(uint32_t stage)
{
	fw_mark(FW_MARK_STATUS, stage);
}

void fw_idle_forever(void)
{
	for (;;)
		fw_wfi();
}

void fw_fail(void)
{
	uint32_t stage = fw_mark_get(FW_MARK_STATUS) & 0xFFu;

	fw_mark(FW_MARK_STATUS, FW_STATUS_ERROR | stage);
	fw_idle_forever();
}

/* Variant id first: whoever sees the magic also sees a valid id. */
static void mark_booted(void)
{
	fw_mark(FW_MARK_VARIANT, FW_VARIANT);
	fw_mark(FW_MARK_MAGIC, FW_MAGIC);
}

#if FW_VARIANT != FW_ID_IDLE

static void chip_reset(void)
{
	fw_stage(FW_STAGE_CHIP_RESET);
	if (FW_CHIP_RECOVERY)
		nor_exit_continuous_read();
	nor_soft_reset();
}

static void chip_read_id(void)
{
	uint8_t id[3];

	fw_stage(FW_STAGE_CHIP_ID);
	nor_read(NOR_OP_JEDEC_ID, id, sizeof(id));
	fw_mark(FW_MARK_JEDEC_ID,
		(uint32_t)id[0] << 16 | (uint32_t)id[1] << 8 | id[2]);
}

/* QE must be 1 for quad reads and QPI.  The -IQ part ships with QE = 1
 * (w25q01jv.md 3.4); an -IM part gets it set with 06h + 01h SR1 SR2
 * (QER = 100b, SFDP DW15). */
static void chip_ensure_qe(void)
{
	uint8_t sr[2];

	fw_stage(FW_STAGE_QE);
	sr[0] = nor_read_reg(NOR_OP_RDSR1);
	sr[1] = nor_read_reg(NOR_OP_RDSR2);
	if (!(sr[1] & NOR_SR2_QE)) {
		sr[1] |= NOR_SR2_QE;
		nor_write_enable();
		nor_write(NOR_OP_WRSR1, sr, sizeof(sr));
		nor_wait_ready(1);
		sr[1] = nor_read_reg(NOR_OP_RDSR2);
		if (!(sr[1] & NOR_SR2_QE))
			fw_fail();
	}
	fw_mark(FW_MARK_CHIP_SR, (uint32_t)sr[0] | (uint32_t)sr[1] << 8 |
		(uint32_t)nor_read_reg(NOR_OP_RDSR3) << 16);
}

/* The variant's own step: the state it leaves the chip in. */
static void chip_enter_variant_mode(void)
{
	fw_stage(FW_STAGE_MODE);
#if FW_VARIANT == FW_ID_QSPI_4BYTE
	nor_cmd(NOR_OP_ENTER_4B);	/* no WREN needed (SFDP DW16) */
	fw_mark(FW_MARK_DETAIL, nor_read_reg(NOR_OP_RDSR3));
#elif FW_VARIANT == FW_ID_QSPI_QPI
	nor_cmd(NOR_OP_ENTER_QPI);
#elif FW_VARIANT == FW_ID_QSPI_ERASING
	nor_write_enable();
	nor_cmd_addr32(NOR_OP_BE64K_4B, ERASE_BLOCK_ADDR);
	fw_mark(FW_MARK_DETAIL, nor_read_reg(NOR_OP_RDSR1));
#elif FW_VARIANT == FW_ID_QSPI_CHIPERASE
	nor_write_enable();
	nor_cmd(NOR_OP_CHIP_ERASE);
	fw_mark(FW_MARK_DETAIL, nor_read_reg(NOR_OP_RDSR1));
#endif
}

#if FW_VARIANT == FW_ID_QSPI_TICK
/*
 * SysTick on, interrupts enabled, and the handler reads its increment from
 * QSPI flash through memory-mapped mode (the handler's code would sit there
 * on many boards; the board's core does not execute from the QSPI window,
 * core/README.md): a debugger that runs code while memory-mapped mode is
 * off must keep interrupts masked, or the next tick reads a window that is
 * not there.
 */
static void tick_handler(void)
{
	fw_mark(FW_MARK_TICKS, fw_mark_get(FW_MARK_TICKS) +
		*(volatile uint32_t *)(QSPI_MM_BASE + FW_TICK_DATA_OFF));
}

static void tick_from_qspi(void)
{
	volatile uint32_t *vt = (volatile uint32_t *)FW_TICK_VTOR;
	const volatile uint32_t *cur = (const volatile uint32_t *)mmio_read32(SCB_VTOR);

	for (unsigned int i = 0; i < 16; i++)
		vt[i] = cur[i];
	vt[15] = (uint32_t)(uintptr_t)tick_handler;
	fw_mark(FW_MARK_TICKS, 0);
	mmio_write32(SCB_VTOR, FW_TICK_VTOR);
	mmio_write32(SYST_RVR, FW_TICK_RELOAD - 1u);
	mmio_write32(SYST_CVR, 0);
	mmio_write32(SYST_CSR, 7u);	/* ENABLE, TICKINT, CLKSOURCE = core */
	__asm__ volatile ("cpsie i" ::: "memory");
}
#endif

static void read_first_word(void)
{
	fw_stage(FW_STAGE_MM_READ);
	fw_mark(FW_MARK_MM_WORD, *(volatile uint32_t *)QSPI_MM_BASE);
}

void fw_main(void)
{
	board_clocks_init();
	board_qspi_pins_init();
	qspi_ctrl_init();
	chip_reset();
	chip_read_id();
	chip_ensure_qe();
	chip_enter_variant_mode();

	fw_stage(FW_STAGE_MM);
	qspi_mem_mapped(VARIANT_MM_CCR, VARIANT_MM_ALT);
	mark_booted();
	if (VARIANT_READS_MM)
		read_first_word();
#if FW_VARIANT == FW_ID_QSPI_TICK
	tick_from_qspi();
#endif
	fw_stage(FW_STATUS_DONE);
	fw_idle_forever();
}

#else /* FW_ID_IDLE */

void fw_main(void)
{
	mark_booted();
	fw_stage(FW_STATUS_DONE);
	fw_idle_forever();
}

#endif
