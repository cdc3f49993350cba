/*
 * Training run for the profile-guided build of the Verilated engine
 * (sim/rtl.mk): LeNet-5's two conv layer shapes, as `cnnacc run` drives
 * them (memory latency 16, 8 B/cycle, no stalls), then a few passes with
 * slow, stalling memory so the rarer paths get counts too. The outputs are
 * checked against ref_conv2d: a model that computes wrong results must not
 * produce a profile. Exits non-zero on any failure; the build then falls
 * back to the plain compile.
 *
 * usage: pgo-train
 */
#include "conv_job.h"
#include "engine_sim.h"

#include "platform.h"

#include <stdio.h>

#define MEM_SIZE (1u << 20)
#define PASSES 12
#define STALL_PASSES 2

/* One layer on a fresh simulation: 0 when it ran and matched, 1 when it
 * does not fit this engine, -1 with a message printed on a failure. */
static int train_layer(const engine_sim_config *cfg, conv_job *job)
{
    char err[256];
    engine_sim *s = engine_sim_create(cfg, err, sizeof err);
    if (!s) {
        fprintf(stderr, "pgo-train: %s\n", err);
        return -1;
    }
    const engine_backend be = engine_sim_backend(s);
    engine_dims d;
    engine_dims_read(&be, &d);
    int rc = 1; /* does not fit this engine: nothing ran */
    if (conv_job_fits(&job->shape, &d)) {
        conv_run r;
        rc = conv_job_run(job, &be, &d, DEV_MEM_BASE, MEM_SIZE, 50000000u, &r, err, sizeof err);
        if (rc == 0 && (conv_job_first_diff(job) >= 0 || engine_sim_violations(s))) {
            snprintf(err, sizeof err, "output differs from ref_conv2d or a protocol violation");
            rc = -1;
        }
        if (rc != 0)
            fprintf(stderr, "pgo-train: %s\n", err);
    }
    engine_sim_destroy(s);
    return rc;
}

int main(void)
{
    /* LeNet-5 C1 (28x28x1 -> 6, 5x5 "same") and C3 (14x14x6 -> 16, 5x5 "valid"). */
    static const conv_shape shapes[] = {
        {28, 28, 1, 6, 5, 5, 1, 1, 2, 2, 2, 2, 1},
        {14, 14, 6, 16, 5, 5, 1, 1, 0, 0, 0, 0, 1},
    };
    conv_job jobs[2];
    for (int i = 0; i < 2; i++) {
        if (conv_job_init(&jobs[i], &shapes[i], (uint64_t)i + 1) != 0) {
            fprintf(stderr, "pgo-train: out of memory\n");
            return 1;
        }
    }
    engine_sim_config fast, slow;
    engine_sim_config_default(&fast, DEV_MEM_BASE, MEM_SIZE);
    fast.mem.read_latency = 16;
    fast.mem.write_latency = 16;
    slow = fast;
    slow.mem.bytes_per_cycle = 4.0;
    for (int c = 0; c < MEM_NCH; c++)
        slow.mem.stall_prob[c] = 0.05;
    slow.mem.seed = 1;

    int failed = 0, ran = 0;
    for (int p = 0; p < PASSES + STALL_PASSES && !failed; p++)
        for (int i = 0; i < 2 && !failed; i++) {
            const int rc = train_layer(p < PASSES ? &fast : &slow, &jobs[i]);
            failed = rc < 0;
            ran += rc == 0;
        }
    for (int i = 0; i < 2; i++)
        conv_job_free(&jobs[i]);
    if (!failed && !ran)
        fprintf(stderr, "pgo-train: no LeNet-5 layer fits this engine in one tile\n");
    return failed || !ran;
}
