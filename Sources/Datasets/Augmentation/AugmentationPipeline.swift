/// An ordered list of augmentations applied to each training batch.
public struct AugmentationPipeline: Sendable, Hashable {
    public let steps: [Augmentation]

    /// - Throws: when a step's parameters are out of range, or more than one mixup is
    ///   listed (two blends cannot be described by one (permutation, λ) for the loss).
    public init(_ steps: [Augmentation]) throws(DatasetError) {
        for step in steps { try step.validate() }
        let mixups = steps.filter { if case .mixup = $0 { true } else { false } }.count
        guard mixups <= 1 else {
            throw DatasetError(.invalidArgument, "at most one mixup augmentation is allowed, found \(mixups)")
        }
        self.steps = steps
    }

    /// Applies every step in order; the mixing is reported when the mixup step fired.
    public func apply(to images: [Float], shape: [Int], rng: inout SeededGenerator) -> AugmentedBatch {
        var batch = AugmentedBatch(images: images, mixing: nil)
        for step in steps {
            let result = step.apply(to: batch.images, shape: shape, rng: &rng)
            batch.images = result.images
            if let mixing = result.mixing { batch.mixing = mixing }
        }
        return batch
    }
}
