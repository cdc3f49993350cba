/* Model file reader and writer, format version 1 (docs/model-format.md).
 * Everything is little-endian. The loader checks, in order: size and
 * header, the CRC-32 over the whole file, the layer records, then the
 * model's consistency rules (model_check). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "model.h"
#include "model_check.h"

static const uint8_t file_magic[4] = {'C', 'N', 'N', 'M'};
enum {
    FORMAT_VERSION = 1,
    HEADER_BYTES = 32, /* magic, version, file size, name[16], layer count */
    LAYER_BYTES = 96,  /* kind, name[16], 15 ints, 2 scales, 2 zero points */
    CRC_BYTES = 4,
};
#define MAX_FILE_BYTES (256L << 20)

/* ---- little-endian decoding over a bounded buffer ---- */

typedef struct {
    const uint8_t *p;
    size_t len, pos;
} reader;

static uint32_t get_u32(reader *r)
{
    const uint8_t *b = r->p + r->pos;
    r->pos += 4;
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
           (uint32_t)b[3] << 24;
}

static int32_t get_i32(reader *r)
{
    uint32_t u = get_u32(r);
    int32_t v;
    memcpy(&v, &u, sizeof v); /* two's complement reinterpretation */
    return v;
}

static float get_f32(reader *r)
{
    uint32_t u = get_u32(r);
    float f;
    memcpy(&f, &u, sizeof f);
    return f;
}

static void get_bytes(reader *r, void *dst, size_t n)
{
    memcpy(dst, r->p + r->pos, n);
    r->pos += n;
}

static int has(const reader *r, size_t n)
{
    return r->len - r->pos >= n;
}

static int fail(char *err, size_t errlen, const char *path, const char *msg)
{
    snprintf(err, errlen, "%s: %s", path, msg);
    return -1;
}

/* Reads the whole file, refusing anything above the size cap. */
static int slurp(const char *path, uint8_t **data, size_t *len, char *err,
                 size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap)
            break;
        if (n > (size_t)MAX_FILE_BYTES) {
            snprintf(err, errlen, "%s: larger than the %ld MiB cap", path,
                     MAX_FILE_BYTES >> 20);
            rc = -1;
            break;
        }
        size_t grown = cap * 2 > (size_t)MAX_FILE_BYTES ? (size_t)MAX_FILE_BYTES + 1
                                                        : cap * 2;
        uint8_t *bigger = realloc(buf, grown);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap = grown;
    }
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", path);
        rc = -1;
    } else if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "%s: read error", path);
        rc = -1;
    }
    fclose(f);
    if (rc) {
        free(buf);
        return -1;
    }
    *data = buf;
    *len = n;
    return 0;
}

static void get_layer_header(reader *r, model_layer *l)
{
    l->kind = (layer_kind)get_i32(r);
    get_bytes(r, l->name, MODEL_NAME_LEN);
    int *ints[15] = {&l->in_h,     &l->in_w,       &l->in_c,       &l->out_h,
                     &l->out_w,    &l->out_c,      &l->k_h,        &l->k_w,
                     &l->stride_h, &l->stride_w,   &l->pad_top,    &l->pad_bottom,
                     &l->pad_left, &l->pad_right,  &l->relu};
    for (int k = 0; k < 15; k++)
        *ints[k] = get_i32(r);
    l->in_scale = get_f32(r);
    l->out_scale = get_f32(r);
    l->in_zp = get_i32(r);
    l->out_zp = get_i32(r);
}

/* Bytes of parameters after the header of a layer already shape-checked. */
static size_t param_bytes(const model_layer *l)
{
    if (l->kind != LAYER_CONV && l->kind != LAYER_FC)
        return 0;
    return (size_t)model_layer_weights(l) + (size_t)l->out_c * (4 + 4 + 8);
}

static int get_params(reader *r, model_layer *l)
{
    size_t nw = (size_t)model_layer_weights(l), nc = (size_t)l->out_c;
    l->weights = malloc(nw);
    l->bias = malloc(nc * sizeof *l->bias);
    l->w_scale = malloc(nc * sizeof *l->w_scale);
    l->qmul = malloc(nc * sizeof *l->qmul);
    if (!l->weights || !l->bias || !l->w_scale || !l->qmul)
        return -1;
    get_bytes(r, l->weights, nw);
    for (size_t c = 0; c < nc; c++)
        l->bias[c] = get_i32(r);
    for (size_t c = 0; c < nc; c++)
        l->w_scale[c] = get_f32(r);
    for (size_t c = 0; c < nc; c++) {
        l->qmul[c].multiplier = get_i32(r);
        l->qmul[c].shift = get_i32(r);
    }
    return 0;
}

