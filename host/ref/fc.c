/*
 * Fully connected layer: out[o] = requant(bias[o] + sum_i w[o][i] * (x[i] - zp_in))
 * with one multiplier per output. Sums wrap modulo 2^32, as in conv.c.
 */
#include "ref.h"
#include "wrap32.h"

#include <stddef.h>

static int32_t fc_acc(const ref_fc *p, const int8_t *in, int o)
{
    const int8_t *w = p->weights + (size_t)o * p->in_n;
    uint32_t sum = (uint32_t)p->bias[o];
    for (int i = 0; i < p->in_n; i++)
        sum += (uint32_t)(w[i] * (in[i] - p->zp_in));
    return wrap_i32(sum);
}

void ref_fully_connected_acc(const ref_fc *p, const int8_t *in, int32_t *acc)
{
    for (int o = 0; o < p->out_n; o++)
        acc[o] = fc_acc(p, in, o);
}

void ref_fully_connected(const ref_fc *p, const int8_t *in, int8_t *out)
{
    for (int o = 0; o < p->out_n; o++)
        out[o] = ref_requantize(fc_acc(p, in, o), p->qmul[o], p->zp_out, p->act_min, p->act_max);
}
