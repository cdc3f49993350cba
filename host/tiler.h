/*
 * Conv layer tiler: splits one conv layer into engine tiles, packs its
 * weights and quantization parameters, and emits the command list.
 *
 *  - output channels in tiles of COLS (the last one may be narrower);
 *  - input channels in slices so that a slice's K = K_H*K_W*c fits
 *    WGT_ROWS and its smallest input window fits ACT_BYTES; slices
 *    accumulate on chip (ACC_FIRST on the first, ACC_LAST on the last);
 *  - the output plane in rectangles of at most ACC_DEPTH pixels whose input
 *    window (with halo, clipped to the image) fits ACT_BYTES. Overhang above
 *    and left of the image becomes PAD_T/PAD_L; below and right it is
 *    implicit. Output pixels whose window lies entirely in the padding are
 *    computed from a one-pixel tile of zero points. The last row band is
 *    re-split into bands that shrink towards the end, so the final STORE,
 *    the only one no CONV hides, is short.
 *  - the first CONV of the layer is split by kernel rows when that costs no
 *    extra chunk: the last kernel row first, which needs only a fraction of
 *    the weights, so compute starts early and the rest of the weights load
 *    behind it. When the input rather than the weights dominates, the first
 *    row band is shortened too, so far that the first CONV still covers the
 *    loads of the second.
 *
 * Commands alternate between the two activation, weight and output banks so
 * that the loads for the next tile and the store of the previous one run
 * while the current CONV computes; SYNC is set exactly where a command
 * touches a bank the latest command of the other unit may still be using.
 *
 * Usage: tiler_plan() (needs no device addresses), then tiler_emit() with
 * the device addresses of the constants, the input and the output.
 */
#ifndef TILER_H
#define TILER_H

#include <stddef.h>
#include <stdint.h>

#include "../firmware/drv.h"
#include "ref/ref.h"

/* One output tile: an output rectangle x a channel range. */
typedef struct {
    int oc0, ncols;        /* output channels [oc0, oc0 + ncols) */
    int oy0, oh, ox0, ow;  /* output rectangle */
    int iy0, ih, ix0, iw;  /* input rectangle; ih == 0: zero-point tile */
    int pad_t, pad_l;      /* window overhang above / left of the input rectangle */
} tiler_tile;

typedef struct {
    /* layer */
    ref_conv conv;              /* shape and quantization; pointers not kept */
    int out_h, out_w;
    engine_info eng;
    /* choices */
    int n_ct;                   /* output-channel tiles */
    int n_slices, slice_c;      /* input-channel slices of up to slice_c channels */
    int tile_h, tile_w;         /* largest output rectangle */
    int channel_outer;          /* loop order: channel tiles outside spatial tiles */
    int split_first;            /* the first step runs as two CONVs: the last kernel
                                   row, then the others (see tiler_emit.c) */
    int first_rows;             /* rows of a shortened first row band, or 0 */
    /* tiles in execution order */
    tiler_tile *tiles;
    int n_tiles;
    /* constants: packed weights, quant parameters, a zero-point row */
    uint8_t *blob;
    size_t blob_bytes;
    size_t *wgt_off;            /* [ct * n_slices + s] */
    size_t *qp_off;             /* [ct] */
    size_t zp_off;
    /* command list (tiler_emit) */
    uint32_t *cmds;             /* n_cmds * ENG_CMD_WORDS words */
    size_t n_cmds;
    int *cmd_tile;              /* tile served by each command, -1 for END */
    /* estimates, for watchdogs and reports */
    uint64_t macs;              /* useful multiply-accumulates */
    uint64_t dma_bytes;         /* bytes moved by loads and stores */
    uint64_t compute_cycles;    /* sum over CONVs of chunks * max(pixels, ROWS) */
} tiler_plan;

typedef struct {
    uint32_t blob;  /* constants, 8-byte aligned */
    uint32_t in;    /* input, NHWC */
    uint32_t out;   /* output, NHWC */
} tiler_addrs;

/* Plans the layer and packs the constants (conv->weights, bias and qmul are
 * read here only). Returns 0, or -1 with the reason in err when the engine
 * cannot run this shape. */
int tiler_plan_layer(tiler_plan *plan, const ref_conv *conv, const engine_info *eng,
                     char *err, size_t errlen);

/* Emits the command list for the given device addresses (the number of
 * commands does not depend on them). Returns 0, or -1 with the reason in
 * err if an address or size does not fit its command field. */
int tiler_emit(tiler_plan *plan, const tiler_addrs *addrs, char *err, size_t errlen);

void tiler_free(tiler_plan *plan);

/* Index of the tile holding output (y, x, c), or -1. */
int tiler_find_tile(const tiler_plan *plan, int y, int x, int c);

/* "tile 3 (rows 4..7, cols 0..11, channels 8..15)" */
void tiler_describe_tile(const tiler_plan *plan, int tile, char *buf, size_t len);

#endif
