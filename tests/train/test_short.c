/*
 * A short deterministic training run: 2 epochs on the first N Fashion-MNIST
 * training images. Checks (1) the float network then classifies at least
 * FLOOR of the first 1000 test images (chance is 10%), and (2) a second run
 * with the same seed on one thread instead of two gives bit-identical weights.
 * tests/train.mk runs it with N = 4000, FLOOR = 0.72 (76.9% measured when the
 * floor was set) and, under the sanitizers, N = 600, FLOOR = 0.40 (51.5%).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idx.h"
#include "lf_train.h"

#define TEST_N 1000

static int passed, failed;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    ok ? passed++ : failed++;
}

int main(int argc, char **argv)
{
    if (argc != 4 || atoi(argv[2]) < 2 || atof(argv[3]) <= 0.1) {
        fprintf(stderr, "usage: test-train-short FASHION_MNIST_DIR N FLOOR\n");
        return 2;
    }
    const int train_n = atoi(argv[2]);
    const double floor = atof(argv[3]);
    char err[512];
    idx_images tri, tei;
    idx_labels trl, tel;
    if (idx_load_set(argv[1], "train", &tri, &trl, err, sizeof err) ||
        idx_load_set(argv[1], "t10k", &tei, &tel, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        printf("0 passed, 1 failed\n");
        return 1;
    }
    if (train_n > tri.count) {
        printf("%s: only %d training images\n0 passed, 1 failed\n", argv[1], tri.count);
        return 1;
    }
    lf_data train = { train_n, tri.pixels, trl.labels };
    lf_data test = { TEST_N, tei.pixels, tel.labels };
    lf_train_opts o;
    lf_train_defaults(&o);
    o.epochs = 2;
    o.warmup = 10;
    o.seed = 42;
    float *a = malloc(LF_N_PARAMS * sizeof *a), *b = malloc(LF_N_PARAMS * sizeof *b);
    if (!a || !b)
        return 1;
    lf_train_result r;
    o.threads = 2;
    int rc_a = lf_train(&o, &train, &test, a, &r);
    double acc = lf_accuracy(a, &test, 2, NULL);
    printf("2 epochs on %d images: test accuracy %.2f%% on %d images (floor %.0f%%)\n",
           train_n, 100 * acc, TEST_N, 100 * floor);
    check(rc_a == 0 && acc >= floor, "accuracy floor after 2 epochs");
    o.threads = 1;
    o.verbose = 0;
    int rc_b = lf_train(&o, &train, NULL, b, &r);
    check(rc_b == 0 && memcmp(a, b, LF_N_PARAMS * sizeof *a) == 0,
          "same seed, one thread instead of two: identical weights");
    free(a);
    free(b);
    idx_free_images(&tri);
    idx_free_labels(&trl);
    idx_free_images(&tei);
    idx_free_labels(&tel);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
