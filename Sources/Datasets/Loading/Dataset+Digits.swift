extension Dataset {
    /// Where `digits(assetsRoot:)` looks, relative to the assets root.
    public static let digitsRelativePath = Asset.digits.files[0]

    /// The UCI optical digits (1,797 8×8 images, scikit-learn's copy): a real image task
    /// small enough to train in seconds.
    ///
    /// Each row is 64 pixel counts 0...16 then the label 0...9. Pixels are scaled by 1/16
    /// to 0...1; examples have shape [1, 8, 8] (channel, height, width); classes "0"…"9".
    /// - Parameter assetsRoot: the asset cache folder (`AssetsRoot.resolve`: the machine-wide cache).
    /// - Throws: `DatasetError` naming the file, and the line for a malformed row.
    public static func digits(assetsRoot: String) throws(DatasetError) -> Dataset {
        let path = assetsRoot.hasSuffix("/") ? assetsRoot + digitsRelativePath : assetsRoot + "/" + digitsRelativePath
        let bytes = try TextFile.bytes(at: path, what: "digits data")
        let pixels = 64
        if let (values, labels) = wellFormedDigitRows(bytes, pixels: pixels) {
            return Dataset(name: "digits", features: .dense(values, shape: [1, 8, 8]),
                           targets: .classes(labels, names: (0...9).map(String.init)))
        }
        let records = try CSVReader.records(bytes, path: path)
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

extension Dataset {
    /// The fast path of ``digits(assetsRoot:)``: rows of exactly `pixels` + 1 comma-separated
    /// ASCII whole numbers in range, read straight from the bytes (a run loads the file every
    /// time, and the general CSV reader takes a few hundred milliseconds on it). Nil when the
    /// file holds anything else; the general path then names the line at fault.
    static func wellFormedDigitRows(_ bytes: [UInt8], pixels: Int) -> ([Float], [Int])? {
        var values: [Float] = [], labels: [Int] = []
        values.reserveCapacity(bytes.count / 3)
        var field = 0, number = 0, digits = 0
        let comma = UInt8(ascii: ","), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D, zero = UInt8(ascii: "0")
        func endField() -> Bool {
            guard digits > 0 else { return false }
            if field < pixels {
                guard number <= 16 else { return false }
                values.append(Float(number) / 16)
            } else {
                guard field == pixels, number <= 9 else { return false }
                labels.append(number)
            }
            field += 1
            number = 0
            digits = 0
            return true
        }
        var afterCR = false
        for byte in bytes {
            if afterCR && byte != lf { return nil }  // CR only as part of a CRLF line end
            afterCR = false
            switch byte {
            case zero...(zero + 9):
                number = number * 10 + Int(byte - zero)
                digits += 1
                if digits > 3 { return nil }
            case comma:
                if !endField() { return nil }
            case lf:
                if field == 0 && digits == 0 { continue }  // blank line
                if !endField() || field != pixels + 1 { return nil }
                field = 0
            case cr:
                afterCR = true
            default:
                return nil
            }
        }
        if field > 0 || digits > 0 {
            if !endField() || field != pixels + 1 { return nil }
        }
        return labels.isEmpty ? nil : (values, labels)
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
