/*
 * Tiler, emitting half: walks the tiles, keeps track of what each bank
 * holds, and writes LOAD/CONV/STORE commands with double buffering:
 *
 *   loads(0)  CONV 0  loads(1)  CONV 1  STORE 0  loads(2)  CONV 2  STORE 1 ...
 *
 * Loads for the next step go to the banks the running CONV does not use,
 * and a finished tile is stored only after the following CONV has been
 * dispatched (so the store overlaps it instead of waiting for its own
 * CONV). SYNC is derived from the engine's rule rather than placed by hand:
 * dispatch is in order and each unit runs one command at a time, so only
 * the other unit's latest command since the last SYNC can still be running;
 * a command sharing a bank with it gets SYNC.
 *
 * A step is one CONV: a tile, an input-channel slice and a range of kernel
 * rows (all of them, except in the split first step of the layer, which
 * runs the last kernel row and then the others as two CONVs; each part
 * loads the input rows its kernel rows need, and shares the slice's packed
 * weights, whose rows are in kernel-row order).
 */
#include "tiler_priv.h"

#include <stdio.h>
#include <string.h>

#include "../firmware/cmd.h"

enum { UNIT_DMA = 0, UNIT_CONV = 1 };
#define BANK_ACT(b) (1u << (b))
#define BANK_WGT(b) (4u << (b))
#define BANK_OUT(b) (16u << (b))

/* What an activation bank holds: an input rectangle x a channel range, or
 * (zp != 0) len bytes of zero point. */
typedef struct {
    int valid, zp, iy0, ix0, ih, iw, c0, len;
} act_key;

/* One CONV: tile ti, slice s, kernel rows [ky0, ky0 + kh). */
typedef struct {
    int ti, s, ky0, kh;
    int first, last; /* ACC_FIRST, ACC_LAST */
} step;

static int step_count(const tiler_plan *p)
{
    return p->n_tiles * p->n_slices + (p->split_first ? 1 : 0);
}

static step step_at(const tiler_plan *p, int i)
{
    const int kh = p->conv.k_h, ns = p->n_slices;
    if (p->split_first && i < 2)
        return i == 0 ? (step){ 0, 0, kh - 1, 1, 1, 0 } : (step){ 0, 0, 0, kh - 1, 0, ns == 1 };
    if (p->split_first)
        i--;
    const int s = i % ns;
    return (step){ i / ns, s, 0, kh, s == 0, s == ns - 1 };
}

typedef struct {
    const tiler_plan *p;
    const tiler_addrs *a;
    uint32_t *words;
    int *cmd_tile;
    tiler_counts *n;
    char *err;
    size_t errlen;

    act_key act[2];
    int wgt[2];           /* wgt_key(), or -1 */
    int qp[2];            /* channel tile, or -1 */
    int act_cur, wgt_cur; /* banks of the latest CONV */
    int act_next, wgt_next;
    int out_next;
    int last_valid[2];
    unsigned last_banks[2];
} emitter;

static int field_error(emitter *e, int tile, const char *what)
{
    char desc[128];
    tiler_describe_tile(e->p, tile, desc, sizeof desc);
    snprintf(e->err, e->errlen, "conv: %s of %s does not fit its command field", what, desc);
    return -1;
}

/* Appends an encoded command, adding SYNC when it shares a bank with the
 * other unit's latest command. */
static void push(emitter *e, uint32_t w[ENG_CMD_WORDS], int unit, unsigned banks, int tile)
{
    if (e->last_valid[!unit] && (e->last_banks[!unit] & banks)) {
        w[0] |= FLAG_SYNC << 8;
        e->last_valid[0] = e->last_valid[1] = 0;
    }
    e->last_valid[unit] = 1;
    e->last_banks[unit] = banks;
    if (e->words) {
        memcpy(e->words + e->n->n_cmds * ENG_CMD_WORDS, w, ENG_CMD_WORDS * sizeof *w);
        e->cmd_tile[e->n->n_cmds] = tile;
    }
    e->n->n_cmds++;
}

/* Merges runs that follow each other in memory into longer runs, within
 * the 16-bit RUN_BYTES field. */
static void merge_runs(cmd_block *b)
{
    if (b->inner_stride == b->run_bytes && (uint64_t)b->run_bytes * b->inner_count <= 0xFFFFu) {
        b->run_bytes *= b->inner_count;
        b->inner_count = 1;
    }
    if (b->inner_count == 1 && b->outer_stride == b->run_bytes &&
        (uint64_t)b->run_bytes * b->outer_count <= 0xFFFFu) {
        b->run_bytes *= b->outer_count;
        b->outer_count = 1;
    }
}

