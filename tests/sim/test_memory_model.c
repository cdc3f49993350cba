/*
 * Unit tests of the device memory model (sim/rtl/memory_model.c) without the
 * RTL: a small scripted master drives the port and the tests check latency,
 * bandwidth, write strobes, stall determinism, the protocol checker and the
 * 4- and 16-byte beat widths (the scripted runs use the default 8).
 * Expected cycle numbers are derived by hand in the comments.
 */
#include "memory_model.h"

#include "check.h"

#include <stdio.h>
#include <string.h>

#define BASE 0x10000000u
#define SIZE 4096u
#define MAX_OPS 16
#define MAX_BEATS 256

typedef struct op {
    int write;
    uint32_t addr;
    unsigned len;
} op;

/* What a run of the scripted master observed. */
typedef struct run_log {
    uint64_t beat_cycle[MAX_BEATS]; /* cycle each R beat was taken */
    uint8_t rdata[MAX_BEATS * 8];
    unsigned rbeats;
    uint64_t b_cycle[MAX_OPS];      /* cycle each B was taken */
    unsigned bresp;
    uint64_t cycles;                /* cycles until everything finished */
    uint64_t violations;
    uint8_t mem[SIZE];
} run_log;

/* Data the master writes: beat i of write op k. */
static uint64_t wpattern(unsigned k, unsigned i)
{
    return 0x0101010101010101u * (uint64_t)(16 * k + i + 1) ^ 0x8040201008040201u;
}

/* A 64-bit value as the little-endian bytes of a data beat. */
static void put64(uint8_t *dst, uint64_t v)
{
    for (int b = 0; b < 8; b++)
        dst[b] = (uint8_t)(v >> (8 * b));
}

/* Issues the ops in order: reads and writes each on their own channel, W
 * beats only after their AW, rready/bready random with the given probability
 * of being low. Stops after max_cycles. */
static void run(const mem_model_config *cfg, const op *ops, int nops, double hold_prob,
                uint64_t seed, run_log *log)
{
    char err[200];
    memset(log, 0, sizeof *log);
    mem_model *m = mem_model_create(cfg, err, sizeof err);
    if (!check(m != NULL, "create: %s", err))
        return;
    mem_model_set_verbose(m, 0);
    for (uint32_t i = 0; i < SIZE; i++) {
        uint8_t v = (uint8_t)(i * 7 + 3);
        mem_model_write(m, BASE + i, &v, 1);
    }
    int next_ar = 0, next_aw = 0, w_op = -1;
    unsigned w_beat = 0, want_b = 0, got_r_bursts = 0, want_r = 0;
    for (int i = 0; i < nops; i++) {
        want_b += (unsigned)ops[i].write;
        want_r += (unsigned)!ops[i].write;
    }
    uint64_t rng = seed;
    for (uint64_t cyc = 0; cyc < 100000; cyc++) {
        while (next_ar < nops && ops[next_ar].write)
            next_ar++;
        while (next_aw < nops && !ops[next_aw].write)
            next_aw++;
        mem_slave_out so;
        mem_model_drive(m, &so);
        mem_master_out mo = {0};
        if (next_ar < nops) {
            mo.arvalid = 1;
            mo.araddr = ops[next_ar].addr;
            mo.arlen = ops[next_ar].len;
        }
        mo.rready = rng_next(&rng) % 1000 >= hold_prob * 1000;
        if (next_aw < nops && w_op < 0) {
            mo.awvalid = 1;
            mo.awaddr = ops[next_aw].addr;
            mo.awlen = ops[next_aw].len;
        }
        if (w_op >= 0) {
            mo.wvalid = 1;
            put64(mo.wdata, wpattern((unsigned)w_op, w_beat));
            mo.wstrb = w_beat == 1 ? 0x5au : 0xffu; /* beat 1 writes bytes 1, 3, 4, 6 */
            mo.wlast = w_beat == ops[w_op].len;
        }
        mo.bready = rng_next(&rng) % 1000 >= hold_prob * 1000;
        mem_model_clock(m, &mo);

        if (mo.arvalid && so.arready)
            next_ar++;
        if (so.rvalid && mo.rready && log->rbeats < MAX_BEATS) {
            log->beat_cycle[log->rbeats] = cyc;
            for (int b = 0; b < 8; b++)
                log->rdata[log->rbeats * 8 + b] = so.rdata[b];
            log->rbeats++;
            got_r_bursts += (unsigned)so.rlast;
        }
        if (mo.awvalid && so.awready) {
            w_op = next_aw++;
            w_beat = 0;
        }
        if (mo.wvalid && so.wready && w_beat++ == ops[w_op].len)
            w_op = -1;
        if (so.bvalid && mo.bready && log->bresp < MAX_OPS)
            log->b_cycle[log->bresp++] = cyc;
        if (got_r_bursts == want_r && log->bresp == want_b && next_ar >= nops &&
            next_aw >= nops && w_op < 0) {
            log->cycles = cyc + 1;
            break;
        }
    }
    check(mem_model_idle(m), "model idle after the traffic");
    log->violations = mem_model_violations(m);
    mem_model_read(m, BASE, log->mem, SIZE);
    mem_model_destroy(m);
}

