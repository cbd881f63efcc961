// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Flash banks programmed by a "FLASH plugin": an ELF image, linked to run
 * from the target's RAM, that exports FLASHPlugin_* functions which the
 * debugger calls as target algorithms.  VisualGDB projects describe their
 * external flash this way:
 *
 *   flash bank NAME plugin BASE SIZE 0 0 TARGET PLUGIN.elf [STACK]
 *
 * Every operation loads the plugin (after saving the RAM its sections, its
 * stack and the transfer buffer occupy), runs it from its entry point until
 * it reaches FLASHPlugin_InitDone(), calls the functions it needs, calls
 * FLASHPlugin_Unload() and puts the saved RAM back.
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

#include "imp.h"
#include <helper/align.h>
#include <helper/binarybuffer.h>
#include <helper/bits.h>
#include <helper/fileio.h>
#include <target/algorithm.h>
#include <target/armv7m.h>
#include <target/image.h>
#include <target/target_type.h>

/* A plugin is a small RAM image; anything bigger is not one. */
#define PLUGIN_MAX_FILE_SIZE	(16u * 1024 * 1024)
#define PLUGIN_DEFAULT_STACK	512u
/* room for the return slot, a returned structure and stacked arguments */
#define PLUGIN_MIN_STACK	64u
#define PLUGIN_BKPT_PAIR	0xbe00be00u	/* two Thumb BKPT #0 */
#define PLUGIN_FIFO_HEADER	8u		/* WritePointer, ReadPointer */

/* ELF32 constants (System V ABI and ARM ELF supplement) */
#define ELF_EHDR_SIZE		52u
#define ELF_SHDR_SIZE		40u
#define ELF_SYM_SIZE		16u
#define ELF_EM_ARM		40u
#define ELF_SHT_SYMTAB		2u
#define ELF_SHT_NOBITS		8u
#define ELF_SHF_ALLOC		2u
#define ELF_SHN_UNDEF		0u
#define ELF_SHN_LORESERVE	0xff00u

enum plugin_fn {
	PLUGIN_INIT_DONE,
	PLUGIN_PROBE,
	PLUGIN_FIND_WORK_AREA,
	PLUGIN_ERASE_SECTORS,
	PLUGIN_UNLOAD,
	PLUGIN_PROGRAM_SYNC,
	PLUGIN_PROGRAM_ASYNC,
	PLUGIN_PROTECT_SECTORS,
	PLUGIN_CHECK_PROTECTION,
	PLUGIN_NOT_IMPLEMENTED,
	PLUGIN_TIMEOUT_TABLE,
	PLUGIN_FN_COUNT
};

static const char * const plugin_fn_names[PLUGIN_FN_COUNT] = {
	[PLUGIN_INIT_DONE] = "FLASHPlugin_InitDone",
	[PLUGIN_PROBE] = "FLASHPlugin_Probe",
	[PLUGIN_FIND_WORK_AREA] = "FLASHPlugin_FindWorkArea",
	[PLUGIN_ERASE_SECTORS] = "FLASHPlugin_EraseSectors",
	[PLUGIN_UNLOAD] = "FLASHPlugin_Unload",
	[PLUGIN_PROGRAM_SYNC] = "FLASHPlugin_ProgramSync",
	[PLUGIN_PROGRAM_ASYNC] = "FLASHPlugin_ProgramAsync",
	[PLUGIN_PROTECT_SECTORS] = "FLASHPlugin_ProtectSectors",
	[PLUGIN_CHECK_PROTECTION] = "FLASHPlugin_CheckSectorProtection",
	[PLUGIN_NOT_IMPLEMENTED] = "FLASHPlugin_NotImplemented",
	[PLUGIN_TIMEOUT_TABLE] = "FLASHPlugin_TimeoutTable",
};

static const bool plugin_fn_required[PLUGIN_FN_COUNT] = {
	[PLUGIN_INIT_DONE] = true,
	[PLUGIN_PROBE] = true,
	[PLUGIN_FIND_WORK_AREA] = true,
	[PLUGIN_ERASE_SECTORS] = true,
	[PLUGIN_UNLOAD] = true,
};

/*
 * Time limits in milliseconds.  A plugin may override them with a
 * FLASHPlugin_TimeoutTable object: a 32-bit byte count of the fields that
 * follow, then these fields in this order, each 32 bits.
 */
enum plugin_timeout {
	PLUGIN_TIMEOUT_ERASE,	/* one FLASHPlugin_EraseSectors() call */
	PLUGIN_TIMEOUT_WRITE,	/* one FLASHPlugin_ProgramSync() call */
	PLUGIN_TIMEOUT_INIT,	/* Probe, FindWorkArea, Unload */
	PLUGIN_TIMEOUT_LOAD,	/* entry point to FLASHPlugin_InitDone() */
	PLUGIN_TIMEOUT_PROTECT,	/* ProtectSectors, CheckSectorProtection */
	PLUGIN_TIMEOUT_COUNT
};

