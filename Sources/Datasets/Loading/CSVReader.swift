import TextSupport
/// One CSV row and the 1-based line it starts on.
struct CSVRecord {
    let line: Int
    let fields: [String]
}

/// RFC 4180 CSV splitting over bytes: commas separate fields, double quotes may wrap a
/// field (with "" for a literal quote and newlines allowed inside), LF or CRLF end rows.
/// Blank lines are skipped. Every record remembers the line it started on for messages.
enum CSVReader {
    static func records(_ bytes: [UInt8], path: String) throws(DatasetError) -> [CSVRecord] {
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var afterQuote = false  // just closed a quoted field: only a separator may follow
        var fieldWasQuoted = false
        var fieldWasQuotedInRecord = false
        var line = 1
        var recordLine = 1
        var index = TextFile.hasByteOrderMark(bytes) ? 3 : 0

        func finishField() throws(DatasetError) {
            if !fieldWasQuoted, field.last == cr { field.removeLast() }
            guard let text = String(validating: field, as: UTF8.self) else {
                throw DatasetError(.encoding, path: path, line: line, "cell is not valid UTF-8")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            afterQuote = false
            fieldWasQuoted = false
        }
        func finishRecord() {
            let blank = fields.count == 1 && fields[0].allSatisfy(\.isWhitespace) && !fieldWasQuotedInRecord
            if !blank { records.append(CSVRecord(line: recordLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
            fieldWasQuotedInRecord = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inQuotes {
                if byte == quote {
                    if index < bytes.count && bytes[index] == quote {
                        field.append(quote)
                        index += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if byte == lf { line += 1 }
                    field.append(byte)
                }
                continue
            }
            switch byte {
            case comma:
                try finishField()
            case lf:
                try finishField()
                finishRecord()
                line += 1
                recordLine = line
            case quote where field.isEmpty && !afterQuote && !fieldWasQuoted:
                inQuotes = true
                fieldWasQuoted = true
                fieldWasQuotedInRecord = true
            case cr where afterQuote:
                continue
            default:
                if afterQuote {
                    throw DatasetError(.malformed, path: path, line: line,
                                       "unexpected character after a closing quote (a quote inside a quoted cell is written \"\")")
                }
                field.append(byte)
            }
        }
        if inQuotes {
            throw DatasetError(.malformed, path: path, line: recordLine, "quoted cell is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            try finishField()
            finishRecord()
        }
        return records
    }
}

/// A CSV file with its header row: the column names and the rows below, read once, so every
/// CSV source looks its columns up the same way.
struct CSVTable {
    let path: String
    let header: CSVRecord
    /// The header's names, trimmed.
    let columns: [String]
    let rows: ArraySlice<CSVRecord>

    init(path: String) throws(DatasetError) {
        let records = try CSVReader.records(TextFile.bytes(at: path, what: "CSV file"), path: path)
        guard let header = records.first else {
            throw DatasetError(.empty, path: path, "CSV file is empty; a header row naming the columns is required")
        }
        self.path = path
        self.header = header
        columns = header.fields.map { $0.trimmingWhitespace() }
        rows = records.dropFirst()
    }

    /// The index of the column named `name`; an unknown name lists the columns and the closest.
    func column(_ name: String, role: String) throws(DatasetError) -> Int {
        guard let index = columns.firstIndex(of: name) else {
            throw DatasetError(.unknownName, path: path, line: header.line, "no \(role) column '\(name)' (columns: \(columns.joined(separator: ", ")))",
                               suggestion: Suggestion.closest(to: name, in: columns))
        }
        return index
    }
}
