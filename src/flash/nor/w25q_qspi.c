// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * The QUADSPI command primitive of the native W25Q handling (single flash):
 * every command is built here from the chip layer's description
 * (struct w25q_op), never from the memory-mapped CCR found at probe, and
 * the QUADSPI settings found come back after every operation.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imp.h"
#include "stmqspi.h"
#include "w25q_bank.h"
#include "w25q_qspi.h"
#include <target/arm_adi_v5.h>
#include <target/armv7m.h>

#define L1			1U	/* mode field: one line */
#define L4			3U	/* mode field: four lines */

#define QSPI_SR_TEF		BIT(0)
#define QSPI_SR_TCF		BIT(1)
#define QSPI_FCR_ALL		0x1BU	/* CTOF, CSMF, CTCF, CTEF */

#define W25Q_CTRL_TIMEOUT_MS	100	/* QUADSPI BUSY after a command */

/*
 * Queue a 32-bit write without running the queue, where the target allows
 * (Cortex-M through its MEM-AP): the write goes out with the next access
 * that runs the queue, which reports its error if it fails.  Register
 * writes that need no answer use it, to save probe round trips.
 */
int w25q_queue_u32(struct target *target, uint32_t addr, uint32_t value)
{
	struct armv7m_common *armv7m = target_to_armv7m(target);

	if (is_armv7m(armv7m) && armv7m->debug_ap)
		return mem_ap_write_u32(armv7m->debug_ap, addr, value);
	return target_write_u32(target, addr, value);
}

/*
 * Controller idle (stmqspi's own wait), then every flag cleared, TEF
 * included: the next command's TEF check must see only its own.
 */
static int qspi_wait_idle(struct flash_bank *bank, struct w25q_bank *w)
{
	int retval = stmqspi_wait_idle(bank, W25Q_CTRL_TIMEOUT_MS);

	if (retval != ERROR_OK)
		return retval;
	return w25q_queue_u32(bank->target, w->io_base + QSPI_FCR, QSPI_FCR_ALL);
}

/* stmqspi's ABORT, then wait until the controller is idle */
int w25q_qspi_abort(struct flash_bank *bank, struct w25q_bank *w)
{
	int retval = stmqspi_abort(bank);

	if (retval == ERROR_OK)
		retval = qspi_wait_idle(bank, w);
	return retval;
}

/* TEF after starting an addressed command: it was not sent. */
static int qspi_check_tef(struct flash_bank *bank, struct w25q_bank *w, uint32_t ccr,
	uint32_t addr)
{
	uint32_t sr, dcr;
	int retval = target_read_u32(bank->target, w->io_base + QSPI_SR, &sr);

	if (retval != ERROR_OK || !(sr & QSPI_SR_TEF))
		return retval;
	if (target_read_u32(bank->target, w->io_base + QSPI_DCR, &dcr) != ERROR_OK)
		dcr = 0;
	LOG_ERROR("QUADSPI transfer error (TEF) on command %02" PRIx32 "h at 0x%08" PRIx32
		" (DCR 0x%08" PRIx32 ", FSIZE %" PRIu32 "): the command was not sent",
		ccr & 0xFF, addr, dcr, (dcr >> SPI_FSIZE_POS) & 0x1FU);
	w25q_qspi_abort(bank, w);
	return ERROR_FLASH_OPERATION_FAILED;
}

/*
 * One indirect command of op with the CCR given: ABR (op's mode byte) and
 * address if the CCR has those phases, then op's len data bytes written
 * from or read into its data.
 */
static int qspi_xfer(struct flash_bank *bank, struct w25q_bank *w, uint32_t ccr,
	const struct w25q_op *op)
{
	struct target *target = bank->target;
	uint32_t base = w->io_base, addr = op->addr;
	bool read = (ccr & CCR_FMODE_MASK) == CCR_FMODE_READ;
	uint8_t *data = op->data;
	unsigned int len = op->len;
	int retval;

	retval = qspi_wait_idle(bank, w);
	if (retval == ERROR_OK && len)
		retval = w25q_queue_u32(target, base + QSPI_DLR, len - 1);
	if (retval == ERROR_OK && (ccr & (3U << 14)))
		retval = w25q_queue_u32(target, base + QSPI_ABR, op->mode);
	if (retval == ERROR_OK)
		retval = w25q_queue_u32(target, base + QSPI_CCR, ccr);
	if (retval == ERROR_OK && (ccr & CCR_ADMODE_MASK))
		retval = w25q_queue_u32(target, base + QSPI_AR, addr);
	/*
	 * An address beyond FSIZE is not sent (TEF): a read of DR would then
	 * wait for data that never comes, so look before reading.
	 */
	if (retval == ERROR_OK && read && len && (ccr & CCR_ADMODE_MASK))
		retval = qspi_check_tef(bank, w, ccr, addr);
	for (unsigned int i = 0; retval == ERROR_OK && i < len; i++) {
		if (read)
			retval = target_read_u8(target, base + QSPI_DR, &data[i]);
		else
			retval = target_write_u8(target, base + QSPI_DR, data[i]);
	}
	if (retval == ERROR_OK && (ccr & CCR_ADMODE_MASK) && !(read && len))
		retval = qspi_check_tef(bank, w, ccr, addr);
	if (retval == ERROR_OK)
		retval = qspi_wait_idle(bank, w);
	return retval;
}

