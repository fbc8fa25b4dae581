// Audio front end: the short-time Fourier transform's power spectrum, for log-mel features.
#include "ctorch_internal.hpp"

using namespace ft;

ft_tensor *ft_stft_power(const ft_tensor *signal, int64_t n_fft, int64_t hop, int64_t win_length,
                         int center, int reflect) {
    return make([&] {
        const at::Tensor &x = get(signal, "signal");
        if (x.dim() != 1 && x.dim() != 2) throw std::invalid_argument("ft_stft_power: signal must be [T] or [N, T]");
        if (n_fft < 2 || hop < 1 || win_length < 1 || win_length > n_fft)
            throw std::invalid_argument("ft_stft_power: need n_fft >= 2, hop >= 1 and 1 <= win_length <= n_fft");
        at::Tensor input = x.scalar_type() == at::kFloat ? x : x.to(at::kFloat);
        if (center) {
            // Pad here rather than in at::stft, so the constant (zero) padding librosa uses is
            // available as well as torch's reflect padding.
            const int64_t pad = n_fft / 2;
            at::Tensor batched = input.dim() == 1 ? input.unsqueeze(0) : input;
            batched = at::pad(batched.unsqueeze(1), {pad, pad}, reflect ? "reflect" : "constant").squeeze(1);
            input = x.dim() == 1 ? batched.squeeze(0) : batched;
        }
        at::Tensor window = at::hann_window(win_length, /*periodic=*/true, input.options());
        at::Tensor spec = at::stft(input, n_fft, hop, win_length, window, /*normalized=*/false,
                                   /*onesided=*/true, /*return_complex=*/true);
        return at::view_as_real(spec).pow(2).sum(-1).contiguous();
    });
}
