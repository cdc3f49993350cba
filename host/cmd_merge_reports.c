/* cnnacc merge-reports: joins the JSON reports of `cnnacc run --shard` runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"
#include "run_report.h"

static const char merge_help[] =
    "usage: cnnacc merge-reports REPORT.json... -o OUT.json\n"
    "Joins the reports of runs over disjoint image ranges of one configuration\n"
    "(cnnacc run --shard i/N --report ...) into one report, as if the images had\n"
    "run together, and prints its summary. The ranges must fit together without\n"
    "gaps or overlaps; model, data, backend, engine and memory settings must agree.\n";

int cmd_merge_reports(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(merge_help, stdout);
        return 0;
    }
    const char *out_path = NULL;
    const char **names = calloc((size_t)argc, sizeof *names);
    run_report *in = calloc((size_t)argc, sizeof *in);
    int n = 0, rc = 0;
    if (!names || !in) {
        fprintf(stderr, "cnnacc merge-reports: out of memory\n");
        rc = 1;
    }
    for (int i = 1; i < argc && rc == 0; i++) {
        if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
            if (i + 1 >= argc)
                rc = cli_usage("merge-reports", "%s needs a file name", argv[i]);
            else
                out_path = argv[++i];
        } else if (strncmp(argv[i], "-", 1) == 0) {
            rc = cli_usage("merge-reports", "unexpected option '%s'", argv[i]);
        } else {
            names[n++] = argv[i];
        }
    }
    if (rc == 0 && (!out_path || n == 0))
        rc = cli_usage("merge-reports", "needs at least one report and -o OUT.json");
    int loaded = 0;
    char err[RUN_TEXT_LEN + 128];
    for (; rc == 0 && loaded < n; loaded++)
        if (run_report_read(names[loaded], &in[loaded], err, sizeof err) != 0) {
            fprintf(stderr, "cnnacc merge-reports: %s\n", err);
            rc = 1;
        }
    if (rc == 0) {
        run_report all;
        if (run_report_merge(in, names, n, &all, err, sizeof err) != 0) {
            fprintf(stderr, "cnnacc merge-reports: %s\n", err);
            rc = 1;
        } else {
            if (run_report_write(&all, out_path, err, sizeof err) != 0) {
                fprintf(stderr, "cnnacc merge-reports: %s\n", err);
                rc = 1;
            } else {
                run_report_print(&all, stdout);
            }
            run_report_free(&all);
        }
    }
    for (int i = 0; i < loaded; i++)
        run_report_free(&in[i]);
    free(in);
    free(names);
    return rc;
}
