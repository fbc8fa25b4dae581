import Foundation

/// A state dict saved by `torch.save`, read without Python: today's zip archive
/// (`<name>/data.pkl` and `<name>/data/<key>`) or the legacy format torch wrote before 1.6
/// (a sequence of pickles, then the raw storages), as torchvision's 2020 weight files are.
///
/// The pickle is read by a restricted unpickler (``Unpickler``) that knows only what a state
/// dict uses and refuses anything else, naming the file. Every storage's size is checked
/// against the file, and every tensor's size, stride and offset against its storage, before
/// anything is copied; the tensors come out contiguous, as the same ``TensorRecord``s a
/// safetensors file gives, so loading by name is shared.
public struct TorchCheckpoint: Sendable {
    public enum Format: String, Sendable {
        /// `torch.save` since torch 1.6: a zip archive.
        case zip
        /// `torch.save(..., _use_new_zipfile_serialization=False)` and torch before 1.6.
        case legacy
    }

    /// The path (or label) used in error messages.
    public let source: String
    public let format: Format
    /// The tensors in the state dict's order, contiguous and little-endian.
    public let tensors: [TensorRecord]

    /// File name extensions read as torch checkpoints.
    public static let extensions = ["pth", "pt"]

    /// Whether `path` names a torch checkpoint (by its extension).
    public static func isTorchCheckpoint(_ path: String) -> Bool {
        extensions.contains((path as NSString).pathExtension.lowercased())
    }

    /// The legacy format's first pickle: this number, as a Python long.
    static let legacyMagic: [UInt8] = [0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]  // 0x1950a86a20f9469cfc6c
    static let legacyProtocol = 1001
    /// The most bytes a view larger than its storage (an expanded tensor) may copy out to.
    static let maximumRepeatedBytes = 256 << 20

    public init(contentsOf path: String) throws(SafeTensorsError) {
        try self.init(data: SafeTensorsFile.mapped(path), source: path)
    }

    /// Reads an in-memory checkpoint; `source` names it in error messages.
    public init(data: Data, source: String) throws(SafeTensorsError) {
        self.source = source
        let bytes = [UInt8](data)
        if ZipArchive.looksLikeZip(bytes) {
            format = .zip
            tensors = try Self.readZip(bytes, source: source)
        } else if bytes.count >= 2, bytes[0] == 0x80 {
            format = .legacy
            tensors = try Self.readLegacy(bytes, source: source)
        } else {
            throw SafeTensorsError(bytes.isEmpty ? .truncated : .pickle, file: source,
                                   bytes.isEmpty ? "file is 0 bytes" : "not a torch checkpoint: it starts neither with a zip header nor with a pickle")
        }
    }

    // MARK: - The two formats

    private static func readZip(_ bytes: [UInt8], source: String) throws(SafeTensorsError) -> [TensorRecord] {
        let archive = try ZipArchive(bytes: bytes, source: source)
        let pickles = archive.members.filter { $0.name.hasSuffix("/data.pkl") && $0.name.dropLast("/data.pkl".count).allSatisfy { $0 != "/" } }
        guard pickles.count == 1, let pickle = pickles.first else {
            throw SafeTensorsError(.archive, file: source, pickles.isEmpty
                ? "zip archive: no <name>/data.pkl; this is not a torch.save archive"
                : "zip archive: \(pickles.count) data.pkl files (\(pickles.map(\.name).joined(separator: ", ")))")
        }
        let prefix = String(pickle.name.dropLast("data.pkl".count))
        if let order = archive.member(prefix + "byteorder") {
            let text = String(decoding: try archive.contents(order), as: UTF8.self)
            guard text == "little" else {
                throw SafeTensorsError(.archive, file: source, "zip archive: byteorder is '\(text.prefix(16))'; only little-endian checkpoints are read")
            }
        }
        var storages = StorageTable(source: source)
        var unpickler = Unpickler(bytes: Array(try archive.contents(pickle)), source: source) { pid throws(SafeTensorsError) in
            .storage(try storages.reference(pid, fieldCount: 5))
        }
        let root = try unpickler.load()
        guard unpickler.end == pickle.range.count else {
            throw SafeTensorsError(.pickle, file: source, "data.pkl has \(pickle.range.count - unpickler.end) bytes after its STOP")
        }
        var data: [String: ArraySlice<UInt8>] = [:]
        for storage in storages.ordered {
            let name = prefix + "data/" + storage.key
            guard let member = archive.member(name) else {
                throw SafeTensorsError(.storage, file: source, "storage '\(storage.key)' is not in the archive (no \(name))")
            }
            let expected = storage.count * storage.dtype.byteSize
            guard member.range.count == expected else {
                throw SafeTensorsError(.storage, file: source,
                                       "storage '\(storage.key)' holds \(member.range.count) bytes but the pickle says \(storage.count) \(storage.dtype.rawValue) elements (\(expected) bytes)")
            }
            data[storage.key] = try archive.contents(member)
        }
        return try assemble(root, storages: data, source: source)
    }

