/*
 * ctorch.h — a plain C API over libtorch (ATen + autograd), CPU only.
 *
 * Conventions
 *  - C sees only opaque handles. A function returning `ft_tensor *` hands the
 *    caller a new handle that the caller frees with ft_tensor_free.
 *  - Every entry point catches C++ exceptions. On failure it returns NULL (for
 *    handles) or -1 (for ints) and ft_last_error() returns the message; the
 *    message is thread-local and valid until the next failing call on that thread.
 *  - Optional tensor arguments (e.g. a bias) may be NULL.
 *  - Shapes and dimension lists are passed as (const int64_t *values, int count).
 *  - New tensors are made on a `device`: FT_CPU, or n >= 0 for CUDA device n (needs a libtorch
 *    with CUDA loaded; otherwise the call fails with libtorch's message). Operations run where
 *    their inputs are.
 */
#ifndef CTORCH_H
#define CTORCH_H

#include <stdint.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ft_tensor ft_tensor;

/* ---- errors -------------------------------------------------------------- */

/* The message of the last failed call on this thread ("" if none). */
const char *ft_last_error(void);

/* ---- element types ------------------------------------------------------- */

enum ft_dtype { FT_FLOAT32 = 0, FT_INT64 = 1, FT_INT32 = 2, FT_BOOL = 3, FT_FLOAT64 = 4, FT_BFLOAT16 = 5 };

/* ---- creation, inspection, release --------------------------------------- */

enum ft_device { FT_CPU = -1 };

/* Copies `data` (laid out row-major with the given shape) into a new tensor. */
ft_tensor *ft_from_data(const void *data, int dtype, const int64_t *shape, int ndim, int device);
/* A tensor of the given shape filled with `value`. */
ft_tensor *ft_full(const int64_t *shape, int ndim, double value, int dtype, int device);
/* [start, start+step, ...) up to but excluding `end`. */
ft_tensor *ft_arange(double start, double end, double step, int dtype, int device);

enum ft_random { FT_RAND_UNIFORM = 0, FT_RAND_NORMAL = 1 };
/* Uniform in [a, b) or normal with mean a and std b, from the calling thread's generator. */
ft_tensor *ft_random(int kind, const int64_t *shape, int ndim, double a, double b, int dtype, int device);
/* Seeds the calling thread's generator (and libtorch's global one), from which this thread's
   random tensors and dropout masks draw. */
void ft_manual_seed(uint64_t seed);

void ft_tensor_free(ft_tensor *t);

int ft_tensor_ndim(const ft_tensor *t);
/* Writes min(ndim, capacity) sizes into `out`; returns ndim. */
int ft_tensor_shape(const ft_tensor *t, int64_t *out, int capacity);
int ft_tensor_dtype(const ft_tensor *t);
/* FT_CPU or the CUDA device index. */
int ft_tensor_device(const ft_tensor *t);
int64_t ft_tensor_numel(const ft_tensor *t);
/* Copies all elements, converted to `dtype`, into `out` (capacity `count` elements). */
int ft_tensor_copy_out(const ft_tensor *t, void *out, int64_t count, int dtype);
/* The value of a one-element tensor. */
int ft_tensor_item(const ft_tensor *t, double *out);
/* A short printable description (libtorch's own formatting); free with ft_string_free. */
char *ft_tensor_describe(const ft_tensor *t);
void ft_string_free(char *s);

/* ---- element-wise and matrix ops ----------------------------------------- */

enum ft_unary_op {
    FT_NEG = 0, FT_EXP, FT_LOG, FT_SQRT, FT_ABS, FT_RELU, FT_GELU, FT_TANH,
    FT_SIGMOID, FT_ISFINITE, FT_CONTIGUOUS, FT_CLONE, FT_DETACH, FT_RSQRT,
    FT_SQUARE, FT_LOGICAL_NOT, FT_ZEROS_LIKE, FT_ONES_LIKE, FT_ERF, FT_RELU6,
    FT_CHANNELS_LAST
};
ft_tensor *ft_unary(int op, const ft_tensor *a);

