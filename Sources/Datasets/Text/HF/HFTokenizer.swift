/// A tokenizer read from a Hugging Face `tokenizer.json` (or the older `vocab.json` +
/// `merges.txt`), producing the ids the `tokenizers` library produces for the same file.
///
/// The pipeline is the library's: added tokens are cut out of the raw text, each stretch
/// between them is normalized and pre-tokenized into words, the model (WordPiece, BPE or
/// Unigram) turns each word into ids, truncation keeps the head, and the post-processor's
/// template adds the special tokens.
///
/// A value type with no mutable state: share one instance across threads.
public struct HFTokenizer: Sendable {
    let addedTokens: AddedTokens
    let normalizer: TextNormalizer?
    let preTokenizer: PreTokenizer?
    let model: SubwordModel
    let template: SpecialTokenTemplate
    /// The id rows are padded with.
    public let padID: Int
    /// Number of ids: the model's vocabulary plus added tokens beyond it.
    public let vocabularySize: Int

    init(addedTokens: AddedTokens, normalizer: TextNormalizer?, preTokenizer: PreTokenizer?,
         model: SubwordModel, template: SpecialTokenTemplate, padID: Int) {
        self.addedTokens = addedTokens
        self.normalizer = normalizer
        self.preTokenizer = preTokenizer
        self.model = model
        self.template = template
        self.padID = padID
        vocabularySize = max(model.vocabularySize, (addedTokens.tokens.map(\.id).max() ?? -1) + 1)
    }

    /// The ids of `text` before truncation and special tokens.
    public func pieceIDs(_ text: String) -> [Int] {
        var ids: [Int] = []
        for segment in addedTokens.split(Array(text.unicodeScalars)) {
            switch segment {
            case .token(let id):
                ids.append(id)
            case .text(let scalars, let isFirst):
                // Empty text has no words (Metaspace would otherwise give it a lone "▁").
                guard !scalars.isEmpty else { continue }
                var normalized = scalars
                if let normalizer, !(normalizer.leavesASCII && scalars.allSatisfy(\.isASCII)) {
                    normalized = Array(normalizer.apply(String(String.UnicodeScalarView(scalars))).unicodeScalars)
                }
                let words = preTokenizer?.split([normalized], isFirst: isFirst) ?? [normalized]
                for word in words where !word.isEmpty { model.appendIDs(of: word, to: &ids) }
            }
        }
        return ids
    }

    /// One model input: the pieces of `text` cut so that, with the template's special
    /// tokens, at most `maxLength` ids remain (`truncation=True, max_length=...`).
    public func encode(_ text: String, maxLength: Int) -> (ids: [Int], attentionMask: [Int]) {
        let added = template.addedCount(pair: false)
        precondition(maxLength >= added, "maxLength must leave room for the special tokens")
        let ids = template.apply(Array(pieceIDs(text).prefix(maxLength - added)), nil).ids
        return (ids, Array(repeating: 1, count: ids.count))
    }

    /// A pair input (`tokenizer(a, b, truncation=True, max_length=...)`): the longer of the
    /// two is cut first; when both must be cut, each keeps about half of the room.
    public func encode(_ first: String, pair second: String, maxLength: Int) -> (ids: [Int], typeIDs: [Int]) {
        let room = maxLength - template.addedCount(pair: true)
        precondition(room >= 0, "maxLength must leave room for the special tokens")
        var a = pieceIDs(first), b = pieceIDs(second)
        if a.count + b.count > room {
            let short = min(a.count, b.count)
            var keepShort = short, keepLong = short > room ? short : max(short, room - short)
            if keepShort + keepLong > room {
                keepShort = room / 2
                keepLong = keepShort + room % 2
            }
            let firstIsLong = a.count > b.count
            a = Array(a.prefix(firstIsLong ? keepLong : keepShort))
            b = Array(b.prefix(firstIsLong ? keepShort : keepLong))
        }
        return template.apply(a, b)
    }

    /// A padded batch: each text encoded as by `encode(_:maxLength:)`, rows padded with
    /// `padID` (mask 0) to the longest row of this batch.
    public func encodeBatch(_ texts: [String], maxLength: Int) -> EncodedBatch {
        let rows = texts.map { encode($0, maxLength: maxLength).ids }
        let length = rows.map(\.count).max() ?? 0
        var ids = [Int32](repeating: Int32(padID), count: texts.count * length)
        var mask = [Int32](repeating: 0, count: texts.count * length)
        for (row, rowIDs) in rows.enumerated() {
            for (column, id) in rowIDs.enumerated() {
                ids[row * length + column] = Int32(id)
                mask[row * length + column] = 1
            }
        }
        return EncodedBatch(ids: ids, attentionMask: mask, batchSize: texts.count, sequenceLength: length)
    }
}