static const uint32_t plugin_default_timeouts[PLUGIN_TIMEOUT_COUNT] = {
	[PLUGIN_TIMEOUT_ERASE] = 60000,
	[PLUGIN_TIMEOUT_WRITE] = 1000,
	[PLUGIN_TIMEOUT_INIT] = 1000,
	[PLUGIN_TIMEOUT_LOAD] = 10000,
	[PLUGIN_TIMEOUT_PROTECT] = 1000,
};

struct plugin_section {
	uint32_t addr;
	uint32_t size;
	/* file contents, NULL for a section without any (.bss) */
	const uint8_t *data;
	const char *name;
};

struct plugin_bank {
	char *path;
	uint8_t *elf;
	size_t elf_size;
	unsigned int num_sections;
	struct plugin_section *sections;
	uint32_t entry;
	/* symbol values, 0 if absent */
	uint32_t fn[PLUGIN_FN_COUNT];
	uint32_t timeouts[PLUGIN_TIMEOUT_COUNT];
	uint32_t image_start;
	uint32_t stack_bottom;
	uint32_t stack_size;
	bool probed;
	uint32_t write_block_size;
	uint32_t work_area;
	uint32_t work_area_size;
};

struct plugin_backup {
	uint32_t addr;
	uint32_t size;
	uint8_t *data;
};

/* a loaded plugin: the RAM it overwrote */
struct plugin_session {
	struct flash_bank *bank;
	struct plugin_backup *backups;
	unsigned int num_backups;
};

static uint32_t plugin_stack_top(const struct plugin_bank *p)
{
	return p->stack_bottom + p->stack_size;
}

static bool plugin_has(const struct plugin_bank *p, enum plugin_fn fn)
{
	return p->fn[fn] && p->fn[fn] != p->fn[PLUGIN_NOT_IMPLEMENTED];
}

static bool ranges_overlap(uint32_t a, uint32_t a_size, uint32_t b, uint32_t b_size)
{
	return a_size && b_size && a < b + (uint64_t)b_size && b < a + (uint64_t)a_size;
}

/* ---- the ELF file ------------------------------------------------------- */

static int plugin_read_file(struct plugin_bank *p)
{
	struct fileio *f;
	size_t size, done;
	int retval = fileio_open(&f, p->path, FILEIO_READ, FILEIO_BINARY);

	if (retval != ERROR_OK) {
		LOG_ERROR("flash plugin %s: cannot open the file", p->path);
		return retval;
	}
	retval = fileio_size(f, &size);
	if (retval == ERROR_OK && (size < ELF_EHDR_SIZE || size > PLUGIN_MAX_FILE_SIZE)) {
		LOG_ERROR("flash plugin %s: %zu bytes is no plugin ELF image", p->path, size);
		retval = ERROR_IMAGE_FORMAT_ERROR;
	}
	if (retval == ERROR_OK) {
		p->elf = malloc(size);
		if (!p->elf) {
			LOG_ERROR("out of memory");
			retval = ERROR_FAIL;
		}
	}
	if (retval == ERROR_OK)
		retval = fileio_read(f, size, p->elf, &done);
	if (retval == ERROR_OK && done != size) {
		LOG_ERROR("flash plugin %s: short read", p->path);
		retval = ERROR_FILEIO_OPERATION_FAILED;
	}
	fileio_close(f);
	p->elf_size = size;
	return retval;
}

/* @size bytes at @off lie inside the file */
static bool elf_holds(const struct plugin_bank *p, uint32_t off, uint32_t size)
{
	return off <= p->elf_size && size <= p->elf_size - off;
}

static int elf_bad(const struct plugin_bank *p, const char *why)
{
	LOG_ERROR("flash plugin %s: not a usable plugin ELF image: %s", p->path, why);
	return ERROR_IMAGE_FORMAT_ERROR;
}

static const char *elf_string(const struct plugin_bank *p, uint32_t strtab_off,
	uint32_t strtab_size, uint32_t index)
{
	const char *s;

	if (index >= strtab_size)
		return NULL;
	s = (const char *)p->elf + strtab_off + index;
	if (!memchr(s, 0, strtab_size - index))
		return NULL;
	return s;
}

static const uint8_t *elf_shdr(const struct plugin_bank *p, uint32_t shoff, unsigned int i)
{
	return p->elf + shoff + i * ELF_SHDR_SIZE;
}

