/*
 * Tiler, planning half: shape checks, slice and tile sizes, the tile list,
 * packing of the constants. Command emission is in tiler_emit.c.
 */
#include "tiler_priv.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../firmware/engine_regs.h"

#define CONV_MAX_KERNEL 16
#define CONV_MAX_STRIDE 8
#define FIELD16_MAX 65535

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

static int min_i(int a, int b) { return a < b ? a : b; }
static int max_i(int a, int b) { return a > b ? a : b; }
static int ceil_div(int a, int b) { return (a + b - 1) / b; }
static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static int in_s8(int32_t v) { return v >= -128 && v <= 127; }

/* Everything about the layer that the engine's fields cannot express. */
static int check_shape(const ref_conv *c, int out_h, int out_w, char *err, size_t errlen)
{
    if (c->in_h < 1 || c->in_w < 1 || c->in_c < 1 || c->out_c < 1 || c->k_h < 1 ||
        c->k_w < 1 || c->stride_h < 1 || c->stride_w < 1 || c->pad_top < 0 ||
        c->pad_bottom < 0 || c->pad_left < 0 || c->pad_right < 0)
        return fail(err, errlen, "conv: sizes must be positive and padding non-negative");
    if (out_h < 1 || out_w < 1)
        return fail(err, errlen, "conv: the kernel does not fit the padded input (empty output)");
    if (c->k_h > CONV_MAX_KERNEL || c->k_w > CONV_MAX_KERNEL)
        return fail(err, errlen, "conv: kernel %dx%d is larger than the engine's %dx%d limit",
                    c->k_h, c->k_w, CONV_MAX_KERNEL, CONV_MAX_KERNEL);
    if (c->stride_h > CONV_MAX_STRIDE || c->stride_w > CONV_MAX_STRIDE)
        return fail(err, errlen, "conv: stride %dx%d is larger than the engine's limit of %d",
                    c->stride_h, c->stride_w, CONV_MAX_STRIDE);
    if (c->in_h > FIELD16_MAX || c->in_w > FIELD16_MAX || out_h > FIELD16_MAX ||
        out_w > FIELD16_MAX || c->out_c > FIELD16_MAX)
        return fail(err, errlen, "conv: a dimension exceeds %d", FIELD16_MAX);
    if ((int64_t)c->in_h * c->in_w * c->in_c > INT32_MAX ||
        (int64_t)out_h * out_w * c->out_c > INT32_MAX)
        return fail(err, errlen, "conv: tensor larger than 2 GiB");
    if (!in_s8(c->zp_in) || !in_s8(c->zp_out) || !in_s8(c->act_min) || !in_s8(c->act_max))
        return fail(err, errlen, "conv: zero points and the clamp range must be int8");
    for (int o = 0; o < c->out_c; o++)
        if (c->qmul[o].shift < -31 || c->qmul[o].shift > 31)
            return fail(err, errlen, "conv: channel %d: shift %d outside -31..31", o,
                        (int)c->qmul[o].shift);
    return 0;
}

/* Input rows an output strip of n rows needs, at most. */
static int in_span(int n, int stride, int k, int limit)
{
    return min_i(limit, (n - 1) * stride + k);
}

/* Largest input-channel slice: K must fit a weight bank and the smallest
 * window (one output pixel) must fit an activation bank. */
static int choose_slices(tiler_plan *p, char *err, size_t errlen)
{
    const ref_conv *c = &p->conv;
    const int taps = c->k_h * c->k_w;
    const int win = min_i(c->in_h, c->k_h) * min_i(c->in_w, c->k_w);
    if ((int64_t)taps > p->eng.wgt_rows)
        return fail(err, errlen,
                    "conv: kernel %dx%d needs %d weight rows for a single input channel; "
                    "the engine's weight bank has %u", c->k_h, c->k_w, taps,
                    (unsigned)p->eng.wgt_rows);
    if ((int64_t)win > p->eng.act_bytes)
        return fail(err, errlen,
                    "conv: one %dx%d input window needs %d bytes for a single channel; "
                    "the engine's activation bank has %u", min_i(c->in_h, c->k_h),
                    min_i(c->in_w, c->k_w), win, (unsigned)p->eng.act_bytes);
    int cs = min_i(c->in_c, (int)(p->eng.wgt_rows / (uint32_t)taps));
    cs = min_i(cs, (int)(p->eng.act_bytes / (uint32_t)win));
    cs = min_i(cs, FIELD16_MAX / taps); /* K_ROWS and IN_C are 16-bit fields */
    const int ns = ceil_div(c->in_c, cs);
    p->slice_c = ceil_div(c->in_c, ns); /* balanced slices */
    p->n_slices = ceil_div(c->in_c, p->slice_c);
    return 0;
}

