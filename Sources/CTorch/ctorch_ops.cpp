// Element-wise, matrix, reduction and shape ops.
#include "ctorch_internal.hpp"

using namespace ft;

static at::Tensor unary(int op, const at::Tensor &a) {
    switch (op) {
    case FT_NEG: return at::neg(a);
    case FT_EXP: return at::exp(a);
    case FT_LOG: return at::log(a);
    case FT_SQRT: return at::sqrt(a);
    case FT_ABS: return at::abs(a);
    case FT_RELU: return at::relu(a);
    case FT_GELU: return at::gelu(a, "none");  // exact erf form, as BERT uses
    case FT_TANH: return at::tanh(a);
    case FT_SIGMOID: return at::sigmoid(a);
    case FT_ISFINITE: return at::isfinite(a);
    case FT_CONTIGUOUS: return a.contiguous();
    case FT_CLONE: return a.clone();
    case FT_DETACH: return a.detach();
    case FT_RSQRT: return at::rsqrt(a);
    case FT_SQUARE: return at::square(a);
    case FT_LOGICAL_NOT: return at::logical_not(a);
    case FT_ZEROS_LIKE: return at::zeros_like(a);
    case FT_ONES_LIKE: return at::ones_like(a);
    case FT_ERF: return at::erf(a);
    // hardtanh, as torch.nn.ReLU6: its backward is one fused kernel, where clamp's is three
    // (two comparisons and a where), 15% of a MobileNetV2 step at 224 px (perf).
    case FT_RELU6: return at::hardtanh(a, 0, 6);
    // NHWC: oneDNN's convolutions and BatchNorm run faster on it on CPU; the output of a
    // convolution keeps its input's layout, so converting the input once converts the network.
    case FT_CHANNELS_LAST: return a.dim() == 4 ? a.contiguous(at::MemoryFormat::ChannelsLast) : a.contiguous();
    }
    throw std::invalid_argument("unknown unary op " + std::to_string(op));
}

static at::Tensor binary(int op, const at::Tensor &a, const at::Tensor &b) {
    switch (op) {
    case FT_ADD: return at::add(a, b);
    case FT_SUB: return at::sub(a, b);
    case FT_MUL: return at::mul(a, b);
    case FT_DIV: return at::div(a, b);
    case FT_POW: return at::pow(a, b);
    case FT_MATMUL: return at::matmul(a, b);
    case FT_BMM: return at::bmm(a, b);
    case FT_EQ: return at::eq(a, b);
    case FT_NE: return at::ne(a, b);
    case FT_GT: return at::gt(a, b);
    case FT_GE: return at::ge(a, b);
    case FT_LT: return at::lt(a, b);
    case FT_LE: return at::le(a, b);
    case FT_MAXIMUM: return at::maximum(a, b);
    case FT_MINIMUM: return at::minimum(a, b);
    case FT_LOGICAL_AND: return at::logical_and(a, b);
    case FT_LOGICAL_OR: return at::logical_or(a, b);
    }
    throw std::invalid_argument("unknown binary op " + std::to_string(op));
}

static at::Tensor binary_scalar(int op, const at::Tensor &a, const at::Scalar &s, bool reversed) {
    if (reversed) {
        switch (op) {
        case FT_ADD: return at::add(a, s);
        case FT_SUB: return at::rsub(a, s);
        case FT_MUL: return at::mul(a, s);
        case FT_DIV: return at::mul(at::reciprocal(a), s);
        case FT_POW: return at::pow(s, a);
        }
        throw std::invalid_argument("op " + std::to_string(op) + " has no reversed scalar form");
    }
    switch (op) {
    case FT_ADD: return at::add(a, s);
    case FT_SUB: return at::sub(a, s);
    case FT_MUL: return at::mul(a, s);
    case FT_DIV: return at::div(a, s);
    case FT_POW: return at::pow(a, s);
    case FT_EQ: return at::eq(a, s);
    case FT_NE: return at::ne(a, s);
    case FT_GT: return at::gt(a, s);
    case FT_GE: return at::ge(a, s);
    case FT_LT: return at::lt(a, s);
    case FT_LE: return at::le(a, s);
    case FT_MAXIMUM: return at::clamp_min(a, s);
    case FT_MINIMUM: return at::clamp_max(a, s);
    }
    throw std::invalid_argument("op " + std::to_string(op) + " has no scalar form");
}

