import TextSupport
import AtomicFile
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Entry points for reading and writing the safetensors format
/// (8-byte little-endian header length, JSON header, raw tensor bytes).
public enum SafeTensors {
    /// Opens and validates a safetensors file; see `SafeTensorsFile`.
    public static func read(_ path: String) throws(SafeTensorsError) -> SafeTensorsFile {
        try SafeTensorsFile(contentsOf: path)
    }

    /// The complete file image for `tensors`: header with sorted keys, padded with spaces
    /// to a multiple of 8 so the data section stays aligned, then the tensors' bytes in the
    /// order given.
    ///
    /// - Throws: when a name repeats, a name is `__metadata__`, or a tensor's byte count does
    ///   not match its shape and dtype, because such a file could not be read back.
    public static func serialize(tensors: [TensorRecord], metadata: [String: String] = [:],
                                 source: String = "<memory>") throws(SafeTensorsError) -> Data {
        var seen = Set<String>()
        var entries: [(key: String, json: String)] = []
        var offset = 0
        for tensor in tensors {
            guard tensor.name != "__metadata__" else {
                throw SafeTensorsError(.invalidTensor, file: source, tensor: tensor.name, "the name __metadata__ is reserved")
            }
            guard seen.insert(tensor.name).inserted else {
                throw SafeTensorsError(.invalidTensor, file: source, tensor: tensor.name, "name appears more than once")
            }
            guard tensor.shape.allSatisfy({ $0 >= 0 }) else {
                throw SafeTensorsError(.invalidShape, file: source, tensor: tensor.name, "shape \(tensor.shape) has a negative dimension")
            }
            var bits = tensor.dtype.bitSize
            for dimension in tensor.shape {
                let product = bits.multipliedReportingOverflow(by: dimension)
                guard !product.overflow else {
                    throw SafeTensorsError(.invalidShape, file: source, tensor: tensor.name, "shape \(tensor.shape) has too many elements to address")
                }
                bits = product.partialValue
            }
            guard bits % 8 == 0 else {
                throw SafeTensorsError(.byteCountMismatch, file: source, tensor: tensor.name,
                                       "shape \(tensor.shape) of \(tensor.dtype.rawValue) is \(bits) bits, not a whole number of bytes")
            }
            let expected = bits / 8
            guard expected == tensor.bytes.count else {
                throw SafeTensorsError(.byteCountMismatch, file: source, tensor: tensor.name,
                                       "shape \(tensor.shape) of \(tensor.dtype.rawValue) needs \(expected) bytes but \(tensor.bytes.count) were given")
            }
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            let json = "{\"data_offsets\":[\(offset),\(offset + expected)],\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)]}"
            entries.append((tensor.name, json))
            offset += expected
        }
        if !metadata.isEmpty {
            let fields = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }
            entries.append(("__metadata__", "{" + fields.joined(separator: ",") + "}"))
        }
        entries.sort { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
        var header = "{" + entries.map { "\(jsonString($0.key)):\($0.json)" }.joined(separator: ",") + "}"
        let padding = (8 - header.utf8.count % 8) % 8
        header += String(repeating: " ", count: padding)

        var file = Data(capacity: 8 + header.utf8.count + offset)
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: header.utf8)
        for tensor in tensors { file.append(tensor.bytes) }
        return file
    }

    /// Writes `tensors` to `path` with the one atomic writer (`AtomicFile`): a reader never
    /// sees a half-written checkpoint, and a full disk leaves the previous file in place.
    public static func write(tensors: [TensorRecord], metadata: [String: String] = [:],
                             to path: String) throws(SafeTensorsError) {
        let image = try serialize(tensors: tensors, metadata: metadata, source: path)
        do {
            try AtomicFile.write(image, to: path)
        } catch {
            throw SafeTensorsError(.io, file: path, "cannot write: \(error.cause)")
        }
    }

    /// A JSON string literal with the escapes the format needs.
    static func jsonString(_ text: String) -> String { JSONText.quoted(text) }
}
