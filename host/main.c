/* cnnacc: one binary, one subcommand per job. Adding a subcommand is one
 * line in the table below (plus its host/cmd_<name>.c). */
#include <stdio.h>
#include <string.h>

#include "cmd.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"info", cmd_info, "print the layer table of a model (default: LeNet-5)"},
    {"eval", cmd_eval, "reference accuracy and confusion matrix on a data set"},
    {"classify", cmd_classify, "run one image, print logits and prediction"},
    {"layer", cmd_layer, "run one conv or pool layer described in a text file"},
    {"run", cmd_run, "a data set through the model with its convolutions on the engine"},
    {"merge-reports", cmd_merge_reports, "join the JSON reports of sharded runs"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: cnnacc <command> [options]   (cnnacc <command> --help)\n\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-14s %s\n", commands[i].name, commands[i].summary);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "cnnacc: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
