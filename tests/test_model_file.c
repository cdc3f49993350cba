/* Model file format: byte-identical round trip and one test per malformed
 * file, each expecting its "<path>: <problem>" message.
 * Usage: test_model_file TMPDIR
 * Corrupt files are made by patching a valid file at the offsets that
 * docs/model-format.md gives (recomputed here from the document, not taken
 * from the loader), then fixing the size field and CRC where the test wants
 * the structural check rather than the checksum to fire. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "lenet.h"
#include "model.h"
#include "model_check.h"
#include "random_model.h"

enum { HDR = 32, LAYER_HDR = 96 };
/* Field offsets inside a layer record (docs/model-format.md). */
enum { F_KIND = 0, F_NAME = 4, F_IN_H = 20, F_IN_W = 24, F_IN_C = 28, F_OUT_H = 32,
       F_K_H = 44, F_PAD_TOP = 60, F_RELU = 76, F_IN_SCALE = 80, F_IN_ZP = 88 };

static const char *tmpdir;

typedef struct {
    uint8_t *p;
    size_t len;
} bytes;

static char *tmp_path(const char *name)
{
    static char buf[4][512];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", tmpdir, name);
    return p;
}

static bytes read_all(const char *path)
{
    bytes b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    b.len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    b.p = malloc(b.len + 1);
    assert_non_null(b.p);
    assert_int_equal(fread(b.p, 1, b.len, f), b.len);
    fclose(f);
    return b;
}

static void write_all(const char *path, const uint8_t *p, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void putf(uint8_t *p, float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    put32(p, u);
}

/* Size field and CRC made consistent with the (patched) contents. */
static void reseal(bytes *b)
{
    put32(b->p + 8, (uint32_t)b->len);
    put32(b->p + b->len - 4, (uint32_t)crc32(0L, b->p, (uInt)(b->len - 4)));
}

/* Bytes of a layer's parameters as the format lists them. */
static size_t param_len(const model_layer *l)
{
    if (l->kind == LAYER_CONV)
        return (size_t)l->out_c * l->k_h * l->k_w * l->in_c + 16u * (size_t)l->out_c;
    if (l->kind == LAYER_FC)
        return (size_t)l->out_c * l->in_c + 16u * (size_t)l->out_c;
    return 0;
}

static size_t layer_off(const model *m, int i)
{
    size_t off = HDR;
    for (int j = 0; j < i; j++)
        off += LAYER_HDR + param_len(&m->layers[j]);
    return off;
}

/* The valid LeNet file every malformed case starts from. */
static model lenet;
static bytes good;

static int setup(void **state)
{
    (void)state;
    char err[512];
    if (random_lenet(&lenet, 7) || model_save(tmp_path("good.cnnm"), &lenet, err, sizeof err)) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }
    good = read_all(tmp_path("good.cnnm"));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    model_free(&lenet);
    free(good.p);
    return 0;
}

static bytes copy_good(void)
{
    bytes b = {malloc(good.len + 4096), good.len};
    assert_non_null(b.p);
    memcpy(b.p, good.p, good.len);
    return b;
}

/* Writes b, expects model_load to fail with "<path>: " + a message holding want. */
static void expect_error(bytes b, const char *want)
{
    const char *path = tmp_path("bad.cnnm");
    write_all(path, b.p, b.len);
    free(b.p);
    model m;
    char err[512] = "";
    assert_int_equal(model_load(path, &m, err, sizeof err), -1);
    char prefix[600];
    snprintf(prefix, sizeof prefix, "%s: ", path);
    if (strncmp(err, prefix, strlen(prefix)) != 0 || !strstr(err, want))
        fail_msg("message '%s' lacks the path prefix or '%s'", err, want);
    assert_int_equal(m.n_layers, 0); /* nothing left allocated */
}

static void patch_layer_i32(bytes *b, int layer, int field, int32_t v)
{
    put32(b->p + layer_off(&lenet, layer) + (size_t)field, (uint32_t)v);
    reseal(b);
}

static void assert_models_equal(const model *a, const model *b)
{
    assert_string_equal(a->name, b->name);
    assert_int_equal(a->n_layers, b->n_layers);
    for (int i = 0; i < a->n_layers; i++) {
        const model_layer *x = &a->layers[i], *y = &b->layers[i];
        /* the header fields up to the first pointer are plain values */
        assert_memory_equal(x, y, offsetof(model_layer, weights));
        long nw = model_layer_weights(x);
        if (!nw)
            continue;
        assert_memory_equal(x->weights, y->weights, (size_t)nw);
        assert_memory_equal(x->bias, y->bias, (size_t)x->out_c * sizeof *x->bias);
        assert_memory_equal(x->w_scale, y->w_scale, (size_t)x->out_c * sizeof(float));
        assert_memory_equal(x->qmul, y->qmul, (size_t)x->out_c * sizeof(ref_qmul));
    }
}