static uint8_t initial_byte(uint32_t off)
{
    return (uint8_t)(off * 7 + 3);
}

static void test_read_latency(void)
{
    mem_model_config cfg;
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.read_latency = 5;
    const op ops[] = {{0, BASE + 64, 3}};
    run_log log;
    run(&cfg, ops, 1, 0.0, 1, &log);
    /* AR taken at the edge of cycle 0, so the first beat is offered in cycle
     * 0 + 5 and the rest follow one per cycle at 8 bytes/cycle. */
    check(log.rbeats == 4, "latency: 4 beats (got %u)", log.rbeats);
    for (unsigned i = 0; i < 4 && i < log.rbeats; i++)
        check(log.beat_cycle[i] == 5 + i, "latency: beat %u at cycle %llu, want %u", i,
              (unsigned long long)log.beat_cycle[i], 5 + i);
    int data_ok = 1;
    for (unsigned i = 0; i < 32; i++)
        data_ok &= log.rdata[i] == initial_byte(64 + i);
    check(data_ok, "latency: read data equals memory bytes 64..95");
    check(log.violations == 0, "latency: no violations");
}

/* Beats delivered in a 16-beat burst at a given bandwidth. */
static void check_bandwidth(double bpc, const uint64_t *want_cycles)
{
    mem_model_config cfg;
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.bytes_per_cycle = bpc;
    const op ops[] = {{0, BASE + 128, 15}};
    run_log log;
    run(&cfg, ops, 1, 0.0, 1, &log);
    for (unsigned i = 0; i < 6; i++)
        check(log.beat_cycle[i] == want_cycles[i], "bandwidth %.1f: beat %u at %llu, want %llu",
              bpc, i, (unsigned long long)log.beat_cycle[i], (unsigned long long)want_cycles[i]);
}

static void test_bandwidth(void)
{
    /* Idle, a channel keeps 8 - bpc bytes of credit, so beat 0 goes in cycle
     * 1 (latency 1); after that credit grows by bpc per cycle and a beat costs 8. */
    const uint64_t full[] = {1, 2, 3, 4, 5, 6};
    const uint64_t half[] = {1, 3, 5, 7, 9, 11};      /* 4 B/cycle: every other cycle */
    const uint64_t quarter[] = {1, 5, 9, 13, 17, 21}; /* 2 B/cycle */
    /* 6 B/cycle: credit after beat 0 is 0, then 6, 12->4, 10->2, 8->0, 6, 12->4 */
    const uint64_t three_q[] = {1, 3, 4, 5, 7, 8};
    check_bandwidth(8.0, full);
    check_bandwidth(4.0, half);
    check_bandwidth(2.0, quarter);
    check_bandwidth(6.0, three_q);
    check_bandwidth(64.0, full); /* never more than one beat per cycle */
}

