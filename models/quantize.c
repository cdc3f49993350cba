/* Post-training quantization: float LeNet-5 + calibration ranges -> model. */
#include "quantize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_check.h"

int q_weights(const float *w, int rows, int per_row, int8_t *q, float *scale,
              char *err, size_t errlen)
{
    for (int r = 0; r < rows; r++) {
        const float *row = w + (size_t)r * per_row;
        float m = 0;
        for (int i = 0; i < per_row; i++) {
            if (!isfinite(row[i])) {
                snprintf(err, errlen, "weight %d of channel %d is not finite", i, r);
                return -1;
            }
            m = fmaxf(m, fabsf(row[i]));
        }
        scale[r] = m > 0 ? m / 127.0f : 1.0f / 127.0f;
        if (!(scale[r] > 0)) /* max|w| so small that m / 127 underflows */
            scale[r] = m;
        for (int i = 0; i < per_row; i++) {
            double v = round((double)row[i] / (double)scale[r]);
            q[(size_t)r * per_row + i] = (int8_t)(v > 127 ? 127 : v < -127 ? -127 : v);
        }
    }
    return 0;
}

int32_t q_bias(float b, float s_in, float s_w)
{
    double v = round((double)b / ((double)s_in * (double)s_w));
    if (!(v > (double)INT32_MIN)) /* also catches NaN */
        return isnan(v) ? 0 : INT32_MIN;
    return v >= (double)INT32_MAX ? INT32_MAX : (int32_t)v;
}

int q_activation(float lo, float hi, int relu, float *scale, int32_t *zp,
                 char *err, size_t errlen)
{
    if (!isfinite(lo) || !isfinite(hi)) {
        snprintf(err, errlen, "activation range [%g, %g] is not finite",
                 (double)lo, (double)hi);
        return -1;
    }
    lo = relu ? 0 : fminf(lo, 0);
    hi = fmaxf(hi, 0);
    float s = (float)(((double)hi - (double)lo) / 255.0);
    if (!(s > 0) || !isfinite(s)) {
        if (hi > lo) {
            snprintf(err, errlen, "activation range [%g, %g] has no int8 scale",
                     (double)lo, (double)hi);
            return -1;
        }
        s = 1.0f / 255.0f;
    }
    double z = round(-128.0 - (double)lo / (double)s);
    *scale = s;
    *zp = relu ? -128 : (int32_t)(z < -128 ? -128 : z > 127 ? 127 : z);
    return 0;
}

/* The float tensors of each LeNet layer (pools have none). */
static const int weight_tensor[LENET_LAYERS] = { LF_C1_W, -1, LF_C3_W, -1,
                                                 LF_F5_W, LF_F6_W, LF_OUT_W };

static void widen(q_range *r, const lf_real *v, int n)
{
    for (int i = 0; i < n; i++) {
        r->lo = fminf(r->lo, v[i]);
        r->hi = fmaxf(r->hi, v[i]);
    }
}

int q_calibrate(const float *params, const lf_data *d, int n,
                q_range ranges[LENET_LAYERS])
{
    lf_work *w = malloc(sizeof *w);
    if (!w)
        return -1;
    for (int i = 0; i < LENET_LAYERS; i++)
        ranges[i] = (q_range){ 0, 0 };
    const lf_aug none = { 0, 0, 0 };
    for (int k = 0; k < n && k < d->n; k++) {
        lf_forward(params, d->pixels + (size_t)k * LF_IMG * LF_IMG, none, w);
        widen(&ranges[0], w->c1, LF_C1 * LF_IMG * LF_IMG);
        widen(&ranges[2], w->c3, LF_C3_HW * LF_C3_HW * LF_C3);
        widen(&ranges[4], w->f5, LF_F5);
        widen(&ranges[5], w->f6, LF_F6);
        widen(&ranges[6], w->logits, LF_CLASSES);
    }
    ranges[1] = ranges[0];
    ranges[3] = ranges[2];
    free(w);
    return 0;
}

static int fill_layer(model_layer *l, const float *params, int t, char *err,
                      size_t errlen)
{
    const lf_tensor_info *wi = &lf_tensors[t], *bi = &lf_tensors[t + 1];
    if (q_weights(params + wi->offset, wi->rows, wi->count / wi->rows, l->weights,
                  l->w_scale, err, errlen))
        return -1;
    for (int c = 0; c < l->out_c; c++)
        l->bias[c] = q_bias(params[bi->offset + c], l->in_scale, l->w_scale[c]);
    if (model_layer_set_qmul(l)) {
        snprintf(err, errlen, "a requantization multiplier needs a left shift "
                 "above 31 (scales out of range)");
        return -1;
    }
    return 0;
}

int q_build(const float *params, const q_range ranges[LENET_LAYERS], model *m,
            char *err, size_t errlen)
{
    if (lenet_init(m)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    float scale = LENET_INPUT_SCALE;
    int32_t zp = LENET_INPUT_ZP;
    for (int i = 0; i < m->n_layers; i++) {
        model_layer *l = &m->layers[i];
        char msg[200];
        l->in_scale = scale;
        l->in_zp = zp;
        if (weight_tensor[i] < 0) { /* pool: same scale and zero point */
            l->out_scale = scale;
            l->out_zp = zp;
            continue;
        }
        if (q_activation(ranges[i].lo, ranges[i].hi, l->relu, &l->out_scale,
                         &l->out_zp, msg, sizeof msg) ||
            fill_layer(l, params, weight_tensor[i], msg, sizeof msg)) {
            snprintf(err, errlen, "layer %s: %s", l->name, msg);
            model_free(m);
            return -1;
        }
        scale = l->out_scale;
        zp = l->out_zp;
    }
    if (model_check(m, "quantized model", err, errlen)) {
        model_free(m);
        return -1;
    }
    return 0;
}