void tiler_slice(const tiler_plan *plan, int s, int *c0, int *len)
{
    *c0 = s * plan->slice_c;
    *len = min_i(plan->slice_c, plan->conv.in_c - *c0);
}

/* Output rectangle th x tw: fewest tiles, then the widest (contiguous rows). */
static void choose_tile_size(tiler_plan *p)
{
    const ref_conv *c = &p->conv;
    const uint64_t act = p->eng.act_bytes, depth = p->eng.acc_depth;
    int best_n = 0;
    p->tile_h = p->tile_w = 1;
    for (int tw = 1; tw <= p->out_w && (uint64_t)tw <= depth; tw++) {
        const uint64_t cols_bytes =
            (uint64_t)in_span(tw, c->stride_w, c->k_w, c->in_w) * (uint64_t)p->slice_c;
        int th = min_i(p->out_h, (int)(depth / (uint64_t)tw));
        while (th > 0 && (uint64_t)in_span(th, c->stride_h, c->k_h, c->in_h) * cols_bytes > act)
            th--;
        if (th == 0)
            break; /* wider tiles only need more */
        const int n = ceil_div(p->out_h, th) * ceil_div(p->out_w, tw);
        if (best_n == 0 || n <= best_n) {
            best_n = n;
            p->tile_h = th;
            p->tile_w = tw;
        }
    }
}

/* First output index whose window reaches the image (pad overhang < k). */
static int first_reaching(int pad, int k, int stride, int out)
{
    const int need = pad - k + 1;
    return need <= 0 ? 0 : min_i(out, ceil_div(need, stride));
}

/* Splits [0, len) into pieces of at most max; a boundary is forced at cut
 * so no piece mixes windows entirely above/left of the image with others. */
static int split_axis(int len, int cut, int max, int *start, int *size)
{
    int n = 0;
    const int seg_lo[2] = { 0, cut }, seg_hi[2] = { cut, len };
    for (int s = 0; s < 2; s++) {
        const int seg = seg_hi[s] - seg_lo[s];
        if (seg <= 0)
            continue;
        const int pieces = ceil_div(seg, max);
        for (int i = 0; i < pieces; i++) {
            start[n] = seg_lo[s] + (int)((int64_t)i * seg / pieces);
            size[n] = seg_lo[s] + (int)((int64_t)(i + 1) * seg / pieces) - start[n];
            n++;
        }
    }
    return n;
}

/* Input rectangle of an output range along one axis. */
static void input_range(int o0, int on, int stride, int k, int pad, int in, int *i0, int *in_n,
                        int *pad_lo)
{
    const int raw0 = o0 * stride - pad;
    const int raw1 = (o0 + on - 1) * stride - pad + k;
    const int lo = max_i(0, raw0), hi = min_i(in, raw1);
    *i0 = lo;
    *in_n = hi > lo ? hi - lo : 0;
    *pad_lo = lo - raw0;
}

void tiler_rows(const tiler_plan *p, const tiler_tile *t, int ky0, int kh, int *iy0, int *ih,
                int *pad_t)
{
    if (ky0 == 0 && kh == p->conv.k_h) {
        *iy0 = t->iy0;
        *ih = t->ih;
        *pad_t = t->pad_t;
        return;
    }
    /* kernel rows [ky0, ky0 + kh) are a kh-row kernel with ky0 less padding */
    input_range(t->oy0, t->oh, p->conv.stride_h, kh, p->conv.pad_top - ky0, p->conv.in_h, iy0,
                ih, pad_t);
}

