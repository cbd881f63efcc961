// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Running a FLASH plugin: every operation saves the RAM the plugin's
 * sections, its stack and the transfer buffer occupy, loads the plugin,
 * runs it from its entry point until it reaches FLASHPlugin_InitDone(),
 * calls the functions it needs, calls FLASHPlugin_Unload() and puts the
 * saved RAM back.
 *
 * Calling convention (ARMv7-M, AAPCS, Thumb): arguments in r0..r3 and on
 * the stack, the result in r0.  FLASHPlugin_Probe() and
 * FLASHPlugin_FindWorkArea() return structures larger than a word, which
 * AAPCS returns through memory whose address the caller passes in r0.
 * The stack is placed right after the highest section, 16-byte aligned;
 * its top word holds two BKPT instructions and every call returns there.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "plugin.h"
#include <helper/align.h>
#include <helper/binarybuffer.h>
#include <target/algorithm.h>
#include <target/armv7m.h>
#include <target/image.h>

#define PLUGIN_BKPT_PAIR	0xbe00be00u	/* two Thumb BKPT #0 */

/* per function: its time limit, the size of the structure it returns */
static const struct {
	enum plugin_timeout timeout;
	uint8_t ret_size;
} plugin_fn_call[PLUGIN_FN_COUNT] = {
	[PLUGIN_PROBE] = { PLUGIN_TIMEOUT_INIT, 16 },		/* FLASHBankInfo */
	[PLUGIN_FIND_WORK_AREA] = { PLUGIN_TIMEOUT_INIT, 8 },	/* WorkAreaInfo */
	[PLUGIN_ERASE_SECTORS] = { PLUGIN_TIMEOUT_ERASE, 0 },
	[PLUGIN_UNLOAD] = { PLUGIN_TIMEOUT_INIT, 0 },
	[PLUGIN_PROGRAM_SYNC] = { PLUGIN_TIMEOUT_WRITE, 0 },
	[PLUGIN_PROTECT_SECTORS] = { PLUGIN_TIMEOUT_PROTECT, 0 },
	[PLUGIN_CHECK_PROTECTION] = { PLUGIN_TIMEOUT_PROTECT, 0 },
};

/* The plugin's sections and stack must not land in a flash bank of its target. */
static int plugin_check_ram(struct flash_bank *bank)
{
	struct plugin_bank *p = bank->driver_priv;

	for (struct flash_bank *b = flash_bank_list(); b; b = b->next) {
		if (b == bank || b->target != bank->target)
			continue;
		for (unsigned int i = 0; i < p->num_sections; i++) {
			const struct plugin_section *s = &p->sections[i];

			if (plugin_ranges_overlap(s->addr, s->size, b->base, b->size)) {
				LOG_ERROR("flash plugin %s: section %s (0x%08" PRIx32 "+0x%" PRIx32
					") lies in flash bank %s, not in RAM", p->path, s->name,
					s->addr, s->size, b->name);
				return ERROR_IMAGE_FORMAT_ERROR;
			}
		}
		if (plugin_ranges_overlap(p->stack_bottom, p->stack_size, b->base, b->size)) {
			LOG_ERROR("flash plugin %s: its stack (0x%08" PRIx32 "+0x%" PRIx32
				") lies in flash bank %s, not in RAM", p->path, p->stack_bottom,
				p->stack_size, b->name);
			return ERROR_IMAGE_FORMAT_ERROR;
		}
	}
	return ERROR_OK;
}

static int plugin_backup(struct plugin_session *ses, uint32_t addr, uint32_t size)
{
	struct plugin_backup *b;
	int retval;

	if (!size)
		return ERROR_OK;
	b = &ses->backups[ses->num_backups];
	b->data = malloc(size);
	if (!b->data) {
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}
	retval = target_read_buffer(ses->bank->target, addr, size, b->data);
	if (retval != ERROR_OK) {
		LOG_ERROR("flash bank %s: cannot read the target RAM at 0x%08" PRIx32 "+0x%" PRIx32
			" that plugin %s needs", ses->bank->name, addr, size,
			((struct plugin_bank *)ses->bank->driver_priv)->path);
		free(b->data);
		b->data = NULL;
		return retval;
	}
	b->addr = addr;
	b->size = size;
	ses->num_backups++;
	return ERROR_OK;
}

/* put back the saved RAM */
static int plugin_restore(struct plugin_session *ses)
{
	int retval = ERROR_OK;

	while (ses->num_backups) {
		struct plugin_backup *b = &ses->backups[--ses->num_backups];
		int r = target_write_buffer(ses->bank->target, b->addr, b->size, b->data);

		if (r != ERROR_OK) {
			LOG_ERROR("flash bank %s: could not restore the target RAM at 0x%08" PRIx32
				"+0x%" PRIx32, ses->bank->name, b->addr, b->size);
			retval = r;
		}
		free(b->data);
	}
	free(ses->backups);
	ses->backups = NULL;
	return retval;
}

