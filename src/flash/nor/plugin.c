// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Flash banks programmed by a "FLASH plugin": an ELF image, linked to run
 * from the target's RAM, that exports FLASHPlugin_* functions which the
 * debugger calls as target algorithms.  VisualGDB projects describe their
 * external flash this way:
 *
 *   flash bank NAME plugin BASE SIZE 0 0 TARGET PLUGIN.elf [STACK]
 *
 * This file holds the flash driver; plugin.h lists the others.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "plugin.h"
#include <helper/align.h>
#include <helper/binarybuffer.h>
#include <target/algorithm.h>
#include <target/armv7m.h>
#include <target/target_type.h>

#define PLUGIN_DEFAULT_STACK	512u

static bool plugin_target_is_core(struct target *target)
{
	return !strcmp(target_type_name(target), "cortex_m") ||
		!strcmp(target_type_name(target), "hla_target");
}

/*
 * Plugins run on an ARMv7-M core.  VisualGDB names the target by number,
 * and on some chips target 0 is a memory access port (the STM32H7 target
 * script creates its APB-AP first): then the bank belongs to the one core
 * on the same debug port, if there is exactly one.
 */
static int plugin_choose_core(struct flash_bank *bank)
{
	struct target *given = bank->target, *core = NULL;
	unsigned int cores = 0;

	if (plugin_target_is_core(given))
		return ERROR_OK;
	for (struct target *t = all_targets; t; t = t->next) {
		if (t->tap == given->tap && plugin_target_is_core(t)) {
			core = t;
			cores++;
		}
	}
	if (cores != 1) {
		LOG_ERROR("flash bank %s: target %s (%s) cannot run a FLASH plugin, which needs an "
			"ARMv7-M core; name the core target in the flash bank line", bank->name,
			target_name(given), target_type_name(given));
		return ERROR_TARGET_INVALID;
	}
	LOG_WARNING("flash bank %s: target %s is a %s, not a core: the plugin runs on %s",
		bank->name, target_name(given), target_type_name(given), target_name(core));
	bank->target = core;
	return ERROR_OK;
}

/* flash bank NAME plugin BASE SIZE CHIP_WIDTH BUS_WIDTH TARGET PLUGIN.elf [STACK] */
FLASH_BANK_COMMAND_HANDLER(plugin_flash_bank_command)
{
	struct plugin_bank *p;
	int retval;

	if (CMD_ARGC < 7 || CMD_ARGC > 8)
		return ERROR_COMMAND_SYNTAX_ERROR;
	retval = plugin_choose_core(bank);
	if (retval != ERROR_OK)
		return retval;

	p = calloc(1, sizeof(*p));
	if (!p) {
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}
	p->stack_size = PLUGIN_DEFAULT_STACK;
	if (CMD_ARGC == 8) {
		retval = parse_u32(CMD_ARGV[7], &p->stack_size);
		if (retval != ERROR_OK || p->stack_size < PLUGIN_MIN_STACK) {
			LOG_ERROR("flash bank %s: plugin stack size '%s' is not a number of at least %u bytes",
				bank->name, CMD_ARGV[7], PLUGIN_MIN_STACK);
			free(p);
			return ERROR_COMMAND_ARGUMENT_INVALID;
		}
		p->stack_size = ALIGN_UP(p->stack_size, 8);
	}
	p->path = strdup(CMD_ARGV[6]);
	if (!p->path) {
		free(p);
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}

	retval = plugin_elf_open(p);
	if (retval != ERROR_OK) {
		LOG_ERROR("flash bank %s: cannot use plugin %s", bank->name, CMD_ARGV[6]);
		plugin_free(p);
		return retval;
	}
	LOG_DEBUG("flash plugin %s: image 0x%08" PRIx32 "-0x%08" PRIx32 ", stack up to 0x%08" PRIx32,
		p->path, p->image_start, p->stack_bottom, plugin_stack_top(p));
	bank->driver_priv = p;
	return ERROR_OK;
}

/* what FLASHPlugin_Probe() and FLASHPlugin_FindWorkArea() report */
struct plugin_geometry {
	uint32_t base, count, size, wbs;
	uint32_t wa, wa_size;
};

