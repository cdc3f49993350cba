/*
 * Quantizer unit tests: hand-derived values for weights, biases and
 * activation parameters (ties, saturation, empty and huge ranges), whole-model
 * builds with an all-zero channel, a multiplier below 2^-32 (q = 0) and one
 * that needs a left shift above 31 (rejected), and the int8 network against
 * the float network it came from.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lf_rng.h"
#include "quantize.h"

static char err[512];

static void weights_hand_values(void **state)
{
    (void)state;
    /* max|w| = 127 * 2^-7, so the scale is exactly 2^-7 and 1.5 * 2^-7 is an
     * exact tie, which rounds away from zero. */
    const float w[5] = { 0.9921875f, -0.5f, 0.01171875f, -0.01171875f, 0.0f };
    const int8_t want[5] = { 127, -64, 2, -2, 0 };
    int8_t q[5];
    float scale;
    assert_int_equal(q_weights(w, 1, 5, q, &scale, err, sizeof err), 0);
    assert_true(scale == 0.0078125f);
    assert_memory_equal(q, want, sizeof want);
}

static void weights_zero_channel(void **state)
{
    (void)state;
    const float w[2][3] = { { 0.5f, -0.25f, 0.125f }, { 0, 0, 0 } };
    int8_t q[6];
    float scale[2];
    assert_int_equal(q_weights(&w[0][0], 2, 3, q, scale, err, sizeof err), 0);
    assert_true(scale[0] == 0.5f / 127.0f);
    assert_true(scale[1] == 1.0f / 127.0f); /* documented fallback */
    assert_int_equal(q[0], 127);
    for (int i = 3; i < 6; i++)
        assert_int_equal(q[i], 0);
}

static void weights_not_finite(void **state)
{
    (void)state;
    const float w[2] = { 1.0f, INFINITY };
    int8_t q[2];
    float scale;
    assert_int_equal(q_weights(w, 1, 2, q, &scale, err, sizeof err), -1);
    assert_non_null(strstr(err, "not finite"));
}

static void bias_rounding_and_saturation(void **state)
{
    (void)state;
    /* bias scale 0.5 * 0.25 = 0.125: 1.0 -> 8, +-0.3125 = +-2.5 units -> +-3 */
    assert_int_equal(q_bias(1.0f, 0.5f, 0.25f), 8);
    assert_int_equal(q_bias(0.3125f, 0.5f, 0.25f), 3);
    assert_int_equal(q_bias(-0.3125f, 0.5f, 0.25f), -3);
    assert_int_equal(q_bias(1e30f, 0.5f, 0.25f), INT32_MAX);
    assert_int_equal(q_bias(-1e30f, 0.5f, 0.25f), INT32_MIN);
    assert_int_equal(q_bias(NAN, 0.5f, 0.25f), 0);
    /* 2^31 - 1 units fits, 2^31 saturates */
    assert_int_equal(q_bias(2147483648.0f, 1.0f, 1.0f), INT32_MAX);
    assert_int_equal(q_bias(-2147483648.0f, 1.0f, 1.0f), INT32_MIN);
}

static void activation_params(void **state)
{
    (void)state;
    float s;
    int32_t zp;
    /* ReLU: [0, 2.55] -> scale 0.01, zero point -128 */
    assert_int_equal(q_activation(-5, 2.55f, 1, &s, &zp, err, sizeof err), 0);
    assert_float_equal(s, 0.01, 1e-9);
    assert_int_equal(zp, -128);
    /* [-1, 3]: scale 4/255, zp = round(-128 + 1 / (4/255)) = round(-64.25) */
    assert_int_equal(q_activation(-1, 3, 0, &s, &zp, err, sizeof err), 0);
    assert_true(s == (float)(4.0 / 255.0));
    assert_int_equal(zp, -64);
    /* a range that excludes 0 is widened to include it */
    assert_int_equal(q_activation(1, 2, 0, &s, &zp, err, sizeof err), 0);
    assert_int_equal(zp, -128);
    assert_int_equal(q_activation(-3, -1, 0, &s, &zp, err, sizeof err), 0);
    assert_true(s == (float)(3.0 / 255.0));
    assert_int_equal(zp, 127);
    /* all outputs zero: scale 1/255 */
    assert_int_equal(q_activation(0, 0, 0, &s, &zp, err, sizeof err), 0);
    assert_true(s == 1.0f / 255.0f);
    assert_int_equal(zp, -128);
    /* huge symmetric range: zp = round(-128 + 127.5) = -1 (half away) */
    assert_int_equal(q_activation(-1e30f, 1e30f, 0, &s, &zp, err, sizeof err), 0);
    assert_true(isfinite(s) && s > 7e27f);
    assert_int_equal(zp, -1);
    assert_int_equal(q_activation(0, INFINITY, 1, &s, &zp, err, sizeof err), -1);
    assert_non_null(strstr(err, "not finite"));
}

/* A random float net (nonzero biases) and calibration on random images. */
typedef struct {
    float params[LF_N_PARAMS];
    uint8_t pixels[64 * LF_IMG * LF_IMG];
    uint8_t labels[64];
    lf_data d;
    q_range ranges[LENET_LAYERS];
} fixture;

