import Torch

/// Token, position and segment embeddings summed, then layer norm and dropout
/// (Hugging Face's `BertEmbeddings`; every input is segment 0). DistilBERT's have no segment
/// table; ELECTRA's are `embedding_size` wide.
public final class BERTEmbeddings: Module {
    let wordEmbeddings: Embedding
    let positionEmbeddings: Embedding
    let tokenTypeEmbeddings: Embedding?
    let layerNorm: LayerNorm
    let dropout: Dropout
    /// Where positions start: 0 for BERT, `pad_token_id + 1` for RoBERTa and XLM-R.
    let positionOffset: Int

    init(_ config: BERTConfig, dropout p: Double) throws {
        let width = config.embeddingWidth
        wordEmbeddings = try Embedding(config.vocabSize, width)
        positionEmbeddings = try Embedding(config.maxPositionEmbeddings, width)
        tokenTypeEmbeddings = config.isDistilBERT ? nil : try Embedding(config.typeVocabSize, width)
        layerNorm = try LayerNorm(width, eps: config.layerNormEps)
        dropout = try Dropout(p)
        positionOffset = config.positionOffset
        super.init()
        try registerModule("word_embeddings", wordEmbeddings)
        try registerModule("position_embeddings", positionEmbeddings)
        if let tokenTypeEmbeddings { try registerModule("token_type_embeddings", tokenTypeEmbeddings) }
        try registerModule("LayerNorm", layerNorm)
        try registerModule("dropout", dropout)
    }

    /// `[batch, length]` int64 ids → `[batch, length, hidden]`.
    func callAsFunction(_ ids: Tensor) throws -> Tensor {
        let length = ids.shape.last ?? 0
        let limit = positionEmbeddings.weight.shape[0]
        guard positionOffset + length <= limit else {
            throw ModelError("a sequence of \(length) tokens is longer than the \(limit - positionOffset) positions this BERT has (max_position_embeddings)")
        }
        // Positions 0..<length and segment 0 are the same for every row: add them as
        // broadcast rows instead of looking up `[batch, length]` index tensors.
        let positions = try positionEmbeddings.weight.narrow(dim: 0, start: positionOffset, length: length)
        var summed = try wordEmbeddings(ids) + positions
        if let tokenTypeEmbeddings { summed = try summed + tokenTypeEmbeddings.weight.narrow(dim: 0, start: 0, length: 1) }
        return try dropout(layerNorm(summed))
    }
}
