/*
 * Requantization: TFLite's QuantizeMultiplier and the "double rounding"
 * MultiplyByQuantizedMultiplier (left shift wrapping mod 2^32, then
 * SaturatingRoundingDoublingHighMul, then RoundingDivideByPOT). The
 * arithmetic lives in requant.h so the kernels can inline it; no step has
 * undefined behaviour in C (the left shift wraps explicitly, the high
 * multiply saturates its single overflow case).
 */
#include "ref.h"
#include "requant.h"

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

int32_t ref_multiply_by_quantized_multiplier(int32_t acc, ref_qmul m)
{
    return requant_scale(acc, m);
}

int8_t ref_requantize(int32_t acc, ref_qmul m, int32_t zp_out,
                      int32_t act_min, int32_t act_max)
{
    return requant_output(acc, m, zp_out, act_min, act_max);
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
