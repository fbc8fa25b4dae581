import Foundation
import Torch

/// The shape of a BERT encoder, read from a Hugging Face `config.json`.
///
/// Only the fields that decide tensor shapes and arithmetic are kept; a config that asks for
/// something this encoder does not implement (another activation, relative positions) is
/// refused when read, so a model never runs with silently different maths.
public struct BERTConfig: Codable, Sendable, Equatable {
    public var vocabSize: Int
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var maxPositionEmbeddings: Int
    public var typeVocabSize: Int
    public var layerNormEps: Double
    public var hiddenAct: String
    /// Standard deviation of the random initialisation (`pretrained: none`).
    public var initializerRange: Double
    /// `config.json`'s `model_type`: `bert`; `roberta`/`xlm-roberta`, which are BERT's maths
    /// with positions counted from `pad_token_id + 1`; `electra` (discriminator), BERT's maths
    /// with embeddings `embedding_size` wide projected to `hidden_size`; `distilbert`, BERT's
    /// post-norm layers under other names, without token types (its config.json names the
    /// sizes `dim`, `n_layers`, `n_heads`, `hidden_dim`).
    public var modelType: String = "bert"
    /// The padding id, which RoBERTa's position numbering starts after.
    public var padTokenID: Int = 0
    /// ELECTRA's embedding width when it differs from `hidden_size` (then `embeddings_project`
    /// maps it up); nil when the embeddings are as wide as the layers.
    public var embeddingSize: Int?

    /// The width of the embedding tables.
    public var embeddingWidth: Int { embeddingSize ?? hiddenSize }
    /// DistilBERT: other module names, no token types, no pooler.
    public var isDistilBERT: Bool { modelType == "distilbert" }

