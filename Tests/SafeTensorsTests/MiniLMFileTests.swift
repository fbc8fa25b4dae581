import Foundation
import Testing
import Datasets
import SafeTensors

/// Ground truth from Python: `json.loads` of the header of the real all-MiniLM-L6-v2
/// checkpoint and `struct.unpack('<4f', …)` of the first values.
private let miniLMPath = AssetsRoot.resolve(environment: ProcessInfo.processInfo.environment) + "/minilm/model.safetensors"
private let hasMiniLM = FileManager.default.fileExists(atPath: miniLMPath)

@Suite(.enabled(if: hasMiniLM, "MiniLM asset not downloaded"))
struct MiniLMFileTests {
    let file: SafeTensorsFile

    init() throws {
        file = try SafeTensors.read(miniLMPath)
    }

    @Test func headerMatchesPython() throws {
        #expect(file.tensors.count == 104)
        #expect(file.metadata == ["format": "pt"])
        #expect(file.tensors.filter { $0.dtype == .f32 }.count == 103)
        #expect(file.names.first == "embeddings.position_ids", "file order is data order")
        #expect(file.names.last == "pooler.dense.weight")

        let words = try file.require("embeddings.word_embeddings.weight")
        #expect(words.dtype == .f32)
        #expect(words.shape == [30522, 384])
        #expect(words.dataOffsets == 796_672..<47_678_464)

        let layer5 = file.names.filter { $0.hasPrefix("encoder.layer.5.") }
        #expect(layer5.count == 16)
        #expect(try file.require("encoder.layer.5.intermediate.dense.weight").shape == [1536, 384])
    }

    @Test func valuesMatchPython() throws {
        let bias = try file.floats(of: "encoder.layer.5.output.LayerNorm.bias")
        #expect(bias.count == 384)
        #expect(Array(bias.prefix(4)) == [-0.03630739822983742, 0.06616555154323578, 0.014946041628718376, 0.0006223558448255062])

        let words = try file.floats(of: "embeddings.word_embeddings.weight")
        #expect(words.count == 30522 * 384)
        #expect(Array(words.prefix(4)) == [-0.019989013671875, -0.0034027099609375, -0.014678955078125, 0.0117034912109375])

        #expect(try file.int64s(of: "embeddings.position_ids") == (0..<512).map(Int64.init))
    }
}
