/*
 * The simulated board on a pseudo-terminal, for driving it with any serial
 * tool (cnnacc run --backend uart:PATH): prints the terminal's path on the
 * first line of stdout, then serves the board's UART until stdin reaches
 * end of file.
 */
#define _XOPEN_SOURCE 700

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "board_sim.h"

int main(void)
{
    const int master = posix_openpt(O_RDWR | O_NOCTTY);
    if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0 || !ptsname(master)) {
        perror("board-pty: pseudo-terminal");
        return 1;
    }
    /* held open so the master never sees a hang-up between clients */
    const int keep = open(ptsname(master), O_RDWR | O_NOCTTY);
    if (keep < 0) {
        perror("board-pty: pseudo-terminal slave");
        return 1;
    }
    printf("%s\n", ptsname(master));
    fflush(stdout);
    const int64_t cycles = board_sim_serve(master, STDIN_FILENO, BOARD_DIV, BOARD_GRACE, 0);
    fprintf(stderr, "board simulation: %lld cycles\n", (long long)cycles);
    close(keep);
    return cycles < 0;
}