    private static func readLegacy(_ bytes: [UInt8], source: String) throws(SafeTensorsError) -> [TensorRecord] {
        func refuseStore(_ pid: PickleValue) throws(SafeTensorsError) -> PickleValue {
            throw SafeTensorsError(.pickle, file: source, "a persistent id before the state dict")
        }
        // 1–3. Magic number, protocol version, sys_info.
        var magic = Unpickler(bytes: bytes, source: source, persistentLoad: refuseStore)
        guard case .bigInteger(let digits) = try magic.load(), digits == legacyMagic else {
            throw SafeTensorsError(.pickle, file: source, "not a torch checkpoint: the first pickle is not torch's magic number 0x1950a86a20f9469cfc6c")
        }
        var version = Unpickler(bytes: bytes, start: magic.end, source: source, persistentLoad: refuseStore)
        guard case .int(let protocolVersion) = try version.load(), protocolVersion == legacyProtocol else {
            throw SafeTensorsError(.pickle, file: source, "legacy checkpoint: protocol version is not \(legacyProtocol)")
        }
        var sysInfo = Unpickler(bytes: bytes, start: version.end, source: source, persistentLoad: refuseStore)
        guard case .dict(let info) = try sysInfo.load() else {
            throw SafeTensorsError(.pickle, file: source, "legacy checkpoint: sys_info is not a dict")
        }
        for (key, value) in info.entries {
            if case .string("little_endian") = key, case .bool(false) = value {
                throw SafeTensorsError(.storage, file: source, "legacy checkpoint: saved on a big-endian machine; only little-endian checkpoints are read")
            }
        }
        // 4. The state dict, its storages named by persistent ids.
        var storages = StorageTable(source: source)
        var state = Unpickler(bytes: bytes, start: sysInfo.end, source: source) { pid throws(SafeTensorsError) in
            .storage(try storages.reference(pid, fieldCount: 6))
        }
        let root = try state.load()
        // 5. The storage keys, in the order their data follows.
        var keysPickle = Unpickler(bytes: bytes, start: state.end, source: source, persistentLoad: refuseStore)
        guard case .list(let keyList) = try keysPickle.load() else {
            throw SafeTensorsError(.pickle, file: source, "legacy checkpoint: the storage keys are not a list")
        }
        // 6. Each storage: an 8-byte little-endian element count, then its bytes.
        var cursor = keysPickle.end
        var data: [String: ArraySlice<UInt8>] = [:]
        for item in keyList.items {
            guard case .string(let key) = item else {
                throw SafeTensorsError(.pickle, file: source, "legacy checkpoint: a storage key is \(item.kind), not a string")
            }
            guard let storage = storages.byKey[key] else {
                throw SafeTensorsError(.storage, file: source, "legacy checkpoint: storage '\(key)' is listed but no tensor uses it")
            }
            guard data[key] == nil else { throw SafeTensorsError(.storage, file: source, "legacy checkpoint: storage '\(key)' is listed twice") }
            guard bytes.count - cursor >= 8 else {
                throw SafeTensorsError(.truncated, file: source, "legacy checkpoint: the file ends before storage '\(key)' (byte \(cursor) of \(bytes.count))")
            }
            var count: UInt64 = 0
            for shift in 0..<8 { count |= UInt64(bytes[cursor + shift]) << (8 * UInt64(shift)) }
            cursor += 8
            guard count == UInt64(storage.count) else {
                throw SafeTensorsError(.storage, file: source, "legacy checkpoint: storage '\(key)' holds \(count) elements but the pickle says \(storage.count)")
            }
            let size = storage.count * storage.dtype.byteSize
            guard size <= bytes.count - cursor else {
                throw SafeTensorsError(.truncated, file: source,
                                       "legacy checkpoint: storage '\(key)' needs \(size) bytes at byte \(cursor) but the file ends after \(bytes.count - cursor)")
            }
            data[key] = bytes[cursor..<(cursor + size)]
            cursor += size
        }
        if let unlisted = storages.ordered.first(where: { data[$0.key] == nil }) {
            throw SafeTensorsError(.storage, file: source, "legacy checkpoint: storage '\(unlisted.key)' is used but its data is not in the file")
        }
        guard cursor == bytes.count else {
            throw SafeTensorsError(.storage, file: source, "legacy checkpoint: \(bytes.count - cursor) bytes follow the last storage")
        }
        return try assemble(root, storages: data, source: source)
    }

