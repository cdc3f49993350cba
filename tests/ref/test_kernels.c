/*
 * conv2d, pooling and fully connected against the naive implementation
 * (naive.c) on random shapes and data, byte for byte.
 *
 *   test-kernels [number of random shapes per kernel]   (default 3000)
 */
#include "check.h"
#include "naive.h"
#include "oracle.h"
#include "ref/ref.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t seed = 0x5eed0002u;

static int rnd(int lo, int hi) { return (int)rng_range(&seed, lo, hi); }

static void fill_i8(int8_t *v, size_t n, int lo, int hi)
{
    for (size_t i = 0; i < n; i++)
        v[i] = (int8_t)rnd(lo, hi);
}

/* Kernel sizes with extra weight on the 1x1 and 11x11 corner cases. */
static int random_kernel(void)
{
    const int r = rnd(0, 9);
    return r < 2 ? 1 : r < 3 ? 11 : rnd(2, 7);
}

/* Per-channel multipliers: mostly a scale that keeps outputs in range,
 * sometimes left shifts (M >= 1), sometimes any normalized q and shift. */
static void random_qmul(ref_qmul *qm, int n, int taps)
{
    const int mode = rnd(0, 5);
    for (int o = 0; o < n; o++) {
        if (mode == 5) {
            qm[o].multiplier = (int32_t)rng_range(&seed, (int64_t)1 << 30, INT32_MAX);
            qm[o].shift = rnd(-31, 31);
            continue;
        }
        const double m = mode == 0
            ? ldexp(1.0 + rnd(0, 1000) / 1000.0, rnd(0, 3)) /* 1 .. 16: left shifts */
            : ldexp(1.0 + rnd(0, 1000) / 1000.0, rnd(-4, 2)) / (sqrt(taps) * 64.0);
        if (ref_quantize_multiplier(m, &qm[o]) != 0) {
            qm[o].multiplier = 0;
            qm[o].shift = 0;
        }
    }
}

static void random_bias(int32_t *bias, int n, int taps)
{
    const int wide = rnd(0, 9) == 0;
    for (int o = 0; o < n; o++)
        bias[o] = wide ? (int32_t)rng_range(&seed, -(1 << 30), 1 << 30)
                       : (int32_t)rng_range(&seed, -taps * 3000L, taps * 3000L);
}

static void print_conv(const ref_conv *p)
{
    printf("  shape: in %dx%dx%d out_c %d k %dx%d stride %dx%d pad t%d b%d l%d r%d "
           "zp_in %ld zp_out %ld act [%ld,%ld]\n",
           p->in_h, p->in_w, p->in_c, p->out_c, p->k_h, p->k_w, p->stride_h, p->stride_w,
           p->pad_top, p->pad_bottom, p->pad_left, p->pad_right, (long)p->zp_in,
           (long)p->zp_out, (long)p->act_min, (long)p->act_max);
}

/* Runs one conv case through both implementations; 1 if they agree. */
static int conv_case(const ref_conv *p, const int8_t *in)
{
    const int oh = naive_out_dim(p->in_h, p->k_h, p->stride_h, p->pad_top, p->pad_bottom);
    const int ow = naive_out_dim(p->in_w, p->k_w, p->stride_w, p->pad_left, p->pad_right);
    if (ref_conv_out_h(p) != oh || ref_conv_out_w(p) != ow) {
        print_conv(p);
        printf("  output size %dx%d, want %dx%d\n", ref_conv_out_h(p), ref_conv_out_w(p), oh, ow);
        return 0;
    }
    const size_t n = (size_t)oh * ow * p->out_c;
    int32_t *acc = malloc(sizeof *acc * n + 1);
    int64_t *want_acc = malloc(sizeof *want_acc * n + 1);
    int8_t *out = malloc(n + 1), *want = malloc(n + 1);
    ref_conv2d_acc(p, in, acc);
    naive_conv_acc(p, in, want_acc);
    ref_conv2d(p, in, out);
    naive_conv(p, in, want);
    int ok = 1;
    for (size_t k = 0; k < n && ok; k++) {
        const int pos = (int)(k / p->out_c), c = (int)(k % p->out_c);
        if (want_acc[k] < INT32_MIN || want_acc[k] > INT32_MAX) {
            print_conv(p);
            printf("  generator bug: sum %lld does not fit int32\n", (long long)want_acc[k]);
            ok = 0;
        } else if (acc[k] != want_acc[k] || out[k] != want[k]) {
            print_conv(p);
            printf("  first mismatch at y %d x %d channel %d: acc %ld (want %lld) out %d "
                   "(want %d), qmul %ld/%ld\n",
                   pos / ow, pos % ow, c, (long)acc[k], (long long)want_acc[k], out[k], want[k],
                   (long)p->qmul[c].multiplier, (long)p->qmul[c].shift);
            ok = 0;
        }
    }
    free(acc);
    free(want_acc);
    free(out);
    free(want);
    return ok;
}

