import Datasets
import Foundation
import Models
import Testing
import Torch

/// The random-weight parity of the backbones: every tensor set by the fixture's formula (in
/// the reference library's state-dict order, ``MobileNetV2Tests/formulaTensor(_:_:shape:)``),
/// the formula input, and the largest logit difference from the reference's.
enum FormulaParity {
    static func input(_ shape: [Int]) throws -> Tensor {
        let count = shape.reduce(1, *)
        let values = (0..<count).map { j in Float(Double((UInt64(j) &* 2_246_822_519 &+ 12345) % (1 << 32)) / 4_294_967_296 * 4 - 2) }
        return try Tensor(values, shape: shape)
    }

    /// Loads the formula weights into `network` (reference names through `ownName`), runs the
    /// formula input in evaluation mode and returns max |Δlogit| against `expected`, printing it.
    static func maxDifference(_ network: Module & Network, label: String, names: [String], ownName: (String) -> String,
                              inputShape: [Int], expected: [[Double]]) throws -> Double {
        let own = try network.stateDict()
        var state: [String: Tensor] = [:]
        for (k, name) in names.enumerated() {
            let mine = ownName(name)
            state[mine] = try MobileNetV2Tests.formulaTensor(name, k, shape: try #require(own[mine]).shape)
        }
        try network.load(stateDict: state, strict: true)
        network.eval()
        let logits = try Torch.withNoGrad { try network(.dense(input(inputShape))) }.toFloatArray()
        let flat = expected.flatMap { $0 }
        #expect(logits.count == flat.count)
        let difference = zip(logits, flat).map { abs(Double($0) - $1) }.max() ?? .infinity
        print("\(label) random-weight parity: max |Δlogit| = \(difference) over \(flat.count) logits (|logit| up to \(flat.map(abs).max() ?? 0))")
        return difference
    }
}

/// The real-checkpoint parity of the ImageNet backbones: the four fixture photos (224×224,
/// Tests/TrainingTests/Fixtures/mobilenet_v2), normalised with `mean` and `std`, through
/// `network`; every photo's top-5 must be the reference's, and the largest logit difference is
/// returned (and printed).
enum PhotoParity {
    static func maxDifference(_ network: Module & Network, label: String, cases: [MobileNetV2Tests.Parity.Case],
                              mean: [Double], std: [Double]) throws -> Double {
        var input: [Float] = []
        for item in cases {
            let image = try ImageDecoder.decode(file: MobileNetV2Tests.folder.appendingPathComponent(item.photo).path)
            #expect(image.width == 224 && image.height == 224 && image.channels == 3)
            for c in 0..<3 {
                for i in 0..<(224 * 224) {
                    input.append((Float(image.pixels[i * 3 + c]) / 255 - Float(mean[c])) / Float(std[c]))
                }
            }
        }
        let logits = try Torch.withNoGrad { try network(.dense(Tensor(input, shape: [cases.count, 3, 224, 224]))) }.toFloatArray()
        var worst = 0.0
        for (row, item) in cases.enumerated() {
            let mine = Array(logits[(row * 1000)..<((row + 1) * 1000)])
            worst = max(worst, zip(mine, item.logits).map { abs(Double($0) - $1) }.max()!)
            let top5 = mine.indices.sorted { mine[$0] > mine[$1] }.prefix(5)
            #expect(Array(top5) == item.top5.map(\.class), "\(item.photo)")
        }
        print("\(label) ImageNet parity on \(cases.count) photos: max |Δlogit| = \(worst); top-1: \(cases.map { "\($0.photo) → \($0.top5[0].class) \($0.top5[0].name)" })")
        return worst
    }
}