static int plugin_parse_symbols(struct plugin_bank *p, uint32_t shoff, unsigned int shnum,
	const uint8_t *symtab)
{
	uint32_t sym_off = le_to_h_u32(symtab + 16);
	uint32_t sym_size = le_to_h_u32(symtab + 20);
	uint32_t link = le_to_h_u32(symtab + 24);
	const uint8_t *strtab;
	uint32_t str_off, str_size;

	if (link >= shnum || !elf_holds(p, sym_off, sym_size))
		return elf_bad(p, "broken symbol table");
	strtab = elf_shdr(p, shoff, link);
	str_off = le_to_h_u32(strtab + 16);
	str_size = le_to_h_u32(strtab + 20);
	if (!elf_holds(p, str_off, str_size))
		return elf_bad(p, "broken symbol string table");

	for (uint32_t i = 0; i + ELF_SYM_SIZE <= sym_size; i += ELF_SYM_SIZE) {
		const uint8_t *sym = p->elf + sym_off + i;
		uint16_t shndx = le_to_h_u16(sym + 14);
		const char *name;

		if (shndx == ELF_SHN_UNDEF || shndx >= ELF_SHN_LORESERVE)
			continue;
		name = elf_string(p, str_off, str_size, le_to_h_u32(sym));
		if (!name)
			continue;
		for (unsigned int fn = 0; fn < PLUGIN_FN_COUNT; fn++)
			if (!strcmp(name, plugin_fn_names[fn]))
				p->fn[fn] = le_to_h_u32(sym + 4);
	}
	return ERROR_OK;
}

/* the loaded section holding @size bytes at @addr, or NULL */
static const struct plugin_section *plugin_section_at(const struct plugin_bank *p,
	uint32_t addr, uint32_t size)
{
	for (unsigned int i = 0; i < p->num_sections; i++) {
		const struct plugin_section *s = &p->sections[i];

		if (addr >= s->addr && addr - s->addr < s->size && size <= s->size - (addr - s->addr))
			return s;
	}
	return NULL;
}

static int plugin_parse_elf(struct plugin_bank *p)
{
	const uint8_t *h = p->elf;
	uint32_t shoff;
	unsigned int shnum, shstrndx;
	const uint8_t *symtab = NULL;
	uint32_t names_off = 0, names_size = 0;
	int retval;

	if (h[0] != 0x7f || memcmp(h + 1, "ELF", 3))
		return elf_bad(p, "no ELF magic");
	if (h[4] != 1 || h[5] != 1)
		return elf_bad(p, "not a 32-bit little-endian ELF file");
	if (le_to_h_u16(h + 18) != ELF_EM_ARM)
		return elf_bad(p, "not built for ARM");
	shoff = le_to_h_u32(h + 32);
	shnum = le_to_h_u16(h + 48);
	shstrndx = le_to_h_u16(h + 50);
	if (le_to_h_u16(h + 46) != ELF_SHDR_SIZE || !shnum ||
			!elf_holds(p, shoff, shnum * ELF_SHDR_SIZE))
		return elf_bad(p, "no section header table");
	p->entry = le_to_h_u32(h + 24);

	if (shstrndx < shnum) {
		names_off = le_to_h_u32(elf_shdr(p, shoff, shstrndx) + 16);
		names_size = le_to_h_u32(elf_shdr(p, shoff, shstrndx) + 20);
		if (!elf_holds(p, names_off, names_size))
			names_size = 0;
	}

	p->sections = calloc(shnum, sizeof(*p->sections));
	if (!p->sections) {
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}
	for (unsigned int i = 0; i < shnum; i++) {
		const uint8_t *sh = elf_shdr(p, shoff, i);
		uint32_t type = le_to_h_u32(sh + 4);
		uint32_t flags = le_to_h_u32(sh + 8);
		uint32_t addr = le_to_h_u32(sh + 12);
		uint32_t off = le_to_h_u32(sh + 16);
		uint32_t size = le_to_h_u32(sh + 20);
		struct plugin_section *s;

		if (type == ELF_SHT_SYMTAB)
			symtab = sh;
		if (!(flags & ELF_SHF_ALLOC) || !size)
			continue;
		s = &p->sections[p->num_sections++];
		s->addr = addr;
		s->size = size;
		s->name = elf_string(p, names_off, names_size, le_to_h_u32(sh));
		if (!s->name)
			s->name = "?";
		if (type != ELF_SHT_NOBITS) {
			if (!elf_holds(p, off, size))
				return elf_bad(p, "a section lies beyond the end of the file");
			s->data = p->elf + off;
		}
		if ((uint64_t)addr + size > UINT32_MAX - PLUGIN_MIN_STACK)
			return elf_bad(p, "a section ends at the top of the address space");
	}
	if (!p->num_sections)
		return elf_bad(p, "no section to load");
	if (!symtab)
		return elf_bad(p, "no symbol table (stripped?)");
	retval = plugin_parse_symbols(p, shoff, shnum, symtab);
	if (retval != ERROR_OK)
		return retval;

	for (unsigned int fn = 0; fn < PLUGIN_FN_COUNT; fn++) {
		if (plugin_fn_required[fn] && !p->fn[fn]) {
			LOG_ERROR("flash plugin %s: no '%s' symbol: not a FLASH plugin",
				p->path, plugin_fn_names[fn]);
			return ERROR_IMAGE_FORMAT_ERROR;
		}
	}
	if (!plugin_has(p, PLUGIN_PROGRAM_SYNC) && !plugin_has(p, PLUGIN_PROGRAM_ASYNC)) {
		LOG_ERROR("flash plugin %s: neither '%s' nor '%s' is implemented", p->path,
			plugin_fn_names[PLUGIN_PROGRAM_SYNC], plugin_fn_names[PLUGIN_PROGRAM_ASYNC]);
		return ERROR_IMAGE_FORMAT_ERROR;
	}
	for (unsigned int fn = 0; fn < PLUGIN_FN_COUNT; fn++) {
		uint32_t size = fn == PLUGIN_TIMEOUT_TABLE ? 4 : 2;

		if (p->fn[fn] && !plugin_section_at(p, p->fn[fn] & ~1u, size)) {
			LOG_ERROR("flash plugin %s: '%s' (0x%08" PRIx32 ") lies in no loaded section",
				p->path, plugin_fn_names[fn], p->fn[fn]);
			return ERROR_IMAGE_FORMAT_ERROR;
		}
	}
	if (!plugin_section_at(p, p->entry & ~1u, 2)) {
		LOG_ERROR("flash plugin %s: the entry point 0x%08" PRIx32 " lies in no loaded section",
			p->path, p->entry);
		return ERROR_IMAGE_FORMAT_ERROR;
	}
	return ERROR_OK;
}

