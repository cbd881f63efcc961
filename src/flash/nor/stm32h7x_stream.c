// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * STM32H7 internal flash streaming: one run of the program algorithm takes a
 * whole write with its sector erases.  The host writes the data into the
 * algorithm's FIFO in pieces of several KiB (flash_feed.c); the flash
 * programs the words already in the FIFO meanwhile, and during an erase the
 * FIFO fills up.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imp.h"
#include "flash_feed.h"
#include "stm32h7x_stream.h"
#include <helper/align.h>
#include <helper/binarybuffer.h>
#include <helper/time_support.h>
#include <target/algorithm.h>
#include <target/armv7m.h>
#include "../../../contrib/loaders/flash/stm32h7x_stream/h7s_algo.h"

static const uint8_t h7s_program_code[] = {
#include "../../../contrib/loaders/flash/stm32h7x_stream/h7s_program.inc"
};

#define H7S_FIFO_MAX		(64 * 1024)
#define H7S_FIFO_MIN		(2 * 1024)	/* less: the stock loader does as well */
/* a piece: one memory write, a whole number of 32-byte words, about what a
 * J-Link SWD batch of 8 KiB carries (see the stmqspi W25Q feed) */
#define H7S_PIECE		(5 * 1024 + 384)
#define H7S_POLL_LIMIT		0x7FFFFFFFU	/* the host's timeouts bound it */
/* DS12117: sector erase max 4 s (x8), word program max 580 us (x8) */
#define H7S_ERASE_MAX_MS	4000
#define H7S_STALL_MS		(H7S_ERASE_MAX_MS + 6000)	/* rp not moving */
/* after the last byte: a full FIFO of words at 580 us each (2048 words of
 * 32 bytes: 1.2 s), margin; plus H7S_ERASE_MAX_MS per erase still planned */
#define H7S_TAIL_MS		10000
#define H7S_ABORT_MS		(H7S_ERASE_MAX_MS + 1000)
#define H7S_PROGRESS_STEP	(256 * 1024)

struct h7s_run {
	struct working_area *code;	/* code, params, stack, erase list */
	struct working_area *fifo;
	uint32_t params;
	uint32_t sp;
	uint32_t list;
	struct armv7m_algorithm info;
	struct reg_param regs[7];	/* r0..r4, sp, primask */
};

static void h7s_free(struct target *target, struct h7s_run *a)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(a->regs); i++)
		if (a->regs[i].value)
			destroy_reg_param(&a->regs[i]);
	if (a->fifo)
		target_free_working_area(target, a->fifo);
	if (a->code)
		target_free_working_area(target, a->code);
	memset(a, 0, sizeof(*a));
}

