internal import CTorch

extension Tensor {
    /// The power spectrum |STFT|² of a signal `[T]` or batch `[N, T]`: `[bins, frames]` or
    /// `[N, bins, frames]` with `bins = nFFT / 2 + 1`.
    ///
    /// A periodic Hann window of `windowLength` samples, centred in `nFFT`, every `hop` samples.
    /// With `center` the signal is padded by `nFFT / 2` on each side first — with zeros
    /// (librosa's default) unless `reflect` (torch's default) — so frame t is centred on sample
    /// `t * hop`.
    public func stftPower(nFFT: Int, hop: Int, windowLength: Int, center: Bool = true, reflect: Bool = false) throws -> Tensor {
        try wrap("stftPower", ft_stft_power(handle, Int64(nFFT), Int64(hop), Int64(windowLength), center ? 1 : 0, reflect ? 1 : 0))
    }
}
