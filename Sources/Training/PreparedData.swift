import Datasets
import Experiment
import Foundation

/// A run's data, loaded, narrowed to its classes, split and thinned: everything the
/// loop needs, with the notes a reader of the results should see.
public struct PreparedData: Sendable {
    public var dataset: Dataset
    public var train: [Int]
    public var validation: [Int]
    public var test: [Int]
    public var task: DataConfig.Task
    /// What few-shot selection or splitting had to adjust.
    public var notes: [String]

    public var classCount: Int { dataset.classNames?.count ?? 0 }

    /// The examples of one split.
    public func indices(of split: Split) -> [Int] {
        switch split {
        case .train: train
        case .validation: validation
        case .test: test
        }
    }
    /// Outputs of the head: one per class, or one number for regression.
    public var outputs: Int { task == .regression ? 1 : classCount }

    /// Loads and prepares `config.data` for a run with `seed`.
    ///
    /// Every random choice derives from the run's seed through its own named stream, so two
    /// runs that differ only in their freeze strategy see the same examples.
    /// - Parameter sizing: the working size of photos (``ExperimentConfig/imageSizing``).
    public static func prepare(_ config: DataConfig, seed: Int, assetsRoot: String, sizing: ImageSizing? = nil) throws -> PreparedData {
        var dataset = try load(config.source, task: config.task, margin: config.margin, speakers: config.speakers,
                               sizing: sizing, maxPixels: config.maxPixels, assetsRoot: assetsRoot)
        if let classes = config.classes { dataset = try dataset.keepingClasses(classes) }
        let base = UInt64(truncatingIfNeeded: seed)
        let split = try splitting(dataset, config, seed: base)
        var train = split.train, validation = split.validation
        if let k = config.folds {
            let folds = try dataset.folds(k: k, stratify: config.split.stratify && config.task == .classification,
                                          seed: SeedDerivation.childSeed(of: base, purpose: SeedPurpose.folds),
                                          within: split.train + split.validation)
            train = folds[config.fold].train
            validation = folds[config.fold].validation
        }
        var notes: [String] = []
        let rule: FewShot? = config.perClass.map { .perClass($0) }
            ?? (config.trainFraction < 1 ? .fraction(config.trainFraction) : nil)
        if let rule {
            let selection = try dataset.fewShot(rule, from: train, seed: SeedDerivation.childSeed(of: base, purpose: SeedPurpose.fewShot))
            train = selection.indices
            notes += selection.notes
        }
        var test = split.test
        if let count = config.testPerClass, config.task == .classification {
            let selection = try dataset.fewShot(.perClass(count), from: test, seed: SeedDerivation.childSeed(of: base, purpose: SeedPurpose.testSample))
            test = selection.indices
            notes += selection.notes.map { "test split: " + $0 }
        }
        return PreparedData(dataset: dataset, train: train, validation: validation, test: test,
                            task: config.task, notes: notes)
    }

    /// Train, validation and test indices. A dataset that ships its own test set keeps it, and
    /// train and validation share the rest in the ratio of their fractions.
    private static func splitting(_ dataset: Dataset, _ config: DataConfig, seed base: UInt64) throws -> SplitIndices {
        let stratify = config.split.stratify && config.task == .classification
        let seed = SeedDerivation.childSeed(of: base, purpose: SeedPurpose.split)
        guard let shipped = dataset.shippedTest else {
            let fractions = SplitFractions(train: config.split.train, validation: config.split.validation, test: config.split.test)
            return try dataset.split(fractions, stratify: stratify, seed: seed)
        }
        let rest = shipped.indices.filter { !shipped[$0] }
        let total = config.split.train + config.split.validation
        let fractions = SplitFractions(train: config.split.train / total, validation: config.split.validation / total, test: 0)
        let inner = try dataset.subset(rest).split(fractions, stratify: stratify, seed: seed)
        return SplitIndices(train: inner.train.map { rest[$0] }, validation: inner.validation.map { rest[$0] },
                            test: shipped.indices.filter { shipped[$0] })
    }

