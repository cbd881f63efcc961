// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libFuzzer harness: OpenOCD's image loaders (src/target/image.c of the
 * patched tree, with src/helper/fileio.c) on files a user hands to
 * `program`, `flash write_image` or `load_image`: ELF, Intel HEX, Motorola
 * S-records and plain binaries.  The first input byte picks the type, the
 * rest is the file.  Checks: no memory error or undefined behaviour
 * (sanitizers); every section of an image that opens reads back whole.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helper/configuration.h"
#include "helper/log.h"
#include "target/image.h"
#include "target/target.h"

void keep_alive(void)
{
}

FILE *open_file_from_path(const char *file, const char *mode)
{
	return fopen(file, mode);
}

struct target *get_target(const char *id)
{
	return NULL;
}

int target_read_buffer(struct target *target, target_addr_t address, uint32_t size, uint8_t *buffer)
{
	return ERROR_FAIL;
}

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "elf", "ihex", "s19", "bin" };
	struct image image;
	FILE *f;

	if (size < 1)
		return 0;
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/fuzz_image.%d", (int)getpid());
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (size > 1 && fwrite(data + 1, 1, size - 1, f) != size - 1)
		abort();
	fclose(f);

	memset(&image, 0, sizeof(image));
	if (image_open(&image, path, types[data[0] % 4]) != ERROR_OK)
		return 0;
	for (unsigned int i = 0; i < image.num_sections; i++) {
		uint32_t want = image.sections[i].size;
		size_t got = 0;
		uint8_t *buf;

		/* A section claims what the file must hold: a huge claim is the
		 * parser's answer to check, not a buffer to allocate here. */
		if (want > (16u << 20))
			continue;
		buf = malloc(want ? want : 1);
		if (!buf)
			abort();
		if (image_read_section(&image, i, 0, want, buf, &got) == ERROR_OK && got != want)
			abort();	/* said it read the section, read less */
		free(buf);
	}
	image_close(&image);
	return 0;
}
