// Fused per-parameter optimizer updates, following torch.optim's formulas.
#include "ctorch_internal.hpp"

#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

using namespace ft;

// The gradient to apply, or an undefined tensor when the parameter is frozen.
static at::Tensor usable_grad(const at::Tensor &param) {
    if (!param.requires_grad()) return at::Tensor();
    return param.grad();
}

static at::Tensor &state(ft_tensor *h, const char *what) {
    if (h == nullptr) throw std::invalid_argument(std::string("missing ") + what);
    return h->t;
}

extern "C" {

int ft_sgd_step(ft_tensor *param, ft_tensor *momentum_buf, double lr, double momentum,
                double dampening, double weight_decay, int nesterov, int first) {
    return run([&] {
        at::NoGradGuard no_grad;
        auto &p = state(param, "parameter");
        auto grad = usable_grad(p);
        if (!grad.defined()) return 0;
        at::Tensor d_p = grad;
        if (weight_decay != 0) d_p = d_p.add(p, weight_decay);
        if (momentum != 0) {
            auto &buf = state(momentum_buf, "momentum buffer");
            if (first)
                buf.copy_(d_p);
            else
                buf.mul_(momentum).add_(d_p, 1 - dampening);
            d_p = nesterov ? d_p.add(buf, momentum) : buf;
        }
        p.add_(d_p, -lr);
        return 1;
    });
}

int ft_adam_step(ft_tensor *param, ft_tensor *exp_avg, ft_tensor *exp_avg_sq,
                 double lr, double beta1, double beta2, double eps, double weight_decay,
                 int64_t step, int decoupled) {
    return run([&] {
        at::NoGradGuard no_grad;
        auto &p = state(param, "parameter");
        auto grad = usable_grad(p);
        if (!grad.defined()) return 0;
        if (step < 1) throw std::invalid_argument("adam step count must start at 1");
        auto &m = state(exp_avg, "exp_avg");
        auto &v = state(exp_avg_sq, "exp_avg_sq");
        if (decoupled)
            p.mul_(1 - lr * weight_decay);
        else if (weight_decay != 0)
            grad = grad.add(p, weight_decay);
        m.mul_(beta1).add_(grad, 1 - beta1);
        v.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
        double bias_correction1 = 1 - std::pow(beta1, static_cast<double>(step));
        double bias_correction2 = 1 - std::pow(beta2, static_cast<double>(step));
        auto denom = (v.sqrt() / std::sqrt(bias_correction2)).add_(eps);
        p.addcdiv_(m, denom, -lr / bias_correction1);
        return 1;
    });
}

int ft_clip_grad_norm(ft_tensor *const *params, int count, double max_norm, double *total_norm) {
    return run([&] {
        at::NoGradGuard no_grad;
        std::vector<at::Tensor> grads;
        for (int i = 0; i < count; ++i) {
            auto g = get(params[i], "parameter").grad();
            if (g.defined()) grads.push_back(g);
        }
        if (grads.empty()) {
            *total_norm = 0;
            return 0;
        }
        std::vector<at::Tensor> norms;
        norms.reserve(grads.size());
        for (auto &g : grads) norms.push_back(at::norm(g, 2));
        double total = at::norm(at::stack(norms), 2).item<double>();
        *total_norm = total;
        double coef = max_norm / (total + 1e-6);
        if (coef < 1)
            for (auto &g : grads) g.mul_(coef);
        return 0;
    });
}

}  // extern "C"

// ---- multi-tensor steps: one call per optimizer step -------------------------------------

namespace {

// Whether the single-pass float loop applies (otherwise the ATen formulas above run).
bool fusable(const at::Tensor &p, const at::Tensor &g, const at::Tensor &m, const at::Tensor &v) {
    auto f = at::kFloat;
    return p.scalar_type() == f && g.scalar_type() == f && m.scalar_type() == f && v.scalar_type() == f &&
           p.is_contiguous() && g.is_contiguous() && m.is_contiguous() && v.is_contiguous() &&
           g.numel() == p.numel() && m.numel() == p.numel() && v.numel() == p.numel();
}

// One pass over a float parameter: the decay, both moments and the update, element by
// element in the order torch.optim.Adam(W) applies them as whole-tensor operations.
void adam_float(float *p, const float *g, float *m, float *v, int64_t n, double lr, double beta1, double beta2,
                double eps, double weight_decay, int64_t step, bool decoupled) {
    const float decay_scale = static_cast<float>(1 - lr * weight_decay);
    const float l2 = decoupled ? 0.0f : static_cast<float>(weight_decay);
    const float b1 = static_cast<float>(beta1), one_minus_b1 = static_cast<float>(1 - beta1);
    const float b2 = static_cast<float>(beta2), one_minus_b2 = static_cast<float>(1 - beta2);
    const float bias2_sqrt = static_cast<float>(std::sqrt(1 - std::pow(beta2, static_cast<double>(step))));
    const float step_size = static_cast<float>(-lr / (1 - std::pow(beta1, static_cast<double>(step))));
    const float epsilon = static_cast<float>(eps);
    at::parallel_for(0, n, 1 << 15, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            float param = p[i];
            float grad = g[i];
            if (decoupled) param *= decay_scale;
            else grad += l2 * param;
            float mi = m[i] * b1 + grad * one_minus_b1;
            float vi = v[i] * b2 + grad * grad * one_minus_b2;
            m[i] = mi;
            v[i] = vi;
            float denom = std::sqrt(vi) / bias2_sqrt + epsilon;
            p[i] = param + step_size * (mi / denom);
        }
    });
}

}  // namespace

extern "C" {

int ft_adam_multi_step(ft_tensor *const *params, ft_tensor *const *exp_avgs, ft_tensor *const *exp_avg_sqs,
                       int count, const double *lrs, const double *weight_decays, const int64_t *steps,
                       double beta1, double beta2, double eps, int decoupled) {
    return run([&] {
        at::NoGradGuard no_grad;
        int updated = 0;
        for (int i = 0; i < count; ++i) {
            auto &p = state(params[i], "parameter");
            auto grad = usable_grad(p);
            if (!grad.defined()) continue;
            if (steps[i] < 1) throw std::invalid_argument("adam step count must start at 1");
            auto &m = state(exp_avgs[i], "exp_avg");
            auto &v = state(exp_avg_sqs[i], "exp_avg_sq");
            if (fusable(p, grad, m, v)) {
                adam_float(p.data_ptr<float>(), grad.data_ptr<float>(), m.data_ptr<float>(), v.data_ptr<float>(),
                           p.numel(), lrs[i], beta1, beta2, eps, weight_decays[i], steps[i], decoupled != 0);
            } else if (ft_adam_step(params[i], exp_avgs[i], exp_avg_sqs[i], lrs[i], beta1, beta2, eps,
                                    weight_decays[i], steps[i], decoupled) < 0) {
                throw std::runtime_error(ft_last_error());
            }
            ++updated;
        }
        return updated;
    });
}

int ft_zero_grads(ft_tensor *const *params, int count) {
    return run([&] {
        for (int i = 0; i < count; ++i) {
            state(params[i], "parameter").mutable_grad() = at::Tensor();
        }
        return 0;
    });
}

}  // extern "C"
