extension Dataset {
    /// Where `digits(assetsRoot:)` looks, relative to the assets root.
    public static let digitsRelativePath = "digits/digits.csv"

    /// The UCI optical digits (1,797 8×8 images, scikit-learn's copy): a real image task
    /// small enough to train in seconds.
    ///
    /// Each row is 64 pixel counts 0...16 then the label 0...9. Pixels are scaled by 1/16
    /// to 0...1; examples have shape [1, 8, 8] (channel, height, width); classes "0"…"9".
    /// - Parameter assetsRoot: the asset cache folder (`$FINETUNE_ASSETS` or `.cache/assets`).
    /// - Throws: `DatasetError` naming the file, and the line for a malformed row.
    public static func digits(assetsRoot: String) throws(DatasetError) -> Dataset {
        let path = assetsRoot.hasSuffix("/") ? assetsRoot + digitsRelativePath : assetsRoot + "/" + digitsRelativePath
        let records = try CSVReader.records(TextFile.bytes(at: path, what: "digits data"), path: path)
        let pixels = 64
        var values: [Float] = []
        values.reserveCapacity(records.count * pixels)
        var labels: [Int] = []
        labels.reserveCapacity(records.count)
        for record in records {
            guard record.fields.count == pixels + 1 else {
                throw DatasetError(.raggedRow, path: path, line: record.line,
                                   "expected \(pixels + 1) comma-separated values (64 pixels, then the label), found \(record.fields.count)")
            }
            for (column, cell) in record.fields.enumerated() {
                let trimmed = cell.trimmingWhitespace()
                guard let number = Int(trimmed) else {
                    throw DatasetError(.notNumeric, path: path, line: record.line,
                                       "column \(column + 1): '\(trimmed)' is not a whole number")
                }
                if column < pixels {
                    guard (0...16).contains(number) else {
                        throw DatasetError(.outOfRange, path: path, line: record.line,
                                           "column \(column + 1): pixel value \(number) is outside 0...16")
                    }
                    values.append(Float(number) / 16)
                } else {
                    guard (0...9).contains(number) else {
                        throw DatasetError(.outOfRange, path: path, line: record.line,
                                           "column \(column + 1): label \(number) is outside 0...9")
                    }
                    labels.append(number)
                }
            }
        }
        guard !labels.isEmpty else { throw DatasetError(.empty, path: path, "digits data has no rows") }
        return Dataset(name: "digits", features: .dense(values, shape: [1, 8, 8]),
                       targets: .classes(labels, names: (0...9).map(String.init)))
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks.
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
