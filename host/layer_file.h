/*
 * One conv or pool layer with its data, described in a small text file
 * (docs/layer-file.md), for running a single layer by hand.
 *
 * Errors: "<path>:<line>: <problem>" (or "<path>: <problem>" for a missing
 * key), return -1.
 */
#ifndef LAYER_FILE_H
#define LAYER_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

typedef struct {
    layer_kind kind;        /* LAYER_CONV, LAYER_MAXPOOL or LAYER_AVGPOOL */
    ref_conv conv;          /* conv only; points at the arrays below */
    ref_pool pool;          /* pools only */
    int out_h, out_w, out_c;
    int8_t *input;          /* NHWC, in_h * in_w * in_c */
    int8_t *weights;        /* conv: OHWI */
    int32_t *bias;          /* conv: [out_c] */
    ref_qmul *qmul;         /* conv: [out_c] */
} layer_spec;

int layer_file_load(const char *path, layer_spec *ls, char *err, size_t errlen);
void layer_file_free(layer_spec *ls);

/* Output of the layer, out_h * out_w * out_c int8 values, NHWC. */
void layer_spec_run(const layer_spec *ls, int8_t *out);
/* Conv only: the int32 accumulators before requantization, NHWC. */
void layer_spec_run_acc(const layer_spec *ls, int32_t *acc);

#endif
