/*
 * Float LeNet-5 forward and backward passes for one image.
 *
 * Loops keep a fixed summation order (no reassociation is allowed by the
 * compiler flags), so a run is bit-for-bit repeatable. Dot products use eight
 * interleaved partial sums, which the compiler vectorises without reordering.
 * The backward pass skips zero gradients: after ReLU and 2x2 max pooling most
 * conv outputs receive none, which is where most of the time would go.
 */
#include "lf_net.h"

#include <math.h>
#include <string.h>

#include "lf_rng.h"

#define T(name, off, n, rows, fan) { name, off, n, rows, fan }
const lf_tensor_info lf_tensors[LF_N_TENSORS] = {
    T("C1.w", 0, 150, LF_C1, 25),
    T("C1.b", 150, 6, 1, 25),
    T("C3.w", 156, 2400, LF_C3, LF_C3_PATCH),
    T("C3.b", 2556, 16, 1, LF_C3_PATCH),
    T("F5.w", 2572, 48000, LF_F5, LF_F5_IN),
    T("F5.b", 50572, 120, 1, LF_F5_IN),
    T("F6.w", 50692, 10080, LF_F6, LF_F5),
    T("F6.b", 60772, 84, 1, LF_F5),
    T("OUT.w", 60856, 840, LF_CLASSES, LF_F6),
    T("OUT.b", 61696, 10, 1, LF_F6),
};
#undef T

#define P(params, t) ((params) + lf_tensors[t].offset)

void lf_init(lf_real *params, uint64_t seed)
{
    lf_rng rng = { seed };
    for (int t = 0; t < LF_N_TENSORS; t++) {
        const lf_tensor_info *ti = &lf_tensors[t];
        lf_real *p = params + ti->offset;
        if (ti->rows == 1) { /* bias */
            memset(p, 0, (size_t)ti->count * sizeof *p);
            continue;
        }
        /* He/Kaiming uniform for ReLU: U(-b, b), b = sqrt(6 / fan_in). */
        double bound = sqrt(6.0 / ti->fan_in);
        for (int i = 0; i < ti->count; i++)
            p[i] = (lf_real)((2.0 * lf_rng_unit(&rng) - 1.0) * bound);
    }
}

static lf_real dot(const lf_real *a, const lf_real *b, int n)
{
    lf_real acc[8] = { 0 };
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; j++)
            acc[j] += a[i + j] * b[i + j];
    lf_real s = ((acc[0] + acc[1]) + (acc[2] + acc[3])) +
                ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static void axpy(lf_real *y, lf_real a, const lf_real *x, int n)
{
    for (int i = 0; i < n; i++)
        y[i] += a * x[i];
}

int lf_argmax(const lf_real *v, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[best])
            best = i;
    return best;
}

static void place_input(const uint8_t *pixels, lf_aug aug, lf_real *in)
{
    memset(in, 0, LF_IN_P * LF_IN_P * sizeof *in);
    for (int y = 0; y < LF_IMG; y++) {
        int ty = y + aug.dy;
        if (ty < 0 || ty >= LF_IMG)
            continue;
        for (int x = 0; x < LF_IMG; x++) {
            int tx = (aug.flip ? LF_IMG - 1 - x : x) + aug.dx;
            if (tx < 0 || tx >= LF_IMG)
                continue;
            in[(ty + LF_PAD) * LF_IN_P + tx + LF_PAD] =
                (lf_real)pixels[y * LF_IMG + x] / (lf_real)255;
        }
    }
}

/* C1 (one input channel): each output row is a sum of 25 shifted input rows. */
static void conv1_forward(const lf_real *params, lf_work *w)
{
    const lf_real *wt = P(params, LF_C1_W), *b = P(params, LF_C1_B);
    for (int o = 0; o < LF_C1; o++)
        for (int y = 0; y < LF_IMG; y++) {
            lf_real *row = w->c1 + (o * LF_IMG + y) * LF_IMG;
            for (int x = 0; x < LF_IMG; x++)
                row[x] = b[o];
            for (int ky = 0; ky < LF_K; ky++)
                for (int kx = 0; kx < LF_K; kx++)
                    axpy(row, wt[(o * LF_K + ky) * LF_K + kx],
                         w->in + (y + ky) * LF_IN_P + kx, LF_IMG);
            for (int x = 0; x < LF_IMG; x++)
                row[x] = row[x] > 0 ? row[x] : 0;
        }
}