/* code, parameters, stack and erase list in one area, the FIFO in another */
static int h7s_load(struct flash_bank *bank, const struct stm32h7x_stream_bank *s,
	struct h7s_run *a, const struct stm32h7x_stream_erase *erase, unsigned int n_erase,
	bool skip_ff)
{
	struct target *target = bank->target;
	uint32_t code_size = ALIGN_UP(sizeof(h7s_program_code), 8);
	uint32_t area = code_size + H7S_PARAMS_SIZE + H7S_ALGO_STACK + 12 * n_erase;
	uint8_t params[H7S_PARAMS_SIZE];
	uint32_t size;
	int retval;

	memset(a, 0, sizeof(*a));
	if (target_alloc_working_area_try(target, area, &a->code) != ERROR_OK)
		return ERROR_TARGET_RESOURCE_NOT_AVAILABLE;
	size = MIN(target_get_working_area_avail(target) & ~7U, (uint32_t)H7S_FIFO_MAX);
	while (size >= H7S_FIFO_MIN &&
			target_alloc_working_area_try(target, size, &a->fifo) != ERROR_OK)
		size /= 2;
	if (!a->fifo) {
		h7s_free(target, a);
		return ERROR_TARGET_RESOURCE_NOT_AVAILABLE;
	}
	a->params = a->code->address + code_size;
	a->sp = a->params + H7S_PARAMS_SIZE + H7S_ALGO_STACK;
	a->list = a->sp;

	memset(params, 0, sizeof(params));
	target_buffer_set_u32(target, params + H7S_P_REGS, s->regs);
	target_buffer_set_u32(target, params + H7S_P_CR_PROGRAM, s->cr_program);
	target_buffer_set_u32(target, params + H7S_P_WORD, s->word);
	target_buffer_set_u32(target, params + H7S_P_ERR_MASK, s->err_mask);
	target_buffer_set_u32(target, params + H7S_P_FLAGS, skip_ff ? H7S_F_SKIP_FF : 0);
	target_buffer_set_u32(target, params + H7S_P_ERASE_LIST, a->list);
	target_buffer_set_u32(target, params + H7S_P_ERASE_COUNT, n_erase);
	target_buffer_set_u32(target, params + H7S_P_POLL_LIMIT, H7S_POLL_LIMIT);

	retval = target_write_buffer(target, a->code->address, sizeof(h7s_program_code),
		h7s_program_code);
	if (retval == ERROR_OK)
		retval = target_write_buffer(target, a->params, H7S_PARAMS_SIZE, params);
	if (retval == ERROR_OK && n_erase) {
		uint8_t *list = malloc(12 * n_erase);

		if (!list) {
			retval = ERROR_FAIL;
		} else {
			for (unsigned int i = 0; i < n_erase; i++) {
				target_buffer_set_u32(target, list + 12 * i, erase[i].address);
				target_buffer_set_u32(target, list + 12 * i + 4, erase[i].cr_select);
				target_buffer_set_u32(target, list + 12 * i + 8, erase[i].cr_start);
			}
			retval = target_write_buffer(target, a->list, 12 * n_erase, list);
			free(list);
		}
	}
	if (retval != ERROR_OK) {
		h7s_free(target, a);
		return retval;
	}

	a->info.common_magic = ARMV7M_COMMON_MAGIC;
	a->info.core_mode = ARM_MODE_THREAD;
	static const char * const names[] = { "r0", "r1", "r2", "r3", "r4", "sp" };
	for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
		init_reg_param(&a->regs[i], (char *)names[i], 32,
			i < 3 ? PARAM_IN_OUT : PARAM_OUT);
	/* no interrupt of the firmware while the flash is being programmed */
	init_reg_param(&a->regs[6], "primask", 1, PARAM_OUT);
	buf_set_u32(a->regs[6].value, 0, 1, 1);
	return ERROR_OK;
}

/*
 * Start the algorithm (arguments set in a), feed count bytes of buffer into
 * its FIFO [fifo, fifo_end), then wait for its end.
 */
static int h7s_feed(struct flash_bank *bank, struct h7s_run *a, const uint8_t *buffer,
	uint32_t count, uint32_t fifo, uint32_t fifo_end, unsigned int n_erase)
{
	struct target *target = bank->target;
	const struct flash_feed f = {
		.fifo = fifo,
		.fifo_end = fifo_end,
		.piece = H7S_PIECE,
		.stall_ms = H7S_STALL_MS,
		.what = "stm32h7x flash program algorithm",
		.progress_step = H7S_PROGRESS_STEP,
		.total = count,
		.start = timeval_ms(),
	};
	int retval, r2;

	retval = flash_feed_init(target, &f);
	if (retval == ERROR_OK)
		retval = target_start_algorithm(target, 0, NULL, ARRAY_SIZE(a->regs), a->regs,
			a->code->address, 0, &a->info);
	if (retval != ERROR_OK)
		return retval;
	retval = flash_feed_run(target, &f, buffer, count);
	r2 = target_wait_algorithm(target, 0, NULL, ARRAY_SIZE(a->regs), a->regs, 0,
		retval == ERROR_OK ? H7S_TAIL_MS + (int)n_erase * H7S_ERASE_MAX_MS : H7S_ABORT_MS,
		&a->info);
	if (r2 == ERROR_TARGET_TIMEOUT)
		LOG_ERROR("stm32h7x flash write of 0x%08" TARGET_PRIxADDR "+0x%" PRIx32
			": the flash algorithm did not finish (sector erase max 4 s, flash word"
			" program max 580 us)", bank->base + buf_get_u32(a->regs[1].value, 0, 32),
			count);
	return retval != ERROR_OK ? retval : r2;
}

