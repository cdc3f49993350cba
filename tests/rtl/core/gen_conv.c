/*
 * Conv tiles for the conv_core bench. Expected bytes come from ref_conv2d
 * (host/ref) with the true bias; the core is loaded the way the host
 * driver loads it, with bias' = bias - zp_in * sum(w) folded in, so the
 * bench checks the fold too. The input channels of a tile are split into
 * 1..3 slices, one CONV each (ACC_FIRST on the first, ACC_LAST on the last).
 *
 * Output: one 64-bit hex word per line.
 *   n_tiles
 *   per tile: in_w in_h out_w out_h ncols k_w k_h stride_w stride_h pad_l
 *             pad_t zp_in zp_out act_min act_max n_slices   (16 words)
 *             per slice: in_c k_rows act_words wgt_words, then the slice's
 *                        activation words (NHWC bytes, little-endian) and
 *                        weight words (k_rows rows of COLS bytes)
 *             3*COLS/2 quantization words: bias'[COLS] mult[COLS] shift[COLS],
 *             two int32 per word, the lower index in bits [31:0]
 *             ceil(P*ncols/8) words of expected bytes, pixel-major
 *
 * Usage: gen_conv OUT_FILE ROWS COLS ACT_BYTES WGT_ROWS ACC_DEPTH N_TILES SEED
 * The first tile is LeNet-5's C3 (14x14x6 -> 10x10, 5x5 kernel, K = 150)
 * in one slice when the buffers hold it; the bench reports its cycles.
 */
#include "ref/ref.h"
#include "vecfile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int rows, cols, act_bytes, wgt_rows, acc_depth;
} core_cfg;

typedef struct {
    ref_conv p;
    int ncols, n_slices;
    int slice_c[3];
} tile;

static uint64_t rng;

enum { KIND_LENET = 10 };

static int rnd(int lo, int hi)
{
    return (int)vec_range(&rng, lo, hi);
}

/* Picks a shape that fits the core's buffers. */
static void pick_shape(const core_cfg *cfg, tile *t, int first)
{
    for (int attempt = 0;; attempt++) {
        memset(t, 0, sizeof *t);
        ref_conv *p = &t->p;
        /* LeNet C3 first, if this core's buffers hold it; kinds 0-2 are the
         * special shapes below, 3-9 the general one */
        const int kind = first && attempt == 0 ? KIND_LENET : rnd(0, 9);
        p->k_h = rnd(1, kind == 0 ? 7 : 5);
        p->k_w = rnd(1, kind == 0 ? 7 : 5);
        p->stride_h = rnd(1, 3);
        p->stride_w = rnd(1, 3);
        p->pad_top = rnd(0, p->k_h - 1);
        p->pad_bottom = rnd(0, p->k_h - 1);
        p->pad_left = rnd(0, p->k_w - 1);
        p->pad_right = rnd(0, p->k_w - 1);
        p->in_h = rnd(1, 12);
        p->in_w = rnd(1, 12);
        t->n_slices = rnd(1, 3);
        for (int s = 0; s < t->n_slices; s++)
            t->slice_c[s] = rnd(1, 6);
        if (kind == 1) { /* 1x1 kernel, deep reduction */
            p->k_h = p->k_w = 1;
            p->pad_top = p->pad_bottom = p->pad_left = p->pad_right = 0;
            for (int s = 0; s < t->n_slices; s++)
                t->slice_c[s] = rnd(1, cfg->wgt_rows);
        } else if (kind == 2) { /* large output tile, few chunks */
            p->in_h = rnd(8, 40);
            p->in_w = rnd(8, 40);
            p->stride_h = p->stride_w = 1;
        } else if (kind == KIND_LENET) {
            p->k_h = p->k_w = 5;
            p->stride_h = p->stride_w = 1;
            p->pad_top = p->pad_bottom = p->pad_left = p->pad_right = 0;
            p->in_h = p->in_w = 14;
            t->n_slices = 1;
            t->slice_c[0] = 6;
        }
        t->ncols = kind == KIND_LENET ? cfg->cols : rnd(1, cfg->cols);
        int fits = 1;
        p->in_c = 0;
        for (int s = 0; s < t->n_slices; s++) {
            p->in_c += t->slice_c[s];
            fits &= p->in_h * p->in_w * t->slice_c[s] <= cfg->act_bytes;
            fits &= p->k_h * p->k_w * t->slice_c[s] <= cfg->wgt_rows;
        }
        const int oh = ref_conv_out_h(p), ow = ref_conv_out_w(p);
        fits &= oh >= 1 && ow >= 1 && oh * ow <= cfg->acc_depth;
        if (fits)
            return;
    }
}

