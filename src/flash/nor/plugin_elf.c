// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * The FLASH plugin's ELF file: its loadable sections, the FLASHPlugin_*
 * symbols, where its stack goes and its time limits.  Checked when the bank
 * is declared, before the target is touched.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "plugin.h"
#include <helper/align.h>
#include <helper/binarybuffer.h>
#include <helper/fileio.h>
#include <target/image.h>

/* A plugin is a small RAM image; anything bigger is not one. */
#define PLUGIN_MAX_FILE_SIZE	(16u * 1024 * 1024)

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

static const uint32_t plugin_default_timeouts[PLUGIN_TIMEOUT_COUNT] = {
	[PLUGIN_TIMEOUT_ERASE] = 60000,
	[PLUGIN_TIMEOUT_WRITE] = 1000,
	[PLUGIN_TIMEOUT_INIT] = 1000,
	[PLUGIN_TIMEOUT_LOAD] = 10000,
	[PLUGIN_TIMEOUT_PROTECT] = 1000,
};

const char *plugin_fn_name(enum plugin_fn fn)
{
	return plugin_fn_names[fn];
}

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

/* a string table of the file: its offset and size */
struct elf_strtab {
	uint32_t off;
	uint32_t size;
};

static const char *elf_string(const struct plugin_bank *p, struct elf_strtab t, uint32_t index)
{
	const char *s;

	if (index >= t.size)
		return NULL;
	s = (const char *)p->elf + t.off + index;
	if (!memchr(s, 0, t.size - index))
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
	struct elf_strtab names;

	if (link >= shnum || !elf_holds(p, sym_off, sym_size))
		return elf_bad(p, "broken symbol table");
	strtab = elf_shdr(p, shoff, link);
	names.off = le_to_h_u32(strtab + 16);
	names.size = le_to_h_u32(strtab + 20);
	if (!elf_holds(p, names.off, names.size))
		return elf_bad(p, "broken symbol string table");

	for (uint32_t i = 0; i + ELF_SYM_SIZE <= sym_size; i += ELF_SYM_SIZE) {
		const uint8_t *sym = p->elf + sym_off + i;
		uint16_t shndx = le_to_h_u16(sym + 14);
		const char *name;

		if (shndx == ELF_SHN_UNDEF || shndx >= ELF_SHN_LORESERVE)
			continue;
		name = elf_string(p, names, le_to_h_u32(sym));
		if (!name)
			continue;
		for (unsigned int fn = 0; fn < PLUGIN_FN_COUNT; fn++)
			if (!strcmp(name, plugin_fn_names[fn]))
				p->fn[fn] = le_to_h_u32(sym + 4);
	}
	return ERROR_OK;
}

/* the loaded section holding @size bytes at @addr, or NULL */
const struct plugin_section *plugin_section_at(const struct plugin_bank *p,
	uint32_t addr, uint32_t size)
{
	for (unsigned int i = 0; i < p->num_sections; i++) {
		const struct plugin_section *s = &p->sections[i];

		if (addr >= s->addr && addr - s->addr < s->size && size <= s->size - (addr - s->addr))
			return s;
	}
	return NULL;
}

/* the allocated sections into p->sections; *symtab: the symbol table's header */
static int plugin_parse_sections(struct plugin_bank *p, uint32_t shoff, unsigned int shnum,
	struct elf_strtab names, const uint8_t **symtab)
{
	p->sections = calloc(shnum, sizeof(*p->sections));
	if (!p->sections) {
		LOG_ERROR("out of memory");
		return ERROR_FAIL;
	}
	for (unsigned int i = 0; i < shnum; i++) {
		const uint8_t *sh = elf_shdr(p, shoff, i);
		uint32_t type = le_to_h_u32(sh + 4);
		uint32_t flags = le_to_h_u32(sh + 8);
		uint32_t off = le_to_h_u32(sh + 16);
		struct plugin_section *s;

		if (type == ELF_SHT_SYMTAB)
			*symtab = sh;
		if (!(flags & ELF_SHF_ALLOC) || !le_to_h_u32(sh + 20))
			continue;
		s = &p->sections[p->num_sections++];
		s->addr = le_to_h_u32(sh + 12);
		s->size = le_to_h_u32(sh + 20);
		s->name = elf_string(p, names, le_to_h_u32(sh));
		if (!s->name)
			s->name = "?";
		if (type != ELF_SHT_NOBITS) {
			if (!elf_holds(p, off, s->size))
				return elf_bad(p, "a section lies beyond the end of the file");
			s->data = p->elf + off;
		}
		if ((uint64_t)s->addr + s->size > UINT32_MAX - PLUGIN_MIN_STACK)
			return elf_bad(p, "a section ends at the top of the address space");
	}
	if (!p->num_sections)
		return elf_bad(p, "no section to load");
	if (!*symtab)
		return elf_bad(p, "no symbol table (stripped?)");
	return ERROR_OK;
}

/* the required functions are there and every symbol lies in a loaded section */
static int plugin_check_functions(struct plugin_bank *p)
{
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

static int plugin_parse_elf(struct plugin_bank *p)
{
	const uint8_t *h = p->elf;
	const uint8_t *symtab = NULL;
	struct elf_strtab names = { 0, 0 };
	uint32_t shoff;
	unsigned int shnum, shstrndx;
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
		names.off = le_to_h_u32(elf_shdr(p, shoff, shstrndx) + 16);
		names.size = le_to_h_u32(elf_shdr(p, shoff, shstrndx) + 20);
		if (!elf_holds(p, names.off, names.size))
			names.size = 0;
	}
	retval = plugin_parse_sections(p, shoff, shnum, names, &symtab);
	if (retval == ERROR_OK)
		retval = plugin_parse_symbols(p, shoff, shnum, symtab);
	if (retval == ERROR_OK)
		retval = plugin_check_functions(p);
	return retval;
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

			if (plugin_ranges_overlap(s->addr, s->size, t->addr, t->size)) {
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

int plugin_elf_open(struct plugin_bank *p)
{
	int retval = plugin_read_file(p);
	if (retval == ERROR_OK)
		retval = plugin_parse_elf(p);
	if (retval == ERROR_OK)
		retval = plugin_place(p);
	if (retval == ERROR_OK)
		plugin_read_timeouts(p);
	return retval;
}

void plugin_free(struct plugin_bank *p)
{
	if (!p)
		return;
	free(p->sections);
	free(p->elf);
	free(p->path);
	free(p);
}
