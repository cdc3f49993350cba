/* Reader and writer of the float weight file (format in lf_file.h). */
#include "lf_file.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define LF_MAGIC "LN5FLOAT"
#define LF_VERSION 1u
#define LF_HEADER (8 + 4 + 4 + 4 * LF_N_TENSORS)
#define LF_FILE_BYTES (LF_HEADER + 4 * LF_N_PARAMS + 4)

static void put_u32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get_u32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint32_t crc_of(const uint8_t *p, size_t n)
{
    return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
}

int lf_save(const char *path, const float *params, char *err, size_t errlen)
{
    uint8_t *buf = malloc(LF_FILE_BYTES);
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    memcpy(buf, LF_MAGIC, 8);
    put_u32(buf + 8, LF_VERSION);
    put_u32(buf + 12, LF_N_TENSORS);
    for (int t = 0; t < LF_N_TENSORS; t++)
        put_u32(buf + 16 + 4 * t, (uint32_t)lf_tensors[t].count);
    for (int i = 0; i < LF_N_PARAMS; i++) {
        uint32_t bits;
        memcpy(&bits, &params[i], 4);
        put_u32(buf + LF_HEADER + 4 * i, bits);
    }
    put_u32(buf + LF_FILE_BYTES - 4, crc_of(buf, LF_FILE_BYTES - 4));

    char tmp[4096];
    FILE *f = NULL;
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) < (int)sizeof tmp)
        f = fopen(tmp, "wb");
    if (!f) {
        free(buf);
        snprintf(err, errlen, "%s: cannot create %s.tmp", path, path);
        return -1;
    }
    int bad = fwrite(buf, 1, LF_FILE_BYTES, f) != LF_FILE_BYTES;
    free(buf);
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        snprintf(err, errlen, "%s: write failed", path);
        return -1;
    }
    return 0;
}

int lf_load(const char *path, float *params, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    uint8_t *buf = malloc(LF_FILE_BYTES + 1); /* one spare byte shows a longer file */
    if (!buf) {
        fclose(f);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    size_t n = fread(buf, 1, LF_FILE_BYTES + 1, f);
    fclose(f);
    const char *problem = NULL;
    if (n < 16 || memcmp(buf, LF_MAGIC, 8) != 0)
        problem = "not a float LeNet-5 weight file (bad magic)";
    else if (get_u32(buf + 8) != LF_VERSION)
        problem = "unsupported version";
    else if (n != LF_FILE_BYTES || get_u32(buf + 12) != LF_N_TENSORS)
        problem = "wrong size or tensor count for LeNet-5";
    else if (get_u32(buf + LF_FILE_BYTES - 4) != crc_of(buf, LF_FILE_BYTES - 4))
        problem = "CRC mismatch (file damaged)";
    for (int t = 0; !problem && t < LF_N_TENSORS; t++)
        if (get_u32(buf + 16 + 4 * t) != (uint32_t)lf_tensors[t].count)
            problem = "tensor sizes do not match LeNet-5";
    if (problem) {
        free(buf);
        snprintf(err, errlen, "%s: %s", path, problem);
        return -1;
    }
    for (int i = 0; i < LF_N_PARAMS; i++) {
        uint32_t bits = get_u32(buf + LF_HEADER + 4 * i);
        memcpy(&params[i], &bits, 4);
    }
    free(buf);
    return 0;
}
