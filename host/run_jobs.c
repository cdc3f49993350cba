/* In-process and forked execution of `cnnacc run`; see run_jobs.h. */
#include "run_jobs.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../firmware/platform.h"
#include "lenet_accel.h"

/* What a worker reports; sent whole through its pipe. */
typedef enum { MSG_HELLO = 1, MSG_IMAGE, MSG_ERROR } msg_kind;

typedef struct {
    int32_t kind;
    accel_engine_params engine;           /* MSG_HELLO */
    run_image image;                      /* MSG_IMAGE */
    accel_stats conv[MODEL_MAX_LAYERS];   /* MSG_IMAGE */
    char text[RUN_TEXT_LEN];              /* MSG_ERROR */
} run_msg;

typedef int (*msg_sink)(void *ctx, const run_msg *msg);

typedef struct {
    run_report *r;
    progress *p;
    long done;
    int failed;
    char *err;
    size_t errlen;
} collector;

static int collect(void *ctx, const run_msg *msg)
{
    collector *c = ctx;
    switch (msg->kind) {
    case MSG_HELLO:
        c->r->engine = msg->engine;
        break;
    case MSG_IMAGE:
        run_report_add(c->r, &msg->image, msg->conv);
        progress_update(c->p, ++c->done);
        break;
    default:
        if (!c->failed)
            snprintf(c->err, c->errlen, "%s", msg->text);
        c->failed = 1;
        return -1;
    }
    return 0;
}

static int send_error(msg_sink sink, void *ctx, run_msg *msg, const char *text)
{
    msg->kind = MSG_ERROR;
    snprintf(msg->text, sizeof msg->text, "%s", text);
    sink(ctx, msg);
    return -1;
}

/* The images of one worker, on a device of its own. */
static int run_range(const run_job *job, long first, long count, msg_sink sink, void *ctx)
{
    run_msg *msg = calloc(1, sizeof *msg);
    const size_t px = (size_t)job->im->rows * (size_t)job->im->cols;
    int8_t *input = malloc(px);
    char why[RUN_TEXT_LEN - 32], text[RUN_TEXT_LEN];
    run_device *d = NULL;
    accel_dev *dev = NULL;
    lenet_accel *a = NULL;
    int rc = -1;
    if (!msg || !input) {
        fprintf(stderr, "cnnacc run: out of memory\n");
        goto out;
    }
    d = run_device_create(&job->dev, why, sizeof why);
    if (d) {
        const engine_backend be = run_device_backend(d);
        dev = accel_open(&be, DEV_MEM_BASE, run_device_mem_size(d), why, sizeof why);
    }
    if (dev)
        a = lenet_accel_create(job->m, dev, job->watchdog, why, sizeof why);
    if (!a) {
        rc = send_error(sink, ctx, msg, why);
        goto out;
    }
    msg->kind = MSG_HELLO;
    msg->engine = *accel_params(dev);
    if (sink(ctx, msg) != 0)
        goto out;
    for (long i = first; i < first + count; i++) {
        lenet_accel_result res;
        model_quantize_input(job->m, job->im->pixels + (size_t)i * px, input);
        if (lenet_accel_forward(a, input, job->verify, &res, msg->conv, why, sizeof why) != 0 ||
            run_device_check(d, why, sizeof why) != 0) {
            snprintf(text, sizeof text, "image %ld: %s", i, why);
            rc = send_error(sink, ctx, msg, text);
            goto out;
        }
        msg->kind = MSG_IMAGE;
        msg->image = (run_image){
            .index = (int32_t)i,
            .label = job->lb->labels[i],
            .prediction = res.prediction,
            .ref_prediction = res.ref_prediction,
            .bitexact = res.bitexact,
        };
        if (sink(ctx, msg) != 0)
            goto out;
    }
    rc = 0;
out:
    lenet_accel_free(a);
    accel_close(dev);
    run_device_destroy(d);
    free(input);
    free(msg);
    return rc;
}

/* --- worker processes --------------------------------------------------- */

static int pipe_sink(void *ctx, const run_msg *msg)
{
    const int fd = *(const int *)ctx;
    const char *p = (const char *)msg;
    size_t left = sizeof *msg;
    while (left) {
        const ssize_t n = write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        left -= (size_t)n;
    }
    return 0;
}

