/*
 * Small examples whose expected outputs were worked out by hand; the
 * derivation of each one is in the comment above it.
 */
#include "check.h"
#include "ref/ref.h"

#include <stdio.h>
#include <string.h>

#define Q30 ((int32_t)1 << 30)
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const ref_qmul M_ONE = {Q30, 1};  /* 1.0 = 2^30 * 2^(1 - 31) */
static const ref_qmul M_HALF = {Q30, 0}; /* 0.5 = 2^30 * 2^-31 */

static void expect_bytes(const char *what, const int8_t *got, const int8_t *want, int n)
{
    const int ok = memcmp(got, want, (size_t)n) == 0;
    if (!ok)
        for (int i = 0; i < n; i++)
            printf("  %s[%d] = %d, want %d\n", what, i, got[i], want[i]);
    check(ok, "%s", what);
}

static void expect_scale(int32_t acc, ref_qmul m, int32_t want, const char *why)
{
    const int32_t got = ref_multiply_by_quantized_multiplier(acc, m);
    check(got == want, "scale %ld by q %ld shift %ld = %ld, want %ld (%s)", (long)acc,
          (long)m.multiplier, (long)m.shift, (long)got, (long)want, why);
}

static void requant_examples(void)
{
    /* The high multiply rounds ties towards +infinity (gemmlowp's nudge):
     * 3 * 0.5 = 1.5 -> 2, but -3 * 0.5 = -1.5 -> -1. */
    expect_scale(3, M_HALF, 2, "high multiply tie rounds up");
    expect_scale(-3, M_HALF, -1, "negative high multiply tie rounds up too");
    /* Double rounding, M = 0.25 as q = 2^30, shift -1: the high multiply
     * gives 5 * 0.5 = 2.5 -> 3, the final shift 3 / 2 = 1.5 -> 2,
     * although 5 * 0.25 = 1.25 alone would round to 1. TFLite gives 2. */
    expect_scale(5, (ref_qmul){Q30, -1}, 2, "double rounding");
    /* The final shift rounds ties away from zero: -6 * 0.5 = -3 exactly,
     * -3 / 2 = -1.5 -> -2. */
    expect_scale(-6, (ref_qmul){Q30, -1}, -2, "negative tie in the shift rounds down");
    /* Both steps on -5: -2.5 -> -2 (up), then -2 / 2 = -1 exactly. */
    expect_scale(-5, (ref_qmul){Q30, -1}, -1, "double rounding, negative");
    /* Left shift by 2 of 2^30 + 5 is 2^32 + 20, which wraps to 20 in 32
     * bits; 20 * 0.5 = 10. */
    expect_scale(Q30 + 5, (ref_qmul){Q30, 2}, 10, "left shift wraps mod 2^32");
    /* INT32_MIN * INT32_MIN is (-1.0) * (-1.0) = +1.0 in Q31, which does
     * not fit: it saturates to INT32_MAX. */
    expect_scale(INT32_MIN, (ref_qmul){INT32_MIN, 0}, INT32_MAX, "high multiply saturates");
    check(ref_requantize(INT32_MIN, (ref_qmul){INT32_MIN, 0}, 0, -128, 127) == 127,
          "saturated product clamps to 127");
    /* (2^31 - 1)^2 / 2^31 = 2^31 - 2 + 2^-31, rounds to 2^31 - 2. */
    expect_scale(INT32_MAX, (ref_qmul){INT32_MAX, 0}, INT32_MAX - 1, "largest product");
    /* INT32_MIN * 0.5 = -2^30; / 2^31 = -0.5, rounds to -1. */
    expect_scale(INT32_MIN, (ref_qmul){Q30, -31}, -1, "shift 31 tie on INT32_MIN");
    /* Identity M = 1.0 (shift +1): -77 stays -77; + zp_out 3 = -74. */
    check(ref_requantize(-77, M_ONE, 3, -128, 127) == -74, "identity multiplier");
    /* ReLU: act_min = zp_out = 3, so -74 clamps to 3. */
    check(ref_requantize(-77, M_ONE, 3, ref_act_min(1, 3), 127) == 3, "ReLU clamp");
    /* q = 0 (a flushed tiny multiplier) gives 0 for any accumulator. */
    expect_scale(INT32_MAX, (ref_qmul){0, 0}, 0, "zero multiplier");
}

