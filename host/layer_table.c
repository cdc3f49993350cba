/* Layer table printer. */
#include "layer_table.h"

#include <string.h>

long layer_macs(const model_layer *l)
{
    return l->kind == LAYER_CONV || l->kind == LAYER_FC
               ? model_layer_connections(l)
               : 0;
}

void layer_table_count(long v, char *buf, size_t len)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%ld", v < 0 ? -v : v);
    char out[48];
    size_t o = 0;
    if (v < 0)
        out[o++] = '-';
    for (int i = 0; i < n; i++) {
        if (n >= 5 && i > 0 && (n - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = '\0';
    snprintf(buf, len, "%s", out);
}

const char *layer_kind_name(layer_kind k)
{
    switch (k) {
    case LAYER_CONV:
        return "conv";
    case LAYER_MAXPOOL:
        return "maxpool";
    case LAYER_AVGPOOL:
        return "avgpool";
    case LAYER_FC:
        return "fc";
    }
    return "?";
}

static void print_row(FILE *f, int name_w, const char *name, const char *kind,
                      const char *shape, const long v[4])
{
    char c[4][32];
    for (int k = 0; k < 4; k++)
        layer_table_count(v[k], c[k], sizeof c[k]);
    fprintf(f, "%-*s  %-7s  %-10s  %7s  %11s  %9s  %9s\n", name_w, name, kind,
            shape, c[0], c[1], c[2], c[3]);
}

void layer_table_print(FILE *f, const model *m)
{
    int name_w = 6;
    for (int i = 0; i < m->n_layers; i++)
        if ((int)strlen(m->layers[i].name) > name_w)
            name_w = (int)strlen(m->layers[i].name);
    const model_layer *in = &m->layers[0];
    fprintf(f, "model %s: %d layers, input %dx%dx%d\n", m->name, m->n_layers,
            in->in_h, in->in_w, in->in_c);
    fprintf(f, "%-*s  %-7s  %-10s  %7s  %11s  %9s  %9s\n", name_w, "layer", "kind",
            "output", "units", "connections", "weights", "MACs");
    long total[4] = {0, 0, 0, 0};
    for (int i = 0; i < m->n_layers; i++) {
        const model_layer *l = &m->layers[i];
        const long v[4] = {model_layer_units(l), model_layer_connections(l),
                           model_layer_weights(l), layer_macs(l)};
        char shape[40];
        snprintf(shape, sizeof shape, "%dx%dx%d", l->out_h, l->out_w, l->out_c);
        print_row(f, name_w, l->name, layer_kind_name(l->kind), shape, v);
        for (int k = 0; k < 4; k++)
            total[k] += v[k];
    }
    print_row(f, name_w, "total", "", "", total);
    fprintf(f, "(weights without biases; a conv or fc connection is one MAC)\n");
}
