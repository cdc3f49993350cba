/* Hand-built command lists for one-spatial-tile convolutions; see conv_job.h. */
#include "conv_job.h"

#include "check.h"
#include "engine_regs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Puts value v into field NAME (F_NAME_WORD/_LSB/_WIDTH) of a command. */
#define SET(cmd, NAME, v) put_field((cmd), F_##NAME##_WORD, F_##NAME##_LSB, F_##NAME##_WIDTH, (v))

static void put_field(uint32_t *cmd, unsigned word, unsigned lsb, unsigned width, uint32_t v)
{
    const uint32_t mask = width == 32 ? 0xffffffffu : ((1u << width) - 1u) << lsb;
    cmd[word] = (cmd[word] & ~mask) | ((v << lsb) & mask);
}

void engine_dims_read(const engine_backend *be, engine_dims *d)
{
    const uint32_t hw = be->csr_read(be->ctx, CSR_HWCFG);
    d->rows = hw & 0xffu;
    d->cols = hw >> 8 & 0xffu;
    d->act_bytes = be->csr_read(be->ctx, CSR_ACT_BYTES);
    d->wgt_rows = be->csr_read(be->ctx, CSR_WGT_ROWS);
    d->acc_depth = be->csr_read(be->ctx, CSR_ACC_DEPTH);
}

static int slice_c(const conv_shape *s)
{
    return (s->in_c + s->slices - 1) / s->slices;
}

int conv_job_fits(const conv_shape *s, const engine_dims *d)
{
    const int out_h = ref_out_dim(s->in_h, s->k_h, s->stride_h, s->pad_top, s->pad_bottom);
    const int out_w = ref_out_dim(s->in_w, s->k_w, s->stride_w, s->pad_left, s->pad_right);
    const int sc = slice_c(s);
    return out_h > 0 && out_w > 0 && s->slices >= 1 && s->slices <= s->in_c &&
           (uint64_t)s->in_h * s->in_w * sc <= d->act_bytes &&
           (uint64_t)s->k_h * s->k_w * sc <= d->wgt_rows &&
           (uint64_t)out_h * out_w <= d->acc_depth && s->k_h <= 16 && s->k_w <= 16 &&
           s->stride_h <= 8 && s->stride_w <= 8 && s->pad_top < s->k_h && s->pad_left < s->k_w;
}

int conv_job_init(conv_job *job, const conv_shape *s, uint64_t seed)
{
    memset(job, 0, sizeof *job);
    job->shape = *s;
    ref_conv *p = &job->conv;
    p->in_h = s->in_h;
    p->in_w = s->in_w;
    p->in_c = s->in_c;
    p->out_c = s->out_c;
    p->k_h = s->k_h;
    p->k_w = s->k_w;
    p->stride_h = s->stride_h;
    p->stride_w = s->stride_w;
    p->pad_top = s->pad_top;
    p->pad_bottom = s->pad_bottom;
    p->pad_left = s->pad_left;
    p->pad_right = s->pad_right;
    job->out_h = ref_conv_out_h(p);
    job->out_w = ref_conv_out_w(p);
    if (job->out_h <= 0 || job->out_w <= 0)
        return -1;
    const size_t n_in = (size_t)s->in_h * s->in_w * s->in_c;
    const size_t k = (size_t)s->k_h * s->k_w * s->in_c;
    const size_t n_out = (size_t)job->out_h * job->out_w * s->out_c;
    job->in = malloc(n_in);
    job->weights = malloc(k * s->out_c);
    job->want = malloc(n_out);
    job->got = malloc(n_out);
    job->bias = malloc(sizeof *job->bias * s->out_c);
    job->qmul = malloc(sizeof *job->qmul * s->out_c);
    if (!job->in || !job->weights || !job->want || !job->got || !job->bias || !job->qmul) {
        conv_job_free(job);
        return -1;
    }
    uint64_t rng = seed;
    for (size_t i = 0; i < n_in; i++)
        job->in[i] = (int8_t)rng_range(&rng, -128, 127);
    for (size_t i = 0; i < k * s->out_c; i++)
        job->weights[i] = (int8_t)rng_range(&rng, -127, 127);
    /* Scale so that typical sums land inside int8 with some clamping; one
     * channel in eight gets M >= 1 to exercise the left shift. */
    const double typical = sqrt((double)k) * 128.0 * 73.0;
    for (int c = 0; c < s->out_c; c++) {
        job->bias[c] = (int32_t)rng_range(&rng, -40000, 40000);
        double m = 60.0 / typical * (0.5 + (double)rng_range(&rng, 0, 1000) / 700.0);
        if (rng_range(&rng, 0, 7) == 0)
            m = 1.0 + (double)rng_range(&rng, 0, 1000) / 500.0;
        if (ref_quantize_multiplier(m, &job->qmul[c]) != 0)
            job->qmul[c] = (ref_qmul){1 << 30, -20};
    }
    p->zp_in = (int32_t)rng_range(&rng, -128, 127);
    p->zp_out = (int32_t)rng_range(&rng, -20, 20);
    p->act_min = ref_act_min((int)rng_range(&rng, 0, 1), p->zp_out);
    p->act_max = 127;
    p->weights = job->weights;
    p->bias = job->bias;
    p->qmul = job->qmul;
    ref_conv2d(p, job->in, job->want);
    memset(job->got, 0x5a, n_out);
    return 0;
}

