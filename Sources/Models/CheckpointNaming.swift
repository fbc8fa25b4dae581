import Torch

/// A network whose checkpoints from its reference library name some tensors differently from
/// its own modules (Hugging Face's `bert.` prefix, torchvision's `classifier.1`): loading maps
/// them to the network's names first.
public protocol CheckpointNaming: Network {
    /// A checkpoint's tensors under this network's own names.
    func normalizedWeights(_ state: [String: Tensor]) -> [String: Tensor]
}

extension BERT: CheckpointNaming {}
