/*
 * Driver core: identify the engine, run one command list with a cycle
 * watchdog, report the outcome. Freestanding (no heap, no stdio); every
 * device access goes through an engine_backend.
 */
#ifndef DRV_H
#define DRV_H

#include <stdint.h>

#include "backend.h"

/* Engine parameters read from the CSRs. */
typedef struct {
    uint32_t version;
    uint32_t rows, cols;
    uint32_t act_bytes;  /* per activation bank */
    uint32_t wgt_rows;   /* rows of COLS bytes per weight bank */
    uint32_t acc_depth;  /* output pixels per tile */
} engine_info;

typedef enum {
    DRV_OK = 0,
    DRV_ENGINE_ERROR, /* the engine stopped with STATUS.ERROR; see err_code/err_cmd */
    DRV_WATCHDOG,     /* no DONE within the watchdog budget */
    DRV_BAD_ID,       /* ID register is not 'CNNA' */
    DRV_BAD_VERSION,  /* architecture version this driver does not speak */
    DRV_BAD_CONFIG,   /* HWCFG or a buffer size register reads zero */
    DRV_BUSY,         /* the engine was still busy when a run was requested */
} drv_status;

/* Performance counters, read after every run (also after an error or a
 * watchdog expiry, when they show how far the engine got). */
typedef struct {
    uint32_t cycles, compute, macs, rd_bytes, wr_bytes, stall, cmds;
} drv_perf;

typedef struct {
    drv_status status;
    uint32_t err_code;     /* ERR_* when status == DRV_ENGINE_ERROR, else 0 */
    uint32_t err_cmd;      /* index of the failing command */
    const char *err_name;  /* drv_error_name(err_code) */
    uint64_t waited;       /* cycles spent in backend->wait (a cycle-less model: 0) */
    drv_perf perf;
} drv_result;

/* Cycles per backend->wait call while polling. */
#define DRV_WAIT_SLICE 16384u

drv_status drv_engine_info(const engine_backend *be, engine_info *info);

/* Runs the command list at cmd_base with the DMA window [mem_base,
 * mem_base + mem_size): clears DONE, writes the CSRs and START, then lets
 * the device run in slices until DONE or until watchdog_cycles have passed.
 * A wait that returns 0 without DONE counts as a full slice, so a backend
 * that never finishes still runs into the watchdog. */
drv_status drv_run(const engine_backend *be, uint32_t cmd_base, uint32_t mem_base,
                   uint32_t mem_size, uint64_t watchdog_cycles, drv_result *r);

const char *drv_status_name(drv_status s);
/* "NONE", "BAD_OPCODE", ..., or "UNKNOWN" for a code the map does not define. */
const char *drv_error_name(uint32_t code);

#endif
