/* Fuzz-style robustness test of model_load: thousands of mutated copies of
 * valid files (bit flips, byte overwrites, inserted/deleted bytes,
 * truncation, 32-bit fields set to extremes), half of them resealed with a
 * correct size field and CRC so the structural and semantic checks are
 * reached, not only the checksum. Every load must either succeed with a
 * model that passes model_check and runs through model_forward, or fail
 * with "<path>: <message>" and leave nothing allocated. Run under ASan and
 * UBSan, so any out-of-bounds access or leak fails the test too.
 * Usage: test_model_fuzz TMPDIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "model.h"
#include "model_check.h"
#include "random_model.h"

static int passed, failed;

static void put32(uint8_t *p, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        p[k] = (uint8_t)(v >> (8 * k));
}

static void reseal(uint8_t *p, size_t len)
{
    if (len < 12)
        return;
    put32(p + 8, (uint32_t)len);
    put32(p + len - 4, (uint32_t)crc32(0L, p, (uInt)(len - 4)));
}

static size_t mutate(uint32_t *s, uint8_t *p, size_t len, size_t cap)
{
    static const uint32_t extremes[] = {0, 1, 0xffffffffu, 0x7fffffffu,
                                        0x80000000u, 4096, 4097, 65536};
    switch (rnd_next(s) % 6) {
    case 0: /* flip 1..4 bits */
        for (uint32_t k = rnd_next(s) % 4 + 1; k > 0; k--)
            p[rnd_next(s) % len] ^= (uint8_t)(1u << (rnd_next(s) % 8));
        return len;
    case 1: /* overwrite a byte in the headers, where it matters most */
        p[rnd_next(s) % (len < 800 ? len : 800)] = (uint8_t)rnd_next(s);
        return len;
    case 2: /* an aligned 32-bit field set to an extreme value */
        put32(p + (rnd_next(s) % (len / 4)) * 4, extremes[rnd_next(s) % 8]);
        return len;
    case 3: /* truncate */
        return rnd_next(s) % len;
    case 4: { /* insert 1..8 bytes */
        size_t n = rnd_next(s) % 8 + 1, at = rnd_next(s) % len;
        if (len + n > cap)
            return len;
        memmove(p + at + n, p + at, len - at);
        for (size_t k = 0; k < n; k++)
            p[at + k] = (uint8_t)rnd_next(s);
        return len + n;
    }
    default: { /* delete 1..8 bytes */
        size_t n = rnd_next(s) % 8 + 1, at = rnd_next(s) % len;
        if (at + n > len)
            n = len - at;
        memmove(p + at, p + at + n, len - at - n);
        return len - n;
    }
    }
}

static void check(int ok, const char *what, int iter)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        if (failed <= 10)
            fprintf(stderr, "FAIL iteration %d: %s\n", iter, what);
    }
}

static int accepted, rejected;

static void fuzz(const model *m, const char *dir, uint32_t seed, int iters)
{
    char good_path[512], path[512], err[512];
    snprintf(good_path, sizeof good_path, "%s/fuzz-good.cnnm", dir);
    snprintf(path, sizeof path, "%s/fuzz.cnnm", dir);
    if (model_save(good_path, m, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    FILE *f = fopen(good_path, "rb");
    fseek(f, 0, SEEK_END);
    size_t good_len = (size_t)ftell(f), cap = good_len + 64;
    fseek(f, 0, SEEK_SET);
    uint8_t *good = malloc(good_len), *buf = malloc(cap);
    if (!good || !buf || fread(good, 1, good_len, f) != good_len)
        exit(1);
    fclose(f);
    uint32_t s = seed;
    for (int it = 0; it < iters; it++) {
        memcpy(buf, good, good_len);
        size_t len = good_len;
        for (uint32_t k = rnd_next(&s) % 3 + 1; k > 0 && len > 0; k--)
            len = mutate(&s, buf, len, cap);
        if (it % 2)
            reseal(buf, len);
        f = fopen(path, "wb");
        if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
            fprintf(stderr, "%s: cannot write\n", path);
            exit(1);
        }
        model out;
        err[0] = '\0';
        if (model_load(path, &out, err, sizeof err) == 0) {
            accepted++;
            check(model_check(&out, path, err, sizeof err) == 0,
                  "accepted model fails model_check", it);
            int8_t *in = calloc(model_max_activation(&out), 1);
            int8_t *logits = malloc(model_max_activation(&out));
            int8_t *scratch = malloc(2 * model_max_activation(&out));
            if (!in || !logits || !scratch)
                exit(1);
            int pred = model_forward(&out, in, logits, scratch);
            check(pred >= 0 && pred < out.layers[out.n_layers - 1].out_c,
                  "prediction out of range", it);
            free(in);
            free(logits);
            free(scratch);
            model_free(&out);
        } else {
            rejected++;
            size_t n = strlen(path);
            check(strncmp(err, path, n) == 0 && err[n] == ':' && err[n + 1] == ' ' &&
                      err[n + 2] != '\0',
                  err, it);
            check(out.n_layers == 0, "rejected load left layers behind", it);
        }
    }
    free(good);
    free(buf);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s TMPDIR\n", argv[0]);
        return 2;
    }
    model small, lenet;
    if (random_small(&small, 11) || random_lenet(&lenet, 12))
        return 1;
    fuzz(&small, argv[1], 0x1234567u, 4000);
    fuzz(&lenet, argv[1], 0x89abcdeu, 1000);
    model_free(&small);
    model_free(&lenet);
    printf("%d mutated files accepted, %d rejected with a message\n", accepted, rejected);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
