import Foundation

extension HFTokenizer {
    /// Reads a Hugging Face `tokenizer.json`.
    ///
    /// - Throws: `TokenizerError` naming the file and the JSON path: `malformed` for bad
    ///   JSON, missing keys or wrong types; `unsupported` for a component finetune does not
    ///   implement (e.g. a `ByteLevel` normalizer, or a regex Swift's engine cannot read).
    public init(file: String) throws(TokenizerError) {
        let root = try JSONCursor(data: try Self.read(file), file: file)
        let model = try Self.model(try root.required("model"))
        var added: [AddedTokens.Token] = []
        for entry in try root.optional("added_tokens")?.array() ?? [] {
            added.append(AddedTokens.Token(
                content: Array(try entry.required("content").string().unicodeScalars),
                id: try entry.required("id").tokenID(),
                leftStrip: try entry.bool("lstrip", default: false),
                rightStrip: try entry.bool("rstrip", default: false)))
        }
        let addedIDs = Dictionary(added.map { (String(String.UnicodeScalarView($0.content)), $0.id) },
                                  uniquingKeysWith: { first, _ in first })
        func id(of token: String) -> Int? { addedIDs[token] ?? model.id(of: token) }
        let template = try Self.template(try root.optional("post_processor"), id: id)
        var padID = try root.optional("padding")?.optional("pad_id")?.tokenID()
        if padID == nil { padID = ["<pad>", "[PAD]", "<PAD>"].lazy.compactMap(id).first }
        self.init(addedTokens: AddedTokens(added),
                  normalizer: try root.optional("normalizer").map(Self.normalizer),
                  preTokenizer: try root.optional("pre_tokenizer").map(Self.preTokenizer),
                  model: model, template: template, padID: padID ?? 0)
    }

    /// Reads RoBERTa-style byte-level BPE files (`vocab.json` and `merges.txt`), as
    /// `RobertaTokenizer` does: GPT-2 pre-tokenization without a prefix space, `<s> A </s>`.
    public init(vocabularyFile: String, mergesFile: String) throws(TokenizerError) {
        let root = try JSONCursor(data: try Self.read(vocabularyFile), file: vocabularyFile)
        let vocabulary = try Self.vocabulary(root)
        guard let text = String(data: try Self.read(mergesFile), encoding: .utf8) else {
            throw TokenizerError(.encoding, path: mergesFile, "merges file is not UTF-8 text")
        }
        var merges: [(String, String, line: Int)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty || (index == 0 && line.hasPrefix("#version")) { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw TokenizerError(.malformed, path: mergesFile, "line \(index + 1): expected two tokens separated by one space, found '\(line)'")
            }
            merges.append((String(parts[0]), String(parts[1]), index + 1))
        }
        let table = try Self.mergeTable(merges.map { ($0.0, $0.1) }, vocabulary: vocabulary) { rank, message in
            TokenizerError(.malformed, path: mergesFile, "line \(merges[rank].line): \(message)")
        }
        let model = SubwordModel.bpe(BPEModel(vocabulary: vocabulary, merges: table, unknownID: vocabulary["<unk>"],
                                              fuseUnknown: false, ignoreMerges: false))
        guard let cls = vocabulary["<s>"], let sep = vocabulary["</s>"] else {
            throw TokenizerError(.missingSpecialToken, path: vocabularyFile, "RoBERTa's <s> and </s> are not in the vocabulary")
        }
        let added = ["<s>", "</s>", "<pad>", "<unk>", "<mask>"].compactMap { token in
            vocabulary[token].map { AddedTokens.Token(content: Array(token.unicodeScalars), id: $0,
                                                      leftStrip: token == "<mask>", rightStrip: false) }
        }
        self.init(addedTokens: AddedTokens(added), normalizer: nil,
                  preTokenizer: .byteLevel(addPrefixSpace: false, useRegex: true),
                  model: model, template: .roberta(cls: cls, sep: sep), padID: vocabulary["<pad>"] ?? 1)
    }

    // MARK: - Parts

    static func read(_ file: String) throws(TokenizerError) -> Data {
        guard FileManager.default.fileExists(atPath: file) else {
            throw TokenizerError(.fileNotFound, path: file, "tokenizer file not found")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw TokenizerError(.unreadable, path: file, "tokenizer file cannot be read")
        }
        return data
    }

