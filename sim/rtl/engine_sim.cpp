// Verilator glue: clocks the Verilated cnn_engine against the memory model
// and exposes it through the C API of engine_sim.h.
#include "engine_sim.h"

#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "Vcnn_engine.h"
#include "engine_regs.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

namespace {

constexpr int RESET_CYCLES = 4;

// The data ports are as wide as the build's BUS_BYTES, and Verilator picks
// their C++ type by width: IData (4 bytes), QData (8) or VlWide<4> (16).
// Each type's size is the bus width, so the build's width follows from it.
constexpr unsigned BUS_BYTES = sizeof(Vcnn_engine::m_rdata);
static_assert(BUS_BYTES == 4 || BUS_BYTES == 8 || BUS_BYTES == 16,
              "cnn_engine BUS_BYTES must be 4, 8 or 16");
static_assert(sizeof(Vcnn_engine::m_wdata) == BUS_BYTES, "read and write data widths differ");

// Little-endian byte array <-> data port.
template <typename Word>
void bytes_to_port(const uint8_t *b, Word &port)
{
    port = 0;
    for (unsigned i = 0; i < sizeof port; i++)
        port |= static_cast<Word>(b[i]) << (8 * i);
}

template <std::size_t N>
void bytes_to_port(const uint8_t *b, VlWide<N> &port)
{
    for (std::size_t w = 0; w < N; w++)
        bytes_to_port(b + 4 * w, port[w]);
}

template <typename Word>
void port_to_bytes(Word port, uint8_t *b)
{
    for (unsigned i = 0; i < sizeof port; i++)
        b[i] = static_cast<uint8_t>(port >> (8 * i));
}

template <std::size_t N>
void port_to_bytes(const VlWide<N> &port, uint8_t *b)
{
    for (std::size_t w = 0; w < N; w++)
        port_to_bytes(port[w], b + 4 * w);
}

} // namespace

struct engine_sim {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vcnn_engine> top;
    mem_model *mem = nullptr;
    uint64_t cycles = 0;
    uint64_t csr_violations = 0;
    char csr_first_violation[160] = "";
#if VM_TRACE
    std::unique_ptr<VerilatedFstC> fst;
    std::string trace_path;
    uint64_t trace_begin = 0, trace_end = 0;
    bool trace_done = false;
#endif

    ~engine_sim() {
#if VM_TRACE
        if (fst && fst->isOpen())
            fst->close();
#endif
        if (top)
            top->final();
        mem_model_destroy(mem);
    }

    void csr_violation(const char *msg) {
        if (csr_violations++ == 0)
            snprintf(csr_first_violation, sizeof csr_first_violation, "cycle %" PRIu64 ": %s",
                     cycles, msg);
        fprintf(stderr, "engine sim: CSR PORT VIOLATION at cycle %" PRIu64 ": %s\n", cycles, msg);
    }

#if VM_TRACE
    void trace_sample(uint64_t half) {
        if (!fst || trace_done || cycles < trace_begin)
            return;
        if (trace_end && cycles >= trace_end) {
            fst->close();
            trace_done = true;
            return;
        }
        if (!fst->isOpen())
            fst->open(trace_path.c_str());
        fst->dump(2 * cycles + half);
    }
#endif

    // One clock cycle: the memory drives its signals, the engine settles,
    // the memory samples the engine's, then the rising edge.
    void tick() {
        mem_slave_out so;
        mem_model_drive(mem, &so);
        Vcnn_engine &t = *top;
        t.m_arready = so.arready;
        t.m_rvalid = so.rvalid;
        bytes_to_port(so.rdata, t.m_rdata);
        t.m_rlast = so.rlast;
        t.m_awready = so.awready;
        t.m_wready = so.wready;
        t.m_bvalid = so.bvalid;
        t.clk = 0;
        t.eval();
#if VM_TRACE
        trace_sample(0);
#endif
        mem_master_out mo = {};
        mo.arvalid = t.m_arvalid;
        mo.araddr = t.m_araddr;
        mo.arlen = t.m_arlen;
        mo.rready = t.m_rready;
        mo.awvalid = t.m_awvalid;
        mo.awaddr = t.m_awaddr;
        mo.awlen = t.m_awlen;
        mo.wvalid = t.m_wvalid;
        port_to_bytes(t.m_wdata, mo.wdata);
        mo.wstrb = t.m_wstrb;
        mo.wlast = t.m_wlast;
        mo.bready = t.m_bready;
        mem_model_clock(mem, &mo);
        t.clk = 1;
        t.eval();
#if VM_TRACE
        trace_sample(1);
#endif
        cycles++;
    }

    void csr_request(bool write, uint32_t offset, uint32_t value) {
        top->csr_valid = 1;
        top->csr_write = write;
        top->csr_addr = offset & 0xffu;
        top->csr_wdata = value;
        tick();
        top->csr_valid = 0;
        top->csr_write = 0;
    }

    // A read answers exactly ENG_CSR_READ_LATENCY cycles after its request
    // (docs/ARCHITECTURE.md); csr_rvalid early or late is a violation.
    uint32_t csr_read(uint32_t offset) {
        csr_request(false, offset, 0);
        bool early = false;
        for (unsigned i = 1; i < ENG_CSR_READ_LATENCY; i++) {
            early = early || top->csr_rvalid;
            tick();
        }
        if (early || !top->csr_rvalid) {
            char msg[96];
            snprintf(msg, sizeof msg, "read of CSR 0x%02" PRIx32 ": csr_rvalid %s, not %u cycles after",
                     offset, early ? "early" : "missing", ENG_CSR_READ_LATENCY);
            csr_violation(msg);
            return 0;
        }
        return top->csr_rdata;
    }

