/*
 * Max and average pooling, NHWC, over the taps of each window that lie
 * inside the input (padding is never read), as TFLite's int8 kernels do.
 * A window with no tap inside the input (padding >= kernel) yields -128.
 */
#include "ref.h"

#include <stddef.h>

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

/* Input rows [y_lo, y_hi) and columns [x_lo, x_hi) of the window of
 * output (oy, ox); empty when the window lies in the padding. */
typedef struct {
    int y_lo, y_hi, x_lo, x_hi;
} pool_window;

static pool_window window_at(const ref_pool *p, int oy, int ox)
{
    const int iy0 = oy * p->stride_h - p->pad_top, ix0 = ox * p->stride_w - p->pad_left;
    return (pool_window){max_int(0, iy0), min_int(p->in_h, iy0 + p->k_h),
                         max_int(0, ix0), min_int(p->in_w, ix0 + p->k_w)};
}

static int window_empty(pool_window w) { return w.y_hi <= w.y_lo || w.x_hi <= w.x_lo; }

/* Max pooling in two passes per output row. The rows of the window are
 * first reduced into colmax[], one contiguous max over input rows that gcc
 * vectorizes whatever the channel count; then each output takes the max of
 * its window columns in colmax[]. An input row is handled in pieces of
 * POOL_BUF flattened (x * c + channel) values, so any shape fits the fixed
 * buffer; an output whose window spans pieces accumulates over them. */
#define POOL_BUF 4096

void ref_maxpool(const ref_pool *p, const int8_t *in, int8_t *out)
{
    int8_t colmax[POOL_BUF];
    const int oh = ref_pool_out_h(p), ow = ref_pool_out_w(p), c = p->c;
    const long row_len = (long)p->in_w * c;
    for (int oy = 0; oy < oh; oy++) {
        int8_t *restrict dst_row = out + (size_t)oy * ow * c;
        for (long j = 0; j < (long)ow * c; j++)
            dst_row[j] = -128;
        const pool_window rows = window_at(p, oy, 0);
        if (rows.y_hi <= rows.y_lo)
            continue;
        for (long f0 = 0; f0 < row_len; f0 += POOL_BUF) {
            const int n = (int)(row_len - f0 < POOL_BUF ? row_len - f0 : POOL_BUF);
            const int8_t *restrict src = in + (size_t)rows.y_lo * row_len + f0;
            for (int j = 0; j < n; j++)
                colmax[j] = src[j];
            for (int y = rows.y_lo + 1; y < rows.y_hi; y++) {
                src += row_len;
                for (int j = 0; j < n; j++)
                    colmax[j] = src[j] > colmax[j] ? src[j] : colmax[j];
            }
            /* input columns with a value in this piece */
            const long x_first = f0 / c, x_end = (f0 + n + c - 1) / c;
            for (int ox = 0; ox < ow; ox++) {
                const pool_window w = window_at(p, oy, ox);
                int8_t *restrict dst = dst_row + (size_t)ox * c;
                for (long x = w.x_lo > x_first ? w.x_lo : x_first; x < w.x_hi && x < x_end;
                     x++) {
                    const long at = x * c - f0; /* colmax index of channel 0 of column x */
                    const int c_lo = at < 0 ? (int)-at : 0;
                    const int c_hi = at + c > n ? (int)(n - at) : c;
                    for (int ch = c_lo; ch < c_hi; ch++)
                        dst[ch] = colmax[at + ch] > dst[ch] ? colmax[at + ch] : dst[ch];
                }
            }
        }
    }
}

/* Rounds s / n half away from zero (TFLite's average pool rounding). */
static int8_t rounded_mean(int32_t s, int32_t n)
{
    return (int8_t)(s > 0 ? (s + n / 2) / n : (s - n / 2) / n);
}

void ref_avgpool(const ref_pool *p, const int8_t *in, int8_t *out)
{
    const int oh = ref_pool_out_h(p), ow = ref_pool_out_w(p);
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
            const pool_window w = window_at(p, oy, ox);
            int8_t *dst = out + ((size_t)oy * ow + ox) * p->c;
            if (window_empty(w)) {
                for (int c = 0; c < p->c; c++)
                    dst[c] = -128;
                continue;
            }
            const int32_t n = (w.y_hi - w.y_lo) * (w.x_hi - w.x_lo);
            for (int c = 0; c < p->c; c++) {
                int32_t sum = 0;
                for (int y = w.y_lo; y < w.y_hi; y++)
                    for (int x = w.x_lo; x < w.x_hi; x++)
                        sum += in[((size_t)y * p->in_w + x) * p->c + c];
                dst[c] = rounded_mean(sum, n);
            }
        }
}
