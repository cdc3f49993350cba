/* int8 scoring on the reference kernels and the text accuracy report. */
#include "evaluate.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const model *m;
    const lf_data *d;
    int first, n;
    uint8_t *pred;
    long correct; /* -1: out of memory */
} int8_job;

static void *run_int8(void *arg)
{
    int8_job *j = arg;
    size_t act = model_max_activation(j->m);
    int8_t *buf = malloc(3 * act + LF_IMG * LF_IMG);
    j->correct = -1;
    if (!buf)
        return NULL;
    int8_t *input = buf, *logits = buf + LF_IMG * LF_IMG, *scratch = logits + act;
    j->correct = 0;
    for (int i = j->first; i < j->first + j->n; i++) {
        model_quantize_input(j->m, j->d->pixels + (size_t)i * LF_IMG * LF_IMG, input);
        int p = model_forward(j->m, input, logits, scratch);
        if (j->pred)
            j->pred[i] = (uint8_t)p;
        j->correct += p == j->d->labels[i];
    }
    free(buf);
    return NULL;
}

long ev_int8(const model *m, const lf_data *d, int threads, uint8_t *pred)
{
    int h = d->n / 2;
    int8_job job[2] = { { m, d, 0, h, pred, 0 }, { m, d, h, d->n - h, pred, 0 } };
    pthread_t t;
    if (threads > 1 && pthread_create(&t, NULL, run_int8, &job[1]) == 0) {
        run_int8(&job[0]);
        pthread_join(t, NULL);
    } else {
        run_int8(&job[0]);
        run_int8(&job[1]);
    }
    if (job[0].correct < 0 || job[1].correct < 0)
        return -1;
    return job[0].correct + job[1].correct;
}

void ev_confusion(const lf_data *d, const uint8_t *pred,
                  long counts[LF_CLASSES][LF_CLASSES])
{
    memset(counts, 0, sizeof(long) * LF_CLASSES * LF_CLASSES);
    for (int i = 0; i < d->n; i++)
        if (d->labels[i] < LF_CLASSES && pred[i] < LF_CLASSES)
            counts[d->labels[i]][pred[i]]++;
}

void ev_print_confusion(FILE *f, const char *title,
                        const long counts[LF_CLASSES][LF_CLASSES])
{
    fprintf(f, "%s: rows = true class, columns = predicted class\n", title);
    fprintf(f, "      ");
    for (int p = 0; p < LF_CLASSES; p++)
        fprintf(f, "%6d", p);
    fprintf(f, "   accuracy\n");
    for (int t = 0; t < LF_CLASSES; t++) {
        long row = 0;
        fprintf(f, "  %2d  ", t);
        for (int p = 0; p < LF_CLASSES; p++) {
            fprintf(f, "%6ld", counts[t][p]);
            row += counts[t][p];
        }
        if (row)
            fprintf(f, "   %6.2f%%\n", 100.0 * (double)counts[t][t] / (double)row);
        else
            fprintf(f, "        -\n");
    }
}
