import Catalog

/// Which data a run trains on and how it is split and thinned.
public struct DataConfig: Codable, Sendable, Hashable {
    /// A built-in dataset by name, or a user file.
    public enum Source: Codable, Sendable, Hashable {
        case builtin(String)
        case csv(path: String, label: String, features: [String]?)
        case jsonl(path: String, text: String, label: String)
        /// A folder of WAV clips, one subfolder per class.
        case audio(path: String)
        /// A folder of JPEG and PNG photos, one subfolder per class (torchvision's ImageFolder).
        case images(path: String)
        /// A CSV file with a column of photo paths, relative to the file, and a label column.
        case csvImages(path: String, image: String, label: String)

        private enum Keys: String, CodingKey { case csv, jsonl, label, features, text, audio, images, image }

        public init(from decoder: Decoder) throws {
            if let name = try? decoder.singleValueContainer().decode(String.self) {
                self = .builtin(name)
                return
            }
            let c = try decoder.container(keyedBy: Keys.self)
            if let path = try c.decodeIfPresent(String.self, forKey: .audio) {
                self = .audio(path: path)
            } else if let path = try c.decodeIfPresent(String.self, forKey: .images) {
                self = .images(path: path)
            } else if let path = try c.decodeIfPresent(String.self, forKey: .csv), let image = try c.decodeIfPresent(String.self, forKey: .image) {
                self = .csvImages(path: path, image: image, label: try c.decode(String.self, forKey: .label))
            } else if let path = try c.decodeIfPresent(String.self, forKey: .csv) {
                self = .csv(path: path, label: try c.decode(String.self, forKey: .label),
                            features: try c.decodeIfPresent([String].self, forKey: .features))
            } else {
                self = .jsonl(path: try c.decode(String.self, forKey: .jsonl),
                              text: try c.decode(String.self, forKey: .text),
                              label: try c.decode(String.self, forKey: .label))
            }
        }

        public func encode(to encoder: Encoder) throws {
            switch self {
            case .builtin(let name):
                var c = encoder.singleValueContainer()
                try c.encode(name)
            case .csv(let path, let label, let features):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(path, forKey: .csv)
                try c.encode(label, forKey: .label)
                try c.encodeIfPresent(features, forKey: .features)
            case .jsonl(let path, let text, let label):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(path, forKey: .jsonl)
                try c.encode(text, forKey: .text)
                try c.encode(label, forKey: .label)
            case .audio(let path):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(path, forKey: .audio)
            case .images(let path):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(path, forKey: .images)
            case .csvImages(let path, let image, let label):
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(path, forKey: .csv)
                try c.encode(image, forKey: .image)
                try c.encode(label, forKey: .label)
            }
        }
    }

    public enum Task: String, Codable, Sendable, CaseIterable {
        case classification, regression
    }

    public struct Split: Codable, Sendable, Hashable {
        public var train: Double
        public var validation: Double
        public var test: Double
        public var stratify: Bool
    }

    public var source: Source
    public var task: Task
    public var classes: [String]?
    public var margin: Double
    public var split: Split
    public var folds: Int?
    public var fold: Int
    public var trainFraction: Double
    public var perClass: Int?
    /// Keep at most this many test examples per class (a seeded stratified sample).
    public var testPerClass: Int?
    /// Audio: keep only clips of these speakers (file names `SPEAKER_….wav`).
    public var speakers: [String]?
    /// Photos whose header claims more pixels are refused before anything is allocated.
    /// Nil in configurations written before the field existed: the default.
    public var maxPixels: Int?

    /// Pillow's decompression-bomb limit (it warns above it, and refuses twice as many).
    public static let defaultMaxPixels = 89_478_485

    /// Whether the source holds photos read from image files (a folder, a CSV of paths, or
    /// fashion-mnist), which `model.image_size` sizes and photo augmentations apply to.
    public var holdsPhotos: Bool { source.holdsPhotos }

    static let splitShape = ObjectShape(doc: "Fractions of the data for each split; they sum to 1.", [
        Field("train", .number(Bounds(above: 0, max: 1)), default: .number(0.6), doc: "Fraction used for training."),
        Field("validation", .number(Bounds(min: 0, below: 1)), default: .number(0.2),
              doc: "Fraction used to pick the best epoch and for early stopping."),
        Field("test", .number(Bounds(min: 0, below: 1)), default: .number(0.2), doc: "Fraction held out for the final report."),
        Field("stratify", .boolean, default: .bool(true), doc: "Keep class proportions equal across splits."),
    ])

