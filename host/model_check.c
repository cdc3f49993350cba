/* Consistency rules of a model (docs/model-format.md, "Validation"). */
#include "model_check.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A name is 1..15 printable, non-space ASCII characters, NUL-terminated. */
static int name_ok(const char *name)
{
    size_t n = strnlen(name, MODEL_NAME_LEN);
    if (n == 0 || n == MODEL_NAME_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (name[i] < 0x21 || name[i] > 0x7e)
            return 0;
    return 1;
}

/* "<path>: layer <i> (<name>): <problem>"; the name only once it is known
 * to be printable. Always returns -1. */
static int layer_fail(const model *m, int i, const char *path, char *err,
                      size_t errlen, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *name = m->layers[i].name;
    if (name_ok(name))
        snprintf(err, errlen, "%s: layer %d (%s): %s", path, i, name, msg);
    else
        snprintf(err, errlen, "%s: layer %d: %s", path, i, msg);
    return -1;
}

#define FAIL(...) return layer_fail(m, i, path, err, errlen, __VA_ARGS__)

static int scale_ok(float s)
{
    return isfinite(s) && s > 0.0f;
}

static int zp_ok(int32_t zp)
{
    return zp >= -128 && zp <= 127;
}

static int has_params(layer_kind k)
{
    return k == LAYER_CONV || k == LAYER_FC;
}

static const char *kind_word(layer_kind k)
{
    return k == LAYER_CONV ? "conv" : k == LAYER_FC ? "fc" : "pool";
}

/* Kernel, stride, padding and the output size they imply. */
static int check_window(const model *m, int i, const char *path, char *err,
                        size_t errlen)
{
    const model_layer *l = &m->layers[i];
    if (l->k_h < 1 || l->k_h > MODEL_MAX_KERNEL || l->k_w < 1 ||
        l->k_w > MODEL_MAX_KERNEL)
        FAIL("kernel %dx%d outside 1..%d", l->k_h, l->k_w, MODEL_MAX_KERNEL);
    if (l->stride_h < 1 || l->stride_h > MODEL_MAX_STRIDE || l->stride_w < 1 ||
        l->stride_w > MODEL_MAX_STRIDE)
        FAIL("stride %dx%d outside 1..%d", l->stride_h, l->stride_w,
             MODEL_MAX_STRIDE);
    /* pad < kernel keeps at least one real input in every window, so no
     * pool window is empty. */
    if (l->pad_top < 0 || l->pad_bottom < 0 || l->pad_top >= l->k_h ||
        l->pad_bottom >= l->k_h || l->pad_left < 0 || l->pad_right < 0 ||
        l->pad_left >= l->k_w || l->pad_right >= l->k_w)
        FAIL("padding top %d bottom %d left %d right %d: each must be in "
             "0..kernel-1",
             l->pad_top, l->pad_bottom, l->pad_left, l->pad_right);
    int oh = ref_out_dim(l->in_h, l->k_h, l->stride_h, l->pad_top, l->pad_bottom);
    int ow = ref_out_dim(l->in_w, l->k_w, l->stride_w, l->pad_left, l->pad_right);
    if (oh < 1 || ow < 1)
        FAIL("kernel %dx%d does not fit the padded %dx%d input", l->k_h, l->k_w,
             l->in_h, l->in_w);
    if (l->out_h != oh || l->out_w != ow)
        FAIL("output %dx%d inconsistent with input %dx%d, kernel %dx%d, "
             "stride %dx%d and padding (expected %dx%d)",
             l->out_h, l->out_w, l->in_h, l->in_w, l->k_h, l->k_w, l->stride_h,
             l->stride_w, oh, ow);
    return 0;
}

int model_check_layer_shape(const model *m, int i, const char *path, char *err,
                            size_t errlen)
{
    const model_layer *l = &m->layers[i];
    if (l->kind != LAYER_CONV && l->kind != LAYER_MAXPOOL &&
        l->kind != LAYER_AVGPOOL && l->kind != LAYER_FC)
        FAIL("unknown layer kind %d", (int)l->kind);
    if (!name_ok(l->name))
        FAIL("name must be 1..%d printable characters without spaces",
             MODEL_NAME_LEN - 1);
    const int dims[6] = {l->in_h, l->in_w, l->in_c, l->out_h, l->out_w, l->out_c};
    for (int d = 0; d < 6; d++)
        if (dims[d] < 1 || dims[d] > MODEL_MAX_DIM)
            FAIL("shape %dx%dx%d -> %dx%dx%d: every dimension must be in 1..%d",
                 l->in_h, l->in_w, l->in_c, l->out_h, l->out_w, l->out_c,
                 MODEL_MAX_DIM);
    if ((long)l->in_h * l->in_w * l->in_c > MODEL_MAX_TENSOR ||
        (long)l->out_h * l->out_w * l->out_c > MODEL_MAX_TENSOR)
        FAIL("activation larger than %ld elements", MODEL_MAX_TENSOR);
    if (l->kind == LAYER_FC) {
        if (l->in_h != 1 || l->in_w != 1 || l->out_h != 1 || l->out_w != 1)
            FAIL("fc shapes must be 1x1xN (got %dx%dx%d -> %dx%dx%d)", l->in_h,
                 l->in_w, l->in_c, l->out_h, l->out_w, l->out_c);
        if (l->k_h || l->k_w || l->stride_h || l->stride_w || l->pad_top ||
            l->pad_bottom || l->pad_left || l->pad_right)
            FAIL("fc kernel, stride and padding fields must be 0");
    } else if (check_window(m, i, path, err, errlen)) {
        return -1;
    }
    if (l->kind != LAYER_CONV && l->kind != LAYER_FC && l->out_c != l->in_c)
        FAIL("pool changes the channel count (%d -> %d)", l->in_c, l->out_c);
    if (model_layer_weights(l) > MODEL_MAX_PARAMS)
        FAIL("%ld weights, more than the cap of %ld", model_layer_weights(l),
             MODEL_MAX_PARAMS);
    if (l->relu != 0 && l->relu != 1)
        FAIL("relu flag %d is neither 0 nor 1", l->relu);
    if (!has_params(l->kind) && l->relu)
        FAIL("pool layers have no ReLU");
    if (!scale_ok(l->in_scale) || !scale_ok(l->out_scale))
        FAIL("activation scales %g, %g must be finite and > 0",
             (double)l->in_scale, (double)l->out_scale);
    if (!zp_ok(l->in_zp) || !zp_ok(l->out_zp))
        FAIL("zero points %d, %d outside int8", (int)l->in_zp, (int)l->out_zp);
    if (!has_params(l->kind) &&
        (l->in_scale != l->out_scale || l->in_zp != l->out_zp))
        FAIL("pool output scale/zero point must equal its input's");
    return 0;
}

static int qmul_legal(ref_qmul q)
{
    if (q.multiplier == 0)
        return q.shift == 0;
    return q.multiplier >= (1 << 30) && q.shift >= -31 && q.shift <= 31;
}

static int check_params(const model *m, int i, const char *path, char *err,
                        size_t errlen)
{
    const model_layer *l = &m->layers[i];
    if (!has_params(l->kind)) {
        if (l->weights || l->bias || l->w_scale || l->qmul)
            FAIL("pool layers carry no parameters");
        return 0;
    }
    if (!l->weights || !l->bias || !l->w_scale || !l->qmul)
        FAIL("%s layer without its parameter arrays", kind_word(l->kind));
    long nw = model_layer_weights(l);
    for (long k = 0; k < nw; k++)
        if (l->weights[k] == -128)
            FAIL("weight %ld is -128; weights are symmetric int8 in [-127, 127]",
                 k);
    for (int c = 0; c < l->out_c; c++) {
        if (!scale_ok(l->w_scale[c]))
            FAIL("weight scale of channel %d (%g) must be finite and > 0", c,
                 (double)l->w_scale[c]);
        ref_qmul q = l->qmul[c];
        if (!qmul_legal(q))
            FAIL("channel %d: multiplier %d shift %d outside the legal range "
                 "(multiplier in [2^30, 2^31) and shift in [-31, 31], or 0 and 0)",
                 c, (int)q.multiplier, (int)q.shift);
        ref_qmul want;
        double mreal = (double)l->in_scale * (double)l->w_scale[c] /
                       (double)l->out_scale;
        if (ref_quantize_multiplier(mreal, &want))
            FAIL("channel %d: real multiplier %g is not representable", c, mreal);
        if (want.multiplier != q.multiplier || want.shift != q.shift)
            FAIL("channel %d: multiplier %d shift %d do not match the scales "
                 "(expected %d shift %d)",
                 c, (int)q.multiplier, (int)q.shift, (int)want.multiplier,
                 (int)want.shift);
    }
    return 0;
}

/* Layer i reads exactly what layer i-1 writes. */
static int check_link(const model *m, int i, const char *path, char *err,
                      size_t errlen)
{
    const model_layer *p = &m->layers[i - 1], *l = &m->layers[i];
    if (l->kind == LAYER_FC) {
        long flat = (long)p->out_h * p->out_w * p->out_c;
        if (l->in_c != flat)
            FAIL("fc has %d inputs but layer %d (%s) produces %dx%dx%d = %ld "
                 "values",
                 l->in_c, i - 1, p->name, p->out_h, p->out_w, p->out_c, flat);
    } else if (l->in_h != p->out_h || l->in_w != p->out_w || l->in_c != p->out_c) {
        FAIL("input %dx%dx%d does not match output %dx%dx%d of layer %d (%s)",
             l->in_h, l->in_w, l->in_c, p->out_h, p->out_w, p->out_c, i - 1,
             p->name);
    }
    if (l->in_scale != p->out_scale || l->in_zp != p->out_zp)
        FAIL("input scale %g zero point %d differ from the output scale %g zero "
             "point %d of layer %d (%s)",
             (double)l->in_scale, (int)l->in_zp, (double)p->out_scale,
             (int)p->out_zp, i - 1, p->name);
    for (int j = 0; j < i; j++)
        if (strcmp(m->layers[j].name, l->name) == 0)
            FAIL("name already used by layer %d", j);
    return 0;
}

int model_check(const model *m, const char *path, char *err, size_t errlen)
{
    if (!name_ok(m->name)) {
        snprintf(err, errlen,
                 "%s: model name must be 1..%d printable characters without spaces",
                 path, MODEL_NAME_LEN - 1);
        return -1;
    }
    if (m->n_layers < 1 || m->n_layers > MODEL_MAX_LAYERS) {
        snprintf(err, errlen, "%s: %d layers, expected 1..%d", path, m->n_layers,
                 MODEL_MAX_LAYERS);
        return -1;
    }
    for (int i = 0; i < m->n_layers; i++) {
        if (model_check_layer_shape(m, i, path, err, errlen) ||
            check_params(m, i, path, err, errlen) ||
            (i > 0 && check_link(m, i, path, err, errlen)))
            return -1;
    }
    return 0;
}

int model_layer_set_qmul(model_layer *l)
{
    for (int c = 0; c < l->out_c; c++) {
        double mreal = (double)l->in_scale * (double)l->w_scale[c] /
                       (double)l->out_scale;
        if (ref_quantize_multiplier(mreal, &l->qmul[c]))
            return -1;
    }
    return 0;
}
