import Foundation
import Testing
@testable import SafeTensors

struct TorchDamage: CustomTestStringConvertible, Sendable {
    let name: String
    let image: Data
    let code: SafeTensorsError.Code
    /// The whole message, as printed after `error: `.
    let message: String

    var testDescription: String { name }
}

private func view(_ key: String, count: Int, offset: Int = 0, size: [Int], stride: [Int], type: String = "FloatStorage") -> PickleWriter.View {
    PickleWriter.View(key: key, type: type, count: count, offset: offset, size: size, stride: stride)
}

private let fourFloats = [UInt8](repeating: 0, count: 16)

/// A pickle that calls `os.system('ls')`, as a malicious checkpoint would.
private let systemCall: [UInt8] = {
    var w = PickleWriter()
    w.global("os", "system"); w.string("ls"); w.op(0x85, 0x52, 0x2E)
    return w.bytes
}()

private func legacy(_ name: String, _ edit: (inout [UInt8]) -> Void) -> Data {
    var bytes = [UInt8](try! TorchFiles.fixture(name))
    edit(&bytes)
    return Data(bytes)
}

private func rezipped(_ name: String, _ edit: (inout [(name: String, bytes: [UInt8])]) -> Void) -> Data {
    var members = try! TorchFiles.members(name)
    edit(&members)
    return TorchFiles.zip(members)
}

