/*
 * The Verilated board top (boards/common/board_top.v: engine, device
 * memory, UART bridge) with its UART pins served on a byte stream: bytes
 * read from the stream are sent to the board's receive pin bit by bit, and
 * bytes the board transmits are written back. Point the stream at the
 * master side of a pseudo-terminal and the slave side behaves like the
 * board's USB serial port.
 */
#ifndef BOARD_SIM_H
#define BOARD_SIM_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Runs until ctl_fd reports end of file (the controlling process closed
 * its end or exited). div: clock cycles per UART bit, as the board was
 * built with; grace: cycles the clock keeps running after the line went
 * quiet (longer than the bridge's frame timeout plus its reply), before
 * the simulator starts waiting for the host. corrupt_every: when not 0,
 * one data bit of every corrupt_every-th byte to the board is flipped (a
 * noisy line). Returns the cycles simulated, or -1 if the stream failed. */
int64_t board_sim_serve(int stream_fd, int ctl_fd, unsigned div, unsigned grace,
                        unsigned corrupt_every);

#ifdef __cplusplus
}
#endif

#endif
