/* Minimal test bookkeeping for the driver tests: CHECK counts a pass or
 * prints the failing condition with its location. */
#ifndef TCHECK_H
#define TCHECK_H

#include <stdio.h>

extern int tcheck_passed, tcheck_failed;

#define CHECK(cond, ...)                                                   \
    do {                                                                   \
        if (cond) {                                                        \
            tcheck_passed++;                                               \
        } else {                                                           \
            tcheck_failed++;                                               \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);        \
            printf(__VA_ARGS__);                                           \
            printf("\n");                                                  \
        }                                                                  \
    } while (0)

/* Prints "N passed, M failed" and returns the exit status. */
int tcheck_summary(void);

/* xorshift64*: reproducible random numbers from a seed. */
typedef struct {
    unsigned long long s;
} trng;

void trng_seed(trng *r, unsigned long long seed);
unsigned trng_u32(trng *r);
/* Uniform in [lo, hi]. */
int trng_range(trng *r, int lo, int hi);

#endif
