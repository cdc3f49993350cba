/* cnnacc run: a data set through the network with its convolutions on the
 * engine (cycle-accurate RTL simulation or C model). */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cmd.h"
#include "run_jobs.h"

#define RUN_DEFAULT_MODEL "models/lenet5-fashion-int8.cnnm"
#define RUN_DEFAULT_COUNT 100

static const char run_help[] =
    "usage: cnnacc run [options]\n"
    "Runs images through the model with every conv layer on the engine and\n"
    "pooling / fully connected layers on the int8 reference. Every image's\n"
    "logits are also computed by the pure reference and compared.\n"
    "\n"
    "  --model FILE         model file (default " RUN_DEFAULT_MODEL ")\n"
    "  --data DIR           IDX data set directory (default " CLI_DEFAULT_DATA ")\n"
    "  --set t10k|train     which set (default t10k)\n"
    "  --first I            first image (default 0)\n"
    "  --count N            number of images (default 100)\n"
    "  --all                every image from --first to the end of the set\n"
    "  --backend rtl|model  Verilator simulation of the RTL (default) or the C model\n"
    "  --backend uart:DEV   a board on serial device DEV (e.g. uart:/dev/ttyUSB0),\n"
    "                       through its UART bridge (docs/uart-protocol.md); --jobs 1\n"
    "  --baud N             serial rate for uart:, as the board was built (default 115200)\n"
    "  --verify             compare every layer's output with the reference; stop at\n"
    "                       the first difference, naming layer, tile, channel, position\n"
    "  --watchdog N         cycle budget per layer run (default: automatic)\n"
    "memory model of the RTL simulation:\n"
    "  --mem-latency N      read and write latency in cycles (default 16)\n"
    "  --mem-bandwidth B    bytes per cycle per direction (default 8)\n"
    "  --mem-stall P        stall probability per cycle on every channel (default 0)\n"
    "  --seed S             stall pattern seed (default 1); each worker process runs\n"
    "                       its own pattern, so with stalls the cycle counts depend\n"
    "                       on --jobs and --shard\n"
    "  --trace FILE         FST waveform of the RTL (needs a SIM_TRACE=1 build, --jobs 1)\n"
    "  --trace-window A:B   dump cycles [A, B) only (B empty: to the end)\n"
    "splitting and output:\n"
    "  --jobs N             worker processes, each with its own simulator (default 1);\n"
    "                       results are merged in image order\n"
    "  --shard i/N          only the i-th (0-based) of N contiguous shares of the\n"
    "                       images; merge shard reports with cnnacc merge-reports\n"
    "  --report FILE        JSON report: per image and per layer results\n"
    "  --progress           progress bar on stderr even when it is not a terminal\n"
    "\n"
    "Exit status: 0 when every image ran and matched the reference, 1 on any\n"
    "failure or mismatch, 2 on a usage error.\n";

typedef struct {
    const char *model, *data, *set, *backend, *report, *trace, *trace_window, *shard;
    const char *first, *count, *jobs, *watchdog, *latency, *bandwidth, *stall, *seed, *baud;
    int all, verify, progress;
} run_args;

static int parse_args(int argc, char **argv, run_args *a)
{
    *a = (run_args){.model = RUN_DEFAULT_MODEL, .data = CLI_DEFAULT_DATA, .set = "t10k",
                    .backend = "rtl"};
    const struct {
        const char *name;
        const char **value;
    } opts[] = {
        {"model", &a->model},         {"data", &a->data},
        {"set", &a->set},             {"backend", &a->backend},
        {"report", &a->report},       {"trace", &a->trace},
        {"trace-window", &a->trace_window},
        {"shard", &a->shard},         {"first", &a->first},
        {"count", &a->count},         {"jobs", &a->jobs},
        {"watchdog", &a->watchdog},   {"mem-latency", &a->latency},
        {"mem-bandwidth", &a->bandwidth},
        {"mem-stall", &a->stall},     {"seed", &a->seed},
        {"baud", &a->baud},
    };
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--all") == 0) {
            a->all = 1;
            continue;
        }
        if (strcmp(argv[i], "--verify") == 0) {
            a->verify = 1;
            continue;
        }
        if (strcmp(argv[i], "--progress") == 0) {
            a->progress = 1;
            continue;
        }
        int r = 0;
        for (size_t k = 0; k < sizeof opts / sizeof opts[0] && r == 0; k++)
            r = cli_option("run", argc, argv, &i, opts[k].name, opts[k].value);
        if (r < 0)
            return 2;
        if (r == 0)
            return cli_usage("run", "unexpected argument '%s'", argv[i]);
    }
    return 0;
}