static void test_write_strobes_and_response(void)
{
    mem_model_config cfg;
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.write_latency = 4;
    const op ops[] = {{1, BASE + 256, 2}};
    run_log log;
    run(&cfg, ops, 1, 0.0, 1, &log);
    /* AW in cycle 0; W beats in cycles 1, 2, 3 (the master sends W after AW);
     * B offered write_latency = 4 cycles after the last beat's edge: 3 + 4. */
    check(log.bresp == 1 && log.b_cycle[0] == 7, "write: B at cycle %llu, want 7",
          (unsigned long long)log.b_cycle[0]);
    int ok = 1;
    for (unsigned beat = 0; beat < 3; beat++)
        for (unsigned b = 0; b < 8; b++) {
            const uint32_t off = 256 + beat * 8 + b;
            const int strobed = beat != 1 || (0x5au >> b & 1u);
            const uint8_t want =
                strobed ? (uint8_t)(wpattern(0, beat) >> (8 * b)) : initial_byte(off);
            ok &= log.mem[off] == want;
        }
    check(ok, "write: strobed bytes written, the others kept");
    check(log.mem[255] == initial_byte(255) && log.mem[280] == initial_byte(280),
          "write: neighbours untouched");
    check(log.violations == 0, "write: no violations");
}

static const op mixed[] = {
    {0, BASE + 0, 15},   {1, BASE + 512, 7}, {0, BASE + 128, 3}, {1, BASE + 640, 15},
    {0, BASE + 1024, 0}, {0, BASE + 2048, 15}, {1, BASE + 768, 0}, {0, BASE + 4032, 7},
};
#define NMIXED ((int)(sizeof mixed / sizeof mixed[0]))

static void stall_config(mem_model_config *cfg, double p, uint64_t seed)
{
    mem_model_config_default(cfg, BASE, SIZE);
    cfg->read_latency = 3;
    cfg->write_latency = 2;
    cfg->bytes_per_cycle = 5.0;
    for (int c = 0; c < MEM_NCH; c++)
        cfg->stall_prob[c] = p;
    cfg->seed = seed;
}

static void test_stall_determinism(void)
{
    static run_log a, b, c, calm;
    mem_model_config cfg;
    stall_config(&cfg, 0.0, 0);
    run(&cfg, mixed, NMIXED, 0.0, 9, &calm);
    stall_config(&cfg, 0.4, 1234);
    run(&cfg, mixed, NMIXED, 0.0, 9, &a);
    run(&cfg, mixed, NMIXED, 0.0, 9, &b);
    stall_config(&cfg, 0.4, 999);
    run(&cfg, mixed, NMIXED, 0.0, 9, &c);

    check(a.cycles == b.cycles && !memcmp(a.beat_cycle, b.beat_cycle, sizeof a.beat_cycle) &&
              !memcmp(a.b_cycle, b.b_cycle, sizeof a.b_cycle),
          "stalls: same seed gives the same timing");
    check(memcmp(a.beat_cycle, c.beat_cycle, sizeof a.beat_cycle) != 0,
          "stalls: another seed gives other timing");
    check(a.cycles > calm.cycles, "stalls: stalls cost cycles (%llu vs %llu)",
          (unsigned long long)a.cycles, (unsigned long long)calm.cycles);
    check(a.rbeats == calm.rbeats && !memcmp(a.rdata, calm.rdata, sizeof a.rdata) &&
              !memcmp(c.rdata, calm.rdata, sizeof c.rdata),
          "stalls: read data independent of stalls");
    check(!memcmp(a.mem, calm.mem, SIZE) && !memcmp(c.mem, calm.mem, SIZE),
          "stalls: memory contents independent of stalls");
    check(a.violations == 0 && c.violations == 0 && calm.violations == 0,
          "stalls: no violations");

    /* The master's own back-pressure (rready/bready low) must not lose data. */
    static run_log slow;
    run(&cfg, mixed, NMIXED, 0.5, 77, &slow);
    check(!memcmp(slow.rdata, calm.rdata, sizeof slow.rdata) && !memcmp(slow.mem, calm.mem, SIZE),
          "stalls: master back-pressure keeps data intact");
}