/* 3x3 input, 2x2 kernel, stride 1, no padding, two output channels.
 *   input  1 2 3     zp_in = 1, so x - zp_in is  0 1 2
 *          4 5 6                                 3 4 5
 *          7 8 9                                 6 7 8
 * channel 0: w = [1 2; 3 4], bias 3
 *   (0,0): 0*1 + 1*2 + 3*3 + 4*4 = 27 + 3 = 30   (0,1): 1+4+12+20 = 37 + 3 = 40
 *   (1,0): 3+8+18+28 = 57 + 3 = 60               (1,1): 4+10+21+32 = 67 + 3 = 70
 * channel 1: w = [-1 0; 0 0], bias 0: minus the top-left tap: 0, -1, -3, -4
 * M = 1.0 and zp_out = -5: out = acc - 5. */
static void conv_3x3_by_2x2(void)
{
    const int8_t in[9] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const int8_t w[8] = {1, 2, 3, 4, -1, 0, 0, 0}; /* OHWI, in_c = 1 */
    const int32_t bias[2] = {3, 0};
    const ref_qmul qm[2] = {M_ONE, M_ONE};
    const ref_conv p = {.in_h = 3, .in_w = 3, .in_c = 1, .out_c = 2, .k_h = 2, .k_w = 2,
                        .stride_h = 1, .stride_w = 1, .zp_in = 1, .zp_out = -5,
                        .act_min = -128, .act_max = 127, .weights = w, .bias = bias,
                        .qmul = qm};
    int32_t acc[8];
    int8_t out[8];
    ref_conv2d_acc(&p, in, acc);
    ref_conv2d(&p, in, out);
    const int32_t want_acc[8] = {30, 0, 40, -1, 60, -3, 70, -4}; /* [y][x][channel] */
    const int8_t want[8] = {25, -5, 35, -6, 55, -8, 65, -9};
    check(ref_conv_out_h(&p) == 2 && ref_conv_out_w(&p) == 2, "3x3 by 2x2: output is 2x2");
    check(memcmp(acc, want_acc, sizeof acc) == 0, "3x3 by 2x2: accumulators");
    expect_bytes("3x3 by 2x2: outputs", out, want, 8);
}

/* Padding reads zp_in. 2x2 input [1 2; 3 4], zp_in = -3, 3x3 kernel of
 * ones, padding 1 all round: every window holds the four pixels and five
 * padded taps. acc = (1+3) + (2+3) + (3+3) + (4+3) = 22, the padded taps add
 * (zp_in - zp_in) = 0 each. Padding with the value 0 instead would add
 * 5 * (0 - (-3)) = 15, giving 37. */
static void conv_padding_is_zero_point(void)
{
    const int8_t in[4] = {1, 2, 3, 4};
    int8_t w[9];
    memset(w, 1, sizeof w);
    const int32_t bias[1] = {0};
    const ref_qmul qm[1] = {M_ONE};
    const ref_conv p = {.in_h = 2, .in_w = 2, .in_c = 1, .out_c = 1, .k_h = 3, .k_w = 3,
                        .stride_h = 1, .stride_w = 1, .pad_top = 1, .pad_bottom = 1,
                        .pad_left = 1, .pad_right = 1, .zp_in = -3, .zp_out = 0,
                        .act_min = -128, .act_max = 127, .weights = w, .bias = bias,
                        .qmul = qm};
    int8_t out[4];
    ref_conv2d(&p, in, out);
    const int8_t want[4] = {22, 22, 22, 22};
    expect_bytes("padding acts as zp_in", out, want, 4);
}

/* Asymmetric padding: same input and zp_in, 2x2 kernel of ones, pad top 1
 * and right 1 only. Output 2x2 ((2 + 1 - 2) + 1 each way). Window (y, x)
 * covers input rows y-1..y and columns x..x+1:
 *   (0,0): pixels 1,2 -> (1+3)+(2+3) = 9    (0,1): pixel 2 -> 5
 *   (1,0): all four -> 22                   (1,1): pixels 2,4 -> 5+7 = 12 */
