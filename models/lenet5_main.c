/*
 * lenet5: trains the float LeNet-5, quantizes it to the project's int8 model
 * file and reports accuracy (models/README.md).
 */
#include <stdio.h>
#include <string.h>

#include "tool.h"

static void usage(FILE *f)
{
    fprintf(f,
        "usage: lenet5 train    [--data DIR] [--epochs N] [--seed S] [--threads 1|2]\n"
        "                       [--flip 0|1] [--shift 0..4] --out FLOAT.bin\n"
        "                       [--record FILE.txt]\n"
        "       lenet5 quantize [--data DIR] --float FLOAT.bin --out MODEL.cnnm\n"
        "                       [--calib N] [--record FILE.txt]\n"
        "       lenet5 accuracy [--data DIR] --float FLOAT.bin --model MODEL.cnnm\n"
        "                       [--png FILE.png] [--json FILE.json] [--record FILE.txt]\n"
        "                       [--names fashion|none]\n"
        "DIR holds the IDX files (train-*, t10k-*), default " TOOL_DEFAULT_DATA "\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "train") == 0)
        return cmd_train(argc - 2, argv + 2);
    if (strcmp(cmd, "quantize") == 0)
        return cmd_quantize(argc - 2, argv + 2);
    if (strcmp(cmd, "accuracy") == 0)
        return cmd_accuracy(argc - 2, argv + 2);
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        usage(stdout);
        return 0;
    }
    fprintf(stderr, "lenet5: unknown command '%s'\n", cmd);
    usage(stderr);
    return 2;
}
