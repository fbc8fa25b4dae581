import Datasets
import Experiment
import Foundation
import Models
import Torch

/// Sentence embeddings from a BERT folder the way sentence-transformers computes them for
/// all-MiniLM-L6-v2: tokenize (truncating at the model's `max_seq_length`), mean-pool the
/// last layer over the attention mask, L2-normalise.
public struct SentenceEmbedder {
    /// One input and what the model made of it.
    public struct Embedding: Sendable, Equatable {
        public var text: String
        /// `[CLS] … [SEP]` without padding.
        public var ids: [Int]
        public var embedding: [Float]

        public init(text: String, ids: [Int], embedding: [Float]) {
            self.text = text
            self.ids = ids
            self.embedding = embedding
        }
    }

    public let folder: BERTFolder
    public let maxLength: Int
    let model: BERT
    let tokenizer: TextTokenizer

    /// Loads the folder's encoder (its head, if any, is not used).
    /// - Parameters:
    ///   - model: a model folder, the safetensors file in one, or a built-in name
    ///     (all-MiniLM-L6-v2, found under `assetsRoot`).
    ///   - maxLength: tokens per text; default: the folder's sentence-transformers
    ///     `max_seq_length` (256 for MiniLM), else its position count.
    public init(model: String, assetsRoot: String, maxLength: Int? = nil) throws {
        folder = ModelConfig.builtinModels.contains(model) ? TextModel.builtinFolder(assetsRoot: assetsRoot) : BERTFolder(model)
        let config = try folder.config()
        self.maxLength = min(maxLength ?? folder.sentenceMaxLength ?? config.maximumSequenceLength, config.maximumSequenceLength)
        guard self.maxLength >= 2 else { throw ModelError("max length \(self.maxLength) leaves no room for [CLS] and [SEP]") }
        do {
            tokenizer = try TextTokenizer.load(folder: folder.path, lowercase: folder.lowercase)
        } catch {
            throw ModelError("\(error)")
        }
        self.model = try BERT(config: config, pooling: .mean, outputs: 1, dropout: 0)
        try self.model.loadWeights(from: folder.weightsFile, includeHead: false)
        self.model.eval()
    }

    /// Embeddings of `texts`, in order, computed `batchSize` texts at a time (each batch padded
    /// to its longest text; padding does not change the vectors).
    public func embed(_ texts: [String], batchSize: Int = 32) throws -> [Embedding] {
        var result: [Embedding] = []
        for start in stride(from: 0, to: texts.count, by: max(1, batchSize)) {
            let chunk = Array(texts[start..<min(start + max(1, batchSize), texts.count)])
            let encoded = tokenizer.encodeBatch(chunk, maxLength: maxLength)
            let shape = [encoded.batchSize, encoded.sequenceLength]
            let vectors = try model.sentenceEmbeddings(ids: Tensor(encoded.ids, shape: shape),
                                                       mask: Tensor(encoded.attentionMask, shape: shape))
            let flat = try vectors.toFloatArray()
            let width = model.config.hiddenSize
            for (row, text) in chunk.enumerated() {
                let ids = zip(encoded.ids(row: row), encoded.attentionMask(row: row)).filter { $0.1 == 1 }.map { Int($0.0) }
                result.append(Embedding(text: text, ids: ids, embedding: Array(flat[row * width ..< (row + 1) * width])))
            }
        }
        return result
    }

    /// The JSON `finetune embed` prints: `[{"text": …, "ids": […], "embedding": […]}]`, floats
    /// in their shortest round-tripping form.
    public static func json(_ embeddings: [Embedding]) throws -> String {
        let encoder = JSONEncoder()
        let rows = try embeddings.map { e -> String in
            let text = String(decoding: try encoder.encode(e.text), as: UTF8.self)
            let ids = e.ids.map(String.init).joined(separator: ", ")
            let values = e.embedding.map { "\($0)" }.joined(separator: ", ")
            return "  {\"text\": \(text), \"ids\": [\(ids)], \"embedding\": [\(values)]}"
        }
        return "[\n" + rows.joined(separator: ",\n") + "\n]"
    }
}
