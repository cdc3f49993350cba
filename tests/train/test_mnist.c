/*
 * Real MNIST digits: trains on the first 5000 images of the t10k set (no
 * flips, digits are not mirror-symmetric), quantizes with calibration on
 * those training images, and requires >= 95% int8 accuracy through the
 * reference kernels (model_forward) on the other 5000. Skips, saying why,
 * when the data set is not there.
 */
#include <stdio.h>
#include <stdlib.h>

#include "evaluate.h"
#include "idx.h"
#include "quantize.h"

#define HALF 5000
#define EPOCHS 4
#define FLOOR 0.95

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test-train-mnist MNIST_DIR\n");
        return 2;
    }
    char err[512];
    idx_images im;
    idx_labels lb;
    if (idx_load_set(argv[1], "t10k", &im, &lb, err, sizeof err)) {
        printf("SKIP: MNIST test set not available (%s)\n", err);
        printf("0 passed, 0 failed, 1 skipped\n");
        return 0;
    }
    if (im.count < 2 * HALF || im.rows != 28 || im.cols != 28) {
        printf("%s: expected 10000 28x28 images\n0 passed, 1 failed\n", argv[1]);
        return 1;
    }
    lf_data train = { HALF, im.pixels, lb.labels };
    lf_data test = { HALF, im.pixels + (size_t)HALF * 28 * 28, lb.labels + HALF };
    lf_train_opts o;
    lf_train_defaults(&o);
    o.epochs = EPOCHS;
    o.flip = 0;
    o.warmup = 50;
    o.seed = 5;
    float *params = malloc(LF_N_PARAMS * sizeof *params);
    lf_train_result r;
    q_range ranges[LENET_LAYERS];
    model m;
    int ok = params && lf_train(&o, &train, NULL, params, &r) == 0 &&
             q_calibrate(params, &train, HALF, ranges) == 0 &&
             q_build(params, ranges, &m, err, sizeof err) == 0;
    if (!ok) {
        printf("training or quantization failed: %s\n0 passed, 1 failed\n", err);
        return 1;
    }
    double facc = lf_accuracy(params, &test, 2, NULL);
    long correct = ev_int8(&m, &test, 2, NULL);
    double acc = (double)correct / HALF;
    printf("MNIST, %d epochs on the first %d digits (%.0f s): held-out %d: "
           "float %.2f%%, int8 %.2f%%\n",
           EPOCHS, HALF, r.seconds, HALF, 100 * facc, 100 * acc);
    int pass = acc >= FLOOR;
    printf("%s: int8 accuracy >= 95%%\n%d passed, %d failed\n", pass ? "ok" : "FAIL",
           pass, !pass);
    model_free(&m);
    free(params);
    idx_free_images(&im);
    idx_free_labels(&lb);
    return !pass;
}
