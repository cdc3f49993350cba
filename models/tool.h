/* Shared pieces of the lenet5 command-line tool (train, quantize, accuracy). */
#ifndef TOOL_H
#define TOOL_H

#include "idx.h"
#include "lf_train.h"

#define TOOL_DEFAULT_DATA "/usr/share/datasets/fashion-mnist"

/* A data set loaded from IDX files and viewed as lf_data. */
typedef struct {
    idx_images im;
    idx_labels lb;
    lf_data d;
} tool_set;

/* Loads <dir>/<prefix>-*; prints the error and returns -1 on failure. */
int tool_load_set(const char *dir, const char *prefix, tool_set *s);
void tool_free_set(tool_set *s);

/* Option parsing: "--name value" pairs. Returns the value of name or def. */
const char *tool_opt(int argc, char **argv, const char *name, const char *def);
/* Fails (message, -1) on an option not in known (NULL-terminated) or one
 * without a value. */
int tool_check_opts(int argc, char **argv, const char *const *known);
/* Parses a whole decimal number in [lo, hi]; prints an error on failure. */
int tool_int(const char *name, const char *text, long lo, long hi, long *out);

/* The 1-minute load average, or -1 if unknown. */
double tool_loadavg(void);

int cmd_train(int argc, char **argv);
int cmd_quantize(int argc, char **argv);
int cmd_accuracy(int argc, char **argv);

#endif
