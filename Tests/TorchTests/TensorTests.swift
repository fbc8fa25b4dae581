import Foundation
import Testing
@testable import Torch

@Suite struct TensorTests {
    @Test func roundTripsFloatValuesAndShape() throws {
        let x = try Tensor([1, 2, 3, 4, 5, 6] as [Float], shape: [2, 3])
        #expect(x.shape == [2, 3])
        #expect(x.numel == 6)
        #expect(x.dtype == .float32)
        #expect(try x.toFloatArray() == [1, 2, 3, 4, 5, 6])
    }

    @Test func roundTripsInt64AndInt32() throws {
        let a = try Tensor([7, -1, 3] as [Int64], shape: [3])
        #expect(a.dtype == .int64)
        #expect(try a.toInt64Array() == [7, -1, 3])
        let b = try Tensor([1, 2] as [Int32], shape: [2, 1])
        #expect(b.dtype == .int64)
        #expect(b.shape == [2, 1])
        #expect(try b.toFloatArray() == [1, 2])
    }

    @Test func rejectsValuesThatDoNotFillTheShape() {
        #expect(throws: TorchError.self) { try Tensor([1, 2, 3] as [Float], shape: [2, 2]) }
    }

    @Test func scalarItemAndEmptyTensor() throws {
        #expect(try Tensor(scalar: 2.5).item() == 2.5)
        let empty = try Tensor([Float](), shape: [0, 3])
        #expect(empty.shape == [0, 3])
        #expect(try empty.toFloatArray().isEmpty)
    }

    @Test func factories() throws {
        #expect(try Tensor.zeros([2, 2]).toFloatArray() == [0, 0, 0, 0])
        #expect(try Tensor.ones([3], dtype: .int64).toInt64Array() == [1, 1, 1])
        #expect(try Tensor.full([2], 7).toFloatArray() == [7, 7])
        #expect(try Tensor.arange(5).toInt64Array() == [0, 1, 2, 3, 4])
        #expect(try Tensor.arange(0, 1, step: 0.25, dtype: .float32).toFloatArray() == [0, 0.25, 0.5, 0.75])
        let u = try Tensor.uniform([1000], low: -2, high: -1).toFloatArray()
        #expect(u.allSatisfy { $0 >= -2 && $0 < -1 })
        #expect(try Tensor.randn([3, 4]).shape == [3, 4])
    }

    @Test func manualSeedRepeatsDraws() throws {
        Torch.manualSeed(42)
        let a = try Tensor.randn([4]).toFloatArray()
        Torch.manualSeed(42)
        let b = try Tensor.randn([4]).toFloatArray()
        #expect(a == b)
    }

    /// Two runs trained at once in one process draw from their own seeds' streams: thread A seeds,
    /// thread B seeds and draws, then A draws, and A gets what it gets alone. With one global
    /// generator A drew from B's stream and in-process runs were not reproducible.
    @Test func eachSeededThreadDrawsItsOwnStream() throws {
        @Sendable func draws() throws -> [Float] { try Tensor.randn([6]).toFloatArray() + Tensor.rand([6]).toFloatArray() }
        @Sendable func alone(_ seed: UInt64) throws -> [Float] {
            Torch.manualSeed(seed)
            return try draws()
        }
        let expectedA = try alone(1), expectedB = try alone(2)
        let seededA = DispatchSemaphore(value: 0), drewB = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var drawnA: [Float] = [], drawnB: [Float] = []
        Thread {
            Torch.manualSeed(1)
            seededA.signal()
            drewB.wait()
            drawnA = (try? draws()) ?? []
            done.signal()
        }.start()
        Thread {
            seededA.wait()
            drawnB = (try? alone(2)) ?? []
            drewB.signal()
            done.signal()
        }.start()
        done.wait()
        done.wait()
        #expect(drawnA == expectedA)
        #expect(drawnB == expectedB)
    }

    struct BroadcastCase: Sendable, CustomTestStringConvertible {
        let op: String
        let expected: [Float]
        var testDescription: String { op }
    }

