import Foundation
import Testing
import TestProcess
import Results
@testable import Training

private let finetuneBinary = projectRoot + "/.build/debug/finetune"

/// `finetune embed` and `finetune sweep` as a user runs them on the committed folder of every
/// text family (`EncoderFamilyParityTests`' tiny models, references from transformers).
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: finetuneBinary), "needs a built .build/debug/finetune"))
struct TextFamilyCommandTests {
    /// Each reference text alone (no padding): the ids transformers' tokenizer gave, and the
    /// L2-normalised mean of transformers' last hidden state over its tokens.
    @Test(arguments: ["bert", "distilbert", "roberta", "xlm-roberta", "electra", "electra-projected"])
    func embedGivesTransformersMeanPooledStates(_ name: String) throws {
        let folder = EncoderFamilyParityTests.fixtures + "/" + name
        let reference = try EncoderFamilyParityTests.Reference.load(name)
        let done = try ProcessRunner.run(finetuneBinary, ["embed", "--model", folder] + reference.rows.map(\.text))
        try #require(done.status == 0, "\(done.stderr)")
        let printed = try #require(try JSONSerialization.jsonObject(with: done.stdoutData) as? [[String: Any]])
        try #require(printed.count == reference.rows.count)
        for (object, row) in zip(printed, reference.rows) {
            #expect(object["text"] as? String == row.text)
            #expect(object["ids"] as? [Int] == row.ids, "\(name): \(row.text)")
            let embedding = try #require(object["embedding"] as? [Double])
            let width = row.hidden[0].count
            let mean = (0..<width).map { j in row.hidden.map { $0[j] }.reduce(0, +) / Double(row.hidden.count) }
            let norm = mean.map { $0 * $0 }.reduce(0, +).squareRoot()
            #expect(maxDifference([embedding], [mean.map { $0 / norm }]) < 1e-4, "\(name): \(row.text)")
        }
    }

    /// A one-run sweep of an XLM-R folder (Unigram tokenizer, positions past the padding index)
    /// through the engine worker, as `make sweep` runs experiments: done, with its metrics.
    @Test(.enabled(if: hasVADER, "VADER asset not downloaded (make deps)"))
    func aSweepFineTunesAnXLMRFolder() throws {
        let folder = TemporaryFolder()
        let file = folder.write("xlmr.yaml", """
            experiment: xlmr-sweep
            seed: 1
            data:
              source: sentiment/movies
              margin: 2.5
              split: {train: 0.9, validation: 0.05, test: 0.05}
              per_class: 8
            model: {architecture: bert, pretrained: \(EncoderFamilyParityTests.fixtures)/xlm-roberta, max_length: 16, pooling: cls}
            optimizer: {name: adamw, lr: 1e-3}
            schedule: {epochs: 1, batch_size: 16, warmup: 0.0, decay: constant}
            evaluation: {metrics: [accuracy], select: validation.accuracy}
            """)
        let results = folder.file("results")
        let done = try ProcessRunner.run(finetuneBinary, ["sweep", file, "--results", results])
        try #require(done.status == 0, "\(done.stdout)\n\(done.stderr)")
        let runs = try FileManager.default.contentsOfDirectory(atPath: results + "/xlmr-sweep/runs")
        try #require(runs.count == 1)
        let result = try RunResult.decode(Data(contentsOf: URL(fileURLWithPath: results + "/xlmr-sweep/runs/\(runs[0])/result.json")))
        #expect(result.status == .done, "\(result.error ?? "")")
        #expect((result.metrics["validation"]?["accuracy"]).map { (0...1).contains($0) } == true)
        #expect(FileManager.default.fileExists(atPath: results + "/xlmr-sweep/report.md"))
    }
}
