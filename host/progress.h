/* A one-line progress bar on stderr for long runs: done/total, rate, ETA. */
#ifndef PROGRESS_H
#define PROGRESS_H

typedef struct {
    int enabled;
    long total, done;
    double start, last_draw;   /* seconds, monotonic clock */
} progress;

/* Monotonic seconds, for timing runs. */
double progress_now(void);

void progress_start(progress *p, long total, int enabled);
/* Redraws at most ten times a second. */
void progress_update(progress *p, long done);
/* Clears the line. */
void progress_finish(progress *p);

#endif
