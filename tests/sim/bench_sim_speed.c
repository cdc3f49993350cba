/*
 * Simulation speed of the Verilator harness, single thread: simulated clock
 * cycles per second of CPU time on a realistic conv layer (16x16x32 input,
 * 3x3 "same", 32 output channels: four channel tiles with loads and stores
 * overlapping compute) behind a memory with some latency and stalls. The
 * output is checked against ref_conv2d so a broken build cannot report a
 * speed. Writes a flat JSON object to the given path (tmp + rename).
 *
 * usage: bench-sim-speed OUT.json [min_seconds]
 */
#include "conv_job.h"
#include "engine_sim.h"

#include "platform.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define MEM_SIZE (1u << 20)

/* CPU time of this process: the model is single-threaded, so this is its
 * speed on one core, independent of other load on the machine. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s OUT.json [min_seconds]\n", argv[0]);
        return 2;
    }
    char *end = NULL;
    const double min_s = argc > 2 ? strtod(argv[2], &end) : 2.0;
    if (argc > 3 || (argc > 2 && (*end != '\0' || !(min_s > 0.0)))) {
        fprintf(stderr, "usage: %s OUT.json [min_seconds > 0]\n", argv[0]);
        return 2;
    }
    const conv_shape shape = {16, 16, 32, 32, 3, 3, 1, 1, 1, 1, 1, 1, 1};
    engine_sim_config cfg;
    engine_sim_config_default(&cfg, DEV_MEM_BASE, MEM_SIZE);
    cfg.mem.read_latency = 20;
    cfg.mem.write_latency = 10;
    cfg.mem.bytes_per_cycle = 8.0;
    for (int c = 0; c < MEM_NCH; c++)
        cfg.mem.stall_prob[c] = 0.1;
    cfg.mem.seed = 1;

    conv_job job;
    if (conv_job_init(&job, &shape, 7) != 0) {
        fprintf(stderr, "bench-sim-speed: out of memory\n");
        return 1;
    }
    char err[256];
    uint64_t cycles = 0;
    double wall = 0.0;
    int runs = 0;
    engine_dims d = {0};
    while (wall < min_s) {
        engine_sim *s = engine_sim_create(&cfg, err, sizeof err);
        if (!s) {
            fprintf(stderr, "bench-sim-speed: %s\n", err);
            return 1;
        }
        const engine_backend be = engine_sim_backend(s);
        engine_dims_read(&be, &d);
        conv_run r;
        const uint64_t c0 = engine_sim_cycles(s);
        const double t0 = now_s();
        const int rc = conv_job_run(&job, &be, &d, DEV_MEM_BASE, MEM_SIZE, 50000000u, &r, err,
                                    sizeof err);
        wall += now_s() - t0;
        cycles += engine_sim_cycles(s) - c0;
        const int bad = rc != 0 || conv_job_first_diff(&job) >= 0 || engine_sim_violations(s);
        engine_sim_destroy(s);
        if (bad) {
            fprintf(stderr, "bench-sim-speed: the benchmark layer failed: %s\n",
                    rc ? err : "output differs from ref_conv2d or a protocol violation");
            return 1;
        }
        runs++;
    }
    conv_job_free(&job);
    const double cps = (double)cycles / wall;
    printf("sim speed: %.0f cycles/s (%llu cycles in %.2f s of CPU time, %d runs, %ux%u array)\n",
           cps, (unsigned long long)cycles, wall, runs, d.rows, d.cols);

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "bench-sim-speed: cannot write %s\n", tmp);
        return 1;
    }
    fprintf(f, "{\n  \"sim.cycles_per_s\": %.0f,\n  \"sim.bench_cycles\": %llu,\n"
               "  \"config\": {\"array\": \"%ux%u\", \"layer\": \"16x16x32 -> 32, 3x3 same\", "
               "\"read_latency\": 20, \"stall_prob\": 0.1, \"runs\": %d}\n}\n",
            cps, (unsigned long long)cycles / (unsigned long long)runs, d.rows, d.cols, runs);
    if (fclose(f) != 0 || rename(tmp, argv[1]) != 0) {
        fprintf(stderr, "bench-sim-speed: cannot write %s\n", argv[1]);
        remove(tmp);
        return 1;
    }
    return 0;
}
