/// The `post_processor` of a `tokenizer.json` as one template: where the special tokens go
/// around a single sequence and around a pair, and the token type of each part.
///
/// `BertProcessing` is `[CLS] A [SEP]` / `[CLS] A [SEP] B:1 [SEP]:1`; `RobertaProcessing`
/// is `<s> A </s>` / `<s> A </s> </s> B </s>` (all type 0); `TemplateProcessing` says it.
struct SpecialTokenTemplate: Sendable, Equatable {
    enum Piece: Sendable, Equatable {
        case special(ids: [Int], typeID: Int)
        /// The first (`A`) or second (`B`) sequence.
        case sequence(first: Bool, typeID: Int)
    }

    var single: [Piece]
    var pair: [Piece]

    /// No special tokens: A, and A then B as type 1.
    static let none = SpecialTokenTemplate(single: [.sequence(first: true, typeID: 0)],
                                           pair: [.sequence(first: true, typeID: 0), .sequence(first: false, typeID: 1)])

    static func bert(cls: Int, sep: Int) -> SpecialTokenTemplate {
        SpecialTokenTemplate(
            single: [.special(ids: [cls], typeID: 0), .sequence(first: true, typeID: 0), .special(ids: [sep], typeID: 0)],
            pair: [.special(ids: [cls], typeID: 0), .sequence(first: true, typeID: 0), .special(ids: [sep], typeID: 0),
                   .sequence(first: false, typeID: 1), .special(ids: [sep], typeID: 1)])
    }

    static func roberta(cls: Int, sep: Int) -> SpecialTokenTemplate {
        SpecialTokenTemplate(
            single: [.special(ids: [cls], typeID: 0), .sequence(first: true, typeID: 0), .special(ids: [sep], typeID: 0)],
            pair: [.special(ids: [cls], typeID: 0), .sequence(first: true, typeID: 0), .special(ids: [sep], typeID: 0),
                   .special(ids: [sep], typeID: 0), .sequence(first: false, typeID: 0), .special(ids: [sep], typeID: 0)])
    }

    /// How many special ids the template adds, which truncation leaves room for.
    func addedCount(pair isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) {
            if case .special(let ids, _) = $1 { return $0 + ids.count }
            return $0
        }
    }

    /// The final ids and token types of `first` (and `second`).
    func apply(_ first: [Int], _ second: [Int]?) -> (ids: [Int], typeIDs: [Int]) {
        var ids: [Int] = [], types: [Int] = []
        for piece in second == nil ? single : pair {
            switch piece {
            case .special(let special, let type):
                ids += special
                types += Array(repeating: type, count: special.count)
            case .sequence(let isFirst, let type):
                let part = isFirst ? first : (second ?? [])
                ids += part
                types += Array(repeating: type, count: part.count)
            }
        }
        return (ids, types)
    }
}
