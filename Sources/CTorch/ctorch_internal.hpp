// Helpers shared by the ctorch_*.cpp files. Not part of the C API.
#pragma once

#include "ctorch.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

struct ft_tensor {
    at::Tensor t;
};

namespace ft {

void set_error(const std::string &message);
void clear_error();

// The generator random operations draw from: the calling thread's once ft_manual_seed ran on
// it, libtorch's global one before that (ctorch_random.cpp).
at::Generator generator();
// One 64-bit draw from generator().
uint64_t random64();

// Records the active exception as the thread's last error.
inline void record_current_exception() {
    try {
        throw;
    } catch (const c10::Error &e) {
        set_error(e.what_without_backtrace());
    } catch (const std::exception &e) {
        set_error(e.what());
    } catch (...) {
        set_error("unknown C++ exception");
    }
}

// Runs `body`, which returns an at::Tensor, and hands out a new handle (NULL on error).
template <class Body>
ft_tensor *make(Body &&body) {
    try {
        return new ft_tensor{body()};
    } catch (...) {
        record_current_exception();
        return nullptr;
    }
}

// Runs `body`, which returns an int (>= 0); -1 on error.
template <class Body>
int run(Body &&body) {
    try {
        return body();
    } catch (...) {
        record_current_exception();
        return -1;
    }
}

// The tensor behind a required handle.
inline const at::Tensor &get(const ft_tensor *h, const char *what = "tensor") {
    if (h == nullptr) throw std::invalid_argument(std::string("missing ") + what);
    return h->t;
}

// The tensor behind an optional handle (undefined when NULL).
inline at::Tensor opt(const ft_tensor *h) { return h ? h->t : at::Tensor(); }

inline at::IntArrayRef ints(const int64_t *values, int count) {
    if (count < 0 || (count > 0 && values == nullptr)) throw std::invalid_argument("bad int list");
    return at::IntArrayRef(values, static_cast<size_t>(count));
}

// A scalar that keeps integer tensors integer: whole numbers become int64 scalars when
// `like` is integral (so `indices + 1` stays int64 and in-place updates of counters work).
inline at::Scalar scalar_for(const at::Tensor &like, double value) {
    if (at::isIntegralType(like.scalar_type(), /*includeBool=*/false) && value == static_cast<double>(static_cast<int64_t>(value)))
        return at::Scalar(static_cast<int64_t>(value));
    return at::Scalar(value);
}

at::ScalarType scalar_type(int code);
// Options for a new tensor of element type `dtype` on `device` (FT_CPU or a CUDA index).
at::TensorOptions options(int dtype, int device);
int dtype_code(at::ScalarType type);
int64_t reduction(int code);
// A malloc copy of `s` for the C side (freed with ft_string_free).
char *copy_string(const std::string &s);

}  // namespace ft