void conv_job_free(conv_job *job)
{
    free(job->in);
    free(job->weights);
    free(job->want);
    free(job->got);
    free(job->bias);
    free(job->qmul);
    memset(job, 0, sizeof *job);
}

long conv_job_first_diff(const conv_job *job)
{
    const size_t n = (size_t)job->out_h * job->out_w * job->shape.out_c;
    for (size_t i = 0; i < n; i++)
        if (job->got[i] != job->want[i])
            return (long)i;
    return -1;
}

/* Device memory is handed out upwards from the base. */
typedef struct arena {
    uint32_t next, end;
} arena;

static int arena_take(arena *a, size_t n, uint32_t align, uint32_t skew, uint32_t *addr)
{
    uint64_t at = ((uint64_t)a->next + align - 1) / align * align + skew;
    if (at + n > a->end)
        return -1;
    *addr = (uint32_t)at;
    a->next = (uint32_t)(at + n);
    return 0;
}

/* Weights of channel tile t, slice s: K_s rows of COLS bytes, row
 * (ky*K_W + kx)*ns + ci, column c = weight of channel oc0 + c; unused
 * columns zero. */
static void pack_weights(const conv_job *job, int oc0, int nc, int ci0, int ns, uint32_t cols,
                         uint8_t *dst)
{
    const conv_shape *s = &job->shape;
    size_t row = 0;
    for (int ky = 0; ky < s->k_h; ky++)
        for (int kx = 0; kx < s->k_w; kx++)
            for (int ci = 0; ci < ns; ci++, row++)
                for (uint32_t c = 0; c < cols; c++) {
                    uint8_t v = 0;
                    if ((int)c < nc)
                        v = (uint8_t)job->weights[(((size_t)(oc0 + (int)c) * s->k_h + ky) * s->k_w +
                                                   kx) * s->in_c + ci0 + ci];
                    dst[row * cols + c] = v;
                }
}

/* bias'[COLS], mult[COLS], shift[COLS] as little-endian int32, with the
 * input zero point folded into the bias (wrapping). */
static void pack_qp(const conv_job *job, int oc0, int nc, uint32_t cols, uint8_t *dst)
{
    const conv_shape *s = &job->shape;
    const size_t k = (size_t)s->k_h * s->k_w * s->in_c;
    memset(dst, 0, 12u * cols);
    for (int c = 0; c < nc; c++) {
        uint32_t wsum = 0;
        for (size_t i = 0; i < k; i++)
            wsum += (uint32_t)(int32_t)job->weights[(size_t)(oc0 + c) * k + i];
        const uint32_t vals[3] = {
            (uint32_t)job->bias[oc0 + c] - (uint32_t)job->conv.zp_in * wsum,
            (uint32_t)job->qmul[oc0 + c].multiplier, (uint32_t)job->qmul[oc0 + c].shift};
        for (int v = 0; v < 3; v++)
            for (int b = 0; b < 4; b++)
                dst[4u * (v * cols + (uint32_t)c) + (uint32_t)b] = (uint8_t)(vals[v] >> (8 * b));
    }
}

typedef struct cmd_list {
    uint32_t *w;
    size_t n, cap;
} cmd_list;

static uint32_t *cmd_add(cmd_list *l, uint32_t opcode, uint32_t flags)
{
    if (l->n == l->cap)
        return NULL;
    uint32_t *c = l->w + l->n++ * ENG_CMD_WORDS;
    memset(c, 0, ENG_CMD_BYTES);
    SET(c, OPCODE, opcode);
    SET(c, FLAGS, flags);
    return c;
}