static void conv_asymmetric_padding(void)
{
    const int8_t in[4] = {1, 2, 3, 4};
    const int8_t w[4] = {1, 1, 1, 1};
    const int32_t bias[1] = {0};
    const ref_qmul qm[1] = {M_ONE};
    const ref_conv p = {.in_h = 2, .in_w = 2, .in_c = 1, .out_c = 1, .k_h = 2, .k_w = 2,
                        .stride_h = 1, .stride_w = 1, .pad_top = 1, .pad_right = 1,
                        .zp_in = -3, .zp_out = 0, .act_min = -128, .act_max = 127,
                        .weights = w, .bias = bias, .qmul = qm};
    int8_t out[4];
    ref_conv2d(&p, in, out);
    const int8_t want[4] = {9, 5, 22, 12};
    expect_bytes("asymmetric padding", out, want, 4);
}

/* Stride 2: 5x5 input holding y*5 + x, 3x3 kernel with only the centre tap,
 * no padding: outputs are the pixels at (1,1), (1,3), (3,1), (3,3) =
 * 6, 8, 16, 18. Two input channels, the kernel reads channel 1 (= -value). */
static void conv_stride_two(void)
{
    int8_t in[50], w[18] = {0};
    for (int i = 0; i < 25; i++) {
        in[2 * i] = (int8_t)i;
        in[2 * i + 1] = (int8_t)-i;
    }
    w[(1 * 3 + 1) * 2 + 1] = 1; /* ky = 1, kx = 1, channel 1 */
    const int32_t bias[1] = {0};
    const ref_qmul qm[1] = {M_ONE};
    const ref_conv p = {.in_h = 5, .in_w = 5, .in_c = 2, .out_c = 1, .k_h = 3, .k_w = 3,
                        .stride_h = 2, .stride_w = 2, .act_min = -128, .act_max = 127,
                        .weights = w, .bias = bias, .qmul = qm};
    int8_t out[4];
    ref_conv2d(&p, in, out);
    const int8_t want[4] = {-6, -8, -16, -18};
    expect_bytes("stride 2, centre tap of channel 1", out, want, 4);
}

/* Average pool 2x2, stride 2 on a 4x4 map:
 *   -1 -2 | -1 -1     windows: [-1 -2 -2 -2] s = -7: -1.75 -> (-7-2)/4 = -2
 *   -2 -2 | -2 -2              [-1 -1 -2 -2] s = -6: -1.5  -> (-6-2)/4 = -2
 *    1  1 | -1  0              [ 1  1  2  2] s =  6:  1.5  -> ( 6+2)/4 =  2
 *    2  2 |  0  0              [-1  0  0  0] s = -1: -0.25 -> (-1-2)/4 =  0 */
static void avgpool_rounding(void)
{
    const int8_t in[16] = {-1, -2, -1, -1, -2, -2, -2, -2, 1, 1, -1, 0, 2, 2, 0, 0};
    const ref_pool p = {.in_h = 4, .in_w = 4, .c = 1, .k_h = 2, .k_w = 2, .stride_h = 2,
                        .stride_w = 2};
    int8_t out[4];
    ref_avgpool(&p, in, out);
    const int8_t want[4] = {-2, -2, 2, 0};
    expect_bytes("avg pool rounding with negative sums", out, want, 4);
}

/* Pooling over valid taps only: 3x3 map, 2x2 window, stride 2, padding 1 at
 * the bottom and right, so the windows hold 4, 2, 2 and 1 pixels:
 *    0  0 | -1     avg: [0 0 0 0] 0; [-1 -2] -3/2 = -1.5 -> -2;
 *    0  0 | -2          [5 4] 9/2 = 4.5 -> 5; [-7] -> -7
 *   ------+---     max: 0, -1, 5, -7 (a padded tap read as 0 would give 0
 *    5  4 | -7     for the last one; averaging over 4 taps would give -1
 *                  for the second). */