/* S2: 2x2 max pool of the channel-major C1 map into NHWC. */
static void pool2_forward(lf_work *w)
{
    for (int y = 0; y < LF_S2; y++)
        for (int x = 0; x < LF_S2; x++)
            for (int c = 0; c < LF_C1; c++) {
                int base = (c * LF_IMG + 2 * y) * LF_IMG + 2 * x;
                int best = base;
                const int taps[3] = { base + 1, base + LF_IMG, base + LF_IMG + 1 };
                for (int t = 0; t < 3; t++)
                    if (w->c1[taps[t]] > w->c1[best])
                        best = taps[t];
                int i = (y * LF_S2 + x) * LF_C1 + c;
                w->s2[i] = w->c1[best];
                w->s2_arg[i] = best;
            }
}

/* C3: patches in (ky, kx, c) order, the OHWI order of one filter. */
static void conv3_forward(const lf_real *params, lf_work *w)
{
    const lf_real *wt = P(params, LF_C3_W), *b = P(params, LF_C3_B);
    const int run = LF_K * LF_C1; /* one kernel row of the NHWC map is contiguous */
    for (int y = 0; y < LF_C3_HW; y++)
        for (int x = 0; x < LF_C3_HW; x++) {
            lf_real *col = w->col3 + (y * LF_C3_HW + x) * LF_C3_PATCH;
            for (int ky = 0; ky < LF_K; ky++)
                memcpy(col + ky * run, w->s2 + ((y + ky) * LF_S2 + x) * LF_C1,
                       (size_t)run * sizeof *col);
            lf_real *out = w->c3 + (y * LF_C3_HW + x) * LF_C3;
            for (int o = 0; o < LF_C3; o++) {
                lf_real v = b[o] + dot(col, wt + o * LF_C3_PATCH, LF_C3_PATCH);
                out[o] = v > 0 ? v : 0;
            }
        }
}

/* S4: 2x2 max pool, NHWC in and out. */
static void pool4_forward(lf_work *w)
{
    for (int y = 0; y < LF_S4; y++)
        for (int x = 0; x < LF_S4; x++)
            for (int c = 0; c < LF_C3; c++) {
                int base = ((2 * y) * LF_C3_HW + 2 * x) * LF_C3 + c;
                int best = base;
                const int taps[3] = { base + LF_C3, base + LF_C3_HW * LF_C3,
                                      base + (LF_C3_HW + 1) * LF_C3 };
                for (int t = 0; t < 3; t++)
                    if (w->c3[taps[t]] > w->c3[best])
                        best = taps[t];
                int i = (y * LF_S4 + x) * LF_C3 + c;
                w->s4[i] = w->c3[best];
                w->s4_arg[i] = best;
            }
}

static void fc_forward(const lf_real *wt, const lf_real *b, const lf_real *in,
                       int n_in, int n_out, int relu, lf_real *out)
{
    for (int o = 0; o < n_out; o++) {
        lf_real v = b[o] + dot(wt + o * n_in, in, n_in);
        out[o] = relu && v < 0 ? 0 : v;
    }
}

void lf_forward(const lf_real *params, const uint8_t *pixels, lf_aug aug,
                lf_work *w)
{
    place_input(pixels, aug, w->in);
    conv1_forward(params, w);
    pool2_forward(w);
    conv3_forward(params, w);
    pool4_forward(w);
    fc_forward(P(params, LF_F5_W), P(params, LF_F5_B), w->s4, LF_F5_IN, LF_F5, 1, w->f5);
    fc_forward(P(params, LF_F6_W), P(params, LF_F6_B), w->f5, LF_F5, LF_F6, 1, w->f6);
    fc_forward(P(params, LF_OUT_W), P(params, LF_OUT_B), w->f6, LF_F6, LF_CLASSES, 0,
               w->logits);
}

