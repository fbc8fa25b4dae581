import Foundation
import Testing
@testable import SafeTensors

private func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
    var data = Data()
    for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    return data
}

@Test func writeThenReadRoundTripsEveryDType() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("model.safetensors").path

    let halves: [Float] = [1, -2, 0.5, 65504]
    let records = [
        TensorRecord(name: "z.f32", floats: [1.5, -2.25, 3, 4, 5, 6], shape: [2, 3]),
        TensorRecord(name: "a.f64", dtype: .f64, shape: [2], bytes: littleEndianBytes([(0.25 as Double).bitPattern, (-8.0 as Double).bitPattern])),
        TensorRecord(name: "h.f16", dtype: .f16, shape: [4], bytes: littleEndianBytes(halves.map(ElementDecoding.halfFromFloat))),
        TensorRecord(name: "b.bf16", dtype: .bf16, shape: [2], bytes: littleEndianBytes([UInt16(0x3F80), 0xC040])),  // 1, -3
        TensorRecord(name: "ids", int64s: [0, 1, -5], shape: [3]),
        TensorRecord(name: "i32", dtype: .i32, shape: [2], bytes: littleEndianBytes([Int32(-7), 9])),
        TensorRecord(name: "i16", dtype: .i16, shape: [1], bytes: littleEndianBytes([Int16(-300)])),
        TensorRecord(name: "i8", dtype: .i8, shape: [2], bytes: Data([0xFF, 0x05])),
        TensorRecord(name: "u8", dtype: .u8, shape: [2], bytes: Data([0xFF, 0x05])),
        TensorRecord(name: "mask", dtype: .bool, shape: [3], bytes: Data([1, 0, 1])),
        TensorRecord(name: "scalar", floats: [42], shape: []),
        TensorRecord(name: "empty", floats: [], shape: [0, 5]),
    ]
    let metadata = ["format": "pt", "note": "quotes \" and\nnewlines"]
    try SafeTensors.write(tensors: records, metadata: metadata, to: path)

    // Only the final file remains: the temporary was renamed into place.
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.safetensors"])

    let file = try SafeTensors.read(path)
    #expect(file.metadata == metadata)
    #expect(file.names == records.map(\.name), "data laid out in the order given")
    for record in records {
        let info = try file.require(record.name)
        #expect(info.dtype == record.dtype)
        #expect(info.shape == record.shape)
        #expect(try file.bytes(of: record.name) == record.bytes)
    }
    #expect(try file.floats(of: "z.f32") == [1.5, -2.25, 3, 4, 5, 6])
    #expect(try file.floats(of: "a.f64") == [0.25, -8])
    #expect(try file.floats(of: "h.f16") == halves)
    #expect(try file.floats(of: "b.bf16") == [1, -3])
    #expect(try file.floats(of: "scalar") == [42])
    #expect(try file.floats(of: "empty") == [])
    #expect(try file.int64s(of: "ids") == [0, 1, -5])
    #expect(try file.int64s(of: "i32") == [-7, 9])
    #expect(try file.int64s(of: "i16") == [-300])
    #expect(try file.int64s(of: "i8") == [-1, 5])
    #expect(try file.int64s(of: "u8") == [255, 5])
    #expect(try file.int64s(of: "mask") == [1, 0, 1])

    // Header: length a multiple of 8, keys sorted, padded with spaces.
    let raw = try Data(contentsOf: URL(fileURLWithPath: path))
    let headerLength = Int(raw.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
    #expect(headerLength % 8 == 0)
    let header = String(decoding: raw[8..<(8 + headerLength)], as: UTF8.self)
    let keys = ["__metadata__"] + records.map(\.name)
    let positions = keys.sorted().map { header.range(of: "\"\($0)\":")!.lowerBound }
    #expect(positions == positions.sorted())
    #expect(header.trimmingCharacters(in: .whitespaces).hasSuffix("}"))
}

@Test func overwritingReplacesTheFileAtomically() throws {
    let folder = try temporaryFolder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("w.safetensors").path
    try SafeTensors.write(tensors: [TensorRecord(name: "w", floats: [1], shape: [1])], to: path)
    try SafeTensors.write(tensors: [TensorRecord(name: "w", floats: [2, 3], shape: [2])], to: path)
    #expect(try SafeTensors.read(path).floats(of: "w") == [2, 3])
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).count == 1)
}

@Test(arguments: [
    (TensorRecord(name: "w", dtype: .f32, shape: [3], bytes: Data(count: 8)), SafeTensorsError.Code.byteCountMismatch),
    (TensorRecord(name: "__metadata__", floats: [1], shape: [1]), .invalidTensor),
    (TensorRecord(name: "w", dtype: .f32, shape: [-1], bytes: Data()), .invalidShape),
])
func writeRejectsInconsistentTensors(_ record: TensorRecord, _ code: SafeTensorsError.Code) {
    let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.serialize(tensors: [record]) }
    #expect(error?.code == code)
    #expect(error?.tensor == record.name)
}

@Test func writeRejectsDuplicateNames() {
    let record = TensorRecord(name: "w", floats: [1], shape: [1])
    let error = #expect(throws: SafeTensorsError.self) { try SafeTensors.serialize(tensors: [record, record]) }
    #expect(error?.message == "name appears more than once")
}

@Test func halfPrecisionConversionIsExact() {
    let known: [(UInt16, Float)] = [
        (0x3C00, 1), (0xC000, -2), (0x7BFF, 65504), (0x0001, 0x1p-24), (0x0400, 0x1p-14),
        (0x8000, -0.0), (0x7C00, .infinity), (0xFC00, -.infinity), (0x3555, 0.333251953125),
    ]
    for (bits, value) in known {
        #expect(ElementDecoding.floatFromHalf(bits) == value, "0x\(String(bits, radix: 16))")
        #expect(ElementDecoding.halfFromFloat(value) == bits)
    }
    #expect(ElementDecoding.floatFromHalf(0x7E00).isNaN)
    // Every non-NaN half survives half → float → half.
    for bits in UInt16.min...UInt16.max where !ElementDecoding.floatFromHalf(bits).isNaN {
        if ElementDecoding.halfFromFloat(ElementDecoding.floatFromHalf(bits)) != bits {
            Issue.record("0x\(String(bits, radix: 16)) does not round-trip")
            break
        }
    }
    #expect(ElementDecoding.halfFromFloat(1 + 0x1p-11) == 0x3C00, "ties round to even")
    #expect(ElementDecoding.halfFromFloat(70000) == 0x7C00, "overflow becomes infinity")
}
