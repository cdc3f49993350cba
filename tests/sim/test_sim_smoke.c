/*
 * End-to-end smoke test of the Verilator harness: hand-built command lists
 * (tests/sim/conv_job.c) for small convolutions run on the RTL under several
 * memory latency/bandwidth/stall settings. Every run must give the bytes of
 * ref_conv2d; the cycle counts must differ between settings; the perf
 * counters must agree with counts derived from the layer shape and with the
 * memory model's own traffic statistics. Two deliberately bad command lists
 * must stop with the right error code instead of hanging.
 */
#include "conv_job.h"
#include "engine_sim.h"

#include "check.h"
#include "engine_regs.h"
#include "platform.h"

#include <stdio.h>
#include <string.h>

#define MEM_SIZE (1u << 20)
#define MAX_CYCLES 5000000u

typedef struct mem_setting {
    const char *name;
    unsigned read_latency, write_latency;
    double bytes_per_cycle, stall;
    uint64_t seed;
} mem_setting;

static const mem_setting settings[] = {
    {"ideal", 1, 1, 8.0, 0.0, 0},
    {"slow", 40, 20, 4.0, 0.0, 0},
    {"stalls", 12, 6, 6.0, 0.3, 11},
    {"harsh", 90, 50, 2.0, 0.5, 12345},
};
#define N_SETTINGS (sizeof settings / sizeof settings[0])

static const conv_shape shapes[] = {
    /* 3x3 "same", 11 output channels: a full and a partial channel tile. */
    {9, 11, 5, 11, 3, 3, 1, 1, 1, 1, 1, 1, 1},
    /* 5x4 kernel, stride 2x3, uneven padding, input channels in 2 slices. */
    {13, 12, 7, 6, 5, 4, 2, 3, 2, 1, 3, 0, 2},
    /* 1x1 kernel, 20 channels in 3 slices, 17 outputs. */
    {6, 5, 20, 17, 1, 1, 1, 1, 0, 0, 0, 0, 3},
};
#define N_SHAPES (sizeof shapes / sizeof shapes[0])

static engine_sim *make_sim(const mem_setting *m)
{
    engine_sim_config cfg;
    char err[256];
    engine_sim_config_default(&cfg, DEV_MEM_BASE, MEM_SIZE);
    cfg.mem.read_latency = m->read_latency;
    cfg.mem.write_latency = m->write_latency;
    cfg.mem.bytes_per_cycle = m->bytes_per_cycle;
    for (int c = 0; c < MEM_NCH; c++)
        cfg.mem.stall_prob[c] = m->stall;
    cfg.mem.seed = m->seed;
    engine_sim *s = engine_sim_create(&cfg, err, sizeof err);
    check(s != NULL, "engine_sim_create(%s): %s", m->name, err);
    return s;
}

static void test_identity(void)
{
    engine_sim *s = make_sim(&settings[0]);
    if (!s)
        return;
    const engine_backend be = engine_sim_backend(s);
    const uint32_t hw = be.csr_read(be.ctx, CSR_HWCFG);
    check(be.csr_read(be.ctx, CSR_ID) == ENG_ID_VALUE, "ID reads 'CNNA'");
    check((hw >> 16 & 0xffu) == ENG_ARCH_VERSION, "HWCFG version %u", hw >> 16 & 0xffu);
    engine_dims d;
    engine_dims_read(&be, &d);
    printf("engine: %ux%u array, act bank %u bytes, %u weight rows, %u accumulators\n", d.rows,
           d.cols, d.act_bytes, d.wgt_rows, d.acc_depth);
    check(d.rows >= 1 && d.cols >= 1 && d.act_bytes && d.wgt_rows && d.acc_depth,
          "engine sizes non-zero");
    const uint64_t c0 = engine_sim_cycles(s);
    be.csr_read(be.ctx, CSR_STATUS);
    check(engine_sim_cycles(s) == c0 + ENG_CSR_READ_LATENCY, "a CSR read takes %u cycles",
          ENG_CSR_READ_LATENCY);
    check(be.wait(be.ctx, 1000) <= ENGINE_SIM_POLL + ENG_CSR_READ_LATENCY,
          "wait returns soon on an idle engine");
    engine_sim_destroy(s);
}

