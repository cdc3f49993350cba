/*
 * End-to-end test of the board top over its UART: a child process runs the
 * Verilated board_top and serves its UART pins on a pseudo-terminal; this
 * process talks to the terminal's slave side with the host's uart backend,
 * exactly as cnnacc talks to /dev/ttyUSB0.
 *
 *  1. protocol: INFO, CSR read/write, memory round trip across frames and
 *     word boundaries; every error reply of docs/uart-protocol.md (bad
 *     header and payload CRC, unknown command, addresses out of range,
 *     truncated header and payload), each followed by a good request;
 *  2. LeNet-5 C1 of the shipped model on Fashion-MNIST test images through
 *     the tiler, driver and uart backend, byte for byte against host/ref,
 *     while the host reads and writes device memory behind the engine's
 *     back during every run (the bridge and the engine share dev_mem);
 *  3. the same on a noisy line (a bit flipped in every NOISE_EVERY-th byte
 *     to the board): the backend's retries must make it bit-exact again.
 *
 * usage: test-board MODEL DATA_DIR
 * Built with BOARD_ROWS, BOARD_COLS, BOARD_MEM_BYTES, BOARD_DIV and
 * BOARD_GRACE matching the Verilated parameters (tests/board.mk).
 */
#define _XOPEN_SOURCE 700

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../firmware/engine_regs.h"
#include "../../firmware/platform.h"
#include "accel.h"
#include "board_sim.h"
#include "idx.h"
#include "model.h"
#include "tcheck.h"
#include "uart_backend.h"
#include "uart_link.h"
#include "uart_proto.h"

#define TIMEOUT_MS 20000u      /* generous: the simulator shares a loaded machine */
#define CANARY_BYTES 512u      /* top of device memory, kept out of the layer's reach */
#define IMAGES 2
#define NOISE_EVERY 499u       /* prime, so the flips wander through the frames */

/* ---- raw frames ------------------------------------------------------------ */

static int exchange_raw(uart_link *l, const uint8_t *req, size_t n, uint8_t *reply, size_t rn)
{
    char err[256];
    if (uart_link_write(l, req, n, err, sizeof err) != 0 ||
        uart_link_read(l, reply, rn, err, sizeof err) != 0) {
        printf("  %s\n", err);
        return -1;
    }
    return 0;
}

/* The ID register through a hand-checked reply: status OK, 'CNNA' little
 * endian, and a reply CRC over the five bytes before it. */
static void check_id(uart_link *l, const char *after)
{
    uint8_t req[UART_MAX_FRAME], reply[6];
    const size_t n = uart_encode_request(req, UART_CMD_CSR_READ, CSR_ID, 4, NULL, 0);
    const int rc = exchange_raw(l, req, n, reply, sizeof reply);
    CHECK(rc == 0 && reply[0] == UART_ST_OK && reply[1] == 0x41 && reply[2] == 0x4E &&
          reply[3] == 0x4E && reply[4] == 0x43 && uart_crc8(0, reply, 6) == 0,
          "ID read after %s: %02x %02x %02x %02x %02x %02x", after, reply[0], reply[1],
          reply[2], reply[3], reply[4], reply[5]);
}

/* An error reply is two bytes: status and the CRC-8 of that one byte.
 * CRC-8/0x07 of a single byte b is b shifted through the register eight
 * times: 0x01 -> 0x07, 0x02 -> 0x0E, 0x03 -> 0x09 (= 0x07 ^ 0x0E, the CRC is
 * linear), 0x04 -> 0x1C. */
static const uint8_t REPLY_BAD_CRC[2] = { 0x01, 0x07 };
static const uint8_t REPLY_BAD_CMD[2] = { 0x02, 0x0E };
static const uint8_t REPLY_BAD_ADDR[2] = { 0x03, 0x09 };
static const uint8_t REPLY_TIMEOUT[2] = { 0x04, 0x1C };

static void check_error(uart_link *l, const char *what, const uint8_t *req, size_t n,
                        const uint8_t want[2])
{
    uint8_t reply[2] = { 0xEE, 0xEE };
    const int rc = exchange_raw(l, req, n, reply, 2);
    CHECK(rc == 0 && reply[0] == want[0] && reply[1] == want[1],
          "%s: reply %02x %02x, expected %02x %02x", what, reply[0], reply[1], want[0], want[1]);
    check_id(l, what);
}

