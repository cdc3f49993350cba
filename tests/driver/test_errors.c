/*
 * Error paths and hand-derived behaviour of the driver core, the engine
 * model and the layer runner:
 *  - command encoding: bit positions against hand-packed words, range checks;
 *  - every engine error code with the right ERR_CMD and name;
 *  - a small conv, strided STORE and the perf counters against values
 *    worked out by hand;
 *  - the hazard checker on lists with and without the needed SYNC;
 *  - driver: watchdog expiry, busy engine, wrong ID/version;
 *  - layer runner: an engine error reported with its name and tile, shapes
 *    the engine cannot take rejected before anything reaches the device.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../firmware/cmd.h"
#include "../../firmware/drv.h"
#include "../../firmware/engine_regs.h"
#include "../../firmware/platform.h"
#include "../../sim/model/engine_model.h"
#include "accel.h"
#include "tcheck.h"

#define MEM_SIZE (1u << 20)
#define CMD_ADDR DEV_MEM_BASE
#define DATA (DEV_MEM_BASE + 0x10000u)
#define DATA2 (DEV_MEM_BASE + 0x20000u)
#define WATCHDOG 100000u

/* --- a model and a command list ------------------------------------------ */

typedef struct {
    engine_model *m;
    engine_backend be;
    uint32_t words[64 * ENG_CMD_WORDS];
    int n;
} rig;

static void rig_init(rig *r)
{
    engine_model_config cfg;
    engine_model_default_config(&cfg);
    cfg.act_bytes = 256;
    cfg.wgt_rows = 32;
    cfg.acc_depth = 16;
    cfg.mem_size = MEM_SIZE;
    r->m = engine_model_create(&cfg);
    r->be = engine_model_backend(r->m);
    r->n = 0;
    engine_model_set_quiet(r->m, 1);
}

static uint32_t *next(rig *r)
{
    return r->words + ENG_CMD_WORDS * r->n++;
}

static void to_bytes(const uint32_t *w, size_t n, uint8_t *b)
{
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < 4; j++)
            b[4 * i + j] = (uint8_t)(w[i] >> (8 * j));
}

static drv_status rig_run_at(rig *r, uint32_t cmd_addr, uint32_t win_size, drv_result *res)
{
    uint8_t bytes[sizeof r->words];
    to_bytes(r->words, (size_t)r->n * ENG_CMD_WORDS, bytes);
    r->be.mem_write(r->be.ctx, cmd_addr, bytes, (size_t)r->n * ENG_CMD_BYTES);
    return drv_run(&r->be, cmd_addr, DEV_MEM_BASE, win_size, WATCHDOG, res);
}

static drv_status rig_run(rig *r, drv_result *res)
{
    return rig_run_at(r, CMD_ADDR, MEM_SIZE, res);
}

/* --- command encoding ------------------------------------------------------ */

static void test_encoding(void)
{
    uint32_t w[ENG_CMD_WORDS];
    const cmd_conv_fields c = {
        .in_w = 0x1234, .in_h = 0x56, .in_c = 3, .ncols = 8, .out_w = 5, .out_h = 6,
        .k_w = 3, .k_h = 4, .stride_w = 1, .stride_h = 2, .pad_l = 1, .pad_t = 2,
        .zp_in = -1, .zp_out = 5, .act_min = -128, .act_max = 127,
    };
    CHECK(cmd_conv(w, FLAG_SYNC | FLAG_ACC_LAST, &c), "valid CONV rejected");
    /* Packed by hand from docs/ARCHITECTURE.md. */
    const uint32_t want[8] = { 0x00002104, 0x00561234, 0x00080003, 0x00060005,
                               0x02010403, 0x00000201, 0x7F8005FF, 0 };
    for (int i = 0; i < 8; i++)
        CHECK(w[i] == want[i], "CONV word %d: 0x%08x, expected 0x%08x", i, (unsigned)w[i],
              (unsigned)want[i]);

    const cmd_block b = { 0x10000008, 0x0102, 0x0304, 0x0506, 0x11223344, 0x55667788 };
    CHECK(cmd_store(w, FLAG_OUT_BANK, &b, 7), "valid STORE rejected");
    const uint32_t want_st[8] = { 0x00000805, 0x10000008, 0x00000102, 0x05060304,
                                  0x11223344, 0x55667788, 0x00000007, 0 };
    for (int i = 0; i < 8; i++)
        CHECK(w[i] == want_st[i], "STORE word %d: 0x%08x, expected 0x%08x", i, (unsigned)w[i],
              (unsigned)want_st[i]);
    CHECK(cmd_load_wgt(w, FLAG_WGT_BANK, 0x10000010, 0xFFFF) && w[0] == 0x0402 &&
              w[1] == 0x10000010 && w[2] == 0xFFFF, "LOAD_WGT words 0x%x 0x%x 0x%x",
          (unsigned)w[0], (unsigned)w[1], (unsigned)w[2]);

    cmd_conv_fields bad = c;
    bad.in_w = 0x10000;
    CHECK(!cmd_conv(w, 0, &bad), "IN_W 65536 accepted");
    bad = c;
    bad.zp_in = 128;
    CHECK(!cmd_conv(w, 0, &bad), "ZP_IN 128 accepted");
    bad = c;
    bad.ncols = 256;
    CHECK(!cmd_conv(w, 0, &bad), "NCOLS 256 accepted");
    CHECK(!cmd_end(w, 0x40), "undefined flag accepted");
    CHECK(!cmd_load_wgt(w, 0, DATA, 0x10000), "K_ROWS 65536 accepted");
    CHECK(!cmd_store(w, 0, &b, 256), "STORE NCOLS 256 accepted");
    const cmd_block big = { DATA, 0x10000, 1, 1, 0, 0 };
    CHECK(!cmd_load_act(w, 0, &big), "RUN_BYTES 65536 accepted");
}