    // Clocks until irq, an idle STATUS (polled through the CSR port, one
    // cycle per poll) or max_cycles.
    uint64_t wait(uint64_t max_cycles) {
        const uint64_t start = cycles;
        uint64_t next_poll = ENGINE_SIM_POLL;
        while (cycles - start < max_cycles && !top->irq) {
            if (cycles - start < next_poll) {
                tick();
                continue;
            }
            next_poll += ENGINE_SIM_POLL;
            if (!(csr_read(CSR_STATUS) & STATUS_BUSY))
                break;
        }
        return cycles - start;
    }
};

extern "C" {

void engine_sim_config_default(engine_sim_config *cfg, uint32_t mem_base, uint32_t mem_size)
{
    std::memset(cfg, 0, sizeof *cfg);
    mem_model_config_default(&cfg->mem, mem_base, mem_size);
    cfg->mem.beat_bytes = BUS_BYTES;
    cfg->mem.bytes_per_cycle = BUS_BYTES;
}

unsigned engine_sim_bus_bytes(void)
{
    return BUS_BYTES;
}

int engine_sim_has_trace(void)
{
    return VM_TRACE;
}

engine_sim *engine_sim_create(const engine_sim_config *cfg, char *err, size_t errlen)
{
    if (cfg->trace_path && !VM_TRACE) {
        snprintf(err, errlen, "engine sim: tracing requested but this build has no trace support "
                              "(build with SIM_TRACE=1)");
        return nullptr;
    }
    if (cfg->trace_end && cfg->trace_end <= cfg->trace_begin) {
        snprintf(err, errlen, "engine sim: empty trace window [%" PRIu64 ", %" PRIu64 ")",
                 cfg->trace_begin, cfg->trace_end);
        return nullptr;
    }
    if (cfg->mem.beat_bytes != BUS_BYTES) {
        snprintf(err, errlen, "engine sim: memory beat of %u bytes, but the engine was built with "
                              "a %u-byte bus (SIM_BUS_BYTES)", cfg->mem.beat_bytes, BUS_BYTES);
        return nullptr;
    }
    engine_sim *s = new (std::nothrow) engine_sim;
    if (!s) {
        snprintf(err, errlen, "engine sim: out of memory");
        return nullptr;
    }
    s->mem = mem_model_create(&cfg->mem, err, errlen);
    if (!s->mem) {
        delete s;
        return nullptr;
    }
    s->ctx.reset(new VerilatedContext);
#if VM_TRACE
    if (cfg->trace_path) {
        s->ctx->traceEverOn(true);
        s->trace_path = cfg->trace_path;
        s->trace_begin = cfg->trace_begin;
        s->trace_end = cfg->trace_end;
    }
#endif
    s->top.reset(new Vcnn_engine(s->ctx.get(), "cnn_engine"));
#if VM_TRACE
    // The model registers its signals before the first eval; the file
    // opens when the window begins.
    if (cfg->trace_path) {
        s->fst.reset(new VerilatedFstC);
        s->top->trace(s->fst.get(), 99);
    }
#endif
    Vcnn_engine &t = *s->top;
    t.csr_valid = 0;
    t.csr_write = 0;
    t.csr_addr = 0;
    t.csr_wdata = 0;
    t.rst = 1;
    for (int i = 0; i < RESET_CYCLES; i++)
        s->tick();
    t.rst = 0;
    return s;
}

void engine_sim_destroy(engine_sim *s)
{
    delete s;
}

static uint32_t be_csr_read(void *ctx, uint32_t offset)
{
    return static_cast<engine_sim *>(ctx)->csr_read(offset);
}

static void be_csr_write(void *ctx, uint32_t offset, uint32_t value)
{
    static_cast<engine_sim *>(ctx)->csr_request(true, offset, value);
}

static int be_mem_write(void *ctx, uint32_t addr, const void *src, size_t n)
{
    return mem_model_write(static_cast<engine_sim *>(ctx)->mem, addr, src, n);
}

static int be_mem_read(void *ctx, uint32_t addr, void *dst, size_t n)
{
    return mem_model_read(static_cast<engine_sim *>(ctx)->mem, addr, dst, n);
}

static uint64_t be_wait(void *ctx, uint64_t max_cycles)
{
    return static_cast<engine_sim *>(ctx)->wait(max_cycles);
}

engine_backend engine_sim_backend(engine_sim *s)
{
    engine_backend be;
    be.ctx = s;
    be.csr_read = be_csr_read;
    be.csr_write = be_csr_write;
    be.mem_write = be_mem_write;
    be.mem_read = be_mem_read;
    be.wait = be_wait;
    return be;
}

uint64_t engine_sim_cycles(const engine_sim *s)
{
    return s->cycles;
}

uint64_t engine_sim_violations(const engine_sim *s)
{
    return mem_model_violations(s->mem) + s->csr_violations;
}

const char *engine_sim_first_violation(const engine_sim *s)
{
    if (mem_model_violations(s->mem))
        return mem_model_first_violation(s->mem);
    return s->csr_first_violation;
}

const mem_model_stats *engine_sim_mem_stats(const engine_sim *s)
{
    return mem_model_get_stats(s->mem);
}

} // extern "C"
