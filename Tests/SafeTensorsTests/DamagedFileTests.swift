import Foundation
import Testing
@testable import SafeTensors

struct DamageCase: CustomTestStringConvertible, Sendable {
    let name: String
    let image: Data
    let code: SafeTensorsError.Code
    /// Text the message must contain.
    let mentions: String
    /// The tensor the error must name, if any.
    var tensor: String? = nil

    var testDescription: String { name }
}

private let twoFloats = [UInt8](repeating: 0, count: 8)

let damageCases: [DamageCase] = [
    DamageCase(name: "empty file", image: Data(), code: .truncated, mentions: "0 bytes"),
    DamageCase(name: "shorter than the length field", image: Data([1, 2, 3, 4, 5]), code: .truncated, mentions: "5 bytes"),
    DamageCase(name: "garbage header length", image: RawFile.image(header: "{}", declaredLength: UInt64.max),
               code: .headerLength, mentions: "exceeds"),
    DamageCase(name: "header length over 100 MB", image: RawFile.image(header: "{}", declaredLength: 200_000_000),
               code: .headerLength, mentions: "100000000"),
    DamageCase(name: "header length past end of file", image: RawFile.image(header: "{}", declaredLength: 64),
               code: .headerLength, mentions: "runs past the end"),
    DamageCase(name: "zero header length", image: RawFile.image(header: "", declaredLength: 0),
               code: .headerLength, mentions: "too short"),
    DamageCase(name: "header not JSON", image: RawFile.image(header: "hello, world"), code: .headerSyntax, mentions: "not valid JSON"),
    DamageCase(name: "header JSON cut short", image: RawFile.image(header: "{\"a\": {\"dtype\": \"F32\""),
               code: .headerSyntax, mentions: "not valid JSON"),
    DamageCase(name: "header not UTF-8", image: RawFile.image(headerBytes: [0x7B, 0xFF, 0xFE, 0x7D]),
               code: .headerEncoding, mentions: "UTF-8"),
    DamageCase(name: "header is an array", image: RawFile.image(header: "[1, 2]"), code: .headerStructure, mentions: "an array"),
    DamageCase(name: "deeply nested header", image: RawFile.image(header: String(repeating: "[", count: 100_000)),
               code: .headerSyntax, mentions: "nesting"),
    DamageCase(name: "top-level field not an object", image: RawFile.image(header: #"{"version": 3}"#),
               code: .headerStructure, mentions: "expected an object", tensor: "version"),
    DamageCase(name: "metadata not strings", image: RawFile.image(header: #"{"__metadata__": {"epoch": 3}}"#),
               code: .headerStructure, mentions: "__metadata__ entry 'epoch'"),
    DamageCase(name: "duplicate tensor name",
               image: RawFile.image(header: #"{"w": {"dtype": "U8", "shape": [0], "data_offsets": [0, 0]}, "w": {"dtype": "U8", "shape": [0], "data_offsets": [0, 0]}}"#),
               code: .headerStructure, mentions: "more than once", tensor: "w"),
    DamageCase(name: "missing dtype", image: RawFile.image(header: #"{"w": {"shape": [2], "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .headerStructure, mentions: "missing field 'dtype'", tensor: "w"),
    DamageCase(name: "unknown dtype", image: RawFile.image(header: #"{"w": {"dtype": "F8", "shape": [2], "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .unknownDType, mentions: "unknown dtype 'F8'", tensor: "w"),
    DamageCase(name: "dtype not a string", image: RawFile.image(header: #"{"w": {"dtype": 4, "shape": [2], "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .unknownDType, mentions: "expected a string", tensor: "w"),
    DamageCase(name: "negative shape", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .invalidShape, mentions: "negative", tensor: "w"),
    DamageCase(name: "fractional shape", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": [2.5], "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .invalidShape, mentions: "shape[0]", tensor: "w"),
    DamageCase(name: "shape beyond Int", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": [99999999999999999999], "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .invalidShape, mentions: "shape[0]", tensor: "w"),
    DamageCase(name: "shape product overflows", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": [4611686018427387904, 4611686018427387904], "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .invalidShape, mentions: "too many elements", tensor: "w"),
    DamageCase(name: "byte size overflows", image: RawFile.image(header: #"{"w": {"dtype": "F64", "shape": [4611686018427387904], "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .invalidShape, mentions: "too many elements", tensor: "w"),
    DamageCase(name: "shape not an array", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": 2, "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .invalidShape, mentions: "expected an array", tensor: "w"),
    DamageCase(name: "offsets not a pair", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": [2], "data_offsets": [0]}}"#, data: twoFloats),
               code: .invalidOffsets, mentions: "[begin, end]", tensor: "w"),
    DamageCase(name: "negative offset", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": [2], "data_offsets": [-8, 0]}}"#, data: twoFloats),
               code: .invalidOffsets, mentions: "data_offsets[0]", tensor: "w"),
    DamageCase(name: "offsets reversed", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": [2], "data_offsets": [8, 0]}}"#, data: twoFloats),
               code: .invalidOffsets, mentions: "ends before it begins", tensor: "w"),
    DamageCase(name: "offsets past the data", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}"#, data: twoFloats),
               code: .invalidOffsets, mentions: "truncated", tensor: "w"),
    DamageCase(name: "wrong byte count", image: RawFile.image(header: #"{"w": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}"#, data: twoFloats),
               code: .byteCountMismatch, mentions: "needs 12 bytes", tensor: "w"),
    DamageCase(name: "overlapping offsets",
               image: RawFile.image(header: #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}"#, data: twoFloats),
               code: .overlap, mentions: "overlap tensor 'a'", tensor: "b"),
]

@Test(arguments: damageCases)
func damagedFileThrowsClearError(_ damage: DamageCase) {
    do {
        let file = try SafeTensorsFile(data: damage.image, source: "broken.safetensors")
        Issue.record("expected an error, opened \(file.tensors.count) tensors")
    } catch {
        #expect(error.code == damage.code, "\(error)")
        #expect(error.file == "broken.safetensors")
        #expect(error.tensor == damage.tensor, "\(error)")
        #expect(error.message.contains(damage.mentions), "\(error)")
        #expect(error.description.hasPrefix("broken.safetensors: "))
    }
}

@Test func everyTruncationOfAValidFileThrows() throws {
    let image = try SafeTensors.serialize(tensors: [
        TensorRecord(name: "a", floats: [1, 2, 3], shape: [3]),
        TensorRecord(name: "b", int64s: [7, 8], shape: [2]),
    ], metadata: ["format": "pt"])
    _ = try SafeTensorsFile(data: image, source: "whole")
    for length in 0..<image.count {
        #expect(throws: SafeTensorsError.self, "prefix of \(length) bytes") {
            try SafeTensorsFile(data: image.prefix(length), source: "cut")
        }
    }
}

@Test func randomHeaderCorruptionNeverCrashes() throws {
    let image = try SafeTensors.serialize(tensors: [
        TensorRecord(name: "layer.weight", floats: [1, 2, 3, 4], shape: [2, 2]),
        TensorRecord(name: "layer.bias", floats: [5, 6], shape: [2]),
    ], metadata: ["format": "pt"])
    var rng = TestGenerator(state: 42)  // fixed seed: a failure must be reproducible
    var outcomes = (opened: 0, rejected: 0)
    for _ in 0..<2_000 {
        var damaged = image
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = Int.random(in: 0..<min(image.count, 8 + 200), using: &rng)
            damaged[position] = UInt8.random(in: 0...255, using: &rng)
        }
        do {
            let file = try SafeTensorsFile(data: damaged, source: "fuzz")
            for tensor in file.tensors where tensor.dtype.isFloatingPoint { _ = try file.floats(of: tensor.name) }
            outcomes.opened += 1
        } catch {
            outcomes.rejected += 1
        }
    }
    #expect(outcomes.opened + outcomes.rejected == 2_000)
    #expect(outcomes.rejected > 0)
}

/// The reference refuses a data section its tensors do not tile exactly: a hole between two
/// tensors, bytes after the last, or a header length a byte or two short (the last padding
/// byte then reads as data and every tensor is shifted).
@Test(arguments: [
    ("a hole between tensors", RawFile.image(header: #"{"a": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}, "b": {"dtype": "U8", "shape": [2], "data_offsets": [6, 8]}}"#, data: [1, 2, 0, 0, 0, 0, 3, 4]),
     "tensor 'b': data_offsets begin at 6 but the tensors before it end at 2: bytes 2..<6 belong to no tensor"),
    ("bytes after the last tensor", RawFile.image(header: #"{"a": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}}"#, data: [1, 2, 3]),
     "the data section is 3 bytes but its tensors cover 2: bytes 2..<3 belong to no tensor (is the header length wrong?)"),
    ("header length two bytes short", RawFile.image(header: #"{"a": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}}  "#, data: [1, 2], declaredLength: 60),
     "the data section is 4 bytes but its tensors cover 2: bytes 2..<4 belong to no tensor (is the header length wrong?)"),
])
func aDataSectionNotTiledExactlyIsRefused(_ name: String, _ image: Data, _ message: String) {
    #expect(throws: SafeTensorsError.self, "\(name)") { try SafeTensorsFile(data: image, source: "holes") }
    do { _ = try SafeTensorsFile(data: image, source: "holes") } catch {
        #expect(error.code == .uncovered)
        #expect(error.description == "holes: " + message)
    }
}

@Test func emptyTensorsAndExtraFieldsAreRead() throws {
    let image = RawFile.image(header: #"{"a": {"dtype": "U8", "shape": [2], "data_offsets": [0, 2]}, "extra": {"dtype": "BOOL", "shape": [0], "data_offsets": [2, 2], "note": "ignored"}}"#,
                              data: [3, 4])
    let file = try SafeTensorsFile(data: image, source: "empty")
    #expect(file.names == ["a", "extra"])
    #expect(try file.int64s(of: "a") == [3, 4])
    #expect(try file.int64s(of: "extra") == [])
}

@Test func conversionErrorsNameTheTensor() throws {
    let image = try SafeTensors.serialize(tensors: [TensorRecord(name: "ids", int64s: [1], shape: [1])])
    let file = try SafeTensorsFile(data: image, source: "ids.safetensors")
    #expect(throws: SafeTensorsError(.unsupportedConversion, file: "ids.safetensors", tensor: "ids",
                                     "dtype I64 is not floating point; use int64s(of:)")) {
        try file.floats(of: "ids")
    }
    let missing = #expect(throws: SafeTensorsError.self) { try file.floats(of: "weight") }
    #expect(missing?.code == .missingTensor)
    #expect(missing?.tensor == "weight")
}