/* --- engine errors ----------------------------------------------------------- */

/* A valid conv of a 4x4x2 tile with a 3x3 kernel, 2 columns. */
static cmd_conv_fields good_conv(void)
{
    return (cmd_conv_fields){ .in_w = 4, .in_h = 4, .in_c = 2, .ncols = 2, .out_w = 2,
                              .out_h = 2, .k_w = 3, .k_h = 3, .stride_w = 1, .stride_h = 1,
                              .act_min = -128, .act_max = 127 };
}

static cmd_block block(uint32_t addr, uint32_t run, uint32_t inner, uint32_t outer,
                       uint32_t inner_stride, uint32_t outer_stride)
{
    return (cmd_block){ addr, run, inner, outer, inner_stride, outer_stride };
}

typedef struct {
    const char *what;
    uint32_t code;
    int kind; /* which builder below */
} error_case;

enum {
    E_OPCODE7, E_OPCODE_FF, E_ACT_RUN0, E_ACT_BIG, E_ACT_END, E_ACT_BELOW, E_ACT_2ND_RUN,
    E_WGT_ZERO, E_WGT_BIG, E_WGT_MISALIGNED, E_WGT_END, E_QP_MISALIGNED, E_QP_END,
    E_CONV_K17, E_CONV_K0, E_CONV_S0, E_CONV_S9, E_CONV_PADL, E_CONV_PADT, E_CONV_NCOLS0,
    E_CONV_NCOLS9, E_CONV_INW0, E_CONV_OUTH0, E_CONV_INC0, E_CONV_ACT, E_CONV_K, E_CONV_ACC,
    E_ST_NCOLS0, E_ST_NCOLS9, E_ST_NOT_MULTIPLE, E_ST_BIG, E_ST_END,
};

static const error_case error_cases[] = {
    { "opcode 7", ERR_BAD_OPCODE, E_OPCODE7 },
    { "opcode 0xFF", ERR_BAD_OPCODE, E_OPCODE_FF },
    { "LOAD_ACT RUN_BYTES 0", ERR_BAD_PARAM, E_ACT_RUN0 },
    { "LOAD_ACT one byte over the bank", ERR_TOO_BIG, E_ACT_BIG },
    { "LOAD_ACT past the window end", ERR_ADDR_RANGE, E_ACT_END },
    { "LOAD_ACT below the window", ERR_ADDR_RANGE, E_ACT_BELOW },
    { "LOAD_ACT second row outside", ERR_ADDR_RANGE, E_ACT_2ND_RUN },
    { "LOAD_WGT K_ROWS 0", ERR_BAD_PARAM, E_WGT_ZERO },
    { "LOAD_WGT K_ROWS over WGT_ROWS", ERR_TOO_BIG, E_WGT_BIG },
    { "LOAD_WGT address +4", ERR_MISALIGNED, E_WGT_MISALIGNED },
    { "LOAD_WGT past the window end", ERR_ADDR_RANGE, E_WGT_END },
    { "LOAD_QP address +1", ERR_MISALIGNED, E_QP_MISALIGNED },
    { "LOAD_QP past the window end", ERR_ADDR_RANGE, E_QP_END },
    { "CONV kernel 17", ERR_BAD_PARAM, E_CONV_K17 },
    { "CONV kernel 0", ERR_BAD_PARAM, E_CONV_K0 },
    { "CONV stride 0", ERR_BAD_PARAM, E_CONV_S0 },
    { "CONV stride 9", ERR_BAD_PARAM, E_CONV_S9 },
    { "CONV PAD_L == K_W", ERR_BAD_PARAM, E_CONV_PADL },
    { "CONV PAD_T == K_H", ERR_BAD_PARAM, E_CONV_PADT },
    { "CONV NCOLS 0", ERR_BAD_PARAM, E_CONV_NCOLS0 },
    { "CONV NCOLS > COLS", ERR_BAD_PARAM, E_CONV_NCOLS9 },
    { "CONV IN_W 0", ERR_BAD_PARAM, E_CONV_INW0 },
    { "CONV OUT_H 0", ERR_BAD_PARAM, E_CONV_OUTH0 },
    { "CONV IN_C 0", ERR_BAD_PARAM, E_CONV_INC0 },
    { "CONV input tile over ACT_BYTES", ERR_TOO_BIG, E_CONV_ACT },
    { "CONV K over WGT_ROWS", ERR_TOO_BIG, E_CONV_K },
    { "CONV pixels over ACC_DEPTH", ERR_TOO_BIG, E_CONV_ACC },
    { "STORE NCOLS 0", ERR_BAD_PARAM, E_ST_NCOLS0 },
    { "STORE NCOLS > COLS", ERR_BAD_PARAM, E_ST_NCOLS9 },
    { "STORE block not a multiple of NCOLS", ERR_BAD_PARAM, E_ST_NOT_MULTIPLE },
    { "STORE pixels over ACC_DEPTH", ERR_TOO_BIG, E_ST_BIG },
    { "STORE past the window end", ERR_ADDR_RANGE, E_ST_END },
};

