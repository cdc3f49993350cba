/*
 * Results of `cnnacc run`: per image prediction, label and bit-exactness,
 * per conv layer engine counters summed over the images, the printed
 * summary and the JSON report (written atomically, read back to merge the
 * reports of shards).
 *
 * Errors: -1 with a one-line message "<path>: <problem>" in err.
 */
#ifndef RUN_REPORT_H
#define RUN_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "accel.h"
#include "model.h"

#define RUN_TEXT_LEN 512

typedef struct {
    int32_t index;           /* image index in the set */
    int32_t label;
    int32_t prediction;      /* engine path */
    int32_t ref_prediction;  /* pure reference */
    int32_t bitexact;        /* logits byte-identical to the reference */
    int32_t done;            /* this slot holds a result */
    uint64_t cycles;         /* engine cycles over all conv layers */
} run_image;

typedef struct {
    char name[MODEL_NAME_LEN];
    uint64_t cycles, compute_cycles, macs, rd_bytes, wr_bytes, stall_cycles;
} run_layer;

typedef struct {
    /* what ran: everything a merge requires to be equal */
    char model_path[RUN_TEXT_LEN], model_name[MODEL_NAME_LEN];
    char data_dir[RUN_TEXT_LEN], set[16], backend[16];
    accel_engine_params engine;
    unsigned mem_latency;
    double mem_bandwidth, mem_stall;
    uint64_t seed;
    /* which images: [first, first + count) of the set */
    long first, count;
    char shard[32];          /* "i/N" or "" */
    int n_conv;
    run_layer conv[MODEL_MAX_LAYERS];
    run_image *images;       /* [count], slot i is image first + i */
    /* context, not results: left out of the report when jobs == 0 */
    int jobs;
    double wall_seconds;
} run_report;

/* Allocates the image slots (count may be 0); -1 when out of memory. */
int run_report_init(run_report *r, long first, long count);
void run_report_free(run_report *r);

/* Stores one image's result and adds its conv layers' counters
 * (conv[r->n_conv]). The index must lie in the selection. */
void run_report_add(run_report *r, const run_image *img, const accel_stats *conv);

void run_report_print(const run_report *r, FILE *f);

int run_report_write(const run_report *r, const char *path, char *err, size_t errlen);
int run_report_read(const char *path, run_report *r, char *err, size_t errlen);

/* Joins reports of disjoint image ranges of one configuration into out
 * (contiguous in the end, any order given). names label the inputs in
 * messages. The result has no shard and no timing. */
int run_report_merge(const run_report *in, const char *const *names, int n, run_report *out,
                     char *err, size_t errlen);

#endif
