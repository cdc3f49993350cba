/* The LeNet-5 graph of the course notes, built from a small table. */
#include "lenet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_check.h"

static const struct {
    layer_kind kind;
    const char *name;
    int out_c; /* conv/fc outputs; pools keep their input channels */
    int k, stride, pad, relu;
} lenet_spec[LENET_LAYERS] = {
    {LAYER_CONV, "C1", 6, 5, 1, 2, 1},
    {LAYER_MAXPOOL, "S2", 0, 2, 2, 0, 0},
    {LAYER_CONV, "C3", 16, 5, 1, 0, 1},
    {LAYER_MAXPOOL, "S4", 0, 2, 2, 0, 0},
    {LAYER_FC, "F5", 120, 0, 0, 0, 1},
    {LAYER_FC, "F6", 84, 0, 0, 0, 1},
    {LAYER_FC, "output", LENET_CLASSES, 0, 0, 0, 0},
};

void lenet_shapes(model *m)
{
    memset(m, 0, sizeof *m);
    strcpy(m->name, "lenet5");
    m->n_layers = LENET_LAYERS;
    int h = 28, w = 28, c = 1;
    for (int i = 0; i < LENET_LAYERS; i++) {
        model_layer *l = &m->layers[i];
        l->kind = lenet_spec[i].kind;
        strcpy(l->name, lenet_spec[i].name);
        l->relu = lenet_spec[i].relu;
        l->in_scale = l->out_scale = LENET_INPUT_SCALE;
        l->in_zp = l->out_zp = LENET_INPUT_ZP;
        if (l->kind == LAYER_FC) {
            l->in_h = l->in_w = l->out_h = l->out_w = 1;
            l->in_c = h * w * c; /* flattened NHWC */
            l->out_c = lenet_spec[i].out_c;
        } else {
            int k = lenet_spec[i].k, s = lenet_spec[i].stride, p = lenet_spec[i].pad;
            l->in_h = h;
            l->in_w = w;
            l->in_c = c;
            l->k_h = l->k_w = k;
            l->stride_h = l->stride_w = s;
            l->pad_top = l->pad_bottom = l->pad_left = l->pad_right = p;
            l->out_h = ref_out_dim(h, k, s, p, p);
            l->out_w = ref_out_dim(w, k, s, p, p);
            l->out_c = l->kind == LAYER_CONV ? lenet_spec[i].out_c : c;
        }
        h = l->out_h;
        w = l->out_w;
        c = l->out_c;
    }
}

int lenet_init(model *m)
{
    lenet_shapes(m);
    for (int i = 0; i < m->n_layers; i++) {
        model_layer *l = &m->layers[i];
        if (l->kind != LAYER_CONV && l->kind != LAYER_FC)
            continue;
        size_t nc = (size_t)l->out_c;
        l->weights = calloc((size_t)model_layer_weights(l), 1);
        l->bias = calloc(nc, sizeof *l->bias);
        l->w_scale = malloc(nc * sizeof *l->w_scale);
        l->qmul = malloc(nc * sizeof *l->qmul);
        if (!l->weights || !l->bias || !l->w_scale || !l->qmul) {
            model_free(m);
            return -1;
        }
        for (size_t k = 0; k < nc; k++)
            l->w_scale[k] = 1.0f / 127.0f;
        model_layer_set_qmul(l); /* M = 1/127: always representable */
    }
    return 0;
}

int lenet_check(const model *m, const char *path, char *err, size_t errlen)
{
    model want;
    lenet_shapes(&want);
    if (m->n_layers != want.n_layers) {
        snprintf(err, errlen, "%s: not LeNet-5: %d layers instead of %d", path,
                 m->n_layers, want.n_layers);
        return -1;
    }
    for (int i = 0; i < want.n_layers; i++) {
        const model_layer *a = &m->layers[i], *b = &want.layers[i];
        if (a->kind != b->kind || a->in_h != b->in_h || a->in_w != b->in_w ||
            a->in_c != b->in_c || a->out_h != b->out_h || a->out_w != b->out_w ||
            a->out_c != b->out_c || a->k_h != b->k_h || a->k_w != b->k_w ||
            a->stride_h != b->stride_h || a->stride_w != b->stride_w ||
            a->pad_top != b->pad_top || a->pad_bottom != b->pad_bottom ||
            a->pad_left != b->pad_left || a->pad_right != b->pad_right ||
            a->relu != b->relu) {
            snprintf(err, errlen,
                     "%s: not LeNet-5: layer %d (%s) differs from %s in kind, "
                     "shape, kernel, stride, padding or ReLU",
                     path, i, a->name, b->name);
            return -1;
        }
    }
    if (m->layers[0].in_scale != LENET_INPUT_SCALE ||
        m->layers[0].in_zp != LENET_INPUT_ZP) {
        snprintf(err, errlen,
                 "%s: not LeNet-5: input scale %g zero point %d, expected 1/255 "
                 "and %d",
                 path, (double)m->layers[0].in_scale, (int)m->layers[0].in_zp,
                 LENET_INPUT_ZP);
        return -1;
    }
    return 0;
}
