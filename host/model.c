/* A model in memory: counts, input quantization and the reference forward
 * pass. The file format lives in model_file.c, the rules in model_check.c. */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void model_free(model *m)
{
    for (int i = 0; i < m->n_layers && i < MODEL_MAX_LAYERS; i++) {
        model_layer *l = &m->layers[i];
        free(l->weights);
        free(l->bias);
        free(l->w_scale);
        free(l->qmul);
    }
    memset(m, 0, sizeof *m);
}

long model_layer_weights(const model_layer *l)
{
    switch (l->kind) {
    case LAYER_CONV:
        return (long)l->out_c * l->k_h * l->k_w * l->in_c;
    case LAYER_FC:
        return (long)l->out_c * l->in_c;
    default:
        return 0;
    }
}

long model_layer_units(const model_layer *l)
{
    return (long)l->out_h * l->out_w * l->out_c;
}

long model_layer_connections(const model_layer *l)
{
    switch (l->kind) {
    case LAYER_CONV:
        return model_layer_units(l) * l->k_h * l->k_w * l->in_c;
    case LAYER_FC:
        return (long)l->out_c * l->in_c;
    default: /* a pool: its inputs, as the LeNet-5 table counts them */
        return (long)l->in_h * l->in_w * l->in_c;
    }
}

void model_quantize_input(const model *m, const uint8_t *pixels, int8_t *out)
{
    const model_layer *l = &m->layers[0];
    long n = (long)l->in_h * l->in_w * l->in_c;
    for (long i = 0; i < n; i++) {
        /* real value pixel / 255, quantized as round(real / scale) + zp */
        double q = round(pixels[i] / 255.0 / (double)l->in_scale) + l->in_zp;
        out[i] = (int8_t)(q < -128 ? -128 : q > 127 ? 127 : q);
    }
}

size_t model_max_activation(const model *m)
{
    size_t max = 0;
    for (int i = 0; i < m->n_layers; i++) {
        const model_layer *l = &m->layers[i];
        size_t in = (size_t)l->in_h * l->in_w * l->in_c;
        size_t out = (size_t)model_layer_units(l);
        if (in > max)
            max = in;
        if (out > max)
            max = out;
    }
    return max;
}

void model_run_layer(const model_layer *l, const int8_t *in, int8_t *out)
{
    if (l->kind == LAYER_CONV) {
        const ref_conv p = {
            .in_h = l->in_h, .in_w = l->in_w, .in_c = l->in_c, .out_c = l->out_c,
            .k_h = l->k_h, .k_w = l->k_w,
            .stride_h = l->stride_h, .stride_w = l->stride_w,
            .pad_top = l->pad_top, .pad_bottom = l->pad_bottom,
            .pad_left = l->pad_left, .pad_right = l->pad_right,
            .zp_in = l->in_zp, .zp_out = l->out_zp,
            .act_min = ref_act_min(l->relu, l->out_zp), .act_max = 127,
            .weights = l->weights, .bias = l->bias, .qmul = l->qmul,
        };
        ref_conv2d(&p, in, out);
    } else if (l->kind == LAYER_FC) {
        const ref_fc p = {
            .in_n = l->in_c, .out_n = l->out_c,
            .zp_in = l->in_zp, .zp_out = l->out_zp,
            .act_min = ref_act_min(l->relu, l->out_zp), .act_max = 127,
            .weights = l->weights, .bias = l->bias, .qmul = l->qmul,
        };
        ref_fully_connected(&p, in, out);
    } else {
        const ref_pool p = {
            .in_h = l->in_h, .in_w = l->in_w, .c = l->in_c,
            .k_h = l->k_h, .k_w = l->k_w,
            .stride_h = l->stride_h, .stride_w = l->stride_w,
            .pad_top = l->pad_top, .pad_bottom = l->pad_bottom,
            .pad_left = l->pad_left, .pad_right = l->pad_right,
        };
        if (l->kind == LAYER_MAXPOOL)
            ref_maxpool(&p, in, out);
        else
            ref_avgpool(&p, in, out);
    }
}

int model_forward(const model *m, const int8_t *input, int8_t *logits,
                  int8_t *scratch)
{
    size_t half = model_max_activation(m);
    const int8_t *in = input;
    for (int i = 0; i < m->n_layers; i++) {
        int8_t *out = i == m->n_layers - 1 ? logits : scratch + (size_t)(i % 2) * half;
        model_run_layer(&m->layers[i], in, out);
        in = out;
    }
    const model_layer *last = &m->layers[m->n_layers - 1];
    return ref_argmax(logits, (int)model_layer_units(last));
}
