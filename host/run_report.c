/* Results, summary and JSON report of `cnnacc run`; see run_report.h. */
#include "run_report.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json.h"

typedef struct {
    long images, correct, bitexact;
    run_layer conv;   /* all conv layers together */
} run_totals;

int run_report_init(run_report *r, long first, long count)
{
    memset(r, 0, sizeof *r);
    r->first = first;
    r->count = count;
    r->images = calloc(count > 0 ? (size_t)count : 1, sizeof *r->images);
    return r->images ? 0 : -1;
}

void run_report_free(run_report *r)
{
    free(r->images);
    r->images = NULL;
}

void run_report_add(run_report *r, const run_image *img, const accel_stats *conv)
{
    run_image *slot = &r->images[img->index - r->first];
    *slot = *img;
    slot->done = 1;
    slot->cycles = 0;
    for (int i = 0; i < r->n_conv; i++) {
        run_layer *l = &r->conv[i];
        l->cycles += conv[i].cycles;
        l->compute_cycles += conv[i].compute_cycles;
        l->macs += conv[i].macs;
        l->rd_bytes += conv[i].rd_bytes;
        l->wr_bytes += conv[i].wr_bytes;
        l->stall_cycles += conv[i].stall_cycles;
        slot->cycles += conv[i].cycles;
    }
}

static void add_layer(run_layer *sum, const run_layer *l)
{
    sum->cycles += l->cycles;
    sum->compute_cycles += l->compute_cycles;
    sum->macs += l->macs;
    sum->rd_bytes += l->rd_bytes;
    sum->wr_bytes += l->wr_bytes;
    sum->stall_cycles += l->stall_cycles;
}

static run_totals totals(const run_report *r)
{
    run_totals t;
    memset(&t, 0, sizeof t);
    for (long i = 0; i < r->count; i++) {
        const run_image *im = &r->images[i];
        if (!im->done)
            continue;
        t.images++;
        t.correct += im->prediction == im->label;
        t.bitexact += im->bitexact != 0;
    }
    for (int i = 0; i < r->n_conv; i++)
        add_layer(&t.conv, &r->conv[i]);
    return t;
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : 0.0;
}

static double utilization(const run_report *r, const run_layer *l)
{
    return ratio((double)l->macs, (double)r->engine.rows * r->engine.cols * (double)l->cycles);
}

static void print_layer(const run_report *r, FILE *f, const run_layer *l, double n)
{
    fprintf(f, "  %-8s %12.1f %10.0f %7.1f%% %12.1f %12.1f %12.1f\n", l->name,
            ratio((double)l->cycles, n), ratio((double)l->macs, n), 100.0 * utilization(r, l),
            ratio((double)l->rd_bytes, n), ratio((double)l->wr_bytes, n),
            ratio((double)l->stall_cycles, n));
}

void run_report_print(const run_report *r, FILE *f)
{
    const run_totals t = totals(r);
    const double n = (double)t.images;
    fprintf(f, "model %s (%s), data %s set %s, images %ld..%ld%s%s\n", r->model_path,
            r->model_name, r->data_dir, r->set, r->first, r->first + r->count - 1,
            r->shard[0] ? ", shard " : "", r->shard);
    fprintf(f, "backend %s: %ux%u array, %u B activation banks, %u weight rows, %u output "
               "pixels", r->backend, r->engine.rows, r->engine.cols, r->engine.act_bytes,
            r->engine.wgt_rows, r->engine.acc_depth);
    if (strcmp(r->backend, "rtl") == 0)
        fprintf(f, "; memory latency %u cycles, %g B/cycle, stall probability %g (seed %llu)",
                r->mem_latency, r->mem_bandwidth, r->mem_stall, (unsigned long long)r->seed);
    fprintf(f, "\naccuracy %.2f%% (%ld / %ld)\n", 100.0 * ratio((double)t.correct, n),
            t.correct, t.images);
    fprintf(f, "bit-exact logits vs reference: %ld / %ld images\n", t.bitexact, t.images);
    fprintf(f, "per image:  %12s %10s %8s %12s %12s %12s\n", "cycles", "MACs", "util",
            "DMA rd B", "DMA wr B", "stall cyc");
    for (int i = 0; i < r->n_conv; i++)
        print_layer(r, f, &r->conv[i], n);
    run_layer all = t.conv;
    snprintf(all.name, sizeof all.name, "conv");
    print_layer(r, f, &all, n);
    if (t.conv.cycles)
        fprintf(f, "conv utilization end to end: %.2f%% of %u MACs/cycle\n"
                   "simulated engine cycles per image: %.1f\n",
                100.0 * utilization(r, &t.conv), r->engine.rows * r->engine.cols,
                ratio((double)t.conv.cycles, n));
    else
        fprintf(f, "no cycle counts: the %s backend is untimed\n", r->backend);
    if (r->jobs > 0)
        fprintf(f, "wall clock %.2f s, %.1f images/s (%d job%s)\n", r->wall_seconds,
                ratio(n, r->wall_seconds), r->jobs, r->jobs == 1 ? "" : "s");
}