/* Header fields and integrity; on success r covers the data before the CRC. */
static int check_envelope(const char *path, const uint8_t *data, size_t len,
                          reader *r, char *err, size_t errlen)
{
    char msg[160];
    if (len < 12) {
        snprintf(msg, sizeof msg, "truncated: %zu bytes, too short for a header",
                 len);
        return fail(err, errlen, path, msg);
    }
    if (memcmp(data, file_magic, 4) != 0)
        return fail(err, errlen, path, "not a model file (bad magic)");
    *r = (reader){data, len, 4};
    uint32_t version = get_u32(r);
    if (version != FORMAT_VERSION) {
        snprintf(msg, sizeof msg, "unsupported format version %u (this program reads %d)",
                 version, FORMAT_VERSION);
        return fail(err, errlen, path, msg);
    }
    uint32_t size = get_u32(r);
    if (size < HEADER_BYTES + CRC_BYTES) {
        snprintf(msg, sizeof msg, "header declares %u bytes, less than the minimum %d",
                 size, HEADER_BYTES + CRC_BYTES);
        return fail(err, errlen, path, msg);
    }
    if (len < size) {
        snprintf(msg, sizeof msg, "truncated: %zu bytes, header declares %u", len, size);
        return fail(err, errlen, path, msg);
    }
    if (len > size) {
        snprintf(msg, sizeof msg, "%zu trailing bytes after the checksum", len - size);
        return fail(err, errlen, path, msg);
    }
    reader tail = {data, len, len - CRC_BYTES};
    uint32_t stored = get_u32(&tail);
    uint32_t crc = (uint32_t)crc32(0L, data, (uInt)(len - CRC_BYTES));
    if (crc != stored) {
        snprintf(msg, sizeof msg, "bad checksum (stored %08x, computed %08x): file corrupted",
                 stored, crc);
        return fail(err, errlen, path, msg);
    }
    r->len = len - CRC_BYTES;
    return 0;
}

static int parse(const char *path, reader *r, model *m, char *err, size_t errlen)
{
    char msg[160];
    get_bytes(r, m->name, MODEL_NAME_LEN);
    uint32_t n = get_u32(r);
    if (n < 1 || n > MODEL_MAX_LAYERS) {
        snprintf(msg, sizeof msg, "%u layers, expected 1..%d", n, MODEL_MAX_LAYERS);
        return fail(err, errlen, path, msg);
    }
    for (int i = 0; i < (int)n; i++) {
        model_layer *l = &m->layers[i];
        if (!has(r, LAYER_BYTES)) {
            snprintf(msg, sizeof msg, "layer %d: record runs past the end of the data", i);
            return fail(err, errlen, path, msg);
        }
        get_layer_header(r, l);
        m->n_layers = i + 1;
        if (model_check_layer_shape(m, i, path, err, errlen))
            return -1;
        if (!has(r, param_bytes(l))) {
            snprintf(msg, sizeof msg,
                     "layer %d (%s): parameters run past the end of the data", i,
                     l->name);
            return fail(err, errlen, path, msg);
        }
        if (param_bytes(l) && get_params(r, l))
            return fail(err, errlen, path, "out of memory");
    }
    if (r->pos != r->len) {
        snprintf(msg, sizeof msg, "%zu unexpected bytes between the last layer and the checksum",
                 r->len - r->pos);
        return fail(err, errlen, path, msg);
    }
    return model_check(m, path, err, errlen);
}

int model_load(const char *path, model *m, char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    uint8_t *data;
    size_t len;
    if (slurp(path, &data, &len, err, errlen))
        return -1;
    reader r;
    int rc = check_envelope(path, data, len, &r, err, errlen);
    if (rc == 0)
        rc = parse(path, &r, m, err, errlen);
    free(data);
    if (rc)
        model_free(m);
    return rc;
}

/* ---- writer ---- */

typedef struct {
    uint8_t *p;
    size_t len;
} writer;

