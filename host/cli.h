/* Small helpers shared by the cnnacc subcommands: option parsing and the
 * model + data set loading that several commands need. */
#ifndef CLI_H
#define CLI_H

#include "idx.h"
#include "model.h"

#define CLI_DEFAULT_DATA "/usr/share/datasets/fashion-mnist"

/* True when any argument is -h or --help. */
int cli_wants_help(int argc, char **argv);

/* Matches argv[*i] against "--name VALUE" or "--name=VALUE". Returns 1 and
 * sets *value (advancing *i past a separate value), 0 when argv[*i] is some
 * other argument, -1 (message printed) when the value is missing. */
int cli_option(const char *cmd, int argc, char **argv, int *i, const char *name,
               const char **value);

/* Parses a decimal integer in [lo, hi] given to option opt; prints an error
 * and returns -1 otherwise. */
int cli_int(const char *cmd, const char *opt, const char *s, long lo, long hi,
            long *out);

/* Prints "cnnacc <cmd>: <message>" and a pointer to --help; returns 2. */
int cli_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Loads the model and the <set> images of <dir> and checks they fit each
 * other (input HxWx1 = image size, every label below the output count).
 * Prints the error and returns -1 on failure, freeing what it loaded. */
int cli_load_model_and_data(const char *model_path, const char *dir,
                            const char *set, model *m, idx_images *im,
                            idx_labels *lb);

#endif
