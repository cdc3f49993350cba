/* Raw serial device I/O with termios and poll; see uart_link.h. */
#include "uart_link.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

struct uart_link {
    int fd;
    unsigned timeout_ms;
    char path[256];
};

static int baud_speed(unsigned baud, speed_t *s)
{
    static const struct { unsigned baud; speed_t speed; } rates[] = {
        { 1200, B1200 },       { 2400, B2400 },       { 4800, B4800 },
        { 9600, B9600 },       { 19200, B19200 },     { 38400, B38400 },
#ifdef B57600
        { 57600, B57600 },     { 115200, B115200 },   { 230400, B230400 },
#endif
#ifdef B460800
        { 460800, B460800 },   { 500000, B500000 },   { 921600, B921600 },
        { 1000000, B1000000 }, { 1500000, B1500000 }, { 2000000, B2000000 },
        { 3000000, B3000000 }, { 4000000, B4000000 },
#endif
    };
    for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++)
        if (rates[i].baud == baud) {
            *s = rates[i].speed;
            return 0;
        }
    return -1;
}

/* Raw 8N1: what cfmakeraw does, spelled out (it is not POSIX), plus no
 * flow control and reads that never block (poll does the waiting). */
static int set_raw(int fd, speed_t speed)
{
    struct termios t;
    if (tcgetattr(fd, &t) != 0)
        return -1;
    t.c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON |
                             IXOFF | IXANY);
    t.c_oflag &= ~(tcflag_t)OPOST;
    t.c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t.c_cflag &= ~(tcflag_t)(CSIZE | PARENB | CSTOPB);
#ifdef CRTSCTS
    t.c_cflag &= ~(tcflag_t)CRTSCTS;
#endif
    t.c_cflag |= CS8 | CREAD | CLOCAL;
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (cfsetispeed(&t, speed) != 0 || cfsetospeed(&t, speed) != 0)
        return -1;
    if (tcsetattr(fd, TCSANOW, &t) != 0)
        return -1;
    return tcflush(fd, TCIOFLUSH);
}

uart_link *uart_link_open(const char *path, unsigned baud, unsigned timeout_ms, char *err,
                          size_t errlen)
{
    speed_t speed;
    if (baud_speed(baud, &speed) != 0) {
        snprintf(err, errlen, "uart %s: baud rate %u is not a standard rate", path, baud);
        return NULL;
    }
    if (strlen(path) >= sizeof ((uart_link *)0)->path) {
        snprintf(err, errlen, "uart: device path is too long");
        return NULL;
    }
    uart_link *l = calloc(1, sizeof *l);
    if (!l) {
        snprintf(err, errlen, "uart %s: out of memory", path);
        return NULL;
    }
    snprintf(l->path, sizeof l->path, "%s", path);
    l->timeout_ms = timeout_ms;
    l->fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (l->fd < 0) {
        snprintf(err, errlen, "uart %s: cannot open: %s", path, strerror(errno));
        free(l);
        return NULL;
    }
    if (!isatty(l->fd) || set_raw(l->fd, speed) != 0) {
        snprintf(err, errlen, "uart %s: not a serial device (%s)", path,
                 isatty(l->fd) ? strerror(errno) : "no terminal attributes");
        uart_link_close(l);
        return NULL;
    }
    return l;
}

void uart_link_close(uart_link *l)
{
    if (!l)
        return;
    close(l->fd);
    free(l);
}

const char *uart_link_path(const uart_link *l)
{
    return l->path;
}

/* Waits for fd to become ready for events: 1 ready, 0 timed out, -1 on
 * an error or a hang-up with nothing left to read. */
static int wait_fd(int fd, short events, unsigned ms)
{
    struct pollfd p = { .fd = fd, .events = events };
    for (;;) {
        const int r = poll(&p, 1, (int)ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r;
        return p.revents & events ? 1 : -1;  /* POLLHUP, POLLERR without data */
    }
}

int uart_link_write(uart_link *l, const void *buf, size_t n, char *err, size_t errlen)
{
    const unsigned char *p = buf;
    while (n) {
        const ssize_t w = write(l->fd, p, n);
        if (w > 0) {
            p += w;
            n -= (size_t)w;
        } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
            snprintf(err, errlen, "uart %s: write failed: %s", l->path, strerror(errno));
            return -1;
        } else if (w < 0 && errno == EAGAIN && wait_fd(l->fd, POLLOUT, l->timeout_ms) != 1) {
            snprintf(err, errlen, "uart %s: device accepts no data (%u ms)", l->path,
                     l->timeout_ms);
            return -1;
        }
    }
    return 0;
}

int uart_link_read(uart_link *l, void *buf, size_t n, char *err, size_t errlen)
{
    unsigned char *p = buf;
    size_t got = 0;
    while (got < n) {
        const ssize_t r = read(l->fd, p + got, n - got);
        if (r > 0) {
            got += (size_t)r;
            continue;
        }
        /* with VMIN = VTIME = 0 a tty reads 0 when it has nothing */
        if (r < 0 && errno != EAGAIN && errno != EINTR) {
            snprintf(err, errlen, "uart %s: read failed: %s", l->path, strerror(errno));
            return -1;
        }
        const int w = r < 0 && errno == EINTR ? 1 : wait_fd(l->fd, POLLIN, l->timeout_ms);
        if (w < 0) {
            snprintf(err, errlen, "uart %s: device hung up", l->path);
            return -1;
        }
        if (w == 0) {
            snprintf(err, errlen, "uart %s: no reply byte for %u ms (%zu of %zu bytes arrived)",
                     l->path, l->timeout_ms, got, n);
            return -1;
        }
    }
    return 0;
}

void uart_link_drain(uart_link *l, unsigned quiet_ms)
{
    unsigned char junk[256];
    while (wait_fd(l->fd, POLLIN, quiet_ms) == 1)
        if (read(l->fd, junk, sizeof junk) < 0 && errno != EAGAIN && errno != EINTR)
            break;
}