/* Feeds one cycle of master signals and returns the violations it added. */
static uint64_t step(mem_model *m, const mem_master_out *mo, mem_slave_out *so)
{
    const uint64_t before = mem_model_violations(m);
    mem_model_drive(m, so);
    mem_model_clock(m, mo);
    return mem_model_violations(m) - before;
}

static mem_model *quiet_model(uint32_t size)
{
    mem_model_config cfg;
    char err[200];
    mem_model_config_default(&cfg, BASE, size);
    mem_model *m = mem_model_create(&cfg, err, sizeof err);
    if (m)
        mem_model_set_verbose(m, 0);
    return m;
}

/* The memory ends 64 bytes short of SIZE, off a 128-byte boundary, so a
 * burst can run off its end without crossing one. */
#define SHORT_SIZE (SIZE - 64)

/* A master presenting one burst request on AR (write 0) or AW (write 1). */
static mem_master_out burst_request(int write, uint32_t addr, unsigned len)
{
    mem_master_out mo = {0};
    if (write) {
        mo.awvalid = 1;
        mo.awaddr = addr;
        mo.awlen = len;
    } else {
        mo.arvalid = 1;
        mo.araddr = addr;
        mo.arlen = len;
    }
    return mo;
}

static void check_bad_request(int write, uint32_t addr, unsigned len, const char *what,
                              const char *keyword)
{
    mem_model *m = quiet_model(SHORT_SIZE);
    if (!m)
        return;
    mem_master_out mo = burst_request(write, addr, len);
    mem_slave_out so;
    check(step(m, &mo, &so) == 1, "violation detected: %s", what);
    check(strstr(mem_model_first_violation(m), keyword) != NULL, "violation text for %s: '%s'",
          what, mem_model_first_violation(m));
    mem_model_destroy(m);
}

static void test_violations(void)
{
    check_bad_request(0, BASE + 4, 0, "AR unaligned", "aligned");
    check_bad_request(1, BASE + 12, 1, "AW unaligned", "aligned");
    check_bad_request(0, BASE, 16, "AR len 16", "len 16");
    check_bad_request(0, BASE + 120, 1, "AR crossing 128 bytes", "crosses");
    check_bad_request(1, BASE + 64, 15, "AW crossing 128 bytes", "crosses");
    check_bad_request(0, BASE - 8, 0, "AR below memory", "outside");
    check_bad_request(1, BASE + SHORT_SIZE, 0, "AW above memory", "outside");
    check_bad_request(0, BASE + SHORT_SIZE - 8, 1, "AR running off the end", "outside");

    mem_model *m = quiet_model(SIZE);
    if (!m)
        return;
    mem_master_out mo = {0};
    mem_slave_out so;
    mo.wvalid = 1;
    mo.wstrb = 0xff;
    mo.wlast = 1;
    check(step(m, &mo, &so) == 1, "violation detected: W without AW");
    memset(&mo, 0, sizeof mo);
    mo.awvalid = 1;
    mo.awaddr = BASE;
    mo.awlen = 1;
    mo.wvalid = 1; /* same cycle as its AW: legal */
    mo.wstrb = 0xff;
    mo.wlast = 1;  /* but beat 0 of 2 is not the last */
    check(step(m, &mo, &so) == 1, "violation detected: early W last");
    mem_model_destroy(m);

    /* Valid dropped or payload changed while the slave withholds ready. */
    mem_model_config cfg;
    char err[200];
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.stall_prob[MEM_CH_AR] = 0.999;
    cfg.seed = 5;
    m = mem_model_create(&cfg, err, sizeof err);
    if (!check(m != NULL, "create: %s", err))
        return;
    mem_model_set_verbose(m, 0);
    memset(&mo, 0, sizeof mo);
    mo.arvalid = 1;
    mo.araddr = BASE;
    check(step(m, &mo, &so) == 0 && !so.arready, "stalled AR is not a violation");
    mo.araddr = BASE + 8;
    check(step(m, &mo, &so) == 1, "violation detected: AR address changed while waiting");
    mo.arvalid = 0;
    check(step(m, &mo, &so) == 1, "violation detected: AR valid dropped while waiting");
    mem_model_destroy(m);

    /* W held while wready is low: lanes without strobe may change, strobed
     * lanes, strobes and last may not. */
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.stall_prob[MEM_CH_W] = 0.999;
    cfg.seed = 6;
    m = mem_model_create(&cfg, err, sizeof err);
    if (!check(m != NULL, "create: %s", err))
        return;
    mem_model_set_verbose(m, 0);
    memset(&mo, 0, sizeof mo);
    mo.awvalid = 1;
    mo.awaddr = BASE;
    check(step(m, &mo, &so) == 0 && so.awready, "AW taken");
    mo.awvalid = 0;
    mo.wvalid = 1;
    put64(mo.wdata, 0x00000000000000ffu);
    mo.wstrb = 0x01;
    mo.wlast = 1;
    check(step(m, &mo, &so) == 0 && !so.wready, "stalled W is not a violation");
    put64(mo.wdata, 0x1234567800abcdffu);
    check(step(m, &mo, &so) == 0, "W lanes without strobe may change while waiting");
    put64(mo.wdata, 0x1234567800abcdfeu);
    check(step(m, &mo, &so) == 1, "violation detected: strobed W lane changed while waiting");
    mem_model_destroy(m);
}

