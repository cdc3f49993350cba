/*
 * Command encoding: one function per opcode fills the 8 words of a command
 * from named fields. Each returns true, or false when a value does not fit
 * its field (or a flag is undefined), leaving the words unspecified.
 * Legality beyond field width (kernel 1..16, buffer fit, ...) is the
 * engine's check, so deliberately bad commands can still be encoded.
 * Freestanding.
 */
#ifndef CMD_H
#define CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "engine_regs.h"

#define CMD_FLAGS_ALL (FLAG_SYNC | FLAG_ACT_BANK | FLAG_WGT_BANK | FLAG_OUT_BANK | \
                       FLAG_ACC_FIRST | FLAG_ACC_LAST)

/* Strided block of LOAD_ACT and STORE: OUTER_COUNT rows of INNER_COUNT runs
 * of RUN_BYTES bytes; run (o, i) starts at addr + o*outer_stride + i*inner_stride. */
typedef struct {
    uint32_t addr;
    uint32_t run_bytes, inner_count, outer_count;
    uint32_t inner_stride, outer_stride;
} cmd_block;

typedef struct {
    uint32_t in_w, in_h, in_c;         /* input tile in the activation bank */
    uint32_t ncols;                    /* active output columns */
    uint32_t out_w, out_h;             /* output tile */
    uint32_t k_w, k_h, stride_w, stride_h;
    uint32_t pad_l, pad_t;             /* padding left of / above the tile */
    int32_t zp_in, zp_out, act_min, act_max; /* int8 range each */
} cmd_conv_fields;

bool cmd_end(uint32_t w[ENG_CMD_WORDS], uint32_t flags);
bool cmd_load_act(uint32_t w[ENG_CMD_WORDS], uint32_t flags, const cmd_block *b);
bool cmd_load_wgt(uint32_t w[ENG_CMD_WORDS], uint32_t flags, uint32_t addr, uint32_t k_rows);
bool cmd_load_qp(uint32_t w[ENG_CMD_WORDS], uint32_t flags, uint32_t addr);
bool cmd_conv(uint32_t w[ENG_CMD_WORDS], uint32_t flags, const cmd_conv_fields *c);
bool cmd_store(uint32_t w[ENG_CMD_WORDS], uint32_t flags, const cmd_block *b, uint32_t ncols);

/* Opcode and flags of an encoded command. */
uint32_t cmd_opcode(const uint32_t w[ENG_CMD_WORDS]);
uint32_t cmd_flags(const uint32_t w[ENG_CMD_WORDS]);
/* "LOAD_ACT", ..., or "?" for an unknown opcode. */
const char *cmd_opcode_name(uint32_t opcode);

#endif