/* How many random conv cases had each feature the tests are meant to reach. */
static struct {
    int stride2, asym_pad, k1, k11, full_pad_window, left_shift, relu, long_window, wide;
} seen;

static void note_coverage(const ref_conv *p, int taps)
{
    seen.stride2 += p->stride_h > 1 || p->stride_w > 1;
    seen.asym_pad += p->pad_top != p->pad_bottom || p->pad_left != p->pad_right;
    seen.k1 += p->k_h == 1 && p->k_w == 1;
    seen.k11 += p->k_h == 11 && p->k_w == 11;
    seen.full_pad_window += p->pad_top >= p->k_h || p->pad_left >= p->k_w;
    seen.relu += p->act_min > -128;
    seen.long_window += taps > 1024;
    seen.wide += p->out_c > 64;
    for (int o = 0; o < p->out_c; o++)
        if (p->qmul[o].shift > 0) {
            seen.left_shift++;
            break;
        }
}

static void check_coverage(void)
{
    printf("conv coverage: stride>1 %d, asymmetric padding %d, 1x1 %d, 11x11 %d, "
           "window in padding %d, left shift %d, ReLU %d, >1024 taps %d, >64 channels %d\n",
           seen.stride2, seen.asym_pad, seen.k1, seen.k11, seen.full_pad_window,
           seen.left_shift, seen.relu, seen.long_window, seen.wide);
    check(seen.stride2 && seen.asym_pad && seen.k1 && seen.k11 && seen.full_pad_window &&
              seen.left_shift && seen.relu && seen.long_window && seen.wide,
          "random conv shapes reach every feature");
}

static int random_conv(void)
{
    ref_conv p;
    memset(&p, 0, sizeof p);
    p.k_h = random_kernel();
    p.k_w = rnd(0, 2) ? p.k_h : random_kernel();
    p.stride_h = rnd(1, 4);
    p.stride_w = rnd(0, 1) ? p.stride_h : rnd(1, 4);
    /* mostly padding below the kernel size, as frameworks emit; sometimes
     * more, so that whole windows lie in the padding */
    const int pad_max_h = rnd(0, 19) ? p.k_h - 1 : p.k_h + 1;
    const int pad_max_w = rnd(0, 19) ? p.k_w - 1 : p.k_w + 1;
    p.pad_top = rnd(0, pad_max_h);
    p.pad_bottom = rnd(0, pad_max_h);
    p.pad_left = rnd(0, pad_max_w);
    p.pad_right = rnd(0, pad_max_w);
    p.in_h = rnd(1, 14);
    p.in_w = rnd(1, 14);
    if (p.in_h + p.pad_top + p.pad_bottom < p.k_h)
        p.in_h = p.k_h - p.pad_top - p.pad_bottom + rnd(0, 3);
    if (p.in_w + p.pad_left + p.pad_right < p.k_w)
        p.in_w = p.k_w - p.pad_left - p.pad_right + rnd(0, 3);
    p.in_c = rnd(0, 4) ? rnd(1, 7) : rnd(8, 19);
    p.out_c = rnd(0, 4) ? rnd(1, 9) : rnd(10, 17);
    if (rnd(0, 49) == 0) { /* more channels than the library sums at once */
        p.out_c = rnd(60, 140);
        p.in_c = rnd(1, 3);
    }
    p.zp_in = rnd(-128, 127);
    p.zp_out = rnd(-128, 127);
    p.act_min = ref_act_min(rnd(0, 1), p.zp_out);
    p.act_max = 127;

    const int taps = p.k_h * p.k_w * p.in_c;
    int8_t *w = malloc((size_t)taps * p.out_c);
    int32_t *bias = malloc(sizeof *bias * p.out_c);
    ref_qmul *qm = malloc(sizeof *qm * p.out_c);
    int8_t *in = malloc((size_t)p.in_h * p.in_w * p.in_c);
    fill_i8(w, (size_t)taps * p.out_c, rnd(0, 3) ? -127 : -128, 127);
    fill_i8(in, (size_t)p.in_h * p.in_w * p.in_c, -128, 127);
    random_bias(bias, p.out_c, taps);
    random_qmul(qm, p.out_c, taps);
    p.weights = w;
    p.bias = bias;
    p.qmul = qm;
    const int ok = conv_case(&p, in);
    note_coverage(&p, taps);
    free(w);
    free(bias);
    free(qm);
    free(in);
    return ok;
}