enum ft_binary_op {
    FT_ADD = 0, FT_SUB, FT_MUL, FT_DIV, FT_POW, FT_MATMUL, FT_BMM,
    FT_EQ, FT_NE, FT_GT, FT_GE, FT_LT, FT_LE, FT_MAXIMUM, FT_MINIMUM,
    FT_LOGICAL_AND, FT_LOGICAL_OR
};
/* a (op) b with broadcasting. */
ft_tensor *ft_binary(int op, const ft_tensor *a, const ft_tensor *b);
/* a (op) s; `reversed` computes s (op) a (only ADD..POW). */
ft_tensor *ft_binary_scalar(int op, const ft_tensor *a, double s, int reversed);

/* clamp to [lo, hi]; a bound is ignored when its has_ flag is 0. */
ft_tensor *ft_clamp(const ft_tensor *a, int has_lo, double lo, int has_hi, double hi);
/* cond ? a : b, with broadcasting. */
ft_tensor *ft_where(const ft_tensor *cond, const ft_tensor *a, const ft_tensor *b);
ft_tensor *ft_masked_fill(const ft_tensor *a, const ft_tensor *mask, double value);
ft_tensor *ft_to_dtype(const ft_tensor *a, int dtype);

/* ---- reductions ------------------------------------------------------------ */

enum ft_reduce_op { FT_SUM = 0, FT_MEAN, FT_ALL, FT_ANY };
/* Reduces over `dims` (all dims when ndims == 0; keepdim then ignored). */
ft_tensor *ft_reduce(int op, const ft_tensor *a, const int64_t *dims, int ndims, int keepdim);
/* Max along a dim: values and int64 indices (either out pointer may be NULL). */
int ft_max_dim(const ft_tensor *a, int64_t dim, int keepdim, ft_tensor **values, ft_tensor **indices);
/* Scalar max / min over all elements. */
ft_tensor *ft_max_all(const ft_tensor *a);
ft_tensor *ft_min_all(const ft_tensor *a);
/* Vector p-norm over all elements. */
ft_tensor *ft_norm(const ft_tensor *a, double p);
ft_tensor *ft_softmax(const ft_tensor *a, int64_t dim, int log);

/* ---- shapes and indexing -------------------------------------------------- */

ft_tensor *ft_reshape(const ft_tensor *a, const int64_t *shape, int ndim);
ft_tensor *ft_expand(const ft_tensor *a, const int64_t *shape, int ndim);
ft_tensor *ft_permute(const ft_tensor *a, const int64_t *dims, int ndim);
ft_tensor *ft_transpose(const ft_tensor *a, int64_t dim0, int64_t dim1);
ft_tensor *ft_unsqueeze(const ft_tensor *a, int64_t dim);
/* Removes size-1 dims: just `dim`, or all when has_dim == 0. */
ft_tensor *ft_squeeze(const ft_tensor *a, int has_dim, int64_t dim);
ft_tensor *ft_narrow(const ft_tensor *a, int64_t dim, int64_t start, int64_t length);
ft_tensor *ft_slice(const ft_tensor *a, int64_t dim, int64_t start, int64_t end, int64_t step);
ft_tensor *ft_index_select(const ft_tensor *a, int64_t dim, const ft_tensor *index);
ft_tensor *ft_gather(const ft_tensor *a, int64_t dim, const ft_tensor *index);
/* Concatenates along an existing dim (stack == 0) or a new one (stack == 1). */
ft_tensor *ft_cat(const ft_tensor *const *tensors, int count, int64_t dim, int stack);

/* ---- neural-network functions --------------------------------------------- */

ft_tensor *ft_linear(const ft_tensor *x, const ft_tensor *w, const ft_tensor *b);
ft_tensor *ft_conv2d(const ft_tensor *x, const ft_tensor *w, const ft_tensor *b,
                     const int64_t stride[2], const int64_t padding[2],
                     const int64_t dilation[2], int64_t groups);
