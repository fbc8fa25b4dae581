import Torch

/// A BERT-family encoder with a task head, parameter for parameter Hugging Face's model of the
/// family config.json names (`BertModel`, `RobertaModel`, `XLMRobertaModel`, `ElectraModel`,
/// `DistilBertModel`), so a pre-trained checkpoint loads by name: `embeddings.*`,
/// `encoder.layer.N.*` (DistilBERT: `transformer.layer.N.*`), ELECTRA's `embeddings_project`
/// when its embeddings are narrower, `pooler.*` (BERT, cls pooling), and `head.*` for the task.
///
/// The sentence vector is the mean of the token vectors over the attention mask
/// (sentence-transformers' pooling, which all-MiniLM-L6-v2 was trained with) or the first
/// token's vector through the family's `ForSequenceClassification` head, so a cls-pooled model
/// exports exactly: BERT's `tanh(pooler.dense(h))`, dropout, head; RoBERTa/XLM-R's dropout,
/// `pre_classifier` (its `classifier.dense`), tanh, dropout, head (`classifier.out_proj`);
/// ELECTRA's the same with GELU; DistilBERT's `pre_classifier`, ReLU, dropout, head.
///
/// Body blocks, bottom up: `embeddings`, (`embeddings_project`), `encoder.layer.0` …
/// `encoder.layer.N-1`, then `pooler` when BERT's cls pooling uses it; so every freeze strategy
/// and layer decay applies as is. `pre_classifier` is outside the blocks: as in transformers it
/// belongs to the classifier, starts random unless the checkpoint has one, and trains with the head.
public final class BERT: Module, BodyOutputNetwork {
    /// How token vectors become one sentence vector.
    public enum Pooling: String, Sendable, CaseIterable {
        /// Mean over real tokens (mask 1); the pooler weights are not used.
        case mean
        /// The first token through the family's classification head (see the type's doc).
        case cls
    }

    public let config: BERTConfig
    public let pooling: Pooling
    let embeddings: BERTEmbeddings
    /// ELECTRA's Linear from `embedding_size` up to `hidden_size`, when they differ.
    let embeddingsProject: Linear?
    let encoder: BERTEncoder
    /// `encoder`, or DistilBERT's `transformer`.
    let encoderName: String
    let pooler: BERTPooler?
    /// The dense layer before the head in the cls-pooled classifiers of RoBERTa, XLM-R, ELECTRA
    /// and DistilBERT.
    let preClassifier: Linear?
    let dropout: Dropout
    public private(set) var head: Linear
    /// The folder the model was configured from (config.json, vocab.txt), when there is one;
    /// saving a fine-tuned model copies its vocabulary from there.
    public var sourceFolder: BERTFolder?

    /// A randomly initialised encoder as Hugging Face initialises one: N(0, initializer_range)
    /// weights, zero biases, unit layer norms.
    /// - Parameters:
    ///   - outputs: head outputs (classes, or 1 for regression).
    ///   - dropout: probability for the embeddings, attention, residual outputs and before the head.
    public init(config: BERTConfig, pooling: Pooling = .mean, outputs: Int, dropout p: Double = 0.1) throws {
        try config.validate()
        self.config = config
        self.pooling = pooling
        embeddings = try BERTEmbeddings(config, dropout: p)
        embeddingsProject = config.embeddingSize == nil ? nil : try Linear(config.embeddingWidth, config.hiddenSize)
        encoder = try BERTEncoder(config, dropout: p)
        encoderName = config.isDistilBERT ? "transformer" : "encoder"
        let bertPooler = pooling == .cls && config.modelType == "bert"
        pooler = bertPooler ? try BERTPooler(config) : nil
        preClassifier = pooling == .cls && !bertPooler ? try Linear(config.hiddenSize, config.hiddenSize) : nil
        dropout = try Dropout(p)
        head = try Linear(config.hiddenSize, outputs)
        super.init()
        try registerModule("embeddings", embeddings)
        if let embeddingsProject { try registerModule("embeddings_project", embeddingsProject) }
        try registerModule(encoderName, encoder)
        if let pooler { try registerModule("pooler", pooler) }
        if let preClassifier { try registerModule("pre_classifier", preClassifier) }
        try registerModule("dropout", dropout)
        try registerModule(headName, head)
        try initializeWeights(under: "")
    }

    public var blockNames: [String] {
        ["embeddings"] + (embeddingsProject == nil ? [] : ["embeddings_project"])
            + (0..<config.numHiddenLayers).map { "\(encoderName).layer.\($0)" } + (pooler == nil ? [] : ["pooler"])
    }

