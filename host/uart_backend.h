/*
 * engine_backend for a board reached over a serial line through its UART
 * bridge (boards/common/uart_bridge.v, docs/uart-protocol.md).
 *
 * Every access is one request/reply exchange; device memory transfers are
 * split into frames of UART_MAX_DATA bytes. A reply with BAD_CRC or
 * TIMEOUT, a reply with a wrong CRC and a missing reply are retried after
 * the line has gone quiet; BAD_CMD and BAD_ADDR are not. CSR writes are
 * therefore repeated when only their reply was lost.
 *
 * engine_backend's csr_read/csr_write cannot return an error: when an
 * exchange fails for good, csr_read returns 0xFFFFFFFF, the failure is
 * written to stderr (naming the device) and kept for uart_dev_error().
 *
 * wait() polls STATUS once and returns 0: the host cannot count the board's
 * cycles, so the driver charges every poll a full wait slice and its
 * watchdog bounds the number of polls (one poll is a round trip over the
 * line: about 14 bytes, 1.2 ms at 115200 baud).
 */
#ifndef UART_BACKEND_H
#define UART_BACKEND_H

#include <stddef.h>
#include <stdint.h>

#include "../firmware/backend.h"

typedef struct {
    const char *path;     /* serial device, e.g. /dev/ttyUSB0 */
    unsigned baud;        /* must match the board's BAUD parameter */
    unsigned timeout_ms;  /* longest silence while waiting for a reply byte */
    unsigned retries;     /* further attempts after a failed exchange */
} uart_config;

typedef struct uart_dev uart_dev;

/* 115200 baud, 1000 ms, 3 retries. */
void uart_config_default(uart_config *cfg, const char *path);

/* Opens the device and asks the bridge for its memory size (INFO). */
uart_dev *uart_dev_open(const uart_config *cfg, char *err, size_t errlen);
void uart_dev_close(uart_dev *d);

engine_backend uart_dev_backend(uart_dev *d);
/* Device memory: [DEV_MEM_BASE, DEV_MEM_BASE + size) as the bridge reported. */
uint32_t uart_dev_mem_size(const uart_dev *d);
/* First exchange that failed for good since open, or NULL. */
const char *uart_dev_error(const uart_dev *d);
/* Exchanges repeated since open (line errors the retries recovered from). */
unsigned long uart_dev_retries(const uart_dev *d);

/* One exchange with retries. data receives dlen reply bytes (reads).
 * Returns the final status (UART_ST_*) or -1 when no valid reply came;
 * err explains anything but UART_ST_OK. */
int uart_dev_exchange(uart_dev *d, unsigned cmd, uint32_t addr, uint16_t len,
                      const void *payload, void *data, size_t dlen, char *err, size_t errlen);

#endif
