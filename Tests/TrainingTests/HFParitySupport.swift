import TestProcess
import Datasets
import Foundation
import Models
import Torch
@testable import Training

/// The bench venv's interpreter (scripts/bench-venv.sh: torch, transformers, peft,
/// sentence-transformers), when it is installed; parity tests run Hugging Face through it.
let benchPython: String? = {
    let environment = ProcessInfo.processInfo.environment
    let cache = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.cache")
    let venv = environment["FINETUNE_BENCH_VENV"].flatMap { $0.isEmpty ? nil : $0 } ?? cache + "/finetune/bench-venv"
    let python = venv + "/bin/python"
    return FileManager.default.isExecutableFile(atPath: python) ? python : nil
}()

/// Parity against the live Hugging Face libraries runs when the venv exists or FINETUNE_PARITY=1
/// (which then fails loudly when the venv is missing, rather than skipping).
let liveParityEnabled = benchPython != nil || ProcessInfo.processInfo.environment["FINETUNE_PARITY"] == "1"

/// Runs scripts/parity/hf_outputs.py once for every `(kind, folder)` and returns each one's
/// logits, row per text: one Python process, since importing torch and transformers costs
/// more than the models do.
func huggingFaceLogits(_ jobs: [(kind: String, folder: String)], maxLength: Int, texts: [String]) throws -> [[[Double]]] {
    guard let python = benchPython else { throw TrainingError("FINETUNE_PARITY=1 but the bench venv is missing; run scripts/bench-venv.sh") }
    guard let first = jobs.first else { return [] }
    let also = jobs.dropFirst().flatMap { ["--also", $0.kind, $0.folder] }
    let done = try ProcessRunner.run(python, [projectRoot + "/scripts/parity/hf_outputs.py", first.kind, first.folder]
                                     + also + ["--max-length", String(maxLength)] + texts)
    let lines = done.stdout.split(separator: "\n").filter { !$0.isEmpty }
    let tables = try lines.map { line -> [[Double]] in
        guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let logits = object["logits"] as? [[Double]] else { throw TrainingError("hf_outputs.py printed \(line.prefix(200))") }
        return logits
    }
    guard done.status == 0, tables.count == jobs.count else {
        throw TrainingError("hf_outputs.py \(jobs.map(\.kind)) failed (\(done.status)): \(done.stderr.suffix(2000))")
    }
    return tables
}

/// The adapter's and the export's logits, from one Python process.
func huggingFaceLogits(adapter: String, export: String, maxLength: Int, texts: [String]) throws -> [(kind: String, logits: [[Double]])] {
    let tables = try huggingFaceLogits([("adapter", adapter), ("export", export)], maxLength: maxLength, texts: texts)
    return zip(["adapter", "export"], tables).map { (kind: $0, logits: $1) }
}

/// The largest absolute difference between two tables of numbers (infinity when shapes differ).
func maxDifference(_ a: [[Double]], _ b: [[Double]]) -> Double {
    guard a.count == b.count, zip(a, b).allSatisfy({ $0.count == $1.count }) else { return .infinity }
    return zip(a, b).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? 0
}

/// A fixed LoRA model for the committed references: all-MiniLM-L6-v2 with rank-4 updates
/// (alpha 8) on query, value and the layer output, and a 3-class head, every added value
/// (amplitude 0.1 in A and B, 1 in the head)
/// from a formula rather than a random generator, so any machine rebuilds it exactly.
enum ParityModel {
    static let texts = [
        "A gripping, funny and generous film.",
        "The plot is a mess and the acting is worse.",
        "ok",
    ]
    static let maxLength = 32
    static let labels = ["negative", "neutral", "positive"]

    static func build(pooling: BERT.Pooling) throws -> BERT {
        let folder = BERTFolder(miniLMFolder)
        let bert = try BERT(config: try folder.config(), pooling: pooling, outputs: labels.count, dropout: 0.1)
        bert.sourceFolder = folder
        try bert.loadWeights(from: folder.weightsFile)
        try LoRATargets.attach(to: bert, targets: ["query", "value", "output"], rank: 4, alpha: 8, dropout: 0.05)
        try Torch.withNoGrad {
            var k = 0.0
            for (name, tensor) in bert.namedParameters() where name.contains(".lora_") || name.hasPrefix("head.") {
                k += 1
                let count = tensor.numel
                // Large enough that the updates move the logits well past the tolerance.
                let amplitude = name.hasPrefix("head.") ? 1.0 : 0.1
                let values = (0..<count).map { Float(amplitude * Foundation.sin(Double($0) * 0.37 + k)) }
                try tensor.copy(from: Tensor(values, shape: tensor.shape))
            }
        }
        bert.eval()
        return bert
    }

    /// finetune's logits for `texts`, one padded batch.
    static func logits(_ bert: BERT) throws -> [[Double]] {
        let tokenizer = try WordPieceTokenizer(vocabularyFile: miniLMFolder + "/vocab.txt", lowercase: true)
        let encoded = tokenizer.encodeBatch(texts, maxLength: maxLength)
        let shape = [encoded.batchSize, encoded.sequenceLength]
        let ids = try Tensor(encoded.ids, shape: shape)
        let mask = try Tensor(encoded.attentionMask, shape: shape)
        let output: Tensor = try Torch.withNoGrad { try bert(ModelInput.tokens(ids: ids, mask: mask)) }
        let flat: [Double] = try output.toFloatArray().map { Double($0) }
        let width = labels.count
        var rows: [[Double]] = []
        for row in 0..<texts.count { rows.append(Array(flat[row * width..<(row + 1) * width])) }
        return rows
    }
}