/* CCR mode field of a phase on 1 or 4 lines (0: no phase) */
static uint32_t ccr_lines(unsigned int lines)
{
	return lines == 4 ? L4 : lines;
}

/* The CCR of one command as the chip layer describes it. */
uint32_t w25q_qspi_ccr(const struct w25q_op *op)
{
	uint32_t ccr = op->opcode | CCR_IMODE(ccr_lines(op->op_lines)) |
		CCR_DCYC(op->dummy) | CCR_DMODE(ccr_lines(op->data_lines)) |
		(op->data_in ? CCR_FMODE_READ : CCR_FMODE_WRITE);

	if (op->addr_bytes)
		ccr |= CCR_ADMODE(ccr_lines(op->addr_lines)) |
			(uint32_t)(op->addr_bytes - 1) << 12;
	if (op->mode_lines)
		ccr |= CCR_ABMODE(ccr_lines(op->mode_lines)) | CCR_ABSIZE_8;
	return ccr;
}

uint32_t w25q_qspi_ccr_of(void (*build)(struct w25q_op *op))
{
	struct w25q_op op;

	build(&op);
	return w25q_qspi_ccr(&op);
}

/* the chip layer's exec callback: ctx is the bank */
int w25q_qspi_exec(void *ctx, const struct w25q_op *op)
{
	struct flash_bank *bank = ctx;

	return qspi_xfer(bank, w25q_of(bank), w25q_qspi_ccr(op), op);
}

/*
 * The controller is ours during an operation.  DCR: FSIZE at its largest,
 * so no address of the chip lies beyond it (an indirect command past FSIZE
 * is not sent, TEF; firmware may have left a small FSIZE), and CSHT 7: /CS
 * stays high 8 cycles between commands, the JV family's tSHSL of 50 ns after
 * program, erase and status writes up to 160 MHz.  CKMODE as found.
 * w25q_restore() puts the DCR found back.
 */
int w25q_take_dcr(struct flash_bank *bank, struct w25q_bank *w)
{
	return w25q_queue_u32(bank->target, w->io_base + QSPI_DCR,
		(31U << SPI_FSIZE_POS) | (7U << 8) | (w->saved_dcr & 1U));
}

/* QUADSPI CR, DCR, CCR, ABR as firmware left them, for w25q_restore(). */
static int w25q_save_controller(struct flash_bank *bank, struct w25q_bank *w)
{
	uint32_t regs[8];
	int retval = target_read_memory(bank->target, w->io_base, 4, 8, (uint8_t *)regs);

	if (retval != ERROR_OK)
		return retval;
	w->saved_cr = target_buffer_get_u32(bank->target, (uint8_t *)&regs[QSPI_CR / 4]);
	w->saved_dcr = target_buffer_get_u32(bank->target, (uint8_t *)&regs[QSPI_DCR / 4]);
	w->saved_ccr = target_buffer_get_u32(bank->target, (uint8_t *)&regs[QSPI_CCR / 4]);
	w->saved_abr = target_buffer_get_u32(bank->target, (uint8_t *)&regs[QSPI_ABR / 4]);
	return ERROR_OK;
}

/* Back to the QUADSPI settings found (memory-mapped if it was). */
int w25q_restore(struct flash_bank *bank, struct w25q_bank *w)
{
	struct target *target = bank->target;
	uint32_t base = w->io_base;
	int retval;

	retval = w25q_qspi_abort(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_end(&w->chip);
	w->chip.ready = false;
	/*
	 * AR bits 1:0 zero before memory-mapped mode (STM32H7 errata).  The
	 * last command had no address phase, so this write starts nothing.
	 */
	if (retval == ERROR_OK)
		retval = w25q_queue_u32(target, base + QSPI_AR, 0);
	if (retval == ERROR_OK)
		retval = w25q_queue_u32(target, base + QSPI_DCR, w->saved_dcr);
	if (retval == ERROR_OK)
		retval = w25q_queue_u32(target, base + QSPI_ABR, w->saved_abr);
	if (retval == ERROR_OK)
		retval = target_write_u32(target, base + QSPI_CR, w->saved_cr);
	if (retval == ERROR_OK && (w->saved_ccr & CCR_FMODE_MASK) == CCR_FMODE_MM)
		retval = target_write_u32(target, base + QSPI_CCR, w->saved_ccr);
	if (retval != ERROR_OK)
		LOG_ERROR("could not restore the QUADSPI memory-mapped settings");
	return retval;
}

/*
 * Before each operation: controller idle, and a chip firmware may have put
 * back into continuous read or QPI since the last probe brought to SPI.
 */
int w25q_prepare(struct flash_bank *bank, struct w25q_bank *w)
{
	int retval;

	if (bank->target->state != TARGET_HALTED) {
		LOG_ERROR("Target not halted");
		return ERROR_TARGET_NOT_HALTED;
	}
	w->chip.ready = false;
	retval = w25q_save_controller(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_qspi_abort(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_take_dcr(bank, w);
	if (retval == ERROR_OK)
		retval = w25q_begin(&w->chip);
	return retval;
}
