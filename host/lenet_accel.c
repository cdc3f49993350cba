/* A network with its conv layers on the engine; see lenet_accel.h. */
#include "lenet_accel.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lenet_accel {
    const model *m;
    int n_conv;
    int conv_index[MODEL_MAX_LAYERS];       /* model layer of each conv */
    accel_layer *layer[MODEL_MAX_LAYERS];   /* per model layer, NULL unless conv */
    size_t act_bytes;                       /* largest activation */
    int8_t *eng[2], *ref[2];                /* ping-pong activations of both paths */
};

static ref_conv conv_params(const model_layer *l)
{
    return (ref_conv){
        .in_h = l->in_h, .in_w = l->in_w, .in_c = l->in_c, .out_c = l->out_c,
        .k_h = l->k_h, .k_w = l->k_w,
        .stride_h = l->stride_h, .stride_w = l->stride_w,
        .pad_top = l->pad_top, .pad_bottom = l->pad_bottom,
        .pad_left = l->pad_left, .pad_right = l->pad_right,
        .zp_in = l->in_zp, .zp_out = l->out_zp,
        .act_min = ref_act_min(l->relu, l->out_zp), .act_max = 127,
        .weights = l->weights, .bias = l->bias, .qmul = l->qmul,
    };
}

lenet_accel *lenet_accel_create(const model *m, accel_dev *dev, uint64_t watchdog,
                                char *err, size_t errlen)
{
    lenet_accel *a = calloc(1, sizeof *a);
    if (!a) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    a->m = m;
    a->act_bytes = model_max_activation(m);
    for (int i = 0; i < 2; i++) {
        a->eng[i] = malloc(a->act_bytes);
        a->ref[i] = malloc(a->act_bytes);
        if (!a->eng[i] || !a->ref[i]) {
            snprintf(err, errlen, "out of memory");
            lenet_accel_free(a);
            return NULL;
        }
    }
    accel_set_watchdog(dev, watchdog);
    for (int i = 0; i < m->n_layers; i++) {
        const model_layer *l = &m->layers[i];
        if (l->kind != LAYER_CONV)
            continue;
        const ref_conv p = conv_params(l);
        char why[384];
        a->layer[i] = accel_prepare(dev, &p, why, sizeof why);
        if (!a->layer[i]) {
            snprintf(err, errlen, "layer %s: %s", l->name, why);
            lenet_accel_free(a);
            return NULL;
        }
        a->conv_index[a->n_conv++] = i;
    }
    return a;
}

void lenet_accel_free(lenet_accel *a)
{
    if (!a)
        return;
    /* newest first, so the device memory of every layer is returned */
    for (int i = MODEL_MAX_LAYERS - 1; i >= 0; i--)
        accel_layer_free(a->layer[i]);
    for (int i = 0; i < 2; i++) {
        free(a->eng[i]);
        free(a->ref[i]);
    }
    free(a);
}

int lenet_accel_conv_count(const lenet_accel *a)
{
    return a->n_conv;
}

int lenet_accel_conv_layer(const lenet_accel *a, int i)
{
    return a->conv_index[i];
}

/* First differing byte of a layer run on the reference kernels (both paths
 * used the same kernel, so only a difference in its input explains it). */
static size_t compare_plain(const model_layer *l, const int8_t *got, const int8_t *want,
                            char *msg, size_t msglen)
{
    const size_t n = (size_t)model_layer_units(l);
    size_t diffs = 0, first = 0;
    for (size_t i = 0; i < n; i++)
        if (got[i] != want[i] && diffs++ == 0)
            first = i;
    if (diffs) {
        const size_t c = first % (size_t)l->out_c, px = first / (size_t)l->out_c;
        snprintf(msg, msglen,
                 "%zu bytes differ; first at y=%zu x=%zu channel %zu: engine path %d, "
                 "reference %d",
                 diffs, px / (size_t)l->out_w, px % (size_t)l->out_w, c, got[first],
                 want[first]);
    }
    return diffs;
}

int lenet_accel_forward(lenet_accel *a, const int8_t *input, int verify,
                        lenet_accel_result *res, accel_stats *conv_stats,
                        char *err, size_t errlen)
{
    const model *m = a->m;
    const int8_t *eng_in = input, *ref_in = input;
    int conv = 0;
    for (int i = 0; i < m->n_layers; i++) {
        const model_layer *l = &m->layers[i];
        int8_t *eng_out = a->eng[i % 2], *ref_out = a->ref[i % 2];
        if (a->layer[i]) {
            char why[384];
            if (accel_run(a->layer[i], eng_in, eng_out, &conv_stats[conv++], why,
                          sizeof why) != 0) {
                snprintf(err, errlen, "layer %s: %s", l->name, why);
                return -1;
            }
        } else {
            model_run_layer(l, eng_in, eng_out);
        }
        model_run_layer(l, ref_in, ref_out);
        if (verify) {
            char why[384];
            const size_t diffs = a->layer[i]
                ? accel_compare(a->layer[i], eng_out, ref_out, why, sizeof why)
                : compare_plain(l, eng_out, ref_out, why, sizeof why);
            if (diffs) {
                snprintf(err, errlen, "verify: layer %s (%d of %d) differs from the reference: %s",
                         l->name, i + 1, m->n_layers, why);
                return -1;
            }
        }
        eng_in = eng_out;
        ref_in = ref_out;
    }
    const model_layer *last = &m->layers[m->n_layers - 1];
    const int classes = (int)model_layer_units(last);
    res->prediction = ref_argmax(eng_in, classes);
    res->ref_prediction = ref_argmax(ref_in, classes);
    res->bitexact = memcmp(eng_in, ref_in, (size_t)classes) == 0;
    return 0;
}
