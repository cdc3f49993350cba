/*
 * Randomized differential test of the RTL: random conv layers go through
 * the tiler and driver (host/accel.c) onto the Verilator harness under random
 * memory latency, bandwidth and stalls, and the output bytes are compared
 * with ref_conv2d. Shapes: kernel 1..11, stride 1..4, valid/same/asymmetric
 * padding and padding wider than the kernel, channel counts that do not
 * divide the array, sizes that force channel tiles, input-channel slices,
 * spatial tiles and all-padding tiles. Also checks that no memory protocol
 * violation occurs and that the run covered every kind of tiling.
 *
 * usage: test-sim-diff [cases] [seed] [max_macs]
 * A failure prints the case seed; `test-sim-diff 1 <case seed>` replays it.
 */
#include "engine_sim.h"

#include "accel.h"
#include "check.h"
#include "platform.h"
#include "ref/ref.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEM_SIZE (4u << 20)

static struct {
    int cases, multi_ct, slices, spatial, padding;
    uint64_t cycles;
} seen;

typedef struct layer {
    ref_conv p;
    int8_t *w, *in, *want, *got;
    int32_t *bias;
    ref_qmul *q;
} layer;

static void layer_free(layer *l)
{
    free(l->w);
    free(l->in);
    free(l->want);
    free(l->got);
    free(l->bias);
    free(l->q);
}

static int pick(uint64_t *r, int lo, int hi)
{
    return (int)rng_range(r, lo, hi);
}

/* Padding of one axis: 0 valid, 1 TFLite SAME, 2 asymmetric below the
 * kernel size, 3 up to beyond the kernel (windows entirely in padding). */
static void pick_pad(uint64_t *r, int mode, int in, int k, int s, int *lo, int *hi)
{
    if (mode == 0) {
        *lo = *hi = 0;
    } else if (mode == 1) {
        const int out = (in + s - 1) / s;
        const int total = (out - 1) * s + k - in > 0 ? (out - 1) * s + k - in : 0;
        *lo = total / 2;
        *hi = total - *lo;
    } else {
        const int top = mode == 2 ? k - 1 : k + 2;
        *lo = pick(r, 0, top);
        *hi = pick(r, 0, top);
    }
}

/* Random shape within a MAC budget. One case in four is pushed past one of
 * the engine's buffers: output channels > COLS, K > WGT_ROWS or output
 * plane > ACC_DEPTH. Everything comes from r, so a case seed replays. */
static void random_shape(uint64_t *r, const accel_engine_params *e, long max_macs, ref_conv *p)
{
    const int push = pick(r, 0, 3) == 3 ? pick(r, 0, 2) : -1;
    for (;;) {
        memset(p, 0, sizeof *p);
        p->k_h = pick(r, 1, 11);
        p->k_w = pick(r, 0, 2) == 0 ? p->k_h : pick(r, 1, 11);
        p->stride_h = pick(r, 1, 4);
        p->stride_w = pick(r, 0, 2) == 0 ? p->stride_h : pick(r, 1, 4);
        p->in_h = pick(r, 1, 24);
        p->in_w = pick(r, 1, 24);
        p->in_c = pick(r, 1, pick(r, 0, 3) == 0 ? 40 : 12);
        p->out_c = pick(r, 1, pick(r, 0, 3) == 0 ? 3 * (int)e->cols + 3 : 2 * (int)e->cols);
        if (push == 0)
            p->out_c = pick(r, (int)e->cols + 1, 3 * (int)e->cols - 1);
        if (push == 1)
            p->in_c = (int)e->wgt_rows / (p->k_h * p->k_w) + pick(r, 1, 8);
        if (push == 2) {
            p->k_h = p->k_w = pick(r, 1, 3);
            p->stride_h = p->stride_w = 1;
            p->in_h = pick(r, 20, 48);
            p->in_w = (int)e->acc_depth / p->in_h + pick(r, 2, 12);
            p->in_c = pick(r, 1, 3);
            p->out_c = pick(r, 1, 4);
        }
        const int mode = pick(r, 0, 3);
        pick_pad(r, mode, p->in_h, p->k_h, p->stride_h, &p->pad_top, &p->pad_bottom);
        pick_pad(r, mode, p->in_w, p->k_w, p->stride_w, &p->pad_left, &p->pad_right);
        const int oh = ref_conv_out_h(p), ow = ref_conv_out_w(p);
        const long macs = (long)oh * ow * p->out_c * p->k_h * p->k_w * p->in_c;
        if (oh >= 1 && ow >= 1 && macs <= max_macs &&
            (unsigned)(p->k_h * p->k_w) <= e->wgt_rows)
            return;
    }
}

