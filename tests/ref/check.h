/* Minimal test bookkeeping shared by the reference tests: each check counts
 * as one pass or one failure, and the program ends with the line
 * "N passed, M failed" that scripts/run-test reads. */
#ifndef TEST_CHECK_H
#define TEST_CHECK_H

#include <stdint.h>

/* Records one check; on failure prints "FAIL: <message>". Returns ok. */
int check(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints the summary line; returns the process exit status. */
int check_summary(void);

/* Deterministic 64-bit generator (splitmix64), so failures replay. */
uint64_t rng_next(uint64_t *state);
/* Uniform integer in [lo, hi]. */
int64_t rng_range(uint64_t *state, int64_t lo, int64_t hi);

#endif
