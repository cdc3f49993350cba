/*
 * int8 conv2d, NHWC activations and OHWI weights.
 *
 * Every output is bias[o] + the dot product of filter o with the window's
 * (x - zp_in) values; a padded tap reads zp_in and so contributes 0. The
 * work is arranged so that these dot products are long, contiguous, int16
 * and free of scalar tails, which gcc turns into pmaddwd loops:
 *
 *  - Taps are taken column by column: kx, then ky, then input channel. In
 *    that order the windows of one output row are overlapping slices of a
 *    single "column stream": the padded input columns of the row's k_h input
 *    rows, col_len = k_h * in_c values each, converted once to int16
 *    x - zp_in (0 for padding). Window ox starts at ox * stride_w * col_len.
 *  - The filters are copied once into int16 in the same tap order and padded
 *    with zero taps to a multiple of 8 (the taps read past a window then
 *    meet zero weights) and with zero filters to a multiple of 4 channels.
 *  - Four output channels are summed at two windows in one pass, so each
 *    load feeds two products; a last group with at most two real channels
 *    (C1 of LeNet-5 has six) is summed as two channels at four windows
 *    instead of paying for its zero filters.
 *
 * Sums are kept in uint32_t so that they wrap modulo 2^32 like a 32-bit
 * hardware accumulator (int8 layers of any practical size never get near
 * that); the order of the terms therefore does not matter.
 *
 * All buffers are fixed blocks on the stack. Large layers are done in
 * pieces of CONV_OC output channels, CONV_TAPS taps and CONV_SEG outputs of
 * a row; when a filter has more than CONV_TAPS taps, its pieces are copied
 * again for every row segment.
 */
#include "ref.h"
#include "requant.h"

#include <stddef.h>

#define CONV_OC 16       /* output channels at a time (multiple of 4) */
#define CONV_TAPS 512    /* taps of a filter held at a time (multiple of 8) */
#define CONV_STREAM 2048 /* column stream values held at a time (>= CONV_TAPS) */
#define CONV_SEG 64      /* outputs of a row summed at a time */

int ref_conv_out_h(const ref_conv *p)
{
    return ref_out_dim(p->in_h, p->k_h, p->stride_h, p->pad_top, p->pad_bottom);
}

int ref_conv_out_w(const ref_conv *p)
{
    return ref_out_dim(p->in_w, p->k_w, p->stride_w, p->pad_left, p->pad_right);
}

static int min_int(int a, int b) { return a < b ? a : b; }
static int round_up(int v, int m) { return (v + m - 1) / m * m; }
static int clamp_int(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

/* Row stream values [u0, u0 + n) of output column ox into dst. Row r of
 * the stream is input row r - pad_top restricted to the k_w * in_c values
 * of the window columns; values outside the input (padding, or past the
 * last window) are 0. */
static void fill_stream(const ref_conv *p, const int8_t *in, int ox, long u0, int n,
                        int16_t *dst)
{
    const int row_len = p->k_w * p->in_c;
    const int ix0 = ox * p->stride_w - p->pad_left;
    /* row-local range [in_lo, in_hi) that lies inside the input columns */
    const int in_lo = clamp_int(-ix0, 0, p->k_w) * p->in_c;
    const int in_hi = clamp_int(p->in_w - ix0, 0, p->k_w) * p->in_c;
    long r = u0 / row_len;
    int a = (int)(u0 % row_len); /* first row-local value wanted from row r */
    for (int k = 0; k < n; r++, a = 0) {
        const int b = min_int(row_len, a + (n - k)); /* end of the wanted part of row r */
        const long iy = r - p->pad_top;
        const int inside = iy >= 0 && iy < p->in_h;
        const int lo = inside ? clamp_int(in_lo, a, b) : b;
        const int hi = inside ? clamp_int(in_hi, lo, b) : b;
        int16_t *row = dst + k - a; /* row[j] holds row-local value j */
        for (int j = a; j < lo; j++)
            row[j] = 0;
        /* input index of row-local value j (only formed for lo <= j < hi) */
        const long base = (iy * p->in_w + ix0) * p->in_c;
        for (int j = lo; j < hi; j++)
            row[j] = (int16_t)(in[base + j] - p->zp_in);
        for (int j = hi; j < b; j++)
            row[j] = 0;
        k += b - a;
    }
}

/* Filters o0 .. o0 + n_oc4 - 1, taps [t0, t0 + len), into rows of len8
 * int16 values; taps past len and filters past out_c are zero. */
static void copy_filters(const ref_conv *p, int o0, int n_oc4, int t0, int len, int len8,
                         int16_t *dst)
{
    const size_t taps = (size_t)p->k_h * p->k_w * p->in_c;
    for (int o = 0; o < n_oc4; o++) {
        int16_t *row = dst + (size_t)o * len8;
        const int n = o0 + o < p->out_c ? len : 0;
        const int8_t *w = p->weights + (size_t)(o0 + o) * taps + t0;
        for (int k = 0; k < n; k++)
            row[k] = w[k];
        for (int k = n; k < len8; k++)
            row[k] = 0;
    }
}

/* sum[c] += w_c . v over n8 * 8 taps for the four filters w_c = w + c * stride. */
static void dot4(const int16_t *w, size_t stride, const int16_t *v, int n8, uint32_t *sum)
{
    const int16_t *w0 = w, *w1 = w + stride, *w2 = w + 2 * stride, *w3 = w + 3 * stride;
    uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int j = 0; j < n8 * 8; j++) {
        s0 += (uint32_t)(w0[j] * v[j]);
        s1 += (uint32_t)(w1[j] * v[j]);
        s2 += (uint32_t)(w2[j] * v[j]);
        s3 += (uint32_t)(w3[j] * v[j]);
    }
    sum[0] += s0;
    sum[1] += s1;
    sum[2] += s2;
    sum[3] += s3;
}

