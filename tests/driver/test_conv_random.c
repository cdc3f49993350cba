/*
 * Random conv layers through tiler + driver + C engine model, byte-compared
 * with ref_conv2d. Engine shapes 4x4, 8x8, 16x16 and 8x4 with the default
 * buffers, plus configurations with tiny buffers that force every kind of
 * tiling (channel tiles, input-channel slices, spatial tiles, tiles made
 * only of padding). Also checks the exact performance counters against
 * counts derived from the layer shape alone.
 *
 * usage: test-conv-random [cases-per-config] [seed]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../firmware/platform.h"
#include "../../sim/model/engine_model.h"
#include "accel.h"
#include "ref/ref.h"
#include "tcheck.h"

#define MEM_SIZE (4u << 20)
#define MAX_MACS 600000L

typedef struct {
    const char *name;
    unsigned rows, cols, act_bytes, wgt_rows, acc_depth;
} engine_shape;

static const engine_shape shapes[] = {
    { "8x8", 8, 8, 8192, 512, 1024 },
    { "4x4", 4, 4, 8192, 512, 1024 },
    { "16x16", 16, 16, 8192, 512, 1024 },
    { "8x4", 8, 4, 8192, 512, 1024 },
    { "8x8 small buffers", 8, 8, 600, 160, 40 },
    { "4x4 tiny buffers", 4, 4, 140, 121, 6 },
};

/* Totals over all cases, to prove every kind of tiling was exercised. */
static struct {
    int multi_ct, slices, spatial, padding, cases;
} seen;

typedef struct {
    ref_conv p;
    int8_t *w, *in;
    int32_t *bias;
    ref_qmul *q;
} layer;

static void free_layer(layer *l)
{
    free(l->w);
    free(l->in);
    free(l->bias);
    free(l->q);
}

/* Padding of one axis: 0 valid, 1 TFLite SAME, 2 asymmetric below the
 * kernel size, 3 asymmetric up to beyond the kernel (windows entirely in
 * the padding). */
static void pick_pad(trng *r, int mode, int in, int k, int s, int *lo, int *hi)
{
    switch (mode) {
    case 0: *lo = *hi = 0; break;
    case 1: {
        const int out = (in + s - 1) / s;
        const int total = (out - 1) * s + k - in > 0 ? (out - 1) * s + k - in : 0;
        *lo = total / 2;
        *hi = total - *lo;
        break;
    }
    case 2: *lo = trng_range(r, 0, k - 1); *hi = trng_range(r, 0, k - 1); break;
    default: *lo = trng_range(r, 0, k + 2); *hi = trng_range(r, 0, k + 2); break;
    }
}

/* A layer with kernel height kh; other sizes random within the MAC budget
 * and what the engine shape can take at all. */
static void random_shape(trng *r, const engine_shape *e, int kh, int mode, ref_conv *p)
{
    for (;;) {
        memset(p, 0, sizeof *p);
        p->k_h = kh;
        p->k_w = trng_range(r, 0, 2) == 0 ? kh : trng_range(r, 1, 11);
        p->stride_h = trng_range(r, 1, 4);
        p->stride_w = trng_range(r, 0, 2) == 0 ? p->stride_h : trng_range(r, 1, 4);
        p->in_h = trng_range(r, 1, 22);
        p->in_w = trng_range(r, 1, 22);
        p->in_c = trng_range(r, 1, trng_range(r, 0, 3) == 0 ? 40 : 12);
        p->out_c = trng_range(r, 1, trng_range(r, 0, 3) == 0 ? 40 : 20);
        pick_pad(r, mode, p->in_h, p->k_h, p->stride_h, &p->pad_top, &p->pad_bottom);
        pick_pad(r, mode, p->in_w, p->k_w, p->stride_w, &p->pad_left, &p->pad_right);
        const int oh = ref_conv_out_h(p), ow = ref_conv_out_w(p);
        const long macs = (long)oh * ow * p->out_c * p->k_h * p->k_w * p->in_c;
        const int win = (p->in_h < kh ? p->in_h : kh) * (p->in_w < p->k_w ? p->in_w : p->k_w);
        if (oh >= 1 && ow >= 1 && macs <= MAX_MACS && (unsigned)(kh * p->k_w) <= e->wgt_rows &&
            (unsigned)win <= e->act_bytes)
            return;
    }
}

