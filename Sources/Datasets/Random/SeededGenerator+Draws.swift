import Foundation

extension SeededGenerator {
    /// A uniform Double in [0, 1) from the top 53 bits of one draw.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in 0..<bound (bound > 0), unbiased by rejection, using a fixed
    /// algorithm so results do not depend on the standard library's `random(in:)`.
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        // Reject the top partial copy of 0..<range so every residue is equally likely.
        let limit = UInt64.max - (UInt64.max % range + 1) % range
        while true {
            let value = next()
            if value <= limit { return Int(value % range) }
        }
    }

    /// A uniform integer in the closed range.
    public mutating func nextInt(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + nextInt(below: range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `p` (p <= 0 never, p >= 1 always, without consuming a draw
    /// in those cases so "always on" augmentations do not perturb the stream).
    public mutating func nextBool(probability p: Double) -> Bool {
        if p <= 0 { return false }
        if p >= 1 { return true }
        return nextUniform() < p
    }

    /// A normal draw by Box-Muller (two uniforms per draw; the second value is discarded
    /// to keep the generator's state a pure function of the number of calls).
    public mutating func nextNormal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        let u1 = 1 - nextUniform()  // in (0, 1], so log is finite
        let u2 = nextUniform()
        return mean + standardDeviation * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A Gamma(shape, 1) draw (Marsaglia-Tsang; shape < 1 boosted by U^(1/shape)).
    public mutating func nextGamma(shape: Double) -> Double {
        precondition(shape > 0, "nextGamma needs a positive shape, got \(shape)")
        if shape < 1 {
            let boost = pow(1 - nextUniform(), 1 / shape)
            return nextGamma(shape: shape + 1) * boost
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double
            var v: Double
            repeat {
                x = nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = 1 - nextUniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    /// A Beta(a, b) draw from two Gamma draws (mixup's lambda).
    public mutating func nextBeta(_ a: Double, _ b: Double) -> Double {
        let x = nextGamma(shape: a)
        let y = nextGamma(shape: b)
        let total = x + y
        return total > 0 ? x / total : 0.5
    }

    /// Shuffles `array` in place with Fisher-Yates (Durstenfeld), a fixed algorithm so a
    /// seed gives the same order on every Swift version.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = nextInt(below: i + 1)
            if i != j { array.swapAt(i, j) }
        }
    }

    /// A shuffled copy of `array`.
    public mutating func shuffled<T>(_ array: [T]) -> [T] {
        var copy = array
        shuffle(&copy)
        return copy
    }

    /// A random permutation of 0..<count.
    public mutating func permutation(_ count: Int) -> [Int] {
        shuffled(Array(0..<count))
    }
}