/* --- writing ---------------------------------------------------------- */

static void put_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        const unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void put_layer(FILE *f, const run_report *r, const run_layer *l)
{
    fputs("{\"name\": ", f);
    put_string(f, l->name);
    fprintf(f, ", \"cycles\": %llu, \"compute_cycles\": %llu, \"macs\": %llu, "
               "\"rd_bytes\": %llu, \"wr_bytes\": %llu, \"dma_bytes\": %llu, "
               "\"stall_cycles\": %llu, \"utilization\": %.6f}",
            (unsigned long long)l->cycles, (unsigned long long)l->compute_cycles,
            (unsigned long long)l->macs, (unsigned long long)l->rd_bytes,
            (unsigned long long)l->wr_bytes, (unsigned long long)(l->rd_bytes + l->wr_bytes),
            (unsigned long long)l->stall_cycles, utilization(r, l));
}

static void put_report(FILE *f, const run_report *r)
{
    const run_totals t = totals(r);
    const double n = (double)t.images;
    fputs("{\n  \"model\": ", f);
    put_string(f, r->model_path);
    fputs(",\n  \"model_name\": ", f);
    put_string(f, r->model_name);
    fputs(",\n  \"data\": ", f);
    put_string(f, r->data_dir);
    fputs(",\n  \"set\": ", f);
    put_string(f, r->set);
    fputs(",\n  \"backend\": ", f);
    put_string(f, r->backend);
    fprintf(f, ",\n  \"engine\": {\"rows\": %u, \"cols\": %u, \"act_bytes\": %u, "
               "\"wgt_rows\": %u, \"acc_depth\": %u}",
            r->engine.rows, r->engine.cols, r->engine.act_bytes, r->engine.wgt_rows,
            r->engine.acc_depth);
    fprintf(f, ",\n  \"memory\": {\"latency\": %u, \"bytes_per_cycle\": %.17g, "
               "\"stall_probability\": %.17g, \"seed\": %llu}",
            r->mem_latency, r->mem_bandwidth, r->mem_stall, (unsigned long long)r->seed);
    fprintf(f, ",\n  \"first\": %ld,\n  \"count\": %ld", r->first, r->count);
    if (r->shard[0]) {
        fputs(",\n  \"shard\": ", f);
        put_string(f, r->shard);
    }
    fputs(",\n  \"layers\": [", f);
    for (int i = 0; i < r->n_conv; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        put_layer(f, r, &r->conv[i]);
    }
    fprintf(f, "\n  ],\n  \"totals\": {\"images\": %ld, \"correct\": %ld, \"accuracy\": %.6f, "
               "\"bitexact\": %ld, \"conv_cycles\": %llu, \"conv_macs\": %llu, "
               "\"conv_utilization\": %.6f, \"cycles_per_image\": %.3f, "
               "\"dma_bytes_per_image\": %.3f, \"stall_cycles_per_image\": %.3f}",
            t.images, t.correct, ratio((double)t.correct, n), t.bitexact,
            (unsigned long long)t.conv.cycles, (unsigned long long)t.conv.macs,
            utilization(r, &t.conv), ratio((double)t.conv.cycles, n),
            ratio((double)(t.conv.rd_bytes + t.conv.wr_bytes), n),
            ratio((double)t.conv.stall_cycles, n));
    if (r->jobs > 0)
        fprintf(f, ",\n  \"timing\": {\"jobs\": %d, \"wall_seconds\": %.3f, "
                   "\"images_per_s\": %.3f}",
                r->jobs, r->wall_seconds, ratio(n, r->wall_seconds));
    fputs(",\n  \"images\": [", f);
    int any = 0;
    for (long i = 0; i < r->count; i++) {
        const run_image *im = &r->images[i];
        if (!im->done)
            continue;
        fprintf(f, "%s{\"index\": %d, \"label\": %d, \"prediction\": %d, \"reference\": %d, "
                   "\"bitexact\": %s, \"cycles\": %llu}",
                any++ ? ",\n    " : "\n    ", im->index, im->label, im->prediction,
                im->ref_prediction, im->bitexact ? "true" : "false",
                (unsigned long long)im->cycles);
    }
    fputs("\n  ]\n}\n", f);
}

