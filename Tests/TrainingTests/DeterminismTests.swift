import TestProcess
import Foundation
import Testing

/// Same configuration and seed, same machine → identical metrics. Checked across processes
/// with the real CLI, since libtorch's random generator is shared by tests running in parallel.
private let finetuneBinary = (TrainingFixture.repositoryRoot as NSString).appendingPathComponent(".build/debug/finetune")

@Suite("Determinism", .enabled(if: TrainingFixture.hasDigits && FileManager.default.isExecutableFile(atPath: finetuneBinary),
                               "needs the digits asset and a built .build/debug/finetune"))
struct DeterminismTests {
    @Test func twoProcessesTrainingTheSameRunWriteIdenticalMetrics() throws {
        let fixture = try TrainingFixture()
        let file = try fixture.write("same.yaml", """
        experiment: same
        seed: 7
        data: {source: digits, train_fraction: 0.2}
        model: {architecture: cnn, channels: [4, 8], dropout: 0.2}
        schedule: {epochs: 2, batch_size: 16}
        augmentation: [{kind: shift, pixels: 1}, {kind: noise, std: 0.05}]
        """)
        var outputs: [String] = []
        for name in ["a", "b"] {
            let results = (fixture.directory as NSString).appendingPathComponent(name)
            let done = try ProcessRunner.run(finetuneBinary, ["run", file, "--run", "base", "--results", results])
            #expect(done.status == 0, "\(done.stderr)")
            let runs = (results as NSString).appendingPathComponent("same/runs")
            let id = try #require(try FileManager.default.contentsOfDirectory(atPath: runs).first)
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(runs)/\(id)/result.json"))) as! [String: Any]
            let metrics = try JSONSerialization.data(withJSONObject: json["metrics"]!, options: .sortedKeys)
            outputs.append(String(decoding: metrics, as: UTF8.self))
        }
        #expect(outputs[0] == outputs[1])
    }
}
