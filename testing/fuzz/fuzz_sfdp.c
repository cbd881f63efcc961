// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness: OpenOCD's SFDP parser (src/flash/nor/sfdp.c, used by
 * stmqspi for every chip not in its table) fed with whatever a broken or
 * unknown chip answers to 5Ah.  The input is the chip's SFDP space from
 * address 0; reads past its end return FFh, as undriven data lines do.
 * Checks: no memory error, no undefined behaviour (sanitizers), and a
 * success only with a geometry stmqspi can use.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flash/nor/imp.h"
#include "flash/nor/spi.h"
#include "flash/nor/sfdp.h"

static const uint8_t *sfdp_data;
static size_t sfdp_size;

static int read_block(struct flash_bank *bank, uint32_t addr, unsigned int words, uint32_t *buffer)
{
	uint8_t *out = (uint8_t *)buffer;

	for (unsigned int i = 0; i < 4 * words; i++) {
		uint64_t a = (uint64_t)addr + i;

		out[i] = a < sfdp_size ? sfdp_data[a] : 0xff;
	}
	return ERROR_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct flash_device dev;
	struct flash_bank bank;

	memset(&bank, 0, sizeof(bank));
	sfdp_data = data;
	sfdp_size = size;
	if (spi_sfdp(&bank, &dev, read_block) == ERROR_OK) {
		/* What stmqspi relies on after a successful probe. */
		if (!dev.size_in_bytes || !dev.pagesize)
			abort();
	}
	return 0;
}
