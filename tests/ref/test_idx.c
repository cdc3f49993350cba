/*
 * IDX reader tests.
 *
 *   test-idx TMPDIR [FASHION_MNIST_DIR [MNIST_DIR]]
 *
 * Writes small well-formed and malformed files (raw and gzip) into TMPDIR
 * and checks that each malformed one fails with a message naming the file
 * and the problem. Then loads the real data sets from the given directories;
 * a missing data set is reported as skipped, not passed.
 */
#include "check.h"
#include "idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

static const char *tmpdir;
static char err[1024];

static const char *tmp_path(const char *name)
{
    static char path[4][1024];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", tmpdir, name);
    return p;
}

static void put_be32(uint8_t *b, uint32_t v)
{
    b[0] = (uint8_t)(v >> 24);
    b[1] = (uint8_t)(v >> 16);
    b[2] = (uint8_t)(v >> 8);
    b[3] = (uint8_t)v;
}

static void write_raw(const char *path, const uint8_t *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        printf("cannot write %s\n", path);
        exit(2);
    }
}

static void write_gz(const char *path, const uint8_t *data, size_t len)
{
    gzFile f = gzopen(path, "wb");
    if (f == NULL || gzwrite(f, data, (unsigned)len) != (int)len || gzclose(f) != Z_OK) {
        printf("cannot write %s\n", path);
        exit(2);
    }
}

/* An IDX image file: header for count x rows x cols, then have_pixels bytes
 * (pixel i holds i * 7 mod 256), then extra garbage bytes. */
static size_t make_images(uint8_t *buf, uint32_t magic, uint32_t count, uint32_t rows,
                          uint32_t cols, size_t have_pixels, size_t extra)
{
    put_be32(buf, magic);
    put_be32(buf + 4, count);
    put_be32(buf + 8, rows);
    put_be32(buf + 12, cols);
    for (size_t i = 0; i < have_pixels + extra; i++)
        buf[16 + i] = (uint8_t)(i * 7);
    return 16 + have_pixels + extra;
}

static size_t make_labels(uint8_t *buf, uint32_t count, size_t have, size_t extra)
{
    put_be32(buf, 0x00000801);
    put_be32(buf + 4, count);
    for (size_t i = 0; i < have + extra; i++)
        buf[8 + i] = (uint8_t)(i % 10);
    return 8 + have + extra;
}

/* The loader must fail, and its message must start with "<path>: " and
 * contain the given words. */
static void expect_images_error(const char *path, const char *words, const char *what)
{
    idx_images im;
    memset(err, 0, sizeof err);
    const int rc = idx_load_images(path, &im, err, sizeof err);
    const size_t n = strlen(path);
    check(rc == -1 && strncmp(err, path, n) == 0 && strncmp(err + n, ": ", 2) == 0 &&
              strstr(err, words) != NULL && im.pixels == NULL && im.count == 0,
          "%s: rc %d, message \"%s\" should name %s and say \"%s\"", what, rc, err, path, words);
    if (rc == 0)
        idx_free_images(&im);
}

static void expect_labels_error(const char *path, const char *words, const char *what)
{
    idx_labels lb;
    memset(err, 0, sizeof err);
    const int rc = idx_load_labels(path, &lb, err, sizeof err);
    const size_t n = strlen(path);
    check(rc == -1 && strncmp(err, path, n) == 0 && strstr(err, words) != NULL &&
              lb.labels == NULL,
          "%s: rc %d, message \"%s\" should name %s and say \"%s\"", what, rc, err, path, words);
    if (rc == 0)
        idx_free_labels(&lb);
}

static int pixels_match(const idx_images *im, int count, int rows, int cols)
{
    if (im->count != count || im->rows != rows || im->cols != cols || im->pixels == NULL)
        return 0;
    for (size_t i = 0; i < (size_t)count * rows * cols; i++)
        if (im->pixels[i] != (uint8_t)(i * 7))
            return 0;
    return 1;
}