let torchDamageCases: [TorchDamage] = [
    TorchDamage(name: "empty file", image: Data(), code: .truncated, message: "x.pt: file is 0 bytes"),
    TorchDamage(name: "a text file named .pt", image: Data("hello\n".utf8), code: .pickle,
                message: "x.pt: not a torch checkpoint: it starts neither with a zip header nor with a pickle"),
    TorchDamage(name: "a pickle that calls os.system", image: Data(systemCall), code: .forbidden,
                message: "x.pt: pickle byte 2: the global os.system is not part of a state dict (finetune reads tensors only; re-save the weights with torch.save(model.state_dict()))"),
    TorchDamage(name: "os.system inside a zip archive", image: TorchFiles.zipCheckpoint(pickle: systemCall), code: .forbidden,
                message: "x.pt: pickle byte 2: the global os.system is not part of a state dict (finetune reads tensors only; re-save the weights with torch.save(model.state_dict()))"),
    TorchDamage(name: "builtins.eval by STACK_GLOBAL", image: TorchFiles.zipCheckpoint(pickle: [0x80, 0x04, 0x8C, 8] + Array("builtins".utf8) + [0x8C, 4] + Array("eval".utf8) + [0x93, 0x2E]),
                code: .forbidden,
                message: "x.pt: pickle byte 18: the global builtins.eval is not part of a state dict (finetune reads tensors only; re-save the weights with torch.save(model.state_dict()))"),
    TorchDamage(name: "NEWOBJ", image: TorchFiles.zipCheckpoint(pickle: [0x80, 0x02, 0x81, 0x2E]), code: .forbidden,
                message: "x.pt: pickle byte 2: opcode NEWOBJ (0x81) is not used by a state dict"),
    TorchDamage(name: "a byte that is no opcode", image: TorchFiles.zipCheckpoint(pickle: [0x80, 0x02, 0xFF]), code: .forbidden,
                message: "x.pt: pickle byte 2: opcode 0xff is not used by a state dict (not a pickle opcode)"),
    TorchDamage(name: "a storage type torch has but finetune does not read",
                image: TorchFiles.zipCheckpoint(pickle: PickleWriter.stateDict([("w", view("0", count: 2, size: [2], stride: [1], type: "ComplexFloatStorage"))])),
                code: .forbidden,
                message: "x.pt: pickle byte 83: the global torch.ComplexFloatStorage is not part of a state dict (finetune reads tensors only; re-save the weights with torch.save(model.state_dict()))"),
    TorchDamage(name: "memo entry never stored", image: TorchFiles.zipCheckpoint(pickle: [0x80, 0x02, 0x68, 9, 0x2E]), code: .pickle,
                message: "x.pt: pickle byte 2: memo entry 9 was never stored"),
    TorchDamage(name: "a string longer than the pickle", image: TorchFiles.zipCheckpoint(pickle: [0x80, 0x02, 0x58, 0xFF, 0xFF, 0xFF, 0x7F, 0x41]),
                code: .truncated, message: "x.pt: pickle byte 2: a string of 2147483647 bytes runs past the end (1 remain)"),
    TorchDamage(name: "a pickle without STOP", image: TorchFiles.zipCheckpoint(pickle: [0x80, 0x02, 0x7D]), code: .truncated,
                message: "x.pt: pickle byte 3: an opcode needs 1 bytes but 0 remain"),
    TorchDamage(name: "a list, not a state dict", image: TorchFiles.zipCheckpoint(pickle: [0x80, 0x02, 0x5D, 0x2E]), code: .pickle,
                message: "x.pt: the checkpoint holds a list, not a state dict (a dict of names to tensors)"),
    TorchDamage(name: "an entry that is not a tensor", image: TorchFiles.zipCheckpoint(pickle: {
        var w = PickleWriter(); w.op(0x7D); w.string("epoch"); w.int(3); w.op(0x73, 0x2E); return w.bytes
    }()), code: .invalidTensor,
                message: "x.pt: tensor 'epoch': is an integer, not a tensor (finetune reads state dicts: names to tensors)"),
    TorchDamage(name: "a view past its storage",
                image: TorchFiles.zipCheckpoint(pickle: PickleWriter.stateDict([("w", view("0", count: 4, offset: 1, size: [2, 2], stride: [2, 1]))]),
                                                storages: [("0", fourFloats)]),
                code: .invalidShape,
                message: "x.pt: tensor 'w': size [2, 2], stride [2, 1] and offset 1 reach element 4 but storage '0' holds 4"),
    TorchDamage(name: "a negative stride",
                image: TorchFiles.zipCheckpoint(pickle: PickleWriter.stateDict([("w", view("0", count: 4, size: [4], stride: [-1]))]),
                                                storages: [("0", fourFloats)]),
                code: .invalidShape, message: "x.pt: tensor 'w': stride [-1] has a negative step"),
    TorchDamage(name: "size and stride of different lengths",
                image: TorchFiles.zipCheckpoint(pickle: PickleWriter.stateDict([("w", view("0", count: 4, size: [2, 2], stride: [1]))]),
                                                storages: [("0", fourFloats)]),
                code: .invalidShape, message: "x.pt: tensor 'w': size [2, 2] and stride [1] differ in length"),
    TorchDamage(name: "a size whose product overflows",
                image: TorchFiles.zipCheckpoint(pickle: PickleWriter.stateDict([("w", view("0", count: 4, size: [1 << 40, 1 << 40], stride: [0, 0]))]),
                                                storages: [("0", fourFloats)]),
                code: .invalidShape, message: "x.pt: tensor 'w': size [1099511627776, 1099511627776] has too many elements to address"),
    TorchDamage(name: "an expanded view too large to copy",
                image: TorchFiles.zipCheckpoint(pickle: PickleWriter.stateDict([("w", view("0", count: 4, size: [1 << 30], stride: [0]))]),
                                                storages: [("0", fourFloats)]),
                code: .invalidShape,
                message: "x.pt: tensor 'w': size [1073741824] with stride [0] repeats the 4 elements of storage '0' into 1073741824; finetune copies tensors, and this one would take more than 256 MiB"),
    TorchDamage(name: "a storage shorter than the pickle says",
                image: TorchFiles.zipCheckpoint(pickle: PickleWriter.stateDict([("w", view("0", count: 4, size: [4], stride: [1]))]),
                                                storages: [("0", Array(fourFloats.prefix(12)))]),
                code: .storage, message: "x.pt: storage '0' holds 12 bytes but the pickle says 4 F32 elements (16 bytes)"),
    TorchDamage(name: "a storage missing from the archive",
                image: TorchFiles.zipCheckpoint(pickle: PickleWriter.stateDict([("w", view("7", count: 4, size: [4], stride: [1]))])),
                code: .storage, message: "x.pt: storage '7' is not in the archive (no archive/data/7)"),
    TorchDamage(name: "one key named with two types",
                image: TorchFiles.zipCheckpoint(pickle: PickleWriter.stateDict([("a", view("0", count: 4, size: [4], stride: [1])),
                                                                                 ("b", view("0", count: 4, size: [4], stride: [1], type: "IntStorage"))]),
                                                storages: [("0", fourFloats)]),
                code: .storage, message: "x.pt: storage '0' is named as 4 F32 and as 4 I32"),
    TorchDamage(name: "a flipped byte in a zip member",
                image: try! TorchFiles.fixture("views.zip.pt").withByte(flippedAt: 1410), code: .archive,
                message: "x.pt: zip archive: 'views.zip/data/0' is damaged: its CRC-32 is a40eec23 but the directory says b75d3862"),
    TorchDamage(name: "a compressed member", image: TorchFiles.zip([("archive/data.pkl", [0x80, 0x02, 0x7D, 0x2E])], method: 8), code: .archive,
                message: "x.pt: zip archive: 'archive/data.pkl' is compressed (method 8); torch.save stores members uncompressed"),
    TorchDamage(name: "an archive without data.pkl", image: TorchFiles.zip([("archive/version", Array("3\n".utf8))]), code: .archive,
                message: "x.pt: zip archive: no <name>/data.pkl; this is not a torch.save archive"),
    TorchDamage(name: "a big-endian archive", image: rezipped("views.zip.pt") { members in
        if let index = members.firstIndex(where: { $0.name.hasSuffix("/byteorder") }) { members[index].bytes = Array("big".utf8) }
    }, code: .archive, message: "x.pt: zip archive: byteorder is 'big'; only little-endian checkpoints are read"),
    TorchDamage(name: "a zip cut short", image: try! TorchFiles.fixture("views.zip.pt").prefix(2000), code: .truncated,
                message: "x.pt: zip archive has no end-of-directory record (the file may be cut short)"),
    TorchDamage(name: "a legacy file cut inside a storage", image: legacy("views.legacy.pt") { $0.removeLast(10) }, code: .truncated,
                message: "x.pt: legacy checkpoint: storage '94252874648608' needs 96 bytes at byte 1509 but the file ends after 86"),
    TorchDamage(name: "a legacy file with bytes after the last storage", image: legacy("views.legacy.pt") { $0 += [0, 0, 0] }, code: .storage,
                message: "x.pt: legacy checkpoint: 3 bytes follow the last storage"),
    TorchDamage(name: "a legacy file whose magic number is wrong", image: legacy("views.legacy.pt") { $0[4] ^= 0x01 }, code: .pickle,
                message: "x.pt: not a torch checkpoint: the first pickle is not torch's magic number 0x1950a86a20f9469cfc6c"),
    TorchDamage(name: "a legacy file of another protocol version", image: legacy("views.legacy.pt") { $0[18] = 0xEA }, code: .pickle,
                message: "x.pt: legacy checkpoint: protocol version is not 1001"),
]

