/*
 * Device memory behind the engine's AXI-like master port, one clock cycle at
 * a time: a byte array with configurable read/write latency, bandwidth and
 * seeded random stalls on every channel, plus a checker that reports every
 * protocol violation of the master (a violation is a failure, never served
 * silently). Plain C, independent of Verilator, so it is unit-tested alone.
 *
 * Per cycle the owner calls, in this order:
 *   mem_model_drive()  -> the slave-driven signals for this cycle
 *   (the master settles its outputs with those inputs)
 *   mem_model_clock()  <- the master-driven signals; the clock edge
 */
#ifndef MEMORY_MODEL_H
#define MEMORY_MODEL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Widest data beat the model serves (the engine's BUS_BYTES is 4, 8 or 16). */
#define MEM_MAX_BEAT_BYTES 16u

/* Channels that can stall: ready withheld on AR, AW, W; valid withheld on R, B. */
enum { MEM_CH_AR, MEM_CH_R, MEM_CH_AW, MEM_CH_W, MEM_CH_B, MEM_NCH };

typedef struct mem_model_config {
    uint32_t base;            /* device address of byte 0, aligned to 8 and to beat_bytes */
    uint32_t size;            /* bytes, a multiple of 8 and of beat_bytes */
    unsigned beat_bytes;      /* data bus width: 4, 8 or 16 bytes a beat */
    unsigned read_latency;    /* cycles from AR handshake to first R beat offered, >= 1 */
    unsigned write_latency;   /* cycles from last W beat to B offered, >= 1 */
    double bytes_per_cycle;   /* per direction; beat_bytes = one beat a cycle, half = every other */
    double stall_prob[MEM_NCH]; /* per cycle, in [0, 1) */
    uint64_t seed;            /* stall pattern; same seed, same pattern */
    unsigned max_reads;       /* read bursts accepted but not finished; 0 = 8 */
    unsigned max_writes;      /* write bursts accepted but not answered; 0 = 8 */
} mem_model_config;

/* Signals the memory drives. Data buses are little-endian byte arrays: byte i
 * is bits [8i+7:8i] of the port; only the first beat_bytes are used. */
typedef struct mem_slave_out {
    int arready;
    int rvalid;
    uint8_t rdata[MEM_MAX_BEAT_BYTES];
    int rlast;
    int awready;
    int wready;
    int bvalid;
} mem_slave_out;

/* Signals the master drives. */
typedef struct mem_master_out {
    int arvalid;
    uint32_t araddr;
    unsigned arlen;           /* beats - 1 */
    int rready;
    int awvalid;
    uint32_t awaddr;
    unsigned awlen;
    int wvalid;
    uint8_t wdata[MEM_MAX_BEAT_BYTES];
    unsigned wstrb;           /* bit i enables wdata[i] */
    int wlast;
    int bready;
} mem_master_out;

typedef struct mem_model_stats {
    uint64_t cycles;
    uint64_t read_bursts, read_beats;
    uint64_t write_bursts, write_beats;
    uint64_t stall_cycles[MEM_NCH]; /* cycles the random stall was applied */
} mem_model_stats;

typedef struct mem_model mem_model;

/* Fills a config with a fast, stall-free memory of the given window:
 * 8-byte beats, one beat a cycle. */
void mem_model_config_default(mem_model_config *cfg, uint32_t base, uint32_t size);

/* Returns NULL and a message in err on a bad config or out of memory. */
mem_model *mem_model_create(const mem_model_config *cfg, char *err, size_t errlen);
void mem_model_destroy(mem_model *m);

void mem_model_drive(mem_model *m, mem_slave_out *out);
void mem_model_clock(mem_model *m, const mem_master_out *in);

/* Host-side access, zero time: 0, or -1 if the range is not backed. */
int mem_model_write(mem_model *m, uint32_t addr, const void *src, size_t n);
int mem_model_read(const mem_model *m, uint32_t addr, void *dst, size_t n);

/* Protocol violations seen so far; the first one's text (empty if none). */
uint64_t mem_model_violations(const mem_model *m);
const char *mem_model_first_violation(const mem_model *m);
/* Violations are printed to stderr as they happen (default); 0 silences them
 * for tests that provoke violations on purpose. */
void mem_model_set_verbose(mem_model *m, int verbose);

/* 1 when no burst is in flight on any channel. */
int mem_model_idle(const mem_model *m);
const mem_model_stats *mem_model_get_stats(const mem_model *m);

#ifdef __cplusplus
}
#endif

#endif
