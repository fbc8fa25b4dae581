import Foundation
import Testing
import TestProcess
@testable import Training

private let finetuneBinary = projectRoot + "/.build/debug/finetune"

/// `finetune predict RUN_DIR TEXT…` as a user runs it, on a tiny run per text family (the
/// committed folders of `EncoderFamilyParityTests`): one JSON line per text whose label, classes,
/// probabilities and logits are what the saved run computes in process.
@Suite(.enabled(if: hasVADER && FileManager.default.isExecutableFile(atPath: finetuneBinary),
                "needs the VADER asset (make deps) and a built .build/debug/finetune"))
struct TextPredictCommandTests {
    static let texts = ["a wonderful, moving film", "dull and far too long", "naïve café 😀"]

    @Test(arguments: [("bert", "cls"), ("distilbert", "cls"), ("roberta", "mean"), ("electra", "cls")])
    func predictPrintsOneLinePerText(_ name: String, pooling: String) throws {
        let folder = TemporaryFolder()
        let (result, runFolder) = try EncoderFamilyRunTests.trainTiny(name, experiment: "\(name)-predict", seed: 5,
                                                                      pooling: pooling, in: folder)
        try #require(result.status == .done, "\(result.error ?? "")")
        let done = try ProcessRunner.run(finetuneBinary, ["predict", runFolder] + Self.texts)
        try #require(done.status == 0, "\(done.stderr)")
        let lines = done.stdout.split(separator: "\n")
        try #require(lines.count == Self.texts.count, "\(done.stdout)")
        let expected = try SavedRun(folder: runFolder).predict(texts: Self.texts)
        for (line, want) in zip(lines, expected) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let classes = try #require(object["classes"] as? [String])
            let probabilities = try #require(object["probabilities"] as? [Double])
            let logits = try #require(object["logits"] as? [Double])
            #expect(classes == ["negative", "positive"])
            #expect(object["label"] as? String == want.label)
            #expect(abs(probabilities.reduce(0, +) - 1) < 1e-6)
            #expect(maxDifference([logits], [want.logits]) < 1e-5, "\(name): \(logits) vs \(want.logits)")
        }
    }
}
