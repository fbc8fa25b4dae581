import ArgumentParser

/// `finetune run`: declared once, parsed by `finetune` (for help, completions and the man
/// page, then handed to the engine) and by `finetune-engine` (which trains).
public struct RunArguments: ParsableArguments {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train one run of an experiment's plan and write its results folder.",
        discussion: "Writes <results>/<experiment>/runs/<id>/{config.yaml, result.json, history.jsonl} and model.safetensors when output.save_model is true. Exits 0 when the run is done, 1 when it failed or diverged or its results could not be written, 2 when the file is invalid."
    )

    @Argument(help: "Experiment file.", completion: .file(extensions: ["yaml", "yml"]))
    public var file: String

    @Option(name: .customLong("run"), help: "The run's id (or its exact name) from `finetune plan`.")
    public var runID: String

    @Option(help: "Folder holding one folder per experiment.", completion: .directory)
    public var results = "results"

    @Option(help: "CPU threads for this run (default: all cores).")
    public var threads: Int?

    public init() {}
}

/// `finetune embed` (see ``RunArguments`` for why it is declared here).
public struct EmbedArguments: ParsableArguments {
    public static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print sentence embeddings (mean pooling, L2-normalised) of a BERT model as JSON.",
        discussion: "Prints [{\"text\": ..., \"ids\": [101, ..., 102], \"embedding\": [...]}], one entry per TEXT, as sentence-transformers computes them. Exits 2 when the model folder cannot be read (missing or damaged files), naming the file."
    )

    @Option(help: "A Hugging Face-style folder (config.json, model.safetensors, vocab.txt) or a built-in model name.", completion: .directory)
    public var model = "all-MiniLM-L6-v2"

    @Option(name: .customLong("max-length"), help: "Tokens per text (default: the folder's max_seq_length, 256 for MiniLM).")
    public var maxLength: Int?

    @Argument(help: "The texts to embed.")
    public var texts: [String]

    public init() {}
}

/// `finetune export` (see ``RunArguments``).
public struct ExportArguments: ParsableArguments {
    public static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a run's saved model as a Hugging Face folder.",
        discussion: "BERT with cls pooling: a BertForSequenceClassification (AutoModelForSequenceClassification loads it). BERT with mean pooling: a sentence-transformers model whose encode() returns the logits. MLP/CNN: model.safetensors and a config.json saying how to rebuild them. LoRA updates are merged in; config.json carries the labels."
    )

    @Argument(help: "A run folder with a saved model (output.save_model: true).", completion: .directory)
    public var runFolder: String

    @Option(name: .customLong("to"), help: "The folder to write (created if needed).", completion: .directory)
    public var destination: String

    public init() {}
}

/// `finetune predict` (see ``RunArguments``).
public struct PredictArguments: ParsableArguments {
    public static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict with a run's saved model: one JSON line per example.",
        discussion: "Each line holds label and probabilities (in the order of classes, also printed) for classification, value for regression, and the raw logits. FILE is JSON Lines or CSV in the experiment's data format (its text field, or its feature columns); a label field is ignored. For a photo model, give image files (JPEG or PNG), or --input with a folder (every photo below it) or a CSV with the training data's image column; each line then names its file, and photos are resized and cropped as the run evaluated them."
    )

    @Argument(help: "A run folder with a saved model (results/<experiment>/runs/<id>, output.save_model: true).", completion: .directory)
    public var runFolder: String

    @Option(name: .customLong("input"), help: "A JSONL or CSV file of examples, or a folder of photos.", completion: .file())
    public var input: String?

    @Argument(help: "Texts to classify (text models), or photo files (photo models).", completion: .file(extensions: ["jpg", "jpeg", "png"]))
    public var texts: [String] = []

    public init() {}

    public func validate() throws {
        if (input == nil) == texts.isEmpty {
            throw ValidationError("give either texts (or photo files) or --input FILE")
        }
    }
}

/// Hidden `finetune engine-check` (see ``RunArguments``).
public struct EngineCheckArguments: ParsableArguments {
    public static let configuration = CommandConfiguration(
        commandName: "engine-check",
        abstract: "Check the numeric engine: a matmul against float64, the sgemm rate, a few training steps.",
        shouldDisplay: false
    )

    @Option(help: "Threads (default: all cores).")
    public var threads: Int?

    @Option(help: "Timed sgemm products (2048², float32).")
    public var repetitions = 5

    public init() {}
}
