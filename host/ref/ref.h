/*
 * Bit-exact int8 reference kernels (TensorFlow Lite int8 semantics).
 *
 * Tensor layout, everywhere in the project:
 *   activations  NHWC, one image at a time: index (y * W + x) * C + c
 *   conv weights OHWI: index ((o * KH + ky) * KW + kx) * C_in + i
 *   fc weights   [out][in]
 * Weights are symmetric int8 (zero point 0), one scale per output channel.
 * Activations are int8 with one scale and zero point per tensor.
 */
#ifndef REF_H
#define REF_H

#include <stdint.h>

/* Requantization parameters of one output channel: real multiplier
 * M = q * 2^(shift - 31), with q in [2^30, 2^31) or q == 0. */
typedef struct {
    int32_t multiplier;
    int32_t shift; /* -31 .. +31; > 0 is a left shift */
} ref_qmul;

/* Splits a real multiplier M (>= 0) into q and shift as TFLite's
 * QuantizeMultiplier does. Returns 0, or -1 if M is negative, not finite or
 * needs shift > 31. */
int ref_quantize_multiplier(double m, ref_qmul *out);

/* TFLite MultiplyByQuantizedMultiplier on an int32 accumulator: left shift
 * (wrapping mod 2^32), SaturatingRoundingDoublingHighMul (ties towards
 * +infinity, INT32_MIN * INT32_MIN saturates to INT32_MAX), then
 * RoundingDivideByPOT (ties away from zero). */
int32_t ref_multiply_by_quantized_multiplier(int32_t acc, ref_qmul m);

/* Full output stage: scale, add zero point, clamp to [act_min, act_max]. */
int8_t ref_requantize(int32_t acc, ref_qmul m, int32_t zp_out,
                      int32_t act_min, int32_t act_max);

/* Activation range for an int8 output: ReLU clamps at the zero point. */
int32_t ref_act_min(int relu, int32_t zp_out);

/* Output size along one axis: floor((in + pad_lo + pad_hi - k) / stride) + 1,
 * or 0 when the window does not fit or an argument is out of range
 * (in, k, stride < 1 or a negative padding). */
int ref_out_dim(int in, int k, int stride, int pad_lo, int pad_hi);

typedef struct {
    int in_h, in_w, in_c;                 /* input tensor */
    int out_c;                            /* output channels */
    int k_h, k_w;                         /* kernel */
    int stride_h, stride_w;
    int pad_top, pad_bottom, pad_left, pad_right;
    int32_t zp_in, zp_out;                /* activation zero points */
    int32_t act_min, act_max;             /* output clamp (ReLU folded in) */
    const int8_t *weights;                /* OHWI */
    const int32_t *bias;                  /* [out_c], scale s_in * s_w[c] */
    const ref_qmul *qmul;                 /* [out_c] */
} ref_conv;

int ref_conv_out_h(const ref_conv *p);
int ref_conv_out_w(const ref_conv *p);

/* int8 conv2d: in is NHWC [in_h][in_w][in_c], out [out_h][out_w][out_c].
 * Padded taps read the input zero point. */
void ref_conv2d(const ref_conv *p, const int8_t *in, int8_t *out);

/* The same convolution stopped before requantization:
 * acc = bias[c] + sum w * (x - zp_in), int32, for debugging and tests.
 * Sums wrap modulo 2^32 like a 32-bit hardware accumulator (no int8 layer
 * of practical size gets there). */
void ref_conv2d_acc(const ref_conv *p, const int8_t *in, int32_t *acc);

typedef struct {
    int in_h, in_w, c;
    int k_h, k_w;
    int stride_h, stride_w;
    int pad_top, pad_bottom, pad_left, pad_right;
} ref_pool;

int ref_pool_out_h(const ref_pool *p);
int ref_pool_out_w(const ref_pool *p);

/* Pooling over the valid (unpadded) taps of each window, as TFLite does.
 * Same scale and zero point in and out. A window with no valid tap (only
 * possible with padding >= kernel) gives -128. */
void ref_maxpool(const ref_pool *p, const int8_t *in, int8_t *out);
/* Average: (s > 0 ? s + n/2 : s - n/2) / n, C truncating division, n = valid taps. */
void ref_avgpool(const ref_pool *p, const int8_t *in, int8_t *out);

typedef struct {
    int in_n, out_n;
    int32_t zp_in, zp_out;
    int32_t act_min, act_max;
    const int8_t *weights;  /* [out_n][in_n] */
    const int32_t *bias;    /* [out_n] */
    const ref_qmul *qmul;   /* [out_n] (per output channel) */
} ref_fc;

void ref_fully_connected(const ref_fc *p, const int8_t *in, int8_t *out);
void ref_fully_connected_acc(const ref_fc *p, const int8_t *in, int32_t *acc);

/* Index of the largest value; ties go to the lowest index. n >= 1. */
int ref_argmax(const int8_t *v, int n);

#endif
