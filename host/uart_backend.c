/* engine_backend over the board's UART bridge; see uart_backend.h. */
#include "uart_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../firmware/engine_regs.h"
#include "uart_link.h"
#include "uart_proto.h"

/* Longer than the bridge's 20 ms frame timeout, so a retry starts on an
 * idle bridge. */
#define UART_QUIET_MS 50u

struct uart_dev {
    uart_link *link;
    unsigned retries;
    uint32_t mem_size;
    unsigned long retries_done;
    char error[320];      /* first failure for good; "" while none */
};

void uart_config_default(uart_config *cfg, const char *path)
{
    *cfg = (uart_config){ .path = path, .baud = 115200, .timeout_ms = 1000, .retries = 3 };
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* One attempt: send, then status, data (OK only) and CRC. Returns the
 * status, or -1 with err set when the reply is missing or corrupt. */
static int attempt(uart_dev *d, const uint8_t *frame, size_t flen, void *data, size_t dlen,
                   char *err, size_t errlen)
{
    uint8_t reply[1 + UART_MAX_DATA + 1];
    if (uart_link_write(d->link, frame, flen, err, errlen) != 0 ||
        uart_link_read(d->link, reply, 1, err, errlen) != 0)
        return -1;
    const size_t n = reply[0] == UART_ST_OK ? dlen : 0;
    if (uart_link_read(d->link, reply + 1, n + 1, err, errlen) != 0)
        return -1;
    if (uart_crc8(0, reply, n + 2) != 0) {
        snprintf(err, errlen, "uart %s: reply checksum mismatch", uart_link_path(d->link));
        return -1;
    }
    if (reply[0] > UART_ST_TIMEOUT) {
        snprintf(err, errlen, "uart %s: unknown reply status 0x%02x", uart_link_path(d->link),
                 reply[0]);
        return -1;
    }
    if (n)
        memcpy(data, reply + 1, n);
    return reply[0];
}

int uart_dev_exchange(uart_dev *d, unsigned cmd, uint32_t addr, uint16_t len,
                      const void *payload, void *data, size_t dlen, char *err, size_t errlen)
{
    uint8_t frame[UART_MAX_FRAME];
    const size_t plen = cmd == UART_CMD_CSR_WRITE ? 4 : cmd == UART_CMD_MEM_WRITE ? len : 0;
    if (plen > UART_MAX_DATA || dlen > UART_MAX_DATA) {
        snprintf(err, errlen, "uart %s: %s of %u bytes exceeds one frame",
                 uart_link_path(d->link), uart_cmd_name(cmd), (unsigned)len);
        return -1;
    }
    const size_t flen = uart_encode_request(frame, cmd, addr, len, payload, plen);
    char why[256] = "";
    int st = -1;
    for (unsigned i = 0; i <= d->retries; i++) {
        if (i) {
            uart_link_drain(d->link, UART_QUIET_MS);
            d->retries_done++;
        }
        st = attempt(d, frame, flen, data, dlen, why, sizeof why);
        if (st == UART_ST_OK || st == UART_ST_BAD_CMD || st == UART_ST_BAD_ADDR)
            break;
        if (st > 0)
            snprintf(why, sizeof why, "uart %s: bridge answered %s", uart_link_path(d->link),
                     uart_status_name((unsigned)st));
    }
    if (st == UART_ST_OK)
        return st;
    if (st == UART_ST_BAD_CMD || st == UART_ST_BAD_ADDR)
        snprintf(err, errlen, "uart %s: %s at 0x%08x, %u bytes: bridge answered %s",
                 uart_link_path(d->link), uart_cmd_name(cmd), (unsigned)addr, (unsigned)len,
                 uart_status_name((unsigned)st));
    else
        snprintf(err, errlen, "%s (%s at 0x%08x, %u attempts)", why, uart_cmd_name(cmd),
                 (unsigned)addr, d->retries + 1);
    return st;
}

/* Keeps the first failure and reports every one on stderr: the backend
 * interface has no other way to return it. */
static void fail(uart_dev *d, const char *msg)
{
    fprintf(stderr, "%s\n", msg);
    if (!d->error[0])
        snprintf(d->error, sizeof d->error, "%s", msg);
}

static uint32_t be_csr_read(void *ctx, uint32_t offset)
{
    uart_dev *d = ctx;
    uint8_t v[4];
    char err[320];
    if (uart_dev_exchange(d, UART_CMD_CSR_READ, offset, 4, NULL, v, 4, err, sizeof err) != 0) {
        fail(d, err);
        return 0xFFFFFFFFu;
    }
    return le32(v);
}

static void be_csr_write(void *ctx, uint32_t offset, uint32_t value)
{
    uart_dev *d = ctx;
    const uint8_t v[4] = { (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
                           (uint8_t)(value >> 24) };
    char err[320];
    if (uart_dev_exchange(d, UART_CMD_CSR_WRITE, offset, 4, v, NULL, 0, err, sizeof err) != 0)
        fail(d, err);
}

/* Bytes in the next memory frame of a transfer with left bytes to go. */
static uint16_t frame_len(size_t left)
{
    return (uint16_t)(left < UART_MAX_DATA ? left : UART_MAX_DATA);
}

static int be_mem_write(void *ctx, uint32_t addr, const void *src, size_t n)
{
    uart_dev *d = ctx;
    const uint8_t *p = src;
    char err[320];
    for (size_t done = 0; done < n; done += frame_len(n - done))
        if (uart_dev_exchange(d, UART_CMD_MEM_WRITE, addr + (uint32_t)done, frame_len(n - done),
                              p + done, NULL, 0, err, sizeof err) != UART_ST_OK) {
            fail(d, err);
            return -1;
        }
    return 0;
}

static int be_mem_read(void *ctx, uint32_t addr, void *dst, size_t n)
{
    uart_dev *d = ctx;
    uint8_t *p = dst;
    char err[320];
    for (size_t done = 0; done < n; done += frame_len(n - done))
        if (uart_dev_exchange(d, UART_CMD_MEM_READ, addr + (uint32_t)done, frame_len(n - done),
                              NULL, p + done, frame_len(n - done), err, sizeof err) != UART_ST_OK) {
            fail(d, err);
            return -1;
        }
    return 0;
}

static uint64_t be_wait(void *ctx, uint64_t max_cycles)
{
    (void)max_cycles;
    (void)be_csr_read(ctx, CSR_STATUS);
    return 0;
}

uart_dev *uart_dev_open(const uart_config *cfg, char *err, size_t errlen)
{
    uart_dev *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "uart %s: out of memory", cfg->path);
        return NULL;
    }
    d->retries = cfg->retries;
    d->link = uart_link_open(cfg->path, cfg->baud, cfg->timeout_ms, err, errlen);
    if (!d->link) {
        free(d);
        return NULL;
    }
    uart_link_drain(d->link, UART_QUIET_MS);  /* bytes from before we opened */
    uint8_t v[4];
    if (uart_dev_exchange(d, UART_CMD_INFO, 0, 0, NULL, v, 4, err, errlen) != UART_ST_OK) {
        uart_dev_close(d);
        return NULL;
    }
    d->mem_size = le32(v);
    return d;
}

void uart_dev_close(uart_dev *d)
{
    if (!d)
        return;
    uart_link_close(d->link);
    free(d);
}

engine_backend uart_dev_backend(uart_dev *d)
{
    return (engine_backend){ .ctx = d, .csr_read = be_csr_read, .csr_write = be_csr_write,
                             .mem_write = be_mem_write, .mem_read = be_mem_read,
                             .wait = be_wait };
}

uint32_t uart_dev_mem_size(const uart_dev *d)
{
    return d->mem_size;
}

const char *uart_dev_error(const uart_dev *d)
{
    return d->error[0] ? d->error : NULL;
}

unsigned long uart_dev_retries(const uart_dev *d)
{
    return d->retries_done;
}
