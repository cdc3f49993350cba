/*
 * A conv layer run on the engine through a hand-built command list, without
 * the tiler or the driver: the whole input plane is one spatial tile, output
 * channels go in tiles of COLS, input channels in a chosen number of slices
 * that accumulate on chip. Loads for the next CONV and the store of the
 * previous channel tile overlap the current CONV (two banks of each kind).
 * Commands are encoded straight from the field table in engine_regs.h.
 */
#ifndef CONV_JOB_H
#define CONV_JOB_H

#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "ref/ref.h"

typedef struct conv_shape {
    int in_h, in_w, in_c, out_c;
    int k_h, k_w, stride_h, stride_w;
    int pad_top, pad_bottom, pad_left, pad_right;
    int slices;               /* input-channel slices, 1..in_c */
} conv_shape;

typedef struct conv_job {
    conv_shape shape;
    ref_conv conv;            /* points into the arrays below */
    int out_h, out_w;
    int8_t *in, *weights, *want, *got;
    int32_t *bias;
    ref_qmul *qmul;
} conv_job;

/* Engine sizes, read from the CSRs. */
typedef struct engine_dims {
    uint32_t rows, cols, act_bytes, wgt_rows, acc_depth;
} engine_dims;

/* What a run reported. */
typedef struct conv_run {
    uint32_t status;          /* STATUS after the run */
    uint64_t wall_cycles;     /* cycles from START until DONE was seen */
    uint32_t perf[7];         /* PERF_CYCLES .. PERF_CMDS */
    size_t n_cmds;
    uint64_t expect_macs;     /* useful MACs of the layer */
    uint64_t expect_vectors;  /* input vectors the CONVs stream */
} conv_run;

enum { PERF_I_CYCLES, PERF_I_COMPUTE, PERF_I_MACS, PERF_I_RD, PERF_I_WR, PERF_I_STALL,
       PERF_I_CMDS };

void engine_dims_read(const engine_backend *be, engine_dims *d);

/* Random data and quantization for a shape; want = ref_conv2d of it.
 * Returns 0, or -1 if the shape has no output or memory runs out. */
int conv_job_init(conv_job *job, const conv_shape *shape, uint64_t seed);
void conv_job_free(conv_job *job);

/* 1 if the shape runs as one spatial tile on this engine. */
int conv_job_fits(const conv_shape *shape, const engine_dims *d);

/* Uploads, runs and downloads into job->got, device memory at
 * [mem_base, mem_base + mem_size). Returns 0, or -1 with a message in err
 * (memory too small, engine error, no DONE within max_cycles). */
int conv_job_run(conv_job *job, const engine_backend *be, const engine_dims *d,
                 uint32_t mem_base, uint32_t mem_size, uint64_t max_cycles, conv_run *r,
                 char *err, size_t errlen);

/* Index of the first byte where got differs from want, or -1. */
long conv_job_first_diff(const conv_job *job);

#endif
