import Experiment
import Torch

extension ModelConfig {
    /// The type autocast computes matrix products in, or nil for plain float32.
    var autocastType: DType? { precision == .bf16 ? .bfloat16 : nil }
}