/* The faulty command of each case (rig: 8x8, 256 act bytes, 32 weight rows,
 * 16 pixels, 1 MiB window). */
static void build_bad(int kind, uint32_t *w)
{
    const uint32_t end = DEV_MEM_BASE + MEM_SIZE;
    cmd_conv_fields c = good_conv();
    cmd_block b;
    switch (kind) {
    case E_OPCODE7: cmd_end(w, 0); w[0] = 7; return;
    case E_OPCODE_FF: cmd_end(w, 0); w[0] = 0xFF; return;
    case E_ACT_RUN0: b = block(DATA, 0, 1, 1, 0, 0); cmd_load_act(w, 0, &b); return;
    case E_ACT_BIG: b = block(DATA, 257, 1, 1, 0, 0); cmd_load_act(w, 0, &b); return;
    case E_ACT_END: b = block(end - 8, 16, 1, 1, 0, 0); cmd_load_act(w, 0, &b); return;
    case E_ACT_BELOW: b = block(DEV_MEM_BASE - 16, 16, 1, 1, 0, 0); cmd_load_act(w, 0, &b); return;
    case E_ACT_2ND_RUN: b = block(end - 16, 8, 1, 2, 0, 16); cmd_load_act(w, 0, &b); return;
    case E_WGT_ZERO: cmd_load_wgt(w, 0, DATA, 0); return;
    case E_WGT_BIG: cmd_load_wgt(w, 0, DATA, 33); return;
    case E_WGT_MISALIGNED: cmd_load_wgt(w, 0, DATA + 4, 2); return;
    case E_WGT_END: cmd_load_wgt(w, 0, end - 8, 2); return;
    case E_QP_MISALIGNED: cmd_load_qp(w, 0, DATA + 1); return;
    case E_QP_END: cmd_load_qp(w, 0, end - 8); return;
    case E_CONV_K17: c.k_w = 17; break;
    case E_CONV_K0: c.k_h = 0; break;
    case E_CONV_S0: c.stride_w = 0; break;
    case E_CONV_S9: c.stride_h = 9; break;
    case E_CONV_PADL: c.pad_l = 3; break;
    case E_CONV_PADT: c.pad_t = 3; break;
    case E_CONV_NCOLS0: c.ncols = 0; break;
    case E_CONV_NCOLS9: c.ncols = 9; break;
    case E_CONV_INW0: c.in_w = 0; break;
    case E_CONV_OUTH0: c.out_h = 0; break;
    case E_CONV_INC0: c.in_c = 0; break;
    case E_CONV_ACT: c.in_w = 16; c.in_h = 9; break; /* 16*9*2 = 288 > 256 */
    case E_CONV_K: c.in_c = 4; break;                /* 3*3*4 = 36 > 32 */
    case E_CONV_ACC: c.out_w = 17; c.out_h = 1; break;
    case E_ST_NCOLS0: b = block(DATA2, 8, 1, 1, 0, 0); cmd_store(w, 0, &b, 0); return;
    case E_ST_NCOLS9: b = block(DATA2, 9, 1, 1, 0, 0); cmd_store(w, 0, &b, 9); return;
    case E_ST_NOT_MULTIPLE: b = block(DATA2, 7, 1, 1, 0, 0); cmd_store(w, 0, &b, 2); return;
    case E_ST_BIG: b = block(DATA2, 17, 1, 1, 0, 0); cmd_store(w, 0, &b, 1); return;
    case E_ST_END: b = block(end - 4, 8, 1, 1, 0, 0); cmd_store(w, 0, &b, 8); return;
    }
    cmd_conv(w, FLAG_ACC_FIRST | FLAG_ACC_LAST, &c);
}

