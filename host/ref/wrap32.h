/* Private helper of the reference kernels: 32-bit wrapping arithmetic. */
#ifndef REF_WRAP32_H
#define REF_WRAP32_H

#include <stdint.h>

/* Two's complement reading of a 32-bit pattern, without relying on the
 * implementation-defined unsigned-to-signed conversion. */
static inline int32_t wrap_i32(uint32_t u)
{
    return u <= (uint32_t)INT32_MAX ? (int32_t)u : -(int32_t)(~u) - 1;
}

#endif
