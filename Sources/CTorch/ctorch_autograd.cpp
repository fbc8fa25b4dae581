// Autograd: gradients, backward, grad mode; in-place updates.
#include "ctorch_internal.hpp"

#include <ATen/core/grad_mode.h>
#include <ATen/autocast_mode.h>

using namespace ft;

extern "C" {

int ft_requires_grad(const ft_tensor *t) { return run([&] { return get(t).requires_grad() ? 1 : 0; }); }

int ft_set_requires_grad(ft_tensor *t, int on) {
    return run([&] {
        if (t == nullptr) throw std::invalid_argument("missing tensor");
        t->t.set_requires_grad(on != 0);
        return 0;
    });
}

int ft_has_grad(const ft_tensor *t) { return run([&] { return get(t).grad().defined() ? 1 : 0; }); }

ft_tensor *ft_grad(const ft_tensor *t) {
    try {
        clear_error();
        auto g = get(t).grad();
        if (!g.defined()) return nullptr;
        return new ft_tensor{g};
    } catch (...) {
        record_current_exception();
        return nullptr;
    }
}

int ft_zero_grad(ft_tensor *t) {
    return run([&] {
        if (t == nullptr) throw std::invalid_argument("missing tensor");
        t->t.mutable_grad() = at::Tensor();
        return 0;
    });
}

int ft_backward(const ft_tensor *t) {
    return run([&] {
        get(t).backward();
        return 0;
    });
}

int ft_set_grad_enabled(int on) {
    bool previous = at::GradMode::is_enabled();
    at::GradMode::set_enabled(on != 0);
    return previous ? 1 : 0;
}

int ft_is_grad_enabled(void) { return at::GradMode::is_enabled() ? 1 : 0; }

int ft_inplace(int op, ft_tensor *self, const ft_tensor *other) {
    return run([&] {
        at::NoGradGuard no_grad;
        if (self == nullptr) throw std::invalid_argument("missing tensor");
        auto &t = self->t;
        const auto &o = get(other, "other");
        switch (op) {
        case FT_COPY: t.copy_(o); break;
        case FT_ADD_: t.add_(o); break;
        case FT_SUB_: t.sub_(o); break;
        case FT_MUL_: t.mul_(o); break;
        case FT_DIV_: t.div_(o); break;
        default: throw std::invalid_argument("unknown in-place op " + std::to_string(op));
        }
        return 0;
    });
}

int ft_inplace_scalar(int op, ft_tensor *self, double value) {
    return run([&] {
        at::NoGradGuard no_grad;
        if (self == nullptr) throw std::invalid_argument("missing tensor");
        auto &t = self->t;
        switch (op) {
        case FT_FILL_: t.fill_(scalar_for(t, value)); break;
        case FT_ADDS_: t.add_(scalar_for(t, value)); break;
        case FT_MULS_: t.mul_(scalar_for(t, value)); break;
        case FT_ZERO_: t.zero_(); break;
        default: throw std::invalid_argument("unknown in-place op " + std::to_string(op));
        }
        return 0;
    });
}

int ft_autocast_enter(int dtype) {
    return run([&] {
        int previous = at::autocast::is_autocast_enabled(at::kCPU) ? 1 : 0;
        at::autocast::set_autocast_dtype(at::kCPU, scalar_type(dtype));
        at::autocast::set_autocast_enabled(at::kCPU, true);
        at::autocast::increment_nesting();
        return previous;
    });
}

int ft_autocast_exit(int previous) {
    return run([&] {
        // As torch.autocast's __exit__: the weights' cast copies live until the outermost
        // region ends; kept longer they would go stale after the next optimizer step.
        if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
        at::autocast::set_autocast_enabled(at::kCPU, previous != 0);
        return 0;
    });
}

}  // extern "C"
