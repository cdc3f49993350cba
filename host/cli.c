/* Option parsing and common loading for the subcommands. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            return 1;
    return 0;
}

int cli_usage(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "cnnacc %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'cnnacc %s --help'.\n", cmd);
    return 2;
}

int cli_option(const char *cmd, int argc, char **argv, int *i, const char *name,
               const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, "--", 2) != 0 || strncmp(arg + 2, name, n) != 0)
        return 0;
    if (arg[2 + n] == '=') {
        *value = arg + 3 + n;
        return 1;
    }
    if (arg[2 + n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_usage(cmd, "option --%s needs a value", name);
        return -1;
    }
    *value = argv[++*i];
    return 1;
}

int cli_int(const char *cmd, const char *opt, const char *s, long lo, long hi,
            long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || errno || v < lo || v > hi) {
        cli_usage(cmd, "--%s: '%s' is not an integer in [%ld, %ld]", opt, s, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_load_model_and_data(const char *model_path, const char *dir,
                            const char *set, model *m, idx_images *im,
                            idx_labels *lb)
{
    char err[512];
    if (model_load(model_path, m, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    if (idx_load_set(dir, set, im, lb, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        model_free(m);
        return -1;
    }
    const model_layer *first = &m->layers[0];
    const model_layer *last = &m->layers[m->n_layers - 1];
    int classes = (int)model_layer_units(last);
    const char *problem = NULL;
    if (first->in_h != im->rows || first->in_w != im->cols || first->in_c != 1)
        problem = "the model's input shape differs from the image size";
    for (int i = 0; !problem && i < lb->count; i++)
        if (lb->labels[i] >= classes)
            problem = "a label is not below the model's output count";
    if (problem) {
        fprintf(stderr, "%s: %s (model input %dx%dx%d, %d outputs; images %dx%d)\n",
                model_path, problem, first->in_h, first->in_w, first->in_c, classes,
                im->rows, im->cols);
        model_free(m);
        idx_free_images(im);
        idx_free_labels(lb);
        return -1;
    }
    return 0;
}
