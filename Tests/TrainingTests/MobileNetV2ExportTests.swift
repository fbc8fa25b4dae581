import Foundation
import Models
import SafeTensors
import Testing
import Torch

/// `finetune export` of a mobilenet_v2 run writes what torchvision loads with strict keys:
/// the names and shapes of `torchvision.models.mobilenet_v2(num_classes=N).state_dict()`
/// (Fixtures/mobilenet_v2/export.json, made by scripts/parity/mobilenet_v2_export.py, which
/// also loaded a real export into torchvision and compared its logits with `finetune predict`).
struct MobileNetV2ExportTests {
    struct Reference: Decodable {
        struct Config: Decodable {
            var format: String; var architecture: String; var num_classes: Int; var labels: [String]
            var image_size: Int; var resize: Int; var channels: Int; var mean: [Double]; var std: [Double]
        }
        var num_classes: Int
        var state: [[StateEntry]]
        var config: Config
        var max_abs_difference: Double
        var same_top1: [Bool]
    }

    /// One `[name, shape]` pair of the fixture's state list.
    enum StateEntry: Decodable {
        case name(String), shape([Int])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let name = try? c.decode(String.self) { self = .name(name) } else { self = .shape(try c.decode([Int].self)) }
        }
    }

    static let reference: Reference = try! JSONDecoder().decode(
        Reference.self, from: Data(contentsOf: MobileNetV2Tests.folder.appendingPathComponent("export.json")))

    static var torchvisionState: [String: [Int]] {
        var out: [String: [Int]] = [:]
        for pair in reference.state {
            guard case .name(let name) = pair[0], case .shape(let shape) = pair[1] else { continue }
            out[name] = shape
        }
        return out
    }

    @Test func exportHasTorchvisionsNamesAndShapes() throws {
        let network = try MobileNetV2(imageSize: 32, outputs: Self.reference.num_classes)
        let folder = NSTemporaryDirectory() + "mobilenet-export-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let labels = Self.reference.config.labels
        let files = try HFExport.writeVision(network, to: folder, metadata: .init(
            architecture: "mobilenet_v2", labels: labels, imageSize: 224, resize: 224, cropFraction: 1, channels: 3,
            mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225],
            loader: "torchvision.models.mobilenet_v2(num_classes=num_classes)", experiment: "e", run: "r"),
            rename: MobileNetV2.referenceName)
        #expect(files == ["config.json", "model.safetensors"])
        let file = try SafeTensorsFile(contentsOf: folder + "/model.safetensors")
        var written: [String: [Int]] = [:]
        for name in file.names { written[name] = file.info(name)?.shape }
        let expected = Self.torchvisionState
        #expect(expected.count == 314)
        #expect(Set(written.keys).subtracting(expected.keys).sorted() == [])
        #expect(Set(expected.keys).subtracting(written.keys).sorted() == [])
        for (name, shape) in expected { #expect(written[name] == shape, "\(name)") }
        #expect(file.info("features.1.conv.0.1.num_batches_tracked")?.dtype.rawValue == "I64")

        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/config.json"))) as? [String: Any]
        #expect(config?["architecture"] as? String == Self.reference.config.architecture)
        #expect(config?["format"] as? String == Self.reference.config.format)
        #expect(config?["num_classes"] as? Int == Self.reference.config.num_classes)
        #expect(config?["labels"] as? [String] == labels)
        #expect(config?["mean"] as? [Double] == Self.reference.config.mean)
        #expect(config?["std"] as? [Double] == Self.reference.config.std)
    }

    /// What the fixture's script measured on a real export: torchvision's logits and
    /// `finetune predict`'s within 1e-4, and the same class for every photo.
    @Test func recordedExportPredictsAsFinetune() {
        #expect(Self.reference.max_abs_difference <= 1e-4)
        #expect(Self.reference.same_top1.allSatisfy { $0 })
    }
}
