/*
 * Reader for the IDX files of MNIST-format data sets (raw or gzip-compressed).
 *
 * Errors: every loader returns 0 on success or -1 and writes a one-line
 * message "<path>: <problem>" into err (errlen bytes), as the whole project does.
 */
#ifndef IDX_H
#define IDX_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int count, rows, cols;
    uint8_t *pixels; /* count * rows * cols bytes, row-major per image */
} idx_images;

typedef struct {
    int count;
    uint8_t *labels;
} idx_labels;

int idx_load_images(const char *path, idx_images *out, char *err, size_t errlen);
int idx_load_labels(const char *path, idx_labels *out, char *err, size_t errlen);
void idx_free_images(idx_images *im);
void idx_free_labels(idx_labels *lb);

/* Loads <dir>/<prefix>-images-idx3-ubyte[.gz] and the matching labels,
 * prefix "t10k" or "train", and checks that the counts agree. */
int idx_load_set(const char *dir, const char *prefix, idx_images *im,
                 idx_labels *lb, char *err, size_t errlen);

#endif
