import Testing
@testable import Torch

/// Training-mode dropout draws its keep-mask in parallel from hashed counters (ctorch_nn.cpp):
/// it must still keep each element with probability 1 - p, scale kept ones by 1/(1-p), pass
/// gradients through the same mask, and draw a new mask at every call.
@Suite struct DropoutTests {
    @Test(arguments: [0.1, 0.5, 0.9]) func keepsOneMinusPScaledByItsInverse(p: Double) throws {
        let n = 200_000
        let out = try F.dropout(Tensor.ones([n]), p: p, training: true).toFloatArray()
        let scale = Float(1 / (1 - p))
        #expect(out.allSatisfy { $0 == 0 || $0 == scale })
        let kept = Double(out.filter { $0 != 0 }.count) / Double(n)
        // Binomial standard deviation is at most 0.0012 here; 0.006 is five of them.
        #expect(Swift.abs(kept - (1 - p)) < 0.006, "kept \(kept)")
    }

    @Test func consecutiveCallsDrawDifferentMasksAndPositionsLookIndependent() throws {
        let x = try Tensor.ones([4, 50_000])
        let a = try F.dropout(x, p: 0.5, training: true).toFloatArray()
        let b = try F.dropout(x, p: 0.5, training: true).toFloatArray()
        #expect(a != b)
        // Neighbouring elements agree about half the time, as independent fair draws do.
        let agree = zip(a.dropFirst(), a).filter { $0 == $1 }.count
        #expect(Swift.abs(Double(agree) / Double(a.count - 1) - 0.5) < 0.01)
    }

    @Test func theGradientIsTheMask() throws {
        let x = try Tensor.randn([64, 33])
        try x.setRequiresGrad(true)
        let y = try F.dropout(x, p: 0.3, training: true)
        try y.sum().backward()
        let grad = try #require(x.grad).toFloatArray()
        let mask = zip(try y.toFloatArray(), try x.toFloatArray()).map { $1 == 0 ? Float.nan : $0 / $1 }
        for (g, m) in zip(grad, mask) where !m.isNaN {
            #expect(Swift.abs(g - m) < 1e-5)
        }
        #expect(Set(grad).isSubset(of: [0, Float(1 / 0.7)]))
    }

    @Test func evaluationAndZeroProbabilityAreTheIdentity() throws {
        let x = try Tensor.randn([10])
        #expect(try F.dropout(x, p: 0.5, training: false).toFloatArray() == x.toFloatArray())
        #expect(try F.dropout(x, p: 0, training: true).toFloatArray() == x.toFloatArray())
        #expect(try F.dropout(x, p: 1, training: true).toFloatArray().allSatisfy { $0 == 0 })
    }
}
