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
        try self.init(data: Self.mapped(path), source: path)
    }

    /// The file at `path`, memory-mapped; a failure carries the system's reason ("No such file
    /// or directory"), not Foundation's wrapper. Both weight formats read through it.
    static func mapped(_ path: String) throws(SafeTensorsError) -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            let posix = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            throw SafeTensorsError(.io, file: path, "cannot read file: \(posix.map { String(cString: strerror(Int32($0))) } ?? error.localizedDescription)")
        }
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

    /// Every tensor as a record (its bytes a slice of the mapped file), in file order: what a
    /// torch checkpoint gives too (``TorchCheckpoint/tensors``), so loading by name is shared.
    public var records: [TensorRecord] {
        tensors.map { TensorRecord(name: $0.name, dtype: $0.dtype, shape: $0.shape, bytes: bytes(of: $0)) }
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

    /// The checks of the reference reader (`safetensors` 0.8, `SafeTensors::read_metadata`),
    /// in its order: length field, bounded header, UTF-8, JSON, entries, then a walk over the
    /// entries sorted by offset proving they tile the data section exactly — no hole, no
    /// overlap, nothing past the end and nothing after the last tensor — so a header whose
    /// length is a byte off (the data shifted) is refused, not read as garbage weights.
    /// Stricter than the reference in one way: a key repeated in the header is refused
    /// (the reference keeps the last one silently).
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

        // 3. Entries, each checked on its own.
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

        // 4. Sorted by offset, the tensors must tile the data section from byte 0 to its end.
        tensors.sort { ($0.dataOffsets.lowerBound, $0.dataOffsets.upperBound, $0.name) < ($1.dataOffsets.lowerBound, $1.dataOffsets.upperBound, $1.name) }
        var covered = 0
        var previous: TensorInfo?
        for tensor in tensors {
            let begin = tensor.dataOffsets.lowerBound
            if begin < covered, let previous {
                throw fail(.overlap, tensor: tensor.name,
                           "bytes \(begin)..<\(tensor.dataOffsets.upperBound) overlap tensor '\(previous.name)' at \(previous.dataOffsets.lowerBound)..<\(previous.dataOffsets.upperBound)")
            }
            if begin > covered {
                throw fail(.uncovered, tensor: tensor.name,
                           "data_offsets begin at \(begin) but the tensors before it end at \(covered): bytes \(covered)..<\(begin) belong to no tensor")
            }
            covered = tensor.dataOffsets.upperBound
            previous = tensor
        }
        guard covered == dataSize else {
            throw fail(.uncovered, "the data section is \(dataSize) bytes but its tensors cover \(covered): bytes \(covered)..<\(dataSize) belong to no tensor (is the header length wrong?)")
        }
        return Result(dataStart: 8 + headerLength, tensors: tensors, metadata: metadata)
    }

    /// `__metadata__`: null or an object of strings (a repeated key is refused like any other).
    func parseMetadata(_ value: JSONValue) throws(SafeTensorsError) -> [String: String] {
        if case .null = value { return [:] }
        guard case .object(let members) = value else {
            throw fail(.headerStructure, "__metadata__ is \(value.kindDescription), expected an object of strings")
        }
        var metadata: [String: String] = [:]
        for (key, entry) in members {
            guard case .string(let text) = entry else {
                throw fail(.headerStructure, "__metadata__ entry '\(key)' is \(entry.kindDescription), expected a string")
            }
            guard metadata.updateValue(text, forKey: key) == nil else {
                throw fail(.headerStructure, "__metadata__ key '\(key)' appears more than once")
            }
        }
        return metadata
    }

    func parseTensor(name: String, _ value: JSONValue, dataSize: Int) throws(SafeTensorsError) -> TensorInfo {
        guard case .object(let fields) = value else {
            throw fail(.headerStructure, tensor: name, "entry is \(value.kindDescription), expected an object with dtype, shape and data_offsets")
        }
        var fieldNames = Set<String>()
        for (key, _) in fields where !fieldNames.insert(key).inserted {
            throw fail(.headerStructure, tensor: name, "field '\(key)' appears more than once")
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

        // shape: unsigned 64-bit dimensions whose running product (from 1, like the
        // reference's checked fold) and bit count never overflow.
        let shapeValue = try field("shape")
        guard case .array(let dims) = shapeValue else {
            throw fail(.invalidShape, tensor: name, "shape is \(shapeValue.kindDescription), expected an array of non-negative integers")
        }
        var shape: [UInt64] = []
        var elements: UInt64 = 1
        for (axis, dim) in dims.enumerated() {
            guard case .value(let size) = dim.unsigned else {
                if case .number(let text) = dim, text.hasPrefix("-"), !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                    throw fail(.invalidShape, tensor: name, "shape[\(axis)] is negative (\(text))")
                }
                throw fail(.invalidShape, tensor: name, "shape[\(axis)] is \(dim.kindDescription), expected a non-negative integer")
            }
            shape.append(size)
            let product = elements.multipliedReportingOverflow(by: size)
            guard !product.overflow else {
                throw fail(.invalidShape, tensor: name, "shape has too many elements to address (the product overflows at shape[\(axis)])")
            }
            elements = product.partialValue
        }
        let bits = elements.multipliedReportingOverflow(by: UInt64(dtype.bitSize))
        guard !bits.overflow else {
            throw fail(.invalidShape, tensor: name, "shape \(shape) of \(dtype.rawValue) has too many elements to address")
        }
        guard bits.partialValue % 8 == 0 else {
            throw fail(.byteCountMismatch, tensor: name, "shape \(shape) of \(dtype.rawValue) is \(bits.partialValue) bits, not a whole number of bytes")
        }
        let expectedBytes = bits.partialValue / 8
        // Only an empty tensor can have such a dimension; the reference reads it, finetune cannot.
        let intShape = shape.compactMap { Int(exactly: $0) }
        guard intShape.count == shape.count else {
            throw fail(.invalidShape, tensor: name, "shape \(shape) has a dimension beyond \(Int.max)")
        }

        // data_offsets
        let offsetsValue = try field("data_offsets")
        guard case .array(let offsets) = offsetsValue, offsets.count == 2 else {
            throw fail(.invalidOffsets, tensor: name, "data_offsets is \(offsetsValue.kindDescription), expected [begin, end]")
        }
        var bounds: [UInt64] = []
        for (position, offset) in offsets.enumerated() {
            guard case .value(let value) = offset.unsigned else {
                throw fail(.invalidOffsets, tensor: name, "data_offsets[\(position)] is \(offset.kindDescription), expected a non-negative integer")
            }
            bounds.append(value)
        }
        let (begin, end) = (bounds[0], bounds[1])
        guard begin <= end else {
            throw fail(.invalidOffsets, tensor: name, "data_offsets [\(begin), \(end)] ends before it begins")
        }
        guard end <= UInt64(dataSize) else {
            throw fail(.invalidOffsets, tensor: name, "data_offsets [\(begin), \(end)] run past the data section (\(dataSize) bytes); the file may be truncated")
        }
        guard end - begin == expectedBytes else {
            throw fail(.byteCountMismatch, tensor: name,
                       "shape \(shape) of \(dtype.rawValue) needs \(expectedBytes) bytes but data_offsets [\(begin), \(end)] span \(end - begin)")
        }
        return TensorInfo(name: name, dtype: dtype, shape: intShape, dataOffsets: Int(begin)..<Int(end))
    }
}
