/*
 * A whole network with its conv layers on the engine (host/accel.h) and
 * every other layer (pooling, fully connected) on the reference kernels.
 * Works for any model whose conv layers the tiler accepts; LeNet-5 is the
 * case it is built for.
 *
 * Each conv layer is prepared once when the runner is created; a forward
 * pass then only moves activations. Beside the engine path the runner
 * always computes the pure reference (model_run_layer on its own
 * activations), so every image yields both logits; with verify set it also
 * compares every layer's output bytes and stops at the first difference.
 *
 * Errors: NULL or -1 with a one-line message in err.
 */
#ifndef LENET_ACCEL_H
#define LENET_ACCEL_H

#include <stddef.h>
#include <stdint.h>

#include "accel.h"
#include "model.h"

typedef struct lenet_accel lenet_accel;

/* Prepares every conv layer of m on dev (both must outlive the runner).
 * watchdog: cycle budget per layer run, 0 for the driver's automatic one. */
lenet_accel *lenet_accel_create(const model *m, accel_dev *dev, uint64_t watchdog,
                                char *err, size_t errlen);
void lenet_accel_free(lenet_accel *a);

/* Conv layers in model order; conv_layer(i) is the model layer index. */
int lenet_accel_conv_count(const lenet_accel *a);
int lenet_accel_conv_layer(const lenet_accel *a, int i);

typedef struct {
    int prediction;        /* argmax of the engine path's logits */
    int ref_prediction;    /* argmax of the pure reference's logits */
    int bitexact;          /* logits byte-identical */
} lenet_accel_result;

/* One image (already quantized to the model's input). conv_stats gets one
 * entry per conv layer (lenet_accel_conv_count). With verify, the first
 * layer whose output differs from the reference fails the call, naming
 * layer, tile, channel and position. */
int lenet_accel_forward(lenet_accel *a, const int8_t *input, int verify,
                        lenet_accel_result *res, accel_stats *conv_stats,
                        char *err, size_t errlen);

#endif
