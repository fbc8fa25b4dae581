import Foundation

/// A self-test of the numeric engine in this process: a large matmul against a float64
/// reference, the sgemm rate, and a few seeded AdamW steps.
///
/// Run by `finetune engine-check` so that two processes, one per MKL path
/// (FINETUNE_MKL_CPU=fast|generic, read when MKL first runs), can be compared: the answer to
/// MKL's CPU check changes which kernels run, never what they compute.
public struct EngineCheck: Codable, Sendable {
    /// How MKL's Intel-CPU check was answered, and how often MKL asked.
    public var mklCPUPath: String
    public var mklCPUChecks: Int64
    public var threads: Int
    /// max |C − C64| / max |C64| for C = A·B, A and B seeded N(0, 1) of `size`².
    public var matmulRelativeError: Double
    public var size: Int
    /// Median sgemm rate over `sgemmRepetitions` timed products of 2048² float32 matrices.
    public var sgemmGFLOPS: Double
    /// Losses of a seeded 2-layer MLP trained with AdamW on seeded data, one per step.
    public var losses: [Double]

    /// Runs the check. Deterministic but for the timing.
    public static func run(size: Int = 1024, sgemmRepetitions: Int = 5, steps: Int = 5) throws -> EngineCheck {
        Torch.manualSeed(1)
        let a = try Tensor.randn([size, size]), b = try Tensor.randn([size, size])
        let product = try a.matmul(b)
        let reference = try a.toType(.float64).matmul(b.toType(.float64))
        let error = try (product.toType(.float64) - reference).abs().max().item() / reference.abs().max().item()

        let x = try Tensor.randn([2048, 2048]), y = try Tensor.randn([2048, 2048])
        _ = try x.matmul(y)  // warm-up: thread pool and MKL's dispatch
        var rates: [Double] = []
        for _ in 0..<max(1, sgemmRepetitions) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try x.matmul(y)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(2 * pow(2048, 3) / seconds / 1e9)
        }
        rates.sort()

        Torch.manualSeed(2)
        let first = try Linear(256, 512), second = try Linear(512, 10)
        let inputs = try Tensor.randn([128, 256])
        let targets = try Tensor.randn([128, 10])
        let optimizer = Adam.adamW(parameters: first.parameters() + second.parameters(), lr: 1e-3, weightDecay: 0.01)
        var losses: [Double] = []
        for _ in 0..<steps {
            optimizer.zeroGrad()
            let loss = try Functional.mseLoss(second(first(inputs).gelu()), targets)
            try loss.backward()
            try optimizer.step()
            losses.append(try loss.item())
        }
        return EngineCheck(mklCPUPath: Runtime.mklCPUPath, mklCPUChecks: Runtime.mklCPUChecks,
                           threads: Torch.numThreads, matmulRelativeError: error, size: size,
                           sgemmGFLOPS: rates[rates.count / 2], losses: losses)
    }
}
