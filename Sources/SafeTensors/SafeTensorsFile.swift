import Foundation

/// A parsed, fully validated safetensors file whose tensor bytes stay in a memory-mapped
/// buffer until asked for, so opening a 90 MB checkpoint costs no copy.
///
/// Every header field is checked on open; a damaged file throws `SafeTensorsError`
/// naming the file and the tensor instead of crashing later during conversion.
public struct SafeTensorsFile: Sendable {
    /// Headers larger than this are refused (the format's reference implementation
    /// uses the same bound) so a garbage length cannot trigger a huge allocation.
    public static let maximumHeaderLength = 100_000_000

    /// The path (or label) used in error messages.
    public let source: String
    /// Tensors ordered by their position in the data section (ties by name), so the
    /// order is the file's and does not depend on JSON key order.
    public let tensors: [TensorInfo]
    /// The optional `__metadata__` string map.
    public let metadata: [String: String]

    private let storage: Data
    /// Offset of the data section inside `storage`, relative to `storage.startIndex`.
    private let dataStart: Int
    private let indexByName: [String: Int]

    /// Opens and validates the file at `path`, memory-mapping it.
    public init(contentsOf path: String) throws(SafeTensorsError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw SafeTensorsError(.io, file: path, "cannot read file: \(error.localizedDescription)")
        }
        try self.init(data: data, source: path)
    }

    /// Validates an in-memory safetensors image; `source` names it in error messages.
    public init(data: Data, source: String) throws(SafeTensorsError) {
        self.source = source
        self.storage = data
        let header = try HeaderValidator(data: data, source: source).validate()
        self.dataStart = header.dataStart
        self.tensors = header.tensors
        self.metadata = header.metadata
        var index: [String: Int] = [:]
        for (position, tensor) in tensors.enumerated() { index[tensor.name] = position }
        self.indexByName = index
    }

    /// Tensor names in file order.
    public var names: [String] { tensors.map(\.name) }

    /// The entry for `name`, or nil when the file has no such tensor.
    public func info(_ name: String) -> TensorInfo? {
        indexByName[name].map { tensors[$0] }
    }

    /// The entry for `name`, or an error suggesting what exists.
    public func require(_ name: String) throws(SafeTensorsError) -> TensorInfo {
        guard let info = info(name) else {
            let count = tensors.count
            throw SafeTensorsError(.missingTensor, file: source, tensor: name,
                                   "no such tensor (the file has \(count) tensor\(count == 1 ? "" : "s"))")
        }
        return info
    }

    /// The raw little-endian bytes of a tensor (a slice of the mapped file, not a copy).
    public func bytes(of name: String) throws(SafeTensorsError) -> Data {
        let info = try require(name)
        return bytes(of: info)
    }

    func bytes(of info: TensorInfo) -> Data {
        let lower = storage.startIndex + dataStart + info.dataOffsets.lowerBound
        return storage[lower..<(lower + info.byteCount)]
    }
}

/// Turns the first bytes of a file into validated tensor entries.
private struct HeaderValidator {
    let data: Data
    let source: String

    struct Result {
        var dataStart: Int
        var tensors: [TensorInfo]
        var metadata: [String: String]
    }

    func fail(_ code: SafeTensorsError.Code, tensor: String? = nil, _ message: String) -> SafeTensorsError {
        SafeTensorsError(code, file: source, tensor: tensor, message)
    }

