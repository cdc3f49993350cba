/*
 * Consistency rules every model obeys, shared by the loader, the writer and
 * the tools that build models in memory (docs/model-format.md lists them).
 */
#ifndef MODEL_CHECK_H
#define MODEL_CHECK_H

#include <stddef.h>

#include "model.h"

/* Size caps: far above any network this project runs, low enough that no
 * product of them overflows a long or exhausts memory. */
#define MODEL_MAX_DIM 4096         /* height, width, channels */
#define MODEL_MAX_KERNEL 64
#define MODEL_MAX_STRIDE 64
#define MODEL_MAX_TENSOR (1L << 24) /* elements of one activation tensor */
#define MODEL_MAX_PARAMS (1L << 24) /* weights of one layer */

/* Checks the fields of layer i that fix its size and meaning (kind, name,
 * dims against the caps, kernel/stride/pad, output dims, scales, zero points)
 * without looking at its parameters or its neighbours. A loader runs this
 * before it sizes the parameter arrays. */
int model_check_layer_shape(const model *m, int i, const char *path, char *err,
                            size_t errlen);

/* Checks one layer's own fields (dims, caps, scales, zero points,
 * parameters), then the chain of layers. On failure writes
 * "<path>: <problem>" naming the layer. */
int model_check(const model *m, const char *path, char *err, size_t errlen);

/* Fills l->qmul from in_scale * w_scale[c] / out_scale with the rounding of
 * ref_quantize_multiplier. Returns -1 if a multiplier is not representable. */
int model_layer_set_qmul(model_layer *l);

#endif