    public func features(_ input: ModelInput) throws -> Tensor {
        try features(fromBodyOutput: bodyOutput(input))
    }

    /// The pooled sentence vector `[batch, hidden]`: one row per example whatever the batch's
    /// padded length, so head-only runs can cache it per example.
    public func bodyOutput(_ input: ModelInput) throws -> Tensor {
        guard case .tokens(let ids, let mask) = input else {
            throw ModelError("BERT reads token ids and an attention mask, not dense features")
        }
        return try pooled(ids: ids, mask: mask)
    }

    /// Dropout before the head; with a `pre_classifier`, the family's classifier up to its last
    /// Linear (transformers reuses one dropout module in its head, so does this).
    public func features(fromBodyOutput body: Tensor) throws -> Tensor {
        guard let preClassifier else { return try dropout(body) }
        switch config.modelType {
        case "distilbert": return try dropout(preClassifier(body).relu())
        case "electra": return try dropout(preClassifier(dropout(body)).gelu())
        default: return try dropout(preClassifier(dropout(body)).tanh())
        }
    }

    public func replaceHead(outputs: Int) throws {
        head = try Linear(config.hiddenSize, outputs)
        try registerModule(headName, head)
        try initializeWeights(under: headName)
    }

    // MARK: - The forward pass in parts

    /// The last layer's token vectors `[batch, length, hidden]` for int64 `ids` and a 0/1
    /// `mask` (any integer or float type), both `[batch, length]`.
    public func hiddenStates(ids: Tensor, mask: Tensor) throws -> Tensor {
        guard ids.rank == 2, mask.shape == ids.shape else {
            throw ModelError("BERT needs ids and mask of the same shape [batch, length], got \(ids.shape) and \(mask.shape)")
        }
        let floatMask = try mask.toType(.float32)
        // 0 for tokens, -1e9 for padding: exp() of it is exactly 0 in float32, so padded keys
        // get no attention; skipped when no row is padded.
        let padded = try floatMask.min().item() < 1
        let additive = padded ? try ((floatMask - 1) * 1e9).reshape([ids.shape[0], 1, 1, ids.shape[1]]) : nil
        var embedded = try embeddings(ids)
        if let embeddingsProject { embedded = try embeddingsProject(embedded) }
        return try encoder(embedded, additiveMask: additive)
    }

    /// The sentence vector `[batch, hidden]` before dropout and head (the first token's vector
    /// before `pre_classifier`).
    public func pooled(ids: Tensor, mask: Tensor) throws -> Tensor {
        let hidden = try hiddenStates(ids: ids, mask: mask)
        switch pooling {
        case .mean:
            return try Self.meanPool(hidden, mask: mask)
        case .cls:
            let first = try hidden.narrow(dim: 1, start: 0, length: 1).squeeze(1)
            return try pooler.map { try $0(first) } ?? first
        }
    }

    /// Mean of `hidden` over the positions where `mask` is 1 (sentence-transformers' formula:
    /// sum of masked vectors over the token count clamped at 1e-9).
    public static func meanPool(_ hidden: Tensor, mask: Tensor) throws -> Tensor {
        let weights = try mask.toType(.float32).unsqueeze(-1)
        let sum = try (hidden * weights).sum(dim: 1)
        return try sum / weights.sum(dim: 1).clamp(min: 1e-9)
    }

    /// Unit-length sentence embeddings: mean pooling, then L2 normalisation, as the
    /// sentence-transformers model all-MiniLM-L6-v2 computes them. Runs without gradients;
    /// put the model in evaluation mode first for deterministic vectors.
    public func sentenceEmbeddings(ids: Tensor, mask: Tensor) throws -> Tensor {
        try Torch.withNoGrad {
            let mean = try Self.meanPool(hiddenStates(ids: ids, mask: mask), mask: mask)
            let norm = try mean.square().sum(dim: -1, keepDim: true).sqrt().clamp(min: 1e-12)
            return try mean / norm
        }
    }

    // MARK: - Initialisation

    private func initializeWeights(under path: String) throws {
        try Torch.withNoGrad {
            let norms = Set(namedModules().filter { $0.module is LayerNorm }.map { $0.name.isEmpty ? "weight" : $0.name + ".weight" })
            for (name, tensor) in namedParameters() where path.isEmpty || Module.parameterName(name, isUnder: path) {
                if norms.contains(name) {
                    try tensor.fill(1)
                } else if name.hasSuffix(".bias") {
                    try tensor.zero()
                } else {
                    try tensor.copy(from: Tensor.normal(tensor.shape, mean: 0, std: config.initializerRange))
                }
            }
        }
    }
}
