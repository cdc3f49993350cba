/* Private state of the engine model, shared by its source files. */
#ifndef MODEL_PRIV_H
#define MODEL_PRIV_H

#include <stdint.h>

#include "engine_model.h"

enum { UNIT_DMA = 0, UNIT_CONV = 1 };

/* One bit per bank, for the hazard checker. */
enum {
    BANK_ACT0 = 1 << 0, BANK_ACT1 = 1 << 1,
    BANK_WGT0 = 1 << 2, BANK_WGT1 = 1 << 3, /* weights and quant parameters */
    BANK_OUT0 = 1 << 4, BANK_OUT1 = 1 << 5,
};

/* The latest command of a unit since the last SYNC (or END). */
typedef struct {
    int valid;
    uint32_t index;
    uint32_t opcode;
    unsigned banks;
} unit_use;

struct engine_model {
    engine_model_config cfg;
    uint8_t *mem;

    /* CSRs */
    uint32_t status, err_cmd, irq_en, cmd_base, win_base, win_size;
    uint32_t perf_macs, perf_rd_bytes, perf_wr_bytes, perf_cmds;
    int started; /* START seen, list not yet run */

    /* on-chip buffers */
    int8_t *act[2];        /* act_bytes each */
    int8_t *wgt[2];        /* wgt_rows x cols */
    int32_t *qp[2];        /* bias[cols], mult[cols], shift[cols] */
    int qp_loaded[2];      /* a LOAD_QP has written the bank since power-up */
    uint32_t *acc;         /* acc_depth x cols, wrapping int32 sums */
    int8_t *out[2];        /* acc_depth x cols */
    int32_t *lane_x;       /* scratch: one input vector (wgt_rows lanes) */
    int32_t *tap_ky, *tap_kx, *tap_ci; /* scratch: tap of each reduction index */

    unit_use last[2];      /* hazard checker, per unit */
    unsigned long diagnostics;
    char last_diag[256];
    int quiet;
};

/* Executes one fetched command (index idx); returns ERR_NONE or an engine
 * error code. */
uint32_t model_exec(engine_model *m, uint32_t idx, const uint32_t w[8]);

/* 0 if [addr, addr + n) lies inside the MEM_BASE/MEM_SIZE window and inside
 * backed memory, else ERR_ADDR_RANGE. */
uint32_t model_dma_check(const engine_model *m, uint32_t addr, uint32_t n);
/* Memory at a checked device address. */
uint8_t *model_mem_at(engine_model *m, uint32_t addr);
/* Bytes of the 8-byte beats covering [addr, addr + n). */
uint32_t model_beat_bytes(uint32_t addr, uint32_t n);

/* Records and prints a model-only diagnostic (printf-style). */
void model_diag(engine_model *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