/* Whether the first step (tile 0, slice 0) runs as two CONVs, the last
 * kernel row and then the others: both parts must be CONVs the engine
 * takes (some input rows, PAD_T < K_H), the second part's weights must
 * start 8-byte aligned, and the split must not add a chunk. It costs one
 * more CONV set-up (3 + ROWS cycles) and one more LOAD_WGT, so it is only
 * worth it when the weights it moves behind the first CONV are at least
 * two chunks' worth (2 * ROWS * COLS bytes, 16 * ROWS cycles on the
 * 8-byte memory bus). */
static int can_split_first(const tiler_plan *p)
{
    const ref_conv *c = &p->conv;
    const int rows = (int)p->eng.rows, kh = c->k_h;
    if (p->n_tiles == 0 || kh < 2 || p->tiles[0].ih == 0)
        return 0;
    int c0, len;
    tiler_slice(p, 0, &c0, &len);
    const int per_row = c->k_w * len;
    if (ceil_div(per_row, rows) + ceil_div((kh - 1) * per_row, rows) !=
        ceil_div(kh * per_row, rows))
        return 0;
    const int64_t deferred = (int64_t)(kh - 1) * per_row * (int64_t)p->eng.cols;
    if (deferred % 8 != 0 || deferred < 2 * rows * (int64_t)p->eng.cols)
        return 0;
    const int part_ky0[2] = { kh - 1, 0 }, part_kh[2] = { 1, kh - 1 };
    for (int i = 0; i < 2; i++) {
        int iy0, ih, pad_t;
        tiler_rows(p, &p->tiles[0], part_ky0[i], part_kh[i], &iy0, &ih, &pad_t);
        if (ih == 0 || pad_t >= part_kh[i])
            return 0;
    }
    return 1;
}

static void fill_tile(const tiler_plan *p, tiler_tile *t, int ct, int oy0, int oh, int ox0,
                      int ow)
{
    const ref_conv *c = &p->conv;
    t->oc0 = ct * (int)p->eng.cols;
    t->ncols = min_i((int)p->eng.cols, c->out_c - t->oc0);
    t->oy0 = oy0;
    t->oh = oh;
    t->ox0 = ox0;
    t->ow = ow;
    input_range(oy0, oh, c->stride_h, c->k_h, c->pad_top, c->in_h, &t->iy0, &t->ih, &t->pad_t);
    input_range(ox0, ow, c->stride_w, c->k_w, c->pad_left, c->in_w, &t->ix0, &t->iw, &t->pad_l);
    if (t->ih == 0 || t->iw == 0) { /* every window in the padding */
        t->iy0 = t->ix0 = t->ih = t->iw = t->pad_t = t->pad_l = 0;
    }
}

/* Memory cycles of one transfer, assuming the default memory model (8
 * bytes per cycle, about 24 cycles of latency and set-up per command). */
static int64_t transfer_cycles(int64_t bytes)
{
    return bytes / 8 + 24;
}

/* With a split first step, the first CONV (the last kernel row) waits for
 * its input rows and the second one for the other kernel rows' input,
 * weights and quant parameters, loaded while the first computes. When the
 * input dominates, a shorter first row band starts compute earlier: this
 * is the fewest rows (at least ROWS pixels) whose first CONV still lasts
 * as long as the second one's loads, or 0 to keep the band. */
static int first_band_rows(const tiler_plan *p)
{
    const ref_conv *c = &p->conv;
    const tiler_tile *t0 = &p->tiles[0];
    const int rows = (int)p->eng.rows, cols = (int)p->eng.cols, kh = c->k_h;
    int c0, len;
    tiler_slice(p, 0, &c0, &len);
    const int64_t per_row = (int64_t)c->k_w * len;
    const int64_t wgt_b = (kh - 1) * per_row * cols;
    const int64_t qp = p->n_slices == 1 ? 12 * cols : 0;
    const int64_t chunks_a = ceil_div((int)per_row, rows);
    for (int r = ceil_div(rows, t0->ow); r < t0->oh; r++) {
        tiler_tile t;
        fill_tile(p, &t, 0, t0->oy0, r, t0->ox0, t0->ow);
        int iy0, ih, pad_t;
        tiler_rows(p, &t, 0, kh - 1, &iy0, &ih, &pad_t);
        int64_t loads = transfer_cycles((int64_t)ih * t.iw * len) + transfer_cycles(wgt_b);
        if (qp)
            loads += transfer_cycles(qp);
        if (chunks_a * r * t0->ow >= loads)
            return r;
    }
    return 0;
}

