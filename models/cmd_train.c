/* lenet5 train: float training from scratch, weights to the float file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lf_file.h"
#include "record.h"
#include "tool.h"

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int write_record(const char *path, const char *data, const lf_train_opts *o,
                        const lf_train_result *r, double cpu, double load0,
                        double load1)
{
    rec_entry e[] = {
        { "regenerate", "" }, { "train_command", "" }, { "seed", "" }, { "epochs", "" },
        { "optimizer", "" }, { "augmentation", "" }, { "threads", "" },
        { "train_seconds", "" }, { "train_cpu_seconds", "" },
        { "train_load_average", "" },
        { "float_accuracy_after_training", "" },
    };
    int n = 0;
    snprintf(e[n++].value, sizeof e[0].value,
             "make train quantize DATA=%s EPOCHS=%d SEED=%llu", data, o->epochs,
             (unsigned long long)o->seed);
    snprintf(e[n++].value, sizeof e[0].value,
             "build/bin/lenet5 train --data %s --epochs %d --seed %llu --threads %d "
             "--flip %d --shift %d",
             data, o->epochs, (unsigned long long)o->seed, o->threads, o->flip, o->shift);
    snprintf(e[n++].value, sizeof e[0].value, "%llu", (unsigned long long)o->seed);
    snprintf(e[n++].value, sizeof e[0].value, "%d", o->epochs);
    snprintf(e[n++].value, sizeof e[0].value,
             "SGD momentum %g, batch %d, peak lr %g, %d warm-up steps then cosine, "
             "weight decay %g",
             o->momentum, o->batch, o->lr, o->warmup, o->weight_decay);
    snprintf(e[n++].value, sizeof e[0].value, "%s, shift +-%d",
             o->flip ? "random left-right flip" : "no flip", o->shift);
    snprintf(e[n++].value, sizeof e[0].value, "%d", o->threads);
    snprintf(e[n++].value, sizeof e[0].value, "%.1f", r->seconds);
    snprintf(e[n++].value, sizeof e[0].value, "%.1f (both threads)", cpu);
    snprintf(e[n++].value, sizeof e[0].value, "%.2f at start, %.2f at end (2 cores)",
             load0, load1);
    snprintf(e[n++].value, sizeof e[0].value, "%.4f", r->test_accuracy);
    char err[512];
    if (rec_update(path, e, n, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s\n", err);
        return -1;
    }
    return 0;
}

int cmd_train(int argc, char **argv)
{
    static const char *const known[] = { "--data", "--epochs", "--seed", "--threads",
                                         "--flip", "--shift", "--out", "--record",
                                         NULL };
    if (tool_check_opts(argc, argv, known))
        return 2;
    lf_train_opts o;
    lf_train_defaults(&o);
    const char *data = tool_opt(argc, argv, "--data", TOOL_DEFAULT_DATA);
    const char *out = tool_opt(argc, argv, "--out", NULL);
    const char *record = tool_opt(argc, argv, "--record", NULL);
    const char *e_text = tool_opt(argc, argv, "--epochs", NULL);
    const char *s_text = tool_opt(argc, argv, "--seed", NULL);
    const char *t_text = tool_opt(argc, argv, "--threads", NULL);
    const char *f_text = tool_opt(argc, argv, "--flip", NULL);
    const char *sh_text = tool_opt(argc, argv, "--shift", NULL);
    long epochs = o.epochs, seed = (long)o.seed, threads = o.threads;
    long flip = o.flip, shift = o.shift;
    if ((e_text && tool_int("--epochs", e_text, 1, 1000, &epochs)) ||
        (s_text && tool_int("--seed", s_text, 0, 2147483647, &seed)) ||
        (t_text && tool_int("--threads", t_text, 1, 2, &threads)) ||
        (f_text && tool_int("--flip", f_text, 0, 1, &flip)) ||
        (sh_text && tool_int("--shift", sh_text, 0, 4, &shift)))
        return 2;
    if (!out) {
        fprintf(stderr, "lenet5 train: --out FLOAT.bin is required\n");
        return 2;
    }
    o.epochs = (int)epochs;
    o.seed = (uint64_t)seed;
    o.threads = (int)threads;
    o.flip = (int)flip;
    o.shift = (int)shift;

    tool_set train, test;
    if (tool_load_set(data, "train", &train))
        return 1;
    if (tool_load_set(data, "t10k", &test)) {
        tool_free_set(&train);
        return 1;
    }
    printf("training LeNet-5 on %d images of %s, %d epochs, seed %ld, %d thread(s)\n",
           train.d.n, data, o.epochs, seed, o.threads);
    fflush(stdout);
    float *params = malloc(LF_N_PARAMS * sizeof *params);
    double load0 = tool_loadavg(), cpu0 = cpu_seconds();
    lf_train_result r;
    int rc = !params || lf_train(&o, &train.d, &test.d, params, &r) ? 1 : 0;
    char err[512];
    if (rc == 0 && lf_save(out, params, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s\n", err);
        rc = 1;
    }
    if (rc == 0) {
        printf("trained in %.1f s, float test accuracy %.2f%%, weights in %s\n",
               r.seconds, 100.0 * r.test_accuracy, out);
        if (record && write_record(record, data, &o, &r, cpu_seconds() - cpu0, load0,
                                   tool_loadavg()))
            rc = 1;
    }
    free(params);
    tool_free_set(&train);
    tool_free_set(&test);
    return rc;
}
