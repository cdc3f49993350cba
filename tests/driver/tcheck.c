#include "tcheck.h"

int tcheck_passed, tcheck_failed;

int tcheck_summary(void)
{
    printf("%d passed, %d failed\n", tcheck_passed, tcheck_failed);
    return tcheck_failed ? 1 : 0;
}

void trng_seed(trng *r, unsigned long long seed)
{
    r->s = seed ? seed : 0x9E3779B97F4A7C15ull;
}

unsigned trng_u32(trng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return (unsigned)((r->s * 0x2545F4914F6CDD1Dull) >> 32);
}

int trng_range(trng *r, int lo, int hi)
{
    return lo + (int)(trng_u32(r) % (unsigned)(hi - lo + 1));
}