static int plugin_ask_geometry(struct flash_bank *bank, struct plugin_geometry *g)
{
	struct plugin_bank *p = bank->driver_priv;
	struct plugin_session ses;
	uint32_t args[4] = { (uint32_t)bank->base, bank->size, bank->chip_width, bank->bus_width };
	uint32_t end_of_stack = plugin_stack_top(p);
	int32_t result;
	int retval = plugin_load(bank, &ses, 0);

	if (retval != ERROR_OK)
		return retval;
	retval = plugin_call(&ses, PLUGIN_PROBE, args, 4, &result);
	if (retval == ERROR_OK) {
		g->base = le_to_h_u32(ses.ret);
		g->count = le_to_h_u32(ses.ret + 4);
		g->size = le_to_h_u32(ses.ret + 8);
		g->wbs = le_to_h_u32(ses.ret + 12);
		retval = plugin_call(&ses, PLUGIN_FIND_WORK_AREA, &end_of_stack, 1, &result);
	}
	if (retval == ERROR_OK) {
		g->wa = le_to_h_u32(ses.ret);
		g->wa_size = le_to_h_u32(ses.ret + 4);
	}
	return plugin_unload(&ses, retval);
}

static int plugin_check_geometry(struct flash_bank *bank, const struct plugin_geometry *g)
{
	struct plugin_bank *p = bank->driver_priv;
	uint32_t end_of_stack = plugin_stack_top(p);

	if (!g->count || !g->size || (uint64_t)g->count * g->size > UINT32_MAX ||
			(uint64_t)g->base + (uint64_t)g->count * g->size > (uint64_t)UINT32_MAX + 1) {
		LOG_ERROR("flash bank %s: %s reported %" PRIu32 " blocks of %" PRIu32 " bytes at 0x%08"
			PRIx32 ", which is no usable flash", bank->name, plugin_fn_name(PLUGIN_PROBE),
			g->count, g->size, g->base);
		return ERROR_FLASH_BANK_INVALID;
	}
	if (!g->wbs || (plugin_has(p, PLUGIN_PROGRAM_ASYNC) && !IS_PWR_OF_2(g->wbs))) {
		LOG_ERROR("flash bank %s: %s reported a write block of %" PRIu32 " bytes%s", bank->name,
			plugin_fn_name(PLUGIN_PROBE), g->wbs,
			g->wbs ? ", not a power of 2 as the FIFO of FLASHPlugin_ProgramAsync needs" : "");
		return ERROR_FLASH_BANK_INVALID;
	}
	if (g->wa % 4 || g->wa_size < g->wbs || (plugin_has(p, PLUGIN_PROGRAM_ASYNC) &&
			g->wa_size < PLUGIN_FIFO_HEADER + 2 * g->wbs)) {
		LOG_ERROR("flash bank %s: %s reported 0x%" PRIx32 " bytes at 0x%08" PRIx32
			": too small or not word aligned for %" PRIu32 "-byte write blocks",
			bank->name, plugin_fn_name(PLUGIN_FIND_WORK_AREA), g->wa_size, g->wa, g->wbs);
		return ERROR_FLASH_BANK_INVALID;
	}
	if (plugin_ranges_overlap(g->wa, g->wa_size, p->image_start, end_of_stack - p->image_start)) {
		LOG_ERROR("flash bank %s: the work area 0x%08" PRIx32 "+0x%" PRIx32 " from %s overlaps "
			"the plugin image and stack 0x%08" PRIx32 "-0x%08" PRIx32, bank->name, g->wa,
			g->wa_size, plugin_fn_name(PLUGIN_FIND_WORK_AREA), p->image_start, end_of_stack);
		return ERROR_FLASH_BANK_INVALID;
	}
	return ERROR_OK;
}

