/*
 * Floating-point LeNet-5 (BRIEF section 5) for training and calibration.
 *
 * Parameters live in one flat array (lf_tensors gives each tensor's place):
 * conv weights OHWI, fc weights [out][in], exactly the layouts of the int8
 * model, so the quantizer copies them channel by channel. The 5x5x16 map
 * enters F5 flattened in NHWC order (y, x, c), as the int8 FC layer reads it.
 *
 * The element type is lf_real, float by default. The gradient check compiles
 * the same sources with -DLF_REAL=double so finite differences are accurate.
 */
#ifndef LF_NET_H
#define LF_NET_H

#include <stdint.h>

#ifndef LF_REAL
#define LF_REAL float
#endif
typedef LF_REAL lf_real;

#define LF_IMG 28                /* input is LF_IMG x LF_IMG x 1 */
#define LF_PAD 2                 /* C1 "same" padding */
#define LF_IN_P (LF_IMG + 2 * LF_PAD)
#define LF_K 5                   /* both conv kernels are 5x5 */
#define LF_C1 6                  /* C1: 28x28x6 */
#define LF_S2 14                 /* S2: 14x14x6 */
#define LF_C3 16                 /* C3: 10x10x16 */
#define LF_C3_HW 10
#define LF_C3_PATCH (LF_K * LF_K * LF_C1)
#define LF_S4 5                  /* S4: 5x5x16 */
#define LF_F5_IN (LF_S4 * LF_S4 * LF_C3)
#define LF_F5 120
#define LF_F6 84
#define LF_CLASSES 10

enum {
    LF_C1_W, LF_C1_B, LF_C3_W, LF_C3_B, LF_F5_W, LF_F5_B,
    LF_F6_W, LF_F6_B, LF_OUT_W, LF_OUT_B, LF_N_TENSORS
};

typedef struct {
    const char *name;
    int offset;   /* into the flat parameter array */
    int count;
    int rows;     /* output channels (weights) or 1 (bias) */
    int fan_in;   /* inputs per output: initialisation bound */
} lf_tensor_info;

extern const lf_tensor_info lf_tensors[LF_N_TENSORS];
#define LF_N_PARAMS 61706

/* Input placement for data augmentation: mirror left-right, then translate. */
typedef struct {
    int flip;
    int dx, dy;
} lf_aug;

/* Every activation of one image, kept for the backward pass. */
typedef struct {
    lf_real in[LF_IN_P * LF_IN_P];          /* padded input, pixel / 255 */
    lf_real c1[LF_C1 * LF_IMG * LF_IMG];     /* C1 after ReLU, channel-major */
    lf_real s2[LF_S2 * LF_S2 * LF_C1];       /* NHWC */
    int s2_arg[LF_S2 * LF_S2 * LF_C1];       /* winning index into c1 */
    lf_real col3[LF_C3_HW * LF_C3_HW * LF_C3_PATCH]; /* C3 patches (ky, kx, c) */
    lf_real c3[LF_C3_HW * LF_C3_HW * LF_C3]; /* NHWC after ReLU */
    lf_real s4[LF_F5_IN];                    /* NHWC = F5 input order */
    int s4_arg[LF_F5_IN];                    /* winning index into c3 */
    lf_real f5[LF_F5], f6[LF_F6], logits[LF_CLASSES];
    /* gradients with respect to the activations above */
    lf_real d_s2[LF_S2 * LF_S2 * LF_C1], d_s4[LF_F5_IN];
    lf_real d_f5[LF_F5], d_f6[LF_F6], d_logits[LF_CLASSES];
} lf_work;

/* Kaiming-uniform weights, zero biases, from a seed. */
void lf_init(lf_real *params, uint64_t seed);

/* Forward pass of one 28x28 image (pixels 0..255); logits in w->logits. */
void lf_forward(const lf_real *params, const uint8_t *pixels, lf_aug aug,
                lf_work *w);

/* After lf_forward: softmax cross-entropy loss for label; adds the gradient
 * of that loss with respect to every parameter to grad. Returns the loss. */
lf_real lf_backward(const lf_real *params, int label, lf_work *w,
                    lf_real *grad);

/* Index of the largest value, ties to the lowest index. */
int lf_argmax(const lf_real *v, int n);

#endif
