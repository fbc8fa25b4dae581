import Datasets
import Experiment
import Models
import Torch

extension Batches {
    /// A batch of texts as `[batch, length]` ids and mask, padded to the batch's longest
    /// text (at most `model.max_length`); augmented first when `rng` is given (training).
    func textBatch(_ indices: [Int], texts: [String], rng: UnsafeMutablePointer<SeededGenerator>?) throws -> Batch {
        guard let text else {
            throw TrainingError("text data needs the BERT model, which reads tokens")
        }
        var batchTexts = indices.map { texts[$0] }
        if let rng, !textSteps.isEmpty {
            batchTexts = batchTexts.map { Self.augment($0, steps: textSteps, rng: &rng.pointee) }
        }
        let encoded = text.tokenizer.encodeBatch(batchTexts, maxLength: text.maxLength)
        let shape = [encoded.batchSize, encoded.sequenceLength]
        let input = ModelInput.tokens(ids: try Tensor(encoded.ids, shape: shape),
                                      mask: try Tensor(encoded.attentionMask, shape: shape))
        return Batch(input: input, targets: try targets(indices), mixing: nil, count: indices.count)
    }

    /// `indices` reordered longest text first (by token count, ties in their given order), so
    /// that evaluation batches pad to nearly their own length: padding dominated BERT evaluation
    /// when a 256-text batch padded every snippet to its longest one. Non-text data keeps its order.
    func lengthOrder(_ indices: [Int]) -> [Int] {
        guard let text, case .text(let texts) = data.dataset.features else { return indices }
        let lengths = indices.map { text.tokenizer.encode(texts[$0], maxLength: text.maxLength).ids.count }
        return indices.indices.sorted { lengths[$0] != lengths[$1] ? lengths[$0] > lengths[$1] : $0 < $1 }.map { indices[$0] }
    }

    /// Applies each text step with its probability `p`, in the configured order.
    ///
    /// `random_deletion`'s `rate` becomes a count per text (rate × words, at least one), since
    /// the Datasets step deletes a fixed number of words.
    static func augment(_ text: String, steps: [AugmentationStep], rng: inout SeededGenerator) -> String {
        var text = text
        for step in steps where rng.nextBool(probability: step.p) {
            switch step.kind {
            case .wordDropout:
                text = TextAugmentation.wordDropout(p: step.rate ?? 0.1).apply(to: text, rng: &rng)
            case .randomSwap:
                text = TextAugmentation.randomSwap(count: step.swaps ?? 1).apply(to: text, rng: &rng)
            case .randomDeletion:
                let words = text.split(whereSeparator: \.isWhitespace).count
                let count = max(1, Int(((step.rate ?? 0.1) * Double(words)).rounded()))
                text = TextAugmentation.randomDeletion(count: count).apply(to: text, rng: &rng)
            default:
                continue
            }
        }
        return text
    }
}
