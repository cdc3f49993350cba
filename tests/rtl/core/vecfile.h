/* Shared helpers of the RTL core vector generators: a seeded generator and
 * a hex word file that appears under its final name only once complete. */
#ifndef VECFILE_H
#define VECFILE_H

#include <stdint.h>
#include <stdio.h>

typedef struct {
    FILE *f;
    char *path;
    char *tmp;
    long words;
} vecfile;

/* Opens path.tmp for writing; prints an error and returns -1 on failure. */
int vecfile_open(vecfile *v, const char *path);
/* Appends one word of `bits` bits (multiple of 4) as a $readmemh line. */
void vecfile_word(vecfile *v, uint64_t value, int bits);
/* Appends one line made of several fields, most significant first. */
void vecfile_fields(vecfile *v, const uint64_t *values, const int *bits, int n);
/* Flushes, checks for write errors and renames to the final name. */
int vecfile_close(vecfile *v);

uint64_t vec_rng(uint64_t *state);
/* Uniform in [lo, hi]. */
int64_t vec_range(uint64_t *state, int64_t lo, int64_t hi);

#endif
