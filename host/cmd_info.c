/* cnnacc info: the layer table of a model file or of the built-in LeNet-5. */
#include <stdio.h>

#include "cli.h"
#include "cmd.h"
#include "layer_table.h"
#include "lenet.h"

static const char info_help[] =
    "usage: cnnacc info [--model FILE]\n"
    "Prints each layer's name, kind, output shape, units, connections,\n"
    "weights (without biases) and MACs, with totals. Without --model it\n"
    "prints the built-in LeNet-5 shapes.\n";

int cmd_info(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(info_help, stdout);
        return 0;
    }
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_option("info", argc, argv, &i, "model", &path);
        if (r < 0)
            return 2;
        if (r == 0)
            return cli_usage("info", "unexpected argument '%s'", argv[i]);
    }
    model m;
    if (path) {
        char err[512];
        if (model_load(path, &m, err, sizeof err)) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
    } else {
        lenet_shapes(&m);
    }
    layer_table_print(stdout, &m);
    model_free(&m);
    return 0;
}
