import TextSupport
import Foundation

/// Examples to predict, read from a file in the format the model was trained on: JSON Lines
/// objects or CSV rows, with the training data's text field or feature columns. A label
/// field, when present, is ignored. Every problem names the file and line.
public enum PredictionInput {
    /// What each example holds.
    public enum Fields: Sendable, Equatable {
        /// A text model: the field (JSONL) or column (CSV) holding the text.
        case text(String)
        /// A numeric model: the feature columns in training order (nil: every column but `label`),
        /// and the label column to leave out.
        case features([String]?, label: String, count: Int)
    }

    public enum Rows: Sendable, Equatable {
        case texts([String])
        case features([[Float]])
    }

    /// The photos to predict: every JPEG and PNG below a folder, in sorted order, or the
    /// `column` of a CSV file (paths relative to it).
    public static func photoFiles(_ path: String, column: String) throws(DatasetError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DatasetError(.unreadable, path: path, "not found")
        }
        if isDirectory.boolValue {
            let files = try PhotoFolder.imageFiles(in: path)
            guard !files.isEmpty else { throw DatasetError(.empty, path: path, "the folder holds no JPEG or PNG photos") }
            return files
        }
        return try Dataset.photoColumn(CSVTable(path: path), column: column)
    }

    /// Reads `path` as JSON Lines (`.jsonl`, `.json`, `.ndjson`) or CSV (anything else).
    public static func read(_ path: String, fields: Fields) throws(DatasetError) -> Rows {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
            return try jsonl(path, fields: fields)
        }
        return try csv(path, fields: fields)
    }

    static func jsonl(_ path: String, fields: Fields) throws(DatasetError) -> Rows {
        guard case .text(let textField) = fields else {
            throw DatasetError(.invalidArgument, path: path, "this model reads numeric features; give them as CSV with the training data's columns")
        }
        var texts: [String] = []
        let decoder = JSONDecoder()
        for (number, line) in try TextFile.lines(at: path, what: "JSON Lines file") where !line.allSatisfy(\.isWhitespace) {
            let parsed: JSONLine
            do {
                parsed = try decoder.decode(JSONLine.self, from: Data(line.utf8))
            } catch {
                throw DatasetError(.malformed, path: path, line: number, "line is not valid JSON")
            }
            guard case .object(let object) = parsed else {
                throw DatasetError(.malformed, path: path, line: number, "line is \(parsed.kindDescription), expected a JSON object")
            }
            guard let value = object[textField] else {
                let names = object.keys.sorted()
                throw DatasetError(.unknownName, path: path, line: number, "no text field '\(textField)' (fields: \(names.joined(separator: ", ")))",
                                   suggestion: Suggestion.closest(to: textField, in: names))
            }
            guard case .string(let text) = value else {
                throw DatasetError(.wrongType, path: path, line: number, "text field '\(textField)' is \(value.kindDescription), expected a string")
            }
            texts.append(text)
        }
        guard !texts.isEmpty else { throw DatasetError(.empty, path: path, "JSON Lines file has no records") }
        return .texts(texts)
    }

    static func csv(_ path: String, fields: Fields) throws(DatasetError) -> Rows {
        let table = try CSVTable(path: path)
        let header = table.header, columns = table.columns
        func index(_ name: String, role: String) throws(DatasetError) -> Int { try table.column(name, role: role) }
        let body = table.rows
        guard !body.isEmpty else { throw DatasetError(.empty, path: path, "CSV file has a header but no rows") }
        switch fields {
        case .text(let field):
            let i = try index(field, role: "text")
            var texts: [String] = []
            for record in body {
                guard record.fields.count == columns.count else {
                    throw DatasetError(.raggedRow, path: path, line: record.line, "row has \(record.fields.count) fields, the header \(columns.count)")
                }
                texts.append(record.fields[i])
            }
            return .texts(texts)
        case .features(let names, let label, let count):
            var indices: [Int] = []
            if let names {
                for name in names { indices.append(try index(name, role: "feature")) }
            } else {
                indices = columns.indices.filter { columns[$0] != label }
            }
            guard indices.count == count else {
                throw DatasetError(.invalidArgument, path: path, line: header.line,
                                   "the model reads \(count) features, but this header gives \(indices.count) (columns: \(columns.joined(separator: ", ")))")
            }
            var rows: [[Float]] = []
            for record in body {
                guard record.fields.count == columns.count else {
                    throw DatasetError(.raggedRow, path: path, line: record.line, "row has \(record.fields.count) fields, the header \(columns.count)")
                }
                var row: [Float] = []
                for i in indices {
                    let text = record.fields[i].trimmingWhitespace()
                    guard let value = Float(text), value.isFinite else {
                        throw DatasetError(.notNumeric, path: path, line: record.line, "column '\(columns[i])' is '\(text)', expected a finite number")
                    }
                    row.append(value)
                }
                rows.append(row)
            }
            return .features(rows)
        }
    }
}
