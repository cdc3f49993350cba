/*
 * Engine model: validation and execution of each command, and the hazard
 * checker. Check order within a command follows ARCHITECTURE.md: opcode,
 * field ranges (BAD_PARAM), buffer fit (TOO_BIG), alignment (MISALIGNED),
 * then the window check of every memory access (ADDR_RANGE).
 */
#include "model_priv.h"

#include <string.h>

#include "../../firmware/cmd.h"
#include "../../firmware/cmd_fields.h"
#include "ref/ref.h"

/* --- hazard checker --------------------------------------------------------
 * Commands of one unit run in order, one at a time, and dispatch is in
 * order, so when a command starts, every earlier command of its own unit
 * has finished and so has every command of the other unit except the
 * latest one since the last SYNC. That one may still be running: sharing a
 * bank with it is a missing SYNC. (DMA commands only write the activation
 * and weight banks and only read the output bank, CONV the reverse, so any
 * shared bank is a read/write conflict.) */

static const char *bank_name(unsigned bit)
{
    switch (bit) {
    case BANK_ACT0: return "activation bank 0";
    case BANK_ACT1: return "activation bank 1";
    case BANK_WGT0: return "weight bank 0";
    case BANK_WGT1: return "weight bank 1";
    case BANK_OUT0: return "output bank 0";
    default: return "output bank 1";
    }
}

static void check_hazard(engine_model *m, uint32_t idx, uint32_t opcode, uint32_t flags,
                         int unit, unsigned banks)
{
    if (flags & FLAG_SYNC)
        memset(m->last, 0, sizeof m->last);
    const unit_use *other = &m->last[!unit];
    const unsigned shared = other->valid ? other->banks & banks : 0;
    if (shared) {
        const unsigned bit = shared & -shared;
        model_diag(m, "MISSING SYNC: command %u (%s) uses %s while command %u (%s) may still "
                      "be using it",
                   (unsigned)idx, cmd_opcode_name(opcode), bank_name(bit),
                   (unsigned)other->index, cmd_opcode_name(other->opcode));
    }
    m->last[unit] = (unit_use){ .valid = 1, .index = idx, .opcode = opcode, .banks = banks };
}

static unsigned act_bank(uint32_t flags) { return flags & FLAG_ACT_BANK ? 1 : 0; }
static unsigned wgt_bank(uint32_t flags) { return flags & FLAG_WGT_BANK ? 1 : 0; }
static unsigned out_bank(uint32_t flags) { return flags & FLAG_OUT_BANK ? 1 : 0; }

/* --- strided blocks (LOAD_ACT, STORE) -------------------------------------- */

typedef struct {
    uint32_t addr, run, inner, outer, inner_stride, outer_stride;
} block;

static uint64_t block_bytes(const block *b)
{
    return (uint64_t)b->run * b->inner * b->outer;
}

/* Address of run (o, i): 32-bit arithmetic, as the DMA's address adder. */
static uint32_t run_addr(const block *b, uint32_t o, uint32_t i)
{
    return b->addr + o * b->outer_stride + i * b->inner_stride;
}

static uint32_t load_act(engine_model *m, uint32_t idx, uint32_t flags, const uint32_t *w)
{
    const block b = {
        CMD_FIELD_GET(w, LOAD_ACT_ADDR), CMD_FIELD_GET(w, LOAD_ACT_RUN_BYTES),
        CMD_FIELD_GET(w, LOAD_ACT_INNER_COUNT), CMD_FIELD_GET(w, LOAD_ACT_OUTER_COUNT),
        CMD_FIELD_GET(w, LOAD_ACT_INNER_STRIDE), CMD_FIELD_GET(w, LOAD_ACT_OUTER_STRIDE),
    };
    if (b.run == 0 || b.inner == 0 || b.outer == 0)
        return ERR_BAD_PARAM;
    if (block_bytes(&b) > m->cfg.act_bytes)
        return ERR_TOO_BIG;
    const unsigned bank = act_bank(flags);
    check_hazard(m, idx, OP_LOAD_ACT, flags, UNIT_DMA, bank ? BANK_ACT1 : BANK_ACT0);
    int8_t *dst = m->act[bank];
    for (uint32_t o = 0; o < b.outer; o++)
        for (uint32_t i = 0; i < b.inner; i++) {
            const uint32_t a = run_addr(&b, o, i);
            if (model_dma_check(m, a, b.run) != ERR_NONE)
                return ERR_ADDR_RANGE;
            memcpy(dst, model_mem_at(m, a), b.run);
            dst += b.run;
            m->perf_rd_bytes += model_beat_bytes(a, b.run);
        }
    return ERR_NONE;
}

