// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * Reading a FLASH plugin's bank.  The plugin interface has no read
 * function: the bank is read through the target's memory map, which the
 * plugin's FLASHPlugin_Unload() leaves on.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "plugin.h"
#include <helper/bits.h>
#include <target/image.h>
#include <target/target_type.h>

/*
 * A reset since the last plugin run may have turned the memory map off, so
 * every read runs the plugin once first.
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

int plugin_read(struct flash_bank *bank, uint8_t *buffer, uint32_t offset, uint32_t count)
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
int plugin_checksum(struct flash_bank *bank, uint32_t offset, uint32_t count, uint32_t *crc)
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
int plugin_sector_crc(struct flash_bank *bank, unsigned int first, unsigned int last,
	uint32_t *crc)
{
	struct target *target = bank->target;
	int retval = plugin_map(bank);

	for (unsigned int i = last + 1; retval == ERROR_OK && i-- > first;)
		retval = target->type->checksum_memory(target, bank->base + bank->sectors[i].offset,
			bank->sectors[i].size, &crc[i - first]);
	return retval;
}

int plugin_erase_check(struct flash_bank *bank)
{
	int retval = plugin_map(bank);

	return retval == ERROR_OK ? default_flash_blank_check(bank) : retval;
}
