/* Data loading and option parsing for the lenet5 tool. */
#include "tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tool_load_set(const char *dir, const char *prefix, tool_set *s)
{
    char err[512];
    memset(s, 0, sizeof *s);
    if (idx_load_set(dir, prefix, &s->im, &s->lb, err, sizeof err)) {
        fprintf(stderr, "lenet5: %s\n", err);
        return -1;
    }
    if (s->im.rows != LF_IMG || s->im.cols != LF_IMG) {
        fprintf(stderr, "lenet5: %s/%s images are %dx%d, LeNet-5 needs %dx%d\n",
                dir, prefix, s->im.rows, s->im.cols, LF_IMG, LF_IMG);
        tool_free_set(s);
        return -1;
    }
    for (int i = 0; i < s->lb.count; i++)
        if (s->lb.labels[i] >= LF_CLASSES) {
            fprintf(stderr, "lenet5: %s/%s label %d is %d, not a class 0..9\n", dir,
                    prefix, i, s->lb.labels[i]);
            tool_free_set(s);
            return -1;
        }
    s->d = (lf_data){ s->im.count, s->im.pixels, s->lb.labels };
    return 0;
}

void tool_free_set(tool_set *s)
{
    idx_free_images(&s->im);
    idx_free_labels(&s->lb);
    memset(s, 0, sizeof *s);
}

const char *tool_opt(int argc, char **argv, const char *name, const char *def)
{
    for (int i = 0; i + 1 < argc; i += 2)
        if (strcmp(argv[i], name) == 0)
            return argv[i + 1];
    return def;
}

int tool_check_opts(int argc, char **argv, const char *const *known)
{
    for (int i = 0; i < argc; i += 2) {
        int ok = 0;
        for (const char *const *k = known; *k; k++)
            ok |= strcmp(argv[i], *k) == 0;
        if (!ok) {
            fprintf(stderr, "lenet5: unknown option '%s'\n", argv[i]);
            return -1;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "lenet5: option %s needs a value\n", argv[i]);
            return -1;
        }
    }
    return 0;
}

int tool_int(const char *name, const char *text, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < lo || v > hi) {
        fprintf(stderr, "lenet5: %s must be a whole number in %ld..%ld, not '%s'\n",
                name, lo, hi, text);
        return -1;
    }
    *out = v;
    return 0;
}

double tool_loadavg(void)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double v = -1;
    if (f) {
        if (fscanf(f, "%lf", &v) != 1)
            v = -1;
        fclose(f);
    }
    return v;
}