static void round_trip(const model *m)
{
    char err[512];
    const char *a = tmp_path("a.cnnm"), *b = tmp_path("b.cnnm");
    assert_int_equal(model_save(a, m, err, sizeof err), 0);
    model back;
    if (model_load(a, &back, err, sizeof err))
        fail_msg("%s", err);
    assert_models_equal(m, &back);
    assert_int_equal(model_save(b, &back, err, sizeof err), 0);
    bytes x = read_all(a), y = read_all(b);
    assert_int_equal(x.len, y.len);
    assert_memory_equal(x.p, y.p, x.len);
    /* size: header + 7 records + LeNet parameters + CRC, from the format */
    if (m->n_layers == LENET_LAYERS) {
        size_t params = 0;
        for (int i = 0; i < m->n_layers; i++)
            params += param_len(&m->layers[i]);
        assert_int_equal(x.len, HDR + 7 * LAYER_HDR + params + 4);
        assert_int_equal(get32(x.p + 8), x.len);
    }
    free(x.p);
    free(y.p);
    model_free(&back);
}

static void test_round_trip_lenet(void **state)
{
    (void)state;
    round_trip(&lenet);
}

static void test_round_trip_small(void **state)
{
    (void)state;
    model m;
    assert_int_equal(random_small(&m, 3), 0);
    round_trip(&m);
    model_free(&m);
}

static void test_missing_file(void **state)
{
    (void)state;
    model m;
    char err[512];
    assert_int_equal(model_load(tmp_path("no-such.cnnm"), &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "No such file"));
}

static void test_empty(void **state)
{
    (void)state;
    bytes b = copy_good();
    b.len = 0;
    expect_error(b, "truncated: 0 bytes");
}

static void test_bad_magic(void **state)
{
    (void)state;
    bytes b = copy_good();
    b.p[0] = 'X';
    expect_error(b, "bad magic");
}

static void test_unknown_version(void **state)
{
    (void)state;
    bytes b = copy_good();
    put32(b.p + 4, 2);
    expect_error(b, "unsupported format version 2");
}

static void test_truncated(void **state)
{
    (void)state;
    bytes b = copy_good();
    b.len -= 1;
    expect_error(b, "truncated");
}

static void test_trailing(void **state)
{
    (void)state;
    bytes b = copy_good();
    b.p[b.len++] = 0;
    expect_error(b, "1 trailing bytes");
}

static void test_bad_checksum(void **state)
{
    (void)state;
    bytes b = copy_good();
    b.p[layer_off(&lenet, 4) + LAYER_HDR + 10] ^= 0x01; /* one F5 weight bit */
    expect_error(b, "bad checksum");
}

static void test_unknown_kind(void **state)
{
    (void)state;
    bytes b = copy_good();
    patch_layer_i32(&b, 1, F_KIND, 9);
    expect_error(b, "layer 1 (S2): unknown layer kind 9");
}

static void test_shape_chain(void **state)
{
    (void)state;
    /* S4 reading 11 rows still pools to 5 rows, so only the link to C3 breaks */
    bytes b = copy_good();
    patch_layer_i32(&b, 3, F_IN_H, 11);
    expect_error(b, "layer 3 (S4): input 11x10x16 does not match output 10x10x16 of layer 2 (C3)");
}

static void test_fc_input_count(void **state)
{
    (void)state;
    /* F5 claims 401 inputs: one more weight per output row (120 bytes,
     * inserted anywhere in its weight block) keeps the layout readable. */
    bytes b = copy_good();
    size_t w = layer_off(&lenet, 4) + LAYER_HDR;
    memmove(b.p + w + 120, b.p + w, b.len - w);
    b.len += 120;
    put32(b.p + layer_off(&lenet, 4) + F_IN_C, 401);
    reseal(&b);
    expect_error(b, "layer 4 (F5): fc has 401 inputs but layer 3 (S4) produces 5x5x16 = 400 values");
}

static void test_out_dims(void **state)
{
    (void)state;
    bytes b = copy_good();
    patch_layer_i32(&b, 0, F_OUT_H, 27);
    expect_error(b, "layer 0 (C1): output 27x28 inconsistent with input 28x28, kernel 5x5");
}

static void test_absurd_dim(void **state)
{
    (void)state;
    bytes b = copy_good();
    patch_layer_i32(&b, 2, F_IN_H, 100000);
    expect_error(b, "layer 2 (C3): shape 100000x14x6 -> 10x10x16: every dimension must be in 1..4096");
}

static void test_absurd_kernel(void **state)
{
    (void)state;
    bytes b = copy_good();
    patch_layer_i32(&b, 0, F_K_H, 1000);
    expect_error(b, "layer 0 (C1): kernel 1000x5 outside 1..64");
}

static void test_absurd_layer_count(void **state)
{
    (void)state;
    bytes b = copy_good();
    put32(b.p + 28, 33);
    reseal(&b);
    expect_error(b, "33 layers, expected 1..32");
}

static void test_padding_too_large(void **state)
{
    (void)state;
    bytes b = copy_good();
    patch_layer_i32(&b, 0, F_PAD_TOP, 5);
    expect_error(b, "layer 0 (C1): padding top 5 bottom 2 left 2 right 2");
}

static void test_zero_point_range(void **state)
{
    (void)state;
    bytes b = copy_good();
    patch_layer_i32(&b, 0, F_IN_ZP, 200);
    expect_error(b, "layer 0 (C1): zero points 200, -128 outside int8");
}

