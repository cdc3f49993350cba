/*
 * Deliberately plain second implementation of the reference kernels, for
 * differential tests: one loop per index, every kernel tap visited (padded
 * ones read zp_in explicitly), 64-bit sums, requantization by the oracle.
 */
#ifndef TEST_NAIVE_H
#define TEST_NAIVE_H

#include "ref/ref.h"

#include <stdint.h>

/* Output size by counting the window positions that fit. */
int naive_out_dim(int in, int k, int stride, int pad_lo, int pad_hi);

/* Exact (64-bit) accumulators, [oh][ow][out_c]. */
void naive_conv_acc(const ref_conv *p, const int8_t *in, int64_t *acc);
void naive_conv(const ref_conv *p, const int8_t *in, int8_t *out);

void naive_maxpool(const ref_pool *p, const int8_t *in, int8_t *out);
void naive_avgpool(const ref_pool *p, const int8_t *in, int8_t *out);

void naive_fc_acc(const ref_fc *p, const int8_t *in, int64_t *acc);
void naive_fc(const ref_fc *p, const int8_t *in, int8_t *out);

#endif
