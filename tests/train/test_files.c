/*
 * Float weight file and training record: round trips, and every kind of
 * damage the readers must name (bad magic, wrong size, flipped byte, missing
 * file or key).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lf_file.h"
#include "record.h"

static const char *dir;
static char err[512];

static void path_of(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", dir, name);
}

static float params[LF_N_PARAMS], back[LF_N_PARAMS];

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

static void patch_byte(const char *path, long at, int value)
{
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, at, SEEK_SET);
    fputc(value, f);
    fclose(f);
}

static void float_round_trip(void **state)
{
    (void)state;
    char p[1024];
    path_of(p, sizeof p, "w.bin");
    lf_init(params, 9);
    params[LF_N_PARAMS - 1] = -0.0f; /* sign of zero survives */
    assert_int_equal(lf_save(p, params, err, sizeof err), 0);
    /* header 56 bytes + 4 per parameter + CRC (format in lf_file.h) */
    assert_int_equal(file_size(p), 56 + 4L * LF_N_PARAMS + 4);
    assert_int_equal(lf_load(p, back, err, sizeof err), 0);
    assert_memory_equal(params, back, sizeof params);
}

static void float_damage(void **state)
{
    (void)state;
    char p[1024];
    path_of(p, sizeof p, "d.bin");
    lf_init(params, 10);

    assert_int_equal(lf_save(p, params, err, sizeof err), 0);
    patch_byte(p, 1000, 0x5a ^ 0xff); /* one weight byte changed */
    assert_int_equal(lf_load(p, back, err, sizeof err), -1);
    assert_non_null(strstr(err, "CRC"));
    assert_non_null(strstr(err, p));

    assert_int_equal(lf_save(p, params, err, sizeof err), 0);
    patch_byte(p, 0, 'X');
    assert_int_equal(lf_load(p, back, err, sizeof err), -1);
    assert_non_null(strstr(err, "magic"));

    assert_int_equal(lf_save(p, params, err, sizeof err), 0);
    assert_int_equal(truncate(p, 1000), 0);
    assert_int_equal(lf_load(p, back, err, sizeof err), -1);
    assert_non_null(strstr(err, "size"));

    path_of(p, sizeof p, "missing.bin");
    assert_int_equal(lf_load(p, back, err, sizeof err), -1);
    assert_non_null(strstr(err, "cannot open"));
}

static void record_update_and_get(void **state)
{
    (void)state;
    char p[1024], v[256];
    path_of(p, sizeof p, "rec.txt");
    remove(p);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs("# comment kept\nalpha = 1\n", f);
    fclose(f);
    rec_entry e[2] = { { "beta", "two words" }, { "alpha", "3" } };
    assert_int_equal(rec_update(p, e, 2, err, sizeof err), 0);
    assert_int_equal(rec_get(p, "alpha", v, sizeof v, err, sizeof err), 0);
    assert_string_equal(v, "3");
    assert_int_equal(rec_get(p, "beta", v, sizeof v, err, sizeof err), 0);
    assert_string_equal(v, "two words");
    /* "alph" is not a key, even though "alpha" starts with it */
    assert_int_equal(rec_get(p, "alph", v, sizeof v, err, sizeof err), -1);
    assert_non_null(strstr(err, "no entry 'alph'"));
    f = fopen(p, "r");
    assert_non_null(f);
    char all[256] = { 0 };
    size_t n = fread(all, 1, sizeof all - 1, f);
    fclose(f);
    all[n] = 0;
    assert_string_equal(all, "# comment kept\nalpha = 3\nbeta = two words\n");
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test-train-files TMPDIR\n");
        return 2;
    }
    dir = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(float_round_trip),
        cmocka_unit_test(float_damage),
        cmocka_unit_test(record_update_and_get),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
