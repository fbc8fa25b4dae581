import Testing
@testable import Torch

/// A parameter p = [1, 2] whose gradient is set to `g` by backpropagating Σ p·g.
private func parameter() throws -> Tensor {
    let p = try Tensor([1, 2] as [Float])
    try p.setRequiresGrad(true)
    return p
}

private func setGradient(_ p: Tensor, _ g: [Float]) throws {
    p.zeroGrad()
    try (p * Tensor(g)).sum().backward()
}

@Suite struct OptimizerTests {
    struct SGDCase: Sendable, CustomTestStringConvertible {
        let name: String
        let momentum: Double
        let dampening: Double
        let nesterov: Bool
        let weightDecay: Double
        let steps: Int
        let expected: [Float]
        var testDescription: String { name }
    }

    // p = [1, 2], constant gradient c = [0.5, -1], lr = 0.1.
    @Test(arguments: [
        // p - lr·c
        SGDCase(name: "plain", momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, steps: 1, expected: [0.95, 2.1]),
        // d = c + 0.1·p = [0.6, -0.8]
        SGDCase(name: "L2 decay", momentum: 0, dampening: 0, nesterov: false, weightDecay: 0.1, steps: 1, expected: [0.94, 2.08]),
        // buf₁ = c, buf₂ = 0.9c + c: p - lr·2.9c
        SGDCase(name: "momentum", momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0, steps: 2, expected: [0.855, 2.29]),
        // buf₁ = c (first step undamped), buf₂ = 0.9c + 0.5c: p - lr·2.4c
        SGDCase(name: "dampening", momentum: 0.9, dampening: 0.5, nesterov: false, weightDecay: 0, steps: 2, expected: [0.88, 2.24]),
        // d₁ = c + 0.9c, d₂ = c + 0.9·1.9c: p - lr·4.61c
        SGDCase(name: "nesterov", momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0, steps: 2, expected: [0.7695, 2.461]),
    ])
    func sgdMatchesHandComputedUpdates(_ c: SGDCase) throws {
        let p = try parameter()
        let sgd = try SGD(parameters: [p], lr: 0.1, momentum: c.momentum, dampening: c.dampening,
                          weightDecay: c.weightDecay, nesterov: c.nesterov)
        for _ in 0..<c.steps {
            try setGradient(p, [0.5, -1])
            try sgd.step()
        }
        #expect(close(try p.toFloatArray(), c.expected, tolerance: 1e-6))
    }

    struct AdamCase: Sendable, CustomTestStringConvertible {
        let name: String
        let decoupled: Bool
        let weightDecay: Double
        let expected: [Float]
        var testDescription: String { name }
    }

    // Two steps with gradients [0.5, -1] then [-1, 0.25]; lr 0.1, betas (0.9, 0.999), eps 1e-8.
    // Expected values from the closed form, step t:
    //   m = β₁m + (1-β₁)g, v = β₂v + (1-β₂)g², p -= lr/(1-β₁ᵗ) · m / (√v/√(1-β₂ᵗ) + ε)
    // e.g. p₀ = 1: p₁ = 1 - 0.1 = 0.9; m₂ = -0.055, v₂ = 0.00124975,
    //   p₂ = 0.9 + 0.1·(0.055/0.19)/√(0.00124975/0.001999) = 0.93661035
    // Adam adds wd·p to g; AdamW first scales p by (1 - lr·wd): p₁ = 0.99 - 0.1 = 0.89, …
    @Test(arguments: [
        AdamCase(name: "Adam", decoupled: false, weightDecay: 0, expected: [0.93661035, 2.14694682]),
        AdamCase(name: "Adam L2", decoupled: false, weightDecay: 0.1, expected: [0.92526352, 2.12097353]),
        AdamCase(name: "AdamW", decoupled: true, weightDecay: 0.1, expected: [0.91771035, 2.10614682]),
    ])
    func adamMatchesClosedForm(_ c: AdamCase) throws {
        let p = try parameter()
        let group = ParamGroup(parameters: [p], lr: 0.1, weightDecay: c.weightDecay)
        let optimizer: any Optimizer = Adam(groups: [group], decoupledWeightDecay: c.decoupled)
        for g in [[0.5, -1], [-1, 0.25]] as [[Float]] {
            try setGradient(p, g)
            try optimizer.step()
        }
        #expect(close(try p.toFloatArray(), c.expected, tolerance: 1e-6))
    }