static void test_error_codes(void)
{
    for (size_t i = 0; i < sizeof error_cases / sizeof error_cases[0]; i++) {
        const error_case *ec = &error_cases[i];
        rig r;
        rig_init(&r);
        /* Two good commands first, so ERR_CMD must be 2. */
        const cmd_block ok = block(DATA, 16, 1, 1, 0, 0);
        cmd_load_act(next(&r), 0, &ok);
        cmd_load_wgt(next(&r), 0, DATA, 2);
        build_bad(ec->kind, next(&r));
        cmd_end(next(&r), 0);
        drv_result res;
        const drv_status st = rig_run(&r, &res);
        CHECK(st == DRV_ENGINE_ERROR && res.err_code == ec->code && res.err_cmd == 2,
              "%s: status %s, code %u (%s), command %u; expected code %u at command 2",
              ec->what, drv_status_name(st), (unsigned)res.err_code, res.err_name,
              (unsigned)res.err_cmd, (unsigned)ec->code);
        CHECK(strcmp(res.err_name, drv_error_name(ec->code)) == 0, "%s: name %s", ec->what,
              res.err_name);
        CHECK(res.perf.cmds == 2, "%s: %u commands counted before the error", ec->what,
              (unsigned)res.perf.cmds);
        engine_model_destroy(r.m);
    }
    CHECK(strcmp(drv_error_name(ERR_ADDR_RANGE), "ADDR_RANGE") == 0 &&
              strcmp(drv_error_name(ERR_MISALIGNED), "MISALIGNED") == 0 &&
              strcmp(drv_error_name(99), "UNKNOWN") == 0, "error names");
}

/* Errors that are about the list rather than one command. */
static void test_list_errors(void)
{
    rig r;
    drv_result res;

    rig_init(&r);
    cmd_end(next(&r), 0);
    CHECK(rig_run_at(&r, CMD_ADDR + 4, MEM_SIZE, &res) == DRV_ENGINE_ERROR &&
              res.err_code == ERR_MISALIGNED && res.err_cmd == 0,
          "CMD_BASE +4: code %u command %u", (unsigned)res.err_code, (unsigned)res.err_cmd);
    /* The engine recovers: the same list from an aligned base runs. */
    CHECK(rig_run(&r, &res) == DRV_OK, "run after an error: %s", drv_status_name(res.status));
    engine_model_destroy(r.m);

    /* No END: two commands at the very end of the window, then the fetch
     * of command 2 leaves it. */
    rig_init(&r);
    const cmd_block ok = block(DATA, 16, 1, 1, 0, 0);
    cmd_load_act(next(&r), 0, &ok);
    cmd_load_act(next(&r), 0, &ok);
    CHECK(rig_run_at(&r, DEV_MEM_BASE + MEM_SIZE - 64, MEM_SIZE, &res) == DRV_ENGINE_ERROR &&
              res.err_code == ERR_ADDR_RANGE && res.err_cmd == 2,
          "list without END: code %u command %u", (unsigned)res.err_code, (unsigned)res.err_cmd);
    engine_model_destroy(r.m);

    /* Backed memory outside a smaller window is still out of range. */
    rig_init(&r);
    const cmd_block far = block(DATA2, 16, 1, 1, 0, 0);
    cmd_load_act(next(&r), 0, &far);
    cmd_end(next(&r), 0);
    CHECK(rig_run_at(&r, CMD_ADDR, DATA2 - DEV_MEM_BASE, &res) == DRV_ENGINE_ERROR &&
              res.err_code == ERR_ADDR_RANGE && res.err_cmd == 0,
          "window smaller than memory: code %u", (unsigned)res.err_code);
    engine_model_destroy(r.m);
}

/* --- hand-worked results --------------------------------------------------- */

static void put_qp(rig *r, uint32_t addr, int32_t bias0)
{
    /* Column 0: bias0, multiplier 2^30, shift 1: M = 2^30 * 2^(1-31) = 1. */
    uint32_t qp[24] = { 0 };
    qp[0] = (uint32_t)bias0;
    qp[8] = 1u << 30;
    qp[16] = 1;
    uint8_t b[sizeof qp];
    to_bytes(qp, 24, b);
    r->be.mem_write(r->be.ctx, addr, b, sizeof b);
}

/* 2x2 input [1 2; 3 4], zp_in 5, 2x2 kernel of ones, PAD_T = PAD_L = 1,
 * 2x2 output. Tap (iy, ix) of output (oy, ox) is (oy-1+ky, ox-1+kx):
 *   (0,0): 5+5+5+1 = 16   (0,1): 5+5+1+2 = 13
 *   (1,0): 5+1+5+3 = 14   (1,1): 1+2+3+4 = 10
 * Two CONVs accumulate (ACC_FIRST, then ACC_LAST) to twice that, plus the
 * bias 100 of the second weight bank: 132 126 128 120, clamped at 127.
 * The STORE scatters the 4 pixels to offsets 0, 3, 10, 13. */
