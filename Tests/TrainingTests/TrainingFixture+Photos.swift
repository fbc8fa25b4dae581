import Foundation
import Models
import SafeTensors
import Torch

extension TrainingFixture {
    /// A folder `photos/` of the four committed 224 px photos (Fixtures/mobilenet_v2), the two
    /// animals in `animal/` and the two objects in `object/`, each copied `copies` times.
    func photos(copies: Int = 3) throws -> String {
        let photos = (directory as NSString).appendingPathComponent("photos")
        for (index, item) in MobileNetV2Tests.parity.imagenet.cases.enumerated() {
            let folder = (photos as NSString).appendingPathComponent(index < 2 ? "animal" : "object")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for copy in 0..<copies {
                try FileManager.default.copyItem(atPath: MobileNetV2Tests.folder.appendingPathComponent(item.photo).path,
                                                 toPath: (folder as NSString).appendingPathComponent("\(copy)-\(item.photo)"))
            }
        }
        return photos
    }

    /// `network`'s weights written as a safetensors file under the reference library's names.
    func weightsFile(_ name: String, _ network: Network, rename: (String) -> String = { $0 }) throws -> String {
        var renamed: [String: Tensor] = [:]
        for (key, tensor) in try network.stateDict() { renamed[rename(key)] = tensor }
        let path = (directory as NSString).appendingPathComponent(name)
        try Checkpoint.write(state: renamed, to: path)
        return path
    }
}
