/*
 * int8 conv2d, NHWC activations and OHWI weights.
 *
 * A padded tap reads zp_in, so it adds w * (zp_in - zp_in) = 0: each output
 * only visits the kernel taps that fall inside the input. For one kernel row
 * those taps are one contiguous run of (kx_hi - kx_lo) * in_c bytes in both
 * the input and the weights, which keeps the inner loop a plain dot product.
 *
 * Sums are kept in uint32_t so that they wrap modulo 2^32 like a 32-bit
 * hardware accumulator instead of overflowing (int8 layers of any practical
 * size never get near that).
 */
#include "ref.h"
#include "wrap32.h"

#include <stddef.h>

/* Kernel taps of one output position that lie inside the input. */
typedef struct {
    int iy0, ix0;       /* input coordinates of kernel tap (0, 0) */
    int ky_lo, ky_hi;   /* valid kernel rows [ky_lo, ky_hi) */
    int kx_lo, kx_hi;   /* valid kernel columns [kx_lo, kx_hi) */
} conv_window;

static int max_int(int a, int b) { return a > b ? a : b; }
static int min_int(int a, int b) { return a < b ? a : b; }

int ref_conv_out_h(const ref_conv *p)
{
    return ref_out_dim(p->in_h, p->k_h, p->stride_h, p->pad_top, p->pad_bottom);
}

int ref_conv_out_w(const ref_conv *p)
{
    return ref_out_dim(p->in_w, p->k_w, p->stride_w, p->pad_left, p->pad_right);
}

static void rows_of(const ref_conv *p, int oy, conv_window *win)
{
    win->iy0 = oy * p->stride_h - p->pad_top;
    win->ky_lo = max_int(0, -win->iy0);
    win->ky_hi = min_int(p->k_h, p->in_h - win->iy0);
}

static void cols_of(const ref_conv *p, int ox, conv_window *win)
{
    win->ix0 = ox * p->stride_w - p->pad_left;
    win->kx_lo = max_int(0, -win->ix0);
    win->kx_hi = min_int(p->k_w, p->in_w - win->ix0);
}

/* sum w[j] * (x[j] - zp) over one contiguous run; wraps modulo 2^32. */
static uint32_t dot_minus_zp(const int8_t *w, const int8_t *x, int n, int32_t zp)
{
    uint32_t sum = 0;
    for (int j = 0; j < n; j++)
        sum += (uint32_t)(w[j] * (x[j] - zp));
    return sum;
}

/* bias[o] + sum over the window's valid taps of w * (x - zp_in). */
static int32_t conv_acc(const ref_conv *p, const int8_t *in, const conv_window *win, int o)
{
    const int run = (win->kx_hi - win->kx_lo) * p->in_c;
    if (run <= 0) /* window entirely in the padding */
        return p->bias[o];
    uint32_t sum = (uint32_t)p->bias[o];
    for (int ky = win->ky_lo; ky < win->ky_hi; ky++) {
        const int8_t *x = in + ((size_t)(win->iy0 + ky) * p->in_w + (size_t)(win->ix0 + win->kx_lo))
                                   * p->in_c;
        const int8_t *w = p->weights + (((size_t)o * p->k_h + ky) * p->k_w + win->kx_lo) * p->in_c;
        sum += dot_minus_zp(w, x, run, p->zp_in);
    }
    return wrap_i32(sum);
}

void ref_conv2d_acc(const ref_conv *p, const int8_t *in, int32_t *acc)
{
    const int oh = ref_conv_out_h(p), ow = ref_conv_out_w(p);
    conv_window win;
    for (int oy = 0; oy < oh; oy++) {
        rows_of(p, oy, &win);
        for (int ox = 0; ox < ow; ox++) {
            cols_of(p, ox, &win);
            int32_t *dst = acc + ((size_t)oy * ow + ox) * p->out_c;
            for (int o = 0; o < p->out_c; o++)
                dst[o] = conv_acc(p, in, &win, o);
        }
    }
}

void ref_conv2d(const ref_conv *p, const int8_t *in, int8_t *out)
{
    const int oh = ref_conv_out_h(p), ow = ref_conv_out_w(p);
    conv_window win;
    for (int oy = 0; oy < oh; oy++) {
        rows_of(p, oy, &win);
        for (int ox = 0; ox < ow; ox++) {
            cols_of(p, ox, &win);
            int8_t *dst = out + ((size_t)oy * ow + ox) * p->out_c;
            for (int o = 0; o < p->out_c; o++)
                dst[o] = ref_requantize(conv_acc(p, in, &win, o), p->qmul[o], p->zp_out,
                                        p->act_min, p->act_max);
        }
    }
}
