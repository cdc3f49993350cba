/*
 * The engine behind `cnnacc run`: the Verilator simulation of the RTL with
 * its memory model, the C functional model, or a board on a serial line
 * (host/uart_backend.h). One device per process.
 */
#ifndef RUN_DEVICE_H
#define RUN_DEVICE_H

#include <stddef.h>
#include <stdint.h>

#include "../firmware/backend.h"

typedef enum { RUN_BACKEND_RTL, RUN_BACKEND_MODEL, RUN_BACKEND_UART } run_backend_kind;

typedef struct {
    run_backend_kind kind;
    /* memory model of the RTL simulation (the C model has no timing) */
    unsigned mem_latency;      /* read and write latency, cycles >= 1 */
    double mem_bandwidth;      /* bytes per cycle per direction */
    double mem_stall;          /* stall probability per cycle on every channel */
    uint64_t seed;             /* stall pattern */
    const char *trace_path;    /* FST waveform of the RTL, NULL for none */
    uint64_t trace_begin, trace_end;  /* cycle window; end 0 = to the end */
    const char *uart_path;     /* board's serial device (RUN_BACKEND_UART) */
    unsigned uart_baud;
} run_device_config;

typedef struct run_device run_device;

/* Device memory window the simulated devices offer; a board reports its own
 * (run_device_mem_size). */
#define RUN_DEVICE_MEM_SIZE (4u << 20)

void run_device_config_default(run_device_config *cfg);
const char *run_backend_name(run_backend_kind kind);

run_device *run_device_create(const run_device_config *cfg, char *err, size_t errlen);
void run_device_destroy(run_device *d);

/* Its device memory starts at DEV_MEM_BASE (firmware/platform.h). */
engine_backend run_device_backend(run_device *d);
uint32_t run_device_mem_size(const run_device *d);

/* 0 when the simulation saw no protocol violation, the model no
 * command-list diagnostic and the serial link no failed exchange so far,
 * else -1 with the first one in err. */
int run_device_check(const run_device *d, char *err, size_t errlen);

#endif
