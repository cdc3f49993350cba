/*
 * Requantization against the wide-integer oracle (oracle.c).
 *
 *   test-requant [random cases per shift]   (default 40000)
 *
 * Covers every shift -31..+31 with chosen edge accumulators, exact ties at
 * both rounding steps, all-range random accumulators and multipliers, and
 * QuantizeMultiplier on hand-derived and random multipliers.
 */
#include "check.h"
#include "oracle.h"
#include "ref/ref.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define Q30 ((int32_t)1 << 30)

static uint64_t seed = 0x5eed0001u;

/* Compares the library with the oracle on one case; prints the first
 * mismatch of a group and returns whether it matched. */
static int same(int32_t acc, int32_t q, int shift, int32_t zp, int *reported)
{
    const ref_qmul m = {q, shift};
    const int32_t got = ref_multiply_by_quantized_multiplier(acc, m);
    const int32_t want = oracle_scale(acc, q, shift);
    const int8_t got8 = ref_requantize(acc, m, zp, -128, 127);
    const int8_t want8 = oracle_requant(acc, q, shift, zp, -128, 127);
    if (got == want && got8 == want8)
        return 1;
    if (!*reported)
        printf("  mismatch: acc=%ld q=%ld shift=%d zp=%ld: scale %ld (want %ld), "
               "requant %d (want %d)\n",
               (long)acc, (long)q, shift, (long)zp, (long)got, (long)want, got8, want8);
    *reported = 1;
    return 0;
}

/* Accumulators that stress each step: extremes, powers of two and their
 * neighbours (carries and ties around every bit position). */
static int edge_accs(int32_t *v)
{
    int n = 0;
    v[n++] = 0;
    v[n++] = INT32_MAX;
    v[n++] = INT32_MIN;
    v[n++] = INT32_MIN + 1;
    v[n++] = INT32_MAX - 1;
    for (int b = 0; b < 31; b++) {
        const int32_t p = (int32_t)1 << b;
        v[n++] = p;
        v[n++] = -p;
        v[n++] = p + 1;
        v[n++] = -p - 1;
        v[n++] = p - 1;
        v[n++] = -(p - 1);
        v[n++] = p + (p >> 1); /* 1.5 * 2^b: a tie after a shift by b */
        v[n++] = -(p + (p >> 1));
    }
    return n;
}

static int32_t random_multiplier(void)
{
    switch (rng_range(&seed, 0, 3)) {
    case 0: return (int32_t)rng_range(&seed, Q30, INT32_MAX);  /* normalized, as quantized */
    case 1: return (int32_t)rng_range(&seed, INT32_MIN, INT32_MAX);  /* any bit pattern */
    case 2: return (int32_t)rng_range(&seed, -1000, 1000);
    default: return (int32_t)rng_range(&seed, 0, 1) ? INT32_MIN : INT32_MAX;
    }
}

static int32_t random_acc(void)
{
    switch (rng_range(&seed, 0, 2)) {
    case 0: return (int32_t)rng_range(&seed, INT32_MIN, INT32_MAX);
    case 1: return (int32_t)rng_range(&seed, -70000, 70000); /* typical conv sums */
    default: { /* log-uniform magnitude */
        const int bits = (int)rng_range(&seed, 0, 31);
        const int64_t mag = rng_range(&seed, 0, ((int64_t)1 << bits) - 1);
        return (int32_t)(rng_range(&seed, 0, 1) ? -mag : mag);
    }
    }
}

static void test_edges_every_shift(void)
{
    int32_t accs[512];
    const int n_acc = edge_accs(accs);
    const int32_t qs[] = {0, 1, -1, Q30, Q30 + 1, INT32_MAX, INT32_MAX - 1, INT32_MIN,
                          INT32_MIN + 1, 1518500250 /* ~ 2^30.5 */, 1234567891};
    for (int shift = -31; shift <= 31; shift++) {
        int ok = 1, reported = 0;
        for (size_t k = 0; k < sizeof qs / sizeof qs[0]; k++)
            for (int i = 0; i < n_acc; i++)
                ok &= same(accs[i], qs[k], shift, (int32_t)(i % 256) - 128, &reported);
        check(ok, "edge accumulators x edge multipliers, shift %d", shift);
    }
}

/* Exact ties in the final right shift: with q = 2^30 (one half) and
 * acc = (2j + 1) * 2^e, the high multiply gives t = (2j + 1) * 2^(e-1)
 * exactly, which is j + 0.5 after dividing by 2^e and must become j + 1
 * (or -(j + 1) for -acc). For e = 31 the only such acc is INT32_MIN:
 * t = -2^30, and -2^30 / 2^31 = -0.5 rounds to -1. */
