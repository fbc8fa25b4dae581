import Testing
@testable import Experiment

/// Built-in datasets and models must be in the asset cache before anything runs; a missing
/// one is an error at the key that names it, with the command that fetches it.
@Suite("Assets a file names are checked before anything runs")
struct AssetCheckTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// YAML with ⟨E⟩ where the error belongs (none when nothing is missing).
        var marked: String
        /// Files present in the cache, relative to its root.
        var present: [String]
        /// The start of the message at ⟨E⟩; nil when the file is fine.
        var message: String?
        var testDescription: String { name }
    }

    static let root = "/cache/finetune"
    static let digits = "digits/digits.csv"
    static let minilm = ["minilm/model.safetensors", "minilm/config.json", "minilm/vocab.txt"]
    static let fashion = ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte", "train-labels-idx1-ubyte"].map { "fashion-mnist/" + $0 }

    static let cases: [Case] = [
        Case(name: "digits missing", marked: """
            experiment: t
            data: {source: ⟨E⟩digits}
            model: {architecture: cnn}
            """, present: [], message: "data.source: the built-in dataset 'digits' is not in the asset cache /cache/finetune (/cache/finetune/digits/digits.csv is missing); run `finetune fetch digits` to download it"),
        Case(name: "digits present", marked: """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn}
            """, present: [digits], message: nil),
        Case(name: "a swept source points at the sweep value", marked: """
            experiment: t
            data: {source: sentiment/movies}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            sweep:
              data.source: [⟨E⟩sentiment/tweets]
            """, present: minilm, message: "data.source: the built-in dataset 'sentiment/tweets' is not in the asset cache"),
        Case(name: "MiniLM missing", marked: """
            experiment: t
            data: {source: digits}
            model: {architecture: bert, pretrained: ⟨E⟩all-MiniLM-L6-v2}
            """, present: [digits], message: "model.pretrained: the built-in model 'all-MiniLM-L6-v2' is not in the asset cache /cache/finetune (/cache/finetune/minilm/model.safetensors is missing (and 2 more)); run `finetune fetch minilm` to download it"),
        Case(name: "mobilenet_v2's ImageNet weights missing", marked: """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: mobilenet_v2, pretrained: ⟨E⟩imagenet}
            """, present: fashion, message: "model.pretrained: mobilenet_v2's ImageNet weights is not in the asset cache /cache/finetune (/cache/finetune/mobilenet_v2/mobilenet_v2-b0353104.pth is missing); run `finetune fetch mobilenet_v2` to download it"),
        Case(name: "mobilenet_v2's ImageNet weights present", marked: """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: mobilenet_v2, pretrained: imagenet}
            """, present: fashion + ["mobilenet_v2/mobilenet_v2-b0353104.pth"], message: nil),
        Case(name: "efficientnet_lite0's ImageNet weights missing", marked: """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: efficientnet_lite0, pretrained: ⟨E⟩imagenet}
            """, present: fashion, message: "model.pretrained: efficientnet_lite0's ImageNet weights is not in the asset cache /cache/finetune (/cache/finetune/efficientnet_lite0/efficientnet-lite0-57934424.pth is missing); run `finetune fetch efficientnet_lite0` to download it"),
        Case(name: "bert from scratch needs MiniLM's vocabulary", marked: """
            experiment: t
            data: {source: digits}
            model: {architecture: ⟨E⟩bert}
            """, present: [digits], message: "model.pretrained: bert with pretrained none"),
        Case(name: "the forgetting probe's source", marked: """
            experiment: t
            data: {source: digits}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            evaluation:
              forgetting: {source: ⟨E⟩sentiment/movies}
            """, present: [digits] + minilm, message: "evaluation.forgetting.source: the built-in dataset 'sentiment/movies'"),
        Case(name: "a user file needs no asset", marked: """
            experiment: t
            data: {source: {csv: data.csv, label: y}}
            model: {architecture: mlp}
            """, present: [], message: nil),
    ]

    @Test(arguments: cases)
    func assets(_ c: Case) {
        let workspace = Workspace()
        workspace.write("data.csv", "a,y\n1,0\n2,1\n")
        let text = MarkedText(c.marked)
        let present = Set(c.present.map { Self.root + "/" + $0 })
        let check = AssetCheck(root: Self.root, exists: { present.contains($0) })
        let outcome = Planner.plan(file: workspace.write("e.yaml", text.text), assets: check)
        let assetErrors = outcome.errors.filter { $0.message.contains("asset cache") }
        guard let message = c.message else {
            #expect(assetErrors.isEmpty, "\(assetErrors.map(rendered))")
            return
        }
        #expect(outcome.plan == nil, "nothing runs with an asset missing")
        let at = text.position()
        #expect(assetErrors.contains { rendered($0).hasPrefix(rendered(at, .error, message)) }, "\(outcome.diagnostics.map(rendered))")
    }
}
