/* Deterministic pseudo-random models (see random_model.h). */
#include "random_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lenet.h"
#include "model_check.h"

uint32_t rnd_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

int32_t rnd_range(uint32_t *s, int32_t lo, int32_t hi)
{
    return lo + (int32_t)(rnd_next(s) % (uint32_t)(hi - lo + 1));
}

enum { CAL_N = 8 }; /* calibration inputs */

/* int32 accumulators of a conv or fc layer for one input. */
static void layer_acc(const model_layer *l, const int8_t *in, int32_t *acc)
{
    if (l->kind == LAYER_FC) {
        const ref_fc p = {.in_n = l->in_c, .out_n = l->out_c, .zp_in = l->in_zp,
                          .zp_out = 0, .act_min = -128, .act_max = 127,
                          .weights = l->weights, .bias = l->bias, .qmul = l->qmul};
        ref_fully_connected_acc(&p, in, acc);
        return;
    }
    const ref_conv p = {
        .in_h = l->in_h, .in_w = l->in_w, .in_c = l->in_c, .out_c = l->out_c,
        .k_h = l->k_h, .k_w = l->k_w, .stride_h = l->stride_h, .stride_w = l->stride_w,
        .pad_top = l->pad_top, .pad_bottom = l->pad_bottom,
        .pad_left = l->pad_left, .pad_right = l->pad_right,
        .zp_in = l->in_zp, .zp_out = 0, .act_min = -128, .act_max = 127,
        .weights = l->weights, .bias = l->bias, .qmul = l->qmul};
    ref_conv2d_acc(&p, in, acc);
}

/* Per-channel mean of the bias-free accumulators over the calibration
 * batch into mean[], and returns their spread around those means. */
static double acc_stats(model_layer *l, int8_t *const *in, double *mean)
{
    long n = model_layer_units(l), per_c = n / l->out_c;
    int32_t *acc = malloc((size_t)n * sizeof *acc);
    double *sum = calloc((size_t)l->out_c, sizeof *sum);
    double *sq = calloc((size_t)l->out_c, sizeof *sq);
    memset(l->bias, 0, (size_t)l->out_c * sizeof *l->bias);
    double var = 0;
    if (acc && sum && sq) {
        for (int k = 0; k < CAL_N; k++) {
            layer_acc(l, in[k], acc);
            for (long j = 0; j < n; j++) {
                sum[j % l->out_c] += acc[j];
                sq[j % l->out_c] += (double)acc[j] * acc[j];
            }
        }
        for (int c = 0; c < l->out_c; c++) {
            mean[c] = sum[c] / (double)(per_c * CAL_N);
            var += sq[c] / (double)(per_c * CAL_N) - mean[c] * mean[c];
        }
    }
    free(acc);
    free(sum);
    free(sq);
    return sqrt(var > 0 ? var / l->out_c : 0) + 1.0;
}

int random_fill(model *m, uint32_t seed)
{
    uint32_t s = seed ? seed : 1;
    size_t max = model_max_activation(m);
    int8_t *a[CAL_N], *b[CAL_N];
    int ok = 1;
    for (int k = 0; k < CAL_N; k++) {
        a[k] = malloc(max);
        b[k] = malloc(max);
        ok = ok && a[k] && b[k];
    }
    const model_layer *first = &m->layers[0];
    for (int k = 0; ok && k < CAL_N; k++)
        for (long j = 0; j < (long)first->in_h * first->in_w * first->in_c; j++)
            a[k][j] = (int8_t)rnd_range(&s, -128, 127);
    for (int i = 0; ok && i < m->n_layers; i++) {
        model_layer *l = &m->layers[i];
        if (i > 0) {
            l->in_scale = m->layers[i - 1].out_scale;
            l->in_zp = m->layers[i - 1].out_zp;
        }
        if (l->kind != LAYER_CONV && l->kind != LAYER_FC) {
            l->out_scale = l->in_scale;
            l->out_zp = l->in_zp;
        } else {
            long nw = model_layer_weights(l);
            /* weight scales ~ 1/sqrt(fan-in), as a trained layer's */
            float w_nominal = (float)(1.0 / (127.0 * sqrt((double)(nw / l->out_c))));
            for (long k = 0; k < nw; k++)
                l->weights[k] = (int8_t)rnd_range(&s, -127, 127);
            /* calibrate as batch normalization would: biases centre each
             * channel, the spread becomes ~40 output steps */
            double mean[MODEL_MAX_DIM];
            double sd = acc_stats(l, a, mean);
            l->out_scale = (float)((double)l->in_scale * (double)w_nominal * sd / 40.0);
            l->out_zp = l->relu ? -128 : rnd_range(&s, -10, 10);
            int32_t jitter = (int32_t)(sd * 0.3);
            for (int c = 0; c < l->out_c; c++) {
                l->bias[c] = (int32_t)-mean[c] + rnd_range(&s, -jitter, jitter);
                l->w_scale[c] = w_nominal * (float)rnd_range(&s, 50, 150) / 100.0f;
            }
            model_layer_set_qmul(l);
        }
        for (int k = 0; k < CAL_N; k++)
            model_run_layer(l, a[k], b[k]);
        for (int k = 0; k < CAL_N; k++) {
            int8_t *t = a[k];
            a[k] = b[k];
            b[k] = t;
        }
    }
    for (int k = 0; k < CAL_N; k++) {
        free(a[k]);
        free(b[k]);
    }
    return ok ? 0 : -1;
}