/* Softmax cross-entropy: loss and d loss / d logits = softmax - onehot. */
static lf_real softmax_xent(const lf_real *z, int label, lf_real *dz)
{
    lf_real m = z[lf_argmax(z, LF_CLASSES)], sum = 0;
    for (int i = 0; i < LF_CLASSES; i++) {
        dz[i] = exp(z[i] - m);
        sum += dz[i];
    }
    for (int i = 0; i < LF_CLASSES; i++)
        dz[i] = dz[i] / sum - (i == label);
    return log(sum) - (z[label] - m);
}

/* FC backward for nonzero output gradients. d_out is masked by the ReLU of
 * out first when relu is set. d_in (if not NULL) is overwritten. */
static void fc_backward(const lf_real *wt, const lf_real *in, const lf_real *out,
                        lf_real *d_out, int n_in, int n_out, int relu,
                        lf_real *g_w, lf_real *g_b, lf_real *d_in)
{
    if (d_in)
        memset(d_in, 0, (size_t)n_in * sizeof *d_in);
    for (int o = 0; o < n_out; o++) {
        lf_real g = relu && out[o] <= 0 ? 0 : d_out[o];
        if (g == 0)
            continue;
        g_b[o] += g;
        axpy(g_w + o * n_in, g, in, n_in);
        if (d_in)
            axpy(d_in, g, wt + o * n_in, n_in);
    }
}

/* S4 and C3 backward: route each pooled gradient to its winner, apply the
 * ReLU mask, then add patch * g to the filter and filter * g to S2's grad. */
static void conv3_backward(const lf_real *params, lf_work *w, lf_real *grad)
{
    const lf_real *wt = P(params, LF_C3_W);
    lf_real *g_w = P(grad, LF_C3_W), *g_b = P(grad, LF_C3_B);
    const int run = LF_K * LF_C1;
    memset(w->d_s2, 0, sizeof w->d_s2);
    for (int i = 0; i < LF_F5_IN; i++) {
        int at = w->s4_arg[i];
        lf_real g = w->d_s4[i];
        if (g == 0 || w->c3[at] <= 0)
            continue;
        int pos = at / LF_C3, o = at % LF_C3;
        int y = pos / LF_C3_HW, x = pos % LF_C3_HW;
        const lf_real *f = wt + o * LF_C3_PATCH;
        g_b[o] += g;
        axpy(g_w + o * LF_C3_PATCH, g, w->col3 + pos * LF_C3_PATCH, LF_C3_PATCH);
        for (int ky = 0; ky < LF_K; ky++)
            axpy(w->d_s2 + ((y + ky) * LF_S2 + x) * LF_C1, g, f + ky * run, run);
    }
}

/* S2 and C1 backward: C1 needs no input gradient. */
static void conv1_backward(lf_work *w, lf_real *grad)
{
    lf_real *g_w = P(grad, LF_C1_W), *g_b = P(grad, LF_C1_B);
    for (int i = 0; i < LF_S2 * LF_S2 * LF_C1; i++) {
        int at = w->s2_arg[i];
        lf_real g = w->d_s2[i];
        if (g == 0 || w->c1[at] <= 0)
            continue;
        int o = at / (LF_IMG * LF_IMG), pos = at % (LF_IMG * LF_IMG);
        int y = pos / LF_IMG, x = pos % LF_IMG;
        g_b[o] += g;
        for (int ky = 0; ky < LF_K; ky++)
            axpy(g_w + (o * LF_K + ky) * LF_K, g, w->in + (y + ky) * LF_IN_P + x, LF_K);
    }
}

lf_real lf_backward(const lf_real *params, int label, lf_work *w, lf_real *grad)
{
    lf_real loss = softmax_xent(w->logits, label, w->d_logits);
    fc_backward(P(params, LF_OUT_W), w->f6, w->logits, w->d_logits, LF_F6,
                LF_CLASSES, 0, P(grad, LF_OUT_W), P(grad, LF_OUT_B), w->d_f6);
    fc_backward(P(params, LF_F6_W), w->f5, w->f6, w->d_f6, LF_F5, LF_F6, 1,
                P(grad, LF_F6_W), P(grad, LF_F6_B), w->d_f5);
    fc_backward(P(params, LF_F5_W), w->s4, w->f5, w->d_f5, LF_F5_IN, LF_F5, 1,
                P(grad, LF_F5_W), P(grad, LF_F5_B), w->d_s4);
    conv3_backward(params, w, grad);
    conv1_backward(w, grad);
    return loss;
}
