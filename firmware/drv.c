/* Driver core; see drv.h. */
#include "drv.h"

#include "engine_regs.h"

drv_status drv_engine_info(const engine_backend *be, engine_info *info)
{
    if (be->csr_read(be->ctx, CSR_ID) != ENG_ID_VALUE)
        return DRV_BAD_ID;
    const uint32_t hwcfg = be->csr_read(be->ctx, CSR_HWCFG);
    info->rows = hwcfg & 0xFFu;
    info->cols = (hwcfg >> 8) & 0xFFu;
    info->version = (hwcfg >> 16) & 0xFFu;
    info->act_bytes = be->csr_read(be->ctx, CSR_ACT_BYTES);
    info->wgt_rows = be->csr_read(be->ctx, CSR_WGT_ROWS);
    info->acc_depth = be->csr_read(be->ctx, CSR_ACC_DEPTH);
    if (info->version != ENG_ARCH_VERSION)
        return DRV_BAD_VERSION;
    if (info->rows == 0 || info->cols == 0 || info->act_bytes == 0 || info->wgt_rows == 0 ||
        info->acc_depth == 0)
        return DRV_BAD_CONFIG;
    return DRV_OK;
}

static void read_perf(const engine_backend *be, drv_perf *p)
{
    p->cycles = be->csr_read(be->ctx, CSR_PERF_CYCLES);
    p->compute = be->csr_read(be->ctx, CSR_PERF_COMPUTE);
    p->macs = be->csr_read(be->ctx, CSR_PERF_MACS);
    p->rd_bytes = be->csr_read(be->ctx, CSR_PERF_RD_BYTES);
    p->wr_bytes = be->csr_read(be->ctx, CSR_PERF_WR_BYTES);
    p->stall = be->csr_read(be->ctx, CSR_PERF_STALL);
    p->cmds = be->csr_read(be->ctx, CSR_PERF_CMDS);
}

/* Polls STATUS, letting the device run between polls, until DONE or the
 * budget is spent. Returns the last STATUS value. */
static uint32_t wait_done(const engine_backend *be, uint64_t budget, uint64_t *waited)
{
    uint64_t elapsed = 0;
    uint32_t status = be->csr_read(be->ctx, CSR_STATUS);
    while (!(status & STATUS_DONE) && elapsed < budget) {
        const uint64_t left = budget - elapsed;
        const uint64_t slice = left < DRV_WAIT_SLICE ? left : DRV_WAIT_SLICE;
        const uint64_t ran = be->wait(be->ctx, slice);
        status = be->csr_read(be->ctx, CSR_STATUS);
        if (!(status & STATUS_DONE))
            elapsed += ran == 0 ? slice : ran;
        else
            elapsed += ran;
    }
    *waited = elapsed;
    return status;
}

drv_status drv_run(const engine_backend *be, uint32_t cmd_base, uint32_t mem_base,
                   uint32_t mem_size, uint64_t watchdog_cycles, drv_result *r)
{
    r->err_code = ERR_NONE;
    r->err_cmd = 0;
    r->err_name = drv_error_name(ERR_NONE);
    r->waited = 0;

    if (be->csr_read(be->ctx, CSR_STATUS) & STATUS_BUSY) {
        read_perf(be, &r->perf);
        return r->status = DRV_BUSY;
    }
    be->csr_write(be->ctx, CSR_CTRL, CTRL_CLEAR);
    be->csr_write(be->ctx, CSR_CMD_BASE, cmd_base);
    be->csr_write(be->ctx, CSR_MEM_BASE, mem_base);
    be->csr_write(be->ctx, CSR_MEM_SIZE, mem_size);
    be->csr_write(be->ctx, CSR_IRQ_EN, 1u); /* lets wait() return on DONE */
    be->csr_write(be->ctx, CSR_CTRL, CTRL_START);

    const uint32_t status = wait_done(be, watchdog_cycles, &r->waited);
    read_perf(be, &r->perf);
    if (!(status & STATUS_DONE))
        return r->status = DRV_WATCHDOG;
    if (status & STATUS_ERROR) {
        r->err_code = (status >> STATUS_ERR_LSB) & 0xFFu;
        r->err_cmd = be->csr_read(be->ctx, CSR_ERR_CMD);
        r->err_name = drv_error_name(r->err_code);
        return r->status = DRV_ENGINE_ERROR;
    }
    return r->status = DRV_OK;
}

const char *drv_status_name(drv_status s)
{
    switch (s) {
    case DRV_OK: return "ok";
    case DRV_ENGINE_ERROR: return "engine error";
    case DRV_WATCHDOG: return "watchdog expired";
    case DRV_BAD_ID: return "wrong engine ID";
    case DRV_BAD_VERSION: return "unsupported architecture version";
    case DRV_BAD_CONFIG: return "engine reports a zero-sized parameter";
    case DRV_BUSY: return "engine busy";
    }
    return "unknown driver status";
}

const char *drv_error_name(uint32_t code)
{
    switch (code) {
    case ERR_NONE: return "NONE";
    case ERR_BAD_OPCODE: return "BAD_OPCODE";
    case ERR_TOO_BIG: return "TOO_BIG";
    case ERR_ADDR_RANGE: return "ADDR_RANGE";
    case ERR_MISALIGNED: return "MISALIGNED";
    case ERR_BAD_PARAM: return "BAD_PARAM";
    default: return "UNKNOWN";
    }
}