/* Sections must not overlap each other; the stack goes after the last one. */
static int plugin_place(struct plugin_bank *p)
{
	uint32_t end = 0;

	p->image_start = UINT32_MAX;
	for (unsigned int i = 0; i < p->num_sections; i++) {
		const struct plugin_section *s = &p->sections[i];

		for (unsigned int j = 0; j < i; j++) {
			const struct plugin_section *t = &p->sections[j];

			if (ranges_overlap(s->addr, s->size, t->addr, t->size)) {
				LOG_ERROR("flash plugin %s: sections %s and %s overlap", p->path,
					s->name, t->name);
				return ERROR_IMAGE_FORMAT_ERROR;
			}
		}
		p->image_start = MIN(p->image_start, s->addr);
		end = MAX(end, s->addr + s->size);
	}
	p->stack_bottom = ALIGN_UP(end, 16);
	if ((uint64_t)p->stack_bottom + p->stack_size > UINT32_MAX) {
		LOG_ERROR("flash plugin %s: no room for a %" PRIu32 "-byte stack after 0x%08" PRIx32,
			p->path, p->stack_size, end);
		return ERROR_IMAGE_FORMAT_ERROR;
	}
	return ERROR_OK;
}

static void plugin_read_timeouts(struct plugin_bank *p)
{
	const struct plugin_section *s;
	uint32_t addr = p->fn[PLUGIN_TIMEOUT_TABLE];
	uint32_t size;

	memcpy(p->timeouts, plugin_default_timeouts, sizeof(p->timeouts));
	if (!addr)
		return;
	s = plugin_section_at(p, addr, 4);
	if (!s || !s->data)
		return;
	size = le_to_h_u32(s->data + addr - s->addr);
	if (!size)
		return;
	if (size > sizeof(p->timeouts) || size % 4 ||
			!plugin_section_at(p, addr + 4, size)) {
		LOG_WARNING("flash plugin %s: %s holds %" PRIu32 " bytes, not up to %zu: ignored",
			p->path, plugin_fn_names[PLUGIN_TIMEOUT_TABLE], size, sizeof(p->timeouts));
		return;
	}
	for (uint32_t i = 0; i < size / 4; i++)
		p->timeouts[i] = le_to_h_u32(s->data + addr - s->addr + 4 + 4 * i);
}

/* The plugin's sections must not land in a flash bank of its target. */
static int plugin_check_ram(struct flash_bank *bank)
{
	struct plugin_bank *p = bank->driver_priv;

	for (struct flash_bank *b = flash_bank_list(); b; b = b->next) {
		if (b == bank || b->target != bank->target)
			continue;
		for (unsigned int i = 0; i < p->num_sections; i++) {
			const struct plugin_section *s = &p->sections[i];

			if (ranges_overlap(s->addr, s->size, b->base, b->size)) {
				LOG_ERROR("flash plugin %s: section %s (0x%08" PRIx32 "+0x%" PRIx32
					") lies in flash bank %s, not in RAM", p->path, s->name,
					s->addr, s->size, b->name);
				return ERROR_IMAGE_FORMAT_ERROR;
			}
		}
		if (ranges_overlap(p->stack_bottom, p->stack_size, b->base, b->size)) {
			LOG_ERROR("flash plugin %s: its stack (0x%08" PRIx32 "+0x%" PRIx32
				") lies in flash bank %s, not in RAM", p->path, p->stack_bottom,
				p->stack_size, b->name);
			return ERROR_IMAGE_FORMAT_ERROR;
		}
	}
	return ERROR_OK;
}

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

