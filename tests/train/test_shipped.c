/*
 * The shipped model: the int8 file loads, has LeNet-5's structure, and scores
 * on the first 1000 Fashion-MNIST test images exactly what `lenet5 quantize`
 * recorded when it wrote the file. The record's own numbers must also meet
 * the targets: float >= 90%, int8 within 0.5 points of float.
 */
#include <stdio.h>
#include <stdlib.h>

#include "evaluate.h"
#include "idx.h"
#include "lenet.h"
#include "lf_file.h"
#include "record.h"

#define SUBSET 1000

static int passed, failed;

static void check(int ok, const char *what)
{
    printf("%s: %s\n", ok ? "ok" : "FAIL", what);
    ok ? passed++ : failed++;
}

static double get_number(const char *record, const char *key)
{
    char v[256], err[512];
    if (rec_get(record, key, v, sizeof v, err, sizeof err)) {
        printf("%s\n", err);
        return -1;
    }
    return atof(v);
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: test-train-shipped MODEL.cnnm FLOAT.bin RECORD.txt DATA_DIR\n");
        return 2;
    }
    const char *mpath = argv[1], *fpath = argv[2], *record = argv[3];
    char err[512];
    model m;
    static float params[LF_N_PARAMS];
    idx_images im;
    idx_labels lb;
    if (model_load(mpath, &m, err, sizeof err) || lf_load(fpath, params, err, sizeof err) ||
        idx_load_set(argv[4], "t10k", &im, &lb, err, sizeof err)) {
        printf("%s\n0 passed, 1 failed\n", err);
        return 1;
    }
    check(lenet_check(&m, mpath, err, sizeof err) == 0, "int8 file is LeNet-5");
    lf_data subset = { SUBSET, im.pixels, lb.labels };
    long correct = ev_int8(&m, &subset, 2, NULL);
    long want = (long)get_number(record, "int8_correct_first_1000");
    printf("int8 on the first %d test images: %ld correct, record says %ld\n", SUBSET,
           correct, want);
    check(correct == want, "int8 subset score matches the record");
    double facc = get_number(record, "float_accuracy");
    double qacc = get_number(record, "int8_accuracy");
    printf("record: float %.2f%%, int8 %.2f%% over the full test set\n", 100 * facc,
           100 * qacc);
    check(facc >= 0.90, "recorded float accuracy >= 90%");
    check(qacc >= facc - 0.005, "recorded int8 accuracy within 0.5 points of float");
    /* the float file is the one the int8 file was made from: float accuracy
     * on the subset is close to int8's (the full-set agreement is ~99.5%) */
    long fcorrect = (long)(lf_accuracy(params, &subset, 2, NULL) * SUBSET + 0.5);
    printf("float on the same images: %ld correct\n", fcorrect);
    check(labs(fcorrect - correct) <= 10, "float and int8 agree on the subset within 1%");
    model_free(&m);
    idx_free_images(&im);
    idx_free_labels(&lb);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