static int plugin_probe(struct flash_bank *bank)
{
	struct plugin_bank *p = bank->driver_priv;
	struct plugin_geometry g = { 0 };
	int retval;

	p->probed = false;
	retval = plugin_ask_geometry(bank, &g);
	if (retval != ERROR_OK)
		return retval;
	LOG_DEBUG("flash bank %s: plugin reports base 0x%08" PRIx32 ", %" PRIu32 " blocks of 0x%"
		PRIx32 " bytes, write block 0x%" PRIx32 ", work area 0x%08" PRIx32 "+0x%" PRIx32,
		bank->name, g.base, g.count, g.size, g.wbs, g.wa, g.wa_size);
	retval = plugin_check_geometry(bank, &g);
	if (retval != ERROR_OK)
		return retval;

	if (bank->base != g.base)
		LOG_INFO("flash bank %s: plugin places the bank at 0x%08" PRIx32 " (configured 0x%08"
			TARGET_PRIxADDR ")", bank->name, g.base, bank->base);
	free(bank->sectors);
	bank->sectors = alloc_block_array(0, g.size, g.count);
	if (!bank->sectors) {
		bank->num_sectors = 0;
		bank->size = 0;
		return ERROR_FAIL;
	}
	bank->base = g.base;
	bank->size = g.count * g.size;
	bank->num_sectors = g.count;
	bank->erased_value = 0xff;
	p->write_block_size = g.wbs;
	p->work_area = g.wa;
	p->work_area_size = g.wa_size;
	p->probed = true;
	return ERROR_OK;
}

int plugin_auto_probe(struct flash_bank *bank)
{
	struct plugin_bank *p = bank->driver_priv;

	return p->probed ? ERROR_OK : plugin_probe(bank);
}

static int plugin_erase(struct flash_bank *bank, unsigned int first, unsigned int last)
{
	struct plugin_session ses;
	int32_t result;
	int retval = plugin_load(bank, &ses, 0);

	while (retval == ERROR_OK && first <= last) {
		uint32_t args[2] = { first, last - first + 1 };

		retval = plugin_call(&ses, PLUGIN_ERASE_SECTORS, args, 2, &result);
		if (retval != ERROR_OK)
			break;
		if (result <= 0 || (uint32_t)result > args[1]) {
			char what[64];

			snprintf(what, sizeof(what), "erasing sectors %u..%u", first, last);
			retval = plugin_failed(bank, PLUGIN_ERASE_SECTORS, result, what);
			break;
		}
		first += result;
	}
	return plugin_unload(&ses, retval);
}

static int plugin_write_sync(struct plugin_session *ses, const uint8_t *buffer,
	uint32_t offset, uint32_t count)
{
	struct flash_bank *bank = ses->bank;
	struct plugin_bank *p = bank->driver_priv;
	uint32_t chunk_max = p->work_area_size / p->write_block_size * p->write_block_size;
	int32_t result;

	while (count) {
		uint32_t chunk = MIN(count, chunk_max);
		uint32_t args[3] = { offset, p->work_area, chunk };
		int retval = target_write_buffer(bank->target, p->work_area, chunk, buffer);

		if (retval == ERROR_OK)
			retval = plugin_call(ses, PLUGIN_PROGRAM_SYNC, args, 3, &result);
		if (retval != ERROR_OK)
			return retval;
		if (result <= 0 || (uint32_t)result > chunk) {
			char what[64];

			snprintf(what, sizeof(what), "writing 0x%" PRIx32 " bytes at offset 0x%"
				PRIx32, chunk, offset);
			return plugin_failed(bank, PLUGIN_PROGRAM_SYNC, result, what);
		}
		offset += result;
		buffer += result;
		count -= result;
	}
	return ERROR_OK;
}

/*
 * The FIFO of target_run_flash_async_algorithm() is the one the plugin
 * interface defines: at the start of the work area a write pointer and a
 * read pointer (target addresses), then the data.  The plugin gets the
 * bank offset, the FIFO header, the FIFO's end and the byte count, and
 * returns the count of bytes it wrote; it sets the read pointer to 0 to
 * abort.
 */
