internal import CTorch

extension Tensor {
    /// Whether autograd records operations on this tensor (trainable, not frozen).
    public var requiresGrad: Bool { ft_requires_grad(handle) == 1 }

    /// Marks the tensor as trainable or frozen. Throws for non-floating-point tensors.
    public func setRequiresGrad(_ on: Bool) throws {
        try check("setRequiresGrad", ft_set_requires_grad(handle, on ? 1 : 0))
    }

    /// The gradient accumulated by `backward()`, or nil if none has been computed (or it was reset).
    public var grad: Tensor? {
        guard let g = ft_grad(handle) else { return nil }
        return Tensor(owning: g)
    }

    /// Whether a gradient is present (cheaper than reading `grad`).
    public var hasGrad: Bool { ft_has_grad(handle) == 1 }

    /// Forgets the gradient (like PyTorch's `zero_grad(set_to_none=True)`), so an optimizer skips
    /// this tensor until a new backward pass reaches it.
    public func zeroGrad() {
        _ = ft_zero_grad(handle)
    }

    /// Backpropagates from this one-element tensor into every leaf that requires grad.
    public func backward() throws {
        try check("backward", ft_backward(handle))
    }

    /// The same values cut off from the autograd graph (shares storage).
    public func detach() throws -> Tensor { try unary(FT_DETACH, "detach") }

    /// A copy with its own storage (still part of the graph, like `torch.clone`).
    public func clone() throws -> Tensor { try unary(FT_CLONE, "clone") }
}
