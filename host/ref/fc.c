/*
 * Fully connected layer: out[o] = requant(bias[o] + sum_i w[o][i] * (x[i] - zp_in))
 * with one multiplier per output. Sums wrap modulo 2^32, as in conv.c.
 *
 * The input is converted once to int16 x - zp_in (in pieces of FC_CHUNK
 * values, kept while they are reused), then four outputs at a time are
 * summed in one pass over it, a loop gcc turns into pmaddwd.
 */
#include "ref.h"
#include "requant.h"

#include <stddef.h>

#define FC_CHUNK 1024 /* input values converted at a time */

static int min_int(int a, int b) { return a < b ? a : b; }

/* sum[c] += w_c . v over n values for the rows w_c = rows[c]. */
static void dot4(const int8_t *const rows[4], const int16_t *v, int n, uint32_t sum[4])
{
    const int8_t *w0 = rows[0], *w1 = rows[1], *w2 = rows[2], *w3 = rows[3];
    uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int j = 0; j < n; j++) {
        s0 += (uint32_t)(w0[j] * v[j]);
        s1 += (uint32_t)(w1[j] * v[j]);
        s2 += (uint32_t)(w2[j] * v[j]);
        s3 += (uint32_t)(w3[j] * v[j]);
    }
    sum[0] += s0;
    sum[1] += s1;
    sum[2] += s2;
    sum[3] += s3;
}

/* Accumulators of outputs o0 .. o0 + n - 1 (n <= 4). A group of fewer than
 * four repeats its last row, so every row read is a real one. */
static void fc_acc4(const ref_fc *p, const int8_t *in, int o0, int n, int16_t *v, int *held,
                    int32_t acc[4])
{
    const int8_t *rows[4];
    uint32_t sum[4] = {0, 0, 0, 0};
    for (int c = 0; c < 4; c++)
        rows[c] = p->weights + (size_t)(o0 + min_int(c, n - 1)) * p->in_n;
    for (int i0 = 0; i0 < p->in_n; i0 += FC_CHUNK) {
        const int len = min_int(p->in_n - i0, FC_CHUNK);
        if (*held != i0) {
            for (int i = 0; i < len; i++)
                v[i] = (int16_t)(in[i0 + i] - p->zp_in);
            *held = i0;
        }
        const int8_t *const piece[4] = {rows[0] + i0, rows[1] + i0, rows[2] + i0, rows[3] + i0};
        dot4(piece, v, len, sum);
    }
    for (int c = 0; c < 4; c++)
        acc[c] = wrap_i32((uint32_t)p->bias[o0 + min_int(c, n - 1)] + sum[c]);
}

void ref_fully_connected_acc(const ref_fc *p, const int8_t *in, int32_t *acc)
{
    int16_t v[FC_CHUNK];
    int held = -1; /* first input index of the piece now in v[] */
    for (int o0 = 0; o0 < p->out_n; o0 += 4) {
        const int n = min_int(p->out_n - o0, 4);
        int32_t a[4];
        fc_acc4(p, in, o0, n, v, &held, a);
        for (int c = 0; c < n; c++)
            acc[o0 + c] = a[c];
    }
}

void ref_fully_connected(const ref_fc *p, const int8_t *in, int8_t *out)
{
    int16_t v[FC_CHUNK];
    int held = -1;
    for (int o0 = 0; o0 < p->out_n; o0 += 4) {
        const int n = min_int(p->out_n - o0, 4);
        int32_t a[4];
        fc_acc4(p, in, o0, n, v, &held, a);
        for (int c = 0; c < n; c++)
            out[o0 + c] = requant_output(a[c], p->qmul[o0 + c], p->zp_out, p->act_min,
                                         p->act_max);
    }
}
