/* lenet5 quantize: float file + calibration -> int8 model file, scored. */
#include <stdio.h>
#include <stdlib.h>

#include "evaluate.h"
#include "lf_file.h"
#include "quantize.h"
#include "record.h"
#include "tool.h"

#define SUBSET 1000 /* the shipped-model test re-scores this many test images */

typedef struct {
    double float_acc, int8_acc, agree;
    long subset_correct;
} scores;

static int score(const float *params, const model *m, const lf_data *test, scores *s)
{
    uint8_t *pf = malloc((size_t)test->n), *pq = malloc((size_t)test->n);
    int rc = -1;
    if (pf && pq && lf_accuracy(params, test, 2, pf) >= 0 && ev_int8(m, test, 2, pq) >= 0) {
        long cf = 0, cq = 0, same = 0;
        s->subset_correct = 0;
        for (int i = 0; i < test->n; i++) {
            cf += pf[i] == test->labels[i];
            cq += pq[i] == test->labels[i];
            same += pf[i] == pq[i];
            s->subset_correct += i < SUBSET && pq[i] == test->labels[i];
        }
        s->float_acc = (double)cf / test->n;
        s->int8_acc = (double)cq / test->n;
        s->agree = (double)same / test->n;
        rc = 0;
    }
    free(pf);
    free(pq);
    return rc;
}

static int write_record(const char *path, int argc, char **argv, long calib,
                        const scores *s)
{
    rec_entry e[] = {
        { "quantize_command", "" }, { "calibration", "" },
        { "float_accuracy", "" }, { "int8_accuracy", "" }, { "agreement", "" },
        { "int8_correct_first_1000", "" },
    };
    int n = 0, len = snprintf(e[0].value, sizeof e[0].value, "build/bin/lenet5 quantize");
    for (int i = 0; i < argc && len < (int)sizeof e[0].value; i++)
        len += snprintf(e[0].value + len, sizeof e[0].value - (size_t)len, " %s", argv[i]);
    n++;
    snprintf(e[n++].value, sizeof e[0].value,
             "min/max of every layer output over the first %ld training images", calib);
    snprintf(e[n++].value, sizeof e[0].value, "%.4f", s->float_acc);
    snprintf(e[n++].value, sizeof e[0].value, "%.4f", s->int8_acc);
    snprintf(e[n++].value, sizeof e[0].value, "%.4f", s->agree);
    snprintf(e[n++].value, sizeof e[0].value, "%ld", s->subset_correct);
    char err[512];
    if (rec_update(path, e, n, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s\n", err);
        return -1;
    }
    return 0;
}

static void print_ranges(const q_range *r, const model *m)
{
    for (int i = 0; i < m->n_layers; i++) {
        const model_layer *l = &m->layers[i];
        printf("  %-7s output range [%8.4f, %8.4f]  scale %.6g  zero point %d\n",
               l->name, (double)r[i].lo, (double)r[i].hi, (double)l->out_scale,
               (int)l->out_zp);
    }
}

int cmd_quantize(int argc, char **argv)
{
    static const char *const known[] = { "--data", "--float", "--out", "--calib",
                                         "--record", NULL };
    if (tool_check_opts(argc, argv, known))
        return 2;
    const char *data = tool_opt(argc, argv, "--data", TOOL_DEFAULT_DATA);
    const char *fpath = tool_opt(argc, argv, "--float", NULL);
    const char *out = tool_opt(argc, argv, "--out", NULL);
    const char *record = tool_opt(argc, argv, "--record", NULL);
    long calib;
    if (tool_int("--calib", tool_opt(argc, argv, "--calib", "2000"), 1, 1000000, &calib))
        return 2;
    if (!fpath || !out) {
        fprintf(stderr, "lenet5 quantize: --float FLOAT.bin and --out MODEL.cnnm are required\n");
        return 2;
    }
    static float params[LF_N_PARAMS];
    char err[512];
    if (lf_load(fpath, params, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s\n", err);
        return 1;
    }
    tool_set train, test;
    if (tool_load_set(data, "train", &train))
        return 1;
    if (tool_load_set(data, "t10k", &test)) {
        tool_free_set(&train);
        return 1;
    }
    int rc = 1;
    q_range ranges[LENET_LAYERS];
    model m, loaded;
    if (q_calibrate(params, &train.d, (int)calib, ranges)) {
        fprintf(stderr, "lenet5: out of memory\n");
    } else if (q_build(params, ranges, &m, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s: cannot quantize: %s\n", fpath, err);
    } else {
        printf("calibrated on %ld training images:\n", calib < train.d.n ? calib : train.d.n);
        print_ranges(ranges, &m);
        int saved = model_save(out, &m, err, sizeof err) == 0;
        model_free(&m);
        /* score what was written, read back from the file */
        if (!saved || model_load(out, &loaded, err, sizeof err)) {
            fprintf(stderr, "lenet5: %s\n", err);
        } else {
            scores s;
            if (score(params, &loaded, &test.d, &s)) {
                fprintf(stderr, "lenet5: out of memory\n");
            } else {
                printf("wrote %s\n%d test images: float %.2f%%  int8 %.2f%%  "
                       "agreement %.2f%%  (int8 on the first %d: %ld correct)\n",
                       out, test.d.n, 100 * s.float_acc, 100 * s.int8_acc,
                       100 * s.agree, SUBSET, s.subset_correct);
                rc = record && write_record(record, argc, argv, calib, &s) ? 1 : 0;
            }
            model_free(&loaded);
        }
    }
    tool_free_set(&train);
    tool_free_set(&test);
    return rc;
}
