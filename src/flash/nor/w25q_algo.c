// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * The native W25Q handling's target algorithms
 * (contrib/loaders/flash/stmqspi_w25q/): load one with its parameter block,
 * stack and data area, run it, and name what went wrong.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imp.h"
#include "w25q_bank.h"
#include "w25q_qspi.h"
#include <helper/align.h>
#include <helper/binarybuffer.h>
#include <helper/time_support.h>

static const uint8_t w25q_erase_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_erase.inc"
};
static const uint8_t w25q_program_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_program.inc"
};
static const uint8_t w25q_read_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_read.inc"
};
static const uint8_t w25q_crc32_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_crc32.inc"
};
static const uint8_t w25q_sector_scan_code[] = {
#include "../../../contrib/loaders/flash/stmqspi_w25q/w25q_sector_scan.inc"
};

const struct w25q_algo_code w25q_erase_algo = { w25q_erase_code, sizeof(w25q_erase_code) };
const struct w25q_algo_code w25q_program_algo = {
	w25q_program_code, sizeof(w25q_program_code)
};
const struct w25q_algo_code w25q_read_algo = { w25q_read_code, sizeof(w25q_read_code) };
const struct w25q_algo_code w25q_crc32_algo = { w25q_crc32_code, sizeof(w25q_crc32_code) };
const struct w25q_algo_code w25q_sector_scan_algo = {
	w25q_sector_scan_code, sizeof(w25q_sector_scan_code)
};

#define W25Q_PARAMS_SIZE	0x48
#define W25Q_CRC_TABLE_SIZE	1024	/* 256 words for crc32 and sector_scan */
#define W25Q_POLL_LIMIT		0x7FFFFFFFU	/* the host's timeout bounds it */

/* one byte into a CRC-32 as image_calculate_checksum(): poly 0x04C11DB7, MSB first */
static uint32_t w25q_crc_msb_byte(uint32_t crc, uint8_t byte)
{
	crc ^= (uint32_t)byte << 24;
	for (unsigned int b = 0; b < 8; b++)
		crc = (crc & 0x80000000U) ? (crc << 1) ^ 0x04C11DB7U : crc << 1;
	return crc;
}

static void w25q_fill_params(struct target *target, struct w25q_bank *w,
	uint8_t *p, uint32_t size)
{
	struct w25q_op read;

	w25q_op_read(&w->chip, &read);
	memset(p, 0, W25Q_PARAMS_SIZE);
	target_buffer_set_u32(target, p + W25Q_P_IO_BASE, w->io_base);
	target_buffer_set_u32(target, p + W25Q_P_DIES, w->chip.dies);
	target_buffer_set_u32(target, p + W25Q_P_DIE_SHIFT, W25Q_DIE_SHIFT);
	target_buffer_set_u32(target, p + W25Q_P_PAGE_SIZE, W25Q_PAGE_SIZE);
	target_buffer_set_u32(target, p + W25Q_P_POLL_LIMIT, W25Q_POLL_LIMIT);
	target_buffer_set_u32(target, p + W25Q_P_CCR_RDSR, w25q_qspi_ccr_of(w25q_op_rdsr1));
	target_buffer_set_u32(target, p + W25Q_P_CCR_DIE_SEL, w25q_qspi_ccr_of(w25q_op_die_select));
	target_buffer_set_u32(target, p + W25Q_P_CCR_WREN, w25q_qspi_ccr_of(w25q_op_wren));
	target_buffer_set_u32(target, p + W25Q_P_CCR_PROGRAM, w25q_qspi_ccr_of(w25q_op_program));
	target_buffer_set_u32(target, p + W25Q_P_CCR_READ, w25q_qspi_ccr(&read));
	target_buffer_set_u32(target, p + W25Q_P_ABR_READ, 0);
	target_buffer_set_u32(target, p + W25Q_P_FLAGS,
		(w->split_reads ? W25Q_F_READ_SPLIT : 0) | W25Q_F_SKIP_FF_PAGES |
		W25Q_F_NEED_BUSY | (size ? W25Q_F_BLANK_CRC : 0));
	target_buffer_set_u32(target, p + W25Q_P_SIZE, size);
	if (size) {
		/* sector_scan: the CRC of a whole blank sector, 0xFF bytes folded in */
		uint32_t crc = 0xFFFFFFFFU;

		for (uint32_t i = 0; i < size; i++)
			crc = w25q_crc_msb_byte(crc, 0xFF);
		target_buffer_set_u32(target, p + W25Q_P_BLANK_CRC, crc);
	}
}

