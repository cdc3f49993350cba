/* Cycle-level device memory with protocol checking; see memory_model.h. */
#include "memory_model.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LEN 15u          /* beats - 1 */
#define MAX_QUEUE 64u
#define CREDIT_ONE 256u      /* bandwidth credit is fixed point, 1/256 byte */

typedef struct burst {
    uint32_t addr;
    unsigned len;            /* beats - 1 */
    unsigned beat;           /* next beat to move */
    uint64_t ready_at;       /* reads: first beat; writes: response */
    int bad;                 /* violated a rule: not served from memory */
} burst;

/* Bursts in arrival order; the head is the oldest. */
typedef struct queue {
    burst b[MAX_QUEUE];
    unsigned head, count;
} queue;

struct mem_model {
    mem_model_config cfg;
    uint8_t *bytes;
    unsigned beat;           /* bytes per data beat */
    unsigned window;         /* bursts must not cross this boundary: 16 beats */
    uint32_t beat_credit;    /* credit one beat costs */
    uint64_t now;
    uint64_t rng;
    int stalls;              /* some channel has a stall probability above 0 */
    uint32_t credit_per_cycle;
    uint32_t rd_credit, wr_credit;
    uint32_t idle_credit;    /* most credit a channel without demand keeps */
    int r_demand;            /* a read beat was due this cycle */
    queue rq;                /* accepted reads not fully returned */
    queue wq;                /* accepted writes not yet answered */
    mem_slave_out out;       /* what drive() put on the wires this cycle */
    int r_hold, b_hold;      /* a valid offered and not yet taken must stay */
    mem_master_out prev;     /* master signals of the previous cycle */
    int ar_wait, aw_wait, w_wait; /* previous cycle: valid without ready */
    uint64_t violations;
    char first_violation[240];
    int verbose;
    mem_model_stats stats;
};

static burst *queue_at(queue *q, unsigned i)
{
    return &q->b[(q->head + i) % MAX_QUEUE];
}

static void queue_push(queue *q, const burst *b)
{
    *queue_at(q, q->count) = *b;
    q->count++;
}

static void queue_pop(queue *q)
{
    q->head = (q->head + 1) % MAX_QUEUE;
    q->count--;
}