int random_lenet(model *m, uint32_t seed)
{
    if (lenet_init(m))
        return -1;
    if (random_fill(m, seed)) {
        model_free(m);
        return -1;
    }
    return 0;
}

static int alloc_params(model_layer *l)
{
    size_t nc = (size_t)l->out_c;
    l->weights = malloc((size_t)model_layer_weights(l));
    l->bias = malloc(nc * sizeof *l->bias);
    l->w_scale = malloc(nc * sizeof *l->w_scale);
    l->qmul = malloc(nc * sizeof *l->qmul);
    return l->weights && l->bias && l->w_scale && l->qmul ? 0 : -1;
}

int random_small(model *m, uint32_t seed)
{
    static const struct {
        layer_kind kind;
        const char *name;
        int out_c, kh, kw, sh, sw, pt, pb, pl, pr, relu;
    } spec[] = {
        {LAYER_CONV, "conv_a", 5, 3, 3, 2, 2, 1, 0, 0, 2, 1},
        {LAYER_AVGPOOL, "avg", 0, 2, 2, 1, 1, 0, 1, 1, 0, 0},
        {LAYER_CONV, "conv_b", 4, 1, 3, 1, 1, 0, 0, 1, 1, 0},
        {LAYER_MAXPOOL, "max", 0, 3, 3, 2, 2, 1, 1, 1, 1, 0},
        {LAYER_FC, "fc_a", 12, 0, 0, 0, 0, 0, 0, 0, 0, 1},
        {LAYER_FC, "fc_b", 3, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    };
    memset(m, 0, sizeof *m);
    strcpy(m->name, "small");
    int h = 9, w = 11, c = 2;
    for (int i = 0; i < (int)(sizeof spec / sizeof spec[0]); i++) {
        model_layer *l = &m->layers[i];
        m->n_layers = i + 1;
        l->kind = spec[i].kind;
        strcpy(l->name, spec[i].name);
        l->relu = spec[i].relu;
        l->in_scale = 0.02f;
        l->in_zp = 3;
        if (l->kind == LAYER_FC) {
            l->in_h = l->in_w = l->out_h = l->out_w = 1;
            l->in_c = h * w * c;
            l->out_c = spec[i].out_c;
        } else {
            l->in_h = h;
            l->in_w = w;
            l->in_c = c;
            l->k_h = spec[i].kh;
            l->k_w = spec[i].kw;
            l->stride_h = spec[i].sh;
            l->stride_w = spec[i].sw;
            l->pad_top = spec[i].pt;
            l->pad_bottom = spec[i].pb;
            l->pad_left = spec[i].pl;
            l->pad_right = spec[i].pr;
            l->out_h = ref_out_dim(h, l->k_h, l->stride_h, l->pad_top, l->pad_bottom);
            l->out_w = ref_out_dim(w, l->k_w, l->stride_w, l->pad_left, l->pad_right);
            l->out_c = l->kind == LAYER_CONV ? spec[i].out_c : c;
        }
        if ((l->kind == LAYER_CONV || l->kind == LAYER_FC) && alloc_params(l)) {
            model_free(m);
            return -1;
        }
        h = l->out_h;
        w = l->out_w;
        c = l->out_c;
    }
    if (random_fill(m, seed)) {
        model_free(m);
        return -1;
    }
    return 0;
}
