/*
 * A small JSON reader (RFC 8259 values; \u escapes outside ASCII are kept
 * as '?'), enough to read back the reports `cnnacc run` writes.
 */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
    json_type type;
    double number;              /* JSON_NUMBER; JSON_BOOL: 0 or 1 */
    char *string;               /* JSON_STRING */
    size_t n;                   /* JSON_ARRAY / JSON_OBJECT: members */
    struct json_value *items;   /* [n] */
    char **keys;                /* JSON_OBJECT: [n] */
} json_value;

/* Parses a whole document. NULL with "offset N: <problem>" in err. */
json_value *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(json_value *v);

/* Member of an object by key (the first one), NULL if absent or v is no object. */
const json_value *json_get(const json_value *v, const char *key);

#endif
