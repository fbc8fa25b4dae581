/// PyTorch's default parameter initialisations, drawn from libtorch's global generator.
public enum Init {
    /// `kaiming_uniform_(w, a)`: U(-b, b) with b = gain·√(3 / fanIn), gain = √(2 / (1 + a²)).
    /// With a = √5 (PyTorch's default for Linear and Conv2d) b is 1/√fanIn.
    public static func kaimingUniform(_ shape: [Int], fanIn: Int, a: Double = 5.0.squareRoot()) throws -> Tensor {
        let gain = (2.0 / (1.0 + a * a)).squareRoot()
        let bound = gain * (3.0 / Double(max(fanIn, 1))).squareRoot()
        return try Tensor.uniform(shape, low: -bound, high: bound)
    }

    /// PyTorch's default bias: U(-1/√fanIn, 1/√fanIn).
    public static func fanInUniform(_ shape: [Int], fanIn: Int) throws -> Tensor {
        let bound = fanIn > 0 ? 1.0 / Double(fanIn).squareRoot() : 0
        return try Tensor.uniform(shape, low: -bound, high: bound)
    }
}
