import Testing
@testable import Torch

/// A Linear with a LoRA update: exact at the start, `x·Wᵀ + b + B·A·x·alpha/r` after, and
/// the merged weight computes the same function.
@Suite("LoRA on Linear: initialisation, forward pass, merge")
struct LoRALinearTests {
    @Test func anAttachedUpdateStartsAtZeroAndIsNamedAsPEFTNamesIt() throws {
        Torch.manualSeed(3)
        let layer = try Linear(6, 4)
        let x = try Tensor.normal([5, 6], mean: 0, std: 1)
        let before = try layer(x).toFloatArray()
        try layer.attachLoRA(rank: 2, alpha: 4, dropout: 0)
        #expect(try layer(x).toFloatArray() == before, "B is zero, so nothing changes until it trains")
        #expect(layer.namedParameters().map(\.name) == ["weight", "bias", "lora_A.weight", "lora_B.weight"])
        let a = try #require(layer.lora).a.weight
        #expect(a.shape == [2, 6])
        #expect(try #require(layer.lora).b.weight.shape == [4, 2])
        // kaiming-uniform with a = √5: U(±1/√in), as PEFT initialises lora_A.
        let bound = Float(1 / 6.0.squareRoot())
        #expect(try a.toFloatArray().allSatisfy { abs($0) <= bound })
        #expect(try a.toFloatArray().contains { $0 != 0 })
    }

    @Test func theForwardPassAddsTheScaledLowRankProductAndTheMergedWeightMatches() throws {
        Torch.manualSeed(4)
        let layer = try Linear(3, 2)
        try layer.attachLoRA(rank: 1, alpha: 3, dropout: 0.5)
        let lora = try #require(layer.lora)
        try Torch.withNoGrad {
            try lora.a.weight.copy(from: t([1, 2, 3], [1, 3]))
            try lora.b.weight.copy(from: t([0.5, -1], [2, 1]))
            try layer.weight.copy(from: t([1, 0, 0, 0, 1, 0], [2, 3]))
            try layer.bias!.copy(from: t([0.25, 0], [2]))
        }
        layer.eval()  // dropout on the low-rank path is off in evaluation
        let x = try t([1, 1, 1], [1, 3])
        // A·x = 6; scaling 3/1; B·6·3 = [9, -18]; base x·Wᵀ + b = [1.25, 1].
        #expect(try layer(x).toFloatArray() == [10.25, -17])
        let merged = try layer.mergedWeight()
        #expect(try F.linear(x, merged, layer.bias).toFloatArray() == [10.25, -17])
        #expect(try layer.weight.toFloatArray() == [1, 0, 0, 0, 1, 0], "merging leaves the base weight as it was")
    }

    @Test func gradientsReachTheUpdateAndNotAFrozenBase() throws {
        Torch.manualSeed(5)
        let layer = try Linear(4, 3)
        try layer.attachLoRA(rank: 2, alpha: 2, dropout: 0)
        try layer.weight.setRequiresGrad(false)
        try layer.bias!.setRequiresGrad(false)
        let loss = try layer(Tensor.normal([2, 4], mean: 0, std: 1)).square().sum()
        try loss.backward()
        #expect(layer.weight.grad == nil)
        #expect(try #require(layer.lora).b.weight.grad != nil)
    }
}