static void random_quant(trng *r, layer *l)
{
    ref_conv *p = &l->p;
    const size_t nw = (size_t)p->out_c * p->k_h * p->k_w * p->in_c;
    const size_t ni = (size_t)p->in_h * p->in_w * p->in_c;
    l->w = malloc(nw);
    l->in = malloc(ni);
    l->bias = malloc(sizeof(int32_t) * (size_t)p->out_c);
    l->q = malloc(sizeof(ref_qmul) * (size_t)p->out_c);
    for (size_t i = 0; i < nw; i++)
        l->w[i] = (int8_t)trng_range(r, -128, 127);
    for (size_t i = 0; i < ni; i++)
        l->in[i] = (int8_t)trng_range(r, -128, 127);
    const int huge_bias = trng_range(r, 0, 9) == 0; /* exercises the wrapping fold */
    const double k = (double)p->k_h * p->k_w * p->in_c;
    for (int o = 0; o < p->out_c; o++) {
        l->bias[o] = huge_bias ? (int32_t)trng_u32(r) : trng_range(r, -40000, 40000);
        /* Scale so that typical sums land inside int8, sometimes far off
         * (saturation) and sometimes above 1 (left shifts). */
        double m = 60.0 / (sqrt(k) * 128.0 * 70.0) * (0.2 + trng_range(r, 0, 1000) / 250.0);
        if (trng_range(r, 0, 15) == 0)
            m = 1.0 + trng_range(r, 0, 1000) / 100.0;
        ref_quantize_multiplier(m, &l->q[o]);
    }
    p->zp_in = trng_range(r, -128, 127);
    p->zp_out = trng_range(r, -128, 127);
    const int relu = trng_range(r, 0, 1);
    p->act_min = ref_act_min(relu, p->zp_out);
    p->act_max = 127;
    if (trng_range(r, 0, 7) == 0) { /* a narrow clamp such as ReLU6 */
        p->act_min = trng_range(r, -128, 0);
        p->act_max = trng_range(r, 1, 127);
    }
    p->weights = l->w;
    p->bias = l->bias;
    p->qmul = l->q;
}

static void describe(const ref_conv *p, char *buf, size_t len)
{
    snprintf(buf, len,
             "in %dx%dx%d out_c %d k %dx%d s %dx%d pad t%d b%d l%d r%d zp %d/%d clamp %d..%d",
             p->in_h, p->in_w, p->in_c, p->out_c, p->k_h, p->k_w, p->stride_h, p->stride_w,
             p->pad_top, p->pad_bottom, p->pad_left, p->pad_right, (int)p->zp_in,
             (int)p->zp_out, (int)p->act_min, (int)p->act_max);
}

