/*
 * What the driver needs from a device: register access, device memory access
 * and a way to let time pass. Three implementations: the Verilator harness
 * (sim/rtl), the C functional model (sim/model) and a board's UART bridge
 * (host/uart_backend.c).
 * Freestanding: no libc beyond stdint/stddef.
 */
#ifndef BACKEND_H
#define BACKEND_H

#include <stddef.h>
#include <stdint.h>

typedef struct engine_backend {
    void *ctx;
    uint32_t (*csr_read)(void *ctx, uint32_t offset);
    void (*csr_write)(void *ctx, uint32_t offset, uint32_t value);
    /* Device memory by device address; return 0, or -1 if the range is not
     * backed by memory. */
    int (*mem_write)(void *ctx, uint32_t addr, const void *src, size_t n);
    int (*mem_read)(void *ctx, uint32_t addr, void *dst, size_t n);
    /* Lets the device run for up to max_cycles clock cycles, returning early
     * when it raises its interrupt line or goes idle. Returns the cycles that
     * passed (a model without cycles returns 0 once it is done). */
    uint64_t (*wait)(void *ctx, uint64_t max_cycles);
} engine_backend;

#endif
