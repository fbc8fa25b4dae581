import Foundation
import Testing
@testable import Torch

@Suite struct AutogradTests {
    @Test func gradientOfSmallExpressionMatchesAnalytic() throws {
        // f(x, y) = Σ x²·y + eˣ  ⇒  ∂f/∂x = 2xy + eˣ, ∂f/∂y = x²
        let xs: [Float] = [0.5, -1, 2]
        let ys: [Float] = [3, 0.25, -1]
        let x = try Tensor(xs)
        let y = try Tensor(ys)
        try x.setRequiresGrad(true)
        try y.setRequiresGrad(true)
        let f = try (x * x * y + x.exp()).sum()
        try f.backward()
        let dx = zip(xs, ys).map { 2 * $0 * $1 + Foundation.exp($0) }
        #expect(close(try #require(x.grad).toFloatArray(), dx))
        #expect(close(try #require(y.grad).toFloatArray(), xs.map { $0 * $0 }))
    }

    @Test func gradientsAccumulateUntilReset() throws {
        let w = try Tensor([1, 2] as [Float])
        try w.setRequiresGrad(true)
        #expect(w.grad == nil)
        for _ in 0..<2 { try (w * 3).sum().backward() }
        #expect(try #require(w.grad).toFloatArray() == [6, 6])
        w.zeroGrad()
        #expect(w.grad == nil)
        #expect(!w.hasGrad)
    }

    @Test func noGradScopeRecordsNothingAndRestores() throws {
        let w = try Tensor([1] as [Float])
        try w.setRequiresGrad(true)
        #expect(Torch.isGradEnabled)
        let y = try Torch.withNoGrad { try w * 2 }
        #expect(!y.requiresGrad)
        #expect(Torch.isGradEnabled)
        // Restored also when the body throws.
        #expect(throws: TorchError.self) {
            try Torch.withNoGrad { _ = try w.matmul(Tensor.ones([3, 3])) }
        }
        #expect(Torch.isGradEnabled)
        #expect(try (w * 2).requiresGrad)
    }

    @Test func detachAndClone() throws {
        let w = try Tensor([1, 2] as [Float])
        try w.setRequiresGrad(true)
        #expect(try !w.detach().requiresGrad)
        #expect(try w.clone().requiresGrad)
    }

    @Test func backwardOnNonScalarThrows() throws {
        let w = try Tensor([1, 2] as [Float])
        try w.setRequiresGrad(true)
        #expect(throws: TorchError.self) { try (w * 2).backward() }
        #expect(throws: TorchError.self) { try Tensor([1] as [Int64]).setRequiresGrad(true) }
    }
}

