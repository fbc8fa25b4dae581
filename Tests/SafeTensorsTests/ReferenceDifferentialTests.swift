import TestProcess
import Foundation
import Testing
@testable import SafeTensors

/// finetune's reader against the reference one (the `safetensors` Python package, 0.8, that
/// `make deps` installs): the same seeded damaged files go through both, and finetune must
/// refuse exactly what the reference refuses and, where both accept, read the same tensors —
/// names, dtypes, shapes and bytes.
///
/// Two deliberate differences (see `DamagedFileGenerator.Case.deliberateDifference`): a
/// header that repeats a tensor name or a metadata key is refused by finetune (which of the
/// two is meant?) while the reference keeps the last, and an empty tensor with a dimension
/// beyond Int.max is refused because finetune's shapes are Int.
/// The test fails, rather than skips, when Python or the package is missing.
@Suite("safetensors: finetune refuses exactly what the reference refuses")
struct ReferenceDifferentialTests {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let script = package.appendingPathComponent("scripts/safetensors-reference.py").path

    /// What one reader made of a file.
    enum Verdict: Equatable, CustomStringConvertible {
        case accepted([String: Tensor])
        case refused(String)

        struct Tensor: Equatable { let dtype: String; let shape: [Int]; let hex: String }

        var isAccepted: Bool { if case .accepted = self { true } else { false } }
        var description: String {
            switch self {
            case .accepted(let tensors): "accepted \(tensors.keys.sorted())"
            case .refused(let message): "refused: \(message)"
            }
        }
    }

    static func finetune(_ image: Data) -> Verdict {
        do {
            let file = try SafeTensorsFile(data: image, source: "case")
            var tensors: [String: Verdict.Tensor] = [:]
            for info in file.tensors {
                tensors[info.name] = .init(dtype: info.dtype.rawValue, shape: info.shape,
                                           hex: hex(file.bytes(of: info)))
            }
            return .accepted(tensors)
        } catch {
            return .refused(error.description)
        }
    }

    static func hex(_ bytes: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes { out.append(digits[Int(byte >> 4)]); out.append(digits[Int(byte & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Runs the reference over every file in one Python process (a second or so).
    static func reference(_ files: [String]) throws -> [Verdict] {
        let done = try ProcessRunner.run("/usr/bin/env", ["python3", script] + files)
        try #require(done.status == 0, "the reference reader failed (run `make deps`): \(done.stderr)")
        let lines = done.stdout.split(separator: "\n")
        try #require(lines.count == files.count, "the reference answered \(lines.count) of \(files.count) files")
        return try lines.map { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard object["accepted"] as? Bool == true else { return .refused(object["error"] as? String ?? "?") }
            let tensors = try #require(object["tensors"] as? [String: [String: Any]])
            return .accepted(tensors.mapValues { info in
                .init(dtype: info["dtype"] as? String ?? "?", shape: info["shape"] as? [Int] ?? [-1], hex: info["hex"] as? String ?? "?")
            })
        }
    }

    @Test func seededDamagedFilesGetTheReferenceVerdict() throws {
        var generator = DamagedFileGenerator(seed: 15)
        let cases = generator.cases(1_800)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-safetensors-diff-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try cases.map { item -> String in
            let path = folder.appendingPathComponent("case-\(item.index).safetensors").path
            try item.image.write(to: URL(fileURLWithPath: path))
            return path
        }
        let references = try Self.reference(files)

        var tally: [DamagedFileGenerator.Mutation: (accepted: Int, refused: Int)] = [:]
        var strictRefusals = 0
        for (item, reference) in zip(cases, references) {
            let ours = Self.finetune(item.image)
            if let difference = item.deliberateDifference, case .refused(let message) = ours, message.contains(difference) {
                strictRefusals += 1  // documented on DamagedFileGenerator.Case
                continue
            }
            switch (ours, reference) {
            case (.accepted, .accepted):
                #expect(ours == reference, "case \(item.index) (\(item.mutation): \(item.detail)): different tensors")
                tally[item.mutation, default: (0, 0)].accepted += 1
            case (.refused, .refused):
                tally[item.mutation, default: (0, 0)].refused += 1
            default:
                Issue.record("case \(item.index) (\(item.mutation): \(item.detail)): finetune \(ours), reference \(reference)")
            }
        }
        // Not vacuous: every kind of damage occurred and was refused at least once, valid
        // files were read by both, and the deliberate difference was exercised.
        for mutation in DamagedFileGenerator.Mutation.allCases where mutation != .none {
            #expect((tally[mutation]?.refused ?? 0) > 20, "\(mutation): \(String(describing: tally[mutation]))")
        }
        #expect((tally[.none]?.accepted ?? 0) == 200, "every undamaged file is read: \(String(describing: tally[.none]))")
        #expect(tally.values.reduce(0) { $0 + $1.accepted } > 300)
        #expect(strictRefusals > 20)
    }

    /// The limits the reference sets, one case each, so a change in either reader shows here
    /// by name before it shows as a count.
    @Test(arguments: [
        ("127 nested levels", "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":" + String(repeating: "[", count: 125) + String(repeating: "]", count: 125) + "}}", true),
        ("128 nested levels", "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":" + String(repeating: "[", count: 126) + String(repeating: "]", count: 126) + "}}", false),
        ("a double out of range in an ignored field", "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":1e999}}", false),
        ("-0 as an offset", "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[-0,1]}}", false),
        ("null metadata", "{\"__metadata__\":null,\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", true),
        ("a 4-bit tensor of 3 elements", "{\"w\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,1]}}", false),
        ("a 4-bit tensor of 2 elements", "{\"w\":{\"dtype\":\"F4\",\"shape\":[2],\"data_offsets\":[0,1]}}", true),
        ("an overflowing product before a zero", "{\"w\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,0],\"data_offsets\":[0,0]},\"v\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", false),
        ("a hole before the only tensor", "{\"w\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[1,1]}}", false),
    ])
    func aLimitOfTheReference(_ name: String, _ header: String, _ accepted: Bool) throws {
        var image = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { image.append(contentsOf: $0) }
        image.append(contentsOf: header.utf8)
        image.append(0x07)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("finetune-limit-\(UUID().uuidString.prefix(8)).safetensors")
        try image.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let reference = try #require(try Self.reference([file.path]).first)
        #expect(reference.isAccepted == accepted, "\(name): reference \(reference)")
        #expect(Self.finetune(image).isAccepted == accepted, "\(name): finetune \(Self.finetune(image))")
    }
}