static uint32_t store(engine_model *m, uint32_t idx, uint32_t flags, const uint32_t *w)
{
    const block b = {
        CMD_FIELD_GET(w, STORE_ADDR), CMD_FIELD_GET(w, STORE_RUN_BYTES),
        CMD_FIELD_GET(w, STORE_INNER_COUNT), CMD_FIELD_GET(w, STORE_OUTER_COUNT),
        CMD_FIELD_GET(w, STORE_INNER_STRIDE), CMD_FIELD_GET(w, STORE_OUTER_STRIDE),
    };
    const uint32_t ncols = CMD_FIELD_GET(w, STORE_NCOLS);
    if (b.run == 0 || b.inner == 0 || b.outer == 0 || ncols == 0 || ncols > m->cfg.cols ||
        block_bytes(&b) % ncols != 0)
        return ERR_BAD_PARAM;
    if (block_bytes(&b) / ncols > m->cfg.acc_depth)
        return ERR_TOO_BIG;
    const unsigned bank = out_bank(flags);
    check_hazard(m, idx, OP_STORE, flags, UNIT_DMA, bank ? BANK_OUT1 : BANK_OUT0);
    const int8_t *src = m->out[bank];
    uint64_t pos = 0; /* byte of the stream: pixel pos / ncols, column pos % ncols */
    for (uint32_t o = 0; o < b.outer; o++)
        for (uint32_t i = 0; i < b.inner; i++) {
            const uint32_t a = run_addr(&b, o, i);
            if (model_dma_check(m, a, b.run) != ERR_NONE)
                return ERR_ADDR_RANGE;
            uint8_t *dst = model_mem_at(m, a);
            for (uint32_t j = 0; j < b.run; j++, pos++)
                dst[j] = (uint8_t)src[(pos / ncols) * m->cfg.cols + pos % ncols];
            m->perf_wr_bytes += b.run;
        }
    return ERR_NONE;
}

/* --- weights and quantization parameters ----------------------------------- */

static uint32_t load_wgt(engine_model *m, uint32_t idx, uint32_t flags, const uint32_t *w)
{
    const uint32_t addr = CMD_FIELD_GET(w, LOAD_WGT_ADDR);
    const uint32_t rows = CMD_FIELD_GET(w, LOAD_WGT_K_ROWS);
    if (rows == 0)
        return ERR_BAD_PARAM;
    if (rows > m->cfg.wgt_rows)
        return ERR_TOO_BIG;
    if (addr % ENG_BUS_BYTES != 0)
        return ERR_MISALIGNED;
    const unsigned bank = wgt_bank(flags);
    check_hazard(m, idx, OP_LOAD_WGT, flags, UNIT_DMA, bank ? BANK_WGT1 : BANK_WGT0);
    const uint32_t n = rows * m->cfg.cols;
    if (model_dma_check(m, addr, n) != ERR_NONE)
        return ERR_ADDR_RANGE;
    memcpy(m->wgt[bank], model_mem_at(m, addr), n);
    m->perf_rd_bytes += model_beat_bytes(addr, n);
    return ERR_NONE;
}

static int32_t le_i32(const uint8_t *p)
{
    const uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
                       (uint32_t)p[3] << 24;
    int32_t v;
    memcpy(&v, &u, sizeof v);
    return v;
}

