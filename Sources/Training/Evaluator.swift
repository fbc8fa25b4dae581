import Experiment
import Models
import Results
import Torch

/// Evaluates a network on a split without gradients, in evaluation mode.
struct Evaluator {
    let batches: Batches
    let metrics: [Metric]
    /// Examples per evaluation batch (``Batches/inferenceBatchSize``; 256 cached features).
    var batchSize: Int { cached == nil ? batches.inferenceBatchSize : 256 }
    /// Body outputs to read instead of running the frozen body (head-only runs).
    var cached: CachedFeatures?
    /// `model.precision: bf16`: outputs computed under autocast, as in training.
    var autocast: DType?

    struct Evaluation {
        var metrics: SplitMetrics
        var confusionMatrix: [[Int]]?
    }

    /// Raw outputs for `indices`, in their order: logits rows (classification) or one prediction
    /// each. Texts are evaluated in batches of similar length (``Batches/lengthOrder(_:)``).
    func outputs(_ network: Network, head: Linear? = nil, _ indices: [Int]) throws -> [[Double]] {
        let order = cached == nil ? batches.lengthOrder(indices) : indices
        var rows: [[Double]] = []
        try Torch.withNoGrad {
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let chunk = Array(order[start..<min(start + batchSize, order.count)])
                let batch = try cached?.batch(chunk, batches: batches) ?? batches.batch(chunk, rng: nil)
                let logits = try Torch.withAutocast(autocast) {
                    let features = try cached?.features(of: batch) ?? network.features(batch.input)
                    return try (head ?? network.head)(features)
                }
                let width = logits.shape.count > 1 ? logits.shape[1] : 1
                let flat = try logits.toFloatArray()
                for row in 0..<chunk.count {
                    rows.append((0..<width).map { Double(flat[row * width + $0]) })
                }
            }
        }
        guard order != indices else { return rows }
        var position: [Int: Int] = [:]  // example index → its row in `rows`; indices may repeat
        for (row, index) in order.enumerated() where position[index] == nil { position[index] = row }
        return indices.map { rows[position[$0]!] }
    }

    func evaluate(_ network: Network, _ indices: [Int], head: Linear? = nil, task: DataConfig.Task,
                  labels: [Int]? = nil, classCount: Int? = nil) throws -> Evaluation {
        guard !indices.isEmpty else { return Evaluation(metrics: [:], confusionMatrix: nil) }
        let wasTraining = network.isTraining
        network.eval()
        defer { network.train(wasTraining) }
        let rows = try outputs(network, head: head, indices)
        switch batches.data.dataset.targets {
        case .values(let values):
            let targets = indices.map { values[$0] }
            let report = RegressionReport(predictions: rows.map { $0[0] }, targets: targets)
            var result: SplitMetrics = [Metric.loss.rawValue: report.mse]
            for metric in metrics { if let v = report.value(of: metric) { result[metric] = v } }
            return Evaluation(metrics: result, confusionMatrix: nil)
        case .classes(let all, let names):
            let truth = labels ?? indices.map { all[$0] }
            let k = classCount ?? names.count
            let report = ClassificationReport(logits: rows, labels: truth, classCount: k)
            var result: SplitMetrics = [Metric.loss.rawValue: report.logLoss ?? .nan]
            for metric in metrics where metric.isScalar {
                if let v = report.value(of: metric) { result[metric] = v }
            }
            let matrix = metrics.contains(.confusionMatrix) ? report.confusionMatrix : nil
            return Evaluation(metrics: result, confusionMatrix: matrix)
        }
    }
}