/* In training mode uses batch statistics and updates running_mean/var in place. */
ft_tensor *ft_batch_norm(const ft_tensor *x, const ft_tensor *weight, const ft_tensor *bias,
                         const ft_tensor *running_mean, const ft_tensor *running_var,
                         int training, double momentum, double eps);
ft_tensor *ft_layer_norm(const ft_tensor *x, const int64_t *shape, int ndim,
                         const ft_tensor *weight, const ft_tensor *bias, double eps);

enum ft_pool { FT_MAX_POOL = 0, FT_AVG_POOL = 1 };
ft_tensor *ft_pool2d(int kind, const ft_tensor *x, const int64_t kernel[2],
                     const int64_t stride[2], const int64_t padding[2]);
ft_tensor *ft_adaptive_avg_pool2d(const ft_tensor *x, const int64_t output[2]);
/* Constant padding of the last two dims by pad = {left, right, top, bottom} (F.pad's order):
 * TensorFlow's "SAME" convolutions pad stride-2 inputs unevenly. */
ft_tensor *ft_pad2d(const ft_tensor *x, const int64_t pad[4], double value);
/* Bicubic resize of [n, c, h, w] to `size` (align_corners false, as F.interpolate's default),
 * antialiased when `antialias` is 1: how timm resamples a position embedding. */
ft_tensor *ft_resize_bicubic(const ft_tensor *x, const int64_t size[2], int antialias);
ft_tensor *ft_dropout(const ft_tensor *x, double p, int training);
ft_tensor *ft_embedding(const ft_tensor *weight, const ft_tensor *indices);
/* softmax(q·kᵀ/√d + additive_mask)·v, fused (libtorch's scaled_dot_product_attention, no
 * dropout). q, k, v [batch, heads, length, d]; the mask broadcasts to the scores, or NULL. */
ft_tensor *ft_attention(const ft_tensor *q, const ft_tensor *k, const ft_tensor *v, const ft_tensor *additive_mask);

enum ft_reduction { FT_REDUCTION_NONE = 0, FT_REDUCTION_MEAN = 1, FT_REDUCTION_SUM = 2 };
/* int64 class targets, or float class probabilities shaped like logits. */
ft_tensor *ft_cross_entropy(const ft_tensor *logits, const ft_tensor *targets,
                            double label_smoothing, int reduction);
ft_tensor *ft_nll_loss(const ft_tensor *log_probs, const ft_tensor *targets, int reduction);
ft_tensor *ft_mse_loss(const ft_tensor *a, const ft_tensor *b, int reduction);
/* KL(target || input) with `input` log-probabilities (libtorch's kl_div). */
ft_tensor *ft_kl_div(const ft_tensor *log_input, const ft_tensor *target, int reduction, int log_target);

/* ---- autograd ---------------------------------------------------------------- */

int ft_requires_grad(const ft_tensor *t);
int ft_set_requires_grad(ft_tensor *t, int on);
int ft_has_grad(const ft_tensor *t);
/* The accumulated gradient, or NULL with an empty ft_last_error() when there is none. */
ft_tensor *ft_grad(const ft_tensor *t);
/* Drops the gradient (set to undefined, like PyTorch's set_to_none). */
int ft_zero_grad(ft_tensor *t);
/* Backpropagates from a one-element tensor. */
int ft_backward(const ft_tensor *t);
/* Sets the calling thread's grad mode; returns the previous mode (0/1). */
int ft_set_grad_enabled(int on);
int ft_is_grad_enabled(void);
/* CPU autocast on the calling thread: matmuls, linear layers and convolutions run in `dtype`
 * (FT_BFLOAT16), precision-sensitive ops in float32. Enter returns the previous state, which
 * exit restores; the outermost exit drops the cast weights. */
int ft_autocast_enter(int dtype);
int ft_autocast_exit(int previous);

/* ---- in-place updates (always outside autograd) ---------------------------- */

