// Neural-network functions: layers, pooling, losses.
#include "ctorch_internal.hpp"

#include <ATen/Parallel.h>
#include <torch/csrc/autograd/custom_function.h>

#include <cmath>

using namespace ft;

// SplitMix64's output function: a well-mixed 64-bit value from a counter.
static inline uint64_t mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

// Training-mode dropout: element i is kept (and scaled by 1/(1-p)) when a hash of (seed, i) is
// below 1 - p. ATen's CPU dropout draws its Bernoulli noise one element at a time on one thread
// (~14 ns an element, a tenth of a BERT training step); hashed counters fill in parallel and give
// the same mask whatever the thread count. The seed is one draw from the run's generator, so
// ft_manual_seed still fixes every mask.

// out = x · keep-scale and mask = keep-scale (when mask is non-null) over [begin, end), in one pass.
// Keep when a 24-bit uniform draw is below 1 - p (exact in float for 24 bits).
static inline void dropout_range(const float *x, float *out, float *mask, int64_t begin, int64_t end,
                                 uint64_t seed, uint64_t threshold, float scale) {
    for (int64_t i = begin; i < end; ++i) {
        uint64_t draw = mix64(seed + static_cast<uint64_t>(i) * 0x9e3779b97f4a7c15ULL) >> 40;
        float keep = draw < threshold ? scale : 0.0f;
        out[i] = x[i] * keep;
        if (mask) mask[i] = keep;
    }
}

// The same loop compiled for AVX-512 (64-bit multiplies in vector lanes): the hash is most of the
// cost, and the generic x86-64 build does it one element at a time. Same values either way.
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw")))
static void dropout_range_avx512(const float *x, float *out, float *mask, int64_t begin, int64_t end,
                                 uint64_t seed, uint64_t threshold, float scale) {
    if (mask) dropout_range(x, out, mask, begin, end, seed, threshold, scale);
    else dropout_range(x, out, nullptr, begin, end, seed, threshold, scale);
}

static void dropout_range_generic(const float *x, float *out, float *mask, int64_t begin, int64_t end,
                                  uint64_t seed, uint64_t threshold, float scale) {
    dropout_range(x, out, mask, begin, end, seed, threshold, scale);
}

static bool has_avx512() {
    static const bool yes = [] {
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw");
    }();
    return yes;
}

// The output and, when a gradient will flow, the scaled keep-mask, both in one pass over `input`
// (float32): no separate mask pass before the multiply.
static std::pair<at::Tensor, at::Tensor> dropout_forward(const at::Tensor &input, double p, bool want_mask) {
    const uint64_t seed = random64();
    auto x = input.contiguous();
    auto out = at::empty_like(x, at::MemoryFormat::Contiguous);
    at::Tensor mask = want_mask ? at::empty_like(x, at::MemoryFormat::Contiguous) : at::Tensor();
    const float *in = x.data_ptr<float>();
    float *o = out.data_ptr<float>();
    float *m = want_mask ? mask.data_ptr<float>() : nullptr;
    const float scale = static_cast<float>(1 / (1 - p));
    const uint64_t threshold = static_cast<uint64_t>(std::llround((1 - p) * (1 << 24)));
    auto range = has_avx512() ? dropout_range_avx512 : dropout_range_generic;
    at::parallel_for(0, x.numel(), 1 << 14, [&](int64_t begin, int64_t end) {
        range(in, o, m, begin, end, seed, threshold, scale);
    });
    return {out, mask};
}

// Autograd node of the fused dropout: the gradient is the incoming one times the saved mask.
struct HashedDropout : torch::autograd::Function<HashedDropout> {
    static at::Tensor forward(torch::autograd::AutogradContext *ctx, const at::Tensor &input, double p) {
        auto [out, mask] = dropout_forward(input, p, /*want_mask=*/true);
        ctx->save_for_backward({mask});
        return out;
    }
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext *ctx,
                                                   torch::autograd::variable_list grads) {
        auto mask = ctx->get_saved_variables()[0];
        return {grads[0] * mask, at::Tensor()};
    }
};

static at::IntArrayRef pair(const int64_t v[2]) {
    if (v == nullptr) throw std::invalid_argument("missing (h, w) pair");
    return at::IntArrayRef(v, 2);
}