static void test_scale_negative(void **state)
{
    (void)state;
    bytes b = copy_good();
    putf(b.p + layer_off(&lenet, 0) + F_IN_SCALE, -1.0f);
    reseal(&b);
    expect_error(b, "layer 0 (C1): activation scales -1");
}

static void test_pool_relu(void **state)
{
    (void)state;
    bytes b = copy_good();
    patch_layer_i32(&b, 1, F_RELU, 1);
    expect_error(b, "layer 1 (S2): pool layers have no ReLU");
}

static void test_bad_name(void **state)
{
    (void)state;
    bytes b = copy_good();
    memset(b.p + layer_off(&lenet, 2) + F_NAME, 'A', 16); /* no terminator */
    reseal(&b);
    expect_error(b, "layer 2: name must be 1..15 printable characters");
}

static void test_duplicate_name(void **state)
{
    (void)state;
    bytes b = copy_good();
    memcpy(b.p + layer_off(&lenet, 2) + F_NAME, "C1", 3);
    reseal(&b);
    expect_error(b, "layer 2 (C1): name already used by layer 0");
}

/* Offset of channel c's multiplier in layer i's qmul block. */
static size_t qmul_off(int i, int c)
{
    const model_layer *l = &lenet.layers[i];
    return layer_off(&lenet, i) + LAYER_HDR + (size_t)model_layer_weights(l) +
           8u * (size_t)l->out_c + 8u * (size_t)c;
}

static void test_qmul_illegal(void **state)
{
    (void)state;
    bytes b = copy_good();
    put32(b.p + qmul_off(5, 3), 5); /* below 2^30 */
    reseal(&b);
    expect_error(b, "layer 5 (F6): channel 3: multiplier 5 shift");
}

static void test_qmul_shift_range(void **state)
{
    (void)state;
    bytes b = copy_good();
    put32(b.p + qmul_off(0, 0) + 4, 32);
    reseal(&b);
    expect_error(b, "layer 0 (C1): channel 0: multiplier");
}

static void test_qmul_mismatch(void **state)
{
    (void)state;
    bytes b = copy_good();
    uint32_t q = get32(b.p + qmul_off(2, 1));
    put32(b.p + qmul_off(2, 1), q + 1);
    reseal(&b);
    expect_error(b, "do not match the scales");
}

static void test_weight_minus_128(void **state)
{
    (void)state;
    bytes b = copy_good();
    b.p[layer_off(&lenet, 6) + LAYER_HDR + 17] = 0x80;
    reseal(&b);
    expect_error(b, "layer 6 (output): weight 17 is -128");
}

static void test_params_past_end(void **state)
{
    (void)state;
    /* drop the last layer's bias block but keep the file sealed */
    bytes b = copy_good();
    b.len -= 40;
    reseal(&b);
    expect_error(b, "layer 6 (output): parameters run past the end of the data");
}

static void test_save_refuses_invalid(void **state)
{
    (void)state;
    model m;
    char err[512];
    assert_int_equal(random_lenet(&m, 9), 0);
    m.layers[4].qmul[0].multiplier ^= 1;
    const char *path = tmp_path("never.cnnm");
    unlink(path);
    assert_int_equal(model_save(path, &m, err, sizeof err), -1);
    assert_non_null(strstr(err, "layer 4 (F5): channel 0"));
    assert_int_equal(access(path, F_OK), -1); /* nothing written */
    model_free(&m);
}

static void test_save_unwritable(void **state)
{
    (void)state;
    char err[512];
    assert_int_equal(model_save(tmp_path("no-dir/x.cnnm"), &lenet, err, sizeof err), -1);
    assert_non_null(strstr(err, "no-dir/x.cnnm: cannot create"));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s TMPDIR\n", argv[0]);
        return 2;
    }
    tmpdir = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_lenet),
        cmocka_unit_test(test_round_trip_small),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_bad_magic),
        cmocka_unit_test(test_unknown_version),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_trailing),
        cmocka_unit_test(test_bad_checksum),
        cmocka_unit_test(test_unknown_kind),
        cmocka_unit_test(test_shape_chain),
        cmocka_unit_test(test_fc_input_count),
        cmocka_unit_test(test_out_dims),
        cmocka_unit_test(test_absurd_dim),
        cmocka_unit_test(test_absurd_kernel),
        cmocka_unit_test(test_absurd_layer_count),
        cmocka_unit_test(test_padding_too_large),
        cmocka_unit_test(test_zero_point_range),
        cmocka_unit_test(test_scale_negative),
        cmocka_unit_test(test_pool_relu),
        cmocka_unit_test(test_bad_name),
        cmocka_unit_test(test_duplicate_name),
        cmocka_unit_test(test_qmul_illegal),
        cmocka_unit_test(test_qmul_shift_range),
        cmocka_unit_test(test_qmul_mismatch),
        cmocka_unit_test(test_weight_minus_128),
        cmocka_unit_test(test_params_past_end),
        cmocka_unit_test(test_save_refuses_invalid),
        cmocka_unit_test(test_save_unwritable),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
