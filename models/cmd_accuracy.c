/* lenet5 accuracy: float vs int8 over a whole test set, per-class accuracy,
 * confusion matrix as text and as a PNG, optional bench JSON. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confusion_png.h"
#include "evaluate.h"
#include "lenet.h"
#include "lf_file.h"
#include "record.h"
#include "tool.h"

static const char *const fashion_names[LF_CLASSES] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
};

static void per_class(const lf_data *d, const uint8_t *pf, const uint8_t *pq,
                      int names)
{
    printf("class               images   float    int8\n");
    for (int c = 0; c < LF_CLASSES; c++) {
        long n = 0, cf = 0, cq = 0;
        for (int i = 0; i < d->n; i++) {
            if (d->labels[i] != c)
                continue;
            n++;
            cf += pf[i] == c;
            cq += pq[i] == c;
        }
        char label[32];
        snprintf(label, sizeof label, "%d %s", c, names ? fashion_names[c] : "");
        printf("%-18s %7ld  %6.2f%%  %6.2f%%\n", label, n, n ? 100.0 * cf / n : 0.0,
               n ? 100.0 * cq / n : 0.0);
    }
}

static int write_json(const char *path, int n, double facc, double qacc,
                      double seconds, const char *record)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    int bad = !f;
    if (f) {
        bad |= fprintf(f, "{\n  \"train.float_accuracy\": %.4f,\n"
                          "  \"train.int8_accuracy\": %.4f,\n", facc, qacc) < 0;
        if (seconds >= 0)
            bad |= fprintf(f, "  \"train.seconds\": %.1f,\n", seconds) < 0;
        bad |= fprintf(f, "  \"config\": {\"test_images\": %d, \"seconds_from\": \"%s\"}\n}\n",
                       n, record ? record : "none") < 0;
        bad |= fclose(f) != 0;
    }
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        fprintf(stderr, "lenet5: %s: cannot write\n", path);
        return -1;
    }
    return 0;
}

/* Training seconds from a record, or -1 without one. */
static int record_seconds(const char *record, double *seconds)
{
    char v[64], err[512];
    *seconds = -1;
    if (!record)
        return 0;
    if (rec_get(record, "train_seconds", v, sizeof v, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s\n", err);
        return -1;
    }
    *seconds = atof(v);
    return 0;
}

static int report(const lf_data *d, const float *params, const model *m,
                  const char *png, const char *json, const char *record,
                  double seconds, int names)
{
    uint8_t *pf = malloc((size_t)d->n), *pq = malloc((size_t)d->n);
    if (!pf || !pq || lf_accuracy(params, d, 2, pf) < 0 || ev_int8(m, d, 2, pq) < 0) {
        free(pf);
        free(pq);
        fprintf(stderr, "lenet5: out of memory\n");
        return 1;
    }
    long cf = 0, cq = 0, same = 0;
    for (int i = 0; i < d->n; i++) {
        cf += pf[i] == d->labels[i];
        cq += pq[i] == d->labels[i];
        same += pf[i] == pq[i];
    }
    double facc = (double)cf / d->n, qacc = (double)cq / d->n;
    printf("%d test images\nfloat accuracy  %.2f%% (%ld)\nint8 accuracy   %.2f%% (%ld)\n"
           "agreement       %.2f%% (%ld same class)\n\n",
           d->n, 100 * facc, cf, 100 * qacc, cq, 100.0 * same / d->n, same);
    per_class(d, pf, pq, names);
    long counts[LF_CLASSES][LF_CLASSES];
    ev_confusion(d, pq, counts);
    printf("\n");
    ev_print_confusion(stdout, "int8 confusion matrix", counts);
    int rc = 0;
    char err[512];
    if (png && confusion_png(png, counts, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s\n", err);
        rc = 1;
    } else if (png) {
        printf("confusion heat map: %s\n", png);
    }
    if (json && write_json(json, d->n, facc, qacc, seconds, record))
        rc = 1;
    free(pf);
    free(pq);
    return rc;
}

int cmd_accuracy(int argc, char **argv)
{
    static const char *const known[] = { "--data", "--float", "--model", "--png",
                                         "--json", "--record", "--names", NULL };
    if (tool_check_opts(argc, argv, known))
        return 2;
    const char *data = tool_opt(argc, argv, "--data", TOOL_DEFAULT_DATA);
    const char *fpath = tool_opt(argc, argv, "--float", NULL);
    const char *mpath = tool_opt(argc, argv, "--model", NULL);
    const char *names = tool_opt(argc, argv, "--names", "fashion");
    if (!fpath || !mpath) {
        fprintf(stderr, "lenet5 accuracy: --float FLOAT.bin and --model MODEL.cnnm are required\n");
        return 2;
    }
    if (strcmp(names, "fashion") != 0 && strcmp(names, "none") != 0) {
        fprintf(stderr, "lenet5 accuracy: --names is 'fashion' or 'none'\n");
        return 2;
    }
    const char *record = tool_opt(argc, argv, "--record", NULL);
    double seconds;
    if (record_seconds(record, &seconds))
        return 1;
    static float params[LF_N_PARAMS];
    char err[512];
    model m;
    if (lf_load(fpath, params, err, sizeof err) ||
        model_load(mpath, &m, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s\n", err);
        return 1;
    }
    int rc = 1;
    tool_set test;
    if (lenet_check(&m, mpath, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s\n", err);
    } else if (tool_load_set(data, "t10k", &test) == 0) {
        rc = report(&test.d, params, &m, tool_opt(argc, argv, "--png", NULL),
                    tool_opt(argc, argv, "--json", NULL), record, seconds,
                    strcmp(names, "fashion") == 0);
        tool_free_set(&test);
    }
    model_free(&m);
    return rc;
}
