// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * OpenOCD's logging for the fuzz harnesses: every message is formatted (so a
 * bad format argument shows up under the sanitizers) and dropped.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "helper/log.h"

int debug_level = LOG_LVL_DEBUG;

void log_printf_lf(enum log_levels level, const char *file, unsigned int line,
		const char *function, const char *format, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, format);
	vsnprintf(buf, sizeof(buf), format, ap);
	va_end(ap);
}