void w25q_algo_free(struct target *target, struct w25q_algo *a)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(a->regs); i++)
		if (a->regs[i].value)
			destroy_reg_param(&a->regs[i]);
	if (a->data)
		target_free_working_area(target, a->data);
	if (a->code)
		target_free_working_area(target, a->code);
	memset(a, 0, sizeof(*a));
}

/*
 * Load one algorithm with its parameter block and stack, and a data area of
 * data_size bytes (at least min_size if less is free; 0: none).
 */
int w25q_algo_load(struct flash_bank *bank, struct w25q_bank *w,
	struct w25q_algo *a, const struct w25q_algo_code *algo,
	uint32_t data_size, uint32_t min_size, uint32_t param_size)
{
	struct target *target = bank->target;
	const uint8_t *code = algo->code;
	size_t code_size = algo->size;
	uint32_t code_area = ALIGN_UP(code_size, 8) + W25Q_PARAMS_SIZE + W25Q_ALGO_STACK +
		W25Q_CRC_TABLE_SIZE;
	uint8_t params[W25Q_PARAMS_SIZE], table[W25Q_CRC_TABLE_SIZE];
	int retval;

	memset(a, 0, sizeof(*a));
	if (target_alloc_working_area(target, code_area, &a->code) != ERROR_OK) {
		LOG_ERROR("no %" PRIu32 "-byte working area for the flash algorithm: "
			"check the target's -work-area-size", code_area);
		return ERROR_TARGET_RESOURCE_NOT_AVAILABLE;
	}
	/* a smaller work area: take what is left rather than half of the ask */
	uint32_t avail = target_get_working_area_avail(target) & ~7U;

	if (data_size && avail < data_size && avail >= min_size)
		data_size = avail;
	while (data_size) {
		if (target_alloc_working_area_try(target, data_size, &a->data) == ERROR_OK)
			break;
		data_size /= 2;
		if (data_size < min_size) {
			LOG_ERROR("no working area for the flash algorithm's data (%" PRIu32
				" bytes at least)", min_size);
			w25q_algo_free(target, a);
			return ERROR_TARGET_RESOURCE_NOT_AVAILABLE;
		}
	}
	a->params = a->code->address + ALIGN_UP(code_size, 8);
	a->sp = a->params + W25Q_PARAMS_SIZE + W25Q_ALGO_STACK;

	w25q_fill_params(target, w, params, param_size);
	/* the byte-wise CRC table right above the stack */
	target_buffer_set_u32(target, params + W25Q_P_CRC_TABLE, a->sp);
	for (uint32_t i = 0; i < 256; i++)
		target_buffer_set_u32(target, table + 4 * i, w25q_crc_msb_byte(0, i));
	retval = target_write_buffer(target, a->code->address, code_size, code);
	if (retval == ERROR_OK)
		retval = target_write_buffer(target, a->params, W25Q_PARAMS_SIZE, params);
	if (retval == ERROR_OK)
		retval = target_write_buffer(target, a->sp, W25Q_CRC_TABLE_SIZE, table);
	if (retval != ERROR_OK) {
		w25q_algo_free(target, a);
		return retval;
	}

	a->info.common_magic = ARMV7M_COMMON_MAGIC;
	a->info.core_mode = ARM_MODE_THREAD;
	static const char * const names[] = { "r0", "r1", "r2", "r3", "r4", "sp" };
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		init_reg_param(&a->regs[i], (char *)names[i], 32,
			i < 3 ? PARAM_IN_OUT : PARAM_OUT);
	buf_set_u32(a->regs[0].value, 0, 32, a->params);
	buf_set_u32(a->regs[5].value, 0, 32, a->sp);
	/*
	 * PRIMASK = 1 while the algorithm runs: an interrupt of the firmware
	 * must not run, its handler may sit in the QSPI memory-mapped window
	 * the algorithm takes away (a read there then faults or stalls the
	 * bus).  cortex_m sets it for any debug execution, the hla targets do
	 * not; the register comes back as found afterwards.
	 */
	init_reg_param(&a->regs[6], "primask", 1, PARAM_OUT);
	buf_set_u32(a->regs[6].value, 0, 1, 1);
	return ERROR_OK;
}

void w25q_algo_args(struct w25q_algo *a, uint32_t r1, uint32_t r2,
	uint32_t r3, uint32_t r4)
{
	buf_set_u32(a->regs[0].value, 0, 32, a->params);
	buf_set_u32(a->regs[1].value, 0, 32, r1);
	buf_set_u32(a->regs[2].value, 0, 32, r2);
	buf_set_u32(a->regs[3].value, 0, 32, r3);
	buf_set_u32(a->regs[4].value, 0, 32, r4);
	buf_set_u32(a->regs[5].value, 0, 32, a->sp);
}