int run_report_write(const run_report *r, const char *path, char *err, size_t errlen)
{
    char tmp[RUN_TEXT_LEN + 32];
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    if (!f) {
        snprintf(err, errlen, "%s: cannot create: %s", tmp, strerror(errno));
        return -1;
    }
    put_report(f, r);
    const int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        snprintf(err, errlen, "%s: write failed: %s", tmp, strerror(errno));
        remove(tmp);
        return -1;
    }
    if (rename(tmp, path) != 0) {
        snprintf(err, errlen, "%s: cannot rename %s into place: %s", path, tmp,
                 strerror(errno));
        remove(tmp);
        return -1;
    }
    return 0;
}

/* --- reading ---------------------------------------------------------- */

typedef struct {
    const char *path;
    char *err;
    size_t errlen;
    int failed;
} reader;

static const json_value *need(reader *rd, const json_value *obj, const char *key, json_type type)
{
    const json_value *v = json_get(obj, key);
    if (!v || v->type != type) {
        if (!rd->failed)
            snprintf(rd->err, rd->errlen, "%s: not a run report: \"%s\" missing or of the "
                                          "wrong type", rd->path, key);
        rd->failed = 1;
        return NULL;
    }
    return v;
}

/* A non-negative integer up to 2^53 (exact in a double). */
static uint64_t need_uint(reader *rd, const json_value *obj, const char *key)
{
    const json_value *v = need(rd, obj, key, JSON_NUMBER);
    if (!v)
        return 0;
    if (!(v->number >= 0 && v->number <= 9007199254740992.0 && floor(v->number) == v->number)) {
        if (!rd->failed)
            snprintf(rd->err, rd->errlen, "%s: \"%s\" is not a non-negative integer",
                     rd->path, key);
        rd->failed = 1;
        return 0;
    }
    return (uint64_t)v->number;
}

static double need_double(reader *rd, const json_value *obj, const char *key)
{
    const json_value *v = need(rd, obj, key, JSON_NUMBER);
    return v ? v->number : 0.0;
}

static void need_string(reader *rd, const json_value *obj, const char *key, char *dst,
                        size_t len)
{
    const json_value *v = need(rd, obj, key, JSON_STRING);
    if (v && strlen(v->string) >= len) {
        snprintf(rd->err, rd->errlen, "%s: \"%s\" is too long", rd->path, key);
        rd->failed = 1;
    } else if (v) {
        strcpy(dst, v->string);
    }
}

