/* cnnacc eval: accuracy and confusion matrix of the reference on a data set. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

static const char eval_help[] =
    "usage: cnnacc eval --model FILE [--data DIR] [--set t10k|train] [--limit N]\n"
    "                   [--logits FILE]\n"
    "Runs the int8 reference on the first N images (default all) of a set\n"
    "(default t10k) and prints the accuracy and the confusion matrix.\n"
    "--logits FILE also writes every image's int8 logits, image after image\n"
    "(N x classes bytes, no header), for comparison with other implementations.\n"
    "DIR holds <set>-images-idx3-ubyte[.gz] and <set>-labels-idx1-ubyte[.gz]\n"
    "(default " CLI_DEFAULT_DATA ").\n";

static void print_confusion(const long *conf, int classes)
{
    printf("confusion matrix (rows: label, columns: prediction)\n     ");
    for (int p = 0; p < classes; p++)
        printf(" %5d", p);
    printf("  recall\n");
    for (int t = 0; t < classes; t++) {
        long row = 0;
        printf("%4d ", t);
        for (int p = 0; p < classes; p++) {
            printf(" %5ld", conf[t * classes + p]);
            row += conf[t * classes + p];
        }
        if (row)
            printf("  %5.1f%%\n", 100.0 * (double)conf[t * classes + t] / (double)row);
        else
            printf("      -\n");
    }
}

/* The logits file is written as <path>.tmp and renamed into place at the
 * end, so an interrupted run never leaves a short file under the final name. */
typedef struct logits_out {
    const char *path;
    char *tmp;
    FILE *f;
} logits_out;

static int logits_open(logits_out *o, const char *path)
{
    o->path = path;
    o->f = NULL;
    size_t len = strlen(path) + 5;
    o->tmp = malloc(len);
    if (!o->tmp) {
        fprintf(stderr, "cnnacc eval: out of memory\n");
        return 1;
    }
    snprintf(o->tmp, len, "%s.tmp", path);
    o->f = fopen(o->tmp, "wb");
    if (!o->f) {
        fprintf(stderr, "cnnacc eval: %s: cannot write the logits file: %s\n", path,
                strerror(errno));
        free(o->tmp);
        return 1;
    }
    return 0;
}

/* Closes the file and renames it into place; on any failure removes it
 * and says why. */
static int logits_close(logits_out *o)
{
    int ok = !ferror(o->f);
    ok = fclose(o->f) == 0 && ok;
    ok = ok && rename(o->tmp, o->path) == 0;
    if (!ok) {
        fprintf(stderr, "cnnacc eval: %s: cannot write the logits file: %s\n", o->path,
                strerror(errno));
        remove(o->tmp);
    }
    free(o->tmp);
    return !ok;
}

int cmd_eval(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(eval_help, stdout);
        return 0;
    }
    const char *path = NULL, *dir = CLI_DEFAULT_DATA, *set = "t10k", *limit_s = NULL;
    const char *logits_path = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_option("eval", argc, argv, &i, "model", &path);
        if (r == 0)
            r = cli_option("eval", argc, argv, &i, "data", &dir);
        if (r == 0)
            r = cli_option("eval", argc, argv, &i, "set", &set);
        if (r == 0)
            r = cli_option("eval", argc, argv, &i, "limit", &limit_s);
        if (r == 0)
            r = cli_option("eval", argc, argv, &i, "logits", &logits_path);
        if (r < 0)
            return 2;
        if (r == 0)
            return cli_usage("eval", "unexpected argument '%s'", argv[i]);
    }
    long limit = -1;
    if (!path)
        return cli_usage("eval", "--model FILE is required");
    if (limit_s && cli_int("eval", "limit", limit_s, 1, 1L << 30, &limit))
        return 2;
    model m;
    idx_images im;
    idx_labels lb;
    if (cli_load_model_and_data(path, dir, set, &m, &im, &lb))
        return 1;
    int classes = (int)model_layer_units(&m.layers[m.n_layers - 1]);
    long n = limit > 0 && limit < im.count ? limit : im.count;
    size_t px = (size_t)im.rows * (size_t)im.cols;
    int8_t *input = malloc(px), *logits = malloc((size_t)classes);
    int8_t *scratch = malloc(2 * model_max_activation(&m));
    long *conf = calloc((size_t)classes * (size_t)classes, sizeof *conf);
    logits_out out = {0};
    int rc = 1;
    if (!input || !logits || !scratch || !conf) {
        fprintf(stderr, "cnnacc eval: out of memory\n");
    } else if (!logits_path || !logits_open(&out, logits_path)) {
        long correct = 0;
        for (long i = 0; i < n; i++) {
            model_quantize_input(&m, im.pixels + (size_t)i * px, input);
            int pred = model_forward(&m, input, logits, scratch);
            conf[lb.labels[i] * classes + pred]++;
            correct += pred == lb.labels[i];
            if (out.f)
                fwrite(logits, 1, (size_t)classes, out.f);
        }
        if (!out.f || !logits_close(&out)) {
            printf("model %s (%s), data %s set %s: %ld images\n", path, m.name, dir, set, n);
            printf("accuracy %.2f%% (%ld / %ld)\n", 100.0 * (double)correct / (double)n,
                   correct, n);
            print_confusion(conf, classes);
            rc = 0;
        }
    }
    free(input);
    free(logits);
    free(scratch);
    free(conf);
    model_free(&m);
    idx_free_images(&im);
    idx_free_labels(&lb);
    return rc;
}