/* Random data; multipliers scaled so typical sums land inside int8, with
 * some saturation, some left shifts (M >= 1) and wrapping bias folds. */
static int random_data(uint64_t *r, layer *l)
{
    ref_conv *p = &l->p;
    const size_t nw = (size_t)p->out_c * p->k_h * p->k_w * p->in_c;
    const size_t ni = (size_t)p->in_h * p->in_w * p->in_c;
    const size_t no = (size_t)ref_conv_out_h(p) * ref_conv_out_w(p) * p->out_c;
    l->w = malloc(nw);
    l->in = malloc(ni);
    l->want = malloc(no);
    l->got = malloc(no);
    l->bias = malloc(sizeof *l->bias * (size_t)p->out_c);
    l->q = malloc(sizeof *l->q * (size_t)p->out_c);
    if (!l->w || !l->in || !l->want || !l->got || !l->bias || !l->q)
        return -1;
    for (size_t i = 0; i < nw; i++)
        l->w[i] = (int8_t)pick(r, -127, 127);
    for (size_t i = 0; i < ni; i++)
        l->in[i] = (int8_t)pick(r, -128, 127);
    const int huge_bias = pick(r, 0, 9) == 0;
    const double k = (double)p->k_h * p->k_w * p->in_c;
    for (int o = 0; o < p->out_c; o++) {
        l->bias[o] = huge_bias ? (int32_t)(uint32_t)rng_next(r) : pick(r, -40000, 40000);
        double m = 60.0 / (sqrt(k) * 128.0 * 70.0) * (0.2 + pick(r, 0, 1000) / 250.0);
        if (pick(r, 0, 15) == 0)
            m = 1.0 + pick(r, 0, 1000) / 100.0;
        if (ref_quantize_multiplier(m, &l->q[o]) != 0)
            return -1;
    }
    p->zp_in = pick(r, -128, 127);
    p->zp_out = pick(r, -128, 127);
    p->act_min = ref_act_min(pick(r, 0, 1), p->zp_out);
    p->act_max = 127;
    p->weights = l->w;
    p->bias = l->bias;
    p->qmul = l->q;
    ref_conv2d(p, l->in, l->want);
    return 0;
}

/* Random memory: latency 1..100, 1..8 bytes/cycle, stalls up to 50%. */
static void random_memory(uint64_t *r, engine_sim_config *cfg, char *desc, size_t len)
{
    static const double bw[] = {8.0, 8.0, 6.0, 4.0, 2.5, 1.0};
    engine_sim_config_default(cfg, DEV_MEM_BASE, MEM_SIZE);
    mem_model_config *m = &cfg->mem;
    m->read_latency = (unsigned)pick(r, 1, pick(r, 0, 1) ? 100 : 10);
    m->write_latency = (unsigned)pick(r, 1, 60);
    m->bytes_per_cycle = bw[pick(r, 0, 5)];
    const int stalls = pick(r, 0, 2) != 0;
    for (int c = 0; c < MEM_NCH; c++)
        m->stall_prob[c] = stalls ? pick(r, 0, 50) / 100.0 : 0.0;
    m->seed = rng_next(r);
    snprintf(desc, len, "memory: latency %u/%u, %.1f B/cycle, stalls %.2f %.2f %.2f %.2f %.2f",
             m->read_latency, m->write_latency, m->bytes_per_cycle, m->stall_prob[0],
             m->stall_prob[1], m->stall_prob[2], m->stall_prob[3], m->stall_prob[4]);
}

static void describe(const ref_conv *p, char *buf, size_t len)
{
    snprintf(buf, len, "in %dx%dx%d out_c %d k %dx%d s %dx%d pad t%d b%d l%d r%d zp %d/%d",
             p->in_h, p->in_w, p->in_c, p->out_c, p->k_h, p->k_w, p->stride_h, p->stride_w,
             p->pad_top, p->pad_bottom, p->pad_left, p->pad_right, (int)p->zp_in,
             (int)p->zp_out);
}

