/*
 * One conv layer on the engine, through any engine_backend (the C model in
 * sim/model, the Verilator harness in sim/rtl, a board later).
 *
 * Usage: open the device once, prepare each conv layer once (tiles it, packs
 * and uploads the weights and the command list, reserves input and output
 * buffers in device memory), then run it as often as needed: each run only
 * uploads the input, starts the command list and downloads the output.
 *
 *   accel_dev *dev = accel_open(&backend, DEV_MEM_BASE, mem_size, err, sizeof err);
 *   accel_layer *c1 = accel_prepare(dev, &conv, err, sizeof err);
 *   for each image: accel_run(c1, in, out, &stats, err, sizeof err);
 *   accel_layer_free(c1); accel_close(dev);
 *
 * Errors: NULL or -1 with a one-line message in err (engine error name and
 * the tile of the failing command, watchdog expiry, unsupported shape, out
 * of device memory).
 */
#ifndef ACCEL_H
#define ACCEL_H

#include <stddef.h>
#include <stdint.h>

#include "../firmware/backend.h"
#include "ref/ref.h"

typedef struct accel_dev accel_dev;
typedef struct accel_layer accel_layer;

/* Engine parameters as read from its CSRs. */
typedef struct {
    unsigned rows, cols;      /* systolic array */
    unsigned act_bytes;       /* bytes per activation bank */
    unsigned wgt_rows;        /* weight rows per weight bank */
    unsigned acc_depth;       /* output pixels per tile */
} accel_engine_params;

typedef struct {
    uint64_t cycles;          /* PERF_CYCLES: START to DONE (0 on the C model) */
    uint64_t compute_cycles;  /* PERF_COMPUTE */
    uint64_t macs;            /* PERF_MACS: useful multiply-accumulates */
    uint64_t rd_bytes;        /* PERF_RD_BYTES */
    uint64_t wr_bytes;        /* PERF_WR_BYTES */
    uint64_t dma_bytes;       /* rd_bytes + wr_bytes */
    uint64_t stall_cycles;    /* PERF_STALL */
    uint64_t commands;        /* PERF_CMDS */
    double utilization;       /* macs / (rows * cols * cycles); 0 when cycles == 0 */
    unsigned tiles;           /* output tiles (spatial x channel) of the layer */
} accel_stats;

/* Checks the engine's ID and version and takes [mem_base, mem_base +
 * mem_size) of device memory (as backed by the backend) for buffers and
 * command lists; the engine's MEM_BASE/MEM_SIZE window is set to it. */
accel_dev *accel_open(const engine_backend *be, uint32_t mem_base, uint32_t mem_size,
                      char *err, size_t errlen);
void accel_close(accel_dev *dev);
const accel_engine_params *accel_params(const accel_dev *dev);

/* Cycle budget for one layer run; 0 (the default) picks a generous bound
 * from the layer's work. */
void accel_set_watchdog(accel_dev *dev, uint64_t cycles);

/* Tiles the layer for this engine and uploads its weights and commands.
 * conv is copied; its weights/bias/qmul are only read during this call. */
accel_layer *accel_prepare(accel_dev *dev, const ref_conv *conv, char *err, size_t errlen);

/* Device memory is a bump allocator: freeing the most recently prepared
 * layer returns its memory, other layers keep theirs until accel_close. */
void accel_layer_free(accel_layer *layer);

/* in: NHWC [in_h][in_w][in_c]; out: NHWC [out_h][out_w][out_c].
 * stats may be NULL. Returns 0, or -1 with the reason in err. */
int accel_run(accel_layer *layer, const int8_t *in, int8_t *out, accel_stats *stats,
              char *err, size_t errlen);

/* How the layer was split (see host/tiler.h). */
typedef struct {
    unsigned channel_tiles;   /* output channels / COLS, rounded up */
    unsigned input_slices;    /* input-channel slices accumulated on chip */
    unsigned spatial_tiles;   /* output rectangles */
    unsigned padding_tiles;   /* of those, rectangles whose windows are all padding */
    unsigned tile_h, tile_w;  /* largest output rectangle */
    size_t commands;          /* command list length, END included */
    size_t const_bytes;       /* packed weights, quant parameters, zero-point row */
} accel_tiling;

void accel_layer_tiling(const accel_layer *layer, accel_tiling *t);

/* Output size of the layer in bytes. */
size_t accel_out_bytes(const accel_layer *layer);

/* Compares an engine output with a reference output of the same layer.
 * Returns the number of differing bytes; when non-zero, msg describes the
 * first one: tile index and extent, channel, position, both values. */
size_t accel_compare(const accel_layer *layer, const int8_t *got, const int8_t *want,
                     char *msg, size_t msglen);

#endif