static const char *w25q_algo_error(uint32_t status)
{
	switch (status) {
	case W25Q_ERR_TIMEOUT:
		return "a die stayed busy";
	case W25Q_ERR_WEL:
		return "write enable not taken by the addressed die";
	case W25Q_ERR_NOT_ACCEPTED:
		return "command not accepted (protected, or the die was busy)";
	case W25Q_ERR_ABORTED:
		return "aborted by the host";
	case W25Q_ERR_PARAM:
		return "bad parameter";
	case W25Q_ERR_TRANSFER:
		return "QUADSPI transfer error (TEF): command not sent, address beyond FSIZE";
	default:
		return "unknown error";
	}
}

/* r0..r2 after a run; an error status is reported with its offset. */
int w25q_algo_result(struct flash_bank *bank, struct w25q_algo *a,
	const char *what, uint32_t *r1, uint32_t *r2)
{
	uint32_t status = buf_get_u32(a->regs[0].value, 0, 32);
	uint32_t off = buf_get_u32(a->regs[1].value, 0, 32);

	if (r1)
		*r1 = off;
	if (r2)
		*r2 = buf_get_u32(a->regs[2].value, 0, 32);
	if (status == W25Q_OK)
		return ERROR_OK;
	if (status == a->params) {
		/* r0 still holds its input: the run never came back */
		LOG_ERROR("%s: the flash algorithm did not finish (see the errors above)", what);
		return ERROR_FLASH_OPERATION_FAILED;
	}
	LOG_ERROR("%s failed at 0x%08" TARGET_PRIxADDR ": %s (algorithm status %" PRIu32 ")",
		what, bank->base + off, w25q_algo_error(status), status);
	return ERROR_FLASH_OPERATION_FAILED;
}

/*
 * A flash algorithm ran past its bound and OpenOCD halted it: name the die
 * that is still busy, with its status and the chip's maximum time for what
 * was running (max), or say that no die is busy.  what, offset and count
 * name the operation.
 */
void w25q_algo_timed_out(struct flash_bank *bank, const char *what,
	uint32_t offset, uint32_t count, int timeout_ms, const char *max)
{
	struct w25q_bank *w = w25q_of(bank);
	int busy = w25q_qspi_abort(bank, w);

	if (busy == ERROR_OK)
		busy = w25q_report_busy(&w->chip, what, bank->base + offset, count, timeout_ms,
			max);
	if (busy < 0)
		LOG_ERROR("%s of 0x%08" TARGET_PRIxADDR "+0x%" PRIx32 ": the flash algorithm did"
			" not finish within %d ms, and the flash status could not be read after it",
			what, bank->base + offset, count, timeout_ms);
	else if (!busy)
		LOG_ERROR("%s of 0x%08" TARGET_PRIxADDR "+0x%" PRIx32 ": the flash algorithm did"
			" not finish within %d ms, yet no die is busy (SR1 of die 0: 0x%02" PRIx8
			"): check that the QUADSPI kernel clock runs, then reset the target",
			what, bank->base + offset, count, timeout_ms, w->chip.sr[0][0]);
}

int w25q_algo_run(struct flash_bank *bank, struct w25q_algo *a,
	int timeout_ms, const char *what, uint32_t offset, uint32_t count, const char *max)
{
	int retval = target_run_algorithm(bank->target, 0, NULL, ARRAY_SIZE(a->regs), a->regs,
		a->code->address, 0, timeout_ms, &a->info);

	if (retval == ERROR_TARGET_TIMEOUT)
		w25q_algo_timed_out(bank, what, offset, count, timeout_ms, max);
	return retval;
}

/* the command of a planned erase: 21h for 4 KiB, DCh for 64 KiB */
static uint32_t w25q_erase_ccr(const struct w25q_erase *e)
{
	struct w25q_op op;

	w25q_op_erase(e->size, &op);
	return w25q_qspi_ccr(&op);
}

/* the list's erases as the algorithms take them: {offset, CCR} words */
void w25q_erase_words(struct target *target, uint8_t *buf,
	const struct w25q_erase *list, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		target_buffer_set_u32(target, buf + 8 * i, list[i].offset);
		target_buffer_set_u32(target, buf + 8 * i + 4, w25q_erase_ccr(&list[i]));
	}
}
