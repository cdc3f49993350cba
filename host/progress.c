/* Progress bar on stderr; see progress.h. */
#include "progress.h"

#include <stdio.h>
#include <time.h>

#define PROGRESS_WIDTH 30

double progress_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress_start(progress *p, long total, int enabled)
{
    p->enabled = enabled;
    p->total = total;
    p->done = 0;
    p->start = progress_now();
    p->last_draw = 0;
}

static void draw(const progress *p, double now)
{
    const double elapsed = now - p->start;
    const double rate = elapsed > 0 ? (double)p->done / elapsed : 0;
    const int fill = p->total ? (int)(PROGRESS_WIDTH * p->done / p->total) : PROGRESS_WIDTH;
    char bar[PROGRESS_WIDTH + 1];
    for (int i = 0; i < PROGRESS_WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[PROGRESS_WIDTH] = '\0';
    const long eta = rate > 0 ? (long)((double)(p->total - p->done) / rate + 0.5) : 0;
    fprintf(stderr, "\r[%s] %ld/%ld images  %.1f images/s  ETA %ld:%02ld ", bar, p->done,
            p->total, rate, eta / 60, eta % 60);
    fflush(stderr);
}

void progress_update(progress *p, long done)
{
    p->done = done;
    if (!p->enabled)
        return;
    const double now = progress_now();
    if (now - p->last_draw >= 0.1 || done == p->total) {
        p->last_draw = now;
        draw(p, now);
    }
}

void progress_finish(progress *p)
{
    if (p->enabled)
        fprintf(stderr, "\r%*s\r", PROGRESS_WIDTH + 60, "");
}
