#include "oracle.h"

#include <math.h>

#define TWO_POW(n) ((__int128)1 << (n))

__int128 oracle_div_round(__int128 num, __int128 den)
{
    const __int128 mag = num < 0 ? -num : num;
    __int128 quot = mag / den;
    if (2 * (mag % den) >= den) /* remainder of one half or more rounds the magnitude up */
        quot++;
    return num < 0 ? -quot : quot;
}

/* floor(num / den), den > 0: C division truncates, so step down for a
 * negative quotient with a remainder. */
static __int128 floor_div(__int128 num, __int128 den)
{
    const __int128 quot = num / den;
    return (num % den != 0 && num < 0) ? quot - 1 : quot;
}

static __int128 clamp128(__int128 v, __int128 lo, __int128 hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

int32_t oracle_scale(int32_t acc, int32_t q, int shift)
{
    __int128 a = acc;
    if (shift > 0) {
        /* exact product, then the residue mod 2^32 read as a signed value */
        a = (a * TWO_POW(shift)) % TWO_POW(32);
        if (a < 0)
            a += TWO_POW(32);
        if (a >= TWO_POW(31))
            a -= TWO_POW(32);
    }
    /* high multiply: a * q / 2^31 rounded half up, floor(a*q/2^31 + 1/2) */
    const __int128 t = clamp128(floor_div(2 * a * q + TWO_POW(31), TWO_POW(32)), INT32_MIN,
                                INT32_MAX);
    const int e = shift < 0 ? -shift : 0;
    return (int32_t)oracle_div_round(t, TWO_POW(e));
}

int8_t oracle_requant(int32_t acc, int32_t q, int shift, int32_t zp_out, int32_t lo,
                      int32_t hi)
{
    const __int128 y = (__int128)oracle_scale(acc, q, shift) + zp_out;
    return (int8_t)clamp128(y, lo, hi);
}

int oracle_quantize(double m, int32_t *q, int *shift)
{
    if (!(m >= 0.0) || isinf(m))
        return -1;
    if (m == 0.0) {
        *q = 0;
        *shift = 0;
        return 0;
    }
    /* m = x * 2^(s - 31) with x in [2^30, 2^31): s = floor(log2 m) + 1. */
    int s = ilogb(m) + 1;
    const double x = scalbn(m, 31 - s); /* exact: a power-of-two scaling */
    int64_t whole = (int64_t)x;
    if (x - (double)whole >= 0.5) /* the fraction is exact too */
        whole++;
    if (whole == ((int64_t)1 << 31)) {
        whole >>= 1;
        s++;
    }
    if (s > 31)
        return -1;
    if (s < -31) {
        whole = 0;
        s = 0;
    }
    *q = (int32_t)whole;
    *shift = s;
    return 0;
}