static int act_key_eq(const act_key *x, const act_key *y)
{
    return x->valid && y->valid && x->zp == y->zp && x->iy0 == y->iy0 && x->ix0 == y->ix0 &&
           x->ih == y->ih && x->iw == y->iw && x->c0 == y->c0 && x->len == y->len;
}

static int load_act(emitter *e, const step *st)
{
    const tiler_plan *p = e->p;
    const int ti = st->ti;
    const tiler_tile *t = &p->tiles[ti];
    int c0, len, iy0, ih, pad_t;
    tiler_slice(p, st->s, &c0, &len);
    tiler_rows(p, t, st->ky0, st->kh, &iy0, &ih, &pad_t);
    act_key key = { 1, t->ih == 0, iy0, t->ix0, ih, t->iw, c0, len };
    for (int b = 0; b < 2; b++)
        if (act_key_eq(&e->act[b], &key)) {
            e->act_next = b;
            return 0;
        }
    const int b = 1 - e->act_cur;
    cmd_block blk;
    if (key.zp) {
        blk = (cmd_block){ e->a->blob + (uint32_t)p->zp_off, (uint32_t)len, 1, 1, 0, 0 };
    } else {
        const uint32_t in_c = (uint32_t)p->conv.in_c;
        blk = (cmd_block){
            .addr = e->a->in + ((uint32_t)iy0 * (uint32_t)p->conv.in_w + (uint32_t)t->ix0) *
                                   in_c + (uint32_t)c0,
            .run_bytes = (uint32_t)len,
            .inner_count = (uint32_t)t->iw,
            .outer_count = (uint32_t)ih,
            .inner_stride = in_c,
            .outer_stride = (uint32_t)p->conv.in_w * in_c,
        };
        merge_runs(&blk);
    }
    uint32_t w[ENG_CMD_WORDS];
    if (!cmd_load_act(w, b ? FLAG_ACT_BANK : 0, &blk))
        return field_error(e, ti, "LOAD_ACT");
    push(e, w, UNIT_DMA, BANK_ACT(b), ti);
    e->n->load_bytes += (uint64_t)blk.run_bytes * blk.inner_count * blk.outer_count;
    e->act[b] = key;
    e->act_next = b;
    return 0;
}

/* Weights of (channel tile, slice, kernel rows) and, for the step that
 * applies the requantization, the channel tile's quant parameters in the
 * same bank. A key names the weights: the slice's weight set, times three
 * for all kernel rows, the last one, or the others. */
static int load_wgt(emitter *e, const step *st)
{
    const tiler_plan *p = e->p;
    const int ti = st->ti;
    const int ct = p->tiles[ti].oc0 / (int)p->eng.cols;
    const int set = ct * p->n_slices + st->s;
    const int key = 3 * set + (st->kh == p->conv.k_h ? 0 : st->ky0 > 0 ? 1 : 2);
    int b = e->wgt[0] == key ? 0 : e->wgt[1] == key ? 1 : -1;
    uint32_t w[ENG_CMD_WORDS];
    if (b < 0) {
        b = 1 - e->wgt_cur;
        int c0, len;
        tiler_slice(p, st->s, &c0, &len);
        const uint32_t per_row = (uint32_t)(p->conv.k_w * len);
        const uint32_t k = (uint32_t)st->kh * per_row;
        const uint32_t addr = e->a->blob + (uint32_t)p->wgt_off[set] +
                              (uint32_t)st->ky0 * per_row * p->eng.cols;
        if (!cmd_load_wgt(w, b ? FLAG_WGT_BANK : 0, addr, k))
            return field_error(e, ti, "LOAD_WGT");
        push(e, w, UNIT_DMA, BANK_WGT(b), ti);
        e->n->load_bytes += (uint64_t)k * p->eng.cols;
        e->wgt[b] = key;
    }
    if (st->last && e->qp[b] != ct) {
        if (!cmd_load_qp(w, b ? FLAG_WGT_BANK : 0, e->a->blob + (uint32_t)p->qp_off[ct]))
            return field_error(e, ti, "LOAD_QP");
        push(e, w, UNIT_DMA, BANK_WGT(b), ti);
        e->n->load_bytes += 12u * p->eng.cols;
        e->qp[b] = ct;
    }
    e->wgt_next = b;
    return 0;
}

