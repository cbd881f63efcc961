/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * J-Link probe classes: what the board's probe reports and enforces (free
 * memory, SWD clock limit) and what its USB link costs.  Shared by the board
 * (vboard --probe-class) and the unit tests; header only.  Every figure is
 * from common/timing.h or carries its source here.  See vjlink/README.md.
 */
#ifndef VB_PROBE_CLASS_H
#define VB_PROBE_CLASS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "common/timing.h"

struct probe_class {
	const char *name;
	const char *what;
	uint32_t free_memory;		/* bytes jaylink_get_free_memory() reports */
	uint32_t base_freq_hz;		/* jaylink_get_speeds(): max SWD clock = freq / div */
	uint32_t min_div;
	bool high_speed;		/* USB 2.0 high speed (else full speed) */
	uint64_t round_trip_ns;		/* per request/response */
	uint64_t byte_ns;		/* per byte sent or received */
};

/*
 * base (default): J-Link BASE / EDU V11, the current entry model and the one
 * most users own (the EDU is the same hardware for non-commercial use; the
 * speed anchor of [REF jlink-swd.md] is an EDU).  Free memory 32768 bytes:
 * [ASSUMED], no published figure found.  15 MHz SWD: [REF jlink-swd.md].
 * High-speed USB: [ASSUMED] for the V11 hardware.
 *
 * ob: J-Link OB (on-board, STM32-based) as published by jonas-schievink/
 * jaylink#36: "Max. Memblock: 11288 bytes", "SWD (up to 12 MHz)" (48 MHz /
 * 4), full-speed USB (STM32F103 device).  The smallest free memory found
 * published for a J-Link.
 *
 * edu-mini: J-Link EDU Mini: full-speed USB, 4 MHz SWD (60 MHz / 15) and
 * the smallest published free memory (11288, from ob): all [ASSUMED].
 */
#define PROBE_CLASS_COUNT	3u

/* Class i (0: the default), or NULL past the end. */
static inline const struct probe_class *probe_class_at(unsigned int i)
{
	static const struct probe_class probe_classes[PROBE_CLASS_COUNT] = {
		{ "base", "J-Link BASE/EDU V11, USB high speed, 15 MHz, 32768 B free",
			32768, TIMING_JLINK_BASE_FREQ_HZ, TIMING_JLINK_MIN_DIV, true,
			TIMING_USB_HS_ROUND_TRIP_NS, TIMING_USB_HS_BYTE_NS },
		{ "edu-mini", "J-Link EDU Mini, USB full speed, 4 MHz, 11288 B free",
			11288, 60000000, 15, false,
			TIMING_USB_FS_ROUND_TRIP_NS, TIMING_USB_FS_BYTE_NS },
		{ "ob", "J-Link OB, USB full speed, 12 MHz, 11288 B free",
			11288, 48000000, 4, false,
			TIMING_USB_FS_ROUND_TRIP_NS, TIMING_USB_FS_BYTE_NS },
	};

	return i < PROBE_CLASS_COUNT ? &probe_classes[i] : NULL;
}
#define PROBE_CLASS_DEFAULT	(probe_class_at(0))

static inline const struct probe_class *probe_class_find(const char *name)
{
	const struct probe_class *pc;

	for (unsigned int i = 0; (pc = probe_class_at(i)); i++)
		if (!strcmp(pc->name, name))
			return pc;
	return NULL;
}

/* Probe memory one jaylink_swd_io() request of nbits needs (timing.h). */
static inline uint32_t probe_swd_io_need(unsigned int nbits)
{
	return TIMING_JLINK_SWD_CMD_BYTES + TIMING_JLINK_SWD_BUFFERS * ((nbits + 7) / 8);
}

/* Whether a probe with free_memory bytes free runs such a request: a request
 * as large as the free memory already fails (probe-rs#2144). */
static inline bool probe_swd_io_fits(uint32_t free_memory, unsigned int nbits)
{
	return probe_swd_io_need(nbits) < free_memory;
}

/* Highest SWD clock in kHz the class runs. */
static inline uint32_t probe_max_khz(const struct probe_class *pc)
{
	return pc->base_freq_hz / pc->min_div / 1000;
}

#endif
