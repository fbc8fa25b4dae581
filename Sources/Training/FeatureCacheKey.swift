import Crypto
import Datasets
import Experiment
import Foundation

/// What frozen body outputs depend on, as one content hash: the bytes of the pre-trained
/// weights file and of the files read beside it (a BERT folder's config.json and tokenizer
/// files), the examples they are computed for, the body's structure (tokenization settings
/// such as `max_length` and `pooling` included) and the frozen depth.
///
/// Any change to one of them gives a new key, so a stale cache is never read.
struct FeatureCacheKey: Equatable, Sendable {
    var weights: String
    var data: String
    var model: String
    var frozenDepth: Int

    /// The file name stem: a hash of every part.
    var id: String {
        Self.hex(SHA256.hash(data: Array("\(weights)|\(data)|\(model)|\(frozenDepth)".utf8))).prefix(24).description
    }

    /// The key of `dataset` run through the body described by `model`, frozen `frozenDepth`
    /// blocks deep, with weights read from `weightsPath` and its companion files `companions`.
    /// `digests` remembers file digests between runs.
    init(weightsPath: String, companions: [String] = [], dataset: Dataset, model: Value, frozenDepth: Int,
         digests: FileDigests = .none) throws {
        weights = try Self.filesHash([weightsPath] + companions, digests: digests)
        data = Self.datasetHash(dataset)
        // The head, dropout and the weights' location do not change the body's output.
        var body = model
        for key in ["head", "dropout", "pretrained"] { body = body.setting([key], to: .null) }
        self.model = body.canonicalJSON
        self.frozenDepth = frozenDepth
    }

    /// The weights file's SHA-256 alone, or with companions a SHA-256 of every file's name
    /// and SHA-256, in order.
    static func filesHash(_ paths: [String], digests: FileDigests = .none) throws -> String {
        let hashes = try paths.map(digests.sha256)
        guard paths.count > 1 else { return hashes[0] }
        let listing = zip(paths, hashes).map { "\(($0 as NSString).lastPathComponent) \($1)\n" }.joined()
        return hex(SHA256.hash(data: Array(listing.utf8)))
    }

    /// SHA-256 of the examples' inputs, in order (labels do not change features).
    static func datasetHash(_ dataset: Dataset) -> String {
        var hasher = SHA256()
        switch dataset.features {
        case .dense(let values, let shape):
            hasher.update(data: Array("dense \(shape) \(values.count)\n".utf8))
            values.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        case .text(let texts):
            hasher.update(data: Array("text \(texts.count)\n".utf8))
            for text in texts { hasher.update(data: Array((text + "\u{0}").utf8)) }
        case .images(let set):
            hasher.update(data: Array("images \(set.count) \(set.channels) \(set.cropSize)\n".utf8))
            for image in set.images {
                hasher.update(data: Array("\(image.width)x\(image.height)\n".utf8))
                hasher.update(data: image.pixels)
            }
        }
        return hex(hasher.finalize())
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
