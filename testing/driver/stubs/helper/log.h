/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Host stand-in for OpenOCD's helper/log.h, for the driver unit tests: the
 * test program defines stub_log() and alive_sleep().
 */
#ifndef VB_STUB_HELPER_LOG_H
#define VB_STUB_HELPER_LOG_H

#include <stdint.h>

#define ERROR_OK	(0)
#define ERROR_FAIL	(-4)

void stub_log(char level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void alive_sleep(uint64_t ms);

#define LOG_DEBUG(...)		stub_log('D', __VA_ARGS__)
#define LOG_INFO(...)		stub_log('I', __VA_ARGS__)
#define LOG_WARNING(...)	stub_log('W', __VA_ARGS__)
#define LOG_ERROR(...)		stub_log('E', __VA_ARGS__)

#endif
