/* Deterministic pseudo-random models for tests and benchmarks. */
#ifndef RANDOM_MODEL_H
#define RANDOM_MODEL_H

#include <stdint.h>

#include "model.h"

/* xorshift32; state must not be 0. */
uint32_t rnd_next(uint32_t *state);
/* Uniform integer in [lo, hi]. */
int32_t rnd_range(uint32_t *state, int32_t lo, int32_t hi);

/* Gives every conv/fc layer of an already shaped model (parameter arrays
 * allocated) random weights in [-127, 127], weight scales ~ 1/sqrt(fan-in)
 * as a trained layer's, and output scales calibrated on a few random
 * inputs as batch normalization would: biases centre each channel (plus a
 * jitter of 0.3 spreads), the accumulator spread maps to ~40 int8 steps,
 * so nothing saturates or collapses to the zero point. ReLU layers get
 * zero point -128. The result passes model_check.
 * Returns -1 when out of memory. */
int random_fill(model *m, uint32_t seed);

/* LeNet-5 with random_fill parameters. Returns -1 when out of memory. */
int random_lenet(model *m, uint32_t seed);

/* A small network using every layer kind with asymmetric padding and
 * strides: conv 3x3/2, avgpool, conv 1x3, maxpool 3x3 pad 1, fc, fc.
 * Returns -1 when out of memory. */
int random_small(model *m, uint32_t seed);

#endif
