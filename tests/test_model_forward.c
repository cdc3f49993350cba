/* model_forward against a layer-by-layer run built here directly on the
 * ref kernels (own buffers per layer, no ping-pong), on random models and
 * random inputs; and the input quantization of LeNet-5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lenet.h"
#include "model.h"
#include "random_model.h"

/* One layer, parameters passed to the kernels field by field. */
static void run_direct(const model_layer *l, const int8_t *in, int8_t *out)
{
    int32_t act_min = l->relu ? (l->out_zp > -128 ? l->out_zp : -128) : -128;
    if (l->kind == LAYER_FC) {
        ref_fc p = {l->in_c, l->out_c, l->in_zp, l->out_zp, act_min, 127,
                    l->weights, l->bias, l->qmul};
        ref_fully_connected(&p, in, out);
        return;
    }
    if (l->kind == LAYER_CONV) {
        ref_conv p = {l->in_h, l->in_w, l->in_c, l->out_c, l->k_h, l->k_w,
                      l->stride_h, l->stride_w, l->pad_top, l->pad_bottom,
                      l->pad_left, l->pad_right, l->in_zp, l->out_zp, act_min, 127,
                      l->weights, l->bias, l->qmul};
        assert_int_equal(ref_conv_out_h(&p), l->out_h);
        assert_int_equal(ref_conv_out_w(&p), l->out_w);
        ref_conv2d(&p, in, out);
        return;
    }
    ref_pool p = {l->in_h, l->in_w, l->in_c, l->k_h, l->k_w, l->stride_h, l->stride_w,
                  l->pad_top, l->pad_bottom, l->pad_left, l->pad_right};
    if (l->kind == LAYER_MAXPOOL)
        ref_maxpool(&p, in, out);
    else
        ref_avgpool(&p, in, out);
}

/* Runs n random inputs both ways; returns how many distinct predictions
 * occurred, so a model whose outputs saturate is noticed. */
static int compare(const model *m, uint32_t seed, int n)
{
    const model_layer *first = &m->layers[0], *last = &m->layers[m->n_layers - 1];
    size_t n_in = (size_t)first->in_h * first->in_w * first->in_c;
    size_t n_out = (size_t)last->out_c;
    int8_t *input = malloc(n_in), *logits = malloc(n_out);
    int8_t *scratch = malloc(2 * model_max_activation(m));
    int8_t *bufs[MODEL_MAX_LAYERS + 1];
    bufs[0] = input;
    for (int i = 0; i < m->n_layers; i++)
        bufs[i + 1] = malloc((size_t)model_layer_units(&m->layers[i]));
    uint32_t s = seed;
    int seen[256] = {0}, distinct = 0;
    for (int k = 0; k < n; k++) {
        for (size_t j = 0; j < n_in; j++)
            input[j] = (int8_t)rnd_range(&s, -128, 127);
        memset(scratch, 0x5a, 2 * model_max_activation(m));
        int pred = model_forward(m, input, logits, scratch);
        for (int i = 0; i < m->n_layers; i++)
            run_direct(&m->layers[i], bufs[i], bufs[i + 1]);
        assert_memory_equal(logits, bufs[m->n_layers], n_out);
        int best = 0; /* argmax, ties to the lowest index */
        for (size_t c = 1; c < n_out; c++)
            if (bufs[m->n_layers][c] > bufs[m->n_layers][best])
                best = (int)c;
        assert_int_equal(pred, best);
        if (!seen[pred]++)
            distinct++;
    }
    for (int i = 0; i < m->n_layers; i++)
        free(bufs[i + 1]);
    free(input);
    free(logits);
    free(scratch);
    return distinct;
}

static void test_forward_lenet(void **state)
{
    (void)state;
    model m;
    assert_int_equal(random_lenet(&m, 21), 0);
    assert_true(compare(&m, 5, 40) >= 3);
    model_free(&m);
}

static void test_forward_small(void **state)
{
    (void)state;
    model m;
    assert_int_equal(random_small(&m, 22), 0);
    assert_true(compare(&m, 6, 200) >= 2);
    model_free(&m);
}

static void test_run_layer_matches(void **state)
{
    (void)state;
    model m;
    assert_int_equal(random_small(&m, 23), 0);
    uint32_t s = 99;
    int8_t in[4096], a[4096], b[4096];
    for (int i = 0; i < m.n_layers; i++) {
        const model_layer *l = &m.layers[i];
        for (int j = 0; j < l->in_h * l->in_w * l->in_c; j++)
            in[j] = (int8_t)rnd_range(&s, -128, 127);
        model_run_layer(l, in, a);
        run_direct(l, in, b);
        assert_memory_equal(a, b, (size_t)model_layer_units(l));
    }
    model_free(&m);
}

static void test_quantize_input(void **state)
{
    (void)state;
    /* scale 1/255, zero point -128: round((p / 255) / (1 / 255)) - 128 = p - 128 */
    model m;
    lenet_shapes(&m);
    uint8_t px[784];
    int8_t q[784];
    for (int i = 0; i < 784; i++)
        px[i] = (uint8_t)(i * 7);
    model_quantize_input(&m, px, q);
    for (int i = 0; i < 784; i++)
        assert_int_equal(q[i], px[i] - 128);
    /* scale 3/255, zero point 100: round(p / 3) + 100, clamped at 127 */
    m.layers[0].in_scale = 3.0f / 255.0f;
    m.layers[0].in_zp = 100;
    px[0] = 4;   /* 1.33 -> 1 */
    px[1] = 5;   /* 1.67 -> 2 */
    px[2] = 81;  /* 27 -> 127 */
    px[3] = 255; /* 85 -> 185 -> clamped 127 */
    model_quantize_input(&m, px, q);
    assert_int_equal(q[0], 101);
    assert_int_equal(q[1], 102);
    assert_int_equal(q[2], 127);
    assert_int_equal(q[3], 127);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forward_lenet),
        cmocka_unit_test(test_forward_small),
        cmocka_unit_test(test_run_layer_matches),
        cmocka_unit_test(test_quantize_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