    // [[1, 2], [3, 4]] (op) [10, 20]  — the row vector broadcasts over rows.
    @Test(arguments: [
        BroadcastCase(op: "+", expected: [11, 22, 13, 24]),
        BroadcastCase(op: "-", expected: [-9, -18, -7, -16]),
        BroadcastCase(op: "*", expected: [10, 40, 30, 80]),
        BroadcastCase(op: "/", expected: [0.1, 0.1, 0.3, 0.2]),
    ])
    func broadcastingArithmetic(_ c: BroadcastCase) throws {
        let a = try t([1, 2, 3, 4], [2, 2])
        let b = try t([10, 20], [2])
        let y: Tensor = switch c.op {
        case "+": try a + b
        case "-": try a - b
        case "*": try a * b
        default: try a / b
        }
        #expect(y.shape == [2, 2])
        #expect(close(try y.toFloatArray(), c.expected))
    }

    @Test func scalarArithmeticBothSides() throws {
        let a = try t([1, 2, 4], [3])
        #expect(try (a + 1).toFloatArray() == [2, 3, 5])
        #expect(try (1 - a).toFloatArray() == [0, -1, -3])
        #expect(try (a * 2 - 1).toFloatArray() == [1, 3, 7])
        #expect(try (4 / a).toFloatArray() == [4, 2, 1])
        #expect(try (-a).toFloatArray() == [-1, -2, -4])
        #expect(try a.pow(2).toFloatArray() == [1, 4, 16])
    }

    @Test func matmulAgainstHandValues() throws {
        let a = try t([1, 2, 3, 4, 5, 6], [2, 3])
        let b = try t([7, 8, 9, 10, 11, 12], [3, 2])
        // [1 2 3]·[7 9 11]ᵀ = 58, [1 2 3]·[8 10 12]ᵀ = 64, [4 5 6]·… = 139, 154
        #expect(try a.matmul(b).toFloatArray() == [58, 64, 139, 154])
        let batched = try a.unsqueeze(0).bmm(b.unsqueeze(0))
        #expect(batched.shape == [1, 2, 2])
    }

    @Test func shapeMismatchThrowsLibtorchsMessage() throws {
        let a = try Tensor.ones([2, 3])
        do {
            _ = try a.matmul(a)
            Issue.record("expected a throw")
        } catch let error as TorchError {
            #expect(error.operation == "matmul")
            #expect(error.message.contains("cannot be multiplied (2x3 and 2x3)"))
            #expect(!error.message.contains("frame #"))  // no C++ backtrace
        }
        #expect(throws: TorchError.self) { try a + Tensor.ones([4]) }
        #expect(throws: TorchError.self) { try a.reshape([4]) }
        #expect(throws: TorchError.self) { try a.transpose(0, 5) }
        #expect(throws: TorchError.self) { try Tensor.cat([]) }
    }

    @Test func shapeOps() throws {
        let x = try t([0, 1, 2, 3, 4, 5], [2, 3])
        #expect(try x.transpose(0, 1).contiguous().toFloatArray() == [0, 3, 1, 4, 2, 5])
        #expect(try x.permute([1, 0]).shape == [3, 2])
        #expect(try x.reshape([3, -1]).shape == [3, 2])
        #expect(try x.unsqueeze(1).shape == [2, 1, 3])
        #expect(try x.unsqueeze(0).squeeze().shape == [2, 3])
        #expect(try x.narrow(dim: 1, start: 1, length: 2).toFloatArray() == [1, 2, 4, 5])
        #expect(try x.slice(dim: 1, start: 0, step: 2).toFloatArray() == [0, 2, 3, 5])
        #expect(try x.indexSelect(dim: 1, index: Tensor([2, 0] as [Int64])).toFloatArray() == [2, 0, 5, 3])
        let idx = try Tensor([2, 0] as [Int64], shape: [2, 1])
        #expect(try x.gather(dim: 1, index: idx).toFloatArray() == [2, 3])
        #expect(try Tensor.cat([x, x], dim: 0).shape == [4, 3])
        #expect(try Tensor.stack([x, x], dim: 1).shape == [2, 2, 3])
        #expect(try t([1, 2], [2, 1]).expand([2, 3]).toFloatArray() == [1, 1, 1, 2, 2, 2])
        #expect(try Tensor.zeros([2, 3, 4, 5]).flatten(from: 1).shape == [2, 60])
    }