/* One input through a prepared layer, compared with the reference. */
static void run_and_compare(engine_model *m, accel_layer *al, const layer *l, const int8_t *in,
                            const char *what)
{
    accel_tiling t;
    accel_layer_tiling(al, &t);
    const int oh = ref_conv_out_h(&l->p), ow = ref_conv_out_w(&l->p);
    const size_t n = (size_t)oh * ow * l->p.out_c;
    int8_t *want = malloc(n), *got = malloc(n);
    ref_conv2d(&l->p, in, want);
    char err[256], msg[256];
    accel_stats st;
    const unsigned long diags = engine_model_diagnostics(m);
    const int rc = accel_run(al, in, got, &st, err, sizeof err);
    CHECK(rc == 0, "%s: %s", what, err);
    if (rc == 0) {
        CHECK(accel_compare(al, got, want, msg, sizeof msg) == 0, "%s: %s", what, msg);
        /* Every tap of every output counts, padded or not. */
        const unsigned long long macs = (unsigned long long)n * l->p.k_h * l->p.k_w * l->p.in_c;
        CHECK(st.macs == (uint32_t)macs, "%s: PERF_MACS %llu, expected %llu", what,
              (unsigned long long)st.macs, macs);
        CHECK(st.wr_bytes == n, "%s: PERF_WR_BYTES %llu, expected %zu", what,
              (unsigned long long)st.wr_bytes, n);
        CHECK(st.commands == t.commands, "%s: PERF_CMDS %llu, list has %zu", what,
              (unsigned long long)st.commands, t.commands);
    }
    CHECK(engine_model_diagnostics(m) == diags, "%s: model diagnostic: %s", what,
          engine_model_last_diagnostic(m));
    free(want);
    free(got);
}

static void run_case(engine_model *m, accel_dev *dev, trng *r, const engine_shape *e, int i)
{
    layer l = { 0 };
    random_shape(r, e, 1 + i % 11, i % 4, &l.p);
    random_quant(r, &l);
    char what[300], desc[200], err[256];
    describe(&l.p, desc, sizeof desc);
    snprintf(what, sizeof what, "[%s #%d] %s", e->name, i, desc);

    accel_layer *al = accel_prepare(dev, &l.p, err, sizeof err);
    CHECK(al != NULL, "%s: %s", what, err);
    if (al) {
        accel_tiling t;
        accel_layer_tiling(al, &t);
        seen.multi_ct += t.channel_tiles > 1;
        seen.slices += t.input_slices > 1;
        seen.spatial += t.spatial_tiles > 1;
        seen.padding += t.padding_tiles > 0;
        seen.cases++;
        run_and_compare(m, al, &l, l.in, what);
        if (i % 4 == 0) { /* prepared once, run again on another input */
            const size_t ni = (size_t)l.p.in_h * l.p.in_w * l.p.in_c;
            int8_t *in2 = malloc(ni);
            for (size_t j = 0; j < ni; j++)
                in2[j] = (int8_t)trng_range(r, -128, 127);
            run_and_compare(m, al, &l, in2, what);
            free(in2);
        }
        accel_layer_free(al);
    }
    free_layer(&l);
}

int main(int argc, char **argv)
{
    const int per_config = argc > 1 ? atoi(argv[1]) : 100;
    trng r;
    trng_seed(&r, argc > 2 ? strtoull(argv[2], NULL, 0) : 20240601);
    for (size_t s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        const engine_shape *e = &shapes[s];
        engine_model_config cfg;
        engine_model_default_config(&cfg);
        cfg.rows = e->rows;
        cfg.cols = e->cols;
        cfg.act_bytes = e->act_bytes;
        cfg.wgt_rows = e->wgt_rows;
        cfg.acc_depth = e->acc_depth;
        cfg.mem_size = MEM_SIZE;
        engine_model *m = engine_model_create(&cfg);
        engine_backend be = engine_model_backend(m);
        char err[256];
        accel_dev *dev = accel_open(&be, DEV_MEM_BASE, MEM_SIZE, err, sizeof err);
        CHECK(dev != NULL, "%s: %s", e->name, err);
        if (dev) {
            for (int i = 0; i < per_config; i++)
                run_case(m, dev, &r, e, i);
            accel_close(dev);
        }
        engine_model_destroy(m);
    }
    printf("%d layers: %d with several channel tiles, %d with input-channel slices, "
           "%d with several spatial tiles, %d with all-padding tiles\n",
           seen.cases, seen.multi_ct, seen.slices, seen.spatial, seen.padding);
    CHECK(seen.multi_ct > 0 && seen.slices > 0 && seen.spatial > 0 && seen.padding > 0,
          "a kind of tiling was never exercised");
    return tcheck_summary();
}