static void test_good_files(uint8_t *buf)
{
    idx_images im;
    idx_labels lb;
    const size_t len = make_images(buf, 0x803, 3, 2, 5, 30, 0);
    write_raw(tmp_path("good-images"), buf, len);
    write_gz(tmp_path("good-images.gz"), buf, len);
    int rc = idx_load_images(tmp_path("good-images"), &im, err, sizeof err);
    check(rc == 0 && pixels_match(&im, 3, 2, 5), "raw image file loads: %s", rc ? err : "");
    idx_free_images(&im);
    check(im.pixels == NULL && im.count == 0, "idx_free_images clears the struct");
    rc = idx_load_images(tmp_path("good-images.gz"), &im, err, sizeof err);
    check(rc == 0 && pixels_match(&im, 3, 2, 5), "gzip image file loads: %s", rc ? err : "");
    idx_free_images(&im);

    const size_t llen = make_labels(buf, 4, 4, 0);
    write_raw(tmp_path("good-labels"), buf, llen);
    rc = idx_load_labels(tmp_path("good-labels"), &lb, err, sizeof err);
    check(rc == 0 && lb.count == 4 && lb.labels[0] == 0 && lb.labels[3] == 3,
          "raw label file loads: %s", rc ? err : "");
    idx_free_labels(&lb);
}

static void test_bad_images(uint8_t *buf)
{
    size_t len;
    expect_images_error(tmp_path("no-such-file"), "cannot open: No such file", "missing file");

    write_raw(tmp_path("empty"), buf, 0);
    expect_images_error(tmp_path("empty"), "empty file", "empty file");

    len = make_labels(buf, 3, 3, 0);
    write_raw(tmp_path("labels-as-images"), buf, len);
    expect_images_error(tmp_path("labels-as-images"),
                        "bad magic 0x00000801, expected 0x00000803", "label file read as images");

    len = make_images(buf, 0x00000C03, 1, 1, 1, 1, 0); /* type byte: int instead of ubyte */
    write_raw(tmp_path("int-images"), buf, len);
    expect_images_error(tmp_path("int-images"), "bad magic 0x00000c03", "wrong data type");

    make_images(buf, 0x803, 3, 2, 5, 0, 0);
    write_raw(tmp_path("short-header"), buf, 10);
    expect_images_error(tmp_path("short-header"), "truncated header (10 of 16 bytes)",
                        "header cut short");

    len = make_images(buf, 0x803, 3, 0, 5, 0, 0);
    write_raw(tmp_path("zero-rows"), buf, len);
    expect_images_error(tmp_path("zero-rows"), "bad image size 0x5", "zero rows");

    len = make_images(buf, 0x803, 1, 2000, 5, 0, 0);
    write_raw(tmp_path("huge-rows"), buf, len);
    expect_images_error(tmp_path("huge-rows"), "bad image size 2000x5", "2000 rows");

    len = make_images(buf, 0x803, 0, 2, 5, 0, 0);
    write_raw(tmp_path("zero-count"), buf, len);
    expect_images_error(tmp_path("zero-count"), "bad image count 0", "no images");

    len = make_images(buf, 0x803, 2000000, 2, 5, 100, 0);
    write_raw(tmp_path("huge-count"), buf, len);
    expect_images_error(tmp_path("huge-count"), "bad image count 2000000", "2e6 images");

    len = make_images(buf, 0x803, 0xffffffffu, 2, 5, 100, 0);
    write_raw(tmp_path("absurd-count"), buf, len);
    expect_images_error(tmp_path("absurd-count"), "bad image count 4294967295", "2^32-1 images");

    /* A header promising 1e6 images of 1024x1024 (1 TB) in a tiny file must
     * fail as truncated without trying to allocate the promised size. */
    len = make_images(buf, 0x803, 1000000, 1024, 1024, 100, 0);
    write_raw(tmp_path("lying-header"), buf, len);
    write_gz(tmp_path("lying-header.gz"), buf, len);
    expect_images_error(tmp_path("lying-header"), "truncated", "1 TB promised, 100 bytes held");
    expect_images_error(tmp_path("lying-header.gz"), "truncated", "same, gzip");

    len = make_images(buf, 0x803, 3, 2, 5, 25, 0);
    write_raw(tmp_path("truncated"), buf, len);
    write_gz(tmp_path("truncated.gz"), buf, len);
    expect_images_error(tmp_path("truncated"),
                        "truncated: header promises 3 images (30 bytes of data) but only 25 follow",
                        "pixels cut short");
    expect_images_error(tmp_path("truncated.gz"), "only 25 follow", "pixels cut short, gzip");

    len = make_images(buf, 0x803, 3, 2, 5, 30, 1);
    write_raw(tmp_path("trailing"), buf, len);
    write_gz(tmp_path("trailing.gz"), buf, len);
    expect_images_error(tmp_path("trailing"), "trailing data after the 3 images",
                        "one byte of garbage");
    expect_images_error(tmp_path("trailing.gz"), "trailing data", "garbage, gzip");
}