/* Re-splits the last row band into bands shrinking towards the end of the
 * layer (the remainder, then 8s, 3s, s rows, s rows being the fewest that
 * give a CONV at least ROWS pixels). Every tile's STORE overlaps a later
 * CONV except the last one, so a small last band shortens the tail that
 * nothing hides; each band shrinks by at most about 3x so that a band's
 * STORE (about one pixel per cycle) still fits under the next band's CONV
 * (ceil(K/ROWS) cycles per pixel). Each extra CONV costs about 40 cycles
 * (drain and set-up), so small layers (below 2*ROWS*COLS output pixels over
 * all channel tiles) are left alone. start/size need room for 3 more bands
 * (and one more for cut_first_band). */
static int ramp_last_band(const tiler_plan *p, int n, int *start, int *size)
{
    static const int factor[] = { 1, 3, 8 };
    const int ow = p->tile_w, rows = (int)p->eng.rows;
    if (n == 0 || (int64_t)size[n - 1] * ow * p->n_ct < 2 * rows * (int64_t)p->eng.cols)
        return n;
    const int s = ceil_div(rows, ow);
    int left = size[n - 1], ramp[3], nr = 0;
    for (int i = 0; i < 3 && left > factor[i] * s; i++) {
        ramp[nr++] = factor[i] * s;
        left -= factor[i] * s;
    }
    if (nr == 0)
        return n;
    size[n - 1] = left; /* the remainder keeps its place as the first band */
    for (int i = nr - 1; i >= 0; i--) {
        start[n] = start[n - 1] + size[n - 1];
        size[n] = ramp[i];
        n++;
    }
    return n;
}

/* Splits the first row band after its first p->first_rows rows. */
static int cut_first_band(const tiler_plan *p, int n, int *start, int *size)
{
    if (n == 0 || p->first_rows <= 0 || p->first_rows >= size[0])
        return n;
    for (int i = n; i > 0; i--) {
        start[i] = start[i - 1];
        size[i] = size[i - 1];
    }
    size[0] = p->first_rows;
    start[1] = start[0] + p->first_rows;
    size[1] -= p->first_rows;
    return n + 1;
}

static int build_tiles(tiler_plan *p)
{
    const ref_conv *c = &p->conv;
    int *ys = malloc(2 * sizeof(int) * (size_t)(p->out_h + 5));
    int *xs = malloc(2 * sizeof(int) * (size_t)(p->out_w + 1));
    if (!ys || !xs) {
        free(ys);
        free(xs);
        return -1;
    }
    int *yn = ys + p->out_h + 5, *xn = xs + p->out_w + 1;
    int ny = split_axis(p->out_h, first_reaching(c->pad_top, c->k_h, c->stride_h, p->out_h),
                        p->tile_h, ys, yn);
    ny = ramp_last_band(p, ny, ys, yn);
    ny = cut_first_band(p, ny, ys, yn);
    const int nx = split_axis(p->out_w,
                              first_reaching(c->pad_left, c->k_w, c->stride_w, p->out_w),
                              p->tile_w, xs, xn);
    p->n_tiles = ny * nx * p->n_ct;
    p->tiles = calloc((size_t)p->n_tiles, sizeof *p->tiles);
    if (p->tiles) {
        int n = 0;
        const int outer = p->channel_outer ? p->n_ct : ny * nx;
        const int inner = p->channel_outer ? ny * nx : p->n_ct;
        for (int a = 0; a < outer; a++)
            for (int b = 0; b < inner; b++) {
                const int ct = p->channel_outer ? a : b, r = p->channel_outer ? b : a;
                fill_tile(p, &p->tiles[n++], ct, ys[r / nx], yn[r / nx], xs[r % nx], xn[r % nx]);
            }
    }
    free(ys);
    free(xs);
    return p->tiles ? 0 : -1;
}

