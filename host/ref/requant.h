/* Private helper of the reference kernels: the requantization of ref.h as
 * an inline function, so the conv and fc loops do not pay a call per
 * output. requant.c documents the TFLite steps it reproduces. */
#ifndef REF_REQUANT_H
#define REF_REQUANT_H

#include "ref.h"
#include "wrap32.h"

#include <stdint.h>

/* TFLite MultiplyByQuantizedMultiplier without divisions:
 *  - the doubling high multiply round(a * q / 2^31), ties towards +inf, is
 *    floor((a * q + 2^30) / 2^31); gemmlowp's nudge-and-truncate gives the
 *    same value for either sign of a * q;
 *  - rounding by 2^e with ties away from zero is
 *    floor((t + 2^(e-1) - (t < 0)) / 2^e), the same as gemmlowp's
 *    remainder-versus-threshold test.
 * Right shifts of negative values are arithmetic with gcc and clang. */
static inline int32_t requant_scale(int32_t acc, ref_qmul m)
{
    const int left = m.shift > 0 ? m.shift : 0;
    const int right = m.shift > 0 ? 0 : -m.shift;
    const int32_t a = wrap_i32((uint32_t)acc << left); /* wraps, as in TFLite */
    /* a * q fits in 64 bits; the one rounded product that does not fit in
     * 32, INT32_MIN * INT32_MIN (+1.0 in Q31), saturates. */
    const int64_t t = a == INT32_MIN && m.multiplier == INT32_MIN
                          ? INT32_MAX
                          : ((int64_t)a * m.multiplier + ((int64_t)1 << 30)) >> 31;
    if (right == 0)
        return (int32_t)t;
    return (int32_t)((t + ((int64_t)1 << (right - 1)) - (t < 0)) >> right);
}

static inline int8_t requant_output(int32_t acc, ref_qmul m, int32_t zp_out,
                                    int32_t act_min, int32_t act_max)
{
    /* 64-bit add: a saturated product plus a zero point must not overflow. */
    int64_t y = (int64_t)requant_scale(acc, m) + zp_out;
    if (y < act_min)
        y = act_min;
    if (y > act_max)
        y = act_max;
    return (int8_t)y;
}

#endif