static void test_hand_conv(void)
{
    rig r;
    rig_init(&r);
    const int8_t in[4] = { 1, 2, 3, 4 };
    int8_t wgt[4 * 8] = { 0 };
    for (int k = 0; k < 4; k++)
        wgt[k * 8] = 1; /* column 0 only */
    r.be.mem_write(r.be.ctx, DATA, in, 4);
    r.be.mem_write(r.be.ctx, DATA + 64, wgt, sizeof wgt);
    put_qp(&r, DATA + 128, 0);
    put_qp(&r, DATA + 256, 100);
    uint8_t fill[16];
    memset(fill, 0x55, sizeof fill);
    r.be.mem_write(r.be.ctx, DATA2, fill, sizeof fill);

    const cmd_conv_fields c = { .in_w = 2, .in_h = 2, .in_c = 1, .ncols = 1, .out_w = 2,
                                .out_h = 2, .k_w = 2, .k_h = 2, .stride_w = 1, .stride_h = 1,
                                .pad_l = 1, .pad_t = 1, .zp_in = 5, .act_min = -128,
                                .act_max = 127 };
    const cmd_block ld = block(DATA, 4, 1, 1, 0, 0);
    cmd_load_act(next(&r), 0, &ld);
    cmd_load_wgt(next(&r), 0, DATA + 64, 4);
    cmd_load_qp(next(&r), 0, DATA + 128);
    cmd_load_wgt(next(&r), FLAG_WGT_BANK, DATA + 64, 4);
    cmd_load_qp(next(&r), FLAG_WGT_BANK, DATA + 256);
    cmd_conv(next(&r), FLAG_SYNC | FLAG_ACC_FIRST, &c);
    cmd_conv(next(&r), FLAG_WGT_BANK | FLAG_ACC_LAST | FLAG_OUT_BANK, &c);
    const cmd_block st = block(DATA2, 1, 2, 2, 3, 10);
    cmd_store(next(&r), FLAG_SYNC | FLAG_OUT_BANK, &st, 1);
    cmd_end(next(&r), 0);
    drv_result res;
    CHECK(rig_run(&r, &res) == DRV_OK, "hand conv: %s %s", drv_status_name(res.status),
          res.err_name);
    int8_t out[16];
    r.be.mem_read(r.be.ctx, DATA2, out, sizeof out);
    const int8_t want[16] = { 127, 0x55, 0x55, 126, 0x55, 0x55, 0x55, 0x55,
                              0x55, 0x55, 127, 0x55, 0x55, 120, 0x55, 0x55 };
    CHECK(memcmp(out, want, sizeof want) == 0,
          "hand conv output %d %d %d %d, expected 127 126 127 120", out[0], out[3], out[10],
          out[13]);
    /* 2 CONVs x 4 pixels x K=4 x 1 column; 4 bytes stored. Reads: 9 command
     * fetches of 32 bytes, act 4 bytes = one beat, weights 2 x 32, qp
     * 2 x 96: 288 + 8 + 64 + 192 = 552. */
    CHECK(res.perf.macs == 32 && res.perf.wr_bytes == 4 && res.perf.rd_bytes == 552 &&
              res.perf.cmds == 9,
          "perf: macs %u wr %u rd %u cmds %u", (unsigned)res.perf.macs,
          (unsigned)res.perf.wr_bytes, (unsigned)res.perf.rd_bytes, (unsigned)res.perf.cmds);
    CHECK(engine_model_diagnostics(r.m) == 0, "hand conv: %s", engine_model_last_diagnostic(r.m));
    engine_model_destroy(r.m);

    /* An unaligned 3-byte run at +5 reads the single beat [0, 8). */
    rig_init(&r);
    const cmd_block odd = block(DATA + 5, 3, 1, 1, 0, 0);
    cmd_load_act(next(&r), 0, &odd);
    cmd_end(next(&r), 0);
    CHECK(rig_run(&r, &res) == DRV_OK && res.perf.rd_bytes == 2 * 32 + 8,
          "beat counting: %u", (unsigned)res.perf.rd_bytes);
    engine_model_destroy(r.m);
}

/* --- hazard checker --------------------------------------------------------- */

static unsigned long hazards_of(void (*build)(rig *, int), int with_sync, char *msg, size_t len)
{
    rig r;
    rig_init(&r);
    build(&r, with_sync);
    cmd_end(next(&r), 0);
    drv_result res;
    rig_run(&r, &res);
    const unsigned long n = engine_model_diagnostics(r.m);
    snprintf(msg, len, "%s", engine_model_last_diagnostic(r.m));
    engine_model_destroy(r.m);
    return n;
}