static void read_fields(reader *rd, const json_value *doc, run_report *r)
{
    need_string(rd, doc, "model", r->model_path, sizeof r->model_path);
    need_string(rd, doc, "model_name", r->model_name, sizeof r->model_name);
    need_string(rd, doc, "data", r->data_dir, sizeof r->data_dir);
    need_string(rd, doc, "set", r->set, sizeof r->set);
    need_string(rd, doc, "backend", r->backend, sizeof r->backend);
    if (json_get(doc, "shard"))
        need_string(rd, doc, "shard", r->shard, sizeof r->shard);
    const json_value *e = need(rd, doc, "engine", JSON_OBJECT);
    r->engine.rows = (unsigned)need_uint(rd, e, "rows");
    r->engine.cols = (unsigned)need_uint(rd, e, "cols");
    r->engine.act_bytes = (unsigned)need_uint(rd, e, "act_bytes");
    r->engine.wgt_rows = (unsigned)need_uint(rd, e, "wgt_rows");
    r->engine.acc_depth = (unsigned)need_uint(rd, e, "acc_depth");
    const json_value *m = need(rd, doc, "memory", JSON_OBJECT);
    r->mem_latency = (unsigned)need_uint(rd, m, "latency");
    r->mem_bandwidth = need_double(rd, m, "bytes_per_cycle");
    r->mem_stall = need_double(rd, m, "stall_probability");
    r->seed = need_uint(rd, m, "seed");
    const json_value *layers = need(rd, doc, "layers", JSON_ARRAY);
    if (layers && layers->n > MODEL_MAX_LAYERS) {
        snprintf(rd->err, rd->errlen, "%s: more than %d layers", rd->path, MODEL_MAX_LAYERS);
        rd->failed = 1;
    } else if (layers) {
        r->n_conv = (int)layers->n;
        for (size_t i = 0; i < layers->n && !rd->failed; i++) {
            const json_value *l = &layers->items[i];
            run_layer *c = &r->conv[i];
            need_string(rd, l, "name", c->name, sizeof c->name);
            c->cycles = need_uint(rd, l, "cycles");
            c->compute_cycles = need_uint(rd, l, "compute_cycles");
            c->macs = need_uint(rd, l, "macs");
            c->rd_bytes = need_uint(rd, l, "rd_bytes");
            c->wr_bytes = need_uint(rd, l, "wr_bytes");
            c->stall_cycles = need_uint(rd, l, "stall_cycles");
        }
    }
}