static int conv(emitter *e, const step *st)
{
    const tiler_plan *p = e->p;
    const ref_conv *c = &p->conv;
    const int ti = st->ti;
    const tiler_tile *t = &p->tiles[ti];
    int c0, len, iy0, ih, pad_t;
    tiler_slice(p, st->s, &c0, &len);
    tiler_rows(p, t, st->ky0, st->kh, &iy0, &ih, &pad_t);
    const int first = st->first, last = st->last;
    const cmd_conv_fields f = {
        .in_w = (uint32_t)(t->ih ? t->iw : 1), .in_h = (uint32_t)(t->ih ? ih : 1),
        .in_c = (uint32_t)len, .ncols = (uint32_t)t->ncols,
        .out_w = (uint32_t)t->ow, .out_h = (uint32_t)t->oh,
        .k_w = (uint32_t)c->k_w, .k_h = (uint32_t)st->kh,
        .stride_w = (uint32_t)c->stride_w, .stride_h = (uint32_t)c->stride_h,
        .pad_l = (uint32_t)t->pad_l, .pad_t = (uint32_t)pad_t,
        .zp_in = c->zp_in, .zp_out = c->zp_out, .act_min = c->act_min, .act_max = c->act_max,
    };
    uint32_t flags = (e->act_next ? FLAG_ACT_BANK : 0) | (e->wgt_next ? FLAG_WGT_BANK : 0) |
                     (first ? FLAG_ACC_FIRST : 0);
    unsigned banks = BANK_ACT(e->act_next) | BANK_WGT(e->wgt_next);
    if (last) {
        flags |= FLAG_ACC_LAST | (e->out_next ? FLAG_OUT_BANK : 0);
        banks |= BANK_OUT(e->out_next);
    }
    uint32_t w[ENG_CMD_WORDS];
    if (!cmd_conv(w, flags, &f))
        return field_error(e, ti, "CONV");
    push(e, w, UNIT_CONV, banks, ti);
    e->act_cur = e->act_next;
    e->wgt_cur = e->wgt_next;
    const uint64_t k = (uint64_t)st->kh * c->k_w * len, pixels = (uint64_t)t->oh * t->ow;
    const uint64_t rows = p->eng.rows;
    e->n->macs += pixels * k * (uint64_t)t->ncols;
    e->n->compute_cycles += (k + rows - 1) / rows * (pixels > rows ? pixels : rows);
    return 0;
}

static int store(emitter *e, int ti, int bank)
{
    const tiler_plan *p = e->p;
    const tiler_tile *t = &p->tiles[ti];
    const uint32_t out_c = (uint32_t)p->conv.out_c;
    cmd_block blk = {
        .addr = e->a->out + ((uint32_t)t->oy0 * (uint32_t)p->out_w + (uint32_t)t->ox0) * out_c +
                (uint32_t)t->oc0,
        .run_bytes = (uint32_t)t->ncols,
        .inner_count = (uint32_t)t->ow,
        .outer_count = (uint32_t)t->oh,
        .inner_stride = out_c,
        .outer_stride = (uint32_t)p->out_w * out_c,
    };
    merge_runs(&blk);
    uint32_t w[ENG_CMD_WORDS];
    if (!cmd_store(w, bank ? FLAG_OUT_BANK : 0, &blk, (uint32_t)t->ncols))
        return field_error(e, ti, "STORE");
    push(e, w, UNIT_DMA, BANK_OUT(bank), ti);
    e->n->store_bytes += (uint64_t)t->oh * t->ow * (uint64_t)t->ncols;
    return 0;
}

static int loads(emitter *e, int i)
{
    const step st = step_at(e->p, i);
    return load_act(e, &st) != 0 || load_wgt(e, &st) != 0 ? -1 : 0;
}

int tiler_emit_pass(const tiler_plan *p, const tiler_addrs *addrs, uint32_t *words,
                    int *cmd_tile, tiler_counts *counts, char *err, size_t errlen)
{
    memset(counts, 0, sizeof *counts);
    emitter e = {
        .p = p, .a = addrs, .words = words, .cmd_tile = cmd_tile, .n = counts,
        .err = err, .errlen = errlen,
        .wgt = { -1, -1 }, .qp = { -1, -1 },
        .act_cur = 1, .wgt_cur = 1, /* the first loads go to bank 0 */
    };
    const int steps = step_count(p);
    int pending = -1, pending_bank = 0; /* finished tile not yet stored */
    if (steps > 0 && loads(&e, 0) != 0)
        return -1;
    for (int i = 0; i < steps; i++) {
        const step st = step_at(p, i);
        const int out_bank = e.out_next;
        if (conv(&e, &st) != 0)
            return -1;
        if (pending >= 0 && store(&e, pending, pending_bank) != 0)
            return -1;
        pending = -1;
        if (st.last) {
            pending = st.ti;
            pending_bank = out_bank;
            e.out_next ^= 1;
        }
        if (i + 1 < steps && loads(&e, i + 1) != 0)
            return -1;
    }
    if (pending >= 0 && store(&e, pending, pending_bank) != 0)
        return -1;
    uint32_t w[ENG_CMD_WORDS];
    cmd_end(w, 0);
    push(&e, w, UNIT_DMA, 0, -1);
    return 0;
}