    @Test func reductions() throws {
        let x = try t([1, 5, 3, 4, 2, 6], [2, 3])
        #expect(try x.sum().item() == 21)
        #expect(try x.mean().item() == 3.5)
        #expect(try x.sum(dim: 0).toFloatArray() == [5, 7, 9])
        #expect(try x.mean(dim: 1, keepDim: true).shape == [2, 1])
        #expect(try x.sum(dims: [0, 1]).item() == 21)
        let (values, indices) = try x.max(dim: 1)
        #expect(try values.toFloatArray() == [5, 6])
        #expect(try indices.toInt64Array() == [1, 2])
        #expect(try x.argmax(dim: 0).toInt64Array() == [1, 0, 1])
        #expect(try x.max().item() == 6)
        #expect(try x.min().item() == 1)
        #expect(try t([3, 4], [2]).norm().item() == 5)
    }

    @Test func elementwiseFunctions() throws {
        let x = try t([-1, 0, 1], [3])
        #expect(try x.relu().toFloatArray() == [0, 0, 1])
        #expect(try x.abs().toFloatArray() == [1, 0, 1])
        #expect(try x.clamp(min: -0.5, max: 0.5).toFloatArray() == [-0.5, 0, 0.5])
        #expect(try x.clamp(max: 0).toFloatArray() == [-1, 0, 0])
        #expect(close(try x.exp().log().toFloatArray(), [-1, 0, 1]))
        #expect(close(try x.sigmoid().toFloatArray(), [0.26894142, 0.5, 0.73105858]))
        #expect(close(try x.tanh().toFloatArray(), [-0.76159416, 0, 0.76159416]))
        // Exact GELU: 1·Φ(1) = 0.8413447; the tanh approximation would give 0.8411920.
        #expect(close(try x.gelu().toFloatArray(), [-0.15865526, 0, 0.8413447], tolerance: 1e-6))
        #expect(try t([4, 9], [2]).sqrt().toFloatArray() == [2, 3])
    }

    @Test func softmaxAndLogSoftmax() throws {
        let x = try t([1, 2, 3], [1, 3])
        let p = try x.softmax(dim: 1).toFloatArray()
        #expect(close(p, [0.09003057, 0.24472847, 0.66524096]))
        #expect(close(try x.logSoftmax(dim: -1).exp().toFloatArray(), p))
    }

    @Test func comparisonsWhereAndMaskedFill() throws {
        let a = try t([1, 2, 3], [3])
        let b = try t([3, 2, 1], [3])
        #expect(try a.gt(b).dtype == .bool)
        #expect(try a.gt(b).toInt64Array() == [0, 0, 1])
        #expect(try a.eq(b).toInt64Array() == [0, 1, 0])
        #expect(try a.ne(2).toInt64Array() == [1, 0, 1])
        #expect(try Tensor.where(a.lt(b), a, b).toFloatArray() == [1, 2, 1])
        #expect(try a.maskedFill(a.ge(2), -1).toFloatArray() == [1, -1, -1])
    }

    @Test func finitenessAndCasts() throws {
        let x = try t([1, .infinity, .nan], [3])
        #expect(try x.isFinite().toInt64Array() == [1, 0, 0])
        #expect(try !x.allFinite())
        #expect(try t([1, 2], [2]).allFinite())
        #expect(try t([1.7, -2.2], [2]).toType(.int64).toInt64Array() == [1, -2])
        #expect(try Tensor([3] as [Int64]).toType(.float32).dtype == .float32)
    }

    @Test func inPlaceUpdates() throws {
        let x = try Tensor.zeros([3])
        try x.copy(from: t([1, 2, 3], [3]))
        try x.addInPlace(1)
        try x.mulInPlace(t([1, 0, 2], [3]))
        #expect(try x.toFloatArray() == [2, 0, 8])
        try x.zero()
        #expect(try x.toFloatArray() == [0, 0, 0])
        #expect(throws: TorchError.self) { try x.copy(from: Tensor.ones([2])) }
    }
}