static size_t read_back(const char *path, uint8_t *buf, size_t cap)
{
    FILE *f = fopen(path, "rb");
    const size_t n = f ? fread(buf, 1, cap, f) : 0;
    if (f)
        fclose(f);
    return n;
}

/* Damaged gzip files: a valid stream whose gzip container is broken in
 * ways zlib must detect (the IDX content inside is fine). */
static void test_bad_gzip(uint8_t *buf)
{
    uint8_t gz[4096];
    const size_t len = make_images(buf, 0x803, 10, 10, 10, 1000, 0);
    write_gz(tmp_path("base.gz"), buf, len);
    const size_t gz_len = read_back(tmp_path("base.gz"), gz, sizeof gz);

    /* Byte 10 starts the deflate data (after a 10-byte gzip header without
     * name); its bits 1-2 are the block type, and 0x07 makes it 3, reserved. */
    const uint8_t first = gz[10];
    gz[10] = 0x07;
    write_raw(tmp_path("bad-block.gz"), gz, gz_len);
    expect_images_error(tmp_path("bad-block.gz"), "gzip error: invalid block type",
                        "corrupt deflate data");
    gz[10] = first;

    /* The last 8 bytes are CRC-32 and length of the data; a wrong CRC is
     * only found at the end of the stream. */
    gz[gz_len - 8] ^= 0x01;
    write_raw(tmp_path("bad-crc.gz"), gz, gz_len);
    expect_images_error(tmp_path("bad-crc.gz"), "gzip error: incorrect data check",
                        "CRC mismatch");
    gz[gz_len - 8] ^= 0x01;

    write_raw(tmp_path("cut.gz"), gz, gz_len / 2);
    expect_images_error(tmp_path("cut.gz"), "gzip error: unexpected end of file",
                        "gzip stream cut in half");
}

static void test_bad_labels(uint8_t *buf)
{
    size_t len = make_images(buf, 0x803, 3, 1, 1, 3, 0);
    write_raw(tmp_path("images-as-labels"), buf, len);
    expect_labels_error(tmp_path("images-as-labels"), "bad magic 0x00000803, expected 0x00000801",
                        "image file read as labels");
    len = make_labels(buf, 5, 4, 0);
    write_raw(tmp_path("short-labels"), buf, len);
    expect_labels_error(tmp_path("short-labels"), "promises 5 labels", "labels cut short");
    len = make_labels(buf, 5, 5, 3);
    write_raw(tmp_path("long-labels"), buf, len);
    expect_labels_error(tmp_path("long-labels"), "trailing data after the 5 labels",
                        "labels with garbage");
    len = make_labels(buf, 1000001, 0, 0);
    write_raw(tmp_path("many-labels"), buf, len);
    expect_labels_error(tmp_path("many-labels"), "bad label count 1000001", "too many labels");
}

