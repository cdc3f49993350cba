/*
 * Scoring of the float and int8 LeNet-5 on a labelled set, and the
 * accuracy report (per-class accuracy, confusion matrix).
 */
#ifndef EVALUATE_H
#define EVALUATE_H

#include <stdint.h>
#include <stdio.h>

#include "lf_train.h"
#include "model.h"

/* Runs the int8 model on the reference kernels (model_forward) over every
 * image of d, on two threads when threads == 2. pred (d->n entries, may be
 * NULL) receives the classes. Returns the number correct, -1 if out of memory. */
long ev_int8(const model *m, const lf_data *d, int threads, uint8_t *pred);

/* counts[true][predicted] over the set. */
void ev_confusion(const lf_data *d, const uint8_t *pred,
                  long counts[LF_CLASSES][LF_CLASSES]);

/* Per-class accuracy and the confusion matrix as text. */
void ev_print_confusion(FILE *f, const char *title,
                        const long counts[LF_CLASSES][LF_CLASSES]);

#endif
