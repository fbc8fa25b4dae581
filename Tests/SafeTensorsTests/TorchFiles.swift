import Foundation
@testable import SafeTensors

/// The committed torch checkpoints (Fixtures/torch, made by scripts/parity/torch_checkpoints.py)
/// and builders for hand-made ones: pickles and stored zip archives.
enum TorchFiles {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/torch")

    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// The zip members of a committed archive, in order.
    static func members(_ name: String) throws -> [(name: String, bytes: [UInt8])] {
        let archive = try ZipArchive(bytes: [UInt8](try fixture(name)), source: name)
        return archive.members.map { ($0.name, Array(archive.bytes[$0.range])) }
    }

    /// A stored (uncompressed) zip archive of `members`, as torch.save writes one.
    static func zip(_ members: [(name: String, bytes: [UInt8])], method: UInt16 = 0, crc: ((String) -> UInt32?)? = nil) -> Data {
        func le(_ value: UInt64, _ width: Int) -> [UInt8] { (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for member in members {
            let name = Array(member.name.utf8)
            let checksum = crc?(member.name) ?? CRC32.checksum(member.bytes[...])
            let offset = out.count
            out += le(0x0403_4B50, 4) + le(20, 2) + le(0, 2) + le(UInt64(method), 2) + le(0, 4)
            out += le(UInt64(checksum), 4) + le(UInt64(member.bytes.count), 4) + le(UInt64(member.bytes.count), 4)
            out += le(UInt64(name.count), 2) + le(0, 2) + name + member.bytes
            directory += le(0x0201_4B50, 4) + le(20, 2) + le(20, 2) + le(0, 2) + le(UInt64(method), 2) + le(0, 4)
            directory += le(UInt64(checksum), 4) + le(UInt64(member.bytes.count), 4) + le(UInt64(member.bytes.count), 4)
            directory += le(UInt64(name.count), 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(UInt64(offset), 4) + name
        }
        let start = out.count
        out += directory
        out += le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(UInt64(members.count), 2) + le(UInt64(members.count), 2)
        out += le(UInt64(directory.count), 4) + le(UInt64(start), 4) + le(0, 2)
        return Data(out)
    }

    /// A one-pickle zip checkpoint: `archive/data.pkl` plus the given storages.
    static func zipCheckpoint(pickle: [UInt8], storages: [(key: String, bytes: [UInt8])] = []) -> Data {
        zip([("archive/data.pkl", pickle), ("archive/byteorder", Array("little".utf8))]
            + storages.map { ("archive/data/\($0.key)", $0.bytes) })
    }
}

/// Writes protocol-2 pickles by hand, including ones torch never writes.
struct PickleWriter {
    var bytes: [UInt8] = [0x80, 0x02]

    struct View {
        var key: String
        var type = "FloatStorage"
        var count: Int
        var offset = 0
        var size: [Int]
        var stride: [Int]
    }

    mutating func op(_ opcodes: UInt8...) { bytes += opcodes }
    mutating func global(_ module: String, _ name: String) { bytes += [0x63] + Array("\(module)\n\(name)\n".utf8) }
    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes += [0x58] + (0..<4).map { UInt8(truncatingIfNeeded: utf8.count >> (8 * $0)) } + utf8
    }
    mutating func int(_ value: Int) {
        bytes += [0x8A, 8] + (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
    mutating func tuple(_ values: [Int]) {
        op(0x28)
        for value in values { int(value) }
        op(0x74)
    }

    /// `_rebuild_tensor_v2((storage pid), offset, size, stride, False, OrderedDict())`.
    mutating func tensor(_ view: View) {
        global("torch._utils", "_rebuild_tensor_v2")
        op(0x28)
        op(0x28); string("storage"); global("torch", view.type); string(view.key); string("cpu"); int(view.count); op(0x74, 0x51)
        int(view.offset); tuple(view.size); tuple(view.stride); op(0x89)
        global("collections", "OrderedDict"); op(0x29, 0x52)
        op(0x74, 0x52)
    }

    /// An OrderedDict of named tensors, then STOP.
    static func stateDict(_ entries: [(String, View)]) -> [UInt8] {
        var writer = PickleWriter()
        writer.global("collections", "OrderedDict")
        writer.op(0x29, 0x52, 0x28)
        for (name, view) in entries {
            writer.string(name)
            writer.tensor(view)
        }
        writer.op(0x75, 0x2E)
        return writer.bytes
    }
}
