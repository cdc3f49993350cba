/*
 * IDX reader. zlib's gzread passes plain files through unchanged, so one
 * code path serves both raw and .gz files.
 *
 * The header is checked before anything is allocated, and the payload
 * buffer grows only as data actually arrives, so a lying header in a short
 * file cannot make the reader allocate gigabytes.
 */
#include "idx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define IDX_MAGIC_LABELS 0x00000801u /* unsigned byte, 1 dimension */
#define IDX_MAGIC_IMAGES 0x00000803u /* unsigned byte, 3 dimensions */
#define IDX_MAX_COUNT 1000000u       /* far above any MNIST-style set */
#define IDX_MAX_SIDE 1024u
#define IDX_READ_CHUNK (1u << 20)

static void fail(char *err, size_t errlen, const char *path, const char *fmt, ...)
{
    if (err == NULL || errlen == 0)
        return;
    int n = snprintf(err, errlen, "%s: ", path);
    if (n < 0 || (size_t)n >= errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
    va_end(ap);
}

/* Reads up to len bytes; returns the count read (below len only at end of
 * file), or -1 with err set when the file or its gzip stream is bad. */
static long read_fully(gzFile f, uint8_t *buf, size_t len, const char *path, char *err,
                       size_t errlen)
{
    size_t got = 0;
    while (got < len) {
        const size_t want = len - got < IDX_READ_CHUNK ? len - got : IDX_READ_CHUNK;
        const int n = gzread(f, buf + got, (unsigned)want);
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    /* A corrupt or cut-off gzip stream shows up here, possibly after a
     * partial read that returned data. */
    int zerr;
    const char *msg = gzerror(f, &zerr);
    if (zerr == Z_ERRNO) {
        fail(err, errlen, path, "read error: %s", strerror(errno));
        return -1;
    }
    if (zerr != Z_OK) {
        /* zlib prefixes its message with the path already */
        const size_t n = strlen(path);
        if (strncmp(msg, path, n) == 0 && strncmp(msg + n, ": ", 2) == 0)
            msg += n + 2;
        fail(err, errlen, path, "gzip error: %s", msg);
        return -1;
    }
    return (long)got;
}

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Opens path, checks the magic number and reads the ndims dimensions. */
static gzFile open_idx(const char *path, uint32_t magic, const char *what, uint32_t *dims,
                       int ndims, char *err, size_t errlen)
{
    errno = 0;
    gzFile f = gzopen(path, "rb");
    if (f == NULL) {
        fail(err, errlen, path, "cannot open: %s", errno ? strerror(errno) : "out of memory");
        return NULL;
    }
    uint8_t head[16];
    const size_t head_len = 4 * (size_t)(1 + ndims);
    const long got = read_fully(f, head, head_len, path, err, errlen);
    if (got < 0)
        goto fail;
    if (got == 0) {
        fail(err, errlen, path, "empty file");
        goto fail;
    }
    if (got >= 4 && be32(head) != magic) {
        fail(err, errlen, path, "bad magic 0x%08x, expected 0x%08x (IDX %s)",
             (unsigned)be32(head), (unsigned)magic, what);
        goto fail;
    }
    if ((size_t)got < head_len) {
        fail(err, errlen, path, "truncated header (%ld of %zu bytes)", got, head_len);
        goto fail;
    }
    for (int i = 0; i < ndims; i++)
        dims[i] = be32(head + 4 * (i + 1));
    return f;
fail:
    gzclose(f);
    return NULL;
}

/* Reads count items of item_len bytes and checks that nothing follows them.
 * Returns a malloc'ed buffer, or NULL with err set. */
static uint8_t *read_payload(gzFile f, size_t count, size_t item_len, const char *items,
                             const char *path, char *err, size_t errlen)
{
    const size_t len = count * item_len;
    uint8_t *buf = NULL;
    size_t have = 0, cap = 0;
    while (have < len) {
        const size_t want = len - have < IDX_READ_CHUNK ? len - have : IDX_READ_CHUNK;
        if (have + want > cap) {
            size_t next = cap ? cap * 2 : IDX_READ_CHUNK;
            if (next > len)
                next = len;
            uint8_t *grown = realloc(buf, next);
            if (grown == NULL) {
                fail(err, errlen, path, "out of memory (%zu bytes)", next);
                goto fail;
            }
            buf = grown;
            cap = next;
        }
        const long n = read_fully(f, buf + have, want, path, err, errlen);
        if (n < 0)
            goto fail;
        have += (size_t)n;
        if ((size_t)n < want) {
            fail(err, errlen, path,
                 "truncated: header promises %zu %s (%zu bytes of data) but only %zu follow",
                 count, items, len, have);
            goto fail;
        }
    }
    uint8_t extra;
    const long n = read_fully(f, &extra, 1, path, err, errlen);
    if (n < 0)
        goto fail;
    if (n > 0) {
        fail(err, errlen, path, "trailing data after the %zu %s the header promises", count,
             items);
        goto fail;
    }
    return buf;
fail:
    free(buf);
    return NULL;
}

int idx_load_images(const char *path, idx_images *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    uint32_t dims[3];
    gzFile f = open_idx(path, IDX_MAGIC_IMAGES, "images", dims, 3, err, errlen);
    if (f == NULL)
        return -1;
    const uint32_t count = dims[0], rows = dims[1], cols = dims[2];
    uint8_t *pixels = NULL;
    if (count == 0 || count > IDX_MAX_COUNT) {
        fail(err, errlen, path, "bad image count %u (expected 1..%u)", (unsigned)count,
             IDX_MAX_COUNT);
    } else if (rows == 0 || cols == 0 || rows > IDX_MAX_SIDE || cols > IDX_MAX_SIDE) {
        fail(err, errlen, path, "bad image size %ux%u (expected 1..%u per side)",
             (unsigned)rows, (unsigned)cols, IDX_MAX_SIDE);
    } else {
        pixels = read_payload(f, count, (size_t)rows * cols, "images", path, err, errlen);
    }
    gzclose(f);
    if (pixels == NULL)
        return -1;
    out->count = (int)count;
    out->rows = (int)rows;
    out->cols = (int)cols;
    out->pixels = pixels;
    return 0;
}

int idx_load_labels(const char *path, idx_labels *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    uint32_t count;
    gzFile f = open_idx(path, IDX_MAGIC_LABELS, "labels", &count, 1, err, errlen);
    if (f == NULL)
        return -1;
    uint8_t *labels = NULL;
    if (count == 0 || count > IDX_MAX_COUNT)
        fail(err, errlen, path, "bad label count %u (expected 1..%u)", (unsigned)count,
             IDX_MAX_COUNT);
    else
        labels = read_payload(f, count, 1, "labels", path, err, errlen);
    gzclose(f);
    if (labels == NULL)
        return -1;
    out->count = (int)count;
    out->labels = labels;
    return 0;
}

void idx_free_images(idx_images *im)
{
    free(im->pixels);
    memset(im, 0, sizeof *im);
}

void idx_free_labels(idx_labels *lb)
{
    free(lb->labels);
    memset(lb, 0, sizeof *lb);
}

/* Picks <dir>/<name>.gz if it exists, else <dir>/<name>. */
static int data_file(char *path, size_t len, const char *dir, const char *name, char *err,
                     size_t errlen)
{
    const int n = snprintf(path, len, "%s/%s.gz", dir, name);
    if (n < 0 || (size_t)n >= len) {
        fail(err, errlen, dir, "path too long");
        return -1;
    }
    if (access(path, F_OK) == 0)
        return 0;
    path[n - 3] = '\0';
    if (access(path, F_OK) == 0)
        return 0;
    fail(err, errlen, path, "not found (with or without .gz)");
    return -1;
}

int idx_load_set(const char *dir, const char *prefix, idx_images *im, idx_labels *lb,
                 char *err, size_t errlen)
{
    char name[256], images_path[4096], labels_path[4096];
    memset(im, 0, sizeof *im);
    memset(lb, 0, sizeof *lb);
    snprintf(name, sizeof name, "%s-images-idx3-ubyte", prefix);
    if (data_file(images_path, sizeof images_path, dir, name, err, errlen) != 0)
        return -1;
    snprintf(name, sizeof name, "%s-labels-idx1-ubyte", prefix);
    if (data_file(labels_path, sizeof labels_path, dir, name, err, errlen) != 0)
        return -1;
    if (idx_load_images(images_path, im, err, errlen) != 0)
        return -1;
    if (idx_load_labels(labels_path, lb, err, errlen) != 0) {
        idx_free_images(im);
        return -1;
    }
    if (im->count != lb->count) {
        fail(err, errlen, labels_path, "%d labels but %s holds %d images", lb->count,
             images_path, im->count);
        idx_free_images(im);
        idx_free_labels(lb);
        return -1;
    }
    return 0;
}
