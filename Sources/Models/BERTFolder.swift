import AtomicFile
import Foundation
import PathText

/// A Hugging Face-style model folder: `config.json`, `model.safetensors`, a tokenizer
/// (`tokenizer.json`, `vocab.json` + `merges.txt` or `vocab.txt`), optionally
/// `tokenizer_config.json` and sentence-transformers' `sentence_bert_config.json`.
public struct BERTFolder: Sendable, Equatable {
    public var path: String

    /// `path` may name the folder or the safetensors file inside it.
    public init(_ path: String) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
            self.path = PathText.parent(path)
        } else {
            self.path = path
        }
        if self.path.isEmpty { self.path = "." }
    }

    public var configFile: String { file("config.json") }
    public var weightsFile: String { file("model.safetensors") }
    public var vocabularyFile: String { file("vocab.txt") }

    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    /// The encoder's shape from `config.json`.
    public func config() throws -> BERTConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ModelError("no such model folder \(path)")
        }
        return try BERTConfig.read(configFile)
    }

    /// Whether the tokenizer lowercases (`do_lower_case` in tokenizer_config.json; BERT
    /// uncased, the default, when the file does not say).
    public var lowercase: Bool {
        json("tokenizer_config.json")?["do_lower_case"] as? Bool ?? true
    }

    /// The sequence length the sentence-transformers model was used with
    /// (`max_seq_length` in sentence_bert_config.json), if the folder says.
    public var sentenceMaxLength: Int? {
        json("sentence_bert_config.json")?["max_seq_length"] as? Int
    }

    private func json(_ name: String) -> [String: Any]? {
        FileManager.default.contents(atPath: file(name))
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    /// Writes `config.json` and copies the tokenizer files from `source` into this folder,
    /// so weights saved beside them form a folder that loads like the original.
    public func writeCompanions(config: BERTConfig, from source: BERTFolder?) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(try encoder.encode(config), to: configFile)
        guard let source, source.path != path else { return }
        for name in ["tokenizer.json", "vocab.json", "merges.txt", "vocab.txt", "tokenizer_config.json"] where FileManager.default.fileExists(atPath: source.file(name)) {
            let data = try Data(contentsOf: URL(fileURLWithPath: source.file(name)))
            try AtomicFile.write(data, to: file(name))
        }
    }
}
