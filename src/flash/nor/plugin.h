/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Flash banks programmed by a "FLASH plugin" (driver "plugin"): an ELF
 * image, linked to run from the target's RAM, that exports FLASHPlugin_*
 * functions which the debugger calls as target algorithms.
 *
 *   plugin_elf.c   the ELF file: sections, symbols, stack place, time limits
 *   plugin_run.c   loading the plugin into RAM (saved and put back) and
 *                  calling its functions
 *   plugin_read.c  reading the bank through the memory map the plugin
 *                  leaves on (read, CRCs)
 *   plugin.c       the flash driver
 */

#ifndef OPENOCD_FLASH_NOR_PLUGIN_H
#define OPENOCD_FLASH_NOR_PLUGIN_H

#include "imp.h"

/* the plugin's symbols the driver looks for */
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

#define PLUGIN_FIFO_HEADER	8u	/* WritePointer, ReadPointer */
/* room for the return slot, a returned structure and stacked arguments */
#define PLUGIN_MIN_STACK	64u
/* the largest structure a plugin function returns (FLASHBankInfo) */
#define PLUGIN_MAX_RET		16u

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

/* a loaded plugin: the RAM it overwrote, what the last call returned */
struct plugin_session {
	struct flash_bank *bank;
	struct plugin_backup *backups;
	unsigned int num_backups;
	uint8_t ret[PLUGIN_MAX_RET];
};

static inline uint32_t plugin_stack_top(const struct plugin_bank *p)
{
	return p->stack_bottom + p->stack_size;
}

static inline bool plugin_has(const struct plugin_bank *p, enum plugin_fn fn)
{
	return p->fn[fn] && p->fn[fn] != p->fn[PLUGIN_NOT_IMPLEMENTED];
}

static inline bool plugin_ranges_overlap(uint32_t a, uint32_t a_size, uint32_t b, uint32_t b_size)
{
	return a_size && b_size && a < b + (uint64_t)b_size && b < a + (uint64_t)a_size;
}

const char *plugin_fn_name(enum plugin_fn fn);

/* plugin_elf.c: read and check p->path (stack_size set); fills the rest */
int plugin_elf_open(struct plugin_bank *p);
const struct plugin_section *plugin_section_at(const struct plugin_bank *p,
	uint32_t addr, uint32_t size);
void plugin_free(struct plugin_bank *p);

/* plugin_run.c */
int plugin_load(struct flash_bank *bank, struct plugin_session *ses, uint32_t work_bytes);
int plugin_call(struct plugin_session *ses, enum plugin_fn fn, const uint32_t *args,
	unsigned int nargs, int32_t *result);
int plugin_failed(struct flash_bank *bank, enum plugin_fn fn, int32_t result, const char *what);
int plugin_unload(struct plugin_session *ses, int retval);

/* plugin.c */
int plugin_auto_probe(struct flash_bank *bank);

/* plugin_read.c */
int plugin_read(struct flash_bank *bank, uint8_t *buffer, uint32_t offset, uint32_t count);
int plugin_checksum(struct flash_bank *bank, uint32_t offset, uint32_t count, uint32_t *crc);
int plugin_sector_crc(struct flash_bank *bank, unsigned int first, unsigned int last,
	uint32_t *crc);
int plugin_erase_check(struct flash_bank *bank);

#endif /* OPENOCD_FLASH_NOR_PLUGIN_H */