    /// The dataset a source names, before classes and splits; read once per process while its
    /// file is unchanged (see ``FileMemo``).
    public static func load(_ source: DataConfig.Source, task: DataConfig.Task, margin: Double, speakers: [String]? = nil,
                            sizing: ImageSizing? = nil, maxPixels: Int? = nil, assetsRoot: String) throws -> Dataset {
        let root = assetsRoot.hasSuffix("/") ? assetsRoot : assetsRoot + "/"
        let file: String?
        switch source {
        case .builtin("digits"): file = root + Dataset.digitsRelativePath
        case .builtin("fashion-mnist"): file = root + "fashion-mnist/" + Dataset.FashionMNISTFile.testLabels.rawValue
        case .builtin(let name) where name.hasPrefix("sentiment/"):
            file = Dataset.SentimentDomain(rawValue: String(name.dropFirst("sentiment/".count))).map { root + $0.relativePath }
        case .builtin(let name) where name.hasPrefix("speech/"):
            // The generator writes the manifest last, when the whole set is in place.
            file = root + "speech/manifest.csv"
        case .builtin: file = nil
        case .csv(let path, _, _), .jsonl(let path, _, _), .audio(let path), .images(let path), .csvImages(let path, _, _): file = path
        }
        let limit = maxPixels ?? DataConfig.defaultMaxPixels
        let sized = sizing.map { "|\($0.cropSize)/\($0.resizeSide)|\(limit)" } ?? ""
        return try FileMemo.value("\(source)|\(task)|\(margin)|\(speakers ?? [])|\(assetsRoot)\(sized)", file: file) {
            try read(source, task: task, margin: margin, speakers: speakers, sizing: sizing, maxPixels: limit, assetsRoot: assetsRoot)
        }
    }

    private static func read(_ source: DataConfig.Source, task: DataConfig.Task, margin: Double, speakers: [String]?,
                             sizing: ImageSizing?, maxPixels: Int, assetsRoot: String) throws -> Dataset {
        let learningTask: LearningTask = task == .classification ? .classification : .regression
        if speakers != nil, !source.isAudio {
            throw TrainingError("data.speakers selects clips of audio data; \(source) is not audio")
        }
        switch source {
        case .builtin(let name) where name.hasPrefix("speech/"):
            guard let domain = Dataset.SpeechDomain(rawValue: String(name.dropFirst("speech/".count))) else {
                throw TrainingError("unknown speech set in '\(name)'")
            }
            return try Dataset.speech(domain: domain, speakers: speakers, assetsRoot: assetsRoot)
        case .audio(let path):
            return try Dataset.audioFolder(path: path, speakers: speakers)
        case .builtin("digits"):
            return try Dataset.digits(assetsRoot: assetsRoot)
        case .builtin("fashion-mnist"):
            return try Dataset.fashionMNIST(assetsRoot: assetsRoot, sizing: sizing)
        case .images(let path):
            guard let sizing else { throw TrainingError("photo files need model.image_size") }
            return try Dataset.imageFolder(path: path, sizing: sizing, pixelLimit: maxPixels)
        case .csvImages(let path, let image, let label):
            guard let sizing else { throw TrainingError("photo files need model.image_size") }
            return try Dataset.csvImages(path: path, image: image, label: label, sizing: sizing, pixelLimit: maxPixels)
        case .builtin(let name) where name.hasPrefix("sentiment/"):
            guard let domain = Dataset.SentimentDomain(rawValue: String(name.dropFirst("sentiment/".count))) else {
                throw TrainingError("unknown sentiment domain in '\(name)'")
            }
            return try Dataset.sentiment(domain: domain, task: learningTask, margin: margin, assetsRoot: assetsRoot)
        case .builtin(let name):
            throw TrainingError("unknown built-in dataset '\(name)'")
        case .csv(let path, let label, let features):
            return try Dataset.csv(path: path, label: label, features: features, task: learningTask)
        case .jsonl(let path, let text, let label):
            return try Dataset.jsonl(path: path, text: text, label: label, task: learningTask)
        }
    }
}

/// A run that cannot go on, with a message for the person who configured it.
public struct TrainingError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension DataConfig.Source {
    /// Whether the source holds audio clips (a generated speech set or an audio folder).
    var isAudio: Bool {
        switch self {
        case .builtin(let name): name.hasPrefix("speech/")
        case .audio: true
        case .csv, .jsonl, .images, .csvImages: false
        }
    }
}
