/*
 * A serial device as a raw byte stream: termios 8N1 at a given baud, no
 * flow control, no line processing; reads with a silence timeout.
 * Every error message names the device.
 */
#ifndef UART_LINK_H
#define UART_LINK_H

#include <stddef.h>

typedef struct uart_link uart_link;

/* baud: one of the standard rates 1200 .. 4000000. timeout_ms: how long a
 * read may wait for the next byte. */
uart_link *uart_link_open(const char *path, unsigned baud, unsigned timeout_ms, char *err,
                          size_t errlen);
void uart_link_close(uart_link *l);
const char *uart_link_path(const uart_link *l);

int uart_link_write(uart_link *l, const void *buf, size_t n, char *err, size_t errlen);

/* Exactly n bytes, or -1 when no byte came for timeout_ms (err says how
 * many had arrived). */
int uart_link_read(uart_link *l, void *buf, size_t n, char *err, size_t errlen);

/* Discards input until the line has been silent for quiet_ms. */
void uart_link_drain(uart_link *l, unsigned quiet_ms);

#endif