static uint32_t load_qp(engine_model *m, uint32_t idx, uint32_t flags, const uint32_t *w)
{
    const uint32_t addr = CMD_FIELD_GET(w, LOAD_QP_ADDR);
    if (addr % ENG_BUS_BYTES != 0)
        return ERR_MISALIGNED;
    const unsigned bank = wgt_bank(flags);
    check_hazard(m, idx, OP_LOAD_QP, flags, UNIT_DMA, bank ? BANK_WGT1 : BANK_WGT0);
    const uint32_t n = 3 * 4 * m->cfg.cols;
    if (model_dma_check(m, addr, n) != ERR_NONE)
        return ERR_ADDR_RANGE;
    const uint8_t *src = model_mem_at(m, addr);
    for (uint32_t i = 0; i < 3 * m->cfg.cols; i++)
        m->qp[bank][i] = le_i32(src + 4 * i);
    m->qp_loaded[bank] = 1;
    m->perf_rd_bytes += model_beat_bytes(addr, n);
    return ERR_NONE;
}

/* --- CONV ----------------------------------------------------------------- */

typedef struct {
    uint32_t in_w, in_h, in_c, ncols, out_w, out_h, k_w, k_h, s_w, s_h, pad_l, pad_t;
    int32_t zp_in, zp_out, act_min, act_max;
} conv_fields;

static conv_fields decode_conv(const uint32_t *w)
{
    return (conv_fields){
        .in_w = CMD_FIELD_GET(w, CONV_IN_W), .in_h = CMD_FIELD_GET(w, CONV_IN_H),
        .in_c = CMD_FIELD_GET(w, CONV_IN_C), .ncols = CMD_FIELD_GET(w, CONV_NCOLS),
        .out_w = CMD_FIELD_GET(w, CONV_OUT_W), .out_h = CMD_FIELD_GET(w, CONV_OUT_H),
        .k_w = CMD_FIELD_GET(w, CONV_K_W), .k_h = CMD_FIELD_GET(w, CONV_K_H),
        .s_w = CMD_FIELD_GET(w, CONV_STRIDE_W), .s_h = CMD_FIELD_GET(w, CONV_STRIDE_H),
        .pad_l = CMD_FIELD_GET(w, CONV_PAD_L), .pad_t = CMD_FIELD_GET(w, CONV_PAD_T),
        .zp_in = cmd_field_s8(CMD_FIELD_GET(w, CONV_ZP_IN)),
        .zp_out = cmd_field_s8(CMD_FIELD_GET(w, CONV_ZP_OUT)),
        .act_min = cmd_field_s8(CMD_FIELD_GET(w, CONV_ACT_MIN)),
        .act_max = cmd_field_s8(CMD_FIELD_GET(w, CONV_ACT_MAX)),
    };
}

static uint32_t conv_check(const engine_model *m, const conv_fields *c)
{
    if (c->in_w == 0 || c->in_h == 0 || c->in_c == 0 || c->out_w == 0 || c->out_h == 0 ||
        c->k_w < 1 || c->k_w > 16 || c->k_h < 1 || c->k_h > 16 || c->s_w < 1 || c->s_w > 8 ||
        c->s_h < 1 || c->s_h > 8 || c->pad_l >= c->k_w || c->pad_t >= c->k_h || c->ncols == 0 ||
        c->ncols > m->cfg.cols)
        return ERR_BAD_PARAM;
    if ((uint64_t)c->in_h * c->in_w * c->in_c > m->cfg.act_bytes ||
        (uint64_t)c->k_h * c->k_w * c->in_c > m->cfg.wgt_rows ||
        (uint64_t)c->out_h * c->out_w > m->cfg.acc_depth)
        return ERR_TOO_BIG;
    return ERR_NONE;
}

/* Requantizes one final sum; the shift is data, so an illegal one is a
 * diagnostic and gets clamped to keep the arithmetic defined. */
static int8_t requant(engine_model *m, uint32_t sum, const int32_t *qp, uint32_t c,
                      const conv_fields *f)
{
    const uint32_t cols = m->cfg.cols;
    const uint32_t with_bias = sum + (uint32_t)qp[c];
    ref_qmul q = { .multiplier = qp[cols + c], .shift = qp[2 * cols + c] };
    if (q.shift < -31 || q.shift > 31) {
        model_diag(m, "LOAD_QP shift %d of column %u is outside -31..31", (int)q.shift,
                   (unsigned)c);
        q.shift = q.shift < 0 ? -31 : 31;
    }
    int32_t acc;
    memcpy(&acc, &with_bias, sizeof acc);
    return ref_requantize(acc, q, f->zp_out, f->act_min, f->act_max);
}