/* the stack pointer for a call: arguments beyond r0..r3 stored below it */
static int plugin_stack_args(struct plugin_session *ses, uint32_t *sp, const uint32_t *args,
	unsigned int nstack)
{
	uint8_t stacked[4 * 4];

	assert(nstack <= 4);
	*sp = ALIGN_DOWN(*sp - 4 * nstack, 8);
	for (unsigned int i = 0; i < nstack; i++)
		h_u32_to_le(stacked + 4 * i, args[i]);
	return target_write_buffer(ses->bank->target, *sp, 4 * nstack, stacked);
}

/*
 * Call @fn with @nargs arguments; *result: what it returned in r0.  A
 * function that returns a structure gets a place for it on the stack
 * (r0), and the structure lands in ses->ret.
 */
int plugin_call(struct plugin_session *ses, enum plugin_fn fn, const uint32_t *args,
	unsigned int nargs, int32_t *result)
{
	static char * const arg_regs[] = { "r0", "r1", "r2", "r3" };
	struct flash_bank *bank = ses->bank;
	struct plugin_bank *p = bank->driver_priv;
	uint32_t ret_size = plugin_fn_call[fn].ret_size;
	uint32_t timeout = p->timeouts[plugin_fn_call[fn].timeout];
	uint32_t exit_point = plugin_stack_top(p) - 4;
	uint32_t ret_addr = ALIGN_DOWN(exit_point - 4 - ret_size, 8);
	uint32_t sp = ret_addr;
	unsigned int in_regs = ret_size ? 3 : 4;
	uint32_t regs_val[4];
	unsigned int nregs = 0;
	struct reg_param reg_params[6];
	struct armv7m_algorithm armv7m_info;
	int retval = ERROR_OK;

	if (ret_size)
		regs_val[nregs++] = ret_addr;
	for (unsigned int i = 0; i < nargs && nregs < 4; i++)
		regs_val[nregs++] = args[i];
	if (nargs > in_regs)
		retval = plugin_stack_args(ses, &sp, args + in_regs, nargs - in_regs);
	if (retval != ERROR_OK)
		return retval;

	for (unsigned int i = 0; i < nregs || i == 0; i++) {
		init_reg_param(&reg_params[i], arg_regs[i], 32, i ? PARAM_OUT : PARAM_IN_OUT);
		buf_set_u32(reg_params[i].value, 0, 32, i < nregs ? regs_val[i] : 0);
	}
	nregs = MAX(nregs, 1u);
	init_reg_param(&reg_params[nregs], "sp", 32, PARAM_OUT);
	buf_set_u32(reg_params[nregs].value, 0, 32, sp);
	init_reg_param(&reg_params[nregs + 1], "lr", 32, PARAM_OUT);
	buf_set_u32(reg_params[nregs + 1].value, 0, 32, exit_point | 1);

	armv7m_info.common_magic = ARMV7M_COMMON_MAGIC;
	armv7m_info.core_mode = ARM_MODE_THREAD;
	retval = target_run_algorithm(bank->target, 0, NULL, nregs + 2, reg_params,
		p->fn[fn] & ~1u, exit_point, timeout, &armv7m_info);
	if (retval != ERROR_OK)
		LOG_ERROR("flash bank %s: plugin function %s did not return within %" PRIu32
			" ms (error %d)", bank->name, plugin_fn_name(fn), timeout, retval);
	else
		*result = (int32_t)buf_get_u32(reg_params[0].value, 0, 32);
	for (unsigned int i = 0; i < nregs + 2; i++)
		destroy_reg_param(&reg_params[i]);
	if (retval == ERROR_OK && ret_size) {
		retval = target_read_buffer(bank->target, ret_addr, ret_size, ses->ret);
		if (retval != ERROR_OK)
			LOG_ERROR("flash bank %s: cannot read what %s returned", bank->name,
				plugin_fn_name(fn));
	}
	return retval;
}

/* the plugin function's result says it failed while doing @what */
int plugin_failed(struct flash_bank *bank, enum plugin_fn fn, int32_t result, const char *what)
{
	LOG_ERROR("flash bank %s: plugin function %s returned %" PRId32 " %s", bank->name,
		plugin_fn_name(fn), result, what);
	return ERROR_FLASH_OPERATION_FAILED;
}

static int plugin_write_u32(struct target *target, uint32_t addr, uint32_t value)
{
	uint8_t buf[4];

	h_u32_to_le(buf, value);
	return target_write_buffer(target, addr, 4, buf);
}

/* read everything the plugin overwrites before writing anything */
static int plugin_save_ram(struct plugin_session *ses, uint32_t work_bytes)
{
	struct plugin_bank *p = ses->bank->driver_priv;
	int retval = ERROR_OK;

	ses->backups = calloc(p->num_sections + 2, sizeof(*ses->backups));
	if (!ses->backups) {
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}
	for (unsigned int i = 0; i < p->num_sections && retval == ERROR_OK; i++)
		retval = plugin_backup(ses, p->sections[i].addr, p->sections[i].size);
	if (retval == ERROR_OK)
		retval = plugin_backup(ses, p->stack_bottom, p->stack_size);
	if (retval == ERROR_OK)
		retval = plugin_backup(ses, p->work_area, work_bytes);
	return retval;
}