    // MARK: - Tensors

    /// The state dict's entries as contiguous tensors.
    private static func assemble(_ root: PickleValue, storages: [String: ArraySlice<UInt8>], source: String) throws(SafeTensorsError) -> [TensorRecord] {
        guard case .dict(let dict) = root else {
            throw SafeTensorsError(.pickle, file: source, "the checkpoint holds \(root.kind), not a state dict (a dict of names to tensors)")
        }
        var records: [TensorRecord] = []
        var seen = Set<String>()
        for (key, value) in dict.entries {
            guard case .string(let name) = key else {
                throw SafeTensorsError(.pickle, file: source, "a state dict key is \(key.kind), not a name")
            }
            guard case .tensor(let tensor) = value else {
                throw SafeTensorsError(.invalidTensor, file: source, tensor: name,
                                       "is \(value.kind), not a tensor (finetune reads state dicts: names to tensors)")
            }
            guard seen.insert(name).inserted else {
                throw SafeTensorsError(.invalidTensor, file: source, tensor: name, "name appears more than once")
            }
            records.append(try materialize(tensor, name: name, storage: storages[tensor.storage.key] ?? [], source: source))
        }
        return records
    }

    /// Checks a view against its storage and copies its elements in row-major order.
    static func materialize(_ tensor: TorchTensorReference, name: String, storage: ArraySlice<UInt8>,
                            source: String) throws(SafeTensorsError) -> TensorRecord {
        func fail(_ message: String) -> SafeTensorsError {
            SafeTensorsError(.invalidShape, file: source, tensor: name, message)
        }
        let (shape, stride, offset) = (tensor.shape, tensor.stride, tensor.offset)
        let dtype = tensor.storage.dtype
        let available = tensor.storage.count
        guard shape.count == stride.count else { throw fail("size \(shape) and stride \(stride) differ in length") }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("size \(shape) has a negative dimension") }
        guard stride.allSatisfy({ $0 >= 0 }) else { throw fail("stride \(stride) has a negative step") }
        guard offset >= 0 else { throw fail("storage offset \(offset) is negative") }
        var elements = 1
        for dim in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw fail("size \(shape) has too many elements to address") }
            elements = product
        }
        if elements == 0 {
            guard offset <= available else { throw fail("storage offset \(offset) is past the storage's \(available) elements") }
            return TensorRecord(name: name, dtype: dtype, shape: shape, bytes: Data())
        }
        // The last element a view touches: offset + Σ (size − 1) · stride, overflow-checked.
        var last = offset
        for (dim, step) in zip(shape, stride) {
            let (reach, overflow) = (dim - 1).multipliedReportingOverflow(by: step)
            let (sum, overflow2) = last.addingReportingOverflow(reach)
            guard !overflow, !overflow2 else { throw fail("size \(shape) with stride \(stride) reaches past any storage") }
            last = sum
        }
        guard last < available else {
            throw fail("size \(shape), stride \(stride) and offset \(offset) reach element \(last) but storage '\(tensor.storage.key)' holds \(available)")
        }
        let width = dtype.byteSize
        // A view may repeat elements (stride 0, as expand makes); copied out it must stay sane.
        guard elements <= available || elements <= maximumRepeatedBytes / width else {
            throw fail("size \(shape) with stride \(stride) repeats the \(available) elements of storage '\(tensor.storage.key)' into \(elements); finetune copies tensors, and this one would take more than \(maximumRepeatedBytes >> 20) MiB")
        }
        guard storage.count == available * width else {
            throw SafeTensorsError(.storage, file: source, tensor: name, "storage '\(tensor.storage.key)' has no data")
        }
        let base = storage.startIndex
        // Contiguous (row-major strides over the non-trivial dims): one copy.
        var expected = 1, contiguous = true
        for (dim, step) in zip(shape, stride).reversed() where dim != 1 {
            if step != expected { contiguous = false; break }
            expected *= dim
        }
        if contiguous {
            let start = base + offset * width
            return TensorRecord(name: name, dtype: dtype, shape: shape, bytes: Data(storage[start..<(start + elements * width)]))
        }
        var out = [UInt8](repeating: 0, count: elements * width)
        var index = [Int](repeating: 0, count: shape.count)
        var position = offset
        storage.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                for element in 0..<elements {
                    let from = position * width, to = element * width
                    for byte in 0..<width { output[to + byte] = input[from + byte] }
                    // Advance the multi-index, last dimension fastest.
                    var axis = shape.count - 1
                    while axis >= 0 {
                        index[axis] += 1
                        position += stride[axis]
                        if index[axis] < shape[axis] { break }
                        position -= stride[axis] * shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return TensorRecord(name: name, dtype: dtype, shape: shape, bytes: Data(out))
    }
}

