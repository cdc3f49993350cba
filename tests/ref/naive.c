#include "naive.h"
#include "oracle.h"

#include <stdlib.h>

int naive_out_dim(int in, int k, int stride, int pad_lo, int pad_hi)
{
    int n = 0;
    for (int start = -pad_lo; start + k <= in + pad_hi; start += stride)
        n++;
    return n;
}

static int8_t conv_input(const ref_conv *p, const int8_t *in, int y, int x, int c)
{
    if (y < 0 || y >= p->in_h || x < 0 || x >= p->in_w)
        return (int8_t)p->zp_in; /* padding holds the zero point */
    return in[(y * p->in_w + x) * p->in_c + c];
}

void naive_conv_acc(const ref_conv *p, const int8_t *in, int64_t *acc)
{
    const int oh = naive_out_dim(p->in_h, p->k_h, p->stride_h, p->pad_top, p->pad_bottom);
    const int ow = naive_out_dim(p->in_w, p->k_w, p->stride_w, p->pad_left, p->pad_right);
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
            for (int o = 0; o < p->out_c; o++) {
                int64_t sum = p->bias[o];
                for (int ky = 0; ky < p->k_h; ky++)
                    for (int kx = 0; kx < p->k_w; kx++)
                        for (int i = 0; i < p->in_c; i++) {
                            const int y = oy * p->stride_h + ky - p->pad_top;
                            const int x = ox * p->stride_w + kx - p->pad_left;
                            const int8_t w = p->weights[((o * p->k_h + ky) * p->k_w + kx) * p->in_c + i];
                            sum += (int64_t)w * (conv_input(p, in, y, x, i) - p->zp_in);
                        }
                acc[(oy * ow + ox) * p->out_c + o] = sum;
            }
}

void naive_conv(const ref_conv *p, const int8_t *in, int8_t *out)
{
    const int oh = naive_out_dim(p->in_h, p->k_h, p->stride_h, p->pad_top, p->pad_bottom);
    const int ow = naive_out_dim(p->in_w, p->k_w, p->stride_w, p->pad_left, p->pad_right);
    int64_t *acc = malloc(sizeof *acc * (size_t)(oh * ow * p->out_c + 1));
    naive_conv_acc(p, in, acc);
    for (int k = 0; k < oh * ow * p->out_c; k++) {
        const int o = k % p->out_c;
        out[k] = oracle_requant((int32_t)acc[k], p->qmul[o].multiplier, p->qmul[o].shift,
                                p->zp_out, p->act_min, p->act_max);
    }
    free(acc);
}

/* Visits the in-bounds taps of one pooling window: count, max and sum. */
static void pool_window(const ref_pool *p, const int8_t *in, int oy, int ox, int c, int *count,
                        int *max, int64_t *sum)
{
    *count = 0;
    *max = -1000;
    *sum = 0;
    for (int ky = 0; ky < p->k_h; ky++)
        for (int kx = 0; kx < p->k_w; kx++) {
            const int y = oy * p->stride_h + ky - p->pad_top;
            const int x = ox * p->stride_w + kx - p->pad_left;
            if (y < 0 || y >= p->in_h || x < 0 || x >= p->in_w)
                continue;
            const int v = in[(y * p->in_w + x) * p->c + c];
            ++*count;
            *sum += v;
            if (v > *max)
                *max = v;
        }
}

static void naive_pool(const ref_pool *p, const int8_t *in, int8_t *out, int average)
{
    const int oh = naive_out_dim(p->in_h, p->k_h, p->stride_h, p->pad_top, p->pad_bottom);
    const int ow = naive_out_dim(p->in_w, p->k_w, p->stride_w, p->pad_left, p->pad_right);
    for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
            for (int c = 0; c < p->c; c++) {
                int count, max;
                int64_t sum;
                pool_window(p, in, oy, ox, c, &count, &max, &sum);
                int8_t v = -128; /* documented result of a window with no input tap */
                if (count > 0)
                    v = (int8_t)(average ? oracle_div_round(sum, count) : max);
                out[(oy * ow + ox) * p->c + c] = v;
            }
}

void naive_maxpool(const ref_pool *p, const int8_t *in, int8_t *out)
{
    naive_pool(p, in, out, 0);
}

void naive_avgpool(const ref_pool *p, const int8_t *in, int8_t *out)
{
    naive_pool(p, in, out, 1);
}

void naive_fc_acc(const ref_fc *p, const int8_t *in, int64_t *acc)
{
    for (int o = 0; o < p->out_n; o++) {
        acc[o] = p->bias[o];
        for (int i = 0; i < p->in_n; i++)
            acc[o] += (int64_t)p->weights[o * p->in_n + i] * (in[i] - p->zp_in);
    }
}

void naive_fc(const ref_fc *p, const int8_t *in, int8_t *out)
{
    int64_t *acc = malloc(sizeof *acc * (size_t)(p->out_n + 1));
    naive_fc_acc(p, in, acc);
    for (int o = 0; o < p->out_n; o++)
        out[o] = oracle_requant((int32_t)acc[o], p->qmul[o].multiplier, p->qmul[o].shift,
                                p->zp_out, p->act_min, p->act_max);
    free(acc);
}