/* Loads then the CONV reading them. */
static void list_load_conv(rig *r, int sync)
{
    const cmd_block ld = block(DATA, 32, 1, 1, 0, 0);
    const cmd_conv_fields c = good_conv();
    cmd_load_act(next(r), 0, &ld);
    cmd_load_wgt(next(r), 0, DATA, 18);
    cmd_load_qp(next(r), 0, DATA);
    cmd_conv(next(r), (sync ? FLAG_SYNC : 0) | FLAG_ACC_FIRST | FLAG_ACC_LAST, &c);
}

/* A CONV that requantizes with bank 1's parameters, which only "loaded" filled. */
static void list_conv_without_qp(rig *r, int loaded)
{
    const cmd_block ld = block(DATA, 32, 1, 1, 0, 0);
    const cmd_conv_fields c = good_conv();
    cmd_load_act(next(r), 0, &ld);
    cmd_load_wgt(next(r), FLAG_WGT_BANK, DATA, 18);
    if (loaded)
        cmd_load_qp(next(r), FLAG_WGT_BANK, DATA);
    cmd_conv(next(r), FLAG_SYNC | FLAG_WGT_BANK | FLAG_ACC_FIRST | FLAG_ACC_LAST, &c);
}

/* A CONV then the STORE of its output bank. */
static void list_conv_store(rig *r, int sync)
{
    list_load_conv(r, 1);
    const cmd_block st = block(DATA2, 8, 1, 1, 0, 0);
    cmd_store(next(r), sync ? FLAG_SYNC : 0, &st, 2);
}

/* Double buffering done right: while CONV 0 runs, the DMA fills bank 1;
 * the second CONV syncs; the store of bank 0 overlaps it; then bank 0 is
 * reloaded while CONV 1 (bank 1) runs. With "sync" == 0 the last load goes
 * into bank 1 instead, under the running CONV. */
static void list_pingpong(rig *r, int sync)
{
    const cmd_block ld = block(DATA, 32, 1, 1, 0, 0);
    const cmd_conv_fields c = good_conv();
    const cmd_block st = block(DATA2, 8, 1, 1, 0, 0);
    list_load_conv(r, 1);
    cmd_load_act(next(r), FLAG_ACT_BANK, &ld);
    cmd_load_wgt(next(r), FLAG_WGT_BANK, DATA, 18);
    cmd_load_qp(next(r), FLAG_WGT_BANK, DATA);
    cmd_conv(next(r), FLAG_SYNC | FLAG_ACT_BANK | FLAG_WGT_BANK | FLAG_OUT_BANK |
                          FLAG_ACC_FIRST | FLAG_ACC_LAST, &c);
    cmd_store(next(r), 0, &st, 2);
    cmd_load_act(next(r), sync ? 0 : FLAG_ACT_BANK, &ld);
}

static void test_hazards(void)
{
    char msg[256];
    CHECK(hazards_of(list_load_conv, 0, msg, sizeof msg) == 1 && strstr(msg, "MISSING SYNC") &&
              strstr(msg, "command 3 (CONV)"),
          "CONV right after its loads without SYNC: \"%s\"", msg);
    CHECK(hazards_of(list_load_conv, 1, msg, sizeof msg) == 0, "with SYNC: \"%s\"", msg);
    CHECK(hazards_of(list_conv_store, 0, msg, sizeof msg) == 1 && strstr(msg, "output bank 0"),
          "STORE of a bank the CONV may still write: \"%s\"", msg);
    CHECK(hazards_of(list_conv_store, 1, msg, sizeof msg) == 0, "with SYNC: \"%s\"", msg);
    CHECK(hazards_of(list_pingpong, 1, msg, sizeof msg) == 0, "ping-pong: \"%s\"", msg);
    CHECK(hazards_of(list_pingpong, 0, msg, sizeof msg) == 1 &&
              strstr(msg, "activation bank 1"),
          "load under the running CONV: \"%s\"", msg);
    CHECK(hazards_of(list_conv_without_qp, 0, msg, sizeof msg) == 1 &&
              strstr(msg, "NO LOAD_QP: command 2 (CONV)") && strstr(msg, "weight bank 1"),
          "CONV requantizing before any LOAD_QP: \"%s\"", msg);
    CHECK(hazards_of(list_conv_without_qp, 1, msg, sizeof msg) == 0,
          "with its LOAD_QP: \"%s\"", msg);
}

/* --- driver against fake devices ------------------------------------------ */

typedef struct {
    uint32_t id, hwcfg, status;
    uint64_t wait_returns; /* 0: the max_cycles asked for */
    int zero_wait;
    int starts;
} fake_dev;

static uint32_t fake_read(void *ctx, uint32_t off)
{
    fake_dev *f = ctx;
    switch (off) {
    case CSR_ID: return f->id;
    case CSR_HWCFG: return f->hwcfg;
    case CSR_STATUS: return f->status;
    case CSR_PERF_CMDS: return 7;
    default: return 64;
    }
}

