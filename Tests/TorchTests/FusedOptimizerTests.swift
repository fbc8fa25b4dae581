import Foundation
import Testing
@testable import Torch

/// The fused multi-tensor Adam(W) step against the per-parameter libtorch formulas.
@Suite struct FusedOptimizerTests {
    /// Parameters of several shapes (a matrix large enough to be split across threads, a
    /// vector, a scalar-like tensor) in two groups with their own rates and decays.
    private func parameters() throws -> [[Float]] {
        [[70_000], [300, 5], [5], [1]].enumerated().map { k, shape in Self.values(shape.reduce(1, *), seed: 7 + k) }
    }

    /// Reproducible values in about -1...1, made here rather than drawn from libtorch's
    /// generator, which suites running in parallel also draw from.
    private static func values(_ count: Int, seed: Int) -> [Float] {
        (0..<count).map { Float(sin(Double($0 + 1) * 12.9898 + Double(seed) * 78.233)) }
    }

    private func train(decoupled: Bool, fused: Bool) throws -> [[Float]] {
        let shapes = [[70_000], [300, 5], [5], [1]]
        let values = try parameters()
        let tensors = try zip(values, shapes).map { v, s -> Tensor in
            let p = try Tensor(v, shape: s)
            try p.setRequiresGrad(true)
            return p
        }
        let groups = [ParamGroup(name: "decay", parameters: Array(tensors[0...1]), lr: 0.01, weightDecay: 0.1),
                      ParamGroup(name: "no decay", parameters: Array(tensors[2...]), lr: 0.003, weightDecay: 0)]
        let optimizer: any Optimizer
        if decoupled {
            let o = Adam.adamW(groups: groups)
            o.fused = fused
            optimizer = o
        } else {
            let o = Adam(groups: groups)
            o.fused = fused
            optimizer = o
        }
        for step in 0..<4 {
            optimizer.zeroGrad()
            // A gradient that changes from step to step: ∂/∂p Σ (p · r)² = 2 (p · r) r.
            var loss: Tensor?
            for (k, p) in tensors.enumerated() {
                let r = try Tensor(Self.values(p.numel, seed: 100 * step + k), shape: p.shape)
                let term = try (p * r).square().sum()
                loss = try loss.map { try $0 + term } ?? term
            }
            try loss!.backward()
            if step == 2 { tensors[3].zeroGrad() }  // a parameter without a gradient is skipped
            try optimizer.step()
        }
        return try tensors.map { try $0.toFloatArray() }
    }

    @Test(arguments: [false, true])
    func fusedStepEqualsPerParameterStep(decoupled: Bool) throws {
        let fused = try train(decoupled: decoupled, fused: true)
        let reference = try train(decoupled: decoupled, fused: false)
        for (a, b) in zip(fused, reference) {
            #expect(close(a, b, tolerance: 2e-6))
        }
        #expect(fused[0] != (try parameters())[0])
    }
}