/* Runs one shape under every memory setting. */
static void test_shape(const conv_shape *shape, int index)
{
    uint64_t cycles[N_SETTINGS] = {0};
    for (size_t m = 0; m < N_SETTINGS; m++) {
        engine_sim *s = make_sim(&settings[m]);
        if (!s)
            return;
        const engine_backend be = engine_sim_backend(s);
        engine_dims d;
        engine_dims_read(&be, &d);
        conv_job job;
        if (!check(conv_job_init(&job, shape, 100 + (uint64_t)index) == 0, "shape %d: init",
                   index)) {
            engine_sim_destroy(s);
            return;
        }
        conv_run r;
        char err[256];
        if (!conv_job_fits(shape, &d)) {
            printf("shape %d does not fit this engine's buffers; not run\n", index);
            conv_job_free(&job);
            engine_sim_destroy(s);
            return;
        }
        const int ok = conv_job_run(&job, &be, &d, DEV_MEM_BASE, MEM_SIZE, MAX_CYCLES, &r, err,
                                    sizeof err) == 0;
        const char *mn = settings[m].name;
        check(ok, "shape %d, %s memory: run: %s", index, mn, err);
        const long diff = conv_job_first_diff(&job);
        check(diff < 0, "shape %d, %s memory: output equals ref_conv2d (first difference at byte "
              "%ld: got %d, want %d)", index, mn, diff, diff < 0 ? 0 : job.got[diff],
              diff < 0 ? 0 : job.want[diff]);
        check(engine_sim_violations(s) == 0, "shape %d, %s memory: protocol violations: %s",
              index, mn, engine_sim_first_violation(s));

        const mem_model_stats *st = engine_sim_mem_stats(s);
        const size_t n_out = (size_t)job.out_h * job.out_w * shape->out_c;
        if (be.csr_read(be.ctx, CSR_HWCFG) & HWCFG_PERF_BASIC) {
            /* a build with the basic counters only: the other five read 0 */
            for (int i = PERF_I_COMPUTE; i <= PERF_I_STALL; i++)
                check(r.perf[i] == 0, "shape %d, %s: HWCFG.PERF_BASIC, yet counter %d reads %u",
                      index, mn, i, r.perf[i]);
        } else {
            check(r.perf[PERF_I_MACS] == r.expect_macs, "shape %d, %s: PERF_MACS %u, want %llu",
                  index, mn, r.perf[PERF_I_MACS], (unsigned long long)r.expect_macs);
            check(r.perf[PERF_I_COMPUTE] == r.expect_vectors,
                  "shape %d, %s: PERF_COMPUTE %u, want %llu vectors", index, mn,
                  r.perf[PERF_I_COMPUTE], (unsigned long long)r.expect_vectors);
            check(r.perf[PERF_I_WR] == n_out, "shape %d, %s: PERF_WR_BYTES %u, want %zu", index,
                  mn, r.perf[PERF_I_WR], n_out);
            const uint64_t served = st->read_beats * engine_sim_bus_bytes();
            check(r.perf[PERF_I_RD] == served,
                  "shape %d, %s: PERF_RD_BYTES %u, memory served %llu", index, mn,
                  r.perf[PERF_I_RD], (unsigned long long)served);
        }
        check(r.perf[PERF_I_CMDS] == r.n_cmds, "shape %d, %s: PERF_CMDS %u, list has %zu", index,
              mn, r.perf[PERF_I_CMDS], r.n_cmds);
        check(r.perf[PERF_I_CYCLES] > 0 && r.perf[PERF_I_CYCLES] <= r.wall_cycles + 16,
              "shape %d, %s: PERF_CYCLES %u within the %llu cycles waited", index, mn,
              r.perf[PERF_I_CYCLES], (unsigned long long)r.wall_cycles);
        check(r.perf[PERF_I_COMPUTE] <= r.perf[PERF_I_CYCLES], "shape %d, %s: compute <= cycles",
              index, mn);
        cycles[m] = r.perf[PERF_I_CYCLES];
        printf("shape %d, %-6s memory: %7u cycles, %6u compute, %7u MACs, %6u B read, %5u B "
               "written, %6u stall\n", index, mn, r.perf[PERF_I_CYCLES], r.perf[PERF_I_COMPUTE],
               r.perf[PERF_I_MACS], r.perf[PERF_I_RD], r.perf[PERF_I_WR], r.perf[PERF_I_STALL]);
        conv_job_free(&job);
        engine_sim_destroy(s);
    }
    /* Slower memory must cost cycles: each setting is slower than the ideal. */
    for (size_t m = 1; m < N_SETTINGS; m++)
        check(cycles[m] > cycles[0], "shape %d: %s memory slower than ideal (%llu vs %llu)", index,
              settings[m].name, (unsigned long long)cycles[m], (unsigned long long)cycles[0]);
}

