import Datasets
import Foundation
@testable import SafeTensors

/// Seeded safetensors images, valid and damaged in the ways real files break: cut short,
/// bytes appended, a wrong header length, a flipped header byte, and edits of the offsets,
/// dtypes, shapes and structure of the header.
///
/// Headers are built from entries whose field values are raw JSON text, so a mutation can
/// write what no serializer would (`-0`, `2.0`, `1e999`, a repeated key) and the header is
/// rendered and measured afterwards: only the `headerLength` mutation lies about its length.
struct DamagedFileGenerator {
    enum Mutation: String, CaseIterable, Sendable {
        case none, truncate, append, headerLength, headerByte, offsets, dtype, shape, structure
    }

    struct Case: Sendable {
        let index: Int
        let mutation: Mutation
        let detail: String
        let image: Data
        /// Set when the case is one of the two places finetune is deliberately stricter than
        /// the reference: the text finetune's refusal then contains. A header that repeats a
        /// tensor name or a metadata key (the reference keeps the last silently), and an empty
        /// tensor with a dimension beyond Int.max (finetune's shapes are Int).
        let deliberateDifference: String?
    }

    private struct Entry {
        var name: String
        var fields: [(key: String, json: String)]
    }

    private var rng: SeededGenerator

    init(seed: UInt64) { rng = SeededGenerator(seed: seed) }

    mutating func cases(_ count: Int) -> [Case] {
        (0..<count).map { index in
            let mutation = Mutation.allCases[index % Mutation.allCases.count]
            return makeCase(index, mutation)
        }
    }

    // MARK: - Valid files

    private static let names = ["weight", "bias", "embeddings.word_embeddings.weight", "encoder.layer.0.output.dense.bias",
                                "head", "ids", "é-unicode", "a b", "x\\\"quoted"]

    private mutating func pick<T>(_ items: [T]) -> T { items[rng.nextInt(below: items.count)] }

