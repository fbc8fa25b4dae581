import Datasets
import Foundation
import Testing
@testable import SafeTensors

/// The differential test: every fixture torch 2.15 saved (zip and legacy formats; several
/// dtypes, non-contiguous strides, shared storages, scalars, empty tensors, a module's state
/// dict with `_metadata`) reads back as torch.load reads it, to the byte.
struct TorchCheckpointReferenceTests {
    struct Expected: Decodable {
        struct Entry: Decodable {
            var name: String
            var dtype: String
            var shape: [Int]
            var hex: String
        }
        var torch: String
        var files: [String: [Entry]]
    }

    static let expected: Expected = {
        let data = try! TorchFiles.fixture("expected.json")
        return try! JSONDecoder().decode(Expected.self, from: data)
    }()

    static let files = expected.files.keys.sorted()

    @Test(arguments: files)
    func readsWhatTorchReads(_ file: String) throws {
        let checkpoint = try TorchCheckpoint(data: try TorchFiles.fixture(file), source: file)
        #expect(checkpoint.format == (file.contains(".zip.") ? .zip : .legacy))
        let entries = try #require(Self.expected.files[file])
        #expect(checkpoint.tensors.map(\.name) == entries.map(\.name))
        for (record, entry) in zip(checkpoint.tensors, entries) {
            #expect(record.dtype.rawValue == entry.dtype, "\(entry.name)")
            #expect(record.shape == entry.shape, "\(entry.name)")
            #expect(record.bytes.map { String(format: "%02x", $0) }.joined() == entry.hex, "\(entry.name)")
        }
    }

    @Test func bothFormatsGiveTheSameTensors() throws {
        for name in ["dtypes", "views", "module"] {
            let zip = try TorchCheckpoint(data: try TorchFiles.fixture("\(name).zip.pt"), source: "zip")
            let legacy = try TorchCheckpoint(data: try TorchFiles.fixture("\(name).legacy.pt"), source: "legacy")
            #expect(zip.tensors == legacy.tensors, "\(name)")
        }
    }

    @Test func convertsToNumbers() throws {
        let checkpoint = try TorchCheckpoint(data: try TorchFiles.fixture("views.zip.pt"), source: "views")
        let byName = Dictionary(uniqueKeysWithValues: checkpoint.tensors.map { ($0.name, $0) })
        let base = try #require(byName["base"]?.floats())
        let transposed = try #require(byName["transposed"]?.floats())
        // transposed[i][j] == base[j][i] for base [4, 6]
        for i in 0..<6 { for j in 0..<4 { #expect(transposed[i * 4 + j] == base[j * 6 + i]) } }
        #expect(byName["scalar"]?.floats() == [2.5])
        #expect(byName["long_counter"]?.int64s() == [17])
        #expect(byName["empty_2d"]?.floats() == [])
    }

    /// torchvision's ImageNet MobileNetV2 file (legacy format), when `finetune fetch mobilenet_v2`
    /// has put it in the cache: every tensor's name, shape, sum and first values as torch reads them.
    @Test(.enabled(if: TorchAssets.mobilenet != nil, "mobilenet_v2 asset not fetched"))
    func readsTorchvisionsMobileNetFile() throws {
        struct Digest: Decodable {
            struct Entry: Decodable { var name: String; var dtype: String; var shape: [Int]; var sum: Double; var first: [Double] }
            var tensors: [Entry]
        }
        let digest = try JSONDecoder().decode(Digest.self, from: try TorchFiles.fixture("mobilenet_v2-digest.json"))
        let started = Date()
        let checkpoint = try TorchCheckpoint(contentsOf: try #require(TorchAssets.mobilenet))
        let seconds = Date().timeIntervalSince(started)
        #expect(checkpoint.format == .legacy)
        #expect(checkpoint.tensors.count == 314)
        #expect(checkpoint.tensors.map(\.name) == digest.tensors.map(\.name))
        for (record, entry) in zip(checkpoint.tensors, digest.tensors) {
            #expect(record.shape == entry.shape && record.dtype.rawValue == entry.dtype, "\(entry.name)")
            let values = record.floats()?.map(Double.init) ?? record.int64s()!.map(Double.init)
            #expect(Array(values.prefix(4)) == entry.first, "\(entry.name)")
            let sum = values.reduce(0, +)
            #expect(abs(sum - entry.sum) <= 1e-9 * max(1, abs(entry.sum)), "\(entry.name): \(sum) vs \(entry.sum)")
        }
        let parameters = checkpoint.tensors.filter { !$0.name.hasSuffix("running_mean") && !$0.name.hasSuffix("running_var") && !$0.name.hasSuffix("num_batches_tracked") }
        #expect(parameters.reduce(0) { $0 + $1.elementCount } == 3_504_872)
        print("read \(checkpoint.tensors.count) tensors of mobilenet_v2 in \(String(format: "%.2f", seconds)) s")
    }
}

enum TorchAssets {
    static let root = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment)

    static let mobilenet: String? = {
        let path = root + "/mobilenet_v2/mobilenet_v2-b0353104.pth"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }()
}
