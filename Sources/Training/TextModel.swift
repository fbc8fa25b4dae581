import Datasets
import Experiment
import Foundation
import Results
import Models

/// The text side of a BERT run: the model folder whose config.json shapes the encoder, the
/// tokenizer built from its tokenizer.json (or vocab.json + merges.txt, or vocab.txt), and
/// `model.max_length`.
///
/// The folder is the pre-trained model's: the built-in all-MiniLM-L6-v2, a Hugging Face-style
/// folder (or the safetensors file inside one), or the run folder of `{experiment: NAME}`,
/// where a saved BERT leaves its config.json and tokenizer files. With `pretrained: none` the
/// encoder is randomly initialised in MiniLM's shape with MiniLM's vocabulary, which is what
/// the scratch baseline compares against.
struct TextModel {
    var folder: BERTFolder
    var config: BERTConfig
    var tokenizer: TextTokenizer
    var maxLength: Int

    /// nil unless `model.architecture` is bert.
    static func resolve(_ model: ModelConfig, pretrained: PretrainedWeights?, assetsRoot: String) throws -> TextModel? {
        guard model.architecture == .bert else { return nil }
        let folder = pretrained.map { BERTFolder($0.path) } ?? builtinFolder(assetsRoot: assetsRoot)
        let origin = pretrained?.description ?? "none (MiniLM's shape, random weights)"
        guard FileManager.default.fileExists(atPath: folder.configFile), let tokenizerFile = TextTokenizer.file(in: folder.path) else {
            throw TrainingError("model.pretrained \(origin): a bert model needs config.json and a tokenizer (tokenizer.json, vocab.json with merges.txt, or vocab.txt) beside its weights in \(folder.path) (a Hugging Face-style folder)")
        }
        let config = try folder.config()
        guard model.maxLength <= config.maximumSequenceLength else {
            throw TrainingError("model.max_length \(model.maxLength) exceeds the \(config.maximumSequenceLength) positions of \(folder.path)")
        }
        let tokenizer: TextTokenizer
        do {
            tokenizer = try FileMemo.value("\(tokenizerFile)|\(folder.lowercase)", file: tokenizerFile) {
                try TextTokenizer.load(folder: folder.path, lowercase: folder.lowercase)
            }
        } catch let error as TokenizerError {
            throw TrainingError("\(error)")
        } catch {
            throw TrainingError("\(tokenizerFile): \(error)")
        }
        guard tokenizer.vocabularySize <= config.vocabSize else {
            throw TrainingError("\(tokenizerFile) has \(tokenizer.vocabularySize) tokens but config.json's vocab_size is \(config.vocabSize)")
        }
        return TextModel(folder: folder, config: config, tokenizer: tokenizer, maxLength: model.maxLength)
    }

    /// The folder's files besides the weights that change what the encoder outputs: the
    /// shape and activation in config.json, the token ids in the tokenizer files, lowercasing
    /// in tokenizer_config.json (when present). The feature cache keys on their bytes.
    var companionFiles: [String] {
        ([folder.configFile] + TextTokenizer.fileNames.map(folder.file) + [folder.file("tokenizer_config.json")])
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