/* Window generator + array + accumulators + requantization for one tile. */
static void conv_compute(engine_model *m, uint32_t flags, const conv_fields *f)
{
    const uint32_t cols = m->cfg.cols;
    const uint32_t K = f->k_h * f->k_w * f->in_c;
    for (uint32_t k = 0; k < K; k++) { /* k = (ky * K_W + kx) * IN_C + ci */
        m->tap_ci[k] = (int32_t)(k % f->in_c);
        m->tap_kx[k] = (int32_t)(k / f->in_c % f->k_w);
        m->tap_ky[k] = (int32_t)(k / f->in_c / f->k_w);
    }
    const int8_t *act = m->act[act_bank(flags)];
    const int8_t *wgt = m->wgt[wgt_bank(flags)];
    const int32_t *qp = m->qp[wgt_bank(flags)];
    int8_t *out = m->out[out_bank(flags)];
    for (uint32_t oy = 0; oy < f->out_h; oy++)
        for (uint32_t ox = 0; ox < f->out_w; ox++) {
            const int32_t y0 = (int32_t)(oy * f->s_h) - (int32_t)f->pad_t;
            const int32_t x0 = (int32_t)(ox * f->s_w) - (int32_t)f->pad_l;
            for (uint32_t k = 0; k < K; k++) {
                const int32_t iy = y0 + m->tap_ky[k], ix = x0 + m->tap_kx[k];
                const int inside = iy >= 0 && iy < (int32_t)f->in_h && ix >= 0 &&
                                   ix < (int32_t)f->in_w;
                m->lane_x[k] = inside ? act[((uint32_t)iy * f->in_w + (uint32_t)ix) * f->in_c +
                                            (uint32_t)m->tap_ci[k]]
                                      : f->zp_in;
            }
            const uint32_t p = oy * f->out_w + ox;
            for (uint32_t c = 0; c < f->ncols; c++) {
                uint32_t sum = 0;
                for (uint32_t k = 0; k < K; k++)
                    sum += (uint32_t)(m->lane_x[k] * wgt[k * cols + c]);
                uint32_t *acc = &m->acc[p * cols + c];
                *acc = (flags & FLAG_ACC_FIRST) ? sum : *acc + sum;
                if (flags & FLAG_ACC_LAST)
                    out[p * cols + c] = requant(m, *acc, qp, c, f);
            }
        }
    m->perf_macs += f->out_h * f->out_w * K * f->ncols;
}

static uint32_t conv(engine_model *m, uint32_t idx, uint32_t flags, const uint32_t *w)
{
    const conv_fields f = decode_conv(w);
    const uint32_t code = conv_check(m, &f);
    if (code != ERR_NONE)
        return code;
    unsigned banks = (act_bank(flags) ? BANK_ACT1 : BANK_ACT0) |
                     (wgt_bank(flags) ? BANK_WGT1 : BANK_WGT0);
    if (flags & FLAG_ACC_LAST)
        banks |= out_bank(flags) ? BANK_OUT1 : BANK_OUT0;
    check_hazard(m, idx, OP_CONV, flags, UNIT_CONV, banks);
    /* the engine's parameter RAMs hold no defined value until loaded */
    if ((flags & FLAG_ACC_LAST) && !m->qp_loaded[wgt_bank(flags)])
        model_diag(m, "NO LOAD_QP: command %u (CONV) requantizes with weight bank %u's "
                      "quantization parameters, which no LOAD_QP has written",
                   (unsigned)idx, wgt_bank(flags));
    conv_compute(m, flags, &f);
    return ERR_NONE;
}

uint32_t model_exec(engine_model *m, uint32_t idx, const uint32_t w[8])
{
    const uint32_t flags = cmd_flags(w);
    switch (cmd_opcode(w)) {
    case OP_END:
        memset(m->last, 0, sizeof m->last); /* END waits for both units */
        return ERR_NONE;
    case OP_LOAD_ACT: return load_act(m, idx, flags, w);
    case OP_LOAD_WGT: return load_wgt(m, idx, flags, w);
    case OP_LOAD_QP: return load_qp(m, idx, flags, w);
    case OP_CONV: return conv(m, idx, flags, w);
    case OP_STORE: return store(m, idx, flags, w);
    default: return ERR_BAD_OPCODE;
    }
}