    @Test func groupLearningRatesAreReadAtEveryStep() throws {
        let a = try parameter()
        let b = try parameter()
        let sgd = try SGD(groups: [
            ParamGroup(name: "body", parameters: [a], lr: 0.1),
            ParamGroup(name: "head", parameters: [b], lr: 1),
        ])
        try setGradient(a, [1, 1])
        try setGradient(b, [1, 1])
        sgd.groups[1].lr = 0  // e.g. a schedule at step 0
        try sgd.step()
        #expect(close(try a.toFloatArray(), [0.9, 1.9]))
        #expect(try b.toFloatArray() == [1, 2])
    }

    @Test func clipGradNormScalesToMaxAndReturnsTotal() throws {
        let a = try Tensor([0, 0] as [Float])
        let b = try Tensor([0] as [Float])
        let frozen = try Tensor([0] as [Float])
        for p in [a, b] { try p.setRequiresGrad(true) }
        try ((a * Tensor([3, 4] as [Float])).sum() + (b * 12).sum()).backward()
        // ‖[3, 4, 12]‖ = 13; clipped to 6.5 halves every gradient.
        let total = try Torch.clipGradNorm([a, b, frozen], maxNorm: 6.5)
        #expect(Swift.abs(total - 13) < 1e-5)
        #expect(close(try #require(a.grad).toFloatArray(), [1.5, 2]))
        #expect(close(try #require(b.grad).toFloatArray(), [6]))
        // Below the limit nothing changes.
        #expect(Swift.abs(try Torch.clipGradNorm([a, b], maxNorm: 100) - 6.5) < 1e-5)
        #expect(close(try #require(b.grad).toFloatArray(), [6]))
    }

    @Test(arguments: ["sgd", "adam", "adamw"])
    func frozenParametersStayBitIdentical(_ name: String) throws {
        let model = try Sequential([Linear(4, 8), Lambda { try $0.relu() }, Linear(8, 2)])
        try model.setRequiresGrad(false, under: "0")
        let frozenBefore = try model.namedParameters().filter { $0.name.hasPrefix("0.") }.map { try $0.tensor.toFloatArray() }
        let headBefore = try model.namedParameters().first { $0.name == "2.weight" }!.tensor.toFloatArray()
        let group = ParamGroup(parameters: model.parameters(), lr: 0.1, weightDecay: 0.1)
        let optimizer: any Optimizer = switch name {
        case "sgd": try SGD(groups: [group], momentum: 0.9)
        case "adam": Adam(groups: [group])
        default: Adam.adamW(groups: [group])
        }
        let x = try Tensor.randn([16, 4])
        let y = try Tensor.arange(0, 16).remainderTwo()
        for _ in 0..<3 {
            optimizer.zeroGrad()
            try F.crossEntropy(model(x), y).backward()
            try optimizer.step()
        }
        let frozenAfter = try model.namedParameters().filter { $0.name.hasPrefix("0.") }.map { try $0.tensor.toFloatArray() }
        #expect(frozenBefore.map { $0.map(\.bitPattern) } == frozenAfter.map { $0.map(\.bitPattern) })
        #expect(try model.namedParameters().first { $0.name == "2.weight" }!.tensor.toFloatArray() != headBefore)
    }

    @Test func trainingASmallMLPDrivesTheLossDown() throws {
        // Two classes separated by the line x₀ + x₁ = 0.
        let x = try Tensor.randn([256, 2])
        let y = try x.sum(dim: 1).gt(0).toType(.int64)
        let model = try Sequential([Linear(2, 16), Lambda { try $0.relu() }, Linear(16, 2)])
        let optimizer = Adam.adamW(parameters: model.parameters(), lr: 0.05, weightDecay: 0.01)
        let initial = try F.crossEntropy(model(x), y).item()
        var loss = initial
        for _ in 0..<150 {
            optimizer.zeroGrad()
            let l = try F.crossEntropy(model(x), y)
            try l.backward()
            try Torch.clipGradNorm(optimizer.parameters, maxNorm: 5)
            try optimizer.step()
            loss = try l.item()
        }
        model.eval()
        let accuracy = try Torch.withNoGrad {
            try model(x).argmax(dim: 1).eq(y).toType(.float32).mean().item()
        }
        #expect(loss < 0.25 * initial)
        #expect(accuracy > 0.95)
    }
}

extension Tensor {
    /// [0, 1, 0, 1, …] for an int64 arange.
    fileprivate func remainderTwo() throws -> Tensor {
        try (self - (self / 2).toType(.int64) * 2).toType(.int64)
    }
}
