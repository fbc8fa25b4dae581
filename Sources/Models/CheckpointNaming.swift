import Torch

/// A network whose checkpoints from its reference library name some tensors differently from
/// its own modules (Hugging Face's `bert.` prefix, torchvision's `classifier.1`): loading maps
/// them to the network's names first.
public protocol CheckpointNaming: Network {
    /// A checkpoint's tensors under this network's own names.
    func normalizedWeights(_ state: [String: Tensor]) -> [String: Tensor]
}

extension BERT: CheckpointNaming {}

/// A backbone whose checkpoints differ from its own names only in the output layer: torchvision's
/// `classifier.1` (MobileNetV2) or `fc` (ResNet), the Lite0 package's `_fc`. Every other tensor
/// already has the reference library's name, so loading and export rename the head alone.
public protocol ReferenceHeadNaming: CheckpointNaming {
    /// The reference library's module path of the output layer (`fc`).
    static var referenceHead: String { get }
}

extension ReferenceHeadNaming {
    public func normalizedWeights(_ state: [String: Tensor]) -> [String: Tensor] {
        var result: [String: Tensor] = [:]
        for (name, tensor) in state { result[Self.ownName(name)] = tensor }
        return result
    }

    /// The network's name for a reference state-dict name (`fc.weight` → `head.weight`).
    public static func ownName(_ reference: String) -> String {
        Module.parameterName(reference, isUnder: referenceHead) ? headName + reference.dropFirst(referenceHead.count) : reference
    }

    /// The reference library's name for one of this network's tensors (for export).
    public static func referenceName(_ own: String) -> String {
        Module.parameterName(own, isUnder: headName) ? referenceHead + own.dropFirst(headName.count) : own
    }
}
