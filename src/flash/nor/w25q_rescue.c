// SPDX-License-Identifier: GPL-2.0-or-later

/*
 * After a failed erase-and-write of the native W25Q handling: which pages
 * are now erased without their data, and that data saved to a new file
 * from which one command restores it.
 */

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "imp.h"
#include "w25q_bank.h"
#include <helper/replacements.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

/* [from, to): erased (on) or programmed since (off) */
void w25q_lost_mark(struct w25q_lost *l, uint32_t from, uint32_t to, bool on)
{
	from = MAX(from, l->offset);
	to = MIN(to, l->offset + l->count);
	for (uint32_t p = (from - l->offset) / W25Q_PAGE_SIZE;
			from < to && p < DIV_ROUND_UP(to - l->offset, W25Q_PAGE_SIZE); p++)
		l->page[p] = on && !w25q_page_blank(l->data + p * W25Q_PAGE_SIZE);
}

/* the first n erases of plan may have reached the chip */
void w25q_lost_erased(struct w25q_lost *l, const struct w25q_erase *plan,
	unsigned int n)
{
	l->sent += n;
	for (unsigned int i = 0; i < n; i++)
		w25q_lost_mark(l, plan[i].offset, plan[i].offset + plan[i].size, true);
}

/*
 * Write the bytes of [lo, hi) of the run to a new file (it overwrites
 * nothing) in the rescue_dir option's folder, else the current one, else
 * the temporary one; its name in path.
 */
static int w25q_lost_save(struct flash_bank *bank, const struct w25q_lost *l,
	uint32_t lo, uint32_t hi, char *path, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	const char *opt = w25q_of(bank)->rescue_dir;
	char cwd[512];

	for (unsigned int d = 0; d < 3; d++) {
		const char *dir = d == 0 ? (opt[0] ? opt : ".") :
			d == 1 ? (tmp ? tmp : getenv("TEMP")) : "/tmp";

		if (!dir)
			continue;
		if (!strcmp(dir, ".")) {
			if (!getcwd(cwd, sizeof(cwd)))
				continue;
			dir = cwd;
		}
		for (unsigned int k = 0; k < 100; k++) {
			char sfx[8] = "";

			if (k)
				snprintf(sfx, sizeof(sfx), "-%u", k);
			snprintf(path, size, "%s/w25q-rescue-0x%08" TARGET_PRIxADDR "-0x%" PRIx32
				"%s.bin", dir, bank->base + lo, hi - lo, sfx);
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_BINARY, 0644);

			if (fd < 0 && errno == EEXIST)
				continue;
			if (fd < 0)
				break;
			ssize_t n = write(fd, l->data + lo - l->offset, hi - lo);

			if (close(fd) == 0 && n == (ssize_t)(hi - lo))
				return ERROR_OK;
			unlink(path);
			break;
		}
	}
	return ERROR_FAIL;
}

/*
 * After a failed erase-and-write: name the range that is now erased and
 * holds none of its data, and save that data to a file from which one
 * command restores it.  planned and sent count the erases.
 */
void w25q_lost_report(struct flash_bank *bank, const struct w25q_lost *l)
{
	unsigned int sent = l->sent, planned = l->planned;
	uint32_t pages = DIV_ROUND_UP(l->count, W25Q_PAGE_SIZE), first = pages, last = 0;
	char path[700];

	for (uint32_t p = 0; p < pages; p++) {
		if (!l->page[p])
			continue;
		first = MIN(first, p);
		last = p;
	}
	if (first == pages) {
		LOG_INFO("no sector was left erased without its data (%u of %u planned erases"
			" sent)", sent, planned);
		return;
	}
	uint32_t lo = l->offset + first * W25Q_PAGE_SIZE;
	uint32_t hi = MIN(l->offset + (last + 1) * W25Q_PAGE_SIZE, l->offset + l->count);

	if (w25q_lost_save(bank, l, lo, hi, path, sizeof(path)) != ERROR_OK) {
		LOG_ERROR("0x%08" TARGET_PRIxADDR "..0x%08" TARGET_PRIxADDR " is now erased but"
			" not programmed (%u of %u planned erases sent), and its data (the image's"
			" and the bytes around it that were kept) could not be saved to a file"
			" (rescue_dir, the current directory, TMPDIR or TEMP, /tmp): %s. Writing the image again"
			" restores only the image's part", bank->base + lo, bank->base + hi - 1,
			sent, planned, strerror(errno));
		return;
	}
	LOG_ERROR("0x%08" TARGET_PRIxADDR "..0x%08" TARGET_PRIxADDR " is now erased but not"
		" programmed (%u of %u planned erases sent). Its data, the image's and the bytes"
		" around it that were to be kept, is saved in %s (%" PRIu32 " bytes): once the"
		" flash works again, restore it with"
		" \"flash write_image erase {%s} 0x%08" TARGET_PRIxADDR " bin\"; writing the image"
		" again would restore only the image's part", bank->base + lo,
		bank->base + hi - 1, sent, planned, path, hi - lo, path, bank->base + lo);
}
