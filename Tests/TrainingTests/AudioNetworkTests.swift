import Foundation
import Testing
@testable import Models
import Torch

/// The audio CNN's training-only parts: SpecAugment masks whole bands and frames, and only in
/// training mode, so evaluation is deterministic.
@Suite("Audio network")
struct AudioNetworkTests {
    @Test func specAugmentZeroesWholeBandsAndFrames() throws {
        Torch.manualSeed(5)
        let masks = SpecAugment(time: .init(width: 3, count: 1), frequency: .init(width: 2, count: 1))
        let out = try masks.apply(to: Tensor.ones([4, 1, 6, 10])).toFloatArray()
        for example in 0..<4 {
            let grid = (0..<6).map { b in (0..<10).map { t in out[(example * 6 + b) * 10 + t] } }
            let zeroBands = grid.indices.filter { grid[$0].allSatisfy { $0 == 0 } }
            let zeroFrames = (0..<10).filter { t in grid.allSatisfy { $0[t] == 0 } }
            // A masked cell lies in a zeroed band or a zeroed frame; at most 2 bands, 3 frames.
            for b in 0..<6 { for t in 0..<10 where grid[b][t] == 0 { #expect(zeroBands.contains(b) || zeroFrames.contains(t)) } }
            #expect(zeroBands.count <= 2 && zeroFrames.count <= 3)
            #expect(zeroBands.count < 6 && zeroFrames.count < 10)
        }
    }

    @Test func masksApplyInTrainingOnly() throws {
        Torch.manualSeed(9)
        let mel = try LogMel(nFFT: 512, windowLength: 400, hop: 320, melCount: 32, fMin: 20, fMax: 8000)
        let net = try AudioCNN(samples: 16000, frontEnd: mel, channels: [4], residual: false, outputs: 3, dropout: 0,
                               masks: SpecAugment(time: .init(width: 20, count: 2), frequency: .init(width: 12, count: 2)))
        let x = try Tensor(MelParityTests.synthetic() + MelParityTests.synthetic().reversed(), shape: [2, 1, 16000])
        net.eval()
        let a = try net.features(.dense(x)).toFloatArray(), b = try net.features(.dense(x)).toFloatArray()
        #expect(a == b)
        net.train()
        let c = try net.features(.dense(x)).toFloatArray(), d = try net.features(.dense(x)).toFloatArray()
        #expect(c != d)
        #expect(net.blockNames == ["block.0"])
        #expect(net.namedParameters().allSatisfy { $0.name.hasPrefix("block.") || $0.name.hasPrefix("head.") })
    }
}

/// The CNN and the audio CNN build their blocks with one function (`ConvBlock.stack`); the
/// names every saved model of theirs carries stay as they were: `block.N.conv`, `bn`, `conv2`,
/// `bn2`, `shortcut` and `head`, written out here so a renaming fails this test.
@Suite struct ConvBlockNamesTests {
    static let residualCNNNames = [
        "block.0.conv.weight", "block.0.bn.weight", "block.0.bn.bias", "block.0.conv2.weight", "block.0.bn2.weight", "block.0.bn2.bias",
        "block.0.shortcut.weight", "block.1.conv.weight", "block.1.bn.weight", "block.1.bn.bias", "block.1.conv2.weight",
        "block.1.bn2.weight", "block.1.bn2.bias", "block.1.shortcut.weight", "head.weight", "head.bias",
        "block.0.bn.running_mean", "block.0.bn.running_var", "block.0.bn.num_batches_tracked",
        "block.0.bn2.running_mean", "block.0.bn2.running_var", "block.0.bn2.num_batches_tracked",
        "block.1.bn.running_mean", "block.1.bn.running_var", "block.1.bn.num_batches_tracked",
        "block.1.bn2.running_mean", "block.1.bn2.running_var", "block.1.bn2.num_batches_tracked",
    ]

    @Test func theCNNsNamesAreUnchanged() throws {
        let cnn = try CNN(inputShape: [1, 8, 8], channels: [4, 8], residual: true, outputs: 3, dropout: 0)
        #expect(try cnn.stateDict().keys.sorted() == Self.residualCNNNames.sorted())
    }

    @Test func theAudioCNNsNamesAreTheCNNs() throws {
        let mel = try LogMel(nFFT: 512, windowLength: 400, hop: 320, melCount: 32, fMin: 20, fMax: 8000)
        let audio = try AudioCNN(samples: 16000, frontEnd: mel, channels: [4, 8], residual: true, outputs: 3, dropout: 0)
        #expect(try audio.stateDict().keys.sorted() == Self.residualCNNNames.sorted())
    }
}
