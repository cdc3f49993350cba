/*
 * int8 conv2d, NHWC activations and OHWI weights.
 *
 * For each output position the input window is gathered once into a patch
 * of (x - zp_in) values in the same tap order as one OHWI filter, so every
 * output channel is then a single contiguous dot product with its filter.
 * A padded tap reads zp_in, so its patch entry is simply 0.
 *
 * The patch and the per-channel sums live on the stack in fixed blocks:
 * windows larger than CONV_PATCH taps are done in several chunks and wide
 * layers in blocks of CONV_OC_BLOCK output channels.
 *
 * Sums are kept in uint32_t so that they wrap modulo 2^32 like a 32-bit
 * hardware accumulator instead of overflowing (int8 layers of any practical
 * size never get near that).
 */
#include "ref.h"
#include "wrap32.h"

#include <stddef.h>

#define CONV_PATCH 1024   /* taps gathered at a time */
#define CONV_OC_BLOCK 64  /* output channels summed at a time */

int ref_conv_out_h(const ref_conv *p)
{
    return ref_out_dim(p->in_h, p->k_h, p->stride_h, p->pad_top, p->pad_bottom);
}

int ref_conv_out_w(const ref_conv *p)
{
    return ref_out_dim(p->in_w, p->k_w, p->stride_w, p->pad_left, p->pad_right);
}

static int clamp_int(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Fills patch[0 .. len) with taps first .. first + len - 1 of the window of
 * output (oy, ox), in OHWI filter order. Within kernel row ky the taps are
 * k_w * in_c values: zeros left of the input, a contiguous run of input
 * pixels, zeros right of it (a row above or below the input is all zeros). */
static void gather(const ref_conv *p, const int8_t *in, int oy, int ox, int first, int len,
                   int16_t *patch)
{
    const int row_len = p->k_w * p->in_c;
    const int iy0 = oy * p->stride_h - p->pad_top, ix0 = ox * p->stride_w - p->pad_left;
    /* row-local tap range [in_lo, in_hi) that lies inside the input columns */
    const int in_lo = clamp_int(-ix0, 0, p->k_w) * p->in_c;
    const int in_hi = clamp_int(p->in_w - ix0, 0, p->k_w) * p->in_c;
    for (int t = first; t < first + len;) {
        const int iy = iy0 + t / row_len, a = t % row_len;
        const int b = a + (first + len - t) < row_len ? a + (first + len - t) : row_len;
        const int row_inside = iy >= 0 && iy < p->in_h;
        const int lo = row_inside ? clamp_int(in_lo, a, b) : b;
        const int hi = row_inside ? clamp_int(in_hi, lo, b) : b;
        int16_t *dst = patch + (t - first) - a; /* dst[j] holds row-local tap j */
        /* input index of row-local tap j is row_base + j (only formed for lo <= j < hi) */
        const long row_base = ((long)iy * p->in_w + ix0) * p->in_c;
        for (int j = a; j < lo; j++)
            dst[j] = 0;
        for (int j = lo; j < hi; j++)
            dst[j] = (int16_t)(in[row_base + j] - p->zp_in);
        for (int j = hi; j < b; j++)
            dst[j] = 0;
        t += b - a;
    }
}

/* sum w[j] * v[j], wrapping modulo 2^32. */
static uint32_t dot(const int8_t *w, const int16_t *v, int n)
{
    uint32_t sum = 0;
    for (int j = 0; j < n; j++)
        sum += (uint32_t)(w[j] * v[j]);
    return sum;
}

/* Accumulators of output channels [o0, o0 + n_oc) at one output position. */
static void conv_position(const ref_conv *p, const int8_t *in, int oy, int ox, int o0,
                          int n_oc, uint32_t *sum)
{
    const int taps = p->k_h * p->k_w * p->in_c;
    int16_t patch[CONV_PATCH];
    for (int o = 0; o < n_oc; o++)
        sum[o] = (uint32_t)p->bias[o0 + o];
    for (int first = 0; first < taps; first += CONV_PATCH) {
        const int len = taps - first < CONV_PATCH ? taps - first : CONV_PATCH;
        gather(p, in, oy, ox, first, len, patch);
        for (int o = 0; o < n_oc; o++)
            sum[o] += dot(p->weights + (size_t)(o0 + o) * taps + first, patch, len);
    }
}

/* Runs the convolution and hands every accumulator to emit(). */
static void conv(const ref_conv *p, const int8_t *in,
                 void (*emit)(const ref_conv *p, size_t at, int o, int32_t acc, void *out),
                 void *out)
{
    const int oh = ref_conv_out_h(p), ow = ref_conv_out_w(p);
    uint32_t sum[CONV_OC_BLOCK];
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
            const size_t at = ((size_t)oy * ow + ox) * p->out_c;
            for (int o0 = 0; o0 < p->out_c; o0 += CONV_OC_BLOCK) {
                const int n_oc = p->out_c - o0 < CONV_OC_BLOCK ? p->out_c - o0 : CONV_OC_BLOCK;
                conv_position(p, in, oy, ox, o0, n_oc, sum);
                for (int o = 0; o < n_oc; o++)
                    emit(p, at + o0 + o, o0 + o, wrap_i32(sum[o]), out);
            }
        }
}

static void emit_acc(const ref_conv *p, size_t at, int o, int32_t acc, void *out)
{
    (void)p;
    (void)o;
    ((int32_t *)out)[at] = acc;
}

static void emit_requantized(const ref_conv *p, size_t at, int o, int32_t acc, void *out)
{
    ((int8_t *)out)[at] = ref_requantize(acc, p->qmul[o], p->zp_out, p->act_min, p->act_max);
}

void ref_conv2d_acc(const ref_conv *p, const int8_t *in, int32_t *acc)
{
    conv(p, in, emit_acc, acc);
}

void ref_conv2d(const ref_conv *p, const int8_t *in, int8_t *out)
{
    conv(p, in, emit_requantized, out);
}