/* dot4 at the two windows v0 and v1 in one pass. */
static void dot4x2(const int16_t *w, size_t stride, const int16_t *v0, const int16_t *v1,
                   int n8, uint32_t *sum0, uint32_t *sum1)
{
    const int16_t *w0 = w, *w1 = w + stride, *w2 = w + 2 * stride, *w3 = w + 3 * stride;
    uint32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    for (int j = 0; j < n8 * 8; j++) {
        a0 += (uint32_t)(w0[j] * v0[j]);
        a1 += (uint32_t)(w1[j] * v0[j]);
        a2 += (uint32_t)(w2[j] * v0[j]);
        a3 += (uint32_t)(w3[j] * v0[j]);
        b0 += (uint32_t)(w0[j] * v1[j]);
        b1 += (uint32_t)(w1[j] * v1[j]);
        b2 += (uint32_t)(w2[j] * v1[j]);
        b3 += (uint32_t)(w3[j] * v1[j]);
    }
    sum0[0] += a0;
    sum0[1] += a1;
    sum0[2] += a2;
    sum0[3] += a3;
    sum1[0] += b0;
    sum1[1] += b1;
    sum1[2] += b2;
    sum1[3] += b3;
}

/* sum[s][o + c] += w_c . v_s over n8 * 8 taps for the two filters
 * w_c = w + c * stride and the four windows v_s = v + s * v_step. */
static void dot2x4(const int16_t *w, size_t stride, const int16_t *v, size_t v_step, int n8,
                   uint32_t sum[][CONV_OC], int o)
{
    const int16_t *w0 = w, *w1 = w + stride;
    const int16_t *v0 = v, *v1 = v + v_step, *v2 = v + 2 * v_step, *v3 = v + 3 * v_step;
    uint32_t a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0, d0 = 0, d1 = 0;
    for (int j = 0; j < n8 * 8; j++) {
        a0 += (uint32_t)(w0[j] * v0[j]);
        a1 += (uint32_t)(w1[j] * v0[j]);
        b0 += (uint32_t)(w0[j] * v1[j]);
        b1 += (uint32_t)(w1[j] * v1[j]);
        c0 += (uint32_t)(w0[j] * v2[j]);
        c1 += (uint32_t)(w1[j] * v2[j]);
        d0 += (uint32_t)(w0[j] * v3[j]);
        d1 += (uint32_t)(w1[j] * v3[j]);
    }
    sum[0][o] += a0;
    sum[0][o + 1] += a1;
    sum[1][o] += b0;
    sum[1][o + 1] += b1;
    sum[2][o] += c0;
    sum[2][o + 1] += c1;
    sum[3][o] += d0;
    sum[3][o + 1] += d1;
}

/* Adds one filter piece (n_oc4 filters of len8 taps) over the n_oy windows
 * of the stream to sum[][]: groups of four filters at pairs of windows,
 * except a last group with at most two real filters, done two filters at
 * four windows. */
static void sum_windows(const int16_t *filters, int len8, int n_oc, int n_oc4,
                        const int16_t *stream, long step, int n_oy, uint32_t sum[][CONV_OC])
{
    const int n8 = len8 / 8;
    const int o_two = n_oc4 - n_oc >= 2 ? n_oc4 - 4 : n_oc4; /* first group of two */
    int s = 0;
    for (; s + 1 < n_oy; s += 2)
        for (int o = 0; o < o_two; o += 4)
            dot4x2(filters + (size_t)o * len8, (size_t)len8, stream + s * step,
                   stream + (s + 1) * step, n8, &sum[s][o], &sum[s + 1][o]);
    for (; s < n_oy; s++)
        for (int o = 0; o < o_two; o += 4)
            dot4(filters + (size_t)o * len8, (size_t)len8, stream + s * step, n8, &sum[s][o]);
    if (o_two == n_oc4)
        return;
    const int16_t *w = filters + (size_t)o_two * len8;
    for (s = 0; s + 3 < n_oy; s += 4)
        dot2x4(w, (size_t)len8, stream + s * step, (size_t)step, n8, sum + s, o_two);
    for (; s < n_oy; s++) /* dot4 reads the group's zero filters too */
        dot4(w, (size_t)len8, stream + s * step, n8, &sum[s][o_two]);
}

