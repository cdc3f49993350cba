/* "key = value" record file: read, update in place, write atomically. */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REC_MAX_LINES 256
#define REC_LINE 512

typedef struct {
    int n;
    char line[REC_MAX_LINES][REC_LINE];
} rec_file;

/* Returns 1 if line holds key, i.e. starts with "key =" or "key=". */
static int line_has_key(const char *line, const char *key)
{
    size_t k = strlen(key);
    if (strncmp(line, key, k) != 0)
        return 0;
    line += k;
    while (*line == ' ')
        line++;
    return *line == '=';
}

/* A missing file reads as empty; a damaged one fails. */
static int read_lines(const char *path, rec_file *r, int missing_ok, char *err,
                      size_t errlen)
{
    r->n = 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (missing_ok)
            return 0;
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    char buf[REC_LINE];
    while (fgets(buf, sizeof buf, f)) {
        size_t len = strlen(buf);
        if (len == sizeof buf - 1 && buf[len - 1] != '\n') {
            fclose(f);
            snprintf(err, errlen, "%s: line %d too long", path, r->n + 1);
            return -1;
        }
        if (r->n == REC_MAX_LINES) {
            fclose(f);
            snprintf(err, errlen, "%s: more than %d lines", path, REC_MAX_LINES);
            return -1;
        }
        buf[strcspn(buf, "\n")] = 0;
        memcpy(r->line[r->n++], buf, len + 1);
    }
    fclose(f);
    return 0;
}

int rec_update(const char *path, const rec_entry *entries, int n, char *err,
               size_t errlen)
{
    rec_file *r = malloc(sizeof *r);
    if (!r) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    if (read_lines(path, r, 1, err, errlen)) {
        free(r);
        return -1;
    }
    for (int e = 0; e < n; e++) {
        int at = 0;
        while (at < r->n && !line_has_key(r->line[at], entries[e].key))
            at++;
        if (at == REC_MAX_LINES) {
            free(r);
            snprintf(err, errlen, "%s: more than %d lines", path, REC_MAX_LINES);
            return -1;
        }
        snprintf(r->line[at], REC_LINE, "%s = %s", entries[e].key, entries[e].value);
        if (at == r->n)
            r->n++;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    int bad = !f;
    for (int i = 0; f && i < r->n; i++)
        bad |= fprintf(f, "%s\n", r->line[i]) < 0;
    if (f)
        bad |= fclose(f) != 0;
    free(r);
    if (bad || rename(tmp, path) != 0) {
        remove(tmp);
        snprintf(err, errlen, "%s: write failed", path);
        return -1;
    }
    return 0;
}

int rec_get(const char *path, const char *key, char *value, size_t len,
            char *err, size_t errlen)
{
    rec_file *r = malloc(sizeof *r);
    if (!r) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    if (read_lines(path, r, 0, err, errlen)) {
        free(r);
        return -1;
    }
    for (int i = 0; i < r->n; i++) {
        if (!line_has_key(r->line[i], key))
            continue;
        const char *v = strchr(r->line[i], '=') + 1;
        while (*v == ' ')
            v++;
        snprintf(value, len, "%s", v);
        free(r);
        return 0;
    }
    free(r);
    snprintf(err, errlen, "%s: no entry '%s'", path, key);
    return -1;
}
