/* The per-layer size table (units, connections, weights, MACs) of a model,
 * in the layout of the LeNet-5 table in the course notes. */
#ifndef LAYER_TABLE_H
#define LAYER_TABLE_H

#include <stdio.h>

#include "model.h"

/* Multiply-accumulates of one layer: a conv or fc connection is one MAC,
 * pools do none. */
long layer_macs(const model_layer *l);

/* Writes a count the way the notes do: digits grouped by commas from five
 * digits up ("4704", "117,600"). */
void layer_table_count(long v, char *buf, size_t len);

const char *layer_kind_name(layer_kind k);

void layer_table_print(FILE *f, const model *m);

#endif
