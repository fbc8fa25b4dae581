import TextSupport
import Foundation

extension Dataset {
    /// A text dataset from JSON Lines: one object per line with a text field and a label.
    ///
    /// For classification the label may be a string or a number (whole numbers are named
    /// without a decimal point, e.g. 1 → "1"); class names are ordered as in `csv`.
    /// For regression the label must be a number. Blank lines are skipped.
    /// - Throws: `DatasetError` with file and line for invalid JSON, a missing field
    ///   (listing that line's fields and the closest name) or a field of the wrong type.
    public static func jsonl(path: String, text textField: String, label labelField: String,
                             task: LearningTask) throws(DatasetError) -> Dataset {
        let lines = try TextFile.lines(at: path, what: "JSON Lines file")
        let decoder = JSONDecoder()
        var texts: [String] = []
        var rawLabels: [String] = []
        var values: [Double] = []
        for (number, line) in lines where !line.allSatisfy(\.isWhitespace) {
            let parsed: JSONLine
            do {
                parsed = try decoder.decode(JSONLine.self, from: Data(line.utf8))
            } catch {
                throw DatasetError(.malformed, path: path, line: number, "line is not valid JSON")
            }
            guard case .object(let fields) = parsed else {
                throw DatasetError(.malformed, path: path, line: number, "line is \(parsed.kindDescription), expected a JSON object")
            }
            func field(_ name: String, role: String) throws(DatasetError) -> JSONLine {
                guard let value = fields[name] else {
                    let names = fields.keys.sorted()
                    throw DatasetError(.unknownName, path: path, line: number,
                                       "no \(role) field '\(name)' (fields: \(names.joined(separator: ", ")))",
                                       suggestion: Suggestion.closest(to: name, in: names))
                }
                return value
            }
            guard case .string(let text) = try field(textField, role: "text") else {
                throw DatasetError(.wrongType, path: path, line: number,
                                   "text field '\(textField)' is \(fields[textField]!.kindDescription), expected a string")
            }
            texts.append(text)
            let label = try field(labelField, role: "label")
            switch (task, label) {
            case (.classification, .string(let name)):
                rawLabels.append(name)
            case (.classification, .number(let value)):
                rawLabels.append(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value))
            case (.regression, .number(let value)):
                values.append(value)
            default:
                let expected = task == .classification ? "a string or a number" : "a number (regression needs numeric targets)"
                throw DatasetError(.wrongType, path: path, line: number,
                                   "label field '\(labelField)' is \(label.kindDescription), expected \(expected)")
            }
        }
        guard !texts.isEmpty else { throw DatasetError(.empty, path: path, "JSON Lines file has no records") }
        let targets: Targets
        switch task {
        case .classification:
            let (indices, names) = ClassNaming.encode(rawLabels)
            targets = .classes(indices, names: names)
        case .regression:
            targets = .values(values)
        }
        return Dataset(name: baseName(of: path), features: .text(texts), targets: targets)
    }
}