extern "C" {

ft_tensor *ft_linear(const ft_tensor *x, const ft_tensor *w, const ft_tensor *b) {
    return make([&] { return at::linear(get(x, "input"), get(w, "weight"), opt(b)); });
}

ft_tensor *ft_conv2d(const ft_tensor *x, const ft_tensor *w, const ft_tensor *b,
                     const int64_t stride[2], const int64_t padding[2],
                     const int64_t dilation[2], int64_t groups) {
    return make([&] {
        return at::conv2d(get(x, "input"), get(w, "weight"), opt(b), pair(stride), pair(padding),
                          pair(dilation), groups);
    });
}

ft_tensor *ft_batch_norm(const ft_tensor *x, const ft_tensor *weight, const ft_tensor *bias,
                         const ft_tensor *running_mean, const ft_tensor *running_var,
                         int training, double momentum, double eps) {
    return make([&] {
        return at::batch_norm(get(x, "input"), opt(weight), opt(bias), opt(running_mean), opt(running_var),
                              training != 0, momentum, eps, /*cudnn_enabled=*/false);
    });
}

ft_tensor *ft_layer_norm(const ft_tensor *x, const int64_t *shape, int ndim,
                         const ft_tensor *weight, const ft_tensor *bias, double eps) {
    return make([&] {
        return at::layer_norm(get(x, "input"), ints(shape, ndim), opt(weight), opt(bias), eps,
                              /*cudnn_enable=*/false);
    });
}

ft_tensor *ft_pool2d(int kind, const ft_tensor *x, const int64_t kernel[2],
                     const int64_t stride[2], const int64_t padding[2]) {
    return make([&] {
        const int64_t one[2] = {1, 1};
        if (kind == FT_MAX_POOL)
            return at::max_pool2d(get(x, "input"), pair(kernel), pair(stride), pair(padding), pair(one), false);
        if (kind == FT_AVG_POOL)
            return at::avg_pool2d(get(x, "input"), pair(kernel), pair(stride), pair(padding), false, true);
        throw std::invalid_argument("unknown pool kind");
    });
}

ft_tensor *ft_adaptive_avg_pool2d(const ft_tensor *x, const int64_t output[2]) {
    return make([&] { return at::adaptive_avg_pool2d(get(x, "input"), pair(output)); });
}

ft_tensor *ft_pad2d(const ft_tensor *x, const int64_t pad[4], double value) {
    return make([&] { return at::constant_pad_nd(get(x, "input"), at::IntArrayRef(pad, 4), value); });
}

ft_tensor *ft_resize_bicubic(const ft_tensor *x, const int64_t size[2], int antialias) {
    return make([&] {
        const auto &input = get(x, "input");
        return antialias != 0 ? at::_upsample_bicubic2d_aa(input, pair(size), false)
                              : at::upsample_bicubic2d(input, pair(size), false);
    });
}

ft_tensor *ft_dropout(const ft_tensor *x, double p, int training) {
    return make([&] {
        const auto &input = get(x, "input");
        if (training == 0 || p <= 0 || p >= 1 || !at::isFloatingType(input.scalar_type()))
            return at::dropout(input, p, training != 0);  // draws nothing
        // Other floating types (bf16 under autocast) take the float32 mask and come back.
        const auto x = input.scalar_type() == at::kFloat ? input : input.to(at::kFloat);
        const auto out = x.requires_grad() && at::GradMode::is_enabled()
            ? HashedDropout::apply(x, p) : dropout_forward(x, p, /*want_mask=*/false).first;
        return out.to(input.scalar_type());
    });
}

ft_tensor *ft_attention(const ft_tensor *q, const ft_tensor *k, const ft_tensor *v, const ft_tensor *additive_mask) {
    return make([&] {
        std::optional<at::Tensor> mask;
        if (additive_mask) mask = additive_mask->t;
        return at::scaled_dot_product_attention(get(q, "query"), get(k, "key"), get(v, "value"),
                                                mask, /*dropout_p=*/0.0, /*is_causal=*/false);
    });
}

ft_tensor *ft_embedding(const ft_tensor *weight, const ft_tensor *indices) {
    return make([&] { return at::embedding(get(weight, "weight"), get(indices, "indices")); });
}

ft_tensor *ft_cross_entropy(const ft_tensor *logits, const ft_tensor *targets,
                            double label_smoothing, int reduction) {
    return make([&] {
        return at::cross_entropy_loss(get(logits, "logits"), get(targets, "targets"), {},
                                      ft::reduction(reduction), -100, label_smoothing);
    });
}

ft_tensor *ft_nll_loss(const ft_tensor *log_probs, const ft_tensor *targets, int reduction) {
    return make([&] {
        return at::nll_loss(get(log_probs, "log_probs"), get(targets, "targets"), {}, ft::reduction(reduction));
    });
}

ft_tensor *ft_mse_loss(const ft_tensor *a, const ft_tensor *b, int reduction) {
    return make([&] { return at::mse_loss(get(a), get(b), ft::reduction(reduction)); });
}

ft_tensor *ft_kl_div(const ft_tensor *log_input, const ft_tensor *target, int reduction, int log_target) {
    return make([&] {
        return at::kl_div(get(log_input, "input"), get(target, "target"), ft::reduction(reduction), log_target != 0);
    });
}

}  // extern "C"