static void put_u32(writer *w, uint32_t v)
{
    uint8_t *b = w->p + w->len;
    b[0] = (uint8_t)v;
    b[1] = (uint8_t)(v >> 8);
    b[2] = (uint8_t)(v >> 16);
    b[3] = (uint8_t)(v >> 24);
    w->len += 4;
}

static void put_i32(writer *w, int32_t v)
{
    uint32_t u;
    memcpy(&u, &v, sizeof u);
    put_u32(w, u);
}

static void put_f32(writer *w, float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    put_u32(w, u);
}

static void put_bytes(writer *w, const void *src, size_t n)
{
    memcpy(w->p + w->len, src, n);
    w->len += n;
}

static void put_layer(writer *w, const model_layer *l)
{
    char name[MODEL_NAME_LEN] = {0};
    memcpy(name, l->name, strnlen(l->name, MODEL_NAME_LEN - 1));
    put_i32(w, (int32_t)l->kind);
    put_bytes(w, name, MODEL_NAME_LEN);
    const int ints[15] = {l->in_h,     l->in_w,     l->in_c,    l->out_h,
                          l->out_w,    l->out_c,    l->k_h,     l->k_w,
                          l->stride_h, l->stride_w, l->pad_top, l->pad_bottom,
                          l->pad_left, l->pad_right, l->relu};
    for (int k = 0; k < 15; k++)
        put_i32(w, ints[k]);
    put_f32(w, l->in_scale);
    put_f32(w, l->out_scale);
    put_i32(w, l->in_zp);
    put_i32(w, l->out_zp);
    if (!param_bytes(l))
        return;
    put_bytes(w, l->weights, (size_t)model_layer_weights(l));
    for (int c = 0; c < l->out_c; c++)
        put_i32(w, l->bias[c]);
    for (int c = 0; c < l->out_c; c++)
        put_f32(w, l->w_scale[c]);
    for (int c = 0; c < l->out_c; c++) {
        put_i32(w, l->qmul[c].multiplier);
        put_i32(w, l->qmul[c].shift);
    }
}

static int write_atomically(const char *path, const uint8_t *data, size_t len,
                            char *err, size_t errlen)
{
    size_t n = strlen(path) + sizeof ".tmpXXXXXX";
    char *tmp = malloc(n);
    if (!tmp)
        return fail(err, errlen, path, "out of memory");
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errlen, "%s: cannot create a temporary file: %s", path,
                 strerror(errno));
        free(tmp);
        return -1;
    }
    fchmod(fd, 0644); /* mkstemp creates 0600; a model is a shareable file */
    FILE *f = fdopen(fd, "wb");
    int ok = 0;
    if (f) {
        ok = fwrite(data, 1, len, f) == len;
        ok = fclose(f) == 0 && ok;
    } else {
        close(fd);
    }
    ok = ok && rename(tmp, path) == 0;
    if (!ok) {
        snprintf(err, errlen, "%s: write failed: %s", path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok ? 0 : -1;
}

int model_save(const char *path, const model *m, char *err, size_t errlen)
{
    if (model_check(m, path, err, errlen))
        return -1;
    size_t size = HEADER_BYTES + CRC_BYTES;
    for (int i = 0; i < m->n_layers; i++)
        size += LAYER_BYTES + param_bytes(&m->layers[i]);
    if (size > (size_t)MAX_FILE_BYTES)
        return fail(err, errlen, path, "model larger than the file size cap");
    writer w = {malloc(size), 0};
    if (!w.p)
        return fail(err, errlen, path, "out of memory");
    char name[MODEL_NAME_LEN] = {0};
    memcpy(name, m->name, strnlen(m->name, MODEL_NAME_LEN - 1));
    put_bytes(&w, file_magic, 4);
    put_u32(&w, FORMAT_VERSION);
    put_u32(&w, (uint32_t)size);
    put_bytes(&w, name, MODEL_NAME_LEN);
    put_u32(&w, (uint32_t)m->n_layers);
    for (int i = 0; i < m->n_layers; i++)
        put_layer(&w, &m->layers[i]);
    put_u32(&w, (uint32_t)crc32(0L, w.p, (uInt)w.len));
    int rc = write_atomically(path, w.p, w.len, err, errlen);
    free(w.p);
    return rc;
}