static void test_config_and_host_access(void)
{
    mem_model_config cfg;
    char err[200];
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.read_latency = 0;
    check(mem_model_create(&cfg, err, sizeof err) == NULL, "config: latency 0 rejected");
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.stall_prob[MEM_CH_B] = 1.0;
    check(mem_model_create(&cfg, err, sizeof err) == NULL, "config: stall probability 1 rejected");
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.bytes_per_cycle = 0.0;
    check(mem_model_create(&cfg, err, sizeof err) == NULL, "config: zero bandwidth rejected");
    mem_model_config_default(&cfg, BASE + 4, SIZE);
    check(mem_model_create(&cfg, err, sizeof err) == NULL, "config: unaligned base rejected");

    mem_model *m = quiet_model(SIZE);
    if (!m)
        return;
    uint8_t buf[16] = {1, 2, 3};
    check(mem_model_write(m, BASE + SIZE - 16, buf, 16) == 0, "host: write at the top end");
    check(mem_model_write(m, BASE + SIZE - 15, buf, 16) == -1, "host: write past the end refused");
    check(mem_model_read(m, BASE - 1, buf, 1) == -1, "host: read below the base refused");
    check(mem_model_read(m, BASE + SIZE - 16, buf, 16) == 0 && buf[2] == 3,
          "host: read back what was written");
    mem_model_destroy(m);
}

/* A model of the given beat width over [BASE, BASE + SIZE), byte i = i * 7 + 3. */
static mem_model *wide_model(unsigned beat)
{
    mem_model_config cfg;
    char err[200];
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.beat_bytes = beat;
    cfg.bytes_per_cycle = beat;
    mem_model *m = mem_model_create(&cfg, err, sizeof err);
    if (!check(m != NULL, "create with %u-byte beats: %s", beat, err))
        return NULL;
    mem_model_set_verbose(m, 0);
    for (uint32_t i = 0; i < SIZE; i++) {
        uint8_t v = initial_byte(i);
        mem_model_write(m, BASE + i, &v, 1);
    }
    return m;
}

