/* Layer text files: the shipped example against a hand derivation, pool
 * examples, and one test per parse or validation error with its line.
 * Usage: test_layer_file DATADIR TMPDIR */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "layer_file.h"

static const char *datadir, *tmpdir;

/*
 * tests/data/example-conv.layer by hand. Padding is top 1, left 1, so
 * output (oy, ox) reads input rows oy-1..oy and columns ox-1..ox. Padded
 * taps read zp_in, so (x - zp_in) = 0 there and they drop out. With
 * zp_in = -3 the inputs become d = x + 3:
 *   d(0,0) = [4, 1]  d(0,1) = [7, 3]  d(1,0) = [-2, 6]  d(1,1) = [5, 10]
 * Filters (per tap ky,kx: [ch0 ch1]):
 *   w0: (0,0)[1 2] (0,1)[-1 0] (1,0)[3 -2] (1,1)[0 1]      bias 10
 *   w1: (0,0)[2 -1] (0,1)[1 1] (1,0)[-3 0] (1,1)[4 2]      bias -20
 * acc(0,0): only tap (1,1) sees d(0,0):  o0 10+1 = 11         o1 -20+16+2 = -2
 * acc(0,1): taps (1,0)=d(0,0), (1,1)=d(0,1):
 *           o0 10+(12-2)+(0+3) = 23                 o1 -20+(-12)+(28+6) = 2
 * acc(1,0): taps (0,1)=d(0,0), (1,1)=d(1,0):
 *           o0 10+(-4)+(6) = 12                     o1 -20+(4+1)+(-8+12) = -11
 * acc(1,1): all four taps:
 *           o0 10+6-7-18+10 = 1                     o1 -20+7+10+6+40 = 43
 * Requantization, multiplier 2^30 (0.5) with shift 0 / -1:
 *   ch0: t = round-half-up(acc/2): 11->6, 23->12, 12->6, 1->1; +zp 5
 *        -> 11, 17, 11, 6
 *   ch1: t as above, then a rounding halving, ties away from zero:
 *        -2->-1->-1 (-0.5 rounds to -1), 2->1->1, -11->-5->-3, 43->22->11;
 *        +zp 5 -> 4, 6, 2, 16
 */
static const int32_t hand_acc[8] = {11, -2, 23, 2, 12, -11, 1, 43};
static const int8_t hand_out[8] = {11, 4, 17, 6, 11, 2, 6, 16};
/* With ReLU the clamp is max(-128, zp_out) = 5: 4 and 2 become 5. */
static const int8_t hand_out_relu[8] = {11, 5, 17, 6, 11, 5, 6, 16};

