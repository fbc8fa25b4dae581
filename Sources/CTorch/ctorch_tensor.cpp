// Creation, inspection and release of tensors; errors; runtime settings.
#include "ctorch_internal.hpp"

#include <ATen/Parallel.h>
#include <sstream>

#include <cstdlib>
#include <cstring>

namespace ft {

static thread_local std::string last_error;

void set_error(const std::string &message) { last_error = message; }
void clear_error() { last_error.clear(); }

at::ScalarType scalar_type(int code) {
    switch (code) {
    case FT_FLOAT32: return at::kFloat;
    case FT_INT64: return at::kLong;
    case FT_INT32: return at::kInt;
    case FT_BOOL: return at::kBool;
    case FT_FLOAT64: return at::kDouble;
    case FT_BFLOAT16: return at::kBFloat16;
    }
    throw std::invalid_argument("unknown dtype code " + std::to_string(code));
}

int dtype_code(at::ScalarType type) {
    switch (type) {
    case at::kFloat: return FT_FLOAT32;
    case at::kLong: return FT_INT64;
    case at::kInt: return FT_INT32;
    case at::kBool: return FT_BOOL;
    case at::kDouble: return FT_FLOAT64;
    case at::kBFloat16: return FT_BFLOAT16;
    default: throw std::invalid_argument(std::string("unsupported dtype ") + c10::toString(type));
    }
}

int64_t reduction(int code) {
    switch (code) {
    case FT_REDUCTION_NONE: return at::Reduction::None;
    case FT_REDUCTION_MEAN: return at::Reduction::Mean;
    case FT_REDUCTION_SUM: return at::Reduction::Sum;
    }
    throw std::invalid_argument("unknown reduction code " + std::to_string(code));
}

at::TensorOptions options(int dtype, int device) {
    auto options = at::TensorOptions().dtype(scalar_type(dtype));
    if (device == FT_CPU) return options;
    if (device < 0) throw std::invalid_argument("unknown device code " + std::to_string(device));
    return options.device(at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(device)));
}

char *copy_string(const std::string &s) {
    char *out = static_cast<char *>(std::malloc(s.size() + 1));
    if (out) std::memcpy(out, s.c_str(), s.size() + 1);
    return out;
}

}  // namespace ft

using namespace ft;

extern "C" {

const char *ft_last_error(void) { return last_error.c_str(); }

ft_tensor *ft_from_data(const void *data, int dtype, const int64_t *shape, int ndim, int device) {
    return make([&] {
        auto sizes = ints(shape, ndim);
        if (data == nullptr) throw std::invalid_argument("missing data");
        auto host = at::from_blob(const_cast<void *>(data), sizes, at::TensorOptions().dtype(scalar_type(dtype)));
        return device == FT_CPU ? host.clone() : host.to(options(dtype, device));
    });
}

ft_tensor *ft_full(const int64_t *shape, int ndim, double value, int dtype, int device) {
    return make([&] { return at::full(ints(shape, ndim), value, options(dtype, device)); });
}

ft_tensor *ft_arange(double start, double end, double step, int dtype, int device) {
    return make([&] { return at::arange(start, end, step, options(dtype, device)); });
}

ft_tensor *ft_random(int kind, const int64_t *shape, int ndim, double a, double b, int dtype, int device) {
    return make([&] {
        auto t = at::empty(ints(shape, ndim), options(dtype, device));
        if (kind == FT_RAND_UNIFORM) return t.uniform_(a, b, generator());
        if (kind == FT_RAND_NORMAL) return t.normal_(a, b, generator());
        throw std::invalid_argument("unknown random kind");
    });
}

int ft_tensor_device(const ft_tensor *t) {
    return run([&] {
        const auto &device = get(t).device();
        return device.is_cpu() ? FT_CPU : static_cast<int>(device.index());
    });
}

void ft_tensor_free(ft_tensor *t) { delete t; }

int ft_tensor_ndim(const ft_tensor *t) { return run([&] { return static_cast<int>(get(t).dim()); }); }

int ft_tensor_shape(const ft_tensor *t, int64_t *out, int capacity) {
    return run([&] {
        auto sizes = get(t).sizes();
        for (size_t i = 0; i < sizes.size() && static_cast<int>(i) < capacity; ++i) out[i] = sizes[i];
        return static_cast<int>(sizes.size());
    });
}

int ft_tensor_dtype(const ft_tensor *t) { return run([&] { return dtype_code(get(t).scalar_type()); }); }

int64_t ft_tensor_numel(const ft_tensor *t) {
    try {
        return get(t).numel();
    } catch (...) {
        record_current_exception();
        return -1;
    }
}

int ft_tensor_copy_out(const ft_tensor *t, void *out, int64_t count, int dtype) {
    return run([&] {
        auto src = get(t).detach().to(scalar_type(dtype)).contiguous();
        if (src.numel() != count)
            throw std::invalid_argument("copy_out: tensor has " + std::to_string(src.numel()) +
                                        " elements, buffer has " + std::to_string(count));
        std::memcpy(out, src.data_ptr(), static_cast<size_t>(count) * src.element_size());
        return 0;
    });
}

int ft_tensor_item(const ft_tensor *t, double *out) {
    return run([&] {
        *out = get(t).item<double>();
        return 0;
    });
}

char *ft_tensor_describe(const ft_tensor *t) {
    try {
        std::ostringstream s;
        s << get(t);
        return copy_string(s.str());
    } catch (...) {
        record_current_exception();
        return nullptr;
    }
}

void ft_string_free(char *s) { std::free(s); }

}  // extern "C"