/* 1: a whole message, 0: end of stream, -1: a torn message or an error. */
static int read_msg(int fd, run_msg *msg)
{
    char *p = (char *)msg;
    size_t got = 0;
    while (got < sizeof *msg) {
        const ssize_t n = read(fd, p + got, sizeof *msg - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return n == 0 && got == 0 ? 0 : -1;
        got += (size_t)n;
    }
    return 1;
}

typedef struct {
    pid_t pid;
    int fd;           /* -1 once drained */
    long first, count;
    int torn;         /* stream ended in the middle of a message */
} worker;

static int start_worker(const run_job *job, worker *w)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL); /* nothing buffered may be written twice */
    w->pid = fork();
    if (w->pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (w->pid == 0) {
        close(fds[0]);
        const int rc = run_range(job, w->first, w->count, pipe_sink, &fds[1]);
        close(fds[1]);
        _exit(rc == 0 ? 0 : 1);
    }
    close(fds[1]);
    w->fd = fds[0];
    return 0;
}

static void stop_workers(worker *w, int n)
{
    for (int i = 0; i < n; i++)
        if (w[i].fd >= 0 && w[i].pid > 0)
            kill(w[i].pid, SIGTERM);
}

/* Reads every worker's messages until all streams end. */
static void drain(worker *w, int n, collector *c)
{
    struct pollfd *pfd = calloc((size_t)n, sizeof *pfd);
    run_msg *msg = malloc(sizeof *msg);
    if (!pfd || !msg) {
        snprintf(c->err, c->errlen, "cnnacc run: out of memory");
        c->failed = 1;
        stop_workers(w, n);
    }
    for (;;) {
        int open = 0;
        for (int i = 0; i < n; i++) {
            if (pfd && w[i].fd >= 0) {
                pfd[i] = (struct pollfd){.fd = w[i].fd, .events = POLLIN};
                open++;
            } else if (pfd) {
                pfd[i] = (struct pollfd){.fd = -1};
            }
        }
        if (!open || !pfd || !msg)
            break;
        if (poll(pfd, (nfds_t)n, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int i = 0; i < n; i++) {
            if (w[i].fd < 0 || !(pfd[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const int got = read_msg(w[i].fd, msg);
            if (got == 1 && collect(c, msg) == 0)
                continue;
            w[i].torn = got < 0;
            close(w[i].fd);
            w[i].fd = -1;
            if (got == 1) /* an error report: the run is over */
                stop_workers(w, n);
        }
    }
    for (int i = 0; i < n; i++)
        if (w[i].fd >= 0) {
            close(w[i].fd);
            w[i].fd = -1;
        }
    free(pfd);
    free(msg);
}

/* A worker that died without reporting why is a failure of its own. */
static void reap(worker *w, int n, collector *c)
{
    for (int i = 0; i < n; i++) {
        int status;
        if (w[i].pid <= 0 || waitpid(w[i].pid, &status, 0) != w[i].pid)
            continue;
        if (c->failed)
            continue;
        if (WIFSIGNALED(status) || WEXITSTATUS(status) != 0 || w[i].torn) {
            snprintf(c->err, c->errlen, "worker for images %ld..%ld failed (%s %d)",
                     w[i].first, w[i].first + w[i].count - 1,
                     WIFSIGNALED(status) ? "signal" : "exit status",
                     WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
            c->failed = 1;
        }
    }
}

static int run_forked(const run_job *job, int jobs, collector *c)
{
    const run_report *r = c->r;
    worker *w = calloc((size_t)jobs, sizeof *w);
    if (!w) {
        snprintf(c->err, c->errlen, "cnnacc run: out of memory");
        return -1;
    }
    int started = 0;
    for (; started < jobs; started++) {
        worker *k = &w[started];
        /* contiguous shares: worker i takes [i*count/jobs, (i+1)*count/jobs) */
        const long lo = r->count * started / jobs, hi = r->count * (started + 1) / jobs;
        k->first = r->first + lo;
        k->count = hi - lo;
        k->fd = -1;
        if (start_worker(job, k) != 0) {
            snprintf(c->err, c->errlen, "cannot start worker process: %s", strerror(errno));
            c->failed = 1;
            stop_workers(w, started);
            break;
        }
    }
    drain(w, started, c);
    reap(w, started, c);
    free(w);
    return c->failed ? -1 : 0;
}

int run_jobs(const run_job *job, int jobs, run_report *r, progress *p, char *err,
             size_t errlen)
{
    collector c = {r, p, 0, 0, err, errlen};
    r->n_conv = 0;
    for (int i = 0; i < job->m->n_layers; i++)
        if (job->m->layers[i].kind == LAYER_CONV)
            memcpy(r->conv[r->n_conv++].name, job->m->layers[i].name, MODEL_NAME_LEN);
    if (jobs > r->count)
        jobs = (int)r->count;
    if (jobs <= 1)
        run_range(job, r->first, r->count, collect, &c);
    else
        run_forked(job, jobs, &c);
    if (!c.failed && c.done != r->count) {
        snprintf(err, errlen, "only %ld of %ld images produced a result", c.done, r->count);
        c.failed = 1;
    }
    return c.failed ? -1 : 0;
}
