/* cnnacc classify: one image through the reference, logits and prediction. */
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "cmd.h"

static const char classify_help[] =
    "usage: cnnacc classify --model FILE --index I [--data DIR] [--set t10k|train]\n"
    "Runs image I of the set (default t10k) through the int8 reference and\n"
    "prints every logit as int8 and dequantized, then the prediction and the\n"
    "label. DIR defaults to " CLI_DEFAULT_DATA ".\n";

int cmd_classify(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(classify_help, stdout);
        return 0;
    }
    const char *path = NULL, *dir = CLI_DEFAULT_DATA, *set = "t10k", *index_s = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_option("classify", argc, argv, &i, "model", &path);
        if (r == 0)
            r = cli_option("classify", argc, argv, &i, "data", &dir);
        if (r == 0)
            r = cli_option("classify", argc, argv, &i, "set", &set);
        if (r == 0)
            r = cli_option("classify", argc, argv, &i, "index", &index_s);
        if (r < 0)
            return 2;
        if (r == 0)
            return cli_usage("classify", "unexpected argument '%s'", argv[i]);
    }
    if (!path || !index_s)
        return cli_usage("classify", "--model FILE and --index I are required");
    long index;
    if (cli_int("classify", "index", index_s, 0, 1L << 30, &index))
        return 2;
    model m;
    idx_images im;
    idx_labels lb;
    if (cli_load_model_and_data(path, dir, set, &m, &im, &lb))
        return 1;
    int rc = 1;
    const model_layer *last = &m.layers[m.n_layers - 1];
    int classes = (int)model_layer_units(last);
    size_t px = (size_t)im.rows * (size_t)im.cols;
    int8_t *input = malloc(px), *logits = malloc((size_t)classes);
    int8_t *scratch = malloc(2 * model_max_activation(&m));
    if (index >= im.count) {
        fprintf(stderr, "cnnacc classify: --index %ld: set %s has %d images\n", index,
                set, im.count);
    } else if (!input || !logits || !scratch) {
        fprintf(stderr, "cnnacc classify: out of memory\n");
    } else {
        model_quantize_input(&m, im.pixels + (size_t)index * px, input);
        int pred = model_forward(&m, input, logits, scratch);
        int label = lb.labels[index];
        printf("image %ld of %s (%s), label %d\n", index, set, dir, label);
        printf("class   int8  dequantized\n");
        for (int c = 0; c < classes; c++)
            printf("%5d  %5d  %11.4f%s\n", c, logits[c],
                   (double)last->out_scale * (logits[c] - last->out_zp),
                   c == pred ? "  <- prediction" : "");
        printf("prediction %d, label %d: %s\n", pred, label,
               pred == label ? "correct" : "wrong");
        rc = 0;
    }
    free(input);
    free(logits);
    free(scratch);
    model_free(&m);
    idx_free_images(&im);
    idx_free_labels(&lb);
    return rc;
}