static int plugin_write_async(struct plugin_session *ses, const uint8_t *buffer,
	uint32_t offset, uint32_t count, uint32_t fifo_bytes)
{
	struct flash_bank *bank = ses->bank;
	struct plugin_bank *p = bank->driver_priv;
	uint32_t wbs = p->write_block_size;
	uint32_t blocks = DIV_ROUND_UP(count, wbs);
	uint32_t exit_point = plugin_stack_top(p) - 4;
	struct reg_param reg_params[6];
	struct armv7m_algorithm armv7m_info;
	uint8_t *padded;
	int retval;

	/* the FIFO moves whole blocks: pad the last one with the erased value */
	padded = malloc(blocks * wbs);
	if (!padded) {
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}
	memcpy(padded, buffer, count);
	memset(padded + count, bank->erased_value, blocks * wbs - count);

	init_reg_param(&reg_params[0], "r0", 32, PARAM_IN_OUT);
	buf_set_u32(reg_params[0].value, 0, 32, offset);
	init_reg_param(&reg_params[1], "r1", 32, PARAM_OUT);
	buf_set_u32(reg_params[1].value, 0, 32, p->work_area);
	init_reg_param(&reg_params[2], "r2", 32, PARAM_OUT);
	buf_set_u32(reg_params[2].value, 0, 32, p->work_area + fifo_bytes);
	init_reg_param(&reg_params[3], "r3", 32, PARAM_OUT);
	buf_set_u32(reg_params[3].value, 0, 32, count);
	init_reg_param(&reg_params[4], "sp", 32, PARAM_OUT);
	buf_set_u32(reg_params[4].value, 0, 32, exit_point - 4);
	init_reg_param(&reg_params[5], "lr", 32, PARAM_OUT);
	buf_set_u32(reg_params[5].value, 0, 32, exit_point | 1);
	armv7m_info.common_magic = ARMV7M_COMMON_MAGIC;
	armv7m_info.core_mode = ARM_MODE_THREAD;

	retval = target_run_flash_async_algorithm(bank->target, padded, blocks, wbs, 0, NULL,
		ARRAY_SIZE(reg_params), reg_params, p->work_area, fifo_bytes,
		p->fn[PLUGIN_PROGRAM_ASYNC] & ~1u, exit_point, &armv7m_info);
	if (retval == ERROR_OK) {
		int32_t result = (int32_t)buf_get_u32(reg_params[0].value, 0, 32);

		if (result < 0 || (uint32_t)result < count) {
			char what[64];

			snprintf(what, sizeof(what), "writing 0x%" PRIx32 " bytes at offset 0x%"
				PRIx32, count, offset);
			retval = plugin_failed(bank, PLUGIN_PROGRAM_ASYNC, result, what);
		}
	} else {
		LOG_ERROR("flash bank %s: plugin function %s failed writing 0x%" PRIx32
			" bytes at offset 0x%" PRIx32 " (error %d)", bank->name,
			plugin_fn_name(PLUGIN_PROGRAM_ASYNC), count, offset, retval);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(reg_params); i++)
		destroy_reg_param(&reg_params[i]);
	free(padded);
	return retval;
}

static int plugin_write(struct flash_bank *bank, const uint8_t *buffer, uint32_t offset,
	uint32_t count)
{
	struct plugin_bank *p = bank->driver_priv;
	uint32_t wbs = p->write_block_size;
	uint32_t blocks = DIV_ROUND_UP(count, wbs);
	struct plugin_session ses;
	uint32_t work_bytes, fifo_bytes = 0;
	int retval;

	if (!count)
		return ERROR_OK;
	if (plugin_has(p, PLUGIN_PROGRAM_ASYNC)) {
		/* all the data and one spare block, if the work area holds that much */
		uint32_t data = MIN((uint64_t)blocks * wbs + wbs,
			(p->work_area_size - PLUGIN_FIFO_HEADER) / wbs * wbs);

		fifo_bytes = PLUGIN_FIFO_HEADER + data;
		work_bytes = fifo_bytes;
	} else {
		/* a plugin may pad a short last chunk up to a write block */
		work_bytes = MIN((uint64_t)blocks * wbs, p->work_area_size);
	}

	retval = plugin_load(bank, &ses, work_bytes);
	if (retval != ERROR_OK)
		return retval;
	if (fifo_bytes)
		retval = plugin_write_async(&ses, buffer, offset, count, fifo_bytes);
	else
		retval = plugin_write_sync(&ses, buffer, offset, count);
	return plugin_unload(&ses, retval);
}

