/*
 * Vectors for the requantization unit bench. Each line of the output holds
 * one case, fields most significant first (hex):
 *   acc[32] bias[32] mult[32] shift[32] scaled[32] zp_out[8] act_min[8] act_max[8] y[8]
 * scaled and y come from the reference library: scaled is
 * ref_multiply_by_quantized_multiplier(acc + bias) (the unit adds the bias
 * with int32 wrap-around), y is ref_requantize of the same sum.
 *
 * Usage: gen_requant OUT_FILE N_RANDOM SEED
 */
#include "ref/ref.h"
#include "vecfile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static long n_cases;

static void emit(vecfile *v, int32_t acc, int32_t bias, int32_t mult, int32_t shift,
                 int32_t zp, int32_t lo, int32_t hi)
{
    const int32_t sum = (int32_t)((uint32_t)acc + (uint32_t)bias);
    const ref_qmul m = { mult, shift };
    const int32_t scaled = ref_multiply_by_quantized_multiplier(sum, m);
    const int8_t y = ref_requantize(sum, m, zp, lo, hi);
    const uint64_t f[9] = { (uint32_t)acc, (uint32_t)bias, (uint32_t)mult, (uint32_t)shift,
                            (uint32_t)scaled, (uint8_t)zp, (uint8_t)lo, (uint8_t)hi,
                            (uint8_t)y };
    static const int bits[9] = { 32, 32, 32, 32, 32, 8, 8, 8, 8 };
    vecfile_fields(v, f, bits, 9);
    n_cases++;
}

/* Full int8 range: the int32 result shows through `scaled` unclamped. */
static void emit_full(vecfile *v, int32_t acc, int32_t mult, int32_t shift)
{
    emit(v, acc, 0, mult, shift, 0, -128, 127);
}

static void edge_cases(vecfile *v)
{
    static const int32_t accs[] = {
        0, 1, -1, 2, -2, 3, -3, 127, -128, 255, -256, 0x3FFFFFFF, -0x40000000,
        0x40000000, INT32_MAX, INT32_MIN, INT32_MIN + 1, INT32_MAX - 1, 0x12345678,
        -0x12345678, 0x00010000, -0x00010000, 0x7FFF, -0x8000,
    };
    static const int32_t mults[] = {
        0, 1, 0x40000000, 0x40000001, 0x55555555, 0x7FFFFFFF, INT32_MIN, -1, 0x60000000,
    };
    const int na = (int)(sizeof accs / sizeof accs[0]);
    const int nm = (int)(sizeof mults / sizeof mults[0]);
    /* every shift, every pair */
    for (int sh = -31; sh <= 31; sh++)
        for (int i = 0; i < na; i++)
            for (int j = 0; j < nm; j++)
                emit_full(v, accs[i], mults[j], sh);
    /* ties of the final rounding shift: mult = 2^30 halves an even a
     * exactly, so t = a / 2 = m * 2^e +- 2^(e-1) sits on a half. */
    for (int e = 1; e <= 31; e++)
        for (int64_t m = -3; m <= 3; m++)
            for (int sgn = -1; sgn <= 1; sgn += 2) {
                const int64_t t = m * ((int64_t)1 << e) + sgn * ((int64_t)1 << (e - 1));
                if (t * 2 < INT32_MIN || t * 2 > INT32_MAX)
                    continue;
                emit_full(v, (int32_t)(t * 2), 0x40000000, -e);
            }
    /* ties of the doubling high multiply: odd a times 2^30 is a half */
    for (int32_t a = -9; a <= 9; a += 2)
        emit_full(v, a, 0x40000000, 0);
    /* the saturating case reached through the bias add and a left shift */
    emit(v, INT32_MAX, 1, INT32_MIN, 0, 0, -128, 127);
    emit(v, 0x20000000, 0x20000000, INT32_MIN, 1, 0, -128, 127);
    /* clamps and zero points at their extremes */
    for (int zp = -128; zp <= 127; zp += 17)
        for (int32_t acc = -300; acc <= 300; acc += 37) {
            emit(v, acc, 0, 0x40000000, 1, zp, -128, 127);
            emit(v, acc, 0, 0x40000000, 1, zp, zp, 127);
            emit(v, acc, 0, 0x40000000, 1, zp, -20, 20);
        }
    emit(v, INT32_MAX, 0, 0x7FFFFFFF, 31, 127, -128, 127);
    emit(v, INT32_MIN, 0, 0x7FFFFFFF, 0, -128, -128, 127);
}

static void random_cases(vecfile *v, long n, uint64_t seed)
{
    uint64_t s = seed;
    for (long i = 0; i < n; i++) {
        const int kind = (int)vec_range(&s, 0, 3);
        int32_t acc = (int32_t)(uint32_t)vec_rng(&s);
        int32_t bias = (int32_t)(uint32_t)vec_rng(&s);
        int32_t mult, shift;
        if (kind == 0) { /* anything at all */
            mult = (int32_t)(uint32_t)vec_rng(&s);
            shift = (int32_t)vec_range(&s, -31, 31);
        } else { /* what ref_quantize_multiplier produces, layer-like sums */
            mult = (int32_t)vec_range(&s, 0x40000000, 0x7FFFFFFF);
            shift = (int32_t)vec_range(&s, kind == 1 ? -31 : -20, kind == 1 ? 31 : 2);
            acc = (int32_t)vec_range(&s, -(1 << 20), 1 << 20);
            bias = (int32_t)vec_range(&s, -(1 << 16), 1 << 16);
        }
        const int32_t zp = (int32_t)vec_range(&s, -128, 127);
        int32_t lo = (int32_t)vec_range(&s, -128, 127);
        int32_t hi = (int32_t)vec_range(&s, -128, 127);
        if (vec_range(&s, 0, 1)) {
            lo = -128;
            hi = 127;
        } else if (lo > hi) {
            const int32_t t = lo;
            lo = hi;
            hi = t;
        }
        emit(v, acc, bias, mult, shift, zp, lo, hi);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s OUT_FILE N_RANDOM SEED\n", argv[0]);
        return 2;
    }
    char *end;
    const long n = strtol(argv[2], &end, 10);
    if (*end || n < 0) {
        fprintf(stderr, "%s: bad case count '%s'\n", argv[0], argv[2]);
        return 2;
    }
    const uint64_t seed = strtoull(argv[3], &end, 0);
    if (*end) {
        fprintf(stderr, "%s: bad seed '%s'\n", argv[0], argv[3]);
        return 2;
    }
    vecfile v;
    if (vecfile_open(&v, argv[1]) != 0)
        return 1;
    edge_cases(&v);
    random_cases(&v, n, seed);
    if (vecfile_close(&v) != 0)
        return 1;
    printf("%s: %ld cases\n", argv[1], n_cases);
    return 0;
}