static void violation(mem_model *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void violation(mem_model *m, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (m->violations == 0)
        snprintf(m->first_violation, sizeof m->first_violation, "cycle %" PRIu64 ": %s",
                 m->now, msg);
    m->violations++;
    if (m->verbose)
        fprintf(stderr, "memory model: PROTOCOL VIOLATION at cycle %" PRIu64 ": %s\n", m->now,
                msg);
}

/* splitmix64 -> uniform in [0, 1). */
static double rng_unit(mem_model *m)
{
    uint64_t z = (m->rng += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

static int in_memory(const mem_model *m, uint32_t addr, uint64_t n)
{
    return addr >= m->cfg.base && (uint64_t)(addr - m->cfg.base) + n <= m->cfg.size;
}

/* Checks one AR/AW request; returns 1 if it breaks a rule. */
static int burst_is_bad(mem_model *m, const char *ch, uint32_t addr, unsigned len)
{
    const uint64_t bytes = (uint64_t)(len + 1) * m->beat;
    int bad = 0;
    if (addr % m->beat) {
        violation(m, "%s addr 0x%08" PRIx32 " not %u-byte aligned", ch, addr, m->beat);
        bad = 1;
    }
    if (len > MAX_LEN) {
        violation(m, "%s addr 0x%08" PRIx32 " len %u > %u", ch, addr, len, MAX_LEN);
        bad = 1;
    } else if (addr % m->window + bytes > m->window) {
        violation(m, "%s addr 0x%08" PRIx32 " len %u crosses a %u-byte boundary", ch, addr, len,
                  m->window);
        bad = 1;
    }
    if (!in_memory(m, addr, bytes)) {
        violation(m, "%s addr 0x%08" PRIx32 " len %u outside memory [0x%08" PRIx32 ", +0x%" PRIx32
                  ")", ch, addr, len, m->cfg.base, m->cfg.size);
        bad = 1;
    }
    return bad;
}

void mem_model_config_default(mem_model_config *cfg, uint32_t base, uint32_t size)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->base = base;
    cfg->size = size;
    cfg->beat_bytes = 8;
    cfg->read_latency = 1;
    cfg->write_latency = 1;
    cfg->bytes_per_cycle = 8;
}

mem_model *mem_model_create(const mem_model_config *cfg, char *err, size_t errlen)
{
    const char *why = NULL;
    const unsigned align = cfg->beat_bytes > 8 ? cfg->beat_bytes : 8;
    if (cfg->beat_bytes != 4 && cfg->beat_bytes != 8 && cfg->beat_bytes != 16)
        why = "beat_bytes must be 4, 8 or 16";
    else if (cfg->base % align || cfg->size % align || cfg->size == 0)
        why = "base and size must be non-zero multiples of 8 and of the beat";
    else if ((uint64_t)cfg->base + cfg->size > UINT64_C(1) << 32)
        why = "memory window passes the end of the 32-bit address space";
    else if (cfg->read_latency < 1 || cfg->write_latency < 1)
        why = "read and write latency must be at least 1 cycle";
    else if (!(cfg->bytes_per_cycle >= 1.0 / CREDIT_ONE && cfg->bytes_per_cycle <= 1e6))
        why = "bytes_per_cycle must be in [1/256, 1e6]";
    else if (cfg->max_reads > MAX_QUEUE || cfg->max_writes > MAX_QUEUE)
        why = "max_reads and max_writes must be at most 64";
    for (int c = 0; c < MEM_NCH && !why; c++)
        if (!(cfg->stall_prob[c] >= 0.0 && cfg->stall_prob[c] < 1.0))
            why = "stall probabilities must be in [0, 1)";
    if (why) {
        snprintf(err, errlen, "memory model: %s", why);
        return NULL;
    }
    mem_model *m = calloc(1, sizeof *m);
    uint8_t *bytes = calloc(cfg->size, 1);
    if (!m || !bytes) {
        free(m);
        free(bytes);
        snprintf(err, errlen, "memory model: out of memory for %" PRIu32 " bytes", cfg->size);
        return NULL;
    }
    m->cfg = *cfg;
    if (!m->cfg.max_reads)
        m->cfg.max_reads = 8;
    if (!m->cfg.max_writes)
        m->cfg.max_writes = 8;
    m->bytes = bytes;
    m->beat = cfg->beat_bytes;
    m->window = 16 * m->beat;
    m->beat_credit = m->beat * CREDIT_ONE;
    m->rng = cfg->seed;
    /* Without stalls the draws could never matter: skip them. */
    for (int c = 0; c < MEM_NCH; c++)
        m->stalls |= cfg->stall_prob[c] > 0.0;
    m->credit_per_cycle = (uint32_t)(cfg->bytes_per_cycle * CREDIT_ONE + 0.5);
    /* Idle, a channel keeps one beat minus one cycle of credit: the first
     * beat after idle goes at once and the rate after it is exact. */
    m->idle_credit =
        m->credit_per_cycle < m->beat_credit ? m->beat_credit - m->credit_per_cycle : 0;
    m->rd_credit = m->wr_credit = m->idle_credit;
    m->verbose = 1;
    return m;
}

void mem_model_destroy(mem_model *m)
{
    if (!m)
        return;
    free(m->bytes);
    free(m);
}


static burst *writes_taking_data(mem_model *m)
{
    for (unsigned i = 0; i < m->wq.count; i++) {
        burst *b = queue_at(&m->wq, i);
        if (b->beat <= b->len)
            return b;
    }
    return NULL;
}

void mem_model_drive(mem_model *m, mem_slave_out *out)
{
    /* Every channel rolls every cycle, so the stall pattern is a function of
     * the seed and the cycle number alone. */
    int stall[MEM_NCH] = {0};
    if (m->stalls) {
        for (int c = 0; c < MEM_NCH; c++) {
            stall[c] = rng_unit(m) < m->cfg.stall_prob[c];
            m->stats.stall_cycles[c] += (uint64_t)stall[c];
        }
    }
    m->rd_credit += m->credit_per_cycle;
    m->wr_credit += m->credit_per_cycle;

    mem_slave_out *o = &m->out;
    o->arready = m->rq.count < m->cfg.max_reads && !stall[MEM_CH_AR];
    o->awready = m->wq.count < m->cfg.max_writes && !stall[MEM_CH_AW];
    o->wready = m->wr_credit >= m->beat_credit && !stall[MEM_CH_W];

    m->r_demand = 0;
    if (!m->r_hold) {
        o->rvalid = 0;
        burst *b = m->rq.count ? queue_at(&m->rq, 0) : NULL;
        m->r_demand = b && b->ready_at <= m->now;
        if (m->r_demand && m->rd_credit >= m->beat_credit && !stall[MEM_CH_R]) {
            const uint32_t addr = b->addr + b->beat * m->beat;
            o->rvalid = 1;
            memset(o->rdata, 0, sizeof o->rdata);
            if (!b->bad)
                memcpy(o->rdata, m->bytes + (addr - m->cfg.base), m->beat);
            o->rlast = b->beat == b->len;
            m->rd_credit -= m->beat_credit;
        }
    }
    if (!m->b_hold) {
        burst *b = m->wq.count ? queue_at(&m->wq, 0) : NULL;
        o->bvalid = b && b->beat > b->len && b->ready_at <= m->now && !stall[MEM_CH_B];
    }
    *out = *o;
}

/* 1 if a strobed byte differs between two beats. */
static int strobed_bytes_differ(const mem_model *m, const uint8_t *a, const uint8_t *b,
                                unsigned wstrb)
{
    for (unsigned i = 0; i < m->beat; i++)
        if ((wstrb >> i & 1u) && a[i] != b[i])
            return 1;
    return 0;
}

/* A beat as hex, most significant byte first like a waveform viewer. */
static const char *beat_hex(const mem_model *m, const uint8_t *d, char *buf)
{
    for (unsigned i = 0; i < m->beat; i++)
        snprintf(buf + 2 * i, 3, "%02x", d[m->beat - 1 - i]);
    return buf;
}

/* A master must hold valid and its payload until the handshake; like the
 * usual AXI protocol checkers, data lanes without strobe are don't-care. */
static void check_held(mem_model *m, const mem_master_out *in)
{
    const mem_master_out *p = &m->prev;
    if (m->ar_wait) {
        if (!in->arvalid)
            violation(m, "AR valid dropped before ready (addr 0x%08" PRIx32 ")", p->araddr);
        else if (in->araddr != p->araddr || in->arlen != p->arlen)
            violation(m, "AR payload changed while waiting for ready: 0x%08" PRIx32 " len %u -> "
                      "0x%08" PRIx32 " len %u", p->araddr, p->arlen, in->araddr, in->arlen);
    }
    if (m->aw_wait) {
        if (!in->awvalid)
            violation(m, "AW valid dropped before ready (addr 0x%08" PRIx32 ")", p->awaddr);
        else if (in->awaddr != p->awaddr || in->awlen != p->awlen)
            violation(m, "AW payload changed while waiting for ready: 0x%08" PRIx32 " len %u -> "
                      "0x%08" PRIx32 " len %u", p->awaddr, p->awlen, in->awaddr, in->awlen);
    }
    if (m->w_wait) {
        if (!in->wvalid)
            violation(m, "W valid dropped before ready");
        else if (strobed_bytes_differ(m, in->wdata, p->wdata, p->wstrb) ||
                 in->wstrb != p->wstrb || in->wlast != p->wlast) {
            char was[2 * MEM_MAX_BEAT_BYTES + 1], now[2 * MEM_MAX_BEAT_BYTES + 1];
            violation(m, "W payload changed while waiting for ready: data %s strb %x last %d -> "
                      "data %s strb %x last %d", beat_hex(m, p->wdata, was), p->wstrb, p->wlast,
                      beat_hex(m, in->wdata, now), in->wstrb, in->wlast);
        }
    }
}

static void take_write_beat(mem_model *m, const mem_master_out *in)
{
    burst *b = writes_taking_data(m);
    if (!b) {
        violation(m, "W beat with no outstanding write address");
        return;
    }
    const int last = b->beat == b->len;
    if (in->wlast != last)
        violation(m, "W last %d on beat %u of a %u-beat burst at 0x%08" PRIx32, in->wlast,
                  b->beat, b->len + 1, b->addr);
    if (in->wstrb >> m->beat)
        violation(m, "W strobe 0x%x wider than %u bytes", in->wstrb, m->beat);
    if (!b->bad) {
        uint8_t *p = m->bytes + (b->addr + b->beat * m->beat - m->cfg.base);
        for (unsigned i = 0; i < m->beat; i++)
            if (in->wstrb >> i & 1u)
                p[i] = in->wdata[i];
    }
    b->beat++;
    if (last)
        b->ready_at = m->now + m->cfg.write_latency;
}

void mem_model_clock(mem_model *m, const mem_master_out *in)
{
    const mem_slave_out *o = &m->out;
    check_held(m, in);

    const int ar_fire = in->arvalid && o->arready;
    const int r_fire = o->rvalid && in->rready;
    const int aw_fire = in->awvalid && o->awready;
    const int w_fire = in->wvalid && o->wready;
    const int b_fire = o->bvalid && in->bready;

    if (ar_fire) {
        burst b = {in->araddr, in->arlen, 0, m->now + m->cfg.read_latency, 0};
        b.bad = burst_is_bad(m, "AR", in->araddr, in->arlen);
        if (b.len > MAX_LEN)
            b.len = MAX_LEN; /* serve something bounded; the violation is recorded */
        queue_push(&m->rq, &b);
        m->stats.read_bursts++;
    }
    if (r_fire) {
        burst *b = queue_at(&m->rq, 0);
        if (b->beat++ == b->len)
            queue_pop(&m->rq);
        m->stats.read_beats++;
    }
    m->r_hold = o->rvalid && !in->rready;

    if (aw_fire) {
        burst b = {in->awaddr, in->awlen, 0, 0, 0};
        b.bad = burst_is_bad(m, "AW", in->awaddr, in->awlen);
        if (b.len > MAX_LEN)
            b.len = MAX_LEN;
        queue_push(&m->wq, &b);
        m->stats.write_bursts++;
    }
    if (w_fire) {
        take_write_beat(m, in);
        m->wr_credit -= m->beat_credit;
        m->stats.write_beats++;
    }
    if (b_fire)
        queue_pop(&m->wq);
    m->b_hold = o->bvalid && !in->bready;

    m->ar_wait = in->arvalid && !ar_fire;
    m->aw_wait = in->awvalid && !aw_fire;
    m->w_wait = in->wvalid && !w_fire;
    m->prev = *in;
    /* Credit never banks more than one beat, so stalls do not buy bursts
     * faster than the configured rate. */
    const uint32_t rd_cap = m->r_demand ? m->beat_credit : m->idle_credit;
    const uint32_t wr_cap = in->wvalid ? m->beat_credit : m->idle_credit;
    if (m->rd_credit > rd_cap)
        m->rd_credit = rd_cap;
    if (m->wr_credit > wr_cap)
        m->wr_credit = wr_cap;
    m->now++;
    m->stats.cycles = m->now;
}

int mem_model_write(mem_model *m, uint32_t addr, const void *src, size_t n)
{
    if (!in_memory(m, addr, n))
        return -1;
    if (n)
        memcpy(m->bytes + (addr - m->cfg.base), src, n);
    return 0;
}

int mem_model_read(const mem_model *m, uint32_t addr, void *dst, size_t n)
{
    if (!in_memory(m, addr, n))
        return -1;
    if (n)
        memcpy(dst, m->bytes + (addr - m->cfg.base), n);
    return 0;
}

uint64_t mem_model_violations(const mem_model *m)
{
    return m->violations;
}

const char *mem_model_first_violation(const mem_model *m)
{
    return m->first_violation;
}

void mem_model_set_verbose(mem_model *m, int verbose)
{
    m->verbose = verbose;
}

int mem_model_idle(const mem_model *m)
{
    return m->rq.count == 0 && m->wq.count == 0;
}

const mem_model_stats *mem_model_get_stats(const mem_model *m)
{
    return &m->stats;
}