enum ft_inplace_op { FT_COPY = 0, FT_ADD_ = 1, FT_SUB_ = 2, FT_MUL_ = 3, FT_DIV_ = 4 };
/* self (op)= other, with broadcasting of other. */
int ft_inplace(int op, ft_tensor *self, const ft_tensor *other);
enum ft_inplace_scalar_op { FT_FILL_ = 0, FT_ADDS_ = 1, FT_MULS_ = 2, FT_ZERO_ = 3 };
int ft_inplace_scalar(int op, ft_tensor *self, double value);

/* ---- optimizer steps: one call per parameter, under no-grad ----------------
 * Each returns 1 when the parameter was updated, 0 when skipped (no gradient
 * or requires_grad false), -1 on error. State tensors are zero-initialised by
 * the caller, shaped like the parameter. */

/* SGD with momentum (PyTorch semantics; `first` marks the buffer's first use). */
int ft_sgd_step(ft_tensor *param, ft_tensor *momentum_buf, double lr, double momentum,
                double dampening, double weight_decay, int nesterov, int first);
/* Adam (L2 decay added to the gradient) or AdamW (decoupled decay) when decoupled != 0.
 * `step` is the 1-based step count of this parameter. */
int ft_adam_step(ft_tensor *param, ft_tensor *exp_avg, ft_tensor *exp_avg_sq,
                 double lr, double beta1, double beta2, double eps, double weight_decay,
                 int64_t step, int decoupled);
/* Adam/AdamW over `count` parameters in one call (arrays indexed alike; lrs, weight_decays and
 * 1-based steps per parameter). Float32 contiguous parameters are updated in a single pass
 * per tensor; others fall back to ft_adam_step. Skips parameters without a gradient;
 * returns how many were updated. */
int ft_adam_multi_step(ft_tensor *const *params, ft_tensor *const *exp_avgs, ft_tensor *const *exp_avg_sqs,
                       int count, const double *lrs, const double *weight_decays, const int64_t *steps,
                       double beta1, double beta2, double eps, int decoupled);
/* Drops the gradients of `count` parameters (ft_zero_grad for each). */
int ft_zero_grads(ft_tensor *const *params, int count);
/* Scales all gradients so their total 2-norm is at most max_norm; stores the
 * total norm before clipping in *total_norm. Parameters without a gradient are ignored. */
int ft_clip_grad_norm(ft_tensor *const *params, int count, double max_norm, double *total_norm);

/* ---- runtime ------------------------------------------------------------------ */

/* Intra-op threads (OpenMP); inter-op threads when interop > 0 (settable once). */
int ft_set_num_threads(int intra, int interop);
int ft_get_num_threads(void);
/* How MKL's "is this an Intel CPU" check is answered: "intel", "fast (...)" or "generic (...)".
 * Static storage. See ctorch_runtime.cpp. */
const char *ft_mkl_cpu_path(void);
/* How many times MKL has asked that question in this process (0: MKL not used yet, or the
 * answer is not ours). */
int64_t ft_mkl_cpu_checks(void);
/* libtorch's version, e.g. "2.15.0". Static storage. */
const char *ft_version(void);
/* libtorch's build configuration (BLAS, OpenMP, CPU capability); free with ft_string_free. */
char *ft_config(void);

/* ---- audio (ctorch_audio.cpp) --------------------------------------------- */

/* |STFT|^2 of `signal` ([T] or [N, T], float32): a periodic Hann window of win_length samples
 * centred in n_fft, frames every `hop` samples; with `center` the signal is first padded by
 * n_fft/2 on both sides, with zeros (reflect = 0, librosa's default) or by reflection (reflect = 1,
 * torch's). Returns [n_fft/2 + 1, frames] or [N, n_fft/2 + 1, frames]. */
ft_tensor *ft_stft_power(const ft_tensor *signal, int64_t n_fft, int64_t hop, int64_t win_length,
                         int center, int reflect);

#ifdef __cplusplus
}
#endif

#endif /* CTORCH_H */