    func validate() throws(SafeTensorsError) -> Result {
        // 1. The 8-byte little-endian header length.
        guard data.count >= 8 else {
            throw fail(.truncated, "file is \(data.count) bytes; a safetensors file starts with an 8-byte header length")
        }
        var rawLength: UInt64 = 0
        for (shift, byte) in data.prefix(8).enumerated() { rawLength |= UInt64(byte) << (8 * UInt64(shift)) }
        let available = data.count - 8
        guard rawLength <= UInt64(SafeTensorsFile.maximumHeaderLength) else {
            throw fail(.headerLength, "header length \(rawLength) exceeds the \(SafeTensorsFile.maximumHeaderLength)-byte limit")
        }
        let headerLength = Int(rawLength)
        guard headerLength <= available else {
            throw fail(.headerLength, "header length \(headerLength) runs past the end of the file (\(available) bytes follow the length)")
        }
        guard headerLength >= 2 else {
            throw fail(.headerLength, "header length \(headerLength) is too short to hold a JSON object")
        }

        // 2. UTF-8 JSON object.
        let start = data.startIndex + 8
        let headerBytes = [UInt8](data[start..<(start + headerLength)])
        guard String(validating: headerBytes, as: UTF8.self) != nil else {
            throw fail(.headerEncoding, "header is not valid UTF-8")
        }
        let root: JSONValue
        do {
            root = try HeaderJSONParser.parse(headerBytes)
        } catch {
            throw fail(.headerSyntax, "header is not valid JSON: \(error.message) at byte \(error.offset) of the header")
        }
        guard case .object(let members) = root else {
            throw fail(.headerStructure, "header is \(root.kindDescription), expected a JSON object")
        }

        // 3. Entries.
        let dataSize = available - headerLength
        var seen = Set<String>()
        var metadata: [String: String] = [:]
        var tensors: [TensorInfo] = []
        for (key, value) in members {
            guard seen.insert(key).inserted else {
                throw fail(.headerStructure, tensor: key == "__metadata__" ? nil : key, "key '\(key)' appears more than once in the header")
            }
            if key == "__metadata__" {
                metadata = try parseMetadata(value)
            } else {
                tensors.append(try parseTensor(name: key, value, dataSize: dataSize))
            }
        }

        // 4. No two tensors may share bytes.
        tensors.sort { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name) }
        for (previous, next) in zip(tensors, tensors.dropFirst()) where next.dataOffsets.lowerBound < previous.dataOffsets.upperBound {
            throw fail(.overlap, tensor: next.name,
                       "bytes \(next.dataOffsets.lowerBound)..<\(next.dataOffsets.upperBound) overlap tensor '\(previous.name)' at \(previous.dataOffsets.lowerBound)..<\(previous.dataOffsets.upperBound)")
        }
        return Result(dataStart: 8 + headerLength, tensors: tensors, metadata: metadata)
    }

    func parseMetadata(_ value: JSONValue) throws(SafeTensorsError) -> [String: String] {
        guard case .object(let members) = value else {
            throw fail(.headerStructure, "__metadata__ is \(value.kindDescription), expected an object of strings")
        }
        var metadata: [String: String] = [:]
        for (key, entry) in members {
            guard case .string(let text) = entry else {
                throw fail(.headerStructure, "__metadata__ entry '\(key)' is \(entry.kindDescription), expected a string")
            }
            metadata[key] = text
        }
        return metadata
    }

    func parseTensor(name: String, _ value: JSONValue, dataSize: Int) throws(SafeTensorsError) -> TensorInfo {
        guard case .object(let fields) = value else {
            throw fail(.headerStructure, tensor: name, "entry is \(value.kindDescription), expected an object with dtype, shape and data_offsets")
        }
        func field(_ key: String) throws(SafeTensorsError) -> JSONValue {
            guard let found = fields.first(where: { $0.key == key }) else {
                throw fail(.headerStructure, tensor: name, "missing field '\(key)'")
            }
            return found.value
        }

        // dtype
        let dtypeValue = try field("dtype")
        guard case .string(let dtypeName) = dtypeValue else {
            throw fail(.unknownDType, tensor: name, "dtype is \(dtypeValue.kindDescription), expected a string")
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            let known = DType.allCases.map(\.rawValue).joined(separator: ", ")
            throw fail(.unknownDType, tensor: name, "unknown dtype '\(dtypeName)' (known: \(known))")
        }

        // shape
        let shapeValue = try field("shape")
        guard case .array(let dims) = shapeValue else {
            throw fail(.invalidShape, tensor: name, "shape is \(shapeValue.kindDescription), expected an array of non-negative integers")
        }
        var shape: [Int] = []
        var elements = 1
        var overflow = false
        for (axis, dim) in dims.enumerated() {
            guard case .value(let size) = dim.integer else {
                throw fail(.invalidShape, tensor: name, "shape[\(axis)] is \(dim.kindDescription), expected a non-negative integer")
            }
            guard size >= 0 else {
                throw fail(.invalidShape, tensor: name, "shape[\(axis)] is negative (\(size))")
            }
            shape.append(size)
            let product = elements.multipliedReportingOverflow(by: size)
            elements = product.partialValue
            overflow = overflow || product.overflow
        }
        let bytes = elements.multipliedReportingOverflow(by: dtype.byteSize)
        // A zero dimension makes the true product 0 even if an earlier partial product overflowed.
        if shape.contains(0) { overflow = false }
        guard !overflow, !bytes.overflow else {
            throw fail(.invalidShape, tensor: name, "shape \(shape) has too many elements to address")
        }
        let expectedBytes = shape.contains(0) ? 0 : bytes.partialValue

        // data_offsets
        let offsetsValue = try field("data_offsets")
        guard case .array(let offsets) = offsetsValue, offsets.count == 2 else {
            throw fail(.invalidOffsets, tensor: name, "data_offsets is \(offsetsValue.kindDescription), expected [begin, end]")
        }
        var bounds: [Int] = []
        for (position, offset) in offsets.enumerated() {
            guard case .value(let value) = offset.integer, value >= 0 else {
                throw fail(.invalidOffsets, tensor: name, "data_offsets[\(position)] is \(offset.kindDescription), expected a non-negative integer")
            }
            bounds.append(value)
        }
        let (begin, end) = (bounds[0], bounds[1])
        guard begin <= end else {
            throw fail(.invalidOffsets, tensor: name, "data_offsets [\(begin), \(end)] ends before it begins")
        }
        guard end <= dataSize else {
            throw fail(.invalidOffsets, tensor: name, "data_offsets [\(begin), \(end)] run past the data section (\(dataSize) bytes); the file may be truncated")
        }
        guard end - begin == expectedBytes else {
            throw fail(.byteCountMismatch, tensor: name,
                       "shape \(shape) of \(dtype.rawValue) needs \(expectedBytes) bytes but data_offsets [\(begin), \(end)] span \(end - begin)")
        }
        return TensorInfo(name: name, dtype: dtype, shape: shape, dataOffsets: begin..<end)
    }
}
