#include "vecfile.h"

#include <stdlib.h>
#include <string.h>

int vecfile_open(vecfile *v, const char *path)
{
    memset(v, 0, sizeof *v);
    const size_t n = strlen(path);
    v->path = malloc(n + 1);
    v->tmp = malloc(n + 5);
    if (!v->path || !v->tmp) {
        fprintf(stderr, "%s: out of memory\n", path);
        return -1;
    }
    memcpy(v->path, path, n + 1);
    memcpy(v->tmp, path, n);
    memcpy(v->tmp + n, ".tmp", 5);
    v->f = fopen(v->tmp, "w");
    if (!v->f) {
        perror(v->tmp);
        return -1;
    }
    return 0;
}

void vecfile_fields(vecfile *v, const uint64_t *values, const int *bits, int n)
{
    for (int i = 0; i < n; i++) {
        const int digits = bits[i] / 4;
        const uint64_t mask = bits[i] >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << bits[i]) - 1;
        fprintf(v->f, "%0*llx", digits, (unsigned long long)(values[i] & mask));
    }
    fputc('\n', v->f);
    v->words++;
}

void vecfile_word(vecfile *v, uint64_t value, int bits)
{
    vecfile_fields(v, &value, &bits, 1);
}

int vecfile_close(vecfile *v)
{
    int rc = 0;
    if (fflush(v->f) != 0 || ferror(v->f)) {
        fprintf(stderr, "%s: write error\n", v->tmp);
        rc = -1;
    }
    if (fclose(v->f) != 0 && rc == 0) {
        fprintf(stderr, "%s: write error\n", v->tmp);
        rc = -1;
    }
    if (rc == 0 && rename(v->tmp, v->path) != 0) {
        perror(v->path);
        rc = -1;
    }
    if (rc != 0)
        remove(v->tmp);
    free(v->path);
    free(v->tmp);
    return rc;
}

uint64_t vec_rng(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

int64_t vec_range(uint64_t *state, int64_t lo, int64_t hi)
{
    const uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (int64_t)(span == 0 ? vec_rng(state) : vec_rng(state) % span);
}