/* The plan of one run: step i = channel tile i / slices, slice i % slices. */
typedef struct plan {
    const conv_job *job;
    const engine_dims *d;
    int n_ct, sc, n_steps;
    uint32_t in_addr, out_addr;
    uint32_t *wgt_addr, *qp_addr; /* per step */
    cmd_list cl;
    uint64_t vectors;
} plan;

static int min_int(int a, int b)
{
    return a < b ? a : b;
}

static int step_ncols(const plan *p, int i)
{
    const int oc0 = i / p->job->shape.slices * (int)p->d->cols;
    return min_int(p->job->shape.out_c - oc0, (int)p->d->cols);
}

static int step_nslice(const plan *p, int i)
{
    const int ci0 = i % p->job->shape.slices * p->sc;
    return min_int(p->job->shape.in_c - ci0, p->sc);
}

/* Loads of step i go to bank i % 2; with a single slice the activation
 * plane is loaded once, into bank 0. */
static void emit_loads(plan *p, int i)
{
    const conv_shape *s = &p->job->shape;
    const int ns = step_nslice(p, i);
    const int bank = i % 2;
    uint32_t *c;
    if (s->slices > 1 || i == 0) {
        c = cmd_add(&p->cl, OP_LOAD_ACT, s->slices > 1 && bank ? FLAG_ACT_BANK : 0);
        SET(c, LOAD_ACT_ADDR, p->in_addr + (uint32_t)(i % s->slices * p->sc));
        SET(c, LOAD_ACT_RUN_BYTES, (uint32_t)ns);
        SET(c, LOAD_ACT_INNER_COUNT, (uint32_t)s->in_w);
        SET(c, LOAD_ACT_OUTER_COUNT, (uint32_t)s->in_h);
        SET(c, LOAD_ACT_INNER_STRIDE, (uint32_t)s->in_c);
        SET(c, LOAD_ACT_OUTER_STRIDE, (uint32_t)(s->in_w * s->in_c));
    }
    c = cmd_add(&p->cl, OP_LOAD_WGT, bank ? FLAG_WGT_BANK : 0);
    SET(c, LOAD_WGT_ADDR, p->wgt_addr[i]);
    SET(c, LOAD_WGT_K_ROWS, (uint32_t)(s->k_h * s->k_w * ns));
    /* Requantization uses the parameters of the bank of the last slice. */
    if (i % s->slices == s->slices - 1) {
        c = cmd_add(&p->cl, OP_LOAD_QP, bank ? FLAG_WGT_BANK : 0);
        SET(c, LOAD_QP_ADDR, p->qp_addr[i]);
    }
}

/* Every CONV carries SYNC: its own loads, and the store that read the
 * output bank it may write, must be done. */
static void emit_conv(plan *p, int i)
{
    const conv_job *job = p->job;
    const conv_shape *s = &job->shape;
    const int t = i / s->slices, sl = i % s->slices, ns = step_nslice(p, i);
    uint32_t fl = FLAG_SYNC;
    fl |= s->slices > 1 && i % 2 ? FLAG_ACT_BANK : 0;
    fl |= i % 2 ? FLAG_WGT_BANK : 0;
    fl |= t % 2 ? FLAG_OUT_BANK : 0;
    fl |= sl == 0 ? FLAG_ACC_FIRST : 0;
    fl |= sl == s->slices - 1 ? FLAG_ACC_LAST : 0;
    uint32_t *c = cmd_add(&p->cl, OP_CONV, fl);
    SET(c, CONV_IN_W, (uint32_t)s->in_w);
    SET(c, CONV_IN_H, (uint32_t)s->in_h);
    SET(c, CONV_IN_C, (uint32_t)ns);
    SET(c, CONV_NCOLS, (uint32_t)step_ncols(p, i));
    SET(c, CONV_OUT_W, (uint32_t)job->out_w);
    SET(c, CONV_OUT_H, (uint32_t)job->out_h);
    SET(c, CONV_K_W, (uint32_t)s->k_w);
    SET(c, CONV_K_H, (uint32_t)s->k_h);
    SET(c, CONV_STRIDE_W, (uint32_t)s->stride_w);
    SET(c, CONV_STRIDE_H, (uint32_t)s->stride_h);
    SET(c, CONV_PAD_L, (uint32_t)s->pad_left);
    SET(c, CONV_PAD_T, (uint32_t)s->pad_top);
    SET(c, CONV_ZP_IN, (uint32_t)job->conv.zp_in);
    SET(c, CONV_ZP_OUT, (uint32_t)job->conv.zp_out);
    SET(c, CONV_ACT_MIN, (uint32_t)job->conv.act_min);
    SET(c, CONV_ACT_MAX, (uint32_t)job->conv.act_max);
    /* The array takes one vector per output pixel per chunk of ROWS taps. */
    const int k = s->k_h * s->k_w * ns;
    p->vectors += (uint64_t)((k + (int)p->d->rows - 1) / (int)p->d->rows) * job->out_h * job->out_w;
}

