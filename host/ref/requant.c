/*
 * Requantization: TFLite's QuantizeMultiplier and the "double rounding"
 * MultiplyByQuantizedMultiplier, written so that no step has undefined
 * behaviour in C (the left shift wraps explicitly, the high multiply
 * saturates its single overflow case).
 */
#include "ref.h"
#include "wrap32.h"

#include <math.h>

#define Q31_ONE ((int64_t)1 << 31)

int ref_quantize_multiplier(double m, ref_qmul *out)
{
    if (!(m >= 0.0) || !isfinite(m))
        return -1;
    if (m == 0.0) {
        out->multiplier = 0;
        out->shift = 0;
        return 0;
    }
    int shift;
    const double f = frexp(m, &shift); /* m = f * 2^shift, f in [0.5, 1) */
    int64_t q = (int64_t)round(f * (double)Q31_ONE); /* round(): half away from zero */
    if (q == Q31_ONE) { /* f rounded up to 1.0: renormalize */
        q /= 2;
        shift++;
    }
    if (shift > 31)
        return -1;
    if (shift < -31) { /* every bit would be shifted out: TFLite uses q = 0 */
        q = 0;
        shift = 0;
    }
    out->multiplier = (int32_t)q;
    out->shift = shift;
    return 0;
}

/* a * b / 2^31 rounded to nearest. The nudge before the truncating
 * division makes ties round towards +infinity for either sign (2.5 -> 3,
 * -2.5 -> -2), as gemmlowp does. The one product that does not fit,
 * INT32_MIN * INT32_MIN (= +1.0 in Q31), saturates. */
static int32_t saturating_rounding_doubling_high_mul(int32_t a, int32_t b)
{
    if (a == INT32_MIN && b == INT32_MIN)
        return INT32_MAX;
    const int64_t ab = (int64_t)a * b;
    const int64_t nudge = ab >= 0 ? (1 << 30) : 1 - (1 << 30);
    return (int32_t)((ab + nudge) / Q31_ONE); /* C division truncates */
}

/* round(x / 2^exponent), halves away from zero, exponent 0..31.
 * Same mask/threshold formulation as TFLite (gemmlowp); >> on a negative
 * value is an arithmetic shift with gcc and clang. */
static int32_t rounding_divide_by_pot(int32_t x, int exponent)
{
    const int64_t mask = ((int64_t)1 << exponent) - 1;
    const int64_t remainder = (int64_t)x & mask;
    const int64_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (int32_t)(((int64_t)x >> exponent) + (remainder > threshold ? 1 : 0));
}

int32_t ref_multiply_by_quantized_multiplier(int32_t acc, ref_qmul m)
{
    const int left = m.shift > 0 ? m.shift : 0;
    const int right = m.shift > 0 ? 0 : -m.shift;
    /* TFLite computes acc * (1 << left) in int32; it wraps on real targets. */
    const int32_t shifted = wrap_i32((uint32_t)acc << left);
    return rounding_divide_by_pot(saturating_rounding_doubling_high_mul(shifted, m.multiplier),
                                  right);
}

int8_t ref_requantize(int32_t acc, ref_qmul m, int32_t zp_out,
                      int32_t act_min, int32_t act_max)
{
    /* 64-bit add: a saturated product plus a zero point must not overflow. */
    int64_t y = (int64_t)ref_multiply_by_quantized_multiplier(acc, m) + zp_out;
    if (y < act_min)
        y = act_min;
    if (y > act_max)
        y = act_max;
    return (int8_t)y;
}

int32_t ref_act_min(int relu, int32_t zp_out)
{
    return relu && zp_out > -128 ? zp_out : -128;
}

int ref_out_dim(int in, int k, int stride, int pad_lo, int pad_hi)
{
    if (in <= 0 || k <= 0 || stride <= 0 || pad_lo < 0 || pad_hi < 0)
        return 0;
    const long span = (long)in + pad_lo + pad_hi - k;
    return span < 0 ? 0 : (int)(span / stride + 1);
}
