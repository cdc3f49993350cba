/*
 * Independent model of the requantization arithmetic for the tests.
 * It works on exact wide integers (__int128) and rational rounding
 * (quotient and remainder of magnitudes), never on the library's shifts,
 * nudges or masks, so a slip in either one shows up as a mismatch.
 */
#ifndef TEST_ORACLE_H
#define TEST_ORACLE_H

#include <stdint.h>

/* round(num / den), halves away from zero, exact; den > 0. */
__int128 oracle_div_round(__int128 num, __int128 den);

/* TFLite's double-rounding scale: a = acc * 2^max(shift,0) reduced to
 * 32-bit two's complement; t = a * q / 2^31 rounded with halves UP (towards
 * +infinity: gemmlowp's nudge-and-truncate, the brief's (p + 2^30) >> 31),
 * saturated to int32; then t / 2^max(-shift,0) rounded with halves AWAY
 * from zero (RoundingDivideByPOT). */
int32_t oracle_scale(int32_t acc, int32_t q, int shift);

/* oracle_scale + zp_out clamped to [lo, hi]. */
int8_t oracle_requant(int32_t acc, int32_t q, int shift, int32_t zp_out, int32_t lo,
                      int32_t hi);

/* QuantizeMultiplier derived without frexp: returns 0 and sets q, shift,
 * or -1 for an unrepresentable M. */
int oracle_quantize(double m, int32_t *q, int *shift);

#endif
