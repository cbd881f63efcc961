/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Small helpers shared by every layer (header only, no dependencies).
 */
#ifndef VB_UTIL_H
#define VB_UTIL_H

/* Number of elements of an array (not a pointer), as in OpenOCD's helper/types.h. */
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))
#endif

#endif
