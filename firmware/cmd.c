/* Command encoding; see cmd.h. */
#include "cmd.h"

#include "cmd_fields.h"

/* Clears the command and writes opcode and flags. */
static bool cmd_begin(uint32_t *w, uint32_t opcode, uint32_t flags)
{
    for (unsigned i = 0; i < ENG_CMD_WORDS; i++)
        w[i] = 0;
    if (flags & ~(uint32_t)CMD_FLAGS_ALL)
        return false;
    return CMD_FIELD_PUT(w, OPCODE, opcode) && CMD_FIELD_PUT(w, FLAGS, flags);
}

/* int8 fields are stored as their two's complement byte. */
static bool s8_fits(int32_t v)
{
    return v >= -128 && v <= 127;
}

static uint32_t s8_bits(int32_t v)
{
    return (uint32_t)v & 0xFFu;
}

bool cmd_end(uint32_t w[ENG_CMD_WORDS], uint32_t flags)
{
    return cmd_begin(w, OP_END, flags);
}

bool cmd_load_act(uint32_t w[ENG_CMD_WORDS], uint32_t flags, const cmd_block *b)
{
    return cmd_begin(w, OP_LOAD_ACT, flags) &&
           CMD_FIELD_PUT(w, LOAD_ACT_ADDR, b->addr) &&
           CMD_FIELD_PUT(w, LOAD_ACT_RUN_BYTES, b->run_bytes) &&
           CMD_FIELD_PUT(w, LOAD_ACT_INNER_COUNT, b->inner_count) &&
           CMD_FIELD_PUT(w, LOAD_ACT_OUTER_COUNT, b->outer_count) &&
           CMD_FIELD_PUT(w, LOAD_ACT_INNER_STRIDE, b->inner_stride) &&
           CMD_FIELD_PUT(w, LOAD_ACT_OUTER_STRIDE, b->outer_stride);
}

bool cmd_load_wgt(uint32_t w[ENG_CMD_WORDS], uint32_t flags, uint32_t addr, uint32_t k_rows)
{
    return cmd_begin(w, OP_LOAD_WGT, flags) &&
           CMD_FIELD_PUT(w, LOAD_WGT_ADDR, addr) &&
           CMD_FIELD_PUT(w, LOAD_WGT_K_ROWS, k_rows);
}

bool cmd_load_qp(uint32_t w[ENG_CMD_WORDS], uint32_t flags, uint32_t addr)
{
    return cmd_begin(w, OP_LOAD_QP, flags) && CMD_FIELD_PUT(w, LOAD_QP_ADDR, addr);
}

bool cmd_conv(uint32_t w[ENG_CMD_WORDS], uint32_t flags, const cmd_conv_fields *c)
{
    if (!s8_fits(c->zp_in) || !s8_fits(c->zp_out) || !s8_fits(c->act_min) ||
        !s8_fits(c->act_max))
        return false;
    return cmd_begin(w, OP_CONV, flags) &&
           CMD_FIELD_PUT(w, CONV_IN_W, c->in_w) &&
           CMD_FIELD_PUT(w, CONV_IN_H, c->in_h) &&
           CMD_FIELD_PUT(w, CONV_IN_C, c->in_c) &&
           CMD_FIELD_PUT(w, CONV_NCOLS, c->ncols) &&
           CMD_FIELD_PUT(w, CONV_OUT_W, c->out_w) &&
           CMD_FIELD_PUT(w, CONV_OUT_H, c->out_h) &&
           CMD_FIELD_PUT(w, CONV_K_W, c->k_w) &&
           CMD_FIELD_PUT(w, CONV_K_H, c->k_h) &&
           CMD_FIELD_PUT(w, CONV_STRIDE_W, c->stride_w) &&
           CMD_FIELD_PUT(w, CONV_STRIDE_H, c->stride_h) &&
           CMD_FIELD_PUT(w, CONV_PAD_L, c->pad_l) &&
           CMD_FIELD_PUT(w, CONV_PAD_T, c->pad_t) &&
           CMD_FIELD_PUT(w, CONV_ZP_IN, s8_bits(c->zp_in)) &&
           CMD_FIELD_PUT(w, CONV_ZP_OUT, s8_bits(c->zp_out)) &&
           CMD_FIELD_PUT(w, CONV_ACT_MIN, s8_bits(c->act_min)) &&
           CMD_FIELD_PUT(w, CONV_ACT_MAX, s8_bits(c->act_max));
}

bool cmd_store(uint32_t w[ENG_CMD_WORDS], uint32_t flags, const cmd_block *b, uint32_t ncols)
{
    return cmd_begin(w, OP_STORE, flags) &&
           CMD_FIELD_PUT(w, STORE_ADDR, b->addr) &&
           CMD_FIELD_PUT(w, STORE_RUN_BYTES, b->run_bytes) &&
           CMD_FIELD_PUT(w, STORE_INNER_COUNT, b->inner_count) &&
           CMD_FIELD_PUT(w, STORE_OUTER_COUNT, b->outer_count) &&
           CMD_FIELD_PUT(w, STORE_INNER_STRIDE, b->inner_stride) &&
           CMD_FIELD_PUT(w, STORE_OUTER_STRIDE, b->outer_stride) &&
           CMD_FIELD_PUT(w, STORE_NCOLS, ncols);
}

uint32_t cmd_opcode(const uint32_t w[ENG_CMD_WORDS])
{
    return CMD_FIELD_GET(w, OPCODE);
}

uint32_t cmd_flags(const uint32_t w[ENG_CMD_WORDS])
{
    return CMD_FIELD_GET(w, FLAGS);
}

const char *cmd_opcode_name(uint32_t opcode)
{
    switch (opcode) {
    case OP_END: return "END";
    case OP_LOAD_ACT: return "LOAD_ACT";
    case OP_LOAD_WGT: return "LOAD_WGT";
    case OP_LOAD_QP: return "LOAD_QP";
    case OP_CONV: return "CONV";
    case OP_STORE: return "STORE";
    default: return "?";
    }
}