    /// 1–4 tensors of any dtype, tiling the data section, optional metadata.
    private mutating func validEntries() -> (entries: [Entry], data: [UInt8]) {
        var entries: [Entry] = []
        var data: [UInt8] = []
        let count = rng.nextInt(in: 1...4)
        var used = Set<String>()
        while entries.count < count {
            let name = pick(Self.names)
            guard used.insert(name).inserted else { continue }
            let dtype = pick(DType.allCases)
            var shape = (0..<rng.nextInt(in: 0...3)).map { _ in rng.nextInt(in: 0...4) }
            var bits = shape.reduce(1, *) * dtype.bitSize
            if bits % 8 != 0 { shape.append(2); bits *= 2 }  // F4, F6: whole bytes, as a writer makes them
            if bits % 8 != 0 { shape[shape.count - 1] = 4; bits = shape.reduce(1, *) * dtype.bitSize }
            let bytes = (0..<(bits / 8)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            entries.append(Entry(name: name, fields: [
                ("dtype", "\"\(dtype.rawValue)\""),
                ("shape", "[" + shape.map(String.init).joined(separator: ",") + "]"),
                ("data_offsets", "[\(data.count),\(data.count + bytes.count)]"),
            ]))
            data += bytes
        }
        if rng.nextBool(probability: 0.4) {
            entries.append(Entry(name: "__metadata__", fields: [("format", "\"pt\""), ("note", "\"seeded\"")]))
        }
        if rng.nextBool(probability: 0.5) { rng.shuffle(&entries) }
        return (entries, data)
    }

    private static func render(_ entries: [Entry]) -> String {
        "{" + entries.map { entry in
            "\"\(entry.name)\":{" + entry.fields.map { "\"\($0.key)\":\($0.json)" }.joined(separator: ",") + "}"
        }.joined(separator: ",") + "}"
    }

    private static func image(header: [UInt8], declaredLength: UInt64? = nil, data: [UInt8]) -> Data {
        var out = Data()
        withUnsafeBytes(of: (declaredLength ?? UInt64(header.count)).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        out.append(contentsOf: data)
        return out
    }

    private mutating func padded(_ header: String) -> [UInt8] {
        var bytes = Array(header.utf8)
        let padding = rng.nextBool(probability: 0.7) ? (8 - bytes.count % 8) % 8 : rng.nextInt(in: 0...3)
        bytes += [UInt8](repeating: 0x20, count: padding)
        return bytes
    }

    // MARK: - Damage

    private mutating func makeCase(_ index: Int, _ mutation: Mutation) -> Case {
        var (entries, data) = validEntries()
        var detail = ""
        var repeats = false
        var huge = false
        let tensorIndices = entries.indices.filter { entries[$0].name != "__metadata__" }
        let target = pick(tensorIndices)

        func setField(_ key: String, _ json: String) {
            if let i = entries[target].fields.firstIndex(where: { $0.key == key }) { entries[target].fields[i].json = json }
        }
        func offsets(of i: Int) -> (Int, Int) {
            let text = entries[i].fields.first { $0.key == "data_offsets" }!.json.dropFirst().dropLast()
            let parts = text.split(separator: ",").map { Int($0)! }
            return (parts[0], parts[1])
        }

        switch mutation {
        case .offsets:
            let (begin, end) = offsets(of: target)
            let deltas = [-8, -2, -1, 1, 2, 8]
            switch rng.nextInt(below: 7) {
            case 0: setField("data_offsets", "[\(begin + pick(deltas)),\(end)]"); detail = "begin moved"
            case 1: setField("data_offsets", "[\(begin),\(end + pick(deltas))]"); detail = "end moved"
            case 2: setField("data_offsets", "[\(end),\(begin)]"); detail = "reversed"
            case 3: setField("data_offsets", "[\(begin + 4),\(end + 4)]"); data += [0, 0, 0, 0]; detail = "hole before"
            case 4: setField("data_offsets", "[\(begin),\(end),\(end)]"); detail = "three offsets"
            case 5: setField("data_offsets", pick(["[-0,\(end)]", "[\(begin).0,\(end)]", "[\(begin),1e2]", "null", "\"0,1\"", "[18446744073709551615,\(end)]"]))
                detail = "not integers"
            default: data += (0..<rng.nextInt(in: 1...8)).map { _ in 0 }; detail = "data after the last tensor"
            }
        case .dtype:
            let replacement = pick(DType.allCases.map { "\"\($0.rawValue)\"" } + ["\"f32\"", "\"F8\"", "\"FLOAT\"", "\"\"", "4", "null", "[\"F32\"]"])
            setField("dtype", replacement)
            detail = "dtype \(replacement)"
        case .shape:
            let shape = entries[target].fields.first { $0.key == "shape" }!.json
            let dims = shape.dropFirst().dropLast().split(separator: ",").map(String.init)
            var changed = dims
            switch rng.nextInt(below: 8) {
            case 0 where !dims.isEmpty:
                let axis = rng.nextInt(below: dims.count)
                changed[axis] = String(max(0, Int(dims[axis])! + pick([-1, 1, 2])))
            case 1: changed.append("1")
            case 2: changed.append("0")
            case 3 where !dims.isEmpty: changed.removeLast()
            case 4: changed.append(pick(["-1", "-0", "2.0", "1e1", "18446744073709551616", "\"2\""]))
            case 5: changed = ["4294967296", "4294967296"] + dims
            case 6: changed = ["4294967296", "4294967296", "0"]
            default: changed = ["18446744073709551615", "0"]; huge = true
            }
            setField("shape", "[" + changed.joined(separator: ",") + "]")
            detail = "shape \(changed)"
        case .structure:
            switch rng.nextInt(below: 10) {
            case 0: entries.append(entries[target]); repeats = true; detail = "tensor entry repeated"
            case 1: entries[target].fields.append(entries[target].fields[rng.nextInt(below: 3)]); detail = "field repeated"
            case 2:
                let extra = pick(["1", "\"x\"", "null", "[]", "{}", "1e999", "-1e400", "1e-400",
                                  String(repeating: "[", count: 125) + String(repeating: "]", count: 125),
                                  String(repeating: "[", count: 126) + String(repeating: "]", count: 126)])
                entries[target].fields.append(("extra", extra)); detail = "extra field \(extra.prefix(12))"
            case 3: entries[target].fields.remove(at: rng.nextInt(below: 3)); detail = "field removed"
            case 4: entries.append(Entry(name: "__metadata__", fields: [])); entries.append(Entry(name: "__metadata__", fields: []))
                repeats = true; detail = "__metadata__ twice"
            case 5: entries.append(Entry(name: "__metadata__", fields: [("a", "\"1\""), ("a", "\"2\"")])); repeats = true
                detail = "metadata key repeated"
            case 6: entries.append(Entry(name: "__metadata__", fields: [("epoch", pick(["3", "null", "[]", "true"]))])); detail = "metadata not a string"
            case 7:
                let header = Self.render(entries).replacingOccurrences(of: "\"\(entries[target].name)\":{", with: "\"\(entries[target].name)\":\(pick(["3", "null", "[]", "\"w\""])),\"_\":{")
                return finish(index, mutation, "entry not an object", header: padded(header), data: data, repeats: false)
            case 8:
                let header = Self.render(entries).replacingOccurrences(of: "{\"", with: "{\"__metadata__\":null,\"", options: [.anchored])
                return finish(index, mutation, "metadata null", header: padded(header), data: data, repeats: false)
            default:
                let header = pick(["{}", "[]", "null", "\u{FEFF}" + Self.render(entries), "\t" + Self.render(entries) + "\n", Self.render(entries) + "\u{0}",
                                   Self.render(entries) + " x", "{\"\\ud800\":{}}"])
                return finish(index, mutation, "whole header \(header.prefix(10))", header: Array(header.utf8), data: data, repeats: false)
            }
        default:
            break
        }