extension Data {
    func withByte(flippedAt position: Int) -> Data {
        var copy = self
        copy[copy.startIndex + position] ^= 0xFF
        return copy
    }
}

@Test(arguments: torchDamageCases)
func damagedTorchCheckpointThrowsItsMessage(_ damage: TorchDamage) {
    do {
        let checkpoint = try TorchCheckpoint(data: damage.image, source: "x.pt")
        Issue.record("expected an error, read \(checkpoint.tensors.count) tensors")
    } catch {
        #expect(error.code == damage.code, "\(error)")
        #expect(error.file == "x.pt")
        #expect(error.description == damage.message)
    }
}

/// Seeded mutants of every committed checkpoint: cut short, bytes flipped, inserted or
/// deleted, small integers (lengths, counts, sizes) changed. Each must be read or refused
/// with a SafeTensorsError: never a crash, a hang or a huge allocation.
@Test func mutatedTorchCheckpointsAreReadOrRefused() throws {
    let names = ["dtypes.zip.pt", "dtypes.legacy.pt", "views.zip.pt", "views.legacy.pt", "module.zip.pt", "module.legacy.pt"]
    let originals = try names.map { [UInt8](try TorchFiles.fixture($0)) }
    var rng = TestGenerator(state: 21)
    var outcomes = (read: 0, refused: 0)
    var codes: [String: Int] = [:]
    let started = Date()
    for index in 0..<6_000 {
        var bytes = originals[index % originals.count]
        switch index / originals.count % 5 {
        case 0:
            bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
        case 1:
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= UInt8.random(in: 1...255, using: &rng)
            }
        case 2:
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            if Bool.random(using: &rng) { bytes.insert(UInt8.random(in: 0...255, using: &rng), at: at) } else { bytes.remove(at: at) }
        case 3:
            // A small integer nudged: length fields, element counts, BININT1 sizes.
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            bytes[at] = bytes[at] &+ (Bool.random(using: &rng) ? 1 : 255)
        default:
            // A 4-byte field set to a large value.
            let at = Int.random(in: 0..<(bytes.count - 4), using: &rng)
            let value = [UInt32(0x7FFF_FFFF), 0xFFFF_FFFF, 0x1000_0000, UInt32(bytes.count)][Int.random(in: 0..<4, using: &rng)]
            for shift in 0..<4 { bytes[at + shift] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(shift))) }
        }
        do {
            let checkpoint = try TorchCheckpoint(data: Data(bytes), source: "mutant")
            for record in checkpoint.tensors where record.floats() == nil { _ = record.int64s() }
            outcomes.read += 1
        } catch {
            outcomes.refused += 1
            codes[error.code.description, default: 0] += 1
        }
    }
    #expect(outcomes.read + outcomes.refused == 6_000)
    #expect(outcomes.refused > 3_000)
    #expect(Date().timeIntervalSince(started) < 60)
    print("torch checkpoint mutants: \(outcomes.read) read, \(outcomes.refused) refused \(codes.sorted { $0.key < $1.key })")
}