/* The two LeNet-5 convolutions with random data. */
static int lenet_conv(int in_hw, int in_c, int out_c, int pad)
{
    ref_conv p = {.in_h = in_hw, .in_w = in_hw, .in_c = in_c, .out_c = out_c, .k_h = 5,
                  .k_w = 5, .stride_h = 1, .stride_w = 1, .pad_top = pad, .pad_bottom = pad,
                  .pad_left = pad, .pad_right = pad, .zp_in = -128, .zp_out = -128,
                  .act_min = -128, .act_max = 127};
    const int taps = 25 * in_c;
    int8_t *w = malloc((size_t)taps * out_c), *in = malloc((size_t)in_hw * in_hw * in_c);
    int32_t bias[16];
    ref_qmul qm[16];
    fill_i8(w, (size_t)taps * out_c, -127, 127);
    fill_i8(in, (size_t)in_hw * in_hw * in_c, -128, 127);
    random_bias(bias, out_c, taps);
    random_qmul(qm, out_c, taps);
    p.weights = w;
    p.bias = bias;
    p.qmul = qm;
    const int ok = conv_case(&p, in);
    free(w);
    free(in);
    return ok;
}

static void random_pool_shape(ref_pool *p)
{
    memset(p, 0, sizeof *p);
    p->k_h = rnd(0, 9) ? rnd(1, 5) : rnd(6, 11);
    p->k_w = rnd(0, 2) ? p->k_h : rnd(1, 6);
    p->stride_h = rnd(1, 4);
    p->stride_w = rnd(1, 4);
    const int pad_max_h = rnd(0, 19) ? p->k_h - 1 : p->k_h + 1;
    const int pad_max_w = rnd(0, 19) ? p->k_w - 1 : p->k_w + 1;
    p->pad_top = rnd(0, pad_max_h);
    p->pad_bottom = rnd(0, pad_max_h);
    p->pad_left = rnd(0, pad_max_w);
    p->pad_right = rnd(0, pad_max_w);
    p->in_h = rnd(1, 20);
    p->in_w = rnd(1, 20);
    if (p->in_h + p->pad_top + p->pad_bottom < p->k_h)
        p->in_h = p->k_h - p->pad_top - p->pad_bottom + rnd(0, 3);
    if (p->in_w + p->pad_left + p->pad_right < p->k_w)
        p->in_w = p->k_w - p->pad_left - p->pad_right + rnd(0, 3);
    p->c = rnd(1, 9);
}

static int random_pool(int average)
{
    ref_pool p;
    random_pool_shape(&p);
    const int oh = naive_out_dim(p.in_h, p.k_h, p.stride_h, p.pad_top, p.pad_bottom);
    const int ow = naive_out_dim(p.in_w, p.k_w, p.stride_w, p.pad_left, p.pad_right);
    const size_t n_in = (size_t)p.in_h * p.in_w * p.c, n_out = (size_t)oh * ow * p.c;
    int8_t *in = malloc(n_in), *out = malloc(n_out + 1), *want = malloc(n_out + 1);
    /* narrow ranges make ties and small negative sums (rounding) common */
    if (rnd(0, 1))
        fill_i8(in, n_in, -128, 127);
    else
        fill_i8(in, n_in, -3, 2);
    int ok = ref_pool_out_h(&p) == oh && ref_pool_out_w(&p) == ow;
    if (ok) {
        (average ? ref_avgpool : ref_maxpool)(&p, in, out);
        (average ? naive_avgpool : naive_maxpool)(&p, in, want);
    }
    for (size_t k = 0; k < n_out && ok; k++)
        if (out[k] != want[k]) {
            const int pos = (int)(k / p.c);
            printf("  %s pool in %dx%dx%d k %dx%d stride %dx%d pad t%d b%d l%d r%d: "
                   "y %d x %d channel %d got %d want %d\n",
                   average ? "avg" : "max", p.in_h, p.in_w, p.c, p.k_h, p.k_w, p.stride_h,
                   p.stride_w, p.pad_top, p.pad_bottom, p.pad_left, p.pad_right, pos / ow,
                   pos % ow, (int)(k % p.c), out[k], want[k]);
            ok = 0;
        }
    if (!ok && ref_pool_out_h(&p) != oh)
        printf("  pool output size mismatch\n");
    free(in);
    free(out);
    free(want);
    return ok;
}