static void fake_write(void *ctx, uint32_t off, uint32_t v)
{
    fake_dev *f = ctx;
    if (off == CSR_CTRL && (v & CTRL_START)) {
        f->starts++;
        f->status = STATUS_BUSY; /* and it never finishes */
    }
}

static int fake_mem(void *ctx, uint32_t addr, const void *src, size_t n)
{
    (void)ctx, (void)addr, (void)src, (void)n;
    return 0;
}

static int fake_mem_read(void *ctx, uint32_t addr, void *dst, size_t n)
{
    (void)ctx, (void)addr, (void)dst, (void)n;
    return 0;
}

static uint64_t fake_wait(void *ctx, uint64_t max_cycles)
{
    fake_dev *f = ctx;
    return f->zero_wait ? 0 : max_cycles;
}

static engine_backend fake_backend(fake_dev *f)
{
    return (engine_backend){ f, fake_read, fake_write, fake_mem, fake_mem_read, fake_wait };
}

static void test_driver(void)
{
    fake_dev f = { .id = ENG_ID_VALUE, .hwcfg = 8 | 8 << 8 | ENG_ARCH_VERSION << 16 };
    engine_backend be = fake_backend(&f);
    engine_info info;
    CHECK(drv_engine_info(&be, &info) == DRV_OK && info.rows == 8 && info.cols == 8 &&
              info.act_bytes == 64, "engine info of a good device");
    f.id = 0x12345678;
    CHECK(drv_engine_info(&be, &info) == DRV_BAD_ID, "wrong ID accepted");
    f.id = ENG_ID_VALUE;
    f.hwcfg = 8 | 8 << 8 | 2u << 16;
    CHECK(drv_engine_info(&be, &info) == DRV_BAD_VERSION, "version 2 accepted");
    f.hwcfg = 8 | ENG_ARCH_VERSION << 16;
    CHECK(drv_engine_info(&be, &info) == DRV_BAD_CONFIG, "COLS 0 accepted");

    drv_result r;
    const uint64_t budget = 100000;
    CHECK(drv_run(&be, CMD_ADDR, DEV_MEM_BASE, MEM_SIZE, budget, &r) == DRV_WATCHDOG &&
              r.waited == budget && r.perf.cmds == 7,
          "never-finishing device: %s after %llu cycles", drv_status_name(r.status),
          (unsigned long long)r.waited);
    /* Busy from the previous run: refused, no second START. */
    CHECK(drv_run(&be, CMD_ADDR, DEV_MEM_BASE, MEM_SIZE, budget, &r) == DRV_BUSY && f.starts == 1,
          "busy device: %s, %d starts", drv_status_name(r.status), f.starts);
    /* A wait that reports no progress still runs into the watchdog. */
    fake_dev z = { .id = ENG_ID_VALUE, .zero_wait = 1 };
    be = fake_backend(&z);
    CHECK(drv_run(&be, CMD_ADDR, DEV_MEM_BASE, MEM_SIZE, budget, &r) == DRV_WATCHDOG,
          "zero-cycle waits: %s", drv_status_name(r.status));
}

/* --- layer runner ------------------------------------------------------------ */

/* The model behind a wrapper that counts what reaches the device and can
 * move the start of the DMA window the driver programs. */
typedef struct {
    engine_backend inner;
    uint32_t window_skip;
    int starts, mem_writes;
} spy;

static uint32_t spy_read(void *ctx, uint32_t off)
{
    spy *s = ctx;
    return s->inner.csr_read(s->inner.ctx, off);
}

static void spy_write(void *ctx, uint32_t off, uint32_t v)
{
    spy *s = ctx;
    if (off == CSR_MEM_BASE)
        v += s->window_skip;
    if (off == CSR_CTRL && (v & CTRL_START))
        s->starts++;
    s->inner.csr_write(s->inner.ctx, off, v);
}

static int spy_mem_write(void *ctx, uint32_t addr, const void *src, size_t n)
{
    spy *s = ctx;
    s->mem_writes++;
    return s->inner.mem_write(s->inner.ctx, addr, src, n);
}

static int spy_mem_read(void *ctx, uint32_t addr, void *dst, size_t n)
{
    spy *s = ctx;
    return s->inner.mem_read(s->inner.ctx, addr, dst, n);
}

static uint64_t spy_wait(void *ctx, uint64_t max_cycles)
{
    spy *s = ctx;
    return s->inner.wait(s->inner.ctx, max_cycles);
}

typedef struct {
    ref_conv p;
    int8_t w[16 * 16 * 4 * 4];
    int32_t bias[4];
    ref_qmul q[4];
} small_layer;

static void small_conv(small_layer *l, int k, int stride, int in_hw)
{
    memset(l, 0, sizeof *l);
    l->p = (ref_conv){ .in_h = in_hw, .in_w = in_hw, .in_c = 2, .out_c = 4, .k_h = k, .k_w = k,
                       .stride_h = stride, .stride_w = stride, .act_min = -128, .act_max = 127,
                       .weights = l->w, .bias = l->bias, .qmul = l->q };
    for (int o = 0; o < 4; o++)
        l->q[o] = (ref_qmul){ 1 << 30, -4 };
}

