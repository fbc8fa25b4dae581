import Torch

/// A BERT encoder with a task head, parameter for parameter Hugging Face's `BertModel`, so
/// a pre-trained checkpoint loads by name: `embeddings.*`, `encoder.layer.N.*`, `pooler.*`
/// (cls pooling only), and `head.*` for the task.
///
/// The sentence vector is the mean of the token vectors over the attention mask
/// (sentence-transformers' pooling, which all-MiniLM-L6-v2 was trained with) or the pooled
/// `[CLS]` vector. The head is a Linear on that vector after dropout: one output per class,
/// or one for regression.
///
/// Body blocks, bottom up: `embeddings`, `encoder.layer.0` … `encoder.layer.N-1`, then
/// `pooler` when cls pooling uses it; so every freeze strategy and layer decay applies as is.
public final class BERT: Module, BodyOutputNetwork {
    /// How token vectors become one sentence vector.
    public enum Pooling: String, Sendable, CaseIterable {
        /// Mean over real tokens (mask 1); the pooler weights are not used.
        case mean
        /// `tanh(pooler.dense(h[CLS]))`, as `BertForSequenceClassification`.
        case cls
    }

    public let config: BERTConfig
    public let pooling: Pooling
    let embeddings: BERTEmbeddings
    let encoder: BERTEncoder
    let pooler: BERTPooler?
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
        encoder = try BERTEncoder(config, dropout: p)
        pooler = pooling == .cls ? try BERTPooler(config) : nil
        dropout = try Dropout(p)
        head = try Linear(config.hiddenSize, outputs)
        super.init()
        try registerModule("embeddings", embeddings)
        try registerModule("encoder", encoder)
        if let pooler { try registerModule("pooler", pooler) }
        try registerModule("dropout", dropout)
        try registerModule(headName, head)
        try initializeWeights(under: "")
    }

    public var blockNames: [String] {
        ["embeddings"] + (0..<config.numHiddenLayers).map { "encoder.layer.\($0)" } + (pooler == nil ? [] : ["pooler"])
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

    /// Dropout before the head.
    public func features(fromBodyOutput body: Tensor) throws -> Tensor {
        try dropout(body)
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
        return try encoder(embeddings(ids), additiveMask: additive)
    }

    /// The sentence vector `[batch, hidden]` before dropout and head.
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
            for (name, tensor) in namedParameters() where path.isEmpty || Module.parameterName(name, isUnder: path) {
                if name.hasSuffix("LayerNorm.weight") {
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