static void test_ties_right_shift(void)
{
    for (int e = 1; e <= 31; e++) {
        int ok = 1, reported = 0;
        for (int i = 0; i < 200; i++) {
            int64_t acc = INT32_MIN, want = -1;
            if (e < 31) {
                const int64_t j = rng_range(&seed, 0, ((int64_t)1 << (30 - e)) - 1);
                acc = (2 * j + 1) << e;
                want = j + 1;
                if (i & 1) {
                    acc = -acc;
                    want = -want;
                }
            }
            ok &= same((int32_t)acc, Q30, -e, 0, &reported);
            if (oracle_scale((int32_t)acc, Q30, -e) != want) {
                printf("  oracle misses the tie: acc=%lld e=%d\n", (long long)acc, e);
                ok = 0;
            }
        }
        check(ok, "exact ties at the rounding right shift by %d", e);
    }
}

/* Exact ties in the high multiply, which rounds them towards +infinity:
 * a * 2^30 / 2^31 = a / 2 is a tie for every odd a, giving (a + 1) / 2;
 * a * (2^30 + 2^29) / 2^31 = 0.75 a is a tie when a = 2 mod 4. */
static void test_ties_high_mul(void)
{
    int ok = 1, reported = 0;
    for (int i = 0; i < 20000; i++) {
        const int32_t odd = (int32_t)(rng_range(&seed, -(1 << 29), 1 << 29) * 2 + 1);
        ok &= same(odd, Q30, 0, 0, &reported);
        ok &= same(odd * 2, Q30 + (Q30 >> 1), 0, 0, &reported);
        if (oracle_scale(odd, Q30, 0) != (odd + 1) / 2) { /* odd + 1 is even: exact */
            printf("  oracle misses the tie: acc=%ld\n", (long)odd);
            ok = 0;
        }
    }
    check(ok, "exact ties in the rounding doubling high multiply");
    check(oracle_scale(3, Q30, 0) == 2 && oracle_scale(-3, Q30, 0) == -1 &&
              oracle_scale(2, Q30 + (Q30 >> 1), 0) == 2 &&
              oracle_scale(-2, Q30 + (Q30 >> 1), 0) == -1,
          "oracle high multiply rounds 1.5 -> 2 and -1.5 -> -1");
}

static void test_random(long per_shift)
{
    for (int shift = -31; shift <= 31; shift++) {
        int ok = 1, reported = 0;
        for (long i = 0; i < per_shift; i++)
            ok &= same(random_acc(), random_multiplier(), shift,
                       (int32_t)rng_range(&seed, -128, 127), &reported);
        check(ok, "%ld random cases, shift %d", per_shift, shift);
    }
}

/* Clamping with a ReLU range and extreme zero points. */
static void test_clamp(void)
{
    int ok = 1;
    for (int i = 0; i < 100000; i++) {
        const int32_t acc = random_acc(), q = random_multiplier();
        const int shift = (int)rng_range(&seed, -31, 31);
        const int32_t zp = (int32_t)rng_range(&seed, -128, 127);
        const int32_t lo = ref_act_min(1, zp);
        const ref_qmul m = {q, shift};
        ok &= ref_requantize(acc, m, zp, lo, 127) == oracle_requant(acc, q, shift, zp, lo, 127);
    }
    check(ok, "requantize with ReLU clamp at the zero point");
    check(ref_act_min(1, 5) == 5 && ref_act_min(1, -128) == -128 && ref_act_min(0, 5) == -128 &&
              ref_act_min(1, -3) == -3,
          "ref_act_min");
}

static void expect_quantize(double m, int32_t want_q, int want_shift, const char *why)
{
    ref_qmul got = {-7, -7};
    const int rc = ref_quantize_multiplier(m, &got);
    check(rc == 0 && got.multiplier == want_q && got.shift == want_shift,
          "quantize %.17g (%s): rc %d q %ld shift %ld, want q %ld shift %d", m, why, rc,
          (long)got.multiplier, (long)got.shift, (long)want_q, want_shift);
}

static void expect_quantize_error(double m, const char *why)
{
    ref_qmul got;
    check(ref_quantize_multiplier(m, &got) == -1, "quantize %g (%s) must fail", m, why);
}