static void test_errors(const char *tty)
{
    char err[256];
    uart_link *l = uart_link_open(tty, 115200, TIMEOUT_MS, err, sizeof err);
    CHECK(l != NULL, "%s", err);
    if (!l)
        return;
    check_id(l, "open");
    uint8_t f[UART_MAX_FRAME];
    const uint8_t word[4] = { 1, 2, 3, 4 };
    size_t n;

    n = uart_encode_request(f, UART_CMD_CSR_READ, CSR_STATUS, 4, NULL, 0);
    f[7] ^= 0x55;
    check_error(l, "bad header CRC", f, n, REPLY_BAD_CRC);

    n = uart_encode_request(f, UART_CMD_MEM_WRITE, DEV_MEM_BASE, 4, word, 4);
    f[n - 1] ^= 0x01;
    check_error(l, "bad payload CRC", f, n, REPLY_BAD_CRC);

    n = uart_encode_request(f, 0x7F, DEV_MEM_BASE, 4, NULL, 0);
    check_error(l, "unknown command", f, n, REPLY_BAD_CMD);

    n = uart_encode_request(f, UART_CMD_MEM_READ, DEV_MEM_BASE + BOARD_MEM_BYTES - 4, 8, NULL, 0);
    check_error(l, "read past the end of memory", f, n, REPLY_BAD_ADDR);

    n = uart_encode_request(f, UART_CMD_MEM_WRITE, DEV_MEM_BASE - 4, 4, word, 4);
    check_error(l, "write below memory (payload swallowed)", f, n, REPLY_BAD_ADDR);

    n = uart_encode_request(f, UART_CMD_CSR_READ, 0x100, 4, NULL, 0);
    check_error(l, "CSR offset beyond the map", f, n, REPLY_BAD_ADDR);

    n = uart_encode_request(f, UART_CMD_CSR_READ, CSR_ID, 4, NULL, 0);
    check_error(l, "truncated header", f, 5, REPLY_TIMEOUT);

    n = uart_encode_request(f, UART_CMD_MEM_WRITE, DEV_MEM_BASE, 4, word, 4);
    check_error(l, "truncated payload", f, UART_HDR_BYTES + 2, REPLY_TIMEOUT);
    uart_link_close(l);
}

/* ---- requests through the backend ------------------------------------------ */

static void test_access(const char *tty)
{
    uart_config cfg;
    uart_config_default(&cfg, tty);
    cfg.timeout_ms = TIMEOUT_MS;
    char err[320];
    uart_dev *d = uart_dev_open(&cfg, err, sizeof err);
    CHECK(d != NULL, "%s", err);
    if (!d)
        return;
    CHECK(uart_dev_mem_size(d) == BOARD_MEM_BYTES, "INFO: %u bytes of memory, built with %u",
          (unsigned)uart_dev_mem_size(d), BOARD_MEM_BYTES);
    const engine_backend be = uart_dev_backend(d);
    const uint32_t hwcfg = be.csr_read(be.ctx, CSR_HWCFG);
    CHECK(hwcfg == (ENG_ARCH_VERSION << 16 | BOARD_COLS << 8 | BOARD_ROWS), "HWCFG 0x%08x",
          (unsigned)hwcfg);
    be.csr_write(be.ctx, CSR_CMD_BASE, 0x12345678u);
    CHECK(be.csr_read(be.ctx, CSR_CMD_BASE) == 0x12345678u, "CMD_BASE write/read back");

    /* 700 bytes from an odd address: three frames, none word aligned */
    enum { N = 700 };
    uint8_t out[N], in[N];
    trng r;
    trng_seed(&r, 7);
    for (int i = 0; i < N; i++)
        out[i] = (uint8_t)trng_u32(&r);
    const uint32_t at = DEV_MEM_BASE + 1001;
    CHECK(be.mem_write(be.ctx, at, out, N) == 0, "memory write");
    memset(in, 0, sizeof in);
    CHECK(be.mem_read(be.ctx, at, in, N) == 0 && memcmp(in, out, N) == 0,
          "memory read back differs");
    uint8_t one;
    CHECK(be.mem_read(be.ctx, at + 5, &one, 1) == 0 && one == out[5], "single byte read");
    CHECK(be.mem_read(be.ctx, DEV_MEM_BASE + BOARD_MEM_BYTES, &one, 1) != 0,
          "read beyond memory must fail");
    CHECK(uart_dev_error(d) != NULL && strstr(uart_dev_error(d), "BAD_ADDR") &&
          strstr(uart_dev_error(d), tty), "error names the device and status: %s",
          uart_dev_error(d) ? uart_dev_error(d) : "(none)");
    uart_dev_close(d);
}

/* ---- LeNet C1 on the board ------------------------------------------------- */

/* The uart backend's wait, plus memory traffic of its own while the engine
 * runs: rewrite the canary at the top of memory and read it back. */
typedef struct {
    engine_backend inner;
    uint8_t canary[CANARY_BYTES];
    uint32_t canary_addr;
    unsigned rounds, bad;
    trng rng;
} busy_host;

