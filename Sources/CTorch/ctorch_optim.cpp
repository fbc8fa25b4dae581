// Fused per-parameter optimizer updates, following torch.optim's formulas.
#include "ctorch_internal.hpp"

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
