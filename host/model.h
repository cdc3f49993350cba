/*
 * A quantized feed-forward CNN in memory, and its file format
 * (docs/model-format.md). The file is the one source of truth for layer
 * shapes and quantization parameters; everything else reads them from here.
 *
 * Errors: functions returning int give 0 on success or -1 with a one-line
 * message "<path>: <problem>" in err.
 */
#ifndef MODEL_H
#define MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "ref/ref.h"

#define MODEL_MAX_LAYERS 32
#define MODEL_NAME_LEN 16

typedef enum {
    LAYER_CONV = 1,    /* conv2d, NHWC in/out, OHWI weights */
    LAYER_MAXPOOL = 2,
    LAYER_AVGPOOL = 3,
    LAYER_FC = 4,      /* fully connected; a 3-D input is read flat in NHWC order */
} layer_kind;

typedef struct {
    layer_kind kind;
    char name[MODEL_NAME_LEN];   /* "C1", "S2", ... NUL-terminated */
    int in_h, in_w, in_c;        /* FC: in_h = in_w = 1, in_c = inputs */
    int out_h, out_w, out_c;     /* FC: out_h = out_w = 1, out_c = outputs */
    int k_h, k_w, stride_h, stride_w;            /* conv and pool */
    int pad_top, pad_bottom, pad_left, pad_right;
    int relu;                                     /* conv and FC */
    float in_scale, out_scale;                    /* per-tensor activation scales */
    int32_t in_zp, out_zp;
    /* conv and FC only (NULL otherwise): */
    int8_t *weights;    /* OHWI for conv, [out][in] for FC */
    int32_t *bias;      /* [out_c] */
    float *w_scale;     /* [out_c] per-channel weight scales */
    ref_qmul *qmul;     /* [out_c] derived from in_scale * w_scale / out_scale */
} model_layer;

typedef struct {
    char name[MODEL_NAME_LEN];
    int n_layers;
    model_layer layers[MODEL_MAX_LAYERS];
} model;

int model_load(const char *path, model *m, char *err, size_t errlen);
/* Writes atomically (temporary file, then rename). */
int model_save(const char *path, const model *m, char *err, size_t errlen);
void model_free(model *m);

/* Number of weights (no biases) and multiply-accumulates of one layer, as the
 * LeNet-5 table counts them: pool "connections" are its inputs. */
long model_layer_weights(const model_layer *l);
long model_layer_connections(const model_layer *l);
long model_layer_units(const model_layer *l);

/* Input pixels 0..255 -> int8 with the first layer's input scale/zero point. */
void model_quantize_input(const model *m, const uint8_t *pixels, int8_t *out);

/* Largest activation (bytes) of any layer input/output, for scratch sizing. */
size_t model_max_activation(const model *m);

/* Runs one layer on the reference kernels. */
void model_run_layer(const model_layer *l, const int8_t *in, int8_t *out);

/* Runs the whole network on the reference kernels. logits gets the last
 * layer's output; scratch needs 2 * model_max_activation(m) bytes.
 * Returns the predicted class (argmax). */
int model_forward(const model *m, const int8_t *input, int8_t *logits,
                  int8_t *scratch);

#endif