static void read_images(reader *rd, const json_value *doc, run_report *r)
{
    const json_value *images = need(rd, doc, "images", JSON_ARRAY);
    for (size_t i = 0; images && i < images->n && !rd->failed; i++) {
        const json_value *v = &images->items[i];
        const long index = (long)need_uint(rd, v, "index");
        const json_value *exact = need(rd, v, "bitexact", JSON_BOOL);
        run_image im = {
            .index = (int32_t)index,
            .label = (int32_t)need_uint(rd, v, "label"),
            .prediction = (int32_t)need_uint(rd, v, "prediction"),
            .ref_prediction = (int32_t)need_uint(rd, v, "reference"),
            .bitexact = exact && exact->number != 0,
            .done = 1,
            .cycles = need_uint(rd, v, "cycles"),
        };
        if (rd->failed)
            return;
        if (index < r->first || index >= r->first + r->count || r->images[index - r->first].done) {
            snprintf(rd->err, rd->errlen, "%s: image %ld outside %ld..%ld or listed twice",
                     rd->path, index, r->first, r->first + r->count - 1);
            rd->failed = 1;
            return;
        }
        r->images[index - r->first] = im;
    }
}

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        char *bigger = realloc(buf, cap *= 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
        } else {
            buf = bigger;
        }
    }
    if (!buf || ferror(f)) {
        snprintf(err, errlen, "%s: %s", path, buf ? "read error" : "out of memory");
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int run_report_read(const char *path, run_report *r, char *err, size_t errlen)
{
    size_t len;
    char *text = slurp(path, &len, err, errlen);
    if (!text)
        return -1;
    char why[256];
    json_value *doc = json_parse(text, len, why, sizeof why);
    free(text);
    if (!doc) {
        snprintf(err, errlen, "%s: not valid JSON: %s", path, why);
        return -1;
    }
    reader rd = {path, err, errlen, 0};
    const long first = (long)need_uint(&rd, doc, "first");
    const long count = (long)need_uint(&rd, doc, "count");
    if (!rd.failed && run_report_init(r, first, count) != 0) {
        snprintf(err, errlen, "%s: out of memory", path);
        rd.failed = 1;
    } else if (!rd.failed) {
        r->first = first;
        r->count = count;
        read_fields(&rd, doc, r);
        read_images(&rd, doc, r);
        if (rd.failed)
            run_report_free(r);
    }
    json_free(doc);
    return rd.failed ? -1 : 0;
}

/* --- merging ---------------------------------------------------------- */

/* Empty when a and b ran the same configuration, else the first field that differs. */
static const char *config_difference(const run_report *a, const run_report *b)
{
    if (strcmp(a->model_path, b->model_path) || strcmp(a->model_name, b->model_name))
        return "model";
    if (strcmp(a->data_dir, b->data_dir) || strcmp(a->set, b->set))
        return "data set";
    if (strcmp(a->backend, b->backend))
        return "backend";
    if (memcmp(&a->engine, &b->engine, sizeof a->engine))
        return "engine parameters";
    if (a->mem_latency != b->mem_latency || a->mem_bandwidth != b->mem_bandwidth ||
        a->mem_stall != b->mem_stall || a->seed != b->seed)
        return "memory model";
    if (a->n_conv != b->n_conv)
        return "conv layers";
    for (int i = 0; i < a->n_conv; i++)
        if (strcmp(a->conv[i].name, b->conv[i].name))
            return "conv layers";
    return "";
}

int run_report_merge(const run_report *in, const char *const *names, int n, run_report *out,
                     char *err, size_t errlen)
{
    long lo = in[0].first, hi = in[0].first + in[0].count, total = 0;
    for (int i = 0; i < n; i++) {
        const char *diff = config_difference(&in[0], &in[i]);
        if (*diff) {
            snprintf(err, errlen, "%s: different %s than %s", names[i], diff, names[0]);
            return -1;
        }
        if (in[i].first < lo)
            lo = in[i].first;
        if (in[i].first + in[i].count > hi)
            hi = in[i].first + in[i].count;
        total += in[i].count;
    }
    if (total != hi - lo) {
        snprintf(err, errlen, "%s ...: the reports' image ranges %s (together %ld images, "
                              "span %ld..%ld)", names[0], total > hi - lo ? "overlap" : "leave gaps",
                 total, lo, hi - 1);
        return -1;
    }
    if (run_report_init(out, lo, hi - lo) != 0) {
        snprintf(err, errlen, "merge: out of memory");
        return -1;
    }
    const run_report *c = &in[0];
    memcpy(out->model_path, c->model_path, sizeof out->model_path);
    memcpy(out->model_name, c->model_name, sizeof out->model_name);
    memcpy(out->data_dir, c->data_dir, sizeof out->data_dir);
    memcpy(out->set, c->set, sizeof out->set);
    memcpy(out->backend, c->backend, sizeof out->backend);
    out->engine = c->engine;
    out->mem_latency = c->mem_latency;
    out->mem_bandwidth = c->mem_bandwidth;
    out->mem_stall = c->mem_stall;
    out->seed = c->seed;
    out->n_conv = c->n_conv;
    for (int l = 0; l < c->n_conv; l++)
        memcpy(out->conv[l].name, c->conv[l].name, sizeof out->conv[l].name);
    for (int i = 0; i < n; i++) {
        for (int l = 0; l < c->n_conv; l++)
            add_layer(&out->conv[l], &in[i].conv[l]);
        for (long k = 0; k < in[i].count; k++) {
            const run_image *im = &in[i].images[k];
            if (!im->done) {
                snprintf(err, errlen, "%s: image %ld has no result", names[i], in[i].first + k);
                run_report_free(out);
                return -1;
            }
            if (out->images[im->index - lo].done) {
                snprintf(err, errlen, "%s: image %d is also in another report", names[i],
                         im->index);
                run_report_free(out);
                return -1;
            }
            out->images[im->index - lo] = *im;
        }
    }
    return 0;
}
