/*
 * Float LeNet-5 weight file (models/README.md, "Float weight file"):
 *   "LN5FLOAT"  8-byte magic
 *   u32 version (1), u32 tensor count (10), u32 element count per tensor
 *   float32 values of every tensor in lf_tensors order
 *   u32 CRC-32 (zlib polynomial) of all bytes before it
 * All integers and floats little-endian.
 *
 * Errors: 0 on success, or -1 with "<path>: <problem>" in err.
 */
#ifndef LF_FILE_H
#define LF_FILE_H

#include <stddef.h>

#include "lf_net.h"

/* Writes atomically (temporary file, then rename). */
int lf_save(const char *path, const float *params, char *err, size_t errlen);
int lf_load(const char *path, float *params, char *err, size_t errlen);

#endif