/* Channel tile t from output bank t % 2 into the NHWC output. */
static void emit_store(plan *p, int t, uint32_t flags)
{
    const conv_job *job = p->job;
    const int oc0 = t * (int)p->d->cols;
    const int nc = min_int(job->shape.out_c - oc0, (int)p->d->cols);
    uint32_t *c = cmd_add(&p->cl, OP_STORE, flags | (t % 2 ? FLAG_OUT_BANK : 0));
    SET(c, STORE_ADDR, p->out_addr + (uint32_t)oc0);
    SET(c, STORE_RUN_BYTES, (uint32_t)nc);
    SET(c, STORE_INNER_COUNT, (uint32_t)job->out_w);
    SET(c, STORE_OUTER_COUNT, (uint32_t)job->out_h);
    SET(c, STORE_INNER_STRIDE, (uint32_t)job->shape.out_c);
    SET(c, STORE_OUTER_STRIDE, (uint32_t)(job->out_w * job->shape.out_c));
    SET(c, STORE_NCOLS, (uint32_t)nc);
}

/* Loads of step i + 1 and the store of channel tile t - 1 follow the CONV
 * of step i without SYNC, so they overlap it. */
static void emit_list(plan *p)
{
    const int slices = p->job->shape.slices;
    emit_loads(p, 0);
    for (int i = 0; i < p->n_steps; i++) {
        emit_conv(p, i);
        if (i + 1 < p->n_steps)
            emit_loads(p, i + 1);
        if (i % slices == 0 && i / slices >= 1)
            emit_store(p, i / slices - 1, 0);
    }
    emit_store(p, p->n_ct - 1, FLAG_SYNC);
    cmd_add(&p->cl, OP_END, 0);
}

/* Packs and uploads weights, quant parameters and input. */
static int upload(plan *p, const engine_backend *be, arena *ar, char *err, size_t errlen)
{
    const conv_job *job = p->job;
    const conv_shape *s = &job->shape;
    const uint32_t cols = p->d->cols;
    const size_t n_in = (size_t)s->in_h * s->in_w * s->in_c;
    uint8_t *buf = malloc((size_t)s->k_h * s->k_w * p->sc * cols + 12u * cols);
    if (!buf) {
        snprintf(err, errlen, "out of host memory");
        return -1;
    }
    int rc = 0;
    /* The input sits at an odd offset: the DMA must realign. */
    if (arena_take(ar, n_in, 64, 3, &p->in_addr) || be->mem_write(be->ctx, p->in_addr, job->in, n_in))
        rc = -1;
    for (int i = 0; i < p->n_steps && rc == 0; i++) {
        const int oc0 = i / s->slices * (int)cols, ci0 = i % s->slices * p->sc;
        const int ns = step_nslice(p, i);
        const size_t wbytes = (size_t)s->k_h * s->k_w * ns * cols;
        pack_weights(job, oc0, step_ncols(p, i), ci0, ns, cols, buf);
        if (arena_take(ar, wbytes, 8, 0, &p->wgt_addr[i]) ||
            be->mem_write(be->ctx, p->wgt_addr[i], buf, wbytes))
            rc = -1;
        pack_qp(job, oc0, step_ncols(p, i), cols, buf);
        if (rc == 0 && (arena_take(ar, 12u * cols, 8, 0, &p->qp_addr[i]) ||
                        be->mem_write(be->ctx, p->qp_addr[i], buf, 12u * cols)))
            rc = -1;
    }
    const size_t n_out = (size_t)job->out_h * job->out_w * s->out_c;
    if (rc == 0 && arena_take(ar, n_out, 8, 5, &p->out_addr))
        rc = -1;
    if (rc)
        snprintf(err, errlen, "device memory too small for the layer");
    free(buf);
    return rc;
}

