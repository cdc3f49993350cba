/* Parser of the single-layer text format (docs/layer-file.md). */
#include "layer_file.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model_check.h"

enum key_id {
    K_KIND, K_INPUT_SHAPE, K_OUT_CHANNELS, K_KERNEL, K_STRIDE, K_PADDING,
    K_RELU, K_ZP_IN, K_ZP_OUT, K_SCALE_IN, K_SCALE_OUT, K_SCALE_W,
    K_MULTIPLIER, K_SHIFT, K_WEIGHTS, K_BIAS, K_INPUT, K_COUNT
};

static const struct {
    const char *name;
    int real;      /* values are decimal fractions, not integers */
    int conv_only; /* meaningless for a pool, so rejected there */
} keys[K_COUNT] = {
    [K_KIND] = {"kind", 0, 0},
    [K_INPUT_SHAPE] = {"input_shape", 0, 0},
    [K_OUT_CHANNELS] = {"out_channels", 0, 1},
    [K_KERNEL] = {"kernel", 0, 0},
    [K_STRIDE] = {"stride", 0, 0},
    [K_PADDING] = {"padding", 0, 0},
    [K_RELU] = {"relu", 0, 1},
    [K_ZP_IN] = {"zp_in", 0, 1},
    [K_ZP_OUT] = {"zp_out", 0, 1},
    [K_SCALE_IN] = {"scale_in", 1, 1},
    [K_SCALE_OUT] = {"scale_out", 1, 1},
    [K_SCALE_W] = {"scale_w", 1, 1},
    [K_MULTIPLIER] = {"multiplier", 0, 1},
    [K_SHIFT] = {"shift", 0, 1},
    [K_WEIGHTS] = {"weights", 0, 1},
    [K_BIAS] = {"bias", 0, 1},
    [K_INPUT] = {"input", 0, 0},
};

typedef struct {
    int line;          /* line of "key =", 0 when the key is absent */
    size_t n, cap;
    long long *iv;     /* integer keys */
    double *rv;        /* real keys */
    int *lines;        /* line of each value */
    char word[16];     /* kind */
} entry;

typedef struct {
    const char *path;
    char *err;
    size_t errlen;
    entry e[K_COUNT];
} ctx;

/* "<path>:<line>: ..." (line 0: "<path>: ..."); always returns -1. */
static int fail(ctx *c, int line, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        snprintf(c->err, c->errlen, "%s:%d: %s", c->path, line, msg);
    else
        snprintf(c->err, c->errlen, "%s: %s", c->path, msg);
    return -1;
}

static int push(ctx *c, entry *e, const char *tok, int line, int real)
{
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 16;
        long long *iv = realloc(e->iv, cap * sizeof *iv);
        if (iv)
            e->iv = iv;
        double *rv = realloc(e->rv, cap * sizeof *rv);
        if (rv)
            e->rv = rv;
        int *lines = realloc(e->lines, cap * sizeof *lines);
        if (lines)
            e->lines = lines;
        if (!iv || !rv || !lines)
            return fail(c, line, "out of memory");
        e->cap = cap;
    }
    char *end;
    errno = 0;
    if (real) {
        e->rv[e->n] = strtod(tok, &end);
        if (*end || end == tok || errno || !isfinite(e->rv[e->n]))
            return fail(c, line, "'%s' is not a finite number", tok);
    } else {
        e->iv[e->n] = strtoll(tok, &end, 10);
        if (*end || end == tok)
            return fail(c, line, "'%s' is not an integer", tok);
        if (errno)
            return fail(c, line, "'%s' is out of range", tok);
    }
    e->lines[e->n++] = line;
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' ||
                       end[-1] == '\n'))
        *--end = '\0';
    return s;
}

