/* Private interface between the tiler's planner (tiler.c) and its command
 * emitter (tiler_emit.c). */
#ifndef TILER_PRIV_H
#define TILER_PRIV_H

#include "tiler.h"

/* Counts of one emission pass. */
typedef struct {
    size_t n_cmds;
    uint64_t load_bytes;      /* LOAD_ACT/LOAD_WGT/LOAD_QP bytes */
    uint64_t store_bytes;
    uint64_t compute_cycles;
    uint64_t macs;
} tiler_counts;

/* Walks plan->tiles in order and emits their commands into words/cmd_tile
 * (both may be NULL to only count). Returns 0, or -1 with err set. */
int tiler_emit_pass(const tiler_plan *plan, const tiler_addrs *addrs, uint32_t *words,
                    int *cmd_tile, tiler_counts *counts, char *err, size_t errlen);

/* Input channels [c0, c0 + len) of slice s. */
void tiler_slice(const tiler_plan *plan, int s, int *c0, int *len);

/* Input rows a tile needs for kernel rows [ky0, ky0 + kh): first row,
 * count, and the window overhang above it (as CONV's PAD_T). */
void tiler_rows(const tiler_plan *plan, const tiler_tile *t, int ky0, int kh, int *iy0,
                int *ih, int *pad_t);

#endif
