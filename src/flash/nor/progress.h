/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Flash programming progress lines (command report_flash_progress), in the
 * form VisualGDB reads from OpenOCD's log to draw its progress bar.  The
 * flash layer prints them; target_run_flash_async_algorithm() and the gdb
 * server ask whether they are on.
 */

#ifndef OPENOCD_FLASH_NOR_PROGRESS_H
#define OPENOCD_FLASH_NOR_PROGRESS_H

#include <stdbool.h>

/* report_flash_progress is on */
bool flash_progress_enabled(void);
void flash_progress_enable(bool on);

#endif /* OPENOCD_FLASH_NOR_PROGRESS_H */
