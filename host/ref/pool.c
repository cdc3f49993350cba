/*
 * Max and average pooling, NHWC, over the taps of each window that lie
 * inside the input (padding is never read), as TFLite's int8 kernels do.
 * A window with no tap inside the input (padding >= kernel) yields -128.
 */
#include "ref.h"

#include <stddef.h>

typedef enum { POOL_MAX, POOL_AVG } pool_kind;

static int max_int(int a, int b) { return a > b ? a : b; }
static int min_int(int a, int b) { return a < b ? a : b; }

int ref_pool_out_h(const ref_pool *p)
{
    return ref_out_dim(p->in_h, p->k_h, p->stride_h, p->pad_top, p->pad_bottom);
}

int ref_pool_out_w(const ref_pool *p)
{
    return ref_out_dim(p->in_w, p->k_w, p->stride_w, p->pad_left, p->pad_right);
}

/* Rounds s / n half away from zero (TFLite's average pool rounding). */
static int8_t rounded_mean(int32_t s, int32_t n)
{
    return (int8_t)(s > 0 ? (s + n / 2) / n : (s - n / 2) / n);
}

static void pool(const ref_pool *p, const int8_t *in, int8_t *out, pool_kind kind)
{
    const int oh = ref_pool_out_h(p), ow = ref_pool_out_w(p);
    for (int oy = 0; oy < oh; oy++) {
        const int iy0 = oy * p->stride_h - p->pad_top;
        const int y_lo = max_int(0, iy0), y_hi = min_int(p->in_h, iy0 + p->k_h);
        for (int ox = 0; ox < ow; ox++) {
            const int ix0 = ox * p->stride_w - p->pad_left;
            const int x_lo = max_int(0, ix0), x_hi = min_int(p->in_w, ix0 + p->k_w);
            const int32_t n = (y_hi > y_lo && x_hi > x_lo) ? (y_hi - y_lo) * (x_hi - x_lo) : 0;
            int8_t *dst = out + ((size_t)oy * ow + ox) * p->c;
            for (int c = 0; c < p->c; c++) {
                int32_t best = -128, sum = 0;
                for (int y = y_lo; y < y_hi; y++)
                    for (int x = x_lo; x < x_hi; x++) {
                        const int8_t v = in[((size_t)y * p->in_w + x) * p->c + c];
                        best = v > best ? v : best;
                        sum += v;
                    }
                if (n == 0)
                    dst[c] = -128;
                else
                    dst[c] = kind == POOL_MAX ? (int8_t)best : rounded_mean(sum, n);
            }
        }
    }
}

void ref_maxpool(const ref_pool *p, const int8_t *in, int8_t *out)
{
    pool(p, in, out, POOL_MAX);
}

void ref_avgpool(const ref_pool *p, const int8_t *in, int8_t *out)
{
    pool(p, in, out, POOL_AVG);
}