static int parse_double(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    const double v = strtod(s, &end);
    if (*s == '\0' || *end || errno || !(v >= lo && v <= hi)) {
        cli_usage("run", "--%s: '%s' is not a number in [%g, %g]", opt, s, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_u64(const char *opt, const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    const unsigned long long v = strtoull(s, &end, 10);
    if (*s < '0' || *s > '9' || *end || errno) {
        cli_usage("run", "--%s: '%s' is not a non-negative integer", opt, s);
        return -1;
    }
    *out = v;
    return 0;
}

/* "i/N" with 0 <= i < N. */
static int parse_shard(const char *s, long *index, long *of)
{
    char *slash;
    errno = 0;
    const long i = strtol(s, &slash, 10);
    if (slash != s && *slash == '/' && slash[1] >= '0' && slash[1] <= '9') {
        char *end;
        const long n = strtol(slash + 1, &end, 10);
        if (*end == '\0' && !errno && n >= 1 && n <= 1000000 && i >= 0 && i < n) {
            *index = i;
            *of = n;
            return 0;
        }
    }
    cli_usage("run", "--shard: '%s' is not i/N with 0 <= i < N", s);
    return -1;
}

static int parse_window(const char *s, uint64_t *begin, uint64_t *end)
{
    const char *colon = strchr(s, ':');
    char first[32];
    if (!colon || (size_t)(colon - s) >= sizeof first) {
        cli_usage("run", "--trace-window: '%s' is not A:B", s);
        return -1;
    }
    memcpy(first, s, (size_t)(colon - s));
    first[colon - s] = '\0';
    *end = 0;
    if (parse_u64("trace-window", first, begin) != 0 ||
        (colon[1] && parse_u64("trace-window", colon + 1, end) != 0))
        return -1;
    if (*end && *end <= *begin) {
        cli_usage("run", "--trace-window: '%s' is empty", s);
        return -1;
    }
    return 0;
}

/* Every numeric option into the job; 2 on a usage error. */
static int build_job(const run_args *a, run_job *job, long *jobs)
{
    run_device_config *d = &job->dev;
    run_device_config_default(d);
    job->verify = a->verify;
    job->watchdog = 0;
    if (strcmp(a->backend, "rtl") == 0)
        d->kind = RUN_BACKEND_RTL;
    else if (strcmp(a->backend, "model") == 0)
        d->kind = RUN_BACKEND_MODEL;
    else if (strncmp(a->backend, "uart:", 5) == 0 && a->backend[5]) {
        d->kind = RUN_BACKEND_UART;
        d->uart_path = a->backend + 5;
    } else
        return cli_usage("run", "--backend: '%s' is none of rtl, model, uart:DEVICE",
                         a->backend);
    long latency = d->mem_latency, baud = d->uart_baud;
    *jobs = 1;
    if ((a->jobs && cli_int("run", "jobs", a->jobs, 1, 256, jobs)) ||
        (a->baud && cli_int("run", "baud", a->baud, 1200, 4000000, &baud)) ||
        (a->latency && cli_int("run", "mem-latency", a->latency, 1, 100000, &latency)) ||
        (a->bandwidth && parse_double("mem-bandwidth", a->bandwidth, 1.0 / 256, 1e6,
                                      &d->mem_bandwidth)) ||
        (a->stall && parse_double("mem-stall", a->stall, 0, 0.99, &d->mem_stall)) ||
        (a->seed && parse_u64("seed", a->seed, &d->seed)) ||
        (a->watchdog && parse_u64("watchdog", a->watchdog, &job->watchdog)))
        return 2;
    if (a->watchdog && job->watchdog == 0)
        return cli_usage("run", "--watchdog: needs at least 1 cycle");
    d->mem_latency = (unsigned)latency;
    d->uart_baud = (unsigned)baud;
    if (a->baud && d->kind != RUN_BACKEND_UART)
        return cli_usage("run", "--baud applies to --backend uart:DEVICE only");
    if (d->kind == RUN_BACKEND_UART && *jobs != 1)
        return cli_usage("run", "--backend uart: one board, so --jobs 1");
    if (a->trace_window && !a->trace)
        return cli_usage("run", "--trace-window needs --trace FILE");
    if (a->trace) {
        if (d->kind != RUN_BACKEND_RTL || *jobs != 1)
            return cli_usage("run", "--trace needs --backend rtl and --jobs 1");
        d->trace_path = a->trace;
        if (a->trace_window && parse_window(a->trace_window, &d->trace_begin, &d->trace_end))
            return 2;
    }
    return 0;
}

/* The images [*first, *first + *count) this process runs; 2 on a usage error. */
static int select_images(const run_args *a, long available, long *first, long *count,
                         long *shard_i, long *shard_n)
{
    long n = RUN_DEFAULT_COUNT;
    *first = 0;
    if (a->first && cli_int("run", "first", a->first, 0, 1L << 30, first))
        return 2;
    if (a->all && a->count)
        return cli_usage("run", "--all and --count exclude each other");
    if (a->count && cli_int("run", "count", a->count, 1, 1L << 30, &n))
        return 2;
    *shard_i = 0;
    *shard_n = 1;
    if (a->shard && parse_shard(a->shard, shard_i, shard_n))
        return 2;
    if (*first >= available)
        return cli_usage("run", "--first %ld: the set has only %ld images", *first, available);
    if (a->all)
        n = available - *first;
    if (n > available - *first)
        return cli_usage("run", "images %ld..%ld requested, the set has only %ld", *first,
                         *first + n - 1, available);
    const long lo = n * *shard_i / *shard_n, hi = n * (*shard_i + 1) / *shard_n;
    if (hi == lo)
        return cli_usage("run", "--shard %s of %ld images is empty", a->shard, n);
    *first += lo;
    *count = hi - lo;
    return 0;
}

static void describe_run(run_report *r, const run_args *a, const run_job *job, const model *m,
                         long shard_i, long shard_n)
{
    snprintf(r->model_path, sizeof r->model_path, "%s", a->model);
    snprintf(r->model_name, sizeof r->model_name, "%s", m->name);
    snprintf(r->data_dir, sizeof r->data_dir, "%s", a->data);
    snprintf(r->set, sizeof r->set, "%s", a->set);
    snprintf(r->backend, sizeof r->backend, "%s", run_backend_name(job->dev.kind));
    r->mem_latency = job->dev.mem_latency;
    r->mem_bandwidth = job->dev.mem_bandwidth;
    r->mem_stall = job->dev.mem_stall;
    r->seed = job->dev.seed;
    if (shard_n > 1)
        snprintf(r->shard, sizeof r->shard, "%ld/%ld", shard_i, shard_n);
}

static int count_mismatches(const run_report *r)
{
    int n = 0;
    for (long i = 0; i < r->count; i++)
        n += !r->images[i].bitexact;
    return n;
}

int cmd_run(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(run_help, stdout);
        return 0;
    }
    run_args a;
    run_job job;
    long jobs = 1, first = 0, count = 0, shard_i = 0, shard_n = 1;
    int rc = parse_args(argc, argv, &a);
    if (rc == 0)
        rc = build_job(&a, &job, &jobs);
    if (rc)
        return rc;
    if (strlen(a.model) >= RUN_TEXT_LEN || strlen(a.data) >= RUN_TEXT_LEN ||
        strlen(a.set) >= 16)
        return cli_usage("run", "--model, --data or --set is too long");
    model m;
    idx_images im;
    idx_labels lb;
    if (cli_load_model_and_data(a.model, a.data, a.set, &m, &im, &lb))
        return 1;
    rc = select_images(&a, im.count, &first, &count, &shard_i, &shard_n);
    run_report r;
    if (rc == 0 && run_report_init(&r, first, count) != 0) {
        fprintf(stderr, "cnnacc run: out of memory\n");
        rc = 1;
    }
    if (rc == 0) {
        job.m = &m;
        job.im = &im;
        job.lb = &lb;
        describe_run(&r, &a, &job, &m, shard_i, shard_n);
        progress p;
        progress_start(&p, count, a.progress || isatty(STDERR_FILENO));
        char err[RUN_TEXT_LEN + 64];
        const int failed = run_jobs(&job, (int)jobs, &r, &p, err, sizeof err);
        progress_finish(&p);
        r.jobs = (int)jobs;
        r.wall_seconds = progress_now() - p.start;
        if (failed) {
            fprintf(stderr, "cnnacc run: %s\n", err);
            rc = 1;
        } else {
            run_report_print(&r, stdout);
            fflush(stdout);
            if (a.report && run_report_write(&r, a.report, err, sizeof err) != 0) {
                fprintf(stderr, "cnnacc run: %s\n", err);
                rc = 1;
            }
            const int bad = count_mismatches(&r);
            if (bad) {
                fprintf(stderr, "cnnacc run: %d image(s) with logits different from the "
                                "reference\n", bad);
                rc = 1;
            }
        }
        run_report_free(&r);
    }
    model_free(&m);
    idx_free_images(&im);
    idx_free_labels(&lb);
    return rc;
}