static char *path_in(const char *dir, const char *name)
{
    static char buf[2][512];
    static int next;
    char *p = buf[next++ % 2];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

static const char *write_tmp(const char *text)
{
    const char *path = path_in(tmpdir, "t.layer");
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    return path;
}

static void run_expect(const char *path, const int8_t *want, int n)
{
    layer_spec ls;
    char err[512];
    if (layer_file_load(path, &ls, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(ls.out_h * ls.out_w * ls.out_c, n);
    int8_t out[64];
    layer_spec_run(&ls, out);
    assert_memory_equal(out, want, (size_t)n);
    layer_file_free(&ls);
}

static void test_example_by_hand(void **state)
{
    (void)state;
    layer_spec ls;
    char err[512];
    const char *path = path_in(datadir, "example-conv.layer");
    if (layer_file_load(path, &ls, err, sizeof err))
        fail_msg("%s", err);
    assert_int_equal(ls.kind, LAYER_CONV);
    assert_int_equal(ls.out_h, 2);
    assert_int_equal(ls.out_w, 2);
    assert_int_equal(ls.out_c, 2);
    int32_t acc[8];
    int8_t out[8];
    layer_spec_run_acc(&ls, acc);
    layer_spec_run(&ls, out);
    assert_memory_equal(acc, hand_acc, sizeof acc);
    assert_memory_equal(out, hand_out, sizeof out);
    layer_file_free(&ls);
}

/* The example's body with a few keys replaced. */
static const char *example_with(const char *head)
{
    static char text[2048];
    snprintf(text, sizeof text,
             "kind = conv\ninput_shape = 2 2 2\nout_channels = 2\nkernel = 2 2\n"
             "padding = 1 0 1 0\nzp_in = -3\nzp_out = 5\n%s"
             "weights = 1 2 -1 0 3 -2 0 1\n 2 -1 1 1 -3 0 4 2\nbias = 10 -20\n"
             "input = 1 -2 4 0 -5 3 2 7\n",
             head);
    return text;
}

static void test_example_relu(void **state)
{
    (void)state;
    run_expect(write_tmp(example_with("relu = 1\nmultiplier = 1073741824 1073741824\n"
                                      "shift = 0 -1\n")),
               hand_out_relu, 8);
}

static void test_example_from_scales(void **state)
{
    (void)state;
    /* 1 * 0.5 / 1 and 1 * 0.25 / 1 are the multipliers 2^30 << 0 and 2^30 >> 1 */
    run_expect(write_tmp(example_with("scale_in = 1\nscale_out = 1\nscale_w = 0.5 0.25\n")),
               hand_out, 8);
}

static void test_pools(void **state)
{
    (void)state;
    /* max(1, -5, 7, 3) = 7; average (1 - 5 + 7 + 3) = 6 over 4: (6 + 2) / 4 = 2 */
    static const int8_t max_want[1] = {7}, avg_want[1] = {2};
    run_expect(write_tmp("kind = maxpool\ninput_shape = 2 2 1\nkernel = 2 2\nstride = 2 2\n"
                         "input = 1 -5 7 3\n"),
               max_want, 1);
    run_expect(write_tmp("kind = avgpool\ninput_shape = 2 2 1\nkernel = 2 2\nstride = 2 2\n"
                         "input = 1 -5 7 3\n"),
               avg_want, 1);
    /* padded max pool: windows over valid taps only, -128 never appears.
     * Rows 0..1 of [[-9, -4], [-7, -8]] with padding 1 left/top, 2x2/1:
     * (0,0) {-9}, (0,1) {-9,-4}, (1,0) {-9,-7}, (1,1) all four -> -9 -4 -7 -4 */
    static const int8_t pad_want[4] = {-9, -4, -7, -4};
    run_expect(write_tmp("kind = maxpool\ninput_shape = 2 2 1\nkernel = 2 2\n"
                         "padding = 1 0 1 0\ninput = -9 -4 -7 -8\n"),
               pad_want, 4);
}

/* Loading text must fail with exactly "<path>:<rest>". */
static void expect_error(const char *text, const char *rest)
{
    const char *path = write_tmp(text);
    layer_spec ls;
    char err[512], want[600];
    assert_int_equal(layer_file_load(path, &ls, err, sizeof err), -1);
    snprintf(want, sizeof want, "%s:%s", path, rest);
    assert_string_equal(err, want);
}

static void test_errors_syntax(void **state)
{
    (void)state;
    expect_error("kind = conv\n# fine\nstrides = 1 1\n", "3: unknown key 'strides'");
    expect_error("kind = conv\nkernel = 2 2\nkernel = 3 3\n",
                 "3: duplicate key 'kernel' (first on line 2)");
    expect_error("1 2 3\nkind = conv\n", "1: values without a key (expected 'key = values')");
    expect_error("kind = conv\ninput_shape = 2 x 2\n", "2: 'x' is not an integer");
    expect_error("kind = conv\nscale_in = 1e999\n", "2: '1e999' is not a finite number");
    expect_error("kind = conv\nbias = 99999999999999999999\n",
                 "2: '99999999999999999999' is out of range");
    expect_error("kind = conv pool\n", "1: kind takes one word: conv, maxpool or avgpool");
    expect_error("kind = dense\n", "1: kind 'dense' is not conv, maxpool or avgpool");
    expect_error("input_shape = 1 1 1\n", " missing key 'kind'");
}

static void test_errors_values(void **state)
{
    (void)state;
    /* lines 8-9 are the multiplier keys, 10 "weights =", 11 its continuation */
    const char *q = "multiplier = 1073741824 1073741824\nshift = 0 -1\n";
    char text[2048];
    const char *body = example_with(q), *cont = strstr(body, "\n 2 -1 1 1");
    assert_non_null(cont);
    snprintf(text, sizeof text, "%.*s\n -128%s", (int)(cont - body), body, cont + 3);
    expect_error(text, "11: weights: value -128 outside [-127, 127]");
    expect_error(example_with("multiplier = 1073741824\nshift = 0 -1\n"),
                 "8: multiplier: expected 2 values (one per output channel), got 1");
    expect_error(example_with("multiplier = 5 1073741824\nshift = 0 -1\n"),
                 "8: multiplier 5 (channel 0) must be in [2^30, 2^31) or 0 with shift 0");
    expect_error(example_with("multiplier = 1073741824 1073741824\nshift = 0 32\n"),
                 "9: shift: value 32 outside [-31, 31]");
    expect_error(example_with("multiplier = 1073741824 1073741824\nshift = 0 -1\n"
                              "scale_w = 1 1\n"),
                 "8: give either scale_in/scale_out/scale_w or multiplier/shift, not both");
    expect_error(example_with(""),
                 " missing key 'multiplier' and 'shift' (or scale_in, scale_out and scale_w)");
    expect_error(example_with("scale_in = 1\nscale_out = 1\nscale_w = 0.5 0\n"),
                 "10: scale_w of channel 1 gives a multiplier that is not representable");
    expect_error(example_with("zp_out = 1\n"), "8: duplicate key 'zp_out' (first on line 7)");
}

static void test_errors_shapes(void **state)
{
    (void)state;
    expect_error("kind = conv\ninput_shape = 2 2\n",
                 "2: input_shape: expected 3 values (height width channels), got 2");
    expect_error("kind = conv\ninput_shape = 2 0 1\n",
                 "2: input_shape: value 0 outside [1, 4096]");
    expect_error("kind = maxpool\ninput_shape = 2 2 1\nkernel = 3 3\ninput = 1 2 3 4\n",
                 "3: kernel 3x3 does not fit the padded input");
    expect_error("kind = maxpool\ninput_shape = 2 2 1\nkernel = 2 2\npadding = 2 0 0 0\n",
                 "4: padding must be smaller than the kernel");
    expect_error("kind = maxpool\ninput_shape = 2 2 1\nkernel = 2 2\ninput = 1 2 3\n",
                 "4: input: expected 4 values (height x width x channels), got 3");
    expect_error("kind = maxpool\ninput_shape = 2 2 1\nkernel = 2 2\ninput = 1 2 3 128\n",
                 "4: input: value 128 outside [-128, 127]");
    expect_error("kind = maxpool\nrelu = 1\n", "2: 'relu' does not apply to maxpool layers");
    expect_error("kind = avgpool\ninput_shape = 2 2 1\nkernel = 2 2\nweights = 1\n",
                 "4: 'weights' does not apply to avgpool layers");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s DATADIR TMPDIR\n", argv[0]);
        return 2;
    }
    datadir = argv[1];
    tmpdir = argv[2];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_example_by_hand),
        cmocka_unit_test(test_example_relu),
        cmocka_unit_test(test_example_from_scales),
        cmocka_unit_test(test_pools),
        cmocka_unit_test(test_errors_syntax),
        cmocka_unit_test(test_errors_values),
        cmocka_unit_test(test_errors_shapes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