    private static func vocabulary(_ cursor: JSONCursor) throws(TokenizerError) -> [String: Int] {
        var vocabulary: [String: Int] = [:]
        for (token, id) in try cursor.members() {
            vocabulary[token] = try id.tokenID()
        }
        guard !vocabulary.isEmpty else { throw cursor.error("the vocabulary is empty") }
        return vocabulary
    }

    private static func mergeTable(_ merges: [(String, String)], vocabulary: [String: Int],
                                   error: (Int, String) -> TokenizerError) throws(TokenizerError)
        -> [UInt64: (rank: Int32, id: Int32)] {
        var table: [UInt64: (rank: Int32, id: Int32)] = [:]
        for (rank, (left, right)) in merges.enumerated() {
            guard let leftID = vocabulary[left], let rightID = vocabulary[right],
                  let merged = vocabulary[left + right] else {
                throw error(rank, "merge '\(left) \(right)' uses a token that is not in the vocabulary")
            }
            let key = BPEModel.pairKey(leftID, rightID)
            if table[key] == nil { table[key] = (Int32(rank), Int32(merged)) }
        }
        return table
    }

    private static func model(_ cursor: JSONCursor) throws(TokenizerError) -> SubwordModel {
        let type = try cursor.required("type").string()
        switch type {
        case "WordPiece":
            let vocabulary = try vocabulary(try cursor.required("vocab"))
            let unknown = try cursor.required("unk_token")
            guard let unknownID = vocabulary[try unknown.string()] else {
                throw unknown.error("unk_token '\(try unknown.string())' is not in the vocabulary")
            }
            return .wordPiece(WordPieceModel(
                vocabulary: vocabulary, unknownID: unknownID,
                prefix: try cursor.optional("continuing_subword_prefix")?.string() ?? "##",
                maximumCharacters: try cursor.optional("max_input_chars_per_word")?.int() ?? 100))
        case "BPE":
            let vocabulary = try vocabulary(try cursor.required("vocab"))
            for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
                if let value = try cursor.optional(key), !(try value.string()).isEmpty {
                    throw value.unsupported("BPE with a \(key) is not supported (only byte-level BPE)")
                }
            }
            if let dropout = try cursor.optional("dropout"), try dropout.double() > 0 {
                throw dropout.unsupported("BPE dropout is for training only; set it to null")
            }
            if let fallback = try cursor.optional("byte_fallback"), try fallback.bool() {
                throw fallback.unsupported("BPE byte_fallback is not supported")
            }
            let mergesCursor = try cursor.required("merges")
            let entries = try mergesCursor.array()
            var merges: [(String, String)] = []
            merges.reserveCapacity(entries.count)
            for entry in entries {
                if let line = entry.value as? String {
                    let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                    guard parts.count == 2 else { throw entry.error("expected \"left right\", found '\(line)'") }
                    merges.append((String(parts[0]), String(parts[1])))
                } else {
                    let pair = try entry.array()
                    guard pair.count == 2 else { throw entry.error("expected a pair of tokens, found \(pair.count) values") }
                    merges.append((try pair[0].string(), try pair[1].string()))
                }
            }
            let table = try mergeTable(merges, vocabulary: vocabulary) { rank, message in entries[rank].error(message) }
            var unknownID: Int? = nil
            if let unknown = try cursor.optional("unk_token") {
                guard let id = vocabulary[try unknown.string()] else {
                    throw unknown.error("unk_token '\(try unknown.string())' is not in the vocabulary")
                }
                unknownID = id
            }
            return .bpe(BPEModel(vocabulary: vocabulary, merges: table, unknownID: unknownID,
                                 fuseUnknown: try cursor.bool("fuse_unk", default: false),
                                 ignoreMerges: try cursor.bool("ignore_merges", default: false)))
        case "Unigram":
            var pieces: [(token: String, score: Double)] = []
            for entry in try cursor.required("vocab").array() {
                let pair = try entry.array()
                guard pair.count == 2 else { throw entry.error("expected [token, score], found \(pair.count) values") }
                pieces.append((try pair[0].string(), try pair[1].double()))
            }
            guard !pieces.isEmpty else { throw cursor.error("the Unigram vocabulary is empty") }
            if let fallback = try cursor.optional("byte_fallback"), try fallback.bool() {
                throw fallback.unsupported("Unigram byte_fallback is not supported")
            }
            guard let unknown = try cursor.optional("unk_id") else {
                throw cursor.unsupported("a Unigram model without unk_id is not supported")
            }
            let unknownID = try unknown.int()
            guard pieces.indices.contains(unknownID) else {
                throw unknown.error("unk_id \(unknownID) is outside the vocabulary (\(pieces.count) pieces)")
            }
            return .unigram(UnigramModel(pieces: pieces, unknownID: unknownID))
        default:
            throw try cursor.required("type").unsupported("model type '\(type)' is not supported (WordPiece, BPE, Unigram)")
        }
    }

    private static func normalizer(_ cursor: JSONCursor) throws(TokenizerError) -> TextNormalizer {
        let type = try cursor.required("type").string()
        switch type {
        case "BertNormalizer":
            let lowercase = try cursor.bool("lowercase", default: true)
            let stripAccents = try cursor.optional("strip_accents")?.bool() ?? lowercase
            guard try cursor.bool("clean_text", default: true), try cursor.bool("handle_chinese_chars", default: true),
                  stripAccents == lowercase else {
                throw cursor.unsupported("BertNormalizer is supported with clean_text and handle_chinese_chars on and strip_accents following lowercase")
            }
            return .bert(lowercase ? .uncased : .cased)
        case "NFC": return .nfc
        case "NFD": return .nfd
        case "NFKC": return .nfkc
        case "NFKD": return .nfkd
        case "Lowercase": return .lowercase
        case "StripAccents": return .stripAccents
        case "Precompiled":
            let charsmap = try cursor.required("precompiled_charsmap")
            guard let blob = Data(base64Encoded: try charsmap.string()) else { throw charsmap.error("expected base64 text") }
            do {
                return .precompiled(try PrecompiledCharsmap(Array(blob)))
            } catch {
                switch error {
                case .tooShort: throw charsmap.error("the charsmap is shorter than its header says")
                case .replacementsNotUTF8: throw charsmap.error("the charsmap's replacement strings are not UTF-8")
                }
            }
        case "Replace":
            return .replace(try pattern(try cursor.required("pattern")),
                            content: Array(try cursor.required("content").string().unicodeScalars))
        case "Nmt": return .nmt
        case "Strip":
            return .strip(left: try cursor.required("strip_left").bool(), right: try cursor.required("strip_right").bool())
        case "Sequence":
            var steps: [TextNormalizer] = []
            for step in try cursor.required("normalizers").array() { steps.append(try normalizer(step)) }
            return .sequence(steps)
        default:
            throw try cursor.required("type").unsupported(
                "normalizer '\(type)' is not supported (BertNormalizer, NFC, NFD, NFKC, NFKD, Lowercase, StripAccents, Precompiled, Replace, Nmt, Strip, Sequence)")
        }
    }

    private static func preTokenizer(_ cursor: JSONCursor) throws(TokenizerError) -> PreTokenizer {
        let type = try cursor.required("type").string()
        switch type {
        case "BertPreTokenizer": return .bert
        case "Whitespace": return .whitespace
        case "WhitespaceSplit": return .whitespaceSplit
        case "ByteLevel":
            return .byteLevel(addPrefixSpace: try cursor.bool("add_prefix_space", default: true),
                              useRegex: try cursor.bool("use_regex", default: true))
        case "Metaspace":
            let replacementCursor = try cursor.required("replacement")
            let replacement = try replacementCursor.string().unicodeScalars
            guard replacement.count == 1, let scalar = replacement.first else {
                throw replacementCursor.error("expected one character")
            }
            var prepend = PreTokenizer.MetaspacePrepend.always
            if let scheme = try cursor.optional("prepend_scheme") {
                guard let value = PreTokenizer.MetaspacePrepend(rawValue: try scheme.string()) else {
                    throw scheme.error("expected always, first or never, found '\(try scheme.string())'")
                }
                prepend = value
            } else if try !cursor.bool("add_prefix_space", default: true) {
                prepend = .never
            }
            return .metaspace(replacement: scalar, prepend: prepend, split: try cursor.bool("split", default: true))
        case "Split":
            return .split(try pattern(try cursor.required("pattern")), try behavior(try cursor.required("behavior")),
                          invert: try cursor.bool("invert", default: false))
        case "Punctuation":
            return .punctuation(try cursor.optional("behavior").map(behavior) ?? .isolated)
        case "Digits":
            return .digits(individual: try cursor.bool("individual_digits", default: false))
        case "Sequence":
            var steps: [PreTokenizer] = []
            for step in try cursor.required("pretokenizers").array() { steps.append(try preTokenizer(step)) }
            return .sequence(steps)
        default:
            throw try cursor.required("type").unsupported(
                "pre_tokenizer '\(type)' is not supported (BertPreTokenizer, ByteLevel, Metaspace, Whitespace, WhitespaceSplit, Split, Punctuation, Digits, Sequence)")
        }
    }

    /// A `{"String": ...}` or `{"Regex": ...}` pattern of Replace or Split.
    private static func pattern(_ cursor: JSONCursor) throws(TokenizerError) -> TextPattern {
        if let literal = try cursor.optional("String") {
            guard let pattern = TextPattern(literal: try literal.string()) else {
                throw literal.unsupported("an empty pattern is not supported")
            }
            return pattern
        }
        guard let regex = try cursor.optional("Regex") else {
            throw cursor.error("expected {\"String\": ...} or {\"Regex\": ...}")
        }
        let text = try regex.string()
        do {
            return try TextPattern(regex: text)
        } catch {
            throw regex.unsupported("regex '\(text)' is not supported: \(error)")
        }
    }

    private static func behavior(_ cursor: JSONCursor) throws(TokenizerError) -> SplitBehavior {
        let name = try cursor.string()
        guard let behavior = SplitBehavior(rawValue: name) else {
            throw cursor.error("expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous, found '\(name)'")
        }
        return behavior
    }

    private static func template(_ cursor: JSONCursor?, id: (String) -> Int?) throws(TokenizerError) -> SpecialTokenTemplate {
        guard let cursor else { return .none }
        let type = try cursor.required("type").string()
        func special(_ key: String) throws(TokenizerError) -> Int {
            let pair = try cursor.required(key).array()
            guard pair.count == 2 else { throw try cursor.required(key).error("expected [token, id]") }
            return try pair[1].tokenID()
        }
        switch type {
        case "BertProcessing": return .bert(cls: try special("cls"), sep: try special("sep"))
        case "RobertaProcessing": return .roberta(cls: try special("cls"), sep: try special("sep"))
        case "ByteLevel": return .none
        case "Sequence":
            var result = SpecialTokenTemplate.none
            for step in try cursor.required("processors").array() {
                let template = try template(step, id: id)
                if template != .none { result = template }
            }
            return result
        case "TemplateProcessing":
            var specials: [String: [Int]] = [:]
            for (name, entry) in try cursor.required("special_tokens").members() {
                var ids: [Int] = []
                for value in try entry.required("ids").array() { ids.append(try value.tokenID()) }
                specials[name] = ids
            }
            func pieces(_ key: String) throws(TokenizerError) -> [SpecialTokenTemplate.Piece] {
                var pieces: [SpecialTokenTemplate.Piece] = []
                for item in try cursor.required(key).array() {
                    if let token = try item.optional("SpecialToken") {
                        let nameCursor = try token.required("id")
                        let name = try nameCursor.string()
                        guard let ids = specials[name] ?? id(name).map({ [$0] }) else {
                            throw nameCursor.error("special token '\(name)' is not in special_tokens")
                        }
                        pieces.append(.special(ids: ids, typeID: try token.optional("type_id")?.int() ?? 0))
                    } else if let sequence = try item.optional("Sequence") {
                        let which = try sequence.required("id")
                        let name = try which.string()
                        guard name == "A" || name == "B" else { throw which.error("expected A or B, found '\(name)'") }
                        pieces.append(.sequence(first: name == "A", typeID: try sequence.optional("type_id")?.int() ?? 0))
                    } else {
                        throw item.error("expected SpecialToken or Sequence")
                    }
                }
                return pieces
            }
            return SpecialTokenTemplate(single: try pieces("single"), pair: try pieces("pair"))
        default:
            throw try cursor.required("type").unsupported(
                "post_processor '\(type)' is not supported (BertProcessing, RobertaProcessing, TemplateProcessing, ByteLevel, Sequence)")
        }
    }
}