static void pool_padding(void)
{
    const int8_t in[9] = {0, 0, -1, 0, 0, -2, 5, 4, -7};
    const ref_pool p = {.in_h = 3, .in_w = 3, .c = 1, .k_h = 2, .k_w = 2, .stride_h = 2,
                        .stride_w = 2, .pad_bottom = 1, .pad_right = 1};
    int8_t out[4];
    check(ref_pool_out_h(&p) == 2 && ref_pool_out_w(&p) == 2, "padded pool: output is 2x2");
    ref_avgpool(&p, in, out);
    const int8_t want_avg[4] = {0, -2, 5, -7};
    expect_bytes("avg pool over valid taps", out, want_avg, 4);
    ref_maxpool(&p, in, out);
    const int8_t want_max[4] = {0, -1, 5, -7};
    expect_bytes("max pool over valid taps", out, want_max, 4);
}

/* Max pool 2x2 stride 2 on two channels; channel 1 is all negative:
 *   channel 0: 3 -1 / 7 2 -> 7     channel 1: -9 -128 / -5 -6 -> -5 */
static void maxpool_channels(void)
{
    const int8_t in[8] = {3, -9, -1, -128, 7, -5, 2, -6};
    const ref_pool p = {.in_h = 2, .in_w = 2, .c = 2, .k_h = 2, .k_w = 2, .stride_h = 2,
                        .stride_w = 2};
    int8_t out[2];
    ref_maxpool(&p, in, out);
    const int8_t want[2] = {7, -5};
    expect_bytes("max pool per channel", out, want, 2);
}

/* FC, x = [1 -2 3], zp_in = 1 so x - zp_in = [0 -3 2].
 *   out 0: w [5 1 -1]: 0 - 3 - 2 = -5, bias 10 -> 5;  M = 1.0 -> 5,   + zp_out 1 = 6
 *   out 1: w [2 2 2]:  0 - 6 + 4 = -2, bias -1 -> -3; M = 0.5 (q = 2^30, shift 0, so
 *          only the high multiply rounds): -1.5 -> -1 (ties go up), + 1 = 0
 * With ReLU (act_min = zp_out = 1) output 1 becomes 1. */
static void fully_connected(void)
{
    const int8_t in[3] = {1, -2, 3};
    const int8_t w[6] = {5, 1, -1, 2, 2, 2};
    const int32_t bias[2] = {10, -1};
    const ref_qmul qm[2] = {M_ONE, M_HALF};
    ref_fc p = {.in_n = 3, .out_n = 2, .zp_in = 1, .zp_out = 1, .act_min = -128,
                .act_max = 127, .weights = w, .bias = bias, .qmul = qm};
    int32_t acc[2];
    int8_t out[2];
    ref_fully_connected_acc(&p, in, acc);
    check(acc[0] == 5 && acc[1] == -3, "fc accumulators %ld %ld", (long)acc[0], (long)acc[1]);
    ref_fully_connected(&p, in, out);
    const int8_t want[2] = {6, 0};
    expect_bytes("fc per-channel multipliers", out, want, 2);
    p.act_min = ref_act_min(1, p.zp_out);
    ref_fully_connected(&p, in, out);
    const int8_t want_relu[2] = {6, 1};
    expect_bytes("fc with ReLU", out, want_relu, 2);
}

static void argmax(void)
{
    const int8_t tie[4] = {3, 7, -1, 7};
    const int8_t flat[3] = {-128, -128, -128};
    const int8_t rising[3] = {-5, -4, -3};
    const int8_t one[1] = {42};
    check(ref_argmax(tie, 4) == 1, "argmax tie between 1 and 3 goes to 1");
    check(ref_argmax(flat, 3) == 0, "argmax of equal values is 0");
    check(ref_argmax(rising, 3) == 2, "argmax at the end");
    check(ref_argmax(one, 1) == 0, "argmax of one value");
}

int main(void)
{
    requant_examples();
    conv_3x3_by_2x2();
    conv_padding_is_zero_point();
    conv_asymmetric_padding();
    conv_stride_two();
    avgpool_rounding();
    pool_padding();
    maxpool_channels();
    fully_connected();
    argmax();
    return check_summary();
}