        let header = padded(Self.render(entries))
        return finish(index, mutation, detail, header: header, data: data, repeats: repeats, huge: huge)
    }

    private mutating func finish(_ index: Int, _ mutation: Mutation, _ detail: String, header: [UInt8], data: [UInt8], repeats: Bool, huge: Bool = false) -> Case {
        let difference = repeats ? "appears more than once" : huge ? "has a dimension beyond" : nil
        var image = Self.image(header: header, data: data)
        var detail = detail
        switch mutation {
        case .truncate:
            let length = rng.nextInt(below: image.count)
            image = image.prefix(length)
            detail = "cut to \(length) of \(image.count) bytes"
        case .append:
            image.append(contentsOf: (0..<rng.nextInt(in: 1...9)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
            detail = "bytes appended"
        case .headerLength:
            let delta = pick([-9, -8, -2, -1, 1, 2, 8])
            let declared: UInt64 = rng.nextBool(probability: 0.8)
                ? UInt64(max(0, header.count + delta))
                : pick([0, 1, 100_000_000, 100_000_001, UInt64.max, UInt64(image.count)])
            image = Self.image(header: header, declaredLength: declared, data: data)
            detail = "header length \(declared) for \(header.count)"
        case .headerByte:
            let position = 8 + rng.nextInt(below: max(1, header.count))
            if position < image.count {
                let byte = rng.nextBool(probability: 0.5) ? UInt8(truncatingIfNeeded: rng.next()) : pick(Array("{}[]\",:0123456789-.e \t".utf8) + [0, 0xFF, 0xC3])
                image[position] = byte
                detail = "header byte \(position - 8) = \(byte)"
            }
        default:
            break
        }
        return Case(index: index, mutation: mutation, detail: detail, image: image, deliberateDifference: difference)
    }
}