static void pick_quant(tile *t, int32_t *bias, ref_qmul *q)
{
    ref_conv *p = &t->p;
    p->zp_in = rnd(-128, 127);
    p->zp_out = rnd(-128, 127);
    const int relu = rnd(0, 1);
    p->act_min = ref_act_min(relu, p->zp_out);
    p->act_max = 127;
    if (rnd(0, 7) == 0) { /* narrow clamp */
        p->act_min = rnd(-128, 0);
        p->act_max = rnd(p->act_min, 127);
    }
    for (int c = 0; c < t->ncols; c++) {
        bias[c] = rnd(-100000, 100000);
        const int kind = rnd(0, 9);
        if (kind < 7) { /* layer-like scale: sums of ~2^16 map to ~2^7 */
            const double m = (0.5 + 0.5 * (double)rnd(0, 1 << 20) / (1 << 20)) /
                             (double)(1 << rnd(4, 14));
            if (ref_quantize_multiplier(m, &q[c]) != 0)
                abort();
        } else if (kind < 9) { /* M >= 1: left shifts */
            const double m = 1.0 + (double)rnd(0, 1 << 20) / (1 << 18);
            if (ref_quantize_multiplier(m, &q[c]) != 0)
                abort();
        } else { /* any multiplier and shift the format allows */
            q[c].multiplier = rnd(1 << 30, INT32_MAX);
            q[c].shift = rnd(-31, 31);
        }
    }
}

static void put_bytes(vecfile *v, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i += 8) {
        uint64_t w = 0;
        for (size_t j = 0; j < 8 && i + j < n; j++)
            w |= (uint64_t)b[i + j] << (8 * j);
        vecfile_word(v, w, 64);
    }
}