static uint64_t busy_wait(void *ctx, uint64_t max_cycles)
{
    busy_host *h = ctx;
    const engine_backend *be = &h->inner;
    if (h->rounds < 4) {
        uint8_t back[64];
        const uint32_t off = (trng_u32(&h->rng) % (CANARY_BYTES / 64)) * 64;
        for (unsigned i = 0; i < 64; i++)
            h->canary[off + i] = (uint8_t)trng_u32(&h->rng);
        if (be->mem_write(be->ctx, h->canary_addr + off, h->canary + off, 64) != 0 ||
            be->mem_read(be->ctx, h->canary_addr, back, 64) != 0 ||
            memcmp(back, h->canary, 64) != 0)
            h->bad++;
        h->rounds++;
    }
    return be->wait(be->ctx, max_cycles);
}

static uint32_t busy_csr_read(void *ctx, uint32_t o)
{
    const busy_host *h = ctx;
    return h->inner.csr_read(h->inner.ctx, o);
}
static void busy_csr_write(void *ctx, uint32_t o, uint32_t v)
{
    const busy_host *h = ctx;
    h->inner.csr_write(h->inner.ctx, o, v);
}
static int busy_mem_write(void *ctx, uint32_t a, const void *s, size_t n)
{
    const busy_host *h = ctx;
    return h->inner.mem_write(h->inner.ctx, a, s, n);
}
static int busy_mem_read(void *ctx, uint32_t a, void *dst, size_t n)
{
    const busy_host *h = ctx;
    return h->inner.mem_read(h->inner.ctx, a, dst, n);
}

/* Fashion-MNIST test images, or a fixed pseudo-random image when the data
 * set is not installed (the comparison with the reference holds either way). */
static void load_image(const char *dir, int index, uint8_t *px)
{
    static idx_images im;
    static int state;  /* 0 untried, 1 loaded, -1 absent */
    if (state == 0) {
        idx_labels lb;
        char err[256];
        state = idx_load_set(dir, "t10k", &im, &lb, err, sizeof err) == 0 ? 1 : -1;
        if (state > 0)
            idx_free_labels(&lb);
        else
            printf("skip: Fashion-MNIST not available (%s); using a pseudo-random image\n", err);
    }
    if (state > 0 && index < im.count) {
        memcpy(px, im.pixels + (size_t)index * 784, 784);
    } else {
        trng r;
        trng_seed(&r, 100 + (unsigned)index);
        for (int i = 0; i < 784; i++)
            px[i] = (uint8_t)trng_u32(&r);
    }
    if (index == IMAGES - 1 && state > 0)
        idx_free_images(&im);
}

/* images: how many to run; noisy: the line flips bits, so retries must
 * have happened (and made up for every flip). */
