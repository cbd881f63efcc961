/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Minimal unit-test helpers.  A test program prints one line per check
 * group: "PASS name" or "FAIL name: why", and finally "N passed, M failed";
 * it exits 1 if anything failed.  testing/run-tests collects these lines.
 */
#ifndef VB_UNIT_H
#define VB_UNIT_H

#include <stdio.h>
#include <stdlib.h>

static int unit_passed, unit_failed, unit_case_failed;
static const char *unit_case_name;

#define UNIT_CASE(name) \
	do { unit_case_name = (name); unit_case_failed = 0; } while (0)

#define UNIT_CHECK(cond, ...) \
	do { \
		if (!(cond)) { \
			if (!unit_case_failed) \
				printf("FAIL %s: ", unit_case_name); \
			else \
				printf("     %s: ", unit_case_name); \
			printf(__VA_ARGS__); \
			printf(" (%s:%d)\n", __FILE__, __LINE__); \
			unit_case_failed = 1; \
		} \
	} while (0)

#define UNIT_END_CASE() \
	do { \
		if (unit_case_failed) \
			unit_failed++; \
		else { \
			unit_passed++; \
			printf("PASS %s\n", unit_case_name); \
		} \
	} while (0)

#define UNIT_SUMMARY() \
	do { \
		printf("%d passed, %d failed\n", unit_passed, unit_failed); \
		return unit_failed ? 1 : 0; \
	} while (0)

#endif
