/* cnnacc layer: run one conv or pool layer described in a text file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "layer_file.h"
#include "layer_table.h"

static const char layer_help[] =
    "usage: cnnacc layer FILE [--acc]\n"
    "Runs the conv or pool layer described in FILE (format: docs/layer-file.md)\n"
    "on the int8 reference and prints its output in HWC order: one line per\n"
    "output row, one [c0 c1 ...] group per pixel. --acc prints the int32\n"
    "accumulators before requantization instead (conv only).\n";

/* One line per row y, one bracketed channel vector per pixel x. */
static void print_hwc(const layer_spec *ls, const int8_t *q, const int32_t *acc)
{
    int w = acc ? 7 : 4;
    for (int y = 0; y < ls->out_h; y++) {
        printf("y=%-3d", y);
        for (int x = 0; x < ls->out_w; x++) {
            printf(" [");
            for (int c = 0; c < ls->out_c; c++) {
                size_t i = ((size_t)y * (size_t)ls->out_w + (size_t)x) * (size_t)ls->out_c +
                           (size_t)c;
                printf("%*ld", c ? w + 1 : w, acc ? (long)acc[i] : (long)q[i]);
            }
            printf("]");
        }
        printf("\n");
    }
}

int cmd_layer(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(layer_help, stdout);
        return 0;
    }
    const char *path = NULL;
    int want_acc = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--acc") == 0)
            want_acc = 1;
        else if (argv[i][0] == '-' || path)
            return cli_usage("layer", "unexpected argument '%s'", argv[i]);
        else
            path = argv[i];
    }
    if (!path)
        return cli_usage("layer", "a layer FILE is required");
    layer_spec ls;
    char err[512];
    if (layer_file_load(path, &ls, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (want_acc && ls.kind != LAYER_CONV) {
        layer_file_free(&ls);
        return cli_usage("layer", "--acc applies to conv layers only");
    }
    size_t n = (size_t)ls.out_h * (size_t)ls.out_w * (size_t)ls.out_c;
    int8_t *q = want_acc ? NULL : malloc(n);
    int32_t *acc = want_acc ? malloc(n * sizeof *acc) : NULL;
    int rc = 1;
    if (!q && !acc) {
        fprintf(stderr, "cnnacc layer: out of memory\n");
    } else {
        if (acc)
            layer_spec_run_acc(&ls, acc);
        else
            layer_spec_run(&ls, q);
        printf("%s: %s output %dx%dx%d (HWC), %s\n", path, layer_kind_name(ls.kind),
               ls.out_h, ls.out_w, ls.out_c,
               acc ? "int32 accumulators" : "int8");
        print_hwc(&ls, q, acc);
        rc = 0;
    }
    free(q);
    free(acc);
    layer_file_free(&ls);
    return rc;
}
