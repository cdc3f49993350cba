/*
 * The LeNet-5 variant of the course notes:
 *   input 28x28x1, pixels quantized with scale 1/255 and zero point -128
 *   C1 conv 6@5x5 pad 2 ReLU -> 28x28x6     S2 max pool 2x2/2 -> 14x14x6
 *   C3 conv 16@5x5 valid ReLU -> 10x10x16   S4 max pool 2x2/2 -> 5x5x16
 *   F5 fc 400->120 ReLU   F6 fc 120->84 ReLU   output fc 84->10
 */
#ifndef LENET_H
#define LENET_H

#include <stddef.h>

#include "model.h"

#define LENET_LAYERS 7
#define LENET_CLASSES 10
#define LENET_INPUT_SCALE (1.0f / 255.0f)
#define LENET_INPUT_ZP (-128)

/* Shapes only: kinds, names, dims, kernels, ReLU, the input quantization;
 * no parameter arrays (enough for the layer table). Every activation gets
 * the input's scale and zero point until a quantizer sets real ones. */
void lenet_shapes(model *m);

/* The whole graph with zeroed weights and biases, weight scales 1/127 and
 * the matching multipliers, so the result already passes model_check and
 * can be saved. A trainer or quantizer overwrites the parameters (keeping
 * out_scale/out_zp of a layer equal to in_scale/in_zp of the next, pools
 * passing theirs through) and calls model_layer_set_qmul per layer.
 * Returns -1 when out of memory (m is then empty). */
int lenet_init(model *m);

/* 0 if m has LeNet-5's structure (kinds, shapes, kernels, strides, padding,
 * ReLU, input quantization), else -1 and "<path>: not LeNet-5: ...". */
int lenet_check(const model *m, const char *path, char *err, size_t errlen);

#endif
