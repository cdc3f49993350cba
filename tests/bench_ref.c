/* Reference LeNet-5 int8 inference throughput on one core, over the real
 * Fashion-MNIST test images. Uses the shipped model when it exists, else a
 * random model with calibrated scales (random_lenet).
 * Usage: bench_ref MODEL DATADIR OUT.json CFLAGS-STRING */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "idx.h"
#include "lenet.h"
#include "model.h"
#include "random_model.h"

static double seconds(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double now(void) { return seconds(CLOCK_MONOTONIC); }
/* CPU time of this single-threaded process: the time it held one core,
 * which other jobs on a shared machine do not inflate as they do wall time. */
static double cpu_now(void) { return seconds(CLOCK_PROCESS_CPUTIME_ID); }

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s MODEL DATADIR OUT.json CFLAGS\n", argv[0]);
        return 2;
    }
    const char *model_path = argv[1], *dir = argv[2], *out = argv[3];
    char err[512], used[600];
    model m;
    FILE *probe = fopen(model_path, "rb");
    if (probe) {
        fclose(probe);
        if (model_load(model_path, &m, err, sizeof err) ||
            lenet_check(&m, model_path, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        snprintf(used, sizeof used, "%s", model_path);
    } else {
        if (random_lenet(&m, 1))
            return 1;
        snprintf(used, sizeof used, "random LeNet-5 (seed 1, calibrated scales)");
    }
    idx_images im;
    idx_labels lb;
    if (idx_load_set(dir, "t10k", &im, &lb, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    size_t px = (size_t)im.rows * (size_t)im.cols;
    int8_t *inputs = malloc(px * (size_t)im.count);
    int8_t *scratch = malloc(2 * model_max_activation(&m)), logits[LENET_CLASSES];
    if (!inputs || !scratch)
        return 1;
    for (int i = 0; i < im.count; i++)
        model_quantize_input(&m, im.pixels + (size_t)i * px, inputs + (size_t)i * px);
    /* whole passes over the set until at least 5 s have gone by; the best
     * pass counts, in CPU time and (for context) in wall time */
    long images = 0, correct = 0;
    double best = 1e30, best_wall = 1e30, start = now();
    do {
        double t0 = now(), c0 = cpu_now();
        correct = 0;
        for (int i = 0; i < im.count; i++)
            correct += model_forward(&m, inputs + (size_t)i * px, logits, scratch) ==
                       lb.labels[i];
        double dt = cpu_now() - c0, dw = now() - t0;
        if (dt < best)
            best = dt;
        if (dw < best_wall)
            best_wall = dw;
        images += im.count;
    } while (now() - start < 5.0);
    double rate = im.count / best, rate_wall = im.count / best_wall;
    printf("reference LeNet-5: %.0f images per CPU second on one core, %.0f per wall second "
           "(best pass of %d images; %ld images run; accuracy %.2f%%; model %s)\n",
           rate, rate_wall, im.count, images, 100.0 * (double)correct / im.count, used);
    char tmp[1024];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    FILE *f = fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, "%s: cannot write\n", tmp);
        return 1;
    }
    fprintf(f, "{\n  \"ref.lenet_images_per_s\": %.1f,\n"
               "  \"ref.lenet_images_per_wall_s\": %.1f,\n  \"config\": {\n"
               "    \"model\": \"%s\",\n    \"images\": %d,\n    \"data\": \"%s/t10k\",\n"
               "    \"cflags\": \"%s\",\n    \"threads\": 1,\n"
               "    \"rate_basis\": \"CPU time of the best pass\"\n  }\n}\n",
            rate, rate_wall, used, im.count, dir, argv[4]);
    if (fclose(f) || rename(tmp, out)) {
        fprintf(stderr, "%s: cannot write\n", out);
        return 1;
    }
    free(inputs);
    free(scratch);
    idx_free_images(&im);
    idx_free_labels(&lb);
    model_free(&m);
    return 0;
}