/* Each expected pair solves M = q * 2^(shift - 31) by hand. */
static void test_quantize_hand(void)
{
    expect_quantize(1.0, Q30, 1, "1 = 2^30 * 2^(1-31)");
    expect_quantize(0.0, 0, 0, "zero");
    expect_quantize(0.5, Q30, 0, "0.5 = 2^30 * 2^-31");
    expect_quantize(0.75, 3 << 29, 0, "0.75 = 3 * 2^29 * 2^-31");
    expect_quantize(0.1, 1717986918, -3, "0.1 = 0.8 * 2^-3, 0.8 * 2^31 = 1717986918.4");
    expect_quantize(0.3, 1288490189, -1, "0.3 = 0.6 * 2^-1, 0.6 * 2^31 = 1288490188.8");
    /* 0.5 + 2^-32: f * 2^31 = 2^30 + 0.5, a tie that rounds away from zero */
    expect_quantize(0.5 + ldexp(1, -32), Q30 + 1, 0, "tie rounds up");
    expect_quantize(0.5 + ldexp(1, -33), Q30, 0, "2^30 + 0.25 rounds down");
    /* f = 1 - 2^-32: f * 2^31 = 2^31 - 0.5 rounds to 2^31, renormalized */
    expect_quantize(1.0 - ldexp(1, -32), Q30, 1, "rounds up to 2^31");
    expect_quantize(1.0 - ldexp(1, -33), Q30, 1, "2^31 - 0.25 rounds up to 2^31");
    expect_quantize(1.0 - ldexp(1, -31), INT32_MAX, 0, "2^31 - 1 exactly");
    expect_quantize(3.0, 3 << 29, 2, "3 = 0.75 * 2^2");
    expect_quantize(ldexp(1, 30), Q30, 31, "2^30: largest shift");
    expect_quantize(ldexp(1, -32), Q30, -31, "2^-32: smallest shift");
    expect_quantize(ldexp(1, -33), 0, 0, "2^-33: shift -32 flushes to zero");
    expect_quantize(ldexp(1, -40), 0, 0, "tiny");
    expect_quantize(ldexp(1, -1074), 0, 0, "smallest subnormal");
    /* 2^-32 - 2^-66: frexp gives f = 1 - 2^-34, shift -32, but f rounds up to
     * 2^31, so the renormalized shift is -31: representable, not flushed */
    expect_quantize(ldexp(1, -32) - ldexp(1, -66), Q30, -31, "rounds back into range");
    expect_quantize_error(-0.5, "negative");
    expect_quantize_error(NAN, "NaN");
    expect_quantize_error(INFINITY, "infinite");
    expect_quantize_error(ldexp(1, 31), "2^31 needs shift 32");
    expect_quantize_error(ldexp(1, 31) * (1.0 - ldexp(1, -33)), "rounds up to shift 32");
}

static double random_multiplier_value(void)
{
    const int exp = (int)rng_range(&seed, -40, 32);
    if (rng_range(&seed, 0, 3) == 0) {
        /* x = k + 0.5 with k in [2^30, 2^31): a tie in the rounding step */
        const double x = (double)rng_range(&seed, (int64_t)1 << 30, ((int64_t)1 << 31) - 1) + 0.5;
        return ldexp(x, exp - 31);
    }
    const uint64_t mant = rng_next(&seed) >> 11; /* 53 random bits */
    return ldexp((double)(mant | (uint64_t)1 << 52), exp - 53);
}

static void test_quantize_random(void)
{
    int ok = 1, shown = 0;
    for (int i = 0; i < 200000; i++) {
        const double m = random_multiplier_value();
        ref_qmul got = {0, 0};
        int32_t q = 0;
        int shift = 0;
        const int rc = ref_quantize_multiplier(m, &got);
        const int want_rc = oracle_quantize(m, &q, &shift);
        const int match = rc == want_rc && (rc != 0 || (got.multiplier == q && got.shift == shift));
        if (!match && !shown++)
            printf("  mismatch: M=%a rc %d q %ld shift %ld, want rc %d q %ld shift %d\n", m, rc,
                   (long)got.multiplier, (long)got.shift, want_rc, (long)q, shift);
        ok &= match;
    }
    check(ok, "quantize 200000 random multipliers (including exact ties) vs oracle");
}

int main(int argc, char **argv)
{
    const long per_shift = argc > 1 ? atol(argv[1]) : 40000;
    printf("requant tests, seed 0x%llx, %ld random cases per shift\n",
           (unsigned long long)seed, per_shift);
    test_edges_every_shift();
    test_ties_right_shift();
    test_ties_high_mul();
    test_random(per_shift);
    test_clamp();
    test_quantize_hand();
    test_quantize_random();
    return check_summary();
}
