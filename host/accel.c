/*
 * One conv layer on the engine: device memory, uploads, run, download.
 * See accel.h.
 */
#include "accel.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../firmware/cmd.h"
#include "../firmware/drv.h"
#include "../firmware/engine_regs.h"
#include "tiler.h"

struct accel_dev {
    engine_backend be;
    engine_info info;
    accel_engine_params params;
    uint32_t mem_base, mem_size;
    uint32_t top;        /* bump allocator: next free offset */
    uint64_t watchdog;   /* 0: automatic */
};

struct accel_layer {
    accel_dev *dev;
    tiler_plan plan;
    uint32_t mem_start;  /* allocator offset before this layer */
    uint32_t mem_end;    /* and after it */
    tiler_addrs addrs;
    uint32_t cmd_addr;
    size_t in_bytes, out_bytes;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

accel_dev *accel_open(const engine_backend *be, uint32_t mem_base, uint32_t mem_size,
                      char *err, size_t errlen)
{
    accel_dev *d = calloc(1, sizeof *d);
    if (!d) {
        set_err(err, errlen, "accel: out of memory");
        return NULL;
    }
    d->be = *be;
    const drv_status st = drv_engine_info(be, &d->info);
    if (st != DRV_OK) {
        set_err(err, errlen, "accel: %s (ID 0x%08x, HWCFG 0x%08x)", drv_status_name(st),
                (unsigned)be->csr_read(be->ctx, CSR_ID),
                (unsigned)be->csr_read(be->ctx, CSR_HWCFG));
        free(d);
        return NULL;
    }
    d->params = (accel_engine_params){ d->info.rows, d->info.cols, d->info.act_bytes,
                                       d->info.wgt_rows, d->info.acc_depth };
    d->mem_base = mem_base;
    d->mem_size = mem_size;
    return d;
}

void accel_close(accel_dev *d)
{
    free(d);
}

const accel_engine_params *accel_params(const accel_dev *d)
{
    return &d->params;
}

void accel_set_watchdog(accel_dev *d, uint64_t cycles)
{
    d->watchdog = cycles;
}

/* 8-byte aligned region of device memory at *addr; -1 when full. */
static int dev_alloc(accel_dev *d, size_t n, uint32_t *addr)
{
    const uint64_t start = ((uint64_t)d->top + 7) & ~(uint64_t)7;
    if (start + n > d->mem_size)
        return -1;
    d->top = (uint32_t)(start + n);
    *addr = d->mem_base + (uint32_t)start;
    return 0;
}

static int upload(accel_layer *l, uint32_t addr, const void *src, size_t n, const char *what,
                  char *err, size_t errlen)
{
    const engine_backend *be = &l->dev->be;
    if (be->mem_write(be->ctx, addr, src, n) != 0) {
        set_err(err, errlen, "accel: device memory write of %s (%zu bytes at 0x%08x) failed",
                what, n, (unsigned)addr);
        return -1;
    }
    return 0;
}

/* The command list as device bytes (little-endian words). */
static int upload_commands(accel_layer *l, char *err, size_t errlen)
{
    const size_t words = l->plan.n_cmds * ENG_CMD_WORDS;
    uint8_t *bytes = malloc(words * 4);
    if (!bytes) {
        set_err(err, errlen, "accel: out of memory");
        return -1;
    }
    for (size_t i = 0; i < words; i++)
        for (int b = 0; b < 4; b++)
            bytes[4 * i + b] = (uint8_t)(l->plan.cmds[i] >> (8 * b));
    const int rc = upload(l, l->cmd_addr, bytes, words * 4, "command list", err, errlen);
    free(bytes);
    return rc;
}

accel_layer *accel_prepare(accel_dev *d, const ref_conv *conv, char *err, size_t errlen)
{
    accel_layer *l = calloc(1, sizeof *l);
    if (!l) {
        set_err(err, errlen, "accel: out of memory");
        return NULL;
    }
    l->dev = d;
    l->mem_start = d->top;
    if (tiler_plan_layer(&l->plan, conv, &d->info, err, errlen) != 0) {
        free(l);
        return NULL;
    }
    l->in_bytes = (size_t)conv->in_h * conv->in_w * conv->in_c;
    l->out_bytes = (size_t)l->plan.out_h * l->plan.out_w * conv->out_c;
    const size_t cmd_bytes = l->plan.n_cmds * ENG_CMD_BYTES;
    const int full = dev_alloc(d, l->plan.blob_bytes, &l->addrs.blob) != 0 ||
                     dev_alloc(d, l->in_bytes, &l->addrs.in) != 0 ||
                     dev_alloc(d, l->out_bytes, &l->addrs.out) != 0 ||
                     dev_alloc(d, cmd_bytes, &l->cmd_addr) != 0;
    l->mem_end = d->top;
    if (full) {
        set_err(err, errlen,
                "accel: device memory exhausted: layer needs %zu bytes, %u of %u are free",
                l->plan.blob_bytes + l->in_bytes + l->out_bytes + cmd_bytes + 32,
                (unsigned)(d->mem_size - l->mem_start), (unsigned)d->mem_size);
        accel_layer_free(l);
        return NULL;
    }
    if (tiler_emit(&l->plan, &l->addrs, err, errlen) != 0 ||
        upload(l, l->addrs.blob, l->plan.blob, l->plan.blob_bytes, "weights", err, errlen) != 0 ||
        upload_commands(l, err, errlen) != 0) {
        accel_layer_free(l);
        return NULL;
    }
    return l;
}

void accel_layer_free(accel_layer *l)
{
    if (!l)
        return;
    if (l->dev->top == l->mem_end)
        l->dev->top = l->mem_start;
    tiler_free(&l->plan);
    free(l);
}

size_t accel_out_bytes(const accel_layer *l)
{
    return l->out_bytes;
}

void accel_layer_tiling(const accel_layer *l, accel_tiling *t)
{
    const tiler_plan *p = &l->plan;
    unsigned padding = 0;
    for (int i = 0; i < p->n_tiles; i++)
        padding += p->tiles[i].ih == 0;
    t->channel_tiles = (unsigned)p->n_ct;
    t->input_slices = (unsigned)p->n_slices;
    t->spatial_tiles = (unsigned)(p->n_tiles / p->n_ct);
    t->padding_tiles = padding / (unsigned)p->n_ct;
    t->tile_h = (unsigned)p->tile_h;
    t->tile_w = (unsigned)p->tile_w;
    t->commands = p->n_cmds;
    t->const_bytes = p->blob_bytes;
}

/* A generous bound: far above what any sane memory model needs for the
 * layer's compute and traffic, yet finite. */
static uint64_t auto_watchdog(const accel_layer *l)
{
    const tiler_plan *p = &l->plan;
    return 1000000u + 16u * (p->compute_cycles + p->dma_bytes + p->n_cmds * 64u);
}

static void fill_stats(const accel_layer *l, const drv_perf *pf, accel_stats *st)
{
    const accel_engine_params *e = &l->dev->params;
    st->cycles = pf->cycles;
    st->compute_cycles = pf->compute;
    st->macs = pf->macs;
    st->rd_bytes = pf->rd_bytes;
    st->wr_bytes = pf->wr_bytes;
    st->dma_bytes = st->rd_bytes + st->wr_bytes;
    st->stall_cycles = pf->stall;
    st->commands = pf->cmds;
    st->utilization = st->cycles ? (double)st->macs / ((double)e->rows * e->cols * st->cycles) : 0;
    st->tiles = (unsigned)l->plan.n_tiles;
}

static void describe_failure(const accel_layer *l, const drv_result *r, char *err, size_t errlen)
{
    if (r->status == DRV_ENGINE_ERROR) {
        char tile[128] = "the list end";
        const uint32_t i = r->err_cmd;
        const char *op = "?";
        if (i < l->plan.n_cmds) {
            op = cmd_opcode_name(l->plan.cmds[i * ENG_CMD_WORDS] & 0xFFu);
            if (l->plan.cmd_tile[i] >= 0)
                tiler_describe_tile(&l->plan, l->plan.cmd_tile[i], tile, sizeof tile);
        }
        set_err(err, errlen, "accel: engine error %u (%s) at command %u (%s of %s)",
                (unsigned)r->err_code, r->err_name, (unsigned)i, op, tile);
    } else if (r->status == DRV_WATCHDOG) {
        set_err(err, errlen,
                "accel: watchdog expired after %llu cycles (%u of %zu commands done)",
                (unsigned long long)r->waited, (unsigned)r->perf.cmds, l->plan.n_cmds);
    } else {
        set_err(err, errlen, "accel: %s", drv_status_name(r->status));
    }
}

int accel_run(accel_layer *l, const int8_t *in, int8_t *out, accel_stats *stats, char *err,
              size_t errlen)
{
    accel_dev *d = l->dev;
    if (upload(l, l->addrs.in, in, l->in_bytes, "input", err, errlen) != 0)
        return -1;
    const uint64_t budget = d->watchdog ? d->watchdog : auto_watchdog(l);
    drv_result r;
    drv_run(&d->be, l->cmd_addr, d->mem_base, d->mem_size, budget, &r);
    if (stats)
        fill_stats(l, &r.perf, stats);
    if (r.status != DRV_OK) {
        describe_failure(l, &r, err, errlen);
        return -1;
    }
    if (d->be.mem_read(d->be.ctx, l->addrs.out, out, l->out_bytes) != 0) {
        set_err(err, errlen, "accel: device memory read of the output failed");
        return -1;
    }
    return 0;
}

size_t accel_compare(const accel_layer *l, const int8_t *got, const int8_t *want, char *msg,
                     size_t msglen)
{
    size_t diffs = 0, first = 0;
    for (size_t i = 0; i < l->out_bytes; i++)
        if (got[i] != want[i] && diffs++ == 0)
            first = i;
    if (diffs) {
        const int oc = l->plan.conv.out_c, ow = l->plan.out_w;
        const int c = (int)(first % (size_t)oc), x = (int)(first / (size_t)oc % (size_t)ow);
        const int y = (int)(first / (size_t)oc / (size_t)ow);
        char tile[128];
        tiler_describe_tile(&l->plan, tiler_find_tile(&l->plan, y, x, c), tile, sizeof tile);
        snprintf(msg, msglen,
                 "%zu bytes differ; first in %s at y=%d x=%d channel %d: engine %d, reference %d",
                 diffs, tile, y, x, c, got[first], want[first]);
    } else if (msglen) {
        msg[0] = '\0';
    }
    return diffs;
}