static void test_sets(uint8_t *buf)
{
    idx_images im;
    idx_labels lb;
    /* set "ok": gzip images, raw labels; set "odd": 3 images, 2 labels */
    size_t len = make_images(buf, 0x803, 3, 2, 2, 12, 0);
    write_gz(tmp_path("ok-images-idx3-ubyte.gz"), buf, len);
    write_raw(tmp_path("odd-images-idx3-ubyte"), buf, len);
    len = make_labels(buf, 3, 3, 0);
    write_raw(tmp_path("ok-labels-idx1-ubyte"), buf, len);
    len = make_labels(buf, 2, 2, 0);
    write_gz(tmp_path("odd-labels-idx1-ubyte.gz"), buf, len);

    int rc = idx_load_set(tmpdir, "ok", &im, &lb, err, sizeof err);
    check(rc == 0 && pixels_match(&im, 3, 2, 2) && lb.count == 3,
          "set with .gz images and raw labels loads: %s", rc ? err : "");
    idx_free_images(&im);
    idx_free_labels(&lb);

    rc = idx_load_set(tmpdir, "odd", &im, &lb, err, sizeof err);
    const char *labels = tmp_path("odd-labels-idx1-ubyte.gz");
    const char *images = tmp_path("odd-images-idx3-ubyte");
    check(rc == -1 && strncmp(err, labels, strlen(labels)) == 0 && strstr(err, "2 labels") &&
              strstr(err, images) && strstr(err, "3 images") && im.pixels == NULL &&
              lb.labels == NULL,
          "count mismatch between images and labels: \"%s\"", err);

    rc = idx_load_set(tmpdir, "none", &im, &lb, err, sizeof err);
    const char *missing = tmp_path("none-images-idx3-ubyte");
    check(rc == -1 && strncmp(err, missing, strlen(missing)) == 0 && strstr(err, "not found"),
          "missing set: \"%s\"", err);
}

/* Loads a real set and checks what is known about it: size, shape and the
 * number of examples of each class. */
static void real_set(const char *name, const char *dir, const char *prefix, int count,
                     int first_label, const int *per_class)
{
    char probe[2048];
    snprintf(probe, sizeof probe, "%s/%s-labels-idx1-ubyte.gz", dir, prefix);
    struct stat st;
    if (dir == NULL || stat(probe, &st) != 0) {
        printf("SKIP: %s %s not found under %s (pass its directory as an argument)\n", name,
               prefix, dir ? dir : "(no directory given)");
        return;
    }
    idx_images im;
    idx_labels lb;
    const int rc = idx_load_set(dir, prefix, &im, &lb, err, sizeof err);
    if (!check(rc == 0, "%s %s loads: %s", name, prefix, err))
        return;
    int hist[256] = {0};
    for (int i = 0; i < lb.count; i++)
        hist[lb.labels[i]]++;
    int classes_ok = 1;
    for (int c = 0; c < 10; c++)
        classes_ok &= hist[c] == per_class[c];
    check(im.count == count && im.rows == 28 && im.cols == 28 && lb.count == count,
          "%s %s: %d images of %dx%d", name, prefix, im.count, im.rows, im.cols);
    check(lb.labels[0] == first_label && classes_ok, "%s %s: first label %d, class counts",
          name, prefix, lb.labels[0]);
    idx_free_images(&im);
    idx_free_labels(&lb);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s TMPDIR [FASHION_MNIST_DIR [MNIST_DIR]]\n", argv[0]);
        return 2;
    }
    tmpdir = argv[1];
    const char *fashion = argc > 2 ? argv[2] : NULL, *mnist = argc > 3 ? argv[3] : NULL;
    static uint8_t buf[1 << 16];
    test_good_files(buf);
    test_bad_images(buf);
    test_bad_gzip(buf);
    test_bad_labels(buf);
    test_sets(buf);

    /* Fashion-MNIST: 1000 (test) and 6000 (train) of each class; the first
     * test item is an ankle boot (9), the first training item too. */
    const int fashion_test[10] = {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000};
    const int fashion_train[10] = {6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000, 6000};
    real_set("Fashion-MNIST", fashion, "t10k", 10000, 9, fashion_test);
    real_set("Fashion-MNIST", fashion, "train", 60000, 9, fashion_train);
    /* MNIST test set: the published digit counts; the first digit is a 7. */
    const int mnist_test[10] = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};
    real_set("MNIST", mnist, "t10k", 10000, 7, mnist_test);
    return check_summary();
}
