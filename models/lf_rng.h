/*
 * The trainer's own pseudo-random generator (splitmix64), so that a seed gives
 * the same run on every machine and C library.
 */
#ifndef LF_RNG_H
#define LF_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t state;
} lf_rng;

static inline uint64_t lf_rng_next(lf_rng *r)
{
    uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1) with 53 random bits. */
static inline double lf_rng_unit(lf_rng *r)
{
    return (double)(lf_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform integer in [0, n), n >= 1 (the tiny modulo bias is irrelevant here). */
static inline int lf_rng_below(lf_rng *r, int n)
{
    return (int)(lf_rng_next(r) % (uint64_t)n);
}

#endif
