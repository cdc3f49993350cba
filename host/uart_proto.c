/* Framing and CRC of the UART bridge protocol; see uart_proto.h. */
#include "uart_proto.h"

#include <string.h>

uint8_t uart_crc8(uint8_t crc, const void *data, size_t n)
{
    const uint8_t *p = data;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = (uint8_t)(crc & 0x80u ? (unsigned)crc << 1 ^ 0x07u : (unsigned)crc << 1);
    }
    return crc;
}

size_t uart_encode_request(uint8_t *frame, unsigned cmd, uint32_t addr, uint16_t len,
                           const void *payload, size_t n)
{
    frame[0] = (uint8_t)cmd;
    for (int i = 0; i < 4; i++)
        frame[1 + i] = (uint8_t)(addr >> (8 * i));
    frame[5] = (uint8_t)len;
    frame[6] = (uint8_t)(len >> 8);
    frame[7] = uart_crc8(0, frame, 7);
    if (cmd != UART_CMD_CSR_WRITE && cmd != UART_CMD_MEM_WRITE)
        return UART_HDR_BYTES;
    if (n)
        memcpy(frame + UART_HDR_BYTES, payload, n);
    frame[UART_HDR_BYTES + n] = uart_crc8(0, payload, n);
    return UART_HDR_BYTES + n + 1;
}

const char *uart_cmd_name(unsigned cmd)
{
    static const char *const names[] = { "INFO", "CSR_READ", "CSR_WRITE", "MEM_READ",
                                         "MEM_WRITE" };
    return cmd < sizeof names / sizeof names[0] ? names[cmd] : "UNKNOWN";
}

const char *uart_status_name(unsigned status)
{
    static const char *const names[] = { "OK", "BAD_CRC", "BAD_CMD", "BAD_ADDR", "TIMEOUT" };
    return status < sizeof names / sizeof names[0] ? names[status] : "UNKNOWN";
}
