/*
 * Engine model: configuration, memory, CSRs and the command fetch loop.
 * The commands themselves are in model_exec.c.
 */
#include "model_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../firmware/engine_regs.h"
#include "../../firmware/platform.h"

void engine_model_default_config(engine_model_config *cfg)
{
    cfg->rows = 8;
    cfg->cols = 8;
    cfg->act_bytes = 8192;
    cfg->wgt_rows = 512;
    cfg->acc_depth = 1024;
    cfg->mem_base = DEV_MEM_BASE;
    cfg->mem_size = 16u << 20;
}

static int config_ok(const engine_model_config *c)
{
    return c->rows >= 1 && c->rows <= 255 && c->cols >= 1 && c->cols <= 255 &&
           c->act_bytes >= 1 && c->wgt_rows >= 1 && c->acc_depth >= 1 &&
           c->mem_size >= 1 && (uint64_t)c->mem_base + c->mem_size <= (uint64_t)1 << 32;
}

engine_model *engine_model_create(const engine_model_config *cfg)
{
    if (!config_ok(cfg))
        return NULL;
    engine_model *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->cfg = *cfg;
    const size_t cols = cfg->cols, wrows = cfg->wgt_rows, depth = cfg->acc_depth;
    m->mem = calloc(cfg->mem_size, 1);
    int ok = m->mem != NULL;
    for (int b = 0; b < 2; b++) {
        m->act[b] = calloc(cfg->act_bytes, 1);
        m->wgt[b] = calloc(wrows * cols, 1);
        m->qp[b] = calloc(3 * cols, sizeof(int32_t));
        m->out[b] = calloc(depth * cols, 1);
        ok = ok && m->act[b] && m->wgt[b] && m->qp[b] && m->out[b];
    }
    m->acc = calloc(depth * cols, sizeof(uint32_t));
    m->lane_x = calloc(wrows, sizeof(int32_t));
    m->tap_ky = calloc(wrows, sizeof(int32_t));
    m->tap_kx = calloc(wrows, sizeof(int32_t));
    m->tap_ci = calloc(wrows, sizeof(int32_t));
    ok = ok && m->acc && m->lane_x && m->tap_ky && m->tap_kx && m->tap_ci;
    if (!ok) {
        engine_model_destroy(m);
        return NULL;
    }
    return m;
}

void engine_model_destroy(engine_model *m)
{
    if (!m)
        return;
    free(m->mem);
    for (int b = 0; b < 2; b++) {
        free(m->act[b]);
        free(m->wgt[b]);
        free(m->qp[b]);
        free(m->out[b]);
    }
    free(m->acc);
    free(m->lane_x);
    free(m->tap_ky);
    free(m->tap_kx);
    free(m->tap_ci);
    free(m);
}

unsigned long engine_model_diagnostics(const engine_model *m)
{
    return m->diagnostics;
}

const char *engine_model_last_diagnostic(const engine_model *m)
{
    return m->last_diag;
}

void engine_model_set_quiet(engine_model *m, int quiet)
{
    m->quiet = quiet;
}

void model_diag(engine_model *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->last_diag, sizeof m->last_diag, fmt, ap);
    va_end(ap);
    m->diagnostics++;
    if (!m->quiet)
        fprintf(stderr, "engine model: %s\n", m->last_diag);
}

/* --- device memory and the DMA window ------------------------------------ */

static int backed(const engine_model *m, uint64_t addr, uint64_t n)
{
    return addr >= m->cfg.mem_base && addr + n <= (uint64_t)m->cfg.mem_base + m->cfg.mem_size;
}

uint32_t model_dma_check(const engine_model *m, uint32_t addr, uint32_t n)
{
    const uint64_t end = (uint64_t)addr + n;
    if (addr < m->win_base || end > (uint64_t)m->win_base + m->win_size || !backed(m, addr, n))
        return ERR_ADDR_RANGE;
    return ERR_NONE;
}

uint8_t *model_mem_at(engine_model *m, uint32_t addr)
{
    return m->mem + (addr - m->cfg.mem_base);
}

uint32_t model_beat_bytes(uint32_t addr, uint32_t n)
{
    const uint64_t first = addr / ENG_BUS_BYTES;
    const uint64_t end = ((uint64_t)addr + n + ENG_BUS_BYTES - 1) / ENG_BUS_BYTES;
    return (uint32_t)((end - first) * ENG_BUS_BYTES);
}

/* --- command list --------------------------------------------------------- */

static void finish(engine_model *m, uint32_t code, uint32_t idx)
{
    m->status = STATUS_DONE;
    if (code != ERR_NONE) {
        m->status |= STATUS_ERROR | (code << STATUS_ERR_LSB);
        m->err_cmd = idx;
    }
}

