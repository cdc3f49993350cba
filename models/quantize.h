/*
 * Post-training int8 quantization of the float LeNet-5 (models/README.md):
 *   weights  symmetric per output channel, scale = max|w| / 127, q in [-127, 127]
 *   activations  asymmetric per tensor from ranges observed on calibration
 *            images; ReLU outputs use zero point -128 over [0, max]
 *   bias     int32 at scale s_in * s_w[c], rounded half away, saturated
 *   multipliers from the scales by ref_quantize_multiplier
 *
 * Errors: functions returning int give 0, or -1 with a one-line message.
 */
#ifndef QUANTIZE_H
#define QUANTIZE_H

#include <stddef.h>
#include <stdint.h>

#include "lenet.h"
#include "lf_train.h"

/* Observed range of one layer's output. */
typedef struct {
    float lo, hi;
} q_range;

/* Symmetric per-row quantization of rows x per_row weights. A row of zeros
 * gets scale 1/127 (any positive scale represents it exactly). Fails on a
 * weight that is not finite. */
int q_weights(const float *w, int rows, int per_row, int8_t *q, float *scale,
              char *err, size_t errlen);

/* Bias b at scale s_in * s_w, rounded half away from zero and saturated to
 * int32. */
int32_t q_bias(float b, float s_in, float s_w);

/* Scale and zero point for an activation range. relu: [0, hi] with zero
 * point -128; otherwise [min(lo, 0), max(hi, 0)]. An empty range (all
 * outputs zero) gets scale 1/255. Fails on a range that is not finite. */
int q_activation(float lo, float hi, int relu, float *scale, int32_t *zp,
                 char *err, size_t errlen);

/* Runs the float network over the first n images of d and records the range
 * of every layer's output (pools pass their input's range through). */
int q_calibrate(const float *params, const lf_data *d, int n,
                q_range ranges[LENET_LAYERS]);

/* Builds the int8 LeNet-5 (lenet_init layout) from float parameters and
 * calibrated ranges, and checks it with model_check. On failure m is empty. */
int q_build(const float *params, const q_range ranges[LENET_LAYERS], model *m,
            char *err, size_t errlen);

#endif