static void expect_rejected(spy *s, accel_dev *dev, const ref_conv *p, const char *needle)
{
    char err[256] = "";
    const int writes = s->mem_writes, starts = s->starts;
    accel_layer *l = accel_prepare(dev, p, err, sizeof err);
    CHECK(l == NULL && strstr(err, needle) != NULL, "expected rejection mentioning \"%s\", got \"%s\"",
          needle, l ? "(accepted)" : err);
    CHECK(s->mem_writes == writes && s->starts == starts,
          "rejected shape reached the device (%d writes, %d starts)", s->mem_writes - writes,
          s->starts - starts);
    accel_layer_free(l);
}

static void test_accel(void)
{
    engine_model_config cfg;
    engine_model_default_config(&cfg);
    cfg.act_bytes = 100;
    cfg.wgt_rows = 64;
    cfg.mem_size = MEM_SIZE;
    engine_model *m = engine_model_create(&cfg);
    spy s = { .inner = engine_model_backend(m) };
    engine_backend be = { &s, spy_read, spy_write, spy_mem_write, spy_mem_read, spy_wait };
    char err[256];
    accel_dev *dev = accel_open(&be, DEV_MEM_BASE, MEM_SIZE, err, sizeof err);
    CHECK(dev != NULL, "accel_open: %s", err);
    if (!dev)
        return;

    small_layer l;
    small_conv(&l, 17, 1, 20);
    expect_rejected(&s, dev, &l.p, "kernel 17x17");
    small_conv(&l, 3, 9, 20);
    expect_rejected(&s, dev, &l.p, "stride 9x9");
    small_conv(&l, 9, 1, 20); /* 81 weight rows per channel > 64 */
    expect_rejected(&s, dev, &l.p, "weight bank");
    small_conv(&l, 3, 1, 20);
    l.p.zp_in = 200;
    expect_rejected(&s, dev, &l.p, "int8");
    accel_close(dev);
    engine_model_destroy(m);

    /* One 11x11 window of one channel (121 bytes) cannot fit 100 bytes. */
    cfg.wgt_rows = 512;
    m = engine_model_create(&cfg);
    s = (spy){ .inner = engine_model_backend(m) };
    dev = accel_open(&be, DEV_MEM_BASE, MEM_SIZE, err, sizeof err);
    small_conv(&l, 11, 1, 20);
    expect_rejected(&s, dev, &l.p, "activation bank");
    accel_close(dev);

    /* Not enough device memory. */
    dev = accel_open(&be, DEV_MEM_BASE, 256, err, sizeof err);
    small_conv(&l, 3, 1, 8);
    expect_rejected(&s, dev, &l.p, "device memory exhausted");
    accel_close(dev);

    /* An engine error surfaces with its name and the tile of the command:
     * the window starts 8 bytes into the packed weights (the first buffer
     * allocated), so the first LOAD_ACT works and the LOAD_WGT after it fails. */
    dev = accel_open(&be, DEV_MEM_BASE, MEM_SIZE, err, sizeof err);
    small_conv(&l, 3, 1, 6);
    accel_layer *al = accel_prepare(dev, &l.p, err, sizeof err);
    CHECK(al != NULL, "prepare: %s", err);
    if (al) {
        int8_t in[6 * 6 * 2] = { 0 }, out[4 * 4 * 4];
        accel_stats st;
        CHECK(accel_run(al, in, out, &st, err, sizeof err) == 0, "run: %s", err);
        s.window_skip = 8;
        CHECK(accel_run(al, in, out, &st, err, sizeof err) == -1 && strstr(err, "ADDR_RANGE") &&
                  strstr(err, "command 1 (LOAD_WGT of tile 0"),
              "engine error message: \"%s\"", err);
        s.window_skip = 0;
        CHECK(accel_run(al, in, out, &st, err, sizeof err) == 0, "run after error: %s", err);

        /* accel_compare names the tile, channel and position. */
        int8_t want[sizeof out];
        memcpy(want, out, sizeof out);
        want[(2 * 4 + 3) * 4 + 1] ^= 1;
        char msg[256];
        CHECK(accel_compare(al, out, want, msg, sizeof msg) == 1 &&
                  strstr(msg, "y=2 x=3 channel 1") && strstr(msg, "tile 0"),
              "compare message: \"%s\"", msg);
        accel_layer_free(al);
    }
    accel_close(dev);
    engine_model_destroy(m);

    cfg.rows = 0;
    CHECK(engine_model_create(&cfg) == NULL, "model with 0 rows created");
}

int main(void)
{
    test_encoding();
    test_error_codes();
    test_list_errors();
    test_hand_conv();
    test_hazards();
    test_driver();
    test_accel();
    return tcheck_summary();
}