/* Fetches and executes commands until END or an error. The fetch is a DMA
 * read like any other, so it is checked against the window too; a list
 * without END therefore stops with ADDR_RANGE at the window's end. */
static void run_list(engine_model *m)
{
    memset(m->last, 0, sizeof m->last);
    if (m->cmd_base % ENG_BUS_BYTES != 0) {
        finish(m, ERR_MISALIGNED, 0);
        return;
    }
    for (uint32_t idx = 0;; idx++) {
        const uint64_t addr64 = (uint64_t)m->cmd_base + (uint64_t)idx * ENG_CMD_BYTES;
        const uint32_t addr = (uint32_t)addr64;
        if (addr64 != addr || model_dma_check(m, addr, ENG_CMD_BYTES) != ERR_NONE) {
            finish(m, ERR_ADDR_RANGE, idx);
            return;
        }
        const uint8_t *p = model_mem_at(m, addr);
        uint32_t w[ENG_CMD_WORDS];
        for (unsigned i = 0; i < ENG_CMD_WORDS; i++)
            w[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
                   (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;
        m->perf_rd_bytes += ENG_CMD_BYTES;
        const uint32_t code = model_exec(m, idx, w);
        if (code != ERR_NONE) {
            finish(m, code, idx);
            return;
        }
        m->perf_cmds++;
        if ((w[0] & 0xFFu) == OP_END) {
            finish(m, ERR_NONE, 0);
            return;
        }
    }
}

/* --- backend -------------------------------------------------------------- */

static uint32_t model_csr_read(void *ctx, uint32_t off)
{
    engine_model *m = ctx;
    switch (off) {
    case CSR_ID: return ENG_ID_VALUE;
    case CSR_HWCFG: return m->cfg.rows | m->cfg.cols << 8 | ENG_ARCH_VERSION << 16;
    case CSR_ACT_BYTES: return m->cfg.act_bytes;
    case CSR_WGT_ROWS: return m->cfg.wgt_rows;
    case CSR_ACC_DEPTH: return m->cfg.acc_depth;
    case CSR_STATUS: return m->status;
    case CSR_ERR_CMD: return m->err_cmd;
    case CSR_IRQ_EN: return m->irq_en;
    case CSR_CMD_BASE: return m->cmd_base;
    case CSR_MEM_BASE: return m->win_base;
    case CSR_MEM_SIZE: return m->win_size;
    case CSR_PERF_MACS: return m->perf_macs;
    case CSR_PERF_RD_BYTES: return m->perf_rd_bytes;
    case CSR_PERF_WR_BYTES: return m->perf_wr_bytes;
    case CSR_PERF_CMDS: return m->perf_cmds;
    default: return 0; /* cycle counters (no cycles here) and unmapped offsets */
    }
}

static void model_csr_write(void *ctx, uint32_t off, uint32_t v)
{
    engine_model *m = ctx;
    switch (off) {
    case CSR_CTRL:
        if (m->status & STATUS_BUSY)
            return; /* START and CLEAR are ignored while a list runs */
        if (v & CTRL_CLEAR) {
            m->status = 0;
            m->err_cmd = 0;
        }
        if (v & CTRL_START) {
            m->status = STATUS_BUSY;
            m->err_cmd = 0;
            m->perf_macs = m->perf_rd_bytes = m->perf_wr_bytes = m->perf_cmds = 0;
            m->started = 1;
        }
        break;
    case CSR_IRQ_EN: m->irq_en = v & 1u; break;
    case CSR_CMD_BASE: m->cmd_base = v; break;
    case CSR_MEM_BASE: m->win_base = v; break;
    case CSR_MEM_SIZE: m->win_size = v; break;
    default: break; /* read-only and unmapped */
    }
}

static int model_mem_write(void *ctx, uint32_t addr, const void *src, size_t n)
{
    engine_model *m = ctx;
    if (!backed(m, addr, n))
        return -1;
    if (n)
        memcpy(model_mem_at(m, addr), src, n);
    return 0;
}

static int model_mem_read(void *ctx, uint32_t addr, void *dst, size_t n)
{
    engine_model *m = ctx;
    if (!backed(m, addr, n))
        return -1;
    if (n)
        memcpy(dst, model_mem_at(m, addr), n);
    return 0;
}

/* No cycles: a started list runs to completion at once. */
static uint64_t model_wait(void *ctx, uint64_t max_cycles)
{
    engine_model *m = ctx;
    (void)max_cycles;
    if (m->started) {
        m->started = 0;
        run_list(m);
    }
    return 0;
}

engine_backend engine_model_backend(engine_model *m)
{
    engine_backend be = {
        .ctx = m,
        .csr_read = model_csr_read,
        .csr_write = model_csr_write,
        .mem_write = model_mem_write,
        .mem_read = model_mem_read,
        .wait = model_wait,
    };
    return be;
}