/*
 * The sections (.bss zeroed), two BKPT at the stack's top word where every
 * call returns, and a BKPT in place of InitDone's first instruction where
 * the initialization stops.
 */
static int plugin_write_image(struct flash_bank *bank)
{
	struct plugin_bank *p = bank->driver_priv;
	struct target *target = bank->target;
	uint8_t bkpt[2];
	int retval = ERROR_OK;

	for (unsigned int i = 0; i < p->num_sections && retval == ERROR_OK; i++) {
		const struct plugin_section *s = &p->sections[i];

		if (s->data) {
			retval = target_write_buffer(target, s->addr, s->size, s->data);
		} else {
			uint8_t *zero = calloc(1, s->size);

			retval = zero ? target_write_buffer(target, s->addr, s->size, zero) : ERROR_FAIL;
			free(zero);
		}
	}
	if (retval == ERROR_OK)
		retval = plugin_write_u32(target, plugin_stack_top(p) - 4, PLUGIN_BKPT_PAIR);
	h_u16_to_le(bkpt, PLUGIN_BKPT_PAIR & 0xffff);
	if (retval == ERROR_OK)
		retval = target_write_buffer(target, p->fn[PLUGIN_INIT_DONE] & ~1u, 2, bkpt);
	if (retval != ERROR_OK)
		LOG_ERROR("flash bank %s: cannot load plugin %s into the target RAM", bank->name,
			p->path);
	return retval;
}

/* from the entry point to the BKPT at FLASHPlugin_InitDone() */
static int plugin_run_init(struct flash_bank *bank)
{
	struct plugin_bank *p = bank->driver_priv;
	uint32_t init_done = p->fn[PLUGIN_INIT_DONE] & ~1u;
	const struct plugin_section *init_section = plugin_section_at(p, init_done, 2);
	struct reg_param reg_params[2];
	struct armv7m_algorithm armv7m_info;
	int retval;

	init_reg_param(&reg_params[0], "sp", 32, PARAM_OUT);
	buf_set_u32(reg_params[0].value, 0, 32, plugin_stack_top(p) - 8);
	init_reg_param(&reg_params[1], "lr", 32, PARAM_OUT);
	buf_set_u32(reg_params[1].value, 0, 32, (plugin_stack_top(p) - 4) | 1);
	armv7m_info.common_magic = ARMV7M_COMMON_MAGIC;
	armv7m_info.core_mode = ARM_MODE_THREAD;
	retval = target_run_algorithm(bank->target, 0, NULL, 2, reg_params, p->entry & ~1u,
		init_done, p->timeouts[PLUGIN_TIMEOUT_LOAD], &armv7m_info);
	destroy_reg_param(&reg_params[0]);
	destroy_reg_param(&reg_params[1]);
	if (retval != ERROR_OK) {
		LOG_ERROR("flash bank %s: plugin %s did not reach %s within %" PRIu32
			" ms from its entry point 0x%08" PRIx32 " (error %d)", bank->name, p->path,
			plugin_fn_name(PLUGIN_INIT_DONE), p->timeouts[PLUGIN_TIMEOUT_LOAD], p->entry,
			retval);
		return retval;
	}
	/* InitDone runs normally should the plugin call it again */
	return target_write_buffer(bank->target, init_done, 2,
		init_section->data + (init_done - init_section->addr));
}

/*
 * Save the RAM the plugin occupies (and @work_bytes of its work area), load
 * it and run it from its entry point to FLASHPlugin_InitDone().
 */
int plugin_load(struct flash_bank *bank, struct plugin_session *ses, uint32_t work_bytes)
{
	struct plugin_bank *p = bank->driver_priv;
	struct target *target = bank->target;
	int retval;

	memset(ses, 0, sizeof(*ses));
	ses->bank = bank;
	if (!is_armv7m(target_to_armv7m(target))) {
		LOG_ERROR("flash bank %s: FLASH plugins run on ARMv7-M targets only, %s is not one",
			bank->name, target_name(target));
		return ERROR_TARGET_INVALID;
	}
	if (target->state != TARGET_HALTED) {
		LOG_ERROR("flash bank %s: target %s must be halted to run plugin %s", bank->name,
			target_name(target), p->path);
		return ERROR_TARGET_NOT_HALTED;
	}
	retval = plugin_check_ram(bank);
	if (retval != ERROR_OK)
		return retval;
	retval = plugin_save_ram(ses, work_bytes);
	if (retval == ERROR_OK)
		retval = plugin_write_image(bank);
	if (retval == ERROR_OK)
		retval = plugin_run_init(bank);
	if (retval != ERROR_OK)
		plugin_restore(ses);
	return retval;
}

int plugin_unload(struct plugin_session *ses, int retval)
{
	int32_t result;
	int r;

	if (!ses->backups)
		return retval;
	r = plugin_call(ses, PLUGIN_UNLOAD, NULL, 0, &result);
	if (r == ERROR_OK && result)
		r = plugin_failed(ses->bank, PLUGIN_UNLOAD, result, "(not 0)");
	if (retval == ERROR_OK)
		retval = r;
	r = plugin_restore(ses);
	return retval == ERROR_OK ? r : retval;
}