static void plugin_free(struct plugin_bank *p)
{
	if (!p)
		return;
	free(p->sections);
	free(p->elf);
	free(p->path);
	free(p);
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

	retval = plugin_read_file(p);
	if (retval == ERROR_OK)
		retval = plugin_parse_elf(p);
	if (retval == ERROR_OK)
		retval = plugin_place(p);
	if (retval != ERROR_OK) {
		LOG_ERROR("flash bank %s: cannot use plugin %s", bank->name, CMD_ARGV[6]);
		plugin_free(p);
		return retval;
	}
	plugin_read_timeouts(p);
	LOG_DEBUG("flash plugin %s: image 0x%08" PRIx32 "-0x%08" PRIx32 ", stack up to 0x%08" PRIx32,
		p->path, p->image_start, p->stack_bottom, plugin_stack_top(p));
	bank->driver_priv = p;
	return ERROR_OK;
}

/* ---- running the plugin ------------------------------------------------- */

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

/*
 * Call @fn with @nargs arguments.  With @ret_size the function returns a
 * structure of that many bytes through memory: r0 points to it on the
 * stack and @ret receives it.
 */
static int plugin_call(struct plugin_session *ses, enum plugin_fn fn, enum plugin_timeout tmo,
	const uint32_t *args, unsigned int nargs, uint32_t ret_size, uint8_t *ret, int32_t *result)
{
	static char * const arg_regs[] = { "r0", "r1", "r2", "r3" };
	struct flash_bank *bank = ses->bank;
	struct target *target = bank->target;
	struct plugin_bank *p = bank->driver_priv;
	uint32_t regs_val[4];
	unsigned int nregs = 0;
	uint32_t exit_point = plugin_stack_top(p) - 4;
	uint32_t sp = exit_point - 4;
	uint32_t ret_addr = 0;
	struct reg_param reg_params[6];
	struct armv7m_algorithm armv7m_info;
	int retval = ERROR_OK;

	if (ret_size) {
		sp = ALIGN_DOWN(sp - ret_size, 8);
		ret_addr = sp;
		regs_val[nregs++] = ret_addr;
	}
	for (unsigned int i = 0; i < nargs && nregs < 4; i++)
		regs_val[nregs++] = args[i];
	if (nargs + (ret_size ? 1 : 0) > 4) {
		unsigned int nstack = nargs + (ret_size ? 1 : 0) - 4;
		uint8_t stacked[4 * 4];

		assert(nstack <= 4);
		sp = ALIGN_DOWN(sp - 4 * nstack, 8);
		for (unsigned int i = 0; i < nstack; i++)
			h_u32_to_le(stacked + 4 * i, args[nargs - nstack + i]);
		retval = target_write_buffer(target, sp, 4 * nstack, stacked);
	}
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
	retval = target_run_algorithm(target, 0, NULL, nregs + 2, reg_params,
		p->fn[fn] & ~1u, exit_point, p->timeouts[tmo], &armv7m_info);
	if (retval != ERROR_OK)
		LOG_ERROR("flash bank %s: plugin function %s did not return within %" PRIu32
			" ms (error %d)", bank->name, plugin_fn_names[fn], p->timeouts[tmo], retval);
	else
		*result = (int32_t)buf_get_u32(reg_params[0].value, 0, 32);
	for (unsigned int i = 0; i < nregs + 2; i++)
		destroy_reg_param(&reg_params[i]);
	if (retval == ERROR_OK && ret_size) {
		retval = target_read_buffer(target, ret_addr, ret_size, ret);
		if (retval != ERROR_OK)
			LOG_ERROR("flash bank %s: cannot read what %s returned", bank->name,
				plugin_fn_names[fn]);
	}
	return retval;
}

/* the plugin function's result says it failed while doing @what */
static int plugin_failed(struct flash_bank *bank, enum plugin_fn fn, int32_t result,
	const char *what)
{
	LOG_ERROR("flash bank %s: plugin function %s returned %" PRId32 " %s", bank->name,
		plugin_fn_names[fn], result, what);
	return ERROR_FLASH_OPERATION_FAILED;
}

static int plugin_write_u32(struct target *target, uint32_t addr, uint32_t value)
{
	uint8_t buf[4];

	h_u32_to_le(buf, value);
	return target_write_buffer(target, addr, 4, buf);
}

/*
 * Save the RAM the plugin occupies (and @work_bytes of its work area), load
 * it and run it from its entry point to FLASHPlugin_InitDone().
 */
