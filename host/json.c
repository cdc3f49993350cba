/* Recursive-descent JSON reader; see json.h. */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

typedef struct {
    const char *s;
    size_t len, pos;
    char *err;
    size_t errlen;
    int failed;
} parser;

static void fail(parser *p, const char *what)
{
    if (!p->failed)
        snprintf(p->err, p->errlen, "offset %zu: %s", p->pos, what);
    p->failed = 1;
}

static void skip_ws(parser *p)
{
    while (p->pos < p->len && strchr(" \t\r\n", p->s[p->pos]))
        p->pos++;
}

static int peek(parser *p)
{
    skip_ws(p);
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static int literal(parser *p, const char *word)
{
    const size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) {
        fail(p, "invalid literal");
        return -1;
    }
    p->pos += n;
    return 0;
}

static char *parse_string(parser *p)
{
    p->pos++; /* opening quote */
    char *out = malloc(p->len - p->pos + 1);
    if (!out) {
        fail(p, "out of memory");
        return NULL;
    }
    size_t n = 0;
    while (p->pos < p->len) {
        const unsigned char c = (unsigned char)p->s[p->pos++];
        if (c == '"') {
            out[n] = '\0';
            return out;
        }
        if (c < 0x20)
            break;
        if (c != '\\') {
            out[n++] = (char)c;
            continue;
        }
        if (p->pos >= p->len)
            break;
        const char e = p->s[p->pos++];
        const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
        const char *k = strchr(from, e);
        if (e == 'u') {
            if (p->len - p->pos < 4)
                break;
            unsigned v = 0;
            for (int i = 0; i < 4; i++) {
                const char h = p->s[p->pos++];
                const char *hex = "0123456789abcdef", *hh = strchr(hex, h | 0x20);
                if (!h || !hh) {
                    fail(p, "bad \\u escape");
                    free(out);
                    return NULL;
                }
                v = v * 16 + (unsigned)(hh - hex);
            }
            out[n++] = v < 0x80 ? (char)v : '?';
        } else if (e && k) {
            out[n++] = to[k - from];
        } else {
            fail(p, "bad escape in string");
            free(out);
            return NULL;
        }
    }
    fail(p, "unterminated string");
    free(out);
    return NULL;
}

static int parse_number(parser *p, json_value *v)
{
    const size_t start = p->pos;
    while (p->pos < p->len && strchr("+-0123456789.eE", p->s[p->pos]))
        p->pos++;
    char buf[64];
    const size_t n = p->pos - start;
    if (n == 0 || n >= sizeof buf) {
        fail(p, "bad number");
        return -1;
    }
    memcpy(buf, p->s + start, n);
    buf[n] = '\0';
    char *end;
    v->number = strtod(buf, &end);
    if (*end) {
        fail(p, "bad number");
        return -1;
    }
    v->type = JSON_NUMBER;
    return 0;
}

static int parse_value(parser *p, json_value *v, int depth);

/* Appends one member; keys may be NULL for arrays. */
static json_value *grow(parser *p, json_value *v, size_t *cap)
{
    if (v->n == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        json_value *items = realloc(v->items, *cap * sizeof *items);
        if (items)
            v->items = items;
        if (items && v->type == JSON_OBJECT) {
            char **keys = realloc(v->keys, *cap * sizeof *keys);
            if (!keys)
                items = NULL;
            else
                v->keys = keys;
        }
        if (!items) {
            fail(p, "out of memory");
            return NULL;
        }
    }
    json_value *m = &v->items[v->n];
    memset(m, 0, sizeof *m);
    return m;
}

static int parse_container(parser *p, json_value *v, int depth)
{
    const int object = p->s[p->pos] == '{';
    const char close = object ? '}' : ']';
    v->type = object ? JSON_OBJECT : JSON_ARRAY;
    p->pos++;
    size_t cap = 0;
    if (peek(p) == close) {
        p->pos++;
        return 0;
    }
    for (;;) {
        char *key = NULL;
        if (object) {
            if (peek(p) != '"') {
                fail(p, "expected a string key");
                return -1;
            }
            key = parse_string(p);
            if (!key)
                return -1;
            if (peek(p) != ':') {
                free(key);
                fail(p, "expected ':'");
                return -1;
            }
            p->pos++;
        }
        json_value *m = grow(p, v, &cap);
        if (!m) {
            free(key);
            return -1;
        }
        if (object)
            v->keys[v->n] = key;
        v->n++;
        if (parse_value(p, m, depth + 1))
            return -1;
        const int c = peek(p);
        p->pos++;
        if (c == close)
            return 0;
        if (c != ',') {
            p->pos--;
            fail(p, object ? "expected ',' or '}'" : "expected ',' or ']'");
            return -1;
        }
    }
}

static int parse_value(parser *p, json_value *v, int depth)
{
    if (depth > JSON_MAX_DEPTH) {
        fail(p, "nested too deeply");
        return -1;
    }
    switch (peek(p)) {
    case '{':
    case '[':
        return parse_container(p, v, depth);
    case '"':
        v->type = JSON_STRING;
        v->string = parse_string(p);
        return v->string ? 0 : -1;
    case 't':
        v->type = JSON_BOOL;
        v->number = 1;
        return literal(p, "true");
    case 'f':
        v->type = JSON_BOOL;
        return literal(p, "false");
    case 'n':
        v->type = JSON_NULL;
        return literal(p, "null");
    case -1:
        fail(p, "unexpected end of input");
        return -1;
    default:
        return parse_number(p, v);
    }
}

static void free_members(json_value *v)
{
    for (size_t i = 0; i < v->n; i++) {
        free_members(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
}

json_value *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
    parser p = {text, len, 0, err, errlen, 0};
    json_value *v = calloc(1, sizeof *v);
    if (!v) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (parse_value(&p, v, 0) == 0 && peek(&p) != -1)
        fail(&p, "trailing characters after the document");
    if (p.failed) {
        json_free(v);
        return NULL;
    }
    return v;
}

void json_free(json_value *v)
{
    if (!v)
        return;
    free_members(v);
    free(v);
}

const json_value *json_get(const json_value *v, const char *key)
{
    if (!v || v->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0)
            return &v->items[i];
    return NULL;
}