static const char *h7s_error(uint32_t status)
{
	switch (status) {
	case H7S_ERR_TIMEOUT:
		return "the flash stayed busy";
	case H7S_ERR_FLASH:
		return "the flash reported an error";
	case H7S_ERR_ABORTED:
		return "aborted by the host";
	case H7S_ERR_PARAM:
		return "bad parameter";
	default:
		return "unknown error";
	}
}

static bool h7s_all_ff(const uint8_t *p, uint32_t n)
{
	while (n--)
		if (*p++ != 0xFF)
			return false;
	return true;
}

int stm32h7x_stream_write(struct flash_bank *bank, const struct stm32h7x_stream_bank *s,
	const uint8_t *buffer, uint32_t offset, uint32_t count,
	const struct stm32h7x_stream_erase *erase, unsigned int n_erase, bool skip_ff)
{
	struct target *target = bank->target;
	struct h7s_run a;
	uint32_t address = bank->base + offset;
	int retval;

	if (!count && !n_erase)
		return ERROR_OK;
	if (offset % s->word || count % s->word) {
		LOG_ERROR("stm32h7x flash write of 0x%08" TARGET_PRIxADDR "+0x%" PRIx32
			": not whole %" PRIu32 "-byte flash words", bank->base + offset, count,
			s->word);
		return ERROR_FLASH_DST_BREAKS_ALIGNMENT;
	}
	if (skip_ff) {
		/* leading and trailing words of all 0xFF need not cross the link: the
		 * planned erases before the data run first, those after it at the end */
		while (count && h7s_all_ff(buffer, s->word)) {
			buffer += s->word;
			offset += s->word;
			count -= s->word;
		}
		while (count && h7s_all_ff(buffer + count - s->word, s->word))
			count -= s->word;
		address = bank->base + offset;
		if (!count && !n_erase)
			return ERROR_OK;
	}
	retval = h7s_load(bank, s, &a, erase, n_erase, skip_ff);
	if (retval != ERROR_OK)
		return retval;

	uint32_t fifo = a.fifo->address;
	uint32_t fifo_end = fifo + a.fifo->size;

	fifo_end = flash_feed_fifo_end(fifo, fifo_end, H7S_PIECE, s->word);

	buf_set_u32(a.regs[0].value, 0, 32, a.params);
	buf_set_u32(a.regs[1].value, 0, 32, address);
	buf_set_u32(a.regs[2].value, 0, 32, count);
	buf_set_u32(a.regs[3].value, 0, 32, fifo);
	buf_set_u32(a.regs[4].value, 0, 32, fifo_end);
	buf_set_u32(a.regs[5].value, 0, 32, a.sp);
	LOG_DEBUG("stm32h7x stream: 0x%08" PRIx32 "+0x%" PRIx32 ", %u erase(s), FIFO %" PRIu32
		" bytes", address, count, n_erase, fifo_end - fifo - 8);

	retval = h7s_feed(bank, &a, buffer, count, fifo, fifo_end, n_erase);

	uint32_t status = buf_get_u32(a.regs[0].value, 0, 32);
	uint32_t reached = buf_get_u32(a.regs[1].value, 0, 32);

	if (status == a.params) {
		/* r0 still holds its input: the run never came back */
		LOG_ERROR("stm32h7x flash write of 0x%08" PRIx32 "+0x%" PRIx32 ": the flash"
			" algorithm did not finish (see the errors above)", address, count);
		if (retval == ERROR_OK)
			retval = ERROR_FLASH_OPERATION_FAILED;
	} else if (status != H7S_OK) {
		uint32_t sr = 0;

		target_read_u32(target, a.params + H7S_P_SR, &sr);
		LOG_ERROR("stm32h7x flash write failed at 0x%08" PRIx32 ": %s (algorithm status %"
			PRIu32 ", FLASH_SR 0x%08" PRIx32 ")", reached, h7s_error(status), status, sr);
		if (sr & s->err_mask)
			target_write_u32(target, s->regs + s->ccr, sr & s->err_mask);
		retval = ERROR_FLASH_OPERATION_FAILED;
	}
	h7s_free(target, &a);
	return retval;
}
