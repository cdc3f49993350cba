/*
 * Functional model of the convolution engine (docs/ARCHITECTURE.md): the
 * same CSRs, commands, buffers and error codes as the RTL, byte for byte,
 * without cycles. It implements engine_backend; START runs the whole
 * command list on the next wait().
 *
 * Checks run in the order opcode, field ranges (BAD_PARAM), buffer fit
 * (TOO_BIG), alignment (MISALIGNED), then every memory access (ADDR_RANGE).
 * The RTL checks each 128-byte-aligned burst against the window; the model
 * checks the byte range of each run, command fetch included, which gives
 * the same error code and ERR_CMD. A CONV writes only its NCOLS active
 * columns of the output bank.
 *
 * Performance counters: PERF_MACS (K x pixels x NCOLS per CONV),
 * PERF_WR_BYTES and PERF_CMDS (completed commands, END included) are exact.
 * PERF_RD_BYTES counts the 8-byte beats that cover each command fetch and
 * each run of a transfer on its own; it equals the RTL's count as long as
 * the DMA does not merge adjacent runs into one burst. PERF_CYCLES,
 * PERF_COMPUTE and PERF_STALL read 0.
 *
 * Besides the engine's own checks the model reports two things the RTL
 * cannot see, loudly on stderr and in engine_model_diagnostics():
 *  - a missing SYNC: a command touching a bank that the latest command of
 *    the other unit (DMA vs. CONV) may still be using;
 *  - a quantization shift outside -31..31 in a LOAD_QP block.
 * Execution continues (the model runs commands one after another, so its
 * output stays defined), but any diagnostic means the list is wrong.
 */
#ifndef ENGINE_MODEL_H
#define ENGINE_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "../../firmware/backend.h"

typedef struct {
    unsigned rows, cols;     /* 1..255 */
    unsigned act_bytes;      /* per activation bank */
    unsigned wgt_rows;       /* per weight bank */
    unsigned acc_depth;      /* output pixels */
    uint32_t mem_base;       /* device memory [mem_base, mem_base + mem_size) */
    uint32_t mem_size;
} engine_model_config;

typedef struct engine_model engine_model;

/* The architecture defaults (8x8, 8 KiB, 512 rows, 1024 pixels) and 16 MiB
 * of memory at DEV_MEM_BASE. */
void engine_model_default_config(engine_model_config *cfg);

/* NULL if the configuration is out of range or memory is exhausted. */
engine_model *engine_model_create(const engine_model_config *cfg);
void engine_model_destroy(engine_model *m);

/* The backend view; valid as long as m lives. */
engine_backend engine_model_backend(engine_model *m);

/* Diagnostics since creation, and the text of the latest one ("" if none). */
unsigned long engine_model_diagnostics(const engine_model *m);
const char *engine_model_last_diagnostic(const engine_model *m);
/* Silences the stderr copy (tests that provoke diagnostics on purpose). */
void engine_model_set_quiet(engine_model *m, int quiet);

#endif