/* Adds the whitespace-separated values of one line to key k. */
static int add_values(ctx *c, int k, char *text, int line)
{
    entry *e = &c->e[k];
    for (char *tok = strtok(text, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
        if (k == K_KIND) {
            if (e->word[0] || strlen(tok) >= sizeof e->word)
                return fail(c, line, "kind takes one word: conv, maxpool or avgpool");
            strcpy(e->word, tok);
        } else if (push(c, e, tok, line, keys[k].real)) {
            return -1;
        }
    }
    return 0;
}

static int parse_lines(ctx *c, FILE *f)
{
    char *buf = NULL;
    size_t cap = 0;
    int line = 0, cur = -1, rc = 0;
    while (rc == 0 && getline(&buf, &cap, f) >= 0) {
        line++;
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        char *text = trim(buf), *eq = strchr(text, '=');
        if (eq) {
            *eq = '\0';
            char *name = trim(text);
            cur = -1;
            for (int k = 0; k < K_COUNT; k++)
                if (strcmp(name, keys[k].name) == 0)
                    cur = k;
            if (cur < 0)
                rc = fail(c, line, "unknown key '%s'", name);
            else if (c->e[cur].line)
                rc = fail(c, line, "duplicate key '%s' (first on line %d)", name,
                          c->e[cur].line);
            else {
                c->e[cur].line = line;
                rc = add_values(c, cur, eq + 1, line);
            }
        } else if (*text) {
            if (cur < 0)
                rc = fail(c, line, "values without a key (expected 'key = values')");
            else
                rc = add_values(c, cur, text, line);
        }
    }
    free(buf);
    if (rc == 0 && ferror(f))
        rc = fail(c, 0, "read error");
    return rc;
}

static int present(ctx *c, int k)
{
    return c->e[k].line != 0;
}

static int require(ctx *c, int k)
{
    return present(c, k) ? 0 : fail(c, 0, "missing key '%s'", keys[k].name);
}

static int count(ctx *c, int k, long want, const char *what)
{
    const entry *e = &c->e[k];
    if ((long)e->n != want)
        return fail(c, e->line, "%s: expected %ld value%s (%s), got %zu",
                    keys[k].name, want, want == 1 ? "" : "s", what, e->n);
    return 0;
}

static int range(ctx *c, int k, long long lo, long long hi)
{
    const entry *e = &c->e[k];
    for (size_t i = 0; i < e->n; i++)
        if (e->iv[i] < lo || e->iv[i] > hi)
            return fail(c, e->lines[i], "%s: value %lld outside [%lld, %lld]",
                        keys[k].name, e->iv[i], lo, hi);
    return 0;
}

/* A key given with a count and range, or its default when absent. */
static int ints(ctx *c, int k, long n, const char *what, long long lo,
                long long hi, const int *dflt, int *out)
{
    if (!present(c, k)) {
        if (!dflt)
            return require(c, k);
        memcpy(out, dflt, (size_t)n * sizeof *out);
        return 0;
    }
    if (count(c, k, n, what) || range(c, k, lo, hi))
        return -1;
    for (long i = 0; i < n; i++)
        out[i] = (int)c->e[k].iv[i];
    return 0;
}

static int scalar(ctx *c, int k, long long lo, long long hi, int dflt, int *out)
{
    return ints(c, k, 1, "one number", lo, hi, &dflt, out);
}

/* Per-channel multipliers, given directly or derived from the three scales. */
static int build_qmul(ctx *c, layer_spec *ls, int out_c)
{
    int by_scale = present(c, K_SCALE_IN) || present(c, K_SCALE_OUT) ||
                   present(c, K_SCALE_W);
    int by_mul = present(c, K_MULTIPLIER) || present(c, K_SHIFT);
    if (by_scale && by_mul)
        return fail(c, c->e[present(c, K_MULTIPLIER) ? K_MULTIPLIER : K_SHIFT].line,
                    "give either scale_in/scale_out/scale_w or multiplier/shift, "
                    "not both");
    if (!by_scale && !by_mul)
        return fail(c, 0, "missing key 'multiplier' and 'shift' (or scale_in, "
                          "scale_out and scale_w)");
    ls->qmul = malloc((size_t)out_c * sizeof *ls->qmul);
    if (!ls->qmul)
        return fail(c, 0, "out of memory");
    if (by_mul) {
        if (require(c, K_MULTIPLIER) || require(c, K_SHIFT) ||
            count(c, K_MULTIPLIER, out_c, "one per output channel") ||
            count(c, K_SHIFT, out_c, "one per output channel") ||
            range(c, K_MULTIPLIER, 0, INT32_MAX) || range(c, K_SHIFT, -31, 31))
            return -1;
        for (int o = 0; o < out_c; o++) {
            ref_qmul q = {(int32_t)c->e[K_MULTIPLIER].iv[o],
                          (int32_t)c->e[K_SHIFT].iv[o]};
            if (q.multiplier == 0 ? q.shift != 0 : q.multiplier < (1 << 30))
                return fail(c, c->e[K_MULTIPLIER].lines[o],
                            "multiplier %d (channel %d) must be in [2^30, 2^31) "
                            "or 0 with shift 0",
                            (int)q.multiplier, o);
            ls->qmul[o] = q;
        }
        return 0;
    }
    if (require(c, K_SCALE_IN) || require(c, K_SCALE_OUT) || require(c, K_SCALE_W) ||
        count(c, K_SCALE_IN, 1, "one number") || count(c, K_SCALE_OUT, 1, "one number") ||
        count(c, K_SCALE_W, out_c, "one per output channel"))
        return -1;
    double s_in = c->e[K_SCALE_IN].rv[0], s_out = c->e[K_SCALE_OUT].rv[0];
    if (s_in <= 0 || s_out <= 0)
        return fail(c, c->e[s_in <= 0 ? K_SCALE_IN : K_SCALE_OUT].line,
                    "scales must be > 0");
    for (int o = 0; o < out_c; o++) {
        /* The file's scales are rounded to float as a model stores them. */
        double m = (double)(float)s_in * (double)(float)c->e[K_SCALE_W].rv[o] /
                   (double)(float)s_out;
        if (c->e[K_SCALE_W].rv[o] <= 0 || ref_quantize_multiplier(m, &ls->qmul[o]))
            return fail(c, c->e[K_SCALE_W].lines[o],
                        "scale_w of channel %d gives a multiplier that is not "
                        "representable",
                        o);
    }
    return 0;
}

static int build_conv(ctx *c, layer_spec *ls)
{
    ref_conv *p = &ls->conv;
    int oc, relu, zi, zo;
    if (ints(c, K_OUT_CHANNELS, 1, "one number", 1, MODEL_MAX_DIM, NULL, &oc) ||
        scalar(c, K_RELU, 0, 1, 0, &relu) || scalar(c, K_ZP_IN, -128, 127, 0, &zi) ||
        scalar(c, K_ZP_OUT, -128, 127, 0, &zo))
        return -1;
    p->out_c = ls->out_c = oc;
    p->zp_in = zi;
    p->zp_out = zo;
    p->act_min = ref_act_min(relu, zo);
    p->act_max = 127;
    if (build_qmul(c, ls, oc))
        return -1;
    long nw = (long)oc * p->k_h * p->k_w * p->in_c;
    char what[96];
    snprintf(what, sizeof what, "%dx%dx%dx%d, OHWI", oc, p->k_h, p->k_w, p->in_c);
    if (nw > MODEL_MAX_PARAMS)
        return fail(c, c->e[K_OUT_CHANNELS].line, "%ld weights, above the cap %ld",
                    nw, MODEL_MAX_PARAMS);
    if (require(c, K_WEIGHTS) || count(c, K_WEIGHTS, nw, what) ||
        range(c, K_WEIGHTS, -127, 127) || require(c, K_BIAS) ||
        count(c, K_BIAS, oc, "one per output channel") ||
        range(c, K_BIAS, INT32_MIN, INT32_MAX))
        return -1;
    ls->weights = malloc((size_t)nw);
    ls->bias = malloc((size_t)oc * sizeof *ls->bias);
    if (!ls->weights || !ls->bias)
        return fail(c, 0, "out of memory");
    for (long i = 0; i < nw; i++)
        ls->weights[i] = (int8_t)c->e[K_WEIGHTS].iv[i];
    for (int o = 0; o < oc; o++)
        ls->bias[o] = (int32_t)c->e[K_BIAS].iv[o];
    p->weights = ls->weights;
    p->bias = ls->bias;
    p->qmul = ls->qmul;
    return 0;
}

static int build(ctx *c, layer_spec *ls)
{
    if (require(c, K_KIND))
        return -1;
    const char *kind = c->e[K_KIND].word;
    if (strcmp(kind, "conv") == 0)
        ls->kind = LAYER_CONV;
    else if (strcmp(kind, "maxpool") == 0)
        ls->kind = LAYER_MAXPOOL;
    else if (strcmp(kind, "avgpool") == 0)
        ls->kind = LAYER_AVGPOOL;
    else
        return fail(c, c->e[K_KIND].line,
                    "kind '%s' is not conv, maxpool or avgpool", kind);
    if (ls->kind != LAYER_CONV)
        for (int k = 0; k < K_COUNT; k++)
            if (keys[k].conv_only && present(c, k))
                return fail(c, c->e[k].line, "'%s' does not apply to %s layers",
                            keys[k].name, kind);

    int shape[3], kernel[2], stride[2], pad[4];
    static const int one_one[2] = {1, 1}, no_pad[4] = {0, 0, 0, 0};
    if (ints(c, K_INPUT_SHAPE, 3, "height width channels", 1, MODEL_MAX_DIM, NULL,
             shape) ||
        ints(c, K_KERNEL, 2, "height width", 1, MODEL_MAX_KERNEL, NULL, kernel) ||
        ints(c, K_STRIDE, 2, "height width", 1, MODEL_MAX_STRIDE, one_one, stride) ||
        ints(c, K_PADDING, 4, "top bottom left right", 0, MODEL_MAX_KERNEL - 1,
             no_pad, pad))
        return -1;
    if ((long)shape[0] * shape[1] * shape[2] > MODEL_MAX_TENSOR)
        return fail(c, c->e[K_INPUT_SHAPE].line, "input larger than %ld values",
                    MODEL_MAX_TENSOR);
    if (pad[0] >= kernel[0] || pad[1] >= kernel[0] || pad[2] >= kernel[1] ||
        pad[3] >= kernel[1])
        return fail(c, c->e[K_PADDING].line, "padding must be smaller than the kernel");
    ls->out_h = ref_out_dim(shape[0], kernel[0], stride[0], pad[0], pad[1]);
    ls->out_w = ref_out_dim(shape[1], kernel[1], stride[1], pad[2], pad[3]);
    if (ls->out_h < 1 || ls->out_w < 1)
        return fail(c, c->e[K_KERNEL].line, "kernel %dx%d does not fit the padded input",
                    kernel[0], kernel[1]);
    ls->out_c = shape[2];

    long n_in = (long)shape[0] * shape[1] * shape[2];
    if (require(c, K_INPUT) || count(c, K_INPUT, n_in, "height x width x channels") ||
        range(c, K_INPUT, -128, 127))
        return -1;
    ls->input = malloc((size_t)n_in);
    if (!ls->input)
        return fail(c, 0, "out of memory");
    for (long i = 0; i < n_in; i++)
        ls->input[i] = (int8_t)c->e[K_INPUT].iv[i];

    if (ls->kind != LAYER_CONV) {
        ls->pool = (ref_pool){
            .in_h = shape[0], .in_w = shape[1], .c = shape[2],
            .k_h = kernel[0], .k_w = kernel[1],
            .stride_h = stride[0], .stride_w = stride[1],
            .pad_top = pad[0], .pad_bottom = pad[1],
            .pad_left = pad[2], .pad_right = pad[3],
        };
        return 0;
    }
    ls->conv = (ref_conv){
        .in_h = shape[0], .in_w = shape[1], .in_c = shape[2],
        .k_h = kernel[0], .k_w = kernel[1],
        .stride_h = stride[0], .stride_w = stride[1],
        .pad_top = pad[0], .pad_bottom = pad[1],
        .pad_left = pad[2], .pad_right = pad[3],
    };
    return build_conv(c, ls);
}

int layer_file_load(const char *path, layer_spec *ls, char *err, size_t errlen)
{
    memset(ls, 0, sizeof *ls);
    ctx c = {.path = path, .err = err, .errlen = errlen};
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    int rc = parse_lines(&c, f);
    fclose(f);
    if (rc == 0)
        rc = build(&c, ls);
    for (int k = 0; k < K_COUNT; k++) {
        free(c.e[k].iv);
        free(c.e[k].rv);
        free(c.e[k].lines);
    }
    if (rc)
        layer_file_free(ls);
    return rc;
}

void layer_file_free(layer_spec *ls)
{
    free(ls->input);
    free(ls->weights);
    free(ls->bias);
    free(ls->qmul);
    memset(ls, 0, sizeof *ls);
}

void layer_spec_run(const layer_spec *ls, int8_t *out)
{
    if (ls->kind == LAYER_CONV)
        ref_conv2d(&ls->conv, ls->input, out);
    else if (ls->kind == LAYER_MAXPOOL)
        ref_maxpool(&ls->pool, ls->input, out);
    else
        ref_avgpool(&ls->pool, ls->input, out);
}

void layer_spec_run_acc(const layer_spec *ls, int32_t *acc)
{
    ref_conv2d_acc(&ls->conv, ls->input, acc);
}