extern "C" {

ft_tensor *ft_unary(int op, const ft_tensor *a) { return make([&] { return unary(op, get(a)); }); }

ft_tensor *ft_binary(int op, const ft_tensor *a, const ft_tensor *b) {
    return make([&] { return binary(op, get(a), get(b)); });
}

ft_tensor *ft_binary_scalar(int op, const ft_tensor *a, double s, int reversed) {
    return make([&] { const auto &t = get(a);
        return binary_scalar(op, t, scalar_for(t, s), reversed != 0); });
}

ft_tensor *ft_clamp(const ft_tensor *a, int has_lo, double lo, int has_hi, double hi) {
    return make([&] {
        c10::optional<at::Scalar> low, high;
        if (has_lo) low = lo;
        if (has_hi) high = hi;
        return at::clamp(get(a), low, high);
    });
}

ft_tensor *ft_where(const ft_tensor *cond, const ft_tensor *a, const ft_tensor *b) {
    return make([&] { return at::where(get(cond), get(a), get(b)); });
}

ft_tensor *ft_masked_fill(const ft_tensor *a, const ft_tensor *mask, double value) {
    return make([&] { return at::masked_fill(get(a), get(mask), value); });
}

ft_tensor *ft_to_dtype(const ft_tensor *a, int dtype) {
    return make([&] { return get(a).to(scalar_type(dtype)); });
}

ft_tensor *ft_reduce(int op, const ft_tensor *a, const int64_t *dims, int ndims, int keepdim) {
    return make([&] {
        const auto &t = get(a);
        bool all = ndims == 0;
        auto d = ints(dims, ndims);
        switch (op) {
        case FT_SUM: return all ? at::sum(t) : at::sum(t, d, keepdim != 0);
        case FT_MEAN: return all ? at::mean(t) : at::mean(t, d, keepdim != 0);
        case FT_ALL:
            if (all) return at::all(t);
            if (ndims == 1) return at::all(t, d[0], keepdim != 0);
            break;
        case FT_ANY:
            if (all) return at::any(t);
            if (ndims == 1) return at::any(t, d[0], keepdim != 0);
            break;
        default: throw std::invalid_argument("unknown reduce op " + std::to_string(op));
        }
        throw std::invalid_argument("all/any reduce over one dim or all dims only");
    });
}

int ft_max_dim(const ft_tensor *a, int64_t dim, int keepdim, ft_tensor **values, ft_tensor **indices) {
    return run([&] {
        auto result = at::max(get(a), dim, keepdim != 0);
        if (values) *values = new ft_tensor{std::get<0>(result)};
        if (indices) *indices = new ft_tensor{std::get<1>(result)};
        return 0;
    });
}

ft_tensor *ft_max_all(const ft_tensor *a) { return make([&] { return at::max(get(a)); }); }
ft_tensor *ft_min_all(const ft_tensor *a) { return make([&] { return at::min(get(a)); }); }

ft_tensor *ft_norm(const ft_tensor *a, double p) { return make([&] { return at::norm(get(a), p); }); }

ft_tensor *ft_softmax(const ft_tensor *a, int64_t dim, int log) {
    return make([&] { return log ? at::log_softmax(get(a), dim) : at::softmax(get(a), dim); });
}

ft_tensor *ft_reshape(const ft_tensor *a, const int64_t *shape, int ndim) {
    return make([&] { return at::reshape(get(a), ints(shape, ndim)); });
}

ft_tensor *ft_expand(const ft_tensor *a, const int64_t *shape, int ndim) {
    return make([&] { return get(a).expand(ints(shape, ndim)); });
}

ft_tensor *ft_permute(const ft_tensor *a, const int64_t *dims, int ndim) {
    return make([&] { return get(a).permute(ints(dims, ndim)); });
}

ft_tensor *ft_transpose(const ft_tensor *a, int64_t dim0, int64_t dim1) {
    return make([&] { return at::transpose(get(a), dim0, dim1); });
}

ft_tensor *ft_unsqueeze(const ft_tensor *a, int64_t dim) {
    return make([&] { return at::unsqueeze(get(a), dim); });
}

ft_tensor *ft_squeeze(const ft_tensor *a, int has_dim, int64_t dim) {
    return make([&] { return has_dim ? at::squeeze(get(a), dim) : at::squeeze(get(a)); });
}

ft_tensor *ft_narrow(const ft_tensor *a, int64_t dim, int64_t start, int64_t length) {
    return make([&] { return at::narrow(get(a), dim, start, length); });
}

ft_tensor *ft_slice(const ft_tensor *a, int64_t dim, int64_t start, int64_t end, int64_t step) {
    return make([&] { return at::slice(get(a), dim, start, end, step); });
}

ft_tensor *ft_index_select(const ft_tensor *a, int64_t dim, const ft_tensor *index) {
    return make([&] { return at::index_select(get(a), dim, get(index, "index")); });
}

ft_tensor *ft_gather(const ft_tensor *a, int64_t dim, const ft_tensor *index) {
    return make([&] { return at::gather(get(a), dim, get(index, "index")); });
}

ft_tensor *ft_cat(const ft_tensor *const *tensors, int count, int64_t dim, int stack) {
    return make([&] {
        if (count <= 0 || tensors == nullptr) throw std::invalid_argument("cat/stack of no tensors");
        std::vector<at::Tensor> list;
        list.reserve(static_cast<size_t>(count));
        for (int i = 0; i < count; ++i) list.push_back(get(tensors[i]));
        return stack ? at::stack(list, dim) : at::cat(list, dim);
    });
}

}  // extern "C"
