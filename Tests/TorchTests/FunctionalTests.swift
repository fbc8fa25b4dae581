import Testing
@testable import Torch

@Suite struct FunctionalTests {
    @Test func linearIsXWTransposedPlusB() throws {
        let x = try t([1, 2], [1, 2])
        let w = try t([1, 0, 0, 1, 1, 1], [3, 2])
        let b = try t([0, 10, 100], [3])
        #expect(try F.linear(x, w, b).toFloatArray() == [1, 12, 103])
        #expect(try F.linear(x, w).toFloatArray() == [1, 2, 3])
        #expect(throws: TorchError.self) { try F.linear(x, t([1, 2, 3], [1, 3])) }
    }

    @Test func crossEntropyWithAndWithoutLabelSmoothing() throws {
        let logits = try t([1, 2, 3], [1, 3])
        let target = try Tensor([2] as [Int64])
        // -log softmax(x)[2] = log(1 + e⁻¹ + e⁻²)
        #expect(Swift.abs(try F.crossEntropy(logits, target).item() - 0.40760596) < 1e-6)
        // (1-ε)·nll + ε·mean_k(-log p_k), ε = 0.1: 0.9·0.40760596 + 0.1·1.40760596
        #expect(Swift.abs(try F.crossEntropy(logits, target, labelSmoothing: 0.1).item() - 0.50760596) < 1e-6)
        let perSample = try F.crossEntropy(try t([1, 2, 3, 1, 2, 3], [2, 3]), Tensor([2, 2] as [Int64]), reduction: .none)
        #expect(perSample.shape == [2])
        // Same value through logSoftmax + nllLoss.
        #expect(Swift.abs(try F.nllLoss(logits.logSoftmax(dim: 1), target).item() - 0.40760596) < 1e-6)
        // A float target is read as class probabilities.
        let soft = try F.softCrossEntropy(logits, t([0, 0, 1], [1, 3]))
        #expect(Swift.abs(try soft.item() - 0.40760596) < 1e-6)
        #expect(throws: TorchError.self) { try F.crossEntropy(logits, Tensor([5] as [Int64])) }
    }

    @Test func mseAndKLDivergence() throws {
        #expect(try F.mseLoss(t([1, 2], [2]), t([3, 2], [2])).item() == 2)
        // KL(p‖p) = 0; distillation of identical logits is 0.
        let logits = try t([0.5, -1, 2, 0, 0, 1], [2, 3])
        #expect(Swift.abs(try F.distillationLoss(studentLogits: logits, teacherLogits: logits, temperature: 2).item()) < 1e-6)
        // KL([0.5, 0.5] ‖ [0.25, 0.75]) = 0.5·ln 2 + 0.5·ln(2/3) = 0.1438410
        let kl = try F.klDiv(t([0.25, 0.75], [1, 2]).log(), t([0.5, 0.5], [1, 2]))
        #expect(Swift.abs(try kl.item() - 0.1438410) < 1e-6)
        #expect(throws: TorchError.self) { try F.mseLoss(t([1], [1]), t([1], [1]), reduction: .batchMean) }
    }

    @Test func batchNormUpdatesRunningStatisticsOnlyInTraining() throws {
        let bn = try BatchNorm2d(1)
        let x = try t([1, 2, 3, 4], [2, 1, 1, 2])
        let y = try bn(x)
        // Normalised with the batch's biased variance 1.25.
        #expect(close(try y.toFloatArray(), [-1.3416355, -0.4472118, 0.4472118, 1.3416355], tolerance: 1e-4))
        // running = 0.9·old + 0.1·batch, with the unbiased variance 5/3.
        #expect(close(try bn.runningMean.toFloatArray(), [0.25]))
        #expect(close(try bn.runningVar.toFloatArray(), [0.9 + 0.1 * 5 / 3]))
        #expect(try bn.numBatchesTracked.item() == 1)
        bn.eval()
        _ = try bn(x)
        #expect(close(try bn.runningMean.toFloatArray(), [0.25]))
        #expect(try bn.numBatchesTracked.item() == 1)
    }

    @Test func convolutionAndPooling() throws {
        let x = try Tensor.arange(0, 16, dtype: .float32).reshape([1, 1, 4, 4])
        let w = try Tensor.ones([1, 1, 2, 2])
        let y = try F.conv2d(x, w, stride: (2, 2))
        // Sums of the four 2×2 blocks.
        #expect(try y.toFloatArray() == [10, 18, 42, 50])
        #expect(try F.conv2d(x, w, padding: (1, 1)).shape == [1, 1, 5, 5])
        #expect(try F.maxPool2d(x, kernel: (2, 2)).toFloatArray() == [5, 7, 13, 15])
        #expect(try F.avgPool2d(x, kernel: (2, 2)).toFloatArray() == [2.5, 4.5, 10.5, 12.5])
        #expect(try F.adaptiveAvgPool2d(x, outputSize: (1, 1)).toFloatArray() == [7.5])
        #expect(throws: TorchError.self) { try F.conv2d(x, Tensor.ones([1, 3, 2, 2])) }
    }

    @Test func layerNormEmbeddingDropout() throws {
        let x = try t([1, 2, 3, 4], [1, 4])
        let y = try F.layerNorm(x, normalizedShape: [4], weight: nil, bias: nil)
        #expect(close(try y.toFloatArray(), [-1.3416355, -0.4472118, 0.4472118, 1.3416355], tolerance: 1e-4))
        let table = try t([0, 0, 1, 1, 2, 2], [3, 2])
        let e = try F.embedding(table, Tensor([2, 0] as [Int64], shape: [1, 2]))
        #expect(e.shape == [1, 2, 2])
        #expect(try e.toFloatArray() == [2, 2, 0, 0])
        #expect(try F.dropout(x, p: 0.5, training: false).toFloatArray() == [1, 2, 3, 4])
        let dropped = try F.dropout(Tensor.ones([1000]), p: 0.5, training: true).toFloatArray()
        #expect(Set(dropped).isSubset(of: [0, 2]))
        #expect(dropped.contains(0) && dropped.contains(2))
    }
}