/* Output stage of channels o0 .. o0 + n_oc - 1 at n_pos positions, the
 * accumulators of position s in sum[s], its outputs at out + s * out_step.
 * Channels are the outer loop so that each multiplier is decoded once; the
 * parameters are copied to locals because the int8 stores may alias *p. */
static void requantize_outputs(const ref_conv *p, int o0, int n_oc, int n_pos,
                               uint32_t sum[][CONV_OC], int8_t *out, size_t out_step)
{
    const int32_t zp_out = p->zp_out, act_min = p->act_min, act_max = p->act_max;
    for (int o = 0; o < n_oc; o++) {
        const ref_qmul m = p->qmul[o0 + o];
        for (int s = 0; s < n_pos; s++)
            out[s * out_step + o] =
                requant_output(wrap_i32(sum[s][o]), m, zp_out, act_min, act_max);
    }
}

/* The convolution; writes requantized outputs to out8, or raw accumulators
 * to out32 when out8 is NULL. */
static void conv(const ref_conv *p, const int8_t *in, int8_t *out8, int32_t *out32)
{
    _Static_assert(CONV_OC % 4 == 0 && CONV_TAPS % 8 == 0 && CONV_STREAM >= CONV_TAPS,
                   "block sizes");
    _Alignas(16) int16_t filters[CONV_OC * CONV_TAPS];
    _Alignas(16) int16_t stream[CONV_STREAM];
    uint32_t sum[CONV_SEG][CONV_OC];

    const int oh = ref_conv_out_h(p), ow = ref_conv_out_w(p);
    const int taps = p->k_h * p->k_w * p->in_c;
    const int max_len8 = min_int(round_up(taps, 8), CONV_TAPS);
    /* stream distance between the windows of neighbouring outputs of a column */
    const long step = (long)p->stride_h * p->k_w * p->in_c;
    const long fit = 1 + (CONV_STREAM - max_len8) / step;
    const int seg = fit < CONV_SEG ? (int)fit : CONV_SEG;
    int held_o0 = -1, held_t0 = -1; /* filter piece now in filters[] */

    for (int o0 = 0; o0 < p->out_c; o0 += CONV_OC) {
        const int n_oc = min_int(p->out_c - o0, CONV_OC), n_oc4 = round_up(n_oc, 4);
        uint32_t bias[CONV_OC]; /* starting sums; 0 for the padding filters */
        for (int o = 0; o < n_oc4; o++)
            bias[o] = o < n_oc ? (uint32_t)p->bias[o0 + o] : 0;
        for (int ox = 0; ox < ow; ox++)
            for (int oy0 = 0; oy0 < oh; oy0 += seg) {
                const int n_oy = min_int(oh - oy0, seg);
                for (int s = 0; s < n_oy; s++)
                    for (int o = 0; o < n_oc4; o += 4)
                        for (int k = 0; k < 4; k++) /* one 16-byte copy */
                            sum[s][o + k] = bias[o + k];
                for (int t0 = 0; t0 < taps; t0 += CONV_TAPS) {
                    const int len = min_int(taps - t0, CONV_TAPS), len8 = round_up(len, 8);
                    if (held_o0 != o0 || held_t0 != t0) {
                        copy_filters(p, o0, n_oc4, t0, len, len8, filters);
                        held_o0 = o0;
                        held_t0 = t0;
                    }
                    fill_stream(p, in, ox, oy0 * step + t0, (int)((n_oy - 1) * step) + len8,
                                stream);
                    sum_windows(filters, len8, n_oc, n_oc4, stream, step, n_oy, sum);
                }
                const size_t at = ((size_t)oy0 * ow + (size_t)ox) * p->out_c + o0;
                const size_t out_step = (size_t)ow * p->out_c; /* one output row down */
                if (out8)
                    requantize_outputs(p, o0, n_oc, n_oy, sum, out8 + at, out_step);
                else
                    for (int s = 0; s < n_oy; s++)
                        for (int o = 0; o < n_oc; o++)
                            out32[at + s * out_step + o] = wrap_i32(sum[s][o]);
            }
    }
}

void ref_conv2d_acc(const ref_conv *p, const int8_t *in, int32_t *acc)
{
    conv(p, in, NULL, acc);
}

void ref_conv2d(const ref_conv *p, const int8_t *in, int8_t *out)
{
    conv(p, in, out, NULL);
}
