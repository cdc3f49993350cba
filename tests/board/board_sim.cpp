// Verilator glue of the board top: clock, reset, and a serial line model
// on each UART pin (see board_sim.h).
#include "board_sim.h"

#include <cerrno>
#include <cstdio>
#include <deque>
#include <memory>
#include <poll.h>
#include <unistd.h>

#include "Vboard_top.h"
#include "verilated.h"

namespace {

// Host -> board: shifts one queued byte at a time onto the receive pin,
// start bit, 8 data bits LSB first, stop bit, div cycles each.
struct line_out {
    std::deque<uint8_t> queue;
    unsigned bit = 0, cycle = 0;   // bit 0: idle; 1..10 frame bits
    uint16_t frame = 0;
    unsigned corrupt_every = 0;
    uint64_t sent = 0;

    bool busy() const { return bit != 0 || !queue.empty(); }
    int pin(unsigned div) {
        if (bit == 0) {
            if (queue.empty())
                return 1;
            unsigned byte = queue.front();
            queue.pop_front();
            if (corrupt_every && ++sent % corrupt_every == 0)
                byte ^= 0x08u;
            frame = (uint16_t)(0x200u | byte << 1);
            bit = 1;
            cycle = 0;
        }
        const int level = (frame >> (bit - 1)) & 1;
        if (++cycle == div) {
            cycle = 0;
            bit = bit == 10 ? 0 : bit + 1;
        }
        return level;
    }
};

// Board -> host: finds the start bit's falling edge, samples each bit in
// its middle; a byte with a good stop bit is complete.
struct line_in {
    unsigned count = 0, bit = 0;   // bit 0: idle; 1 start, 2..9 data, 10 stop
    uint8_t data = 0;
    int last = 1;

    bool busy() const { return bit != 0; }
    // returns 0..255 for a received byte, -1 otherwise
    int sample(int level, unsigned div) {
        int out = -1;
        if (bit == 0) {
            if (last == 1 && level == 0) {
                bit = 1;
                count = div / 2;
            }
        } else if (--count == 0) {
            count = div;
            if (bit >= 2 && bit <= 9)
                data = (uint8_t)(data >> 1 | (level ? 0x80u : 0u));
            if (bit == 10) {
                if (level)
                    out = data;
                bit = 0;
            } else {
                bit++;
            }
        }
        last = level;
        return out;
    }
};

bool write_all(int fd, const uint8_t *p, size_t n) {
    while (n) {
        const ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

}  // namespace

extern "C" int64_t board_sim_serve(int stream_fd, int ctl_fd, unsigned div, unsigned grace,
                                   unsigned corrupt_every) {
    const std::unique_ptr<VerilatedContext> ctx(new VerilatedContext);
    const std::unique_ptr<Vboard_top> top(new Vboard_top(ctx.get(), "board_top"));
    line_out to_board;
    to_board.corrupt_every = corrupt_every;
    line_in from_board;
    int64_t cycles = 0;
    uint64_t quiet = 0;           // cycles since either line was last busy
    bool ok = true;

    auto tick = [&]() {
        top->uart_rx = (uint8_t)to_board.pin(div);
        top->clk = 0;
        top->eval();
        top->clk = 1;
        top->eval();
        cycles++;
        const int b = from_board.sample(top->uart_tx, div);
        if (b >= 0) {
            const uint8_t byte = (uint8_t)b;
            ok = ok && write_all(stream_fd, &byte, 1);
        }
        quiet = to_board.busy() || from_board.busy() ? 0 : quiet + 1;
    };
    // Takes whatever the host has sent; waits up to ms for it.
    auto fetch = [&](int ms) -> bool {
        pollfd p[2] = { { stream_fd, POLLIN, 0 }, { ctl_fd, POLLIN, 0 } };
        if (poll(p, 2, ms) < 0)
            return errno == EINTR;
        if (p[1].revents)
            return false;            // controller gone: stop
        if (p[0].revents & POLLIN) {
            uint8_t buf[4096];
            const ssize_t r = read(stream_fd, buf, sizeof buf);
            if (r > 0)
                to_board.queue.insert(to_board.queue.end(), buf, buf + r);
        }
        return true;
    };

    top->rst = 1;
    top->uart_rx = 1;
    for (int i = 0; i < 8; i++)
        tick();
    top->rst = 0;
    while (ok) {
        if (!to_board.busy()) {
            // While the board may still answer, keep the clock running and
            // look for host bytes now and then; once it is quiet, wait for
            // the host, letting 1000 cycles pass per 5 ms of silence so the
            // engine and the bridge's timeout still advance.
            const bool idle = quiet >= grace;
            if ((idle || cycles % 16 == 0) && !fetch(idle ? 5 : 0))
                break;
            if (idle && !to_board.busy())
                for (int i = 0; i < 1000; i++)
                    tick();
        }
        tick();
    }
    top->final();
    return ok ? cycles : -1;
}