static int plugin_protect(struct flash_bank *bank, int set, unsigned int first,
	unsigned int last)
{
	struct plugin_bank *p = bank->driver_priv;
	struct plugin_session ses;
	int32_t result;
	int retval;

	if (!plugin_has(p, PLUGIN_PROTECT_SECTORS)) {
		LOG_ERROR("flash bank %s: plugin %s has no %s", bank->name, p->path,
			plugin_fn_name(PLUGIN_PROTECT_SECTORS));
		return ERROR_FLASH_OPER_UNSUPPORTED;
	}
	retval = plugin_load(bank, &ses, 0);
	while (retval == ERROR_OK && first <= last) {
		uint32_t args[3] = { set ? 1 : 0, first, last - first + 1 };

		retval = plugin_call(&ses, PLUGIN_PROTECT_SECTORS, args, 3, &result);
		if (retval == ERROR_OK && (result <= 0 || (uint32_t)result > args[2]))
			retval = plugin_failed(bank, PLUGIN_PROTECT_SECTORS, result,
				"(not a count of sectors)");
		if (retval == ERROR_OK)
			first += result;
	}
	return plugin_unload(&ses, retval);
}

static int plugin_protect_check(struct flash_bank *bank)
{
	struct plugin_bank *p = bank->driver_priv;
	struct plugin_session ses;
	uint32_t per_call = MIN(p->work_area_size, 4096u) * 8;
	uint8_t *bits;
	int32_t result;
	int retval;

	if (!plugin_has(p, PLUGIN_CHECK_PROTECTION)) {
		for (unsigned int i = 0; i < bank->num_sectors; i++)
			bank->sectors[i].is_protected = -1;
		return ERROR_OK;
	}
	bits = malloc(per_call / 8);
	if (!bits) {
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}
	retval = plugin_load(bank, &ses, per_call / 8);
	for (unsigned int first = 0; retval == ERROR_OK && first < bank->num_sectors;) {
		uint32_t args[3] = { first, MIN(per_call, bank->num_sectors - first), p->work_area };

		retval = plugin_call(&ses, PLUGIN_CHECK_PROTECTION, args, 3, &result);
		if (retval == ERROR_OK && (result <= 0 || (uint32_t)result > args[1]))
			retval = plugin_failed(bank, PLUGIN_CHECK_PROTECTION, result,
				"(not a count of sectors)");
		if (retval == ERROR_OK)
			retval = target_read_buffer(bank->target, p->work_area,
				DIV_ROUND_UP(result, 8), bits);
		if (retval != ERROR_OK)
			break;
		for (int32_t i = 0; i < result; i++)
			bank->sectors[first + i].is_protected = (bits[i / 8] >> (i % 8)) & 1;
		first += result;
	}
	free(bits);
	return plugin_unload(&ses, retval);
}

static int plugin_info(struct flash_bank *bank, struct command_invocation *cmd)
{
	struct plugin_bank *p = bank->driver_priv;

	command_print_sameline(cmd, "FLASH plugin %s: image 0x%08" PRIx32 "-0x%08" PRIx32
		", stack 0x%08" PRIx32 "-0x%08" PRIx32, p->path, p->image_start, p->stack_bottom,
		p->stack_bottom, plugin_stack_top(p));
	if (p->probed)
		command_print_sameline(cmd, ", work area 0x%08" PRIx32 "+0x%" PRIx32
			", write block %" PRIu32 " bytes, %s", p->work_area, p->work_area_size,
			p->write_block_size, plugin_has(p, PLUGIN_PROGRAM_ASYNC) ?
			"asynchronous writes" : "synchronous writes");
	return ERROR_OK;
}

static void plugin_free_driver_priv(struct flash_bank *bank)
{
	plugin_free(bank->driver_priv);
	bank->driver_priv = NULL;
}

const struct flash_driver plugin_flash = {
	.name = "plugin",
	.usage = "<plugin.elf> [stack_size]",
	.flash_bank_command = plugin_flash_bank_command,
	.erase = plugin_erase,
	.protect = plugin_protect,
	.write = plugin_write,
	.read = plugin_read,
	.probe = plugin_probe,
	.auto_probe = plugin_auto_probe,
	.erase_check = plugin_erase_check,
	.sector_crc = plugin_sector_crc,
	.checksum = plugin_checksum,
	.protect_check = plugin_protect_check,
	.info = plugin_info,
	.free_driver_priv = plugin_free_driver_priv,
};
