/* JSON reader and run reports: parse and reject, write/read round trip,
 * merging of split runs and its refusals. Usage: test_run_report TMPDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "run_report.h"

static int passed, failed;

static void check(int cond, const char *what)
{
    if (cond) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n", what);
    }
}

static void test_json(void)
{
    static const char doc[] =
        " {\"a\": [1, -2.5e1, true, false, null], \"s\": \"x\\\"\\\\\\n\\u0041\", \"o\": {}} ";
    char err[128];
    json_value *v = json_parse(doc, strlen(doc), err, sizeof err);
    check(v != NULL, "valid document parses");
    if (v) {
        const json_value *a = json_get(v, "a");
        check(a && a->type == JSON_ARRAY && a->n == 5, "array of five");
        check(a && a->items[0].number == 1 && a->items[1].number == -25,
              "numbers 1 and -2.5e1");
        check(a && a->items[2].type == JSON_BOOL && a->items[2].number == 1 &&
              a->items[3].number == 0 && a->items[4].type == JSON_NULL, "true, false, null");
        const json_value *s = json_get(v, "s");
        check(s && strcmp(s->string, "x\"\\\nA") == 0, "string escapes");
        check(json_get(v, "o") && json_get(v, "o")->n == 0 && !json_get(v, "zz"),
              "empty object, absent key");
        json_free(v);
    }
    static const char *const bad[] = {
        "", "{", "[1,]", "{\"a\" 1}", "\"abc", "tru", "1 2", "{\"a\":1,}", "[\"\\q\"]",
        "[\"\\u12\"]", "-", "{1: 2}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        json_value *b = json_parse(bad[i], strlen(bad[i]), err, sizeof err);
        char what[96];
        snprintf(what, sizeof what, "malformed '%s' rejected with a message", bad[i]);
        check(!b && strncmp(err, "offset ", 7) == 0, what);
        json_free(b);
    }
    char deep[200];
    memset(deep, '[', sizeof deep);
    check(!json_parse(deep, sizeof deep, err, sizeof err), "nesting depth is bounded");
}

/* A report of images [first, first + count) with deterministic contents. */
static void make_report(run_report *r, long first, long count)
{
    if (run_report_init(r, first, count) != 0)
        exit(1);
    strcpy(r->model_path, "m \"quoted\".cnnm");
    strcpy(r->model_name, "lenet5");
    strcpy(r->data_dir, "/data");
    strcpy(r->set, "t10k");
    strcpy(r->backend, "rtl");
    r->engine = (accel_engine_params){8, 8, 8192, 512, 1024};
    r->mem_latency = 16;
    r->mem_bandwidth = 2.5;
    r->mem_stall = 0.125;
    r->seed = 9;
    r->n_conv = 2;
    strcpy(r->conv[0].name, "C1");
    strcpy(r->conv[1].name, "C3");
    for (long i = first; i < first + count; i++) {
        accel_stats st[2];
        memset(st, 0, sizeof st);
        for (int l = 0; l < 2; l++) {
            st[l].cycles = (uint64_t)(1000 * (l + 1) + i);
            st[l].compute_cycles = 500;
            st[l].macs = (uint64_t)(117600 + l);
            st[l].rd_bytes = (uint64_t)(10 + i);
            st[l].wr_bytes = 20;
            st[l].stall_cycles = (uint64_t)i % 3;
        }
        const run_image im = {(int32_t)i, (int32_t)(i % 10), (int32_t)(i * 7 % 10),
                              (int32_t)(i * 7 % 10), i % 4 != 1, 0, 0};
        run_report_add(r, &im, st);
    }
}

static int same_results(const run_report *a, const run_report *b)
{
    if (a->first != b->first || a->count != b->count || a->n_conv != b->n_conv ||
        a->seed != b->seed || a->mem_bandwidth != b->mem_bandwidth ||
        a->mem_stall != b->mem_stall || strcmp(a->model_path, b->model_path) ||
        memcmp(&a->engine, &b->engine, sizeof a->engine))
        return 0;
    for (int l = 0; l < a->n_conv; l++)
        if (memcmp(&a->conv[l], &b->conv[l], sizeof a->conv[l]))
            return 0;
    return memcmp(a->images, b->images, (size_t)a->count * sizeof *a->images) == 0;
}

static void test_reports(const char *dir)
{
    char path[512], err[640];
    run_report whole, halves[2], back, merged;
    make_report(&whole, 10, 7);
    make_report(&halves[0], 10, 3);
    make_report(&halves[1], 13, 4);
    snprintf(path, sizeof path, "%s/report.json", dir);
    check(run_report_write(&whole, path, err, sizeof err) == 0, "report written");
    check(run_report_read(path, &back, err, sizeof err) == 0, "report read back");
    check(same_results(&whole, &back), "round trip keeps every field");
    run_report_free(&back);

    const char *names[2] = {"b.json", "a.json"};
    const run_report swapped[2] = {halves[1], halves[0]};
    check(run_report_merge(swapped, names, 2, &merged, err, sizeof err) == 0,
          "halves merge in any order");
    check(same_results(&whole, &merged), "merged halves equal the whole run");
    run_report_free(&merged);

    run_report gap[2] = {halves[0], halves[1]};
    gap[1].first = 14;
    check(run_report_merge(gap, names, 2, &merged, err, sizeof err) != 0 &&
          strstr(err, "gaps"), "a gap between ranges is refused");
    run_report other[2] = {halves[0], halves[1]};
    other[1].seed = 10;
    check(run_report_merge(other, names, 2, &merged, err, sizeof err) != 0 &&
          strstr(err, "memory model"), "different memory settings are refused");

    snprintf(path, sizeof path, "%s/not-a-report.json", dir);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("{\"first\": 0, \"count\": 1, \"model\": 3}\n", f);
        fclose(f);
    }
    check(run_report_read(path, &back, err, sizeof err) != 0 && strstr(err, "\"model\""),
          "a JSON file that is no report is refused, naming the field");
    snprintf(path, sizeof path, "%s/missing.json", dir);
    check(run_report_read(path, &back, err, sizeof err) != 0 && strstr(err, path),
          "a missing file is refused, naming it");
    run_report_free(&whole);
    run_report_free(&halves[0]);
    run_report_free(&halves[1]);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s TMPDIR\n", argv[0]);
        return 2;
    }
    test_json();
    test_reports(argv[1]);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