static int emit_tile(vecfile *v, const core_cfg *cfg, int first)
{
    tile t;
    pick_shape(cfg, &t, first);
    ref_conv *p = &t.p;
    const int n_in = p->in_h * p->in_w * p->in_c;
    const int kk = p->k_h * p->k_w;
    int8_t *in = malloc((size_t)n_in);
    int8_t *w = malloc((size_t)t.ncols * kk * p->in_c);
    int32_t *bias = calloc((size_t)cfg->cols, sizeof *bias);
    ref_qmul *q = calloc((size_t)cfg->cols, sizeof *q);
    const int oh = ref_conv_out_h(p), ow = ref_conv_out_w(p), np = oh * ow;
    int8_t *out = malloc((size_t)np * t.ncols);
    uint8_t *buf = malloc((size_t)cfg->act_bytes + (size_t)cfg->wgt_rows * cfg->cols);
    if (!in || !w || !bias || !q || !out || !buf) {
        fprintf(stderr, "gen_conv: out of memory\n");
        return -1;
    }
    for (int i = 0; i < n_in; i++)
        in[i] = (int8_t)rnd(-128, 127);
    for (int i = 0; i < t.ncols * kk * p->in_c; i++)
        w[i] = (int8_t)rnd(-127, 127);
    pick_quant(&t, bias, q);
    p->out_c = t.ncols;
    p->weights = w;
    p->bias = bias;
    p->qmul = q;
    ref_conv2d(p, in, out);

    const int64_t hdr[16] = { p->in_w, p->in_h, ow, oh, t.ncols, p->k_w, p->k_h,
                              p->stride_w, p->stride_h, p->pad_left, p->pad_top,
                              p->zp_in, p->zp_out, p->act_min, p->act_max, t.n_slices };
    for (int i = 0; i < 16; i++)
        vecfile_word(v, (uint64_t)hdr[i], 64);

    int c0 = 0;
    for (int s = 0; s < t.n_slices; s++) {
        const int cs = t.slice_c[s], krows = kk * cs;
        const size_t nact = (size_t)p->in_h * p->in_w * cs;
        const size_t nwgt = (size_t)krows * cfg->cols;
        vecfile_word(v, (uint64_t)cs, 64);
        vecfile_word(v, (uint64_t)krows, 64);
        vecfile_word(v, (nact + 7) / 8, 64);
        vecfile_word(v, (nwgt + 7) / 8, 64);
        for (int y = 0; y < p->in_h; y++)
            for (int x = 0; x < p->in_w; x++)
                for (int ci = 0; ci < cs; ci++)
                    buf[(y * p->in_w + x) * cs + ci] =
                        (uint8_t)in[(y * p->in_w + x) * p->in_c + c0 + ci];
        put_bytes(v, buf, nact);
        /* row (ky*K_W + kx)*cs + ci, column c: weight of channel c at that tap */
        memset(buf, 0, nwgt);
        for (int c = 0; c < t.ncols; c++)
            for (int kyx = 0; kyx < kk; kyx++)
                for (int ci = 0; ci < cs; ci++)
                    buf[(size_t)(kyx * cs + ci) * cfg->cols + c] =
                        (uint8_t)w[((size_t)c * kk + kyx) * p->in_c + c0 + ci];
        put_bytes(v, buf, nwgt);
        c0 += cs;
    }

    /* bias' = bias - zp_in * sum(w), in int32 with wrap-around */
    uint32_t qv[3 * 16 + 2];
    memset(qv, 0, sizeof qv);
    for (int c = 0; c < t.ncols; c++) {
        uint32_t wsum = 0;
        for (int i = 0; i < kk * p->in_c; i++)
            wsum += (uint32_t)(int32_t)w[(size_t)c * kk * p->in_c + i];
        qv[c] = (uint32_t)bias[c] - (uint32_t)p->zp_in * wsum;
        qv[cfg->cols + c] = (uint32_t)q[c].multiplier;
        qv[2 * cfg->cols + c] = (uint32_t)q[c].shift;
    }
    for (int i = 0; i < 3 * cfg->cols; i += 2)
        vecfile_word(v, (uint64_t)qv[i] | (uint64_t)qv[i + 1] << 32, 64);

    put_bytes(v, (const uint8_t *)out, (size_t)np * t.ncols);
    free(in);
    free(w);
    free(bias);
    free(q);
    free(out);
    free(buf);
    return 0;
}

static int parse(const char *s, const char *what, long lo, long hi, long *out)
{
    char *end;
    const long x = strtol(s, &end, 0);
    if (*end || x < lo || x > hi) {
        fprintf(stderr, "gen_conv: bad %s '%s' (want %ld..%ld)\n", what, s, lo, hi);
        return -1;
    }
    *out = x;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 9) {
        fprintf(stderr, "usage: %s OUT_FILE ROWS COLS ACT_BYTES WGT_ROWS ACC_DEPTH N_TILES SEED\n",
                argv[0]);
        return 2;
    }
    long a[7];
    static const char *names[7] = { "ROWS", "COLS", "ACT_BYTES", "WGT_ROWS", "ACC_DEPTH",
                                    "N_TILES", "SEED" };
    static const long lim[7][2] = { { 1, 64 }, { 2, 16 }, { 512, 1 << 20 }, { 150, 1 << 16 },
                                    { 100, 1 << 16 }, { 1, 100000 }, { 0, 0x7fffffff } };
    for (int i = 0; i < 7; i++)
        if (parse(argv[i + 2], names[i], lim[i][0], lim[i][1], &a[i]) != 0)
            return 2;
    if (a[1] % 2 != 0) {
        fprintf(stderr, "gen_conv: COLS must be even (two int32 per quantization word)\n");
        return 2;
    }
    const core_cfg cfg = { (int)a[0], (int)a[1], (int)a[2], (int)a[3], (int)a[4] };
    rng = (uint64_t)a[6];
    vecfile v;
    if (vecfile_open(&v, argv[1]) != 0)
        return 1;
    vecfile_word(&v, (uint64_t)a[5], 64);
    int rc = 0;
    for (long i = 0; i < a[5] && rc == 0; i++)
        rc = emit_tile(&v, &cfg, i == 0);
    if (vecfile_close(&v) != 0 || rc != 0)
        return 1;
    printf("%s: %ld tiles, %ld words\n", argv[1], a[5], v.words);
    return 0;
}