static int plugin_load(struct flash_bank *bank, struct plugin_session *ses, uint32_t work_bytes)
{
	struct plugin_bank *p = bank->driver_priv;
	struct target *target = bank->target;
	uint32_t init_done = p->fn[PLUGIN_INIT_DONE] & ~1u;
	const struct plugin_section *init_section = plugin_section_at(p, init_done, 2);
	struct reg_param reg_params[2];
	struct armv7m_algorithm armv7m_info;
	uint8_t bkpt[2];
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
	ses->backups = calloc(p->num_sections + 2, sizeof(*ses->backups));
	if (!ses->backups) {
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}

	/* read everything we overwrite before writing anything */
	for (unsigned int i = 0; i < p->num_sections && retval == ERROR_OK; i++)
		retval = plugin_backup(ses, p->sections[i].addr, p->sections[i].size);
	if (retval == ERROR_OK)
		retval = plugin_backup(ses, p->stack_bottom, p->stack_size);
	if (retval == ERROR_OK)
		retval = plugin_backup(ses, p->work_area, work_bytes);
	if (retval != ERROR_OK) {
		plugin_restore(ses);
		return retval;
	}

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
	/* every call returns to two BKPT at the stack's top word */
	if (retval == ERROR_OK)
		retval = plugin_write_u32(target, plugin_stack_top(p) - 4, PLUGIN_BKPT_PAIR);
	/* and initialization stops at a BKPT in place of InitDone's first instruction */
	h_u16_to_le(bkpt, PLUGIN_BKPT_PAIR & 0xffff);
	if (retval == ERROR_OK)
		retval = target_write_buffer(target, init_done, 2, bkpt);
	if (retval != ERROR_OK) {
		LOG_ERROR("flash bank %s: cannot load plugin %s into the target RAM", bank->name,
			p->path);
		plugin_restore(ses);
		return retval;
	}

	init_reg_param(&reg_params[0], "sp", 32, PARAM_OUT);
	buf_set_u32(reg_params[0].value, 0, 32, plugin_stack_top(p) - 8);
	init_reg_param(&reg_params[1], "lr", 32, PARAM_OUT);
	buf_set_u32(reg_params[1].value, 0, 32, (plugin_stack_top(p) - 4) | 1);
	armv7m_info.common_magic = ARMV7M_COMMON_MAGIC;
	armv7m_info.core_mode = ARM_MODE_THREAD;
	retval = target_run_algorithm(target, 0, NULL, 2, reg_params, p->entry & ~1u, init_done,
		p->timeouts[PLUGIN_TIMEOUT_LOAD], &armv7m_info);
	destroy_reg_param(&reg_params[0]);
	destroy_reg_param(&reg_params[1]);
	if (retval != ERROR_OK) {
		LOG_ERROR("flash bank %s: plugin %s did not reach %s within %" PRIu32 " ms from its entry point 0x%08"
			PRIx32 " (error %d)", bank->name, p->path, plugin_fn_names[PLUGIN_INIT_DONE],
			p->timeouts[PLUGIN_TIMEOUT_LOAD], p->entry, retval);
		plugin_restore(ses);
		return retval;
	}
	/* InitDone runs normally should the plugin call it again */
	retval = target_write_buffer(target, init_done, 2,
		init_section->data + (init_done - init_section->addr));
	if (retval != ERROR_OK)
		plugin_restore(ses);
	return retval;
}

static int plugin_unload(struct plugin_session *ses, int retval)
{
	int32_t result;
	int r;

	if (!ses->backups)
		return retval;
	r = plugin_call(ses, PLUGIN_UNLOAD, PLUGIN_TIMEOUT_INIT, NULL, 0, 0, NULL, &result);
	if (r == ERROR_OK && result)
		r = plugin_failed(ses->bank, PLUGIN_UNLOAD, result, "(not 0)");
	if (retval == ERROR_OK)
		retval = r;
	r = plugin_restore(ses);
	return retval == ERROR_OK ? r : retval;
}

/* ---- flash driver ------------------------------------------------------- */