/* The tile list for the chosen loop order, with the first step's split and
 * the first band's length decided on it. */
static int rebuild_tiles(tiler_plan *p)
{
    free(p->tiles);
    p->tiles = NULL;
    if (build_tiles(p) != 0)
        return -1;
    p->split_first = can_split_first(p);
    return 0;
}

static int plan_tiles(tiler_plan *p)
{
    p->first_rows = 0;
    if (rebuild_tiles(p) != 0)
        return -1;
    if (!p->split_first || (p->first_rows = first_band_rows(p)) == 0)
        return 0;
    if (rebuild_tiles(p) != 0)
        return -1;
    if (p->split_first)
        return 0;
    p->first_rows = 0; /* the shorter band cannot be split: keep the band */
    return rebuild_tiles(p);
}

static void put_le32(uint8_t *dst, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        dst[i] = (uint8_t)(v >> (8 * i));
}

/* Weights: per (channel tile, slice) K rows of COLS bytes, row
 * k = (ky*K_W + kx)*len + ci. Quant parameters per channel tile: the bias
 * with the input zero point folded in (over all taps and input channels,
 * wrapping), multiplier, shift. Then slice_c bytes of zp_in. */
static int pack_constants(tiler_plan *p, const ref_conv *c)
{
    const int cols = (int)p->eng.cols, ns = p->n_slices;
    p->wgt_off = calloc((size_t)(p->n_ct * ns), sizeof(size_t));
    p->qp_off = calloc((size_t)p->n_ct, sizeof(size_t));
    if (!p->wgt_off || !p->qp_off)
        return -1;
    size_t off = 0;
    for (int ct = 0; ct < p->n_ct; ct++)
        for (int s = 0; s < ns; s++) {
            int c0, len;
            tiler_slice(p, s, &c0, &len);
            p->wgt_off[ct * ns + s] = off;
            off += align8((size_t)c->k_h * c->k_w * len * cols);
        }
    for (int ct = 0; ct < p->n_ct; ct++) {
        p->qp_off[ct] = off;
        off += align8((size_t)12 * cols);
    }
    p->zp_off = off;
    p->blob_bytes = align8(off + (size_t)p->slice_c);
    p->blob = calloc(p->blob_bytes, 1);
    if (!p->blob)
        return -1;

    for (int ct = 0; ct < p->n_ct; ct++)
        for (int s = 0; s < ns; s++) {
            int c0, len;
            tiler_slice(p, s, &c0, &len);
            uint8_t *dst = p->blob + p->wgt_off[ct * ns + s];
            for (int col = 0; col < cols && ct * cols + col < c->out_c; col++) {
                const int o = ct * cols + col;
                for (int ky = 0; ky < c->k_h; ky++)
                    for (int kx = 0; kx < c->k_w; kx++)
                        for (int ci = 0; ci < len; ci++) {
                            const size_t k = ((size_t)ky * c->k_w + kx) * len + ci;
                            const size_t src = (((size_t)o * c->k_h + ky) * c->k_w + kx) * c->in_c +
                                               c0 + ci;
                            dst[k * cols + col] = (uint8_t)c->weights[src];
                        }
            }
        }
    const size_t per_out = (size_t)c->k_h * c->k_w * c->in_c;
    for (int ct = 0; ct < p->n_ct; ct++) {
        uint8_t *dst = p->blob + p->qp_off[ct];
        for (int col = 0; col < cols && ct * cols + col < c->out_c; col++) {
            const int o = ct * cols + col;
            uint32_t wsum = 0;
            for (size_t i = 0; i < per_out; i++)
                wsum += (uint32_t)(int32_t)c->weights[(size_t)o * per_out + i];
            const uint32_t bias = (uint32_t)c->bias[o] - (uint32_t)c->zp_in * wsum;
            put_le32(dst + 4 * col, bias);
            put_le32(dst + 4 * (cols + col), (uint32_t)c->qmul[o].multiplier);
            put_le32(dst + 4 * (2 * cols + col), (uint32_t)c->qmul[o].shift);
        }
    }
    memset(p->blob + p->zp_off, (int)(uint8_t)(int8_t)c->zp_in, (size_t)p->slice_c);
    return 0;
}

