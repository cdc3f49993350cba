/*
 * SGD trainer: shuffles, augments, splits each batch into two fixed halves
 * (one per thread), sums their gradients in a fixed order and takes a
 * momentum step with a warm-up + cosine learning-rate schedule.
 */
#include "lf_train.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lf_rng.h"

void lf_train_defaults(lf_train_opts *o)
{
    *o = (lf_train_opts){
        .epochs = 25, .batch = 64, .lr = 0.05, .warmup = 200,
        .momentum = 0.9, .weight_decay = 5e-4, .seed = 1,
        .flip = 1, .shift = 0, .threads = 2, .verbose = 1,
    };
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One half of a batch, processed by one thread into its own gradient. */
typedef struct {
    const lf_real *params;
    const lf_data *data;
    const int *index;      /* images of this half */
    const lf_aug *aug;     /* their augmentation */
    int n;
    lf_work *work;
    lf_real *grad;         /* LF_N_PARAMS, overwritten */
    double loss;
    int correct;
} half_job;

static void *run_half(void *arg)
{
    half_job *j = arg;
    memset(j->grad, 0, LF_N_PARAMS * sizeof *j->grad);
    j->loss = 0;
    j->correct = 0;
    for (int i = 0; i < j->n; i++) {
        int k = j->index[i];
        lf_forward(j->params, j->data->pixels + (size_t)k * LF_IMG * LF_IMG,
                   j->aug[i], j->work);
        int label = j->data->labels[k];
        j->correct += lf_argmax(j->work->logits, LF_CLASSES) == label;
        j->loss += (double)lf_backward(j->params, label, j->work, j->grad);
    }
    return NULL;
}

/* Runs both halves (in parallel when asked) and waits for both. */
static void run_halves(half_job job[2], int threads)
{
    pthread_t t;
    if (threads > 1 && job[1].n > 0 && pthread_create(&t, NULL, run_half, &job[1]) == 0) {
        run_half(&job[0]);
        pthread_join(t, NULL);
        return;
    }
    run_half(&job[0]);
    run_half(&job[1]);
}

static double learning_rate(const lf_train_opts *o, long step, long total)
{
    if (step < o->warmup)
        return o->lr * (double)(step + 1) / (double)o->warmup;
    double t = (double)(step - o->warmup) / (double)(total - o->warmup);
    return o->lr * 0.5 * (1.0 + cos(3.14159265358979323846 * t));
}

/* grad holds the batch sum; velocity and params are updated in place. */
static void sgd_step(const lf_train_opts *o, double lr, int batch,
                     const lf_real *grad, lf_real *velocity, lf_real *params)
{
    const lf_real inv = (lf_real)(1.0 / batch), mom = (lf_real)o->momentum;
    const lf_real rate = (lf_real)lr;
    for (int t = 0; t < LF_N_TENSORS; t++) {
        const lf_tensor_info *ti = &lf_tensors[t];
        const lf_real wd = ti->rows > 1 ? (lf_real)o->weight_decay : 0;
        for (int i = ti->offset; i < ti->offset + ti->count; i++) {
            lf_real g = grad[i] * inv + wd * params[i];
            velocity[i] = mom * velocity[i] + g;
            params[i] -= rate * velocity[i];
        }
    }
}

static void shuffle(int *v, int n, lf_rng *rng)
{
    for (int i = n - 1; i > 0; i--) {
        int j = lf_rng_below(rng, i + 1);
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

static lf_aug draw_aug(const lf_train_opts *o, lf_rng *rng)
{
    lf_aug a = { 0, 0, 0 };
    if (o->flip)
        a.flip = (int)(lf_rng_next(rng) >> 63);
    if (o->shift > 0) {
        a.dx = lf_rng_below(rng, 2 * o->shift + 1) - o->shift;
        a.dy = lf_rng_below(rng, 2 * o->shift + 1) - o->shift;
    }
    return a;
}

int lf_train(const lf_train_opts *o, const lf_data *train, const lf_data *test,
             lf_real *params, lf_train_result *res)
{
    if (train->n < 1 || o->batch < 2 || o->epochs < 1) {
        fprintf(stderr, "train: need images, batch >= 2 and epochs >= 1\n");
        return -1;
    }
    int *order = malloc((size_t)train->n * sizeof *order);
    lf_aug *aug = malloc((size_t)o->batch * sizeof *aug);
    lf_real *grad = calloc(2 * (size_t)LF_N_PARAMS, sizeof *grad);
    lf_real *velocity = calloc(LF_N_PARAMS, sizeof *velocity);
    lf_work *work = malloc(2 * sizeof *work);
    if (!order || !aug || !grad || !velocity || !work) {
        fprintf(stderr, "train: out of memory\n");
        free(order); free(aug); free(grad); free(velocity); free(work);
        return -1;
    }
    lf_rng rng = { o->seed ^ 0x5eed0fda7aull };
    lf_init(params, o->seed);
    for (int i = 0; i < train->n; i++)
        order[i] = i;

    const long steps_per_epoch = (train->n + o->batch - 1) / o->batch;
    const long total = steps_per_epoch * o->epochs;
    const double start = now_seconds();
    long step = 0;
    double loss_sum = 0;
    for (int epoch = 1; epoch <= o->epochs; epoch++) {
        shuffle(order, train->n, &rng);
        loss_sum = 0;
        long correct = 0;
        for (int first = 0; first < train->n; first += o->batch) {
            int n = train->n - first < o->batch ? train->n - first : o->batch;
            for (int i = 0; i < n; i++)
                aug[i] = draw_aug(o, &rng);
            int h = n / 2;
            half_job job[2] = {
                { params, train, order + first, aug, h, &work[0], grad, 0, 0 },
                { params, train, order + first + h, aug + h, n - h, &work[1],
                  grad + LF_N_PARAMS, 0, 0 },
            };
            run_halves(job, o->threads);
            for (int i = 0; i < LF_N_PARAMS; i++)
                grad[i] += grad[LF_N_PARAMS + i];
            loss_sum += job[0].loss + job[1].loss;
            correct += job[0].correct + job[1].correct;
            sgd_step(o, learning_rate(o, step, total), n, grad, velocity, params);
            step++;
        }
        double test_acc = test ? lf_accuracy(params, test, o->threads, NULL) : -1;
        double elapsed = now_seconds() - start;
        if (o->verbose) {
            printf("epoch %2d/%d  loss %.4f  train %.2f%%", epoch, o->epochs,
                   loss_sum / train->n, 100.0 * (double)correct / train->n);
            if (test)
                printf("  test %.2f%%", 100.0 * test_acc);
            printf("  elapsed %.0f s  left ~%.0f s\n", elapsed,
                   elapsed / epoch * (o->epochs - epoch));
            fflush(stdout);
        }
        res->test_accuracy = test_acc;
    }
    res->seconds = now_seconds() - start;
    res->final_loss = loss_sum / train->n;
    free(order); free(aug); free(grad); free(velocity); free(work);
    return 0;
}

typedef struct {
    const lf_real *params;
    const lf_data *data;
    int first, n;
    uint8_t *pred;
    long correct;
} eval_job;

static void *run_eval(void *arg)
{
    eval_job *j = arg;
    lf_work *w = malloc(sizeof *w);
    j->correct = -1;
    if (!w)
        return NULL;
    j->correct = 0;
    const lf_aug none = { 0, 0, 0 };
    for (int i = j->first; i < j->first + j->n; i++) {
        lf_forward(j->params, j->data->pixels + (size_t)i * LF_IMG * LF_IMG, none, w);
        int p = lf_argmax(w->logits, LF_CLASSES);
        if (j->pred)
            j->pred[i] = (uint8_t)p;
        j->correct += p == j->data->labels[i];
    }
    free(w);
    return NULL;
}

double lf_accuracy(const lf_real *params, const lf_data *d, int threads, uint8_t *pred)
{
    int h = d->n / 2;
    eval_job job[2] = { { params, d, 0, h, pred, 0 }, { params, d, h, d->n - h, pred, 0 } };
    pthread_t t;
    if (threads > 1 && pthread_create(&t, NULL, run_eval, &job[1]) == 0) {
        run_eval(&job[0]);
        pthread_join(t, NULL);
    } else {
        run_eval(&job[0]);
        run_eval(&job[1]);
    }
    if (job[0].correct < 0 || job[1].correct < 0 || d->n == 0)
        return -1;
    return (double)(job[0].correct + job[1].correct) / d->n;
}