static void run_case(uint64_t case_seed, long max_macs)
{
    uint64_t r = case_seed;
    engine_sim_config cfg;
    char mem_desc[160], shape_desc[200], err[256], msg[256];
    random_memory(&r, &cfg, mem_desc, sizeof mem_desc);
    engine_sim *s = engine_sim_create(&cfg, err, sizeof err);
    if (!check(s != NULL, "case seed 0x%016" PRIx64 ": %s", case_seed, err))
        return;
    const engine_backend be = engine_sim_backend(s);
    accel_dev *dev = accel_open(&be, DEV_MEM_BASE, MEM_SIZE, err, sizeof err);
    if (!check(dev != NULL, "case seed 0x%016" PRIx64 ": accel_open: %s", case_seed, err)) {
        engine_sim_destroy(s);
        return;
    }
    layer l = {0};
    random_shape(&r, accel_params(dev), max_macs, &l.p);
    describe(&l.p, shape_desc, sizeof shape_desc);
    if (!check(random_data(&r, &l) == 0, "case seed 0x%016" PRIx64 ": out of memory", case_seed))
        goto out;
    accel_layer *al = accel_prepare(dev, &l.p, err, sizeof err);
    if (!check(al != NULL, "case seed 0x%016" PRIx64 ": %s; %s: prepare: %s", case_seed,
               shape_desc, mem_desc, err))
        goto out;
    accel_tiling t;
    accel_layer_tiling(al, &t);
    seen.cases++;
    seen.multi_ct += t.channel_tiles > 1;
    seen.slices += t.input_slices > 1;
    seen.spatial += t.spatial_tiles > 1;
    seen.padding += t.padding_tiles > 0;
    accel_stats st;
    const int rc = accel_run(al, l.in, l.got, &st, err, sizeof err);
    check(rc == 0, "case seed 0x%016" PRIx64 ": %s; %s: run: %s", case_seed, shape_desc,
          mem_desc, err);
    if (rc == 0)
        check(accel_compare(al, l.got, l.want, msg, sizeof msg) == 0,
              "case seed 0x%016" PRIx64 ": %s; %s: %s", case_seed, shape_desc, mem_desc, msg);
    seen.cycles += engine_sim_cycles(s);
    check(engine_sim_violations(s) == 0, "case seed 0x%016" PRIx64 ": %s; %s: %s", case_seed,
          shape_desc, mem_desc, engine_sim_first_violation(s));
    accel_layer_free(al);
out:
    layer_free(&l);
    accel_close(dev);
    engine_sim_destroy(s);
}

int main(int argc, char **argv)
{
    long cases = 3000, max_macs = 1000000;
    uint64_t seed = 20250101;
    char *end = NULL;
    int bad = argc > 4;
    if (argc > 1) {
        cases = strtol(argv[1], &end, 0);
        bad |= *end != '\0' || cases < 1;
    }
    if (argc > 2) {
        seed = strtoull(argv[2], &end, 0);
        bad |= *end != '\0';
    }
    if (argc > 3) {
        max_macs = strtol(argv[3], &end, 0);
        bad |= *end != '\0' || max_macs < 1;
    }
    if (bad) {
        fprintf(stderr, "usage: %s [cases >= 1] [seed] [max_macs >= 1]\n", argv[0]);
        return 2;
    }
    printf("test-sim-diff: %ld cases, seed 0x%016" PRIx64 ", at most %ld MACs each\n", cases,
           seed, max_macs);
    for (long i = 0; i < cases; i++) {
        /* With one case the seed is the case seed itself, for replays. */
        const uint64_t case_seed = cases == 1 ? seed : rng_next(&seed);
        run_case(case_seed, max_macs);
    }
    printf("%d layers, %" PRIu64 " cycles simulated: %d with several channel tiles, %d with "
           "input-channel slices, %d with several spatial tiles, %d with all-padding tiles\n",
           seen.cases, seen.cycles, seen.multi_ct, seen.slices, seen.spatial, seen.padding);
    if (cases >= 12)
        check(seen.multi_ct && seen.slices && seen.spatial && seen.padding,
              "every kind of tiling exercised");
    return check_summary();
}
