/*
 * The board's UART bridge protocol (docs/uart-protocol.md): command and
 * status codes, the CRC-8 and request framing. No I/O here.
 */
#ifndef UART_PROTO_H
#define UART_PROTO_H

#include <stddef.h>
#include <stdint.h>

enum {
    UART_CMD_INFO = 0x00,      /* reply data: device memory size in bytes (4) */
    UART_CMD_CSR_READ = 0x01,  /* reply data: the CSR word (4) */
    UART_CMD_CSR_WRITE = 0x02, /* payload: the CSR word (4) */
    UART_CMD_MEM_READ = 0x03,  /* reply data: len bytes */
    UART_CMD_MEM_WRITE = 0x04, /* payload: len bytes */
};

enum {
    UART_ST_OK = 0x00,
    UART_ST_BAD_CRC = 0x01,    /* header or payload CRC wrong: nothing done (see doc) */
    UART_ST_BAD_CMD = 0x02,
    UART_ST_BAD_ADDR = 0x03,   /* address or length outside the memory or CSR space */
    UART_ST_TIMEOUT = 0x04,    /* the frame stopped part-way */
};

#define UART_HDR_BYTES 8u      /* cmd, addr (4), len (2), header CRC */
#define UART_MAX_DATA 256u     /* bytes per MEM_READ / MEM_WRITE frame the host sends */
#define UART_MAX_FRAME (UART_HDR_BYTES + UART_MAX_DATA + 1u)

/* CRC-8, polynomial 0x07, initial value crc (0 for a new frame part), no
 * reflection, no final XOR. A part followed by its CRC has CRC 0. */
uint8_t uart_crc8(uint8_t crc, const void *data, size_t n);

/* Writes the request into frame (UART_MAX_FRAME bytes) and returns its
 * length. payload (n bytes) is sent only for the write commands. */
size_t uart_encode_request(uint8_t *frame, unsigned cmd, uint32_t addr, uint16_t len,
                           const void *payload, size_t n);

const char *uart_cmd_name(unsigned cmd);
const char *uart_status_name(unsigned status);

#endif
