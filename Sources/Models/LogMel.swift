import Foundation
import Torch

/// The log-mel spectrogram of batches of waveforms, computed with libtorch's STFT: the audio
/// networks' front end.
///
/// Matches librosa's `melspectrogram` (power 2, `center=True`, zero padding, periodic Hann
/// window, Slaney mel scale and Slaney area normalisation) followed by `ln(mel + 1e-6)`; the
/// parity test holds it to librosa's numbers within 1e-4. It has no parameters, so freezing,
/// layer decay and weight loading never see it.
public final class LogMel {
    public let sampleRate: Int
    public let nFFT: Int
    public let windowLength: Int
    public let hop: Int
    public let melCount: Int
    /// `[melCount, nFFT / 2 + 1]`: the mel filters, as librosa builds them.
    public let filters: Tensor
    /// Added before the logarithm so silence stays finite.
    public static let floor = 1e-6

    public init(sampleRate: Int = 16000, nFFT: Int, windowLength: Int, hop: Int, melCount: Int, fMin: Double, fMax: Double) throws {
        guard windowLength <= nFFT, hop >= 1, melCount >= 1, fMin >= 0, fMin < fMax, fMax <= Double(sampleRate) / 2 else {
            throw TorchError(operation: "LogMel", message: "need window <= n_fft, hop >= 1, n_mels >= 1 and 0 <= f_min < f_max <= \(sampleRate / 2) Hz (got window \(windowLength), n_fft \(nFFT), hop \(hop), n_mels \(melCount), f_min \(fMin), f_max \(fMax))")
        }
        self.sampleRate = sampleRate
        self.nFFT = nFFT
        self.windowLength = windowLength
        self.hop = hop
        self.melCount = melCount
        let weights = Self.melFilters(sampleRate: sampleRate, nFFT: nFFT, melCount: melCount, fMin: fMin, fMax: fMax)
        filters = try Tensor(weights.map(Float.init), shape: [melCount, nFFT / 2 + 1])
    }

    /// Frames of a clip of `samples` samples.
    public func frames(samples: Int) -> Int { samples / hop + 1 }

    /// The mel power spectrogram `[N, melCount, frames]` of waveforms `[N, T]`.
    public func melPower(_ waveforms: Tensor) throws -> Tensor {
        let power = try waveforms.stftPower(nFFT: nFFT, hop: hop, windowLength: windowLength, center: true, reflect: false)
        return try filters.matmul(power)
    }

    /// `ln(mel power + 1e-6)`, `[N, melCount, frames]`.
    public func callAsFunction(_ waveforms: Tensor) throws -> Tensor {
        try (melPower(waveforms) + Self.floor).log()
    }

    // MARK: - The filter bank (librosa.filters.mel with htk=False, norm="slaney")

    /// Slaney's mel scale: linear below 1 kHz (3 mels per 200 Hz), logarithmic above.
    static func hzToMel(_ hz: Double) -> Double {
        let fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp, logStep = Foundation.log(6.4) / 27
        return hz >= minLogHz ? minLogMel + Foundation.log(hz / minLogHz) / logStep : hz / fSp
    }

    static func melToHz(_ mel: Double) -> Double {
        let fSp = 200.0 / 3, minLogHz = 1000.0, minLogMel = minLogHz / fSp, logStep = Foundation.log(6.4) / 27
        return mel >= minLogMel ? minLogHz * Foundation.exp(logStep * (mel - minLogMel)) : fSp * mel
    }

    /// Triangular filters between mel-spaced edges, each scaled to unit area (2 / bandwidth).
    static func melFilters(sampleRate: Int, nFFT: Int, melCount: Int, fMin: Double, fMax: Double) -> [Double] {
        let bins = nFFT / 2 + 1
        let fftFrequencies = (0..<bins).map { Double($0) * Double(sampleRate) / Double(nFFT) }
        let lowMel = hzToMel(fMin), highMel = hzToMel(fMax)
        let edges = (0..<(melCount + 2)).map { melToHz(lowMel + (highMel - lowMel) * Double($0) / Double(melCount + 1)) }
        var weights = [Double](repeating: 0, count: melCount * bins)
        for m in 0..<melCount {
            let lowerWidth = edges[m + 1] - edges[m], upperWidth = edges[m + 2] - edges[m + 1]
            let norm = 2 / (edges[m + 2] - edges[m])
            for k in 0..<bins {
                let lower = (fftFrequencies[k] - edges[m]) / lowerWidth
                let upper = (edges[m + 2] - fftFrequencies[k]) / upperWidth
                weights[m * bins + k] = Swift.max(0, Swift.min(lower, upper)) * norm
            }
        }
        return weights
    }
}