static int random_fc(void)
{
    ref_fc p;
    memset(&p, 0, sizeof p);
    p.in_n = rnd(0, 3) ? rnd(1, 130) : rnd(131, 800);
    p.out_n = rnd(1, 24);
    p.zp_in = rnd(-128, 127);
    p.zp_out = rnd(-128, 127);
    p.act_min = ref_act_min(rnd(0, 1), p.zp_out);
    p.act_max = 127;
    int8_t *w = malloc((size_t)p.in_n * p.out_n), *in = malloc((size_t)p.in_n);
    int32_t *bias = malloc(sizeof *bias * p.out_n);
    ref_qmul *qm = malloc(sizeof *qm * p.out_n);
    int32_t *acc = malloc(sizeof *acc * p.out_n);
    int64_t *want_acc = malloc(sizeof *want_acc * p.out_n);
    int8_t *out = malloc((size_t)p.out_n), *want = malloc((size_t)p.out_n);
    fill_i8(w, (size_t)p.in_n * p.out_n, -127, 127);
    fill_i8(in, (size_t)p.in_n, -128, 127);
    random_bias(bias, p.out_n, p.in_n);
    random_qmul(qm, p.out_n, p.in_n);
    p.weights = w;
    p.bias = bias;
    p.qmul = qm;
    ref_fully_connected_acc(&p, in, acc);
    naive_fc_acc(&p, in, want_acc);
    ref_fully_connected(&p, in, out);
    naive_fc(&p, in, want);
    int ok = 1;
    for (int o = 0; o < p.out_n && ok; o++)
        if (acc[o] != want_acc[o] || out[o] != want[o]) {
            printf("  fc in %d out %d zp_in %ld zp_out %ld: output %d acc %ld (want %lld) "
                   "out %d (want %d)\n",
                   p.in_n, p.out_n, (long)p.zp_in, (long)p.zp_out, o, (long)acc[o],
                   (long long)want_acc[o], out[o], want[o]);
            ok = 0;
        }
    free(w);
    free(in);
    free(bias);
    free(qm);
    free(acc);
    free(want_acc);
    free(out);
    free(want);
    return ok;
}

static void test_out_dim(void)
{
    int ok = 1;
    for (int i = 0; i < 20000; i++) {
        const int in = rnd(1, 40), k = rnd(1, 12), s = rnd(1, 5), lo = rnd(0, 12), hi = rnd(0, 12);
        ok &= ref_out_dim(in, k, s, lo, hi) == naive_out_dim(in, k, s, lo, hi);
    }
    check(ok, "ref_out_dim agrees with window counting on 20000 random cases");
    check(ref_out_dim(0, 1, 1, 0, 0) == 0 && ref_out_dim(4, 0, 1, 0, 0) == 0 &&
              ref_out_dim(4, 2, 0, 0, 0) == 0 && ref_out_dim(4, 2, 1, -1, 0) == 0 &&
              ref_out_dim(3, 5, 1, 0, 1) == 0,
          "ref_out_dim is 0 for invalid arguments and windows that do not fit");
}

static void run_random(const char *what, int (*one)(void), int count)
{
    int passed = 0;
    for (int i = 0; i < count; i++)
        passed += check(one(), "%s: random case %d", what, i);
    printf("%s: %d of %d random cases match\n", what, passed, count);
}

static int random_maxpool(void) { return random_pool(0); }
static int random_avgpool(void) { return random_pool(1); }

int main(int argc, char **argv)
{
    const int count = argc > 1 ? atoi(argv[1]) : 3000;
    printf("kernel tests, seed 0x%llx, %d random shapes per kernel\n",
           (unsigned long long)seed, count);
    test_out_dim();
    check(lenet_conv(28, 1, 6, 2), "LeNet C1 shape (28x28x1, 6@5x5, pad 2)");
    check(lenet_conv(14, 6, 16, 0), "LeNet C3 shape (14x14x6, 16@5x5, valid)");
    run_random("conv2d", random_conv, count);
    check_coverage();
    run_random("maxpool", random_maxpool, count);
    run_random("avgpool", random_avgpool, count);
    run_random("fully connected", random_fc, count);
    return check_summary();
}