/* START, then wait until DONE; returns the STATUS seen last. */
static uint32_t run_list(const engine_backend *be, uint32_t cmd_addr, uint32_t mem_base,
                         uint32_t mem_size, uint64_t max_cycles, uint64_t *cycles)
{
    be->csr_write(be->ctx, CSR_CTRL, CTRL_CLEAR);
    be->csr_write(be->ctx, CSR_MEM_BASE, mem_base);
    be->csr_write(be->ctx, CSR_MEM_SIZE, mem_size);
    be->csr_write(be->ctx, CSR_CMD_BASE, cmd_addr);
    be->csr_write(be->ctx, CSR_IRQ_EN, 1);
    be->csr_write(be->ctx, CSR_CTRL, CTRL_START);
    uint64_t waited = 0;
    uint32_t status = be->csr_read(be->ctx, CSR_STATUS);
    while (!(status & STATUS_DONE) && waited < max_cycles) {
        waited += be->wait(be->ctx, max_cycles - waited);
        status = be->csr_read(be->ctx, CSR_STATUS);
    }
    *cycles = waited;
    return status;
}

int conv_job_run(conv_job *job, const engine_backend *be, const engine_dims *d,
                 uint32_t mem_base, uint32_t mem_size, uint64_t max_cycles, conv_run *r,
                 char *err, size_t errlen)
{
    const conv_shape *s = &job->shape;
    memset(r, 0, sizeof *r);
    if (!conv_job_fits(s, d)) {
        snprintf(err, errlen, "shape does not fit one spatial tile of this engine");
        return -1;
    }
    plan p = {.job = job, .d = d};
    p.n_ct = (s->out_c + (int)d->cols - 1) / (int)d->cols;
    p.sc = slice_c(s);
    p.n_steps = p.n_ct * s->slices;
    p.cl.cap = (size_t)p.n_steps * 5 + 4;
    p.cl.w = calloc(p.cl.cap, ENG_CMD_BYTES);
    p.wgt_addr = calloc((size_t)p.n_steps, sizeof *p.wgt_addr);
    p.qp_addr = calloc((size_t)p.n_steps, sizeof *p.qp_addr);
    int rc = -1;
    arena ar = {mem_base, mem_base + mem_size};
    uint32_t cmd_addr;
    if (!p.cl.w || !p.wgt_addr || !p.qp_addr) {
        snprintf(err, errlen, "out of host memory");
        goto out;
    }
    if (arena_take(&ar, p.cl.cap * ENG_CMD_BYTES, 64, 0, &cmd_addr)) {
        snprintf(err, errlen, "device memory too small for the command list");
        goto out;
    }
    if (upload(&p, be, &ar, err, errlen))
        goto out;
    emit_list(&p);
    if (be->mem_write(be->ctx, cmd_addr, p.cl.w, p.cl.n * ENG_CMD_BYTES)) {
        snprintf(err, errlen, "command list not writable");
        goto out;
    }
    r->n_cmds = p.cl.n;
    r->expect_vectors = p.vectors;
    r->expect_macs = (uint64_t)job->out_h * job->out_w * s->out_c * s->k_h * s->k_w * s->in_c;
    r->status = run_list(be, cmd_addr, mem_base, mem_size, max_cycles, &r->wall_cycles);
    for (int i = 0; i < 7; i++)
        r->perf[i] = be->csr_read(be->ctx, CSR_PERF_CYCLES + 4u * (uint32_t)i);
    if (!(r->status & STATUS_DONE)) {
        snprintf(err, errlen, "no DONE within %llu cycles (STATUS 0x%08x)",
                 (unsigned long long)max_cycles, r->status);
        goto out;
    }
    if (r->status & STATUS_ERROR) {
        snprintf(err, errlen, "engine error %u at command %u", r->status >> STATUS_ERR_LSB & 0xffu,
                 be->csr_read(be->ctx, CSR_ERR_CMD));
        goto out;
    }
    const size_t n_out = (size_t)job->out_h * job->out_w * s->out_c;
    if (be->mem_read(be->ctx, p.out_addr, job->got, n_out)) {
        snprintf(err, errlen, "output not readable");
        goto out;
    }
    rc = 0;
out:
    free(p.cl.w);
    free(p.wgt_addr);
    free(p.qp_addr);
    return rc;
}
