/*
 * Gradient check of the float LeNet-5: lf_net.c is compiled here with
 * LF_REAL=double, and the analytic gradients from lf_backward are compared
 * with central finite differences of the loss,
 *   (L(p + h) - L(p - h)) / 2h,  h = 1e-6,
 * whose error in double precision is ~1e-9 relative, far inside the 1e-5
 * tolerance. Checked: every parameter of C1, the C3 and output biases, and
 * a random sample of the other weights and biases, for a random image, with
 * and without augmentation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lf_net.h"
#include "lf_rng.h"

_Static_assert(sizeof(lf_real) == sizeof(double), "build with -DLF_REAL=double");

static int passed, failed;

static double loss_at(const lf_real *p, const uint8_t *img, lf_aug aug, int label,
                      lf_work *w, lf_real *scratch)
{
    lf_forward(p, img, aug, w);
    return lf_backward(p, label, w, scratch);
}

/* Compares the gradient of parameter i; prints the first few mismatches. */
static void check_param(lf_real *p, const lf_real *grad, int i, const uint8_t *img,
                        lf_aug aug, int label, lf_work *w, lf_real *scratch)
{
    const double h = 1e-6;
    double keep = p[i];
    p[i] = keep + h;
    double up = loss_at(p, img, aug, label, w, scratch);
    p[i] = keep - h;
    double down = loss_at(p, img, aug, label, w, scratch);
    p[i] = keep;
    double numeric = (up - down) / (2 * h), analytic = grad[i];
    double tol = 1e-7 + 1e-5 * fmax(fabs(numeric), fabs(analytic));
    if (fabs(numeric - analytic) <= tol) {
        passed++;
        return;
    }
    if (failed++ < 10)
        fprintf(stderr, "param %d: analytic %.9g, finite difference %.9g\n", i,
                analytic, numeric);
}

static void run_case(uint64_t seed, lf_aug aug)
{
    lf_real *p = malloc(LF_N_PARAMS * sizeof *p);
    lf_real *grad = calloc(LF_N_PARAMS, sizeof *grad);
    lf_real *scratch = calloc(LF_N_PARAMS, sizeof *scratch);
    lf_work *w = malloc(sizeof *w);
    uint8_t img[LF_IMG * LF_IMG];
    lf_rng rng = { seed };
    if (!p || !grad || !scratch || !w) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    lf_init(p, seed);
    /* biases off zero so ReLUs and pools see varied signs */
    for (int t = 0; t < LF_N_TENSORS; t++)
        if (lf_tensors[t].rows == 1)
            for (int i = 0; i < lf_tensors[t].count; i++)
                p[lf_tensors[t].offset + i] = (lf_real)(0.2 * lf_rng_unit(&rng) - 0.05);
    for (int i = 0; i < LF_IMG * LF_IMG; i++)
        img[i] = (uint8_t)lf_rng_below(&rng, 256);
    int label = lf_rng_below(&rng, LF_CLASSES);

    lf_forward(p, img, aug, w);
    lf_backward(p, label, w, grad);
    int nonzero = 0;
    for (int t = 0; t < LF_N_TENSORS; t++) {
        const lf_tensor_info *ti = &lf_tensors[t];
        int all = ti->count <= 150; /* C1 and the small biases in full */
        int n = all ? ti->count : 40;
        for (int k = 0; k < n; k++) {
            int i = ti->offset + (all ? k : lf_rng_below(&rng, ti->count));
            nonzero += grad[i] != 0;
            check_param(p, grad, i, img, aug, label, w, scratch);
        }
    }
    /* a check that only ever compared zeros would prove nothing */
    if (nonzero > 100)
        passed++;
    else {
        failed++;
        fprintf(stderr, "seed %llu: only %d nonzero gradients checked\n",
                (unsigned long long)seed, nonzero);
    }
    free(p);
    free(grad);
    free(scratch);
    free(w);
}

int main(void)
{
    run_case(11, (lf_aug){ 0, 0, 0 });
    run_case(12, (lf_aug){ 1, 2, -1 });
    run_case(13, (lf_aug){ 0, -1, 2 });
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