static int plugin_probe(struct flash_bank *bank)
{
	struct plugin_bank *p = bank->driver_priv;
	struct plugin_session ses;
	uint8_t info[16], area[8];
	uint32_t args[4] = { (uint32_t)bank->base, bank->size, bank->chip_width, bank->bus_width };
	uint32_t end_of_stack = plugin_stack_top(p);
	uint32_t base, count, size, wbs, wa, wa_size;
	int32_t result;
	int retval;

	p->probed = false;
	retval = plugin_load(bank, &ses, 0);
	if (retval != ERROR_OK)
		return retval;
	retval = plugin_call(&ses, PLUGIN_PROBE, PLUGIN_TIMEOUT_INIT, args, 4, sizeof(info), info,
		&result);
	if (retval == ERROR_OK)
		retval = plugin_call(&ses, PLUGIN_FIND_WORK_AREA, PLUGIN_TIMEOUT_INIT, &end_of_stack, 1,
			sizeof(area), area, &result);
	retval = plugin_unload(&ses, retval);
	if (retval != ERROR_OK)
		return retval;

	base = le_to_h_u32(info);
	count = le_to_h_u32(info + 4);
	size = le_to_h_u32(info + 8);
	wbs = le_to_h_u32(info + 12);
	wa = le_to_h_u32(area);
	wa_size = le_to_h_u32(area + 4);
	LOG_DEBUG("flash bank %s: plugin reports base 0x%08" PRIx32 ", %" PRIu32 " blocks of 0x%"
		PRIx32 " bytes, write block 0x%" PRIx32 ", work area 0x%08" PRIx32 "+0x%" PRIx32,
		bank->name, base, count, size, wbs, wa, wa_size);

	if (!count || !size || (uint64_t)count * size > UINT32_MAX ||
			(uint64_t)base + (uint64_t)count * size > (uint64_t)UINT32_MAX + 1) {
		LOG_ERROR("flash bank %s: %s reported %" PRIu32 " blocks of %" PRIu32 " bytes at 0x%08"
			PRIx32 ", which is no usable flash", bank->name, plugin_fn_names[PLUGIN_PROBE],
			count, size, base);
		return ERROR_FLASH_BANK_INVALID;
	}
	if (!wbs || (plugin_has(p, PLUGIN_PROGRAM_ASYNC) && !IS_PWR_OF_2(wbs))) {
		LOG_ERROR("flash bank %s: %s reported a write block of %" PRIu32 " bytes%s", bank->name,
			plugin_fn_names[PLUGIN_PROBE], wbs,
			wbs ? ", not a power of 2 as the FIFO of FLASHPlugin_ProgramAsync needs" : "");
		return ERROR_FLASH_BANK_INVALID;
	}
	if (wa % 4 || wa_size < wbs ||
			(plugin_has(p, PLUGIN_PROGRAM_ASYNC) && wa_size < PLUGIN_FIFO_HEADER + 2 * wbs)) {
		LOG_ERROR("flash bank %s: %s reported 0x%" PRIx32 " bytes at 0x%08" PRIx32
			": too small or not word aligned for %" PRIu32 "-byte write blocks",
			bank->name, plugin_fn_names[PLUGIN_FIND_WORK_AREA], wa_size, wa, wbs);
		return ERROR_FLASH_BANK_INVALID;
	}
	if (ranges_overlap(wa, wa_size, p->image_start, end_of_stack - p->image_start)) {
		LOG_ERROR("flash bank %s: the work area 0x%08" PRIx32 "+0x%" PRIx32 " from %s overlaps "
			"the plugin image and stack 0x%08" PRIx32 "-0x%08" PRIx32, bank->name, wa,
			wa_size, plugin_fn_names[PLUGIN_FIND_WORK_AREA], p->image_start, end_of_stack);
		return ERROR_FLASH_BANK_INVALID;
	}

	if (bank->base != base)
		LOG_INFO("flash bank %s: plugin places the bank at 0x%08" PRIx32 " (configured 0x%08"
			TARGET_PRIxADDR ")", bank->name, base, bank->base);
	free(bank->sectors);
	bank->sectors = alloc_block_array(0, size, count);
	if (!bank->sectors) {
		bank->num_sectors = 0;
		bank->size = 0;
		return ERROR_FAIL;
	}
	bank->base = base;
	bank->size = count * size;
	bank->num_sectors = count;
	bank->erased_value = 0xff;
	p->write_block_size = wbs;
	p->work_area = wa;
	p->work_area_size = wa_size;
	p->probed = true;
	return ERROR_OK;
}

