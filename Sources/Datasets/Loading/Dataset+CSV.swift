extension Dataset {
    /// A table from a CSV file with a header row: numeric feature columns and one label column.
    ///
    /// For classification the label may be text or numbers; class names are the distinct
    /// labels, in numeric order when all are numbers and string order otherwise. For
    /// regression the label must be a number. Examples have shape [number of features].
    /// - Parameters:
    ///   - label: the target column's header name.
    ///   - features: the input columns, in order; nil means every column except the label.
    /// - Throws: `DatasetError` with file and line for a ragged row or a non-numeric cell,
    ///   and a list of columns (plus the closest name) for an unknown column.
    public static func csv(path: String, label: String, features: [String]? = nil,
                           task: LearningTask) throws(DatasetError) -> Dataset {
        let table = try CSVTable(path: path)
        let header = table.header, columns = table.columns
        var seen = Set<String>()
        for column in columns where !seen.insert(column).inserted {
            throw DatasetError(.malformed, path: path, line: header.line, "column '\(column)' appears more than once in the header")
        }

        func columnIndex(_ name: String, role: String) throws(DatasetError) -> Int { try table.column(name, role: role) }
        let labelIndex = try columnIndex(label, role: "label")
        var featureIndices: [Int] = []
        if let features {
            for name in features {
                let index = try columnIndex(name, role: "feature")
                guard index != labelIndex else {
                    throw DatasetError(.invalidArgument, path: path, "column '\(name)' cannot be both the label and a feature")
                }
                featureIndices.append(index)
            }
        } else {
            featureIndices = columns.indices.filter { $0 != labelIndex }
        }
        guard !featureIndices.isEmpty else {
            throw DatasetError(.invalidArgument, path: path, "no feature columns: the file has only the label column '\(label)'")
        }

        var values: [Float] = []
        var rawLabels: [String] = []
        var numericLabels: [Double] = []
        for record in table.rows {
            guard record.fields.count == columns.count else {
                throw DatasetError(.raggedRow, path: path, line: record.line,
                                   "row has \(record.fields.count) cells but the header has \(columns.count) columns")
            }
            for index in featureIndices {
                let cell = record.fields[index].trimmingWhitespace()
                guard let number = Float(cell), number.isFinite else {
                    throw DatasetError(.notNumeric, path: path, line: record.line,
                                       "column '\(columns[index])': \(describe(cell)) is not a finite number")
                }
                values.append(number)
            }
            let cell = record.fields[labelIndex].trimmingWhitespace()
            switch task {
            case .classification:
                guard !cell.isEmpty else {
                    throw DatasetError(.malformed, path: path, line: record.line, "label column '\(label)' is empty")
                }
                rawLabels.append(cell)
            case .regression:
                guard let number = Double(cell), number.isFinite else {
                    throw DatasetError(.notNumeric, path: path, line: record.line,
                                       "label column '\(label)': \(describe(cell)) is not a finite number (regression needs numeric targets)")
                }
                numericLabels.append(number)
            }
        }
        guard !table.rows.isEmpty else {
            throw DatasetError(.empty, path: path, "CSV file has a header but no rows")
        }
        let targets: Targets
        switch task {
        case .classification:
            let (indices, names) = ClassNaming.encode(rawLabels)
            targets = .classes(indices, names: names)
        case .regression:
            targets = .values(numericLabels)
        }
        return Dataset(name: baseName(of: path), features: .dense(values, shape: [featureIndices.count]), targets: targets)
    }
}

/// A cell quoted for a message, with empty cells called out.
func describe(_ cell: String) -> String {
    cell.isEmpty ? "an empty cell" : "'\(cell)'"
}

/// The file name without folders or extension, used as a dataset's name.
func baseName(of path: String) -> String {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    guard let dot = file.lastIndex(of: "."), dot != file.startIndex else { return file }
    return String(file[..<dot])
}