    static let sourceShape: Shape = .oneOf([
        .string(StringShape(values: BuiltinDataset.all.map(\.name))),
        .object(ObjectShape(doc: "A CSV file with a header row: numeric feature columns and a label column, or (with `image`) a column of photo paths and a label column.", [
            Field("csv", .string(StringShape()), required: true, doc: "Path, relative to the experiment file."),
            Field("label", .string(StringShape()), required: true, doc: "Column holding the target."),
            Field("features", .nullable(.array(of: .string(StringShape()), minItems: 1)),
                  doc: "Feature columns; all other columns when absent."),
            Field("image", .nullable(.string(StringShape())),
                  doc: "Photos: the column holding each photo's path (JPEG or PNG, relative to the CSV file), read as Ludwig reads an image column; the rows then need no feature columns."),
        ])),
        .object(ObjectShape(doc: "A JSON Lines file with one text example per line.", [
            Field("jsonl", .string(StringShape()), required: true, doc: "Path, relative to the experiment file."),
            Field("text", .string(StringShape()), required: true, doc: "Field holding the text."),
            Field("label", .string(StringShape()), required: true, doc: "Field holding the target."),
        ])),
        .object(ObjectShape(doc: "A folder of 16 kHz WAV clips (PCM 16-bit or float) with one subfolder per class.", [
            Field("audio", .string(StringShape()), required: true, doc: "Path, relative to the experiment file."),
        ])),
        .object(ObjectShape(doc: "A folder of JPEG and PNG photos with one subfolder per class, as torchvision's ImageFolder: classes in sorted order, photos at any depth below them. Decoded pixels equal Pillow's (EXIF orientation applied); gray photos become RGB when any photo is in colour.", [
            Field("images", .string(StringShape()), required: true, doc: "Path, relative to the experiment file."),
        ])),
    ], summary: "a built-in dataset name (\(BuiltinDataset.all.map(\.name).joined(separator: ", "))), {csv: path, label: column}, {csv: path, image: column, label: column}, {jsonl: path, text: field, label: field}, {audio: folder} or {images: folder}")

    static let shape = ObjectShape(doc: "The data a run trains and evaluates on.", [
        Field("source", sourceShape, required: true, doc: "A built-in dataset or a user file."),
        Field("task", .string(StringShape(values: Task.allCases.map(\.rawValue))), default: .string("classification"),
              doc: "classification predicts a label; regression a number."),
        Field("classes", .nullable(.array(of: .string(StringShape(acceptsNumbers: true)), minItems: 2)),
              doc: "Keep only these labels, in this order; all labels when absent."),
        Field("margin", .number(.nonNegative), default: .number(0.5),
              doc: "Sentiment classification drops examples whose rating is within this distance of zero."),
        Field("split", .object(splitShape), doc: "Train/validation/test fractions."),
        Field("folds", .nullable(.integer(Bounds(min: 2))),
              doc: "Stratified k-fold cross-validation over the train and validation data (the test split stays apart): without `fold`, every cell runs on all K folds."),
        Field("fold", .integer(.nonNegative), default: .int(0), doc: "Which fold validates (with `folds`). Leave it out for k-fold CV: every grid cell then runs on all `folds` folds, aggregated like repeats (n = folds × repeats); the test split is the same in every fold. Set it to run one fold only."),
        Field("train_fraction", .number(Bounds(above: 0, max: 1)), default: .number(1.0),
              doc: "Keep this fraction of the training split (stratified): the data-scarcity axis."),
        Field("per_class", .nullable(.integer(Bounds(min: 1))), doc: "Keep this many training examples per class instead."),
        Field("test_per_class", .nullable(.integer(Bounds(min: 1))),
              doc: "Classification: keep at most this many test examples per class, a seeded sample drawn from the test split with the run's seed (for example 100 of the 1,000 per class fashion-mnist ships, when evaluating all of them would cost more than the study needs); all of them when absent."),
        Field("speakers", .nullable(.array(of: .string(StringShape()), minItems: 1)),
              doc: "Audio: keep only clips of these speakers (a clip's speaker is its file name up to the first '_'), to hold voices out."),
        Field("max_pixels", .integer(Bounds(min: 1)), default: .int(defaultMaxPixels),
              doc: "Photos: a file whose header claims more pixels (width × height) is refused before anything is allocated for it. The default is Pillow's decompression-bomb limit."),
    ])
}

/// What validation knows about the built-in datasets without loading them.
public struct BuiltinDataset: Sendable {
    public enum Modality: String, Sendable { case image, text, audio }

    public var name: String
    public var modality: Modality
    public var labels: [String]
    public var supportsRegression: Bool

    public static let all: [BuiltinDataset] = [
        BuiltinDataset(name: "digits", modality: .image, labels: (0...9).map(String.init), supportsRegression: false),
        BuiltinDataset(name: "fashion-mnist", modality: .image, labels: BuiltinLabels.fashionMNIST, supportsRegression: false),
    ] + ["movies", "amazon", "nyt", "tweets"].map {
        BuiltinDataset(name: "sentiment/\($0)", modality: .text, labels: ["negative", "positive"], supportsRegression: true)
    } + ["espeak", "festival"].map {
        BuiltinDataset(name: "speech/\($0)", modality: .audio, labels: speechWords.sorted(), supportsRegression: false)
    }

    /// The Speech Commands words the generated speech sets hold (scripts/speech-data.py).
    public static let speechWords = ["yes", "no", "up", "down", "left", "right", "on", "off", "stop", "go"]

    public static func named(_ name: String) -> BuiltinDataset? { all.first { $0.name == name } }

    /// Built-in sets of photos (uint8 images that `model.image_size` resizes), as opposed to
    /// digits' 8×8 numbers.
    public static let photoSets: Set<String> = ["fashion-mnist"]
}

extension DataConfig.Source {
    /// Whether the source holds photos read as uint8 images.
    public var holdsPhotos: Bool {
        switch self {
        case .builtin(let name): BuiltinDataset.photoSets.contains(name)
        case .images, .csvImages: true
        case .csv, .jsonl, .audio: false
        }
    }
}
