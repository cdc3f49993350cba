/*
 * Cycle-accurate simulation of the engine (rtl/cnn_engine.v, Verilated) with
 * the device memory model, behind the driver's backend interface.
 *
 *   engine_sim_config cfg;
 *   engine_sim_config_default(&cfg, DEV_MEM_BASE, 1u << 20);
 *   cfg.mem.read_latency = 20;             // optional: slower memory
 *   engine_sim *s = engine_sim_create(&cfg, err, sizeof err);
 *   engine_backend be = engine_sim_backend(s);   // hand to the driver
 *   ...
 *   if (engine_sim_violations(s)) fail(engine_sim_first_violation(s));
 *   engine_sim_destroy(s);
 *
 * Backend semantics: csr_write takes the CSR port for one cycle, csr_read
 * for ENG_CSR_READ_LATENCY (the engine keeps running meanwhile);
 * mem_read/mem_write touch the memory array directly in zero time;
 * wait(max) clocks until the irq line is high or STATUS shows the engine not
 * busy (polled every ENGINE_SIM_POLL cycles), or max cycles pass, and
 * returns the cycles that passed.
 *
 * Single-threaded; several simulations may live in one process.
 */
#ifndef ENGINE_SIM_H
#define ENGINE_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "backend.h"
#include "memory_model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ENGINE_SIM_POLL 64u

typedef struct engine_sim_config {
    mem_model_config mem;     /* memory window, latency, bandwidth, stalls, seed */
    const char *trace_path;   /* FST waveform file, NULL for none (trace builds only) */
    uint64_t trace_begin;     /* first cycle dumped */
    uint64_t trace_end;       /* first cycle not dumped; 0 = until destroy */
} engine_sim_config;

typedef struct engine_sim engine_sim;

/* A fast, stall-free memory of mem_size bytes at mem_base with the build's
 * beat width (one beat a cycle), no trace. */
void engine_sim_config_default(engine_sim_config *cfg, uint32_t mem_base, uint32_t mem_size);

/* Bytes per memory beat of this build (cnn_engine BUS_BYTES: 4, 8 or 16);
 * cfg.mem.beat_bytes must equal it. */
unsigned engine_sim_bus_bytes(void);

/* Builds and resets the engine. NULL with a message in err on failure. */
engine_sim *engine_sim_create(const engine_sim_config *cfg, char *err, size_t errlen);
void engine_sim_destroy(engine_sim *s);

engine_backend engine_sim_backend(engine_sim *s);

/* Clock cycles since creation, reset included. */
uint64_t engine_sim_cycles(const engine_sim *s);

/* Protocol violations of the engine seen by the memory model or the CSR
 * port; any is a failure. The first one's text ("" if none). */
uint64_t engine_sim_violations(const engine_sim *s);
const char *engine_sim_first_violation(const engine_sim *s);

const mem_model_stats *engine_sim_mem_stats(const engine_sim *s);

/* 1 if this library was built with waveform tracing. */
int engine_sim_has_trace(void);

#ifdef __cplusplus
}
#endif

#endif
