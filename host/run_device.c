/* Creates the RTL simulation, the C model or the board link for `cnnacc run`;
 * see run_device.h. */
#include "run_device.h"

#include <stdio.h>
#include <stdlib.h>

#include "../firmware/platform.h"
#include "../sim/model/engine_model.h"
#include "../sim/rtl/engine_sim.h"
#include "uart_backend.h"

struct run_device {
    run_backend_kind kind;
    engine_sim *sim;
    engine_model *model;
    uart_dev *uart;
};

void run_device_config_default(run_device_config *cfg)
{
    *cfg = (run_device_config){
        .kind = RUN_BACKEND_RTL,
        .mem_latency = 16,
        .mem_bandwidth = 8.0,
        .mem_stall = 0.0,
        .seed = 1,
        .uart_baud = 115200,
    };
}

const char *run_backend_name(run_backend_kind kind)
{
    return kind == RUN_BACKEND_RTL ? "rtl" : kind == RUN_BACKEND_MODEL ? "model" : "uart";
}

run_device *run_device_create(const run_device_config *cfg, char *err, size_t errlen)
{
    run_device *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    d->kind = cfg->kind;
    if (cfg->kind == RUN_BACKEND_UART) {
        uart_config uc;
        uart_config_default(&uc, cfg->uart_path);
        uc.baud = cfg->uart_baud;
        d->uart = uart_dev_open(&uc, err, errlen);
        if (!d->uart) {
            free(d);
            return NULL;
        }
    } else if (cfg->kind == RUN_BACKEND_RTL) {
        engine_sim_config sc;
        engine_sim_config_default(&sc, DEV_MEM_BASE, RUN_DEVICE_MEM_SIZE);
        sc.mem.read_latency = cfg->mem_latency;
        sc.mem.write_latency = cfg->mem_latency;
        sc.mem.bytes_per_cycle = cfg->mem_bandwidth;
        for (int c = 0; c < MEM_NCH; c++)
            sc.mem.stall_prob[c] = cfg->mem_stall;
        sc.mem.seed = cfg->seed;
        sc.trace_path = cfg->trace_path;
        sc.trace_begin = cfg->trace_begin;
        sc.trace_end = cfg->trace_end;
        d->sim = engine_sim_create(&sc, err, errlen);
        if (!d->sim) {
            free(d);
            return NULL;
        }
    } else {
        engine_model_config mc;
        engine_model_default_config(&mc);
        mc.mem_base = DEV_MEM_BASE;
        mc.mem_size = RUN_DEVICE_MEM_SIZE;
        d->model = engine_model_create(&mc);
        if (!d->model) {
            snprintf(err, errlen, "engine model: cannot create (out of memory)");
            free(d);
            return NULL;
        }
    }
    return d;
}

void run_device_destroy(run_device *d)
{
    if (!d)
        return;
    if (d->sim)
        engine_sim_destroy(d->sim);
    if (d->model)
        engine_model_destroy(d->model);
    uart_dev_close(d->uart);
    free(d);
}

engine_backend run_device_backend(run_device *d)
{
    if (d->uart)
        return uart_dev_backend(d->uart);
    return d->sim ? engine_sim_backend(d->sim) : engine_model_backend(d->model);
}

uint32_t run_device_mem_size(const run_device *d)
{
    return d->uart ? uart_dev_mem_size(d->uart) : RUN_DEVICE_MEM_SIZE;
}

int run_device_check(const run_device *d, char *err, size_t errlen)
{
    if (d->sim && engine_sim_violations(d->sim)) {
        snprintf(err, errlen, "RTL simulation: %llu protocol violation(s), first: %s",
                 (unsigned long long)engine_sim_violations(d->sim),
                 engine_sim_first_violation(d->sim));
        return -1;
    }
    if (d->model && engine_model_diagnostics(d->model)) {
        snprintf(err, errlen, "engine model: %lu diagnostic(s), latest: %s",
                 engine_model_diagnostics(d->model), engine_model_last_diagnostic(d->model));
        return -1;
    }
    if (d->uart && uart_dev_error(d->uart)) {
        snprintf(err, errlen, "%s", uart_dev_error(d->uart));
        return -1;
    }
    return 0;
}