static void test_lenet_c1(const char *tty, const char *model_path, const char *data_dir,
                          int images, int noisy)
{
    model m;
    char err[512];
    if (model_load(model_path, &m, err, sizeof err) != 0) {
        CHECK(0, "%s", err);
        return;
    }
    const model_layer *c1 = &m.layers[0];
    CHECK(c1->kind == LAYER_CONV && c1->in_h == 28 && c1->in_w == 28 && c1->in_c == 1,
          "layer 0 of %s is not LeNet's C1", model_path);
    const ref_conv p = {
        .in_h = c1->in_h, .in_w = c1->in_w, .in_c = c1->in_c, .out_c = c1->out_c,
        .k_h = c1->k_h, .k_w = c1->k_w, .stride_h = c1->stride_h, .stride_w = c1->stride_w,
        .pad_top = c1->pad_top, .pad_bottom = c1->pad_bottom,
        .pad_left = c1->pad_left, .pad_right = c1->pad_right,
        .zp_in = c1->in_zp, .zp_out = c1->out_zp,
        .act_min = ref_act_min(c1->relu, c1->out_zp), .act_max = 127,
        .weights = c1->weights, .bias = c1->bias, .qmul = c1->qmul,
    };

    uart_config cfg;
    uart_config_default(&cfg, tty);
    cfg.timeout_ms = TIMEOUT_MS;
    uart_dev *d = uart_dev_open(&cfg, err, sizeof err);
    CHECK(d != NULL, "%s", err);
    if (!d) {
        model_free(&m);
        return;
    }
    static busy_host h;
    h.inner = uart_dev_backend(d);
    const uint32_t layer_bytes = uart_dev_mem_size(d) - CANARY_BYTES;
    h.canary_addr = DEV_MEM_BASE + layer_bytes;
    trng_seed(&h.rng, 3);
    const engine_backend be = { &h, busy_csr_read, busy_csr_write, busy_mem_write,
                                busy_mem_read, busy_wait };
    CHECK(be.mem_write(be.ctx, h.canary_addr, h.canary, CANARY_BYTES) == 0, "canary upload");

    accel_dev *dev = accel_open(&be, DEV_MEM_BASE, layer_bytes, err, sizeof err);
    accel_layer *layer = dev ? accel_prepare(dev, &p, err, sizeof err) : NULL;
    CHECK(layer != NULL, "%s", err);
    const size_t out_bytes = (size_t)ref_conv_out_h(&p) * ref_conv_out_w(&p) * p.out_c;
    int8_t *got = malloc(out_bytes), *want = malloc(out_bytes);
    for (int img = 0; layer && got && want && img < images; img++) {
        uint8_t px[784];
        int8_t in[784];
        load_image(data_dir, img, px);
        model_quantize_input(&m, px, in);
        ref_conv2d(&p, in, want);
        memset(got, 0x5A, out_bytes);
        accel_stats st;
        h.rounds = 0;
        const int rc = accel_run(layer, in, got, &st, err, sizeof err);
        CHECK(rc == 0, "image %d: %s", img, err);
        char msg[256] = "";
        const size_t diffs = rc == 0 ? accel_compare(layer, got, want, msg, sizeof msg) : 1;
        CHECK(diffs == 0, "image %d: %s", img, msg);
        CHECK(h.rounds > 0 && h.bad == 0, "image %d: %u of %u memory checks during the run "
              "failed", img, h.bad, h.rounds);
        if (rc == 0 && diffs == 0)
            printf("C1 image %d%s: %zu bytes bit-exact, %llu engine cycles (PERF_CYCLES), "
                   "%u host memory checks during the run\n", img, noisy ? " (noisy line)" : "",
                   out_bytes, (unsigned long long)st.cycles, h.rounds);
    }
    uint8_t back[CANARY_BYTES];
    CHECK(be.mem_read(be.ctx, h.canary_addr, back, CANARY_BYTES) == 0 &&
          memcmp(back, h.canary, CANARY_BYTES) == 0, "canary changed by the engine");
    CHECK(uart_dev_error(d) == NULL, "backend error: %s", uart_dev_error(d));
    /* A clean line may still see a retry when this process stalls in the
     * middle of a frame for longer than the simulated frame timeout, so
     * only the noisy line is checked for them. */
    printf("%s line: %lu exchanges repeated\n", noisy ? "noisy" : "clean", uart_dev_retries(d));
    CHECK(!noisy || uart_dev_retries(d) > 0, "no exchange repeated on a noisy line");
    free(got);
    free(want);
    accel_layer_free(layer);
    accel_close(dev);
    uart_dev_close(d);
    model_free(&m);
}

/* ---- the simulator in a child process -------------------------------------- */

typedef struct {
    pid_t pid;
    int ctl;         /* the child runs until this closes */
    int keep;        /* slave side, held open so the master never hangs up */
    char tty[128];
} sim_proc;

static int sim_start(sim_proc *s, unsigned corrupt_every)
{
    const int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 || !ptsname(master)) {
        perror("test-board: pseudo-terminal");
        return -1;
    }
    snprintf(s->tty, sizeof s->tty, "%s", ptsname(master));
    s->keep = open(s->tty, O_RDWR | O_NOCTTY);
    int ctl[2];
    if (s->keep < 0 || pipe(ctl) != 0) {
        perror("test-board: pseudo-terminal slave / pipe");
        return -1;
    }
    fflush(stdout);
    s->pid = fork();
    if (s->pid < 0) {
        perror("test-board: fork");
        return -1;
    }
    if (s->pid == 0) {
        close(ctl[1]);
        const int64_t cycles =
            board_sim_serve(master, ctl[0], BOARD_DIV, BOARD_GRACE, corrupt_every);
        printf("board simulation: %lld cycles\n", (long long)cycles);
        fflush(stdout);
        _exit(cycles < 0);
    }
    close(ctl[0]);
    close(master);
    s->ctl = ctl[1];
    return 0;
}

static void sim_stop(sim_proc *s)
{
    close(s->ctl);
    int status = 0;
    waitpid(s->pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "simulator exit status 0x%x", status);
    close(s->keep);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s MODEL DATA_DIR\n", argv[0]);
        return 2;
    }
    const uint8_t check[] = "123456789";
    CHECK(uart_crc8(0, check, 9) == 0xF4, "CRC-8/0x07 check value of \"123456789\"");

    sim_proc s;
    if (sim_start(&s, 0) != 0)
        return 1;
    test_errors(s.tty);
    test_access(s.tty);
    test_lenet_c1(s.tty, argv[1], argv[2], IMAGES, 0);
    sim_stop(&s);

    if (sim_start(&s, NOISE_EVERY) != 0)
        return 1;
    test_lenet_c1(s.tty, argv[1], argv[2], 1, 1);
    sim_stop(&s);
    return tcheck_summary();
}
