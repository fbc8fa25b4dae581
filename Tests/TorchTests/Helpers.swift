import Testing
@testable import Torch

/// Whether two float arrays agree element-wise within `tolerance`.
func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tolerance * Swift.max(1, Swift.abs($1)) }
}

func t(_ values: [Float], _ shape: [Int]) throws -> Tensor { try Tensor(values, shape: shape) }