static int plugin_auto_probe(struct flash_bank *bank)
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

		retval = plugin_call(&ses, PLUGIN_ERASE_SECTORS, PLUGIN_TIMEOUT_ERASE, args, 2, 0,
			NULL, &result);
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
			retval = plugin_call(ses, PLUGIN_PROGRAM_SYNC, PLUGIN_TIMEOUT_WRITE, args, 3, 0,
				NULL, &result);
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
			plugin_fn_names[PLUGIN_PROGRAM_ASYNC], count, offset, retval);
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
			plugin_fn_names[PLUGIN_PROTECT_SECTORS]);
		return ERROR_FLASH_OPER_UNSUPPORTED;
	}
	retval = plugin_load(bank, &ses, 0);
	while (retval == ERROR_OK && first <= last) {
		uint32_t args[3] = { set ? 1 : 0, first, last - first + 1 };

		retval = plugin_call(&ses, PLUGIN_PROTECT_SECTORS, PLUGIN_TIMEOUT_PROTECT, args, 3,
			0, NULL, &result);
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

		retval = plugin_call(&ses, PLUGIN_CHECK_PROTECTION, PLUGIN_TIMEOUT_PROTECT, args, 3,
			0, NULL, &result);
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

/*
 * The interface has no read function: the bank is read through the memory
 * map, which the plugin's Unload sets up.  A reset since the last plugin run
 * may have turned it off, so every read runs the plugin once first.
 */
static int plugin_map(struct flash_bank *bank)
{
	struct plugin_session ses;
	int retval = plugin_auto_probe(bank);

	if (retval == ERROR_OK)
		retval = plugin_load(bank, &ses, 0);
	if (retval == ERROR_OK)
		retval = plugin_unload(&ses, ERROR_OK);
	return retval;
}

/*
 * Reading through the memory map.  A memory-mapped QSPI/OSPI controller
 * keeps one read command going while the accesses are consecutive,
 * prefetching ahead, and starts a new command at an access that does not
 * follow the previous one.  A stacked serial flash does not carry one read
 * command from one die into the next: the W25Q01JV's read wraps inside the
 * die at its 64 MiB boundary.  So a range is read in pieces that never
 * cross a multiple of PLUGIN_MM_SPLIT (target addresses), the highest
 * piece first: each piece starts at an address that does not follow the
 * last one read, so the controller starts a new read command there.  The
 * dies of stacked serial NOR flashes are 16 MiB or larger and aligned to
 * their size; 1 MiB pieces leave margin and cost one more read or
 * algorithm run per MiB.
 */
#define PLUGIN_MM_SPLIT		BIT(20)

/* the offset where the last piece of [offset, end) starts */
static uint32_t plugin_piece_start(struct flash_bank *bank, uint32_t offset, uint32_t end)
{
	target_addr_t last = bank->base + end - 1;
	target_addr_t start = last - last % PLUGIN_MM_SPLIT;

	return start <= bank->base + offset ? offset : (uint32_t)(start - bank->base);
}

static int plugin_read(struct flash_bank *bank, uint8_t *buffer, uint32_t offset, uint32_t count)
{
	uint32_t end = offset + count;
	int retval = plugin_map(bank);

	while (retval == ERROR_OK && end > offset) {
		uint32_t start = plugin_piece_start(bank, offset, end);

		retval = default_flash_read(bank, buffer + (start - offset), start, end - start);
		end = start;
	}
	return retval;
}

/*
 * CRC-32 as image_calculate_checksum() computes it (polynomial 0x04C11DB7,
 * most significant bit first, register preset to all ones, no final
 * inversion) of two pieces A and B from their own CRCs: the register after
 * A is crc_a, and running on over B from there instead of from the preset
 * changes the result by (crc_a ^ preset) times x^(8 len_b) modulo the
 * polynomial, the register being linear over GF(2).
 */
#define PLUGIN_CRC_POLY		0x04c11db7u
#define PLUGIN_CRC_PRESET	0xffffffffu

/* a * b modulo the CRC polynomial; bit i holds the coefficient of x^i */
static uint32_t plugin_crc_mulmod(uint32_t a, uint32_t b)
{
	uint32_t r = 0;

	for (int i = 31; i >= 0; i--) {
		r = (r & 0x80000000u) ? (r << 1) ^ PLUGIN_CRC_POLY : r << 1;
		if (b & (1u << i))
			r ^= a;
	}
	return r;
}

static uint32_t plugin_crc_combine(uint32_t crc_a, uint32_t crc_b, uint32_t len_b)
{
	uint32_t power = 1, x8 = 0x100;	/* x^0, x^8 */

	for (uint32_t n = len_b; n; n >>= 1) {
		if (n & 1)
			power = plugin_crc_mulmod(power, x8);
		x8 = plugin_crc_mulmod(x8, x8);
	}
	return crc_b ^ plugin_crc_mulmod(crc_a ^ PLUGIN_CRC_PRESET, power);
}

/* the CRC of one piece: by the target's algorithm, or read and computed here */
static int plugin_piece_crc(struct flash_bank *bank, uint32_t offset, uint32_t count, uint32_t *crc)
{
	struct target *target = bank->target;
	uint8_t *data;
	int retval = target->type->checksum_memory(target, bank->base + offset, count, crc);

	if (retval == ERROR_OK)
		return ERROR_OK;
	data = malloc(count);
	if (!data) {
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}
	retval = default_flash_read(bank, data, offset, count);
	if (retval == ERROR_OK)
		retval = image_calculate_checksum(data, count, crc);
	free(data);
	return retval;
}

/*
 * The CRC of a range, piece by piece from the highest.  A range in one
 * piece is left to the caller's memory-mapped checksum.
 */
static int plugin_checksum(struct flash_bank *bank, uint32_t offset, uint32_t count, uint32_t *crc)
{
	uint32_t end = offset + count, tail_crc = 0, tail_len = 0;
	int retval = plugin_map(bank);

	if (retval != ERROR_OK)
		return retval;
	if (!count || plugin_piece_start(bank, offset, end) == offset)
		return ERROR_FLASH_OPER_UNSUPPORTED;
	while (end > offset) {
		uint32_t start = plugin_piece_start(bank, offset, end), piece;

		retval = plugin_piece_crc(bank, start, end - start, &piece);
		if (retval != ERROR_OK)
			return retval;
		tail_crc = tail_len ? plugin_crc_combine(piece, tail_crc, tail_len) : piece;
		tail_len += end - start;
		end = start;
	}
	*crc = tail_crc;
	return ERROR_OK;
}

/* one CRC per sector, the highest sector first (see PLUGIN_MM_SPLIT) */
static int plugin_sector_crc(struct flash_bank *bank, unsigned int first, unsigned int last,
	uint32_t *crc)
{
	struct target *target = bank->target;
	int retval = plugin_map(bank);

	for (unsigned int i = last + 1; retval == ERROR_OK && i-- > first;)
		retval = target->type->checksum_memory(target, bank->base + bank->sectors[i].offset,
			bank->sectors[i].size, &crc[i - first]);
	return retval;
}

static int plugin_erase_check(struct flash_bank *bank)
{
	int retval = plugin_map(bank);

	return retval == ERROR_OK ? default_flash_blank_check(bank) : retval;
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