/* A command list that must stop with error code want at command want_cmd. */
static void check_error_list(const uint32_t *cmds, size_t n, uint32_t mem_size, uint32_t want,
                             uint32_t want_cmd, const char *what)
{
    engine_sim *s = make_sim(&settings[2]);
    if (!s)
        return;
    const engine_backend be = engine_sim_backend(s);
    be.mem_write(be.ctx, DEV_MEM_BASE, cmds, n * ENG_CMD_BYTES);
    be.csr_write(be.ctx, CSR_MEM_BASE, DEV_MEM_BASE);
    be.csr_write(be.ctx, CSR_MEM_SIZE, mem_size);
    be.csr_write(be.ctx, CSR_CMD_BASE, DEV_MEM_BASE);
    be.csr_write(be.ctx, CSR_IRQ_EN, 1);
    be.csr_write(be.ctx, CSR_CTRL, CTRL_START);
    be.wait(be.ctx, 100000);
    const uint32_t st = be.csr_read(be.ctx, CSR_STATUS);
    check((st & STATUS_DONE) && (st & STATUS_ERROR) && !(st & STATUS_BUSY),
          "%s: stops with DONE|ERROR (STATUS 0x%08x)", what, st);
    check((st >> STATUS_ERR_LSB & 0xffu) == want, "%s: error code %u, want %u", what,
          st >> STATUS_ERR_LSB & 0xffu, want);
    check(be.csr_read(be.ctx, CSR_ERR_CMD) == want_cmd, "%s: ERR_CMD %u", what, want_cmd);
    check(engine_sim_violations(s) == 0, "%s: no protocol violation: %s", what,
          engine_sim_first_violation(s));
    be.csr_write(be.ctx, CSR_CTRL, CTRL_CLEAR);
    check(!(be.csr_read(be.ctx, CSR_STATUS) & STATUS_DONE), "%s: CLEAR clears DONE", what);
    engine_sim_destroy(s);
}

static void test_errors(void)
{
    uint32_t cmds[3 * ENG_CMD_WORDS] = {0};
    cmds[0] = 0x7; /* no such opcode */
    check_error_list(cmds, 3, MEM_SIZE, ERR_BAD_OPCODE, 0, "unknown opcode");

    /* Command 0 loads 8 bytes inside a 4 KiB window, command 1 64 bytes
     * from just past its end. */
    memset(cmds, 0, sizeof cmds);
    for (int i = 0; i < 2; i++) {
        uint32_t *c = cmds + i * ENG_CMD_WORDS;
        c[F_OPCODE_WORD] = OP_LOAD_ACT;
        c[F_LOAD_ACT_ADDR_WORD] = DEV_MEM_BASE + (i ? 4096u : 128u);
        c[F_LOAD_ACT_RUN_BYTES_WORD] = i ? 64u : 8u;
        c[F_LOAD_ACT_INNER_COUNT_WORD] = 1u | 1u << F_LOAD_ACT_OUTER_COUNT_LSB;
    }
    check_error_list(cmds, 3, 4096, ERR_ADDR_RANGE, 1, "load outside the window");
}

/* A trace build writes an FST file for the requested window only; a build
 * without tracing refuses the request with a clear message. */
static void test_trace(const char *path)
{
    engine_sim_config cfg;
    char err[256] = "";
    engine_sim_config_default(&cfg, DEV_MEM_BASE, MEM_SIZE);
    cfg.trace_path = path;
    cfg.trace_begin = 10;
    cfg.trace_end = 60;
    remove(path);
    engine_sim *s = engine_sim_create(&cfg, err, sizeof err);
    if (!engine_sim_has_trace()) {
        check(s == NULL && strstr(err, "SIM_TRACE=1") != NULL,
              "trace refused by a build without tracing: '%s'", err);
        engine_sim_destroy(s);
        return;
    }
    if (!check(s != NULL, "trace build: create: %s", err))
        return;
    const engine_backend be = engine_sim_backend(s);
    be.wait(be.ctx, 100); /* past the window: the file is complete */
    engine_sim_destroy(s);
    FILE *f = fopen(path, "rb");
    long size = -1;
    if (f && fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (f)
        fclose(f);
    check(size > 0, "trace file %s written (%ld bytes)", path, size);
    cfg.trace_begin = 60;
    check(engine_sim_create(&cfg, err, sizeof err) == NULL, "empty trace window refused");
}

int main(int argc, char **argv)
{
    test_trace(argc > 1 ? argv[1] : "test-sim-smoke.fst");
    test_identity();
    for (size_t i = 0; i < N_SHAPES; i++)
        test_shape(&shapes[i], (int)i);
    test_errors();
    return check_summary();
}
