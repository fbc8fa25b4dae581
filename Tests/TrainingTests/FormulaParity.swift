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