/// The storages a pickle names, each by its key with one type and size.
struct StorageTable {
    let source: String
    private(set) var byKey: [String: TorchStorageReference] = [:]
    /// In first-use order.
    private(set) var ordered: [TorchStorageReference] = []

    init(source: String) { self.source = source }

    /// `('storage', torch.FloatStorage, key, location, numel)`, and in the legacy format a sixth
    /// field, the view metadata, which must be None (views of storages predate torch 0.4).
    mutating func reference(_ pid: PickleValue, fieldCount: Int) throws(SafeTensorsError) -> TorchStorageReference {
        func fail(_ message: String) -> SafeTensorsError { SafeTensorsError(.pickle, file: source, "persistent id: \(message)") }
        guard case .tuple(let fields) = pid, fields.count == fieldCount else {
            throw fail("expected ('storage', type, key, location, size\(fieldCount == 6 ? ", view" : "")), got \(pid.kind)")
        }
        guard case .string("storage") = fields[0] else { throw fail("the first field is \(fields[0].kind), not 'storage'") }
        guard case .global(let type) = fields[1] else { throw fail("the storage type is \(fields[1].kind)") }
        guard type.module == "torch", let dtype = Unpickler.storageTypes[type.name] else {
            throw SafeTensorsError(.forbidden, file: source, "persistent id: \(type) is not a storage type finetune reads")
        }
        guard case .string(let key) = fields[2] else { throw fail("the storage key is \(fields[2].kind)") }
        guard case .string(let location) = fields[3] else { throw fail("the location is \(fields[3].kind)") }
        guard case .int(let count) = fields[4], count >= 0, count <= Int.max / 8 else { throw fail("the size of storage '\(key)' is not a valid count") }
        if fieldCount == 6, case .none = fields[5] {} else if fieldCount == 6 {
            throw SafeTensorsError(.forbidden, file: source, "persistent id: storage '\(key)' is a view of another storage (torch before 0.4); re-save the weights")
        }
        let reference = TorchStorageReference(key: key, dtype: dtype, count: count, location: location)
        if let existing = byKey[key] {
            guard existing.dtype == dtype, existing.count == count else {
                throw SafeTensorsError(.storage, file: source, "storage '\(key)' is named as \(existing.count) \(existing.dtype.rawValue) and as \(count) \(dtype.rawValue)")
            }
            return existing
        }
        byKey[key] = reference
        ordered.append(reference)
        return reference
    }
}
