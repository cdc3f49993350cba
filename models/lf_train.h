/*
 * Mini-batch SGD with momentum for the float LeNet-5.
 *
 * Determinism: the seed fixes initialisation, shuffling and augmentation;
 * every batch is split into two fixed halves whose gradients are summed in a
 * fixed order, whether the halves run on one thread or two. The same seed
 * therefore gives the same weights, bit for bit, on any thread count.
 */
#ifndef LF_TRAIN_H
#define LF_TRAIN_H

#include <stdint.h>

#include "lf_net.h"

/* A labelled image set: n images of 28x28 pixels, row-major. */
typedef struct {
    int n;
    const uint8_t *pixels;
    const uint8_t *labels;
} lf_data;

typedef struct {
    int epochs;
    int batch;             /* images per step */
    double lr;             /* peak learning rate; cosine decay to 0 */
    int warmup;            /* steps of linear warm-up */
    double momentum;
    double weight_decay;   /* L2 on weights, not biases */
    uint64_t seed;
    int flip;              /* random left-right mirroring */
    int shift;             /* random translation of up to +-shift pixels */
    int threads;           /* 1 or 2; does not change the result */
    int verbose;           /* print one line per epoch */
} lf_train_opts;

/* Defaults used by `make train` (see models/README.md). */
void lf_train_defaults(lf_train_opts *o);

typedef struct {
    double seconds;        /* wall-clock training time */
    double final_loss;     /* mean loss of the last epoch */
    double test_accuracy;  /* after the last epoch, or -1 without a test set */
} lf_train_result;

/* Trains params (initialised here from the seed). test may be NULL. */
int lf_train(const lf_train_opts *o, const lf_data *train, const lf_data *test,
             lf_real *params, lf_train_result *res);

/* Float accuracy over a set (two threads when threads == 2). pred, if not
 * NULL, receives every predicted class. */
double lf_accuracy(const lf_real *params, const lf_data *d, int threads,
                   uint8_t *pred);

#endif
