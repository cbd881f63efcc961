/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host stand-in for OpenOCD's helper/time_support.h: the test defines it. */
#ifndef VB_STUB_HELPER_TIME_SUPPORT_H
#define VB_STUB_HELPER_TIME_SUPPORT_H

#include <stdint.h>

int64_t timeval_ms(void);

#endif