    /// The first position row a sequence uses: 0 for BERT, `pad_token_id + 1` for RoBERTa
    /// and XLM-R (transformers numbers real tokens from there).
    public var positionOffset: Int { Self.offsetPositionTypes.contains(modelType) ? padTokenID + 1 : 0 }
    /// The longest sequence the position table holds.
    public var maximumSequenceLength: Int { maxPositionEmbeddings - positionOffset }
    static let offsetPositionTypes: Set<String> = ["roberta", "xlm-roberta"]

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case maxPositionEmbeddings = "max_position_embeddings"
        case typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps"
        case hiddenAct = "hidden_act"
        case initializerRange = "initializer_range"
        case positionEmbeddingType = "position_embedding_type"
        case modelType = "model_type"
        case padTokenID = "pad_token_id"
        case embeddingSize = "embedding_size"
    }

    /// The encoder families a Hugging Face `config.json` may name, as the error lists them.
    public static let encoderModelTypes = ["bert", "distilbert", "roberta", "xlm-roberta", "electra"]
    /// The families this encoder builds today; the others are named but refused (issue 25).
    public static let implementedModelTypes: Set<String> = ["bert", "distilbert", "roberta", "xlm-roberta", "electra"]

    /// DistilBERT's own keys (transformers' `DistilBertConfig`).
    enum DistilBERTKeys: String, CodingKey {
        case vocabSize = "vocab_size"
        case dim
        case nLayers = "n_layers"
        case nHeads = "n_heads"
        case hiddenDim = "hidden_dim"
        case activation
        case maxPositionEmbeddings = "max_position_embeddings"
        case initializerRange = "initializer_range"
        case padTokenID = "pad_token_id"
        case sinusoidalPositions = "sinusoidal_pos_embds"
        case modelType = "model_type"
    }

    public init(vocabSize: Int, hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int,
                intermediateSize: Int, maxPositionEmbeddings: Int = 512, typeVocabSize: Int = 2,
                layerNormEps: Double = 1e-12, hiddenAct: String = "gelu", initializerRange: Double = 0.02) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
        self.hiddenAct = hiddenAct
        self.initializerRange = initializerRange
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let type = try c.decodeIfPresent(String.self, forKey: .modelType), !Self.implementedModelTypes.contains(type) {
            guard Self.encoderModelTypes.contains(type) else {
                throw ModelError("model_type '\(type)' is not an encoder finetune supports (\(Self.encoderModelTypes.joined(separator: ", ")))")
            }
            throw ModelError("model_type '\(type)' is not built yet (today: \(Self.implementedModelTypes.sorted().joined(separator: ", ")))")
        }
        modelType = try c.decodeIfPresent(String.self, forKey: .modelType) ?? "bert"
        if modelType == "distilbert" {
            self = try Self.distilBERT(decoder)
            return
        }
        padTokenID = try c.decodeIfPresent(Int.self, forKey: .padTokenID) ?? (Self.offsetPositionTypes.contains(modelType) ? 1 : 0)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        // ELECTRA's embeddings may be narrower than its layers; embeddings_project maps them up.
        if modelType == "electra", let width = try c.decodeIfPresent(Int.self, forKey: .embeddingSize), width != hiddenSize {
            embeddingSize = width
        }
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512
        typeVocabSize = try c.decodeIfPresent(Int.self, forKey: .typeVocabSize) ?? 2
        layerNormEps = try c.decodeIfPresent(Double.self, forKey: .layerNormEps) ?? 1e-12
        hiddenAct = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "gelu"
        initializerRange = try c.decodeIfPresent(Double.self, forKey: .initializerRange) ?? 0.02
        if let kind = try c.decodeIfPresent(String.self, forKey: .positionEmbeddingType), kind != "absolute" {
            throw ModelError("position_embedding_type '\(kind)' is not supported (only absolute)")
        }
    }

    /// A DistilBERT config.json; its layer norms' epsilon is fixed at 1e-12 in transformers.
    private static func distilBERT(_ decoder: Decoder) throws -> BERTConfig {
        let c = try decoder.container(keyedBy: DistilBERTKeys.self)
        if try c.decodeIfPresent(Bool.self, forKey: .sinusoidalPositions) == true {
            throw ModelError("sinusoidal_pos_embds true is not supported (DistilBERT's fixed sinusoidal positions; only learned ones)")
        }
        var config = BERTConfig(vocabSize: try c.decode(Int.self, forKey: .vocabSize), hiddenSize: try c.decode(Int.self, forKey: .dim),
                                numHiddenLayers: try c.decode(Int.self, forKey: .nLayers), numAttentionHeads: try c.decode(Int.self, forKey: .nHeads),
                                intermediateSize: try c.decode(Int.self, forKey: .hiddenDim),
                                maxPositionEmbeddings: try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 512,
                                typeVocabSize: 0, layerNormEps: 1e-12,
                                hiddenAct: try c.decodeIfPresent(String.self, forKey: .activation) ?? "gelu",
                                initializerRange: try c.decodeIfPresent(Double.self, forKey: .initializerRange) ?? 0.02)
        config.modelType = "distilbert"
        config.padTokenID = try c.decodeIfPresent(Int.self, forKey: .padTokenID) ?? 0
        return config
    }

    public func encode(to encoder: Encoder) throws {
        if isDistilBERT {
            var c = encoder.container(keyedBy: DistilBERTKeys.self)
            try c.encode(vocabSize, forKey: .vocabSize)
            try c.encode(hiddenSize, forKey: .dim)
            try c.encode(numHiddenLayers, forKey: .nLayers)
            try c.encode(numAttentionHeads, forKey: .nHeads)
            try c.encode(intermediateSize, forKey: .hiddenDim)
            try c.encode(hiddenAct, forKey: .activation)
            try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
            try c.encode(initializerRange, forKey: .initializerRange)
            try c.encode(padTokenID, forKey: .padTokenID)
            try c.encode(false, forKey: .sinusoidalPositions)
            try c.encode(modelType, forKey: .modelType)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(numHiddenLayers, forKey: .numHiddenLayers)
        try c.encode(numAttentionHeads, forKey: .numAttentionHeads)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
        try c.encode(typeVocabSize, forKey: .typeVocabSize)
        try c.encode(layerNormEps, forKey: .layerNormEps)
        try c.encode(hiddenAct, forKey: .hiddenAct)
        try c.encode(initializerRange, forKey: .initializerRange)
        try c.encode("absolute", forKey: .positionEmbeddingType)
        // BERT's config.json stays as it was written before model types were read.
        if modelType != "bert" {
            try c.encode(modelType, forKey: .modelType)
            try c.encode(padTokenID, forKey: .padTokenID)
        }
        // transformers' ELECTRA defaults embedding_size to 128, so it is always written.
        if modelType == "electra" { try c.encode(embeddingWidth, forKey: .embeddingSize) }
    }

    /// `x` through the feed-forward activation (`hidden_act`, DistilBERT's `activation`).
    func activate(_ x: Tensor) throws -> Tensor {
        hiddenAct == "relu" ? try x.relu() : try x.gelu()
    }

    /// Reads and checks `config.json`.
    public static func read(_ path: String) throws -> BERTConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ModelError("no BERT config at \(path) (a Hugging Face folder holds config.json, model.safetensors and vocab.txt)")
        }
        let config: BERTConfig
        do {
            config = try JSONDecoder().decode(BERTConfig.self, from: data)
        } catch let error as ModelError {
            throw ModelError("\(path): \(error.message)")
        } catch {
            throw ModelError("\(path) is not a BERT config.json: \(Self.describe(error))")
        }
        try config.validate(path)
        return config
    }

    /// Refuses sizes that cannot build an encoder and activations this one does not compute.
    public func validate(_ origin: String = "config") throws {
        var problems: [String] = []
        for (name, value) in [("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("num_hidden_layers", numHiddenLayers),
                              ("num_attention_heads", numAttentionHeads), ("intermediate_size", intermediateSize),
                              ("max_position_embeddings", maxPositionEmbeddings), ("type_vocab_size", isDistilBERT ? 1 : typeVocabSize),
                              ("embedding_size", embeddingWidth)] where value < 1 {
            problems.append("\(name) must be at least 1 (got \(value))")
        }
        if numAttentionHeads > 0, hiddenSize % numAttentionHeads != 0 {
            problems.append("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(numAttentionHeads)")
        }
        // HF's "gelu" is the exact erf form, which is what Tensor.gelu computes; DistilBERT
        // also offers relu.
        let activations = isDistilBERT ? ["gelu", "relu"] : ["gelu"]
        if !activations.contains(hiddenAct) {
            let key = isDistilBERT ? "activation" : "hidden_act"
            problems.append("\(key) '\(hiddenAct)' is not supported (only \(activations.joined(separator: ", ")); gelu is the exact erf form)")
        }
        if !(layerNormEps > 0) { problems.append("layer_norm_eps must be positive (got \(layerNormEps))") }
        if positionOffset > 0 && maximumSequenceLength < 2 {
            problems.append("max_position_embeddings \(maxPositionEmbeddings) leaves no positions after pad_token_id \(padTokenID) (\(modelType) numbers positions from pad_token_id + 1)")
        }
        if !problems.isEmpty {
            throw ModelError("\(origin): " + problems.joined(separator: "; "))
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.codingPath.map(\.stringValue).joined(separator: ".")): \(context.debugDescription)"
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        default: return "\(error)"
        }
    }
}
