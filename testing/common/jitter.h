/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Seeded, deterministic randomness for the models (header only): operation
 * times drawn between typical and maximum (--flash-timing jitter), die skew
 * draws, and the wrong bits of an over-clocked read.  The same seed and the
 * same command sequence always give the same numbers.
 */
#ifndef VB_JITTER_H
#define VB_JITTER_H

#include <stdint.h>

#include "common/timing.h"

/* splitmix64 step: the next 64 pseudo-random bits of the stream *x. */
static inline uint64_t vb_rng_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* A stateless hash of v (one splitmix64 step from v). */
static inline uint64_t vb_hash64(uint64_t v)
{
	return vb_rng_next(&v);
}

/* Uniform in [0, 1). */
static inline double vb_rng_unit(uint64_t *x)
{
	return (double)(vb_rng_next(x) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [lo, hi] (hi >= lo). */
static inline uint64_t vb_rng_range(uint64_t *x, uint64_t lo, uint64_t hi)
{
	if (hi <= lo)
		return lo;
	return lo + vb_rng_next(x) % (hi - lo + 1);
}

/*
 * An operation time between typ and max: typ + (max - typ) * u^K, u uniform
 * in [0, 1), K = TIMING_JITTER_SHAPE_K.  Most draws land near typical and a
 * few reach far towards the maximum, as on parts whose maxima cover worn
 * blocks and temperature extremes (see TIMING_JITTER_SHAPE_K).
 */
static inline uint64_t vb_jitter_time(uint64_t *x, uint64_t typ, uint64_t max)
{
	double u = vb_rng_unit(x), p = 1.0;

	if (max <= typ)
		return typ;
	for (unsigned int i = 0; i < TIMING_JITTER_SHAPE_K; i++)
		p *= u;
	return typ + (uint64_t)((double)(max - typ) * p);
}

#endif
