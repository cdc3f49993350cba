/*
 * Runs a range of images through the network on the engine, in this process
 * or split over worker processes (each with its own device), and collects
 * the results in image order, so the outcome does not depend on the split.
 */
#ifndef RUN_JOBS_H
#define RUN_JOBS_H

#include <stddef.h>
#include <stdint.h>

#include "idx.h"
#include "model.h"
#include "progress.h"
#include "run_device.h"
#include "run_report.h"

typedef struct {
    const model *m;
    const idx_images *im;
    const idx_labels *lb;
    run_device_config dev;
    uint64_t watchdog;    /* cycles per layer run, 0 = automatic */
    int verify;           /* compare every layer with the reference, stop at a difference */
} run_job;

/* Runs images [r->first, r->first + r->count) on `jobs` workers (1: no
 * fork), filling r's engine parameters, conv layers and image results.
 * Returns 0, or -1 with the first failure ("image N: ...") in err. */
int run_jobs(const run_job *job, int jobs, run_report *r, progress *p, char *err,
             size_t errlen);

#endif