static fixture *make_fixture(uint64_t seed)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    lf_rng rng = { seed };
    lf_init(f->params, seed);
    for (int t = 0; t < LF_N_TENSORS; t++)
        if (lf_tensors[t].rows == 1)
            for (int i = 0; i < lf_tensors[t].count; i++)
                f->params[lf_tensors[t].offset + i] = (float)(0.1 * lf_rng_unit(&rng));
    for (size_t i = 0; i < sizeof f->pixels; i++)
        f->pixels[i] = (uint8_t)lf_rng_below(&rng, 256);
    f->d = (lf_data){ 64, f->pixels, f->labels };
    assert_int_equal(q_calibrate(f->params, &f->d, 64, f->ranges), 0);
    return f;
}

static void build_zero_channel(void **state)
{
    (void)state;
    fixture *f = make_fixture(3);
    const lf_tensor_info *w = &lf_tensors[LF_C3_W], *b = &lf_tensors[LF_C3_B];
    memset(f->params + w->offset + 5 * LF_C3_PATCH, 0, LF_C3_PATCH * sizeof(float));
    model m;
    assert_int_equal(q_build(f->params, f->ranges, &m, err, sizeof err), 0);
    const model_layer *c3 = &m.layers[2];
    assert_true(c3->w_scale[5] == 1.0f / 127.0f);
    for (int i = 0; i < LF_C3_PATCH; i++)
        assert_int_equal(c3->weights[5 * LF_C3_PATCH + i], 0);
    /* the channel still carries its bias, at s_in * (1/127) */
    double want = round((double)f->params[b->offset + 5] /
                        ((double)c3->in_scale * (double)(1.0f / 127.0f)));
    assert_int_equal(c3->bias[5], (int32_t)want);
    assert_true(c3->bias[5] != 0);
    model_free(&m);
    free(f);
}

static void build_multiplier_underflow(void **state)
{
    (void)state;
    fixture *f = make_fixture(4);
    /* F6 output range 1e30: M = s_in * s_w / s_out < 2^-32, so every F6
     * channel gets q = 0, shift 0 and outputs its zero point. The output
     * layer then reads that huge scale; give it a matching range. */
    f->ranges[5] = (q_range){ 0, 1e30f };
    f->ranges[6] = (q_range){ -1e30f, 1e30f };
    model m;
    assert_int_equal(q_build(f->params, f->ranges, &m, err, sizeof err), 0);
    const model_layer *f6 = &m.layers[5];
    for (int c = 0; c < f6->out_c; c++) {
        assert_int_equal(f6->qmul[c].multiplier, 0);
        assert_int_equal(f6->qmul[c].shift, 0);
    }
    int8_t in[LF_F5], out[LF_F6];
    for (int i = 0; i < LF_F5; i++)
        in[i] = (int8_t)(i - 60);
    model_run_layer(f6, in, out);
    for (int c = 0; c < LF_F6; c++)
        assert_int_equal(out[c], -128);
    model_free(&m);
    free(f);
}

static void build_multiplier_overflow(void **state)
{
    (void)state;
    fixture *f = make_fixture(5);
    /* F5 output range 1e-30: M ~ 1e28 needs a left shift far above 31 */
    f->ranges[4] = (q_range){ 0, 1e-30f };
    model m;
    assert_int_equal(q_build(f->params, f->ranges, &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "F5"));
    assert_non_null(strstr(err, "left shift"));
    assert_int_equal(m.n_layers, 0);
    free(f);
}

/* The int8 logits, dequantized, track the float logits: each layer adds at
 * most about one output step of rounding, so over seven layers the error
 * stays within a few steps of the logit scale (bound: 6 steps). */
static void int8_tracks_float(void **state)
{
    (void)state;
    fixture *f = make_fixture(6);
    model m;
    assert_int_equal(q_build(f->params, f->ranges, &m, err, sizeof err), 0);
    lf_work *w = malloc(sizeof *w);
    int8_t *buf = malloc(3 * model_max_activation(&m) + LF_IMG * LF_IMG);
    assert_non_null(w);
    assert_non_null(buf);
    int8_t *input = buf, *logits = buf + LF_IMG * LF_IMG;
    int8_t *scratch = logits + model_max_activation(&m);
    const model_layer *out = &m.layers[m.n_layers - 1];
    double worst = 0;
    for (int k = 0; k < 16; k++) {
        const uint8_t *img = f->pixels + (size_t)k * LF_IMG * LF_IMG;
        lf_forward(f->params, img, (lf_aug){ 0, 0, 0 }, w);
        model_quantize_input(&m, img, input);
        model_forward(&m, input, logits, scratch);
        for (int c = 0; c < LF_CLASSES; c++) {
            double deq = (double)out->out_scale * (logits[c] - out->out_zp);
            worst = fmax(worst, fabs(deq - (double)w->logits[c]) / out->out_scale);
        }
    }
    print_message("worst logit error: %.2f output steps\n", worst);
    assert_true(worst <= 6.0);
    free(w);
    free(buf);
    model_free(&m);
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(weights_hand_values),
        cmocka_unit_test(weights_zero_channel),
        cmocka_unit_test(weights_not_finite),
        cmocka_unit_test(bias_rounding_and_saturation),
        cmocka_unit_test(activation_params),
        cmocka_unit_test(build_zero_channel),
        cmocka_unit_test(build_multiplier_underflow),
        cmocka_unit_test(build_multiplier_overflow),
        cmocka_unit_test(int8_tracks_float),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
