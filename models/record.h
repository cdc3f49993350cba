/*
 * The training record (models/lenet5-fashion.txt): "key = value" lines that
 * the tools write as they produce the shipped files, and that tests read
 * back. Lines starting with '#' are comments and are kept.
 *
 * Errors: 0 on success, or -1 with "<path>: <problem>" in err.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>

typedef struct {
    const char *key;
    char value[256];
} rec_entry;

/* Sets every key of entries (replacing old values in place, appending new
 * keys at the end) and rewrites the file atomically; a missing file is
 * created. */
int rec_update(const char *path, const rec_entry *entries, int n, char *err,
               size_t errlen);

/* Copies the value of key into value. Fails if the file or key is absent. */
int rec_get(const char *path, const char *key, char *value, size_t len,
            char *err, size_t errlen);

#endif
