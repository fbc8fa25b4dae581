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
    /// Outputs of the head: one per class, or one number for regression.
    public var outputs: Int { task == .regression ? 1 : classCount }

    /// Loads and prepares `config.data` for a run with `seed`.
    ///
    /// Every random choice derives from the run's seed through its own named stream, so two
    /// runs that differ only in their freeze strategy see the same examples.
    public static func prepare(_ config: DataConfig, seed: Int, assetsRoot: String) throws -> PreparedData {
        var dataset = try load(config.source, task: config.task, margin: config.margin, speakers: config.speakers, assetsRoot: assetsRoot)
        if let classes = config.classes { dataset = try dataset.keepingClasses(classes) }
        let base = UInt64(truncatingIfNeeded: seed)
        let fractions = SplitFractions(train: config.split.train, validation: config.split.validation, test: config.split.test)
        let split = try dataset.split(fractions, stratify: config.split.stratify && config.task == .classification,
                                      seed: SeedDerivation.childSeed(of: base, purpose: SeedPurpose.split))
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
        return PreparedData(dataset: dataset, train: train, validation: validation, test: split.test,
                            task: config.task, notes: notes)
    }

    /// The dataset a source names, before classes and splits; read once per process while its
    /// file is unchanged (see ``FileMemo``).
    public static func load(_ source: DataConfig.Source, task: DataConfig.Task, margin: Double, speakers: [String]? = nil,
                            assetsRoot: String) throws -> Dataset {
        let root = assetsRoot.hasSuffix("/") ? assetsRoot : assetsRoot + "/"
        let file: String?
        switch source {
        case .builtin("digits"): file = root + Dataset.digitsRelativePath
        case .builtin(let name) where name.hasPrefix("sentiment/"):
            file = Dataset.SentimentDomain(rawValue: String(name.dropFirst("sentiment/".count))).map { root + $0.relativePath }
        case .builtin(let name) where name.hasPrefix("speech/"):
            // The generator writes the manifest last, when the whole set is in place.
            file = root + "speech/manifest.csv"
        case .builtin: file = nil
        case .csv(let path, _, _), .jsonl(let path, _, _), .audio(let path): file = path
        }
        return try FileMemo.value("\(source)|\(task)|\(margin)|\(speakers ?? [])|\(assetsRoot)", file: file) {
            try read(source, task: task, margin: margin, speakers: speakers, assetsRoot: assetsRoot)
        }
    }

    private static func read(_ source: DataConfig.Source, task: DataConfig.Task, margin: Double, speakers: [String]?,
                             assetsRoot: String) throws -> Dataset {
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
        case .csv, .jsonl: false
        }
    }
}
