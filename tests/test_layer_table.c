/* The LeNet-5 layer table. Expected numbers are the table of the course
 * notes (units, connections, weights without biases; 416,520 MACs in all),
 * copied here by hand, not computed by the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layer_table.h"
#include "lenet.h"
#include "model_check.h"

static const struct {
    const char *name;
    long units, connections, weights;
} notes[LENET_LAYERS] = {
    {"C1", 4704, 117600, 150},  {"S2", 1176, 4704, 0},      {"C3", 1600, 240000, 2400},
    {"S4", 400, 1600, 0},       {"F5", 120, 48000, 48000},  {"F6", 84, 10080, 10080},
    {"output", 10, 840, 840},
};

static void test_counts(void **state)
{
    (void)state;
    model m;
    lenet_shapes(&m);
    assert_int_equal(m.n_layers, LENET_LAYERS);
    long macs = 0;
    for (int i = 0; i < LENET_LAYERS; i++) {
        const model_layer *l = &m.layers[i];
        assert_string_equal(l->name, notes[i].name);
        assert_int_equal(model_layer_units(l), notes[i].units);
        assert_int_equal(model_layer_connections(l), notes[i].connections);
        assert_int_equal(model_layer_weights(l), notes[i].weights);
        macs += layer_macs(l);
    }
    assert_int_equal(macs, 416520);
}

static void test_printed_rows(void **state)
{
    (void)state;
    model m;
    lenet_shapes(&m);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    layer_table_print(f, &m);
    fclose(f);
    /* each row carries the notes' numbers in the notes' spelling */
    static const char *rows[] = {
        "C1      conv     28x28x6        4704      117,600        150    117,600\n",
        "S2      maxpool  14x14x6        1176         4704          0          0\n",
        "C3      conv     10x10x16       1600      240,000       2400    240,000\n",
        "S4      maxpool  5x5x16          400         1600          0          0\n",
        "F5      fc       1x1x120         120       48,000     48,000     48,000\n",
        "F6      fc       1x1x84           84       10,080     10,080     10,080\n",
        "output  fc       1x1x10           10          840        840        840\n",
        "416,520\n",
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        if (!strstr(text, rows[i]))
            fail_msg("row '%s' missing from:\n%s", rows[i], text);
    free(text);
}

static void test_count_spelling(void **state)
{
    (void)state;
    char buf[32];
    static const struct {
        long v;
        const char *s;
    } cases[] = {{0, "0"}, {150, "150"}, {4704, "4704"}, {10080, "10,080"},
                 {416520, "416,520"}, {1234567, "1,234,567"}, {-48000, "-48,000"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        layer_table_count(cases[i].v, buf, sizeof buf);
        assert_string_equal(buf, cases[i].s);
    }
}

static void test_lenet_init_valid(void **state)
{
    (void)state;
    model m;
    char err[256];
    assert_int_equal(lenet_init(&m), 0);
    if (model_check(&m, "lenet", err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(lenet_check(&m, "lenet", err, sizeof err), 0);
    assert_float_equal(m.layers[0].in_scale, 1.0 / 255.0, 1e-9);
    assert_int_equal(m.layers[0].in_zp, -128);
    /* a changed stride is no longer LeNet */
    m.layers[1].stride_w = 1;
    assert_int_equal(lenet_check(&m, "x.cnnm", err, sizeof err), -1);
    assert_string_equal(err, "x.cnnm: not LeNet-5: layer 1 (S2) differs from S2 in kind, "
                             "shape, kernel, stride, padding or ReLU");
    model_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_printed_rows),
        cmocka_unit_test(test_count_spelling),
        cmocka_unit_test(test_lenet_init_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