/* One burst request on AR (write 0) or AW (write 1); returns the violations. */
static uint64_t request(unsigned beat, int write, uint32_t addr, unsigned len)
{
    mem_model *m = wide_model(beat);
    if (!m)
        return 0;
    mem_master_out mo = burst_request(write, addr, len);
    mem_slave_out so;
    const uint64_t v = step(m, &mo, &so);
    mem_model_destroy(m);
    return v;
}

static void test_beat_widths(void)
{
    /* The burst window is 16 beats: 64 bytes at 4-byte beats, 256 at 16. */
    check(request(4, 0, BASE + 4, 0) == 0, "4-byte beats: 4-byte aligned AR is legal");
    check(request(4, 0, BASE + 48, 3) == 0, "4-byte beats: 16 bytes up to a 64-byte boundary");
    check(request(4, 1, BASE + 60, 1) == 1, "4-byte beats: AW crossing 64 bytes detected");
    check(request(16, 0, BASE + 8, 0) == 1, "16-byte beats: 8-byte aligned AR detected");
    check(request(16, 0, BASE, 15) == 0, "16-byte beats: a 256-byte burst is legal");
    check(request(16, 1, BASE + 240, 1) == 1, "16-byte beats: AW crossing 256 bytes detected");

    /* 16-byte read beats carry bytes addr..addr+15 in order; with read
     * latency 1 the AR at cycle 0 has its first beat offered in cycle 1. */
    mem_model *m = wide_model(16);
    if (!m)
        return;
    mem_master_out mo = {0};
    mem_slave_out so;
    mo.arvalid = 1;
    mo.araddr = BASE + 32;
    mo.arlen = 1;
    mo.rready = 1;
    int ok = step(m, &mo, &so) == 0;
    mo.arvalid = 0;
    for (unsigned beat = 0; beat < 2; beat++) {
        ok &= step(m, &mo, &so) == 0 && so.rvalid && so.rlast == (int)beat;
        for (unsigned b = 0; b < 16; b++)
            ok &= so.rdata[b] == initial_byte(32 + 16 * beat + b);
    }
    check(ok, "16-byte beats: read data in byte order");

    /* A 16-byte write beat with strobes on bytes 0 and 15 only. */
    memset(&mo, 0, sizeof mo);
    mo.awvalid = 1;
    mo.awaddr = BASE + 64;
    mo.wvalid = 1;
    mo.wlast = 1;
    mo.wstrb = 0x8001;
    mo.bready = 1;
    for (unsigned b = 0; b < 16; b++)
        mo.wdata[b] = (uint8_t)(0xa0 + b);
    ok = step(m, &mo, &so) == 0 && so.awready && so.wready;
    uint8_t got[16];
    mem_model_read(m, BASE + 64, got, 16);
    for (unsigned b = 0; b < 16; b++)
        ok &= got[b] == (b == 0 || b == 15 ? (uint8_t)(0xa0 + b) : initial_byte(64 + b));
    check(ok, "16-byte beats: strobes select bytes 0 and 15");
    memset(&mo, 0, sizeof mo);
    mo.awvalid = 1;
    mo.awaddr = BASE + 128;
    mo.wvalid = 1;
    mo.wlast = 1;
    mo.wstrb = 0x10000;
    check(step(m, &mo, &so) == 1, "16-byte beats: strobe bit 16 detected");
    mem_model_destroy(m);

    mem_model_config cfg;
    char err[200];
    mem_model_config_default(&cfg, BASE, SIZE);
    cfg.beat_bytes = 12;
    check(mem_model_create(&cfg, err, sizeof err) == NULL, "config: 12-byte beats rejected");
    mem_model_config_default(&cfg, BASE + 8, SIZE);
    cfg.beat_bytes = 16;
    check(mem_model_create(&cfg, err, sizeof err) == NULL,
          "config: base off the 16-byte beat rejected");
}

int main(void)
{
    test_read_latency();
    test_bandwidth();
    test_write_strobes_and_response();
    test_stall_determinism();
    test_violations();
    test_config_and_host_access();
    test_beat_widths();
    return check_summary();
}
