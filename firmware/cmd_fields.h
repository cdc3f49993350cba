/*
 * Reading and writing named command fields, by the F_<NAME>_WORD/_LSB/_WIDTH
 * triples of engine_regs.h: CMD_FIELD_GET(w, CONV_IN_W).
 * Freestanding, shared by the encoder and the C model's decoder.
 */
#ifndef CMD_FIELDS_H
#define CMD_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "engine_regs.h"

static inline uint32_t cmd_field_mask(unsigned width)
{
    return width >= 32u ? 0xFFFFFFFFu : ((uint32_t)1 << width) - 1u;
}

static inline uint32_t cmd_field_get(const uint32_t *w, unsigned word, unsigned lsb,
                                     unsigned width)
{
    return (w[word] >> lsb) & cmd_field_mask(width);
}

/* Stores v; false (and nothing written) if v does not fit the field. */
static inline bool cmd_field_put(uint32_t *w, unsigned word, unsigned lsb, unsigned width,
                                 uint32_t v)
{
    const uint32_t mask = cmd_field_mask(width);
    if (v > mask)
        return false;
    w[word] = (w[word] & ~(mask << lsb)) | (v << lsb);
    return true;
}

/* Sign-extends an 8-bit field. */
static inline int32_t cmd_field_s8(uint32_t v)
{
    return v >= 0x80u ? (int32_t)v - 0x100 : (int32_t)v;
}

#define CMD_FIELD_GET(w, name) \
    cmd_field_get((w), F_##name##_WORD, F_##name##_LSB, F_##name##_WIDTH)
#define CMD_FIELD_PUT(w, name, v) \
    cmd_field_put((w), F_##name##_WORD, F_##name##_LSB, F_##name##_WIDTH, (v))

#endif
