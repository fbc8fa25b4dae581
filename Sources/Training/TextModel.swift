import Datasets
import Experiment
import Foundation
import Results
import Models

/// The text side of a BERT run: the model folder whose config.json shapes the encoder, the
/// tokenizer built from its vocab.txt, and `model.max_length`.
///
/// The folder is the pre-trained model's: the built-in all-MiniLM-L6-v2, a Hugging Face-style
/// folder (or the safetensors file inside one), or the run folder of `{experiment: NAME}`,
/// where a saved BERT leaves its config.json and vocab.txt. With `pretrained: none` the
/// encoder is randomly initialised in MiniLM's shape with MiniLM's vocabulary, which is what
/// the scratch baseline compares against.
struct TextModel {
    var folder: BERTFolder
    var config: BERTConfig
    var tokenizer: WordPieceTokenizer
    var maxLength: Int

    /// nil unless `model.architecture` is bert.
    static func resolve(_ model: ModelConfig, pretrained: PretrainedWeights?, assetsRoot: String) throws -> TextModel? {
        guard model.architecture == .bert else { return nil }
        let folder = pretrained.map { BERTFolder($0.path) } ?? builtinFolder(assetsRoot: assetsRoot)
        let origin = pretrained?.description ?? "none (MiniLM's shape, random weights)"
        guard FileManager.default.fileExists(atPath: folder.configFile), FileManager.default.fileExists(atPath: folder.vocabularyFile) else {
            throw TrainingError("model.pretrained \(origin): a bert model needs config.json and vocab.txt beside its weights in \(folder.path) (a Hugging Face-style folder)")
        }
        let config = try folder.config()
        guard model.maxLength <= config.maxPositionEmbeddings else {
            throw TrainingError("model.max_length \(model.maxLength) exceeds the \(config.maxPositionEmbeddings) positions of \(folder.path)")
        }
        let tokenizer: WordPieceTokenizer
        do {
            tokenizer = try FileMemo.value("\(folder.vocabularyFile)|\(folder.lowercase)", file: folder.vocabularyFile) {
                try WordPieceTokenizer(vocabularyFile: folder.vocabularyFile, lowercase: folder.lowercase)
            }
        } catch {
            throw TrainingError("\(folder.vocabularyFile): \(error)")
        }
        guard tokenizer.vocabulary.tokens.count <= config.vocabSize else {
            throw TrainingError("\(folder.vocabularyFile) has \(tokenizer.vocabulary.tokens.count) tokens but config.json's vocab_size is \(config.vocabSize)")
        }
        return TextModel(folder: folder, config: config, tokenizer: tokenizer, maxLength: model.maxLength)
    }

    /// The folder's files besides the weights that change what the encoder outputs: the
    /// shape and activation in config.json, the token ids in vocab.txt, lowercasing in
    /// tokenizer_config.json (when present). The feature cache keys on their bytes.
    var companionFiles: [String] {
        [folder.configFile, folder.vocabularyFile, folder.file("tokenizer_config.json")]
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// Where the built-in all-MiniLM-L6-v2 lives in the asset cache.
    static func builtinFolder(assetsRoot: String) -> BERTFolder {
        BERTFolder(ResultsLayout.join(assetsRoot, "minilm"))
    }

    /// A new encoder of this folder's shape with a head of `outputs`.
    func makeNetwork(_ model: ModelConfig, outputs: Int) throws -> BERT {
        let network = try BERT(config: config, pooling: model.pooling == .cls ? .cls : .mean,
                               outputs: outputs, dropout: model.dropout)
        network.sourceFolder = folder
        return network
    }
}
