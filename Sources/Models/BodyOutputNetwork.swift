import Torch

/// A network whose features split into the body's output, which is deterministic once every
/// block is frozen (evaluation mode, no gradients), and a light tail that still runs at every
/// step (dropout before the head).
///
/// Head-only training reads cached body outputs through this split, so the frozen body runs
/// once per model × data instead of once per step.
public protocol BodyOutputNetwork: Network {
    /// Every body block, and any fixed pooling after them, applied to `input`.
    func bodyOutput(_ input: ModelInput) throws -> Tensor
    /// What the head reads, given `bodyOutput(input)`: `features(input)` without the body.
    func features(fromBodyOutput body: Tensor) throws -> Tensor
}