static void set_totals(tiler_plan *p, const tiler_counts *n)
{
    p->n_cmds = n->n_cmds;
    p->macs = n->macs;
    p->dma_bytes = n->load_bytes + n->store_bytes;
    p->compute_cycles = n->compute_cycles;
}

int tiler_plan_layer(tiler_plan *p, const ref_conv *conv, const engine_info *eng, char *err,
                     size_t errlen)
{
    memset(p, 0, sizeof *p);
    p->conv = *conv;
    p->eng = *eng;
    p->out_h = ref_conv_out_h(conv);
    p->out_w = ref_conv_out_w(conv);
    if (check_shape(conv, p->out_h, p->out_w, err, errlen) != 0 ||
        choose_slices(p, err, errlen) != 0)
        return -1;
    p->n_ct = ceil_div(conv->out_c, (int)eng->cols);
    choose_tile_size(p);
    if (pack_constants(p, conv) != 0)
        goto oom;

    /* Both loop orders; keep the one that loads fewer bytes. */
    const tiler_addrs none = { 0, 0, 0 };
    tiler_counts counts[2];
    for (int order = 0; order < 2; order++) {
        p->channel_outer = order;
        if (plan_tiles(p) != 0)
            goto oom;
        if (tiler_emit_pass(p, &none, NULL, NULL, &counts[order], err, errlen) != 0) {
            tiler_free(p);
            return -1;
        }
    }
    if (counts[1].load_bytes > counts[0].load_bytes) {
        p->channel_outer = 0;
        if (plan_tiles(p) != 0)
            goto oom;
    }
    set_totals(p, &counts[p->channel_outer]);
    p->conv.weights = NULL;
    p->conv.bias = NULL;
    p->conv.qmul = NULL;
    return 0;
oom:
    tiler_free(p);
    return fail(err, errlen, "conv: out of memory while tiling");
}

int tiler_emit(tiler_plan *p, const tiler_addrs *addrs, char *err, size_t errlen)
{
    free(p->cmds);
    free(p->cmd_tile);
    p->cmds = calloc(p->n_cmds * ENG_CMD_WORDS, sizeof(uint32_t));
    p->cmd_tile = calloc(p->n_cmds, sizeof(int));
    if (!p->cmds || !p->cmd_tile)
        return fail(err, errlen, "conv: out of memory for the command list");
    tiler_counts n;
    if (tiler_emit_pass(p, addrs, p->cmds, p->cmd_tile, &n, err, errlen) != 0)
        return -1;
    set_totals(p, &n);
    return 0;
}

void tiler_free(tiler_plan *p)
{
    free(p->tiles);
    free(p->blob);
    free(p->wgt_off);
    free(p->qp_off);
    free(p->cmds);
    free(p->cmd_tile);
    memset(p, 0, sizeof *p);
}

int tiler_find_tile(const tiler_plan *p, int y, int x, int c)
{
    for (int i = 0; i < p->n_tiles; i++) {
        const tiler_tile *t = &p->tiles[i];
        if (y >= t->oy0 && y < t->oy0 + t->oh && x >= t->ox0 && x < t->ox0 + t->ow &&
            c >= t->oc0 && c < t->oc0 + t->ncols)
            return i;
    }
    return -1;
}

void tiler_describe_tile(const tiler_plan *p, int i, char *buf, size_t len)
{
    if (i < 0 || i >= p->n_tiles) {
        snprintf(buf, len, "no tile");
        return;
    }
    const tiler_tile *t = &p->tiles[i];
    snprintf(buf, len, "tile %d (rows %d..%d, cols %d..%d, channels %d..%d%s)", i, t->oy0,
             t->oy0 + t->oh - 1, t->ox0, t->ox0 + t->ow - 1, t->oc0, t->oc0 + t->ncols - 1,
             t->ih == 0 ? ", all padding" : "");
}
