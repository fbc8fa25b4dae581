/// The IDX format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a type
/// byte, the number of dimensions, then each dimension as a 32-bit count) followed by the
/// values. Only unsigned bytes (type 0x08) are read, which is what both datasets hold.
struct IDXFile {
    var dimensions: [Int]
    var values: ArraySlice<UInt8>

    /// - Throws: `DatasetError` naming `path` for a wrong magic, a header cut short, or a size
    ///   that does not match the header.
    init(_ bytes: [UInt8], path: String, dimensionCount: Int) throws(DatasetError) {
        guard bytes.count >= 4 else {
            throw DatasetError(.malformed, path: path, "IDX file cut short: \(bytes.count) bytes, no header")
        }
        guard bytes[0] == 0, bytes[1] == 0, bytes[2] == 0x08, Int(bytes[3]) == dimensionCount else {
            let magic = bytes[0..<4].map { String($0, radix: 16) }.joined(separator: " ")
            throw DatasetError(.malformed, path: path,
                               "not an IDX file of unsigned bytes with \(dimensionCount) dimension\(dimensionCount == 1 ? "" : "s") (magic bytes \(magic))")
        }
        let headerSize = 4 + 4 * dimensionCount
        guard bytes.count >= headerSize else {
            throw DatasetError(.malformed, path: path, "IDX header cut short: \(bytes.count) bytes, expected \(headerSize)")
        }
        var dimensions: [Int] = []
        for d in 0..<dimensionCount {
            let offset = 4 + 4 * d
            dimensions.append(bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) })
        }
        let count = dimensions.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard bytes.count - headerSize == count else {
            throw DatasetError(.malformed, path: path,
                               "IDX header says \(dimensions.map(String.init).joined(separator: " × ")) = \(count) values, but the file holds \(bytes.count - headerSize)")
        }
        self.dimensions = dimensions
        values = bytes[headerSize...]
    }
}
