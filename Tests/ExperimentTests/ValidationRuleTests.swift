import Foundation
import Testing
import YAML
@testable import Experiment

/// One validation rule: a file with exactly one mistake, the position marked with `⟨E⟩`,
/// and the exact message finetune must print there.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var scenario: String
    var yaml: String
    var message: String
    var severity: Diagnostic.Severity = .error

    init(_ scenario: String, _ yaml: String, _ message: String, severity: Diagnostic.Severity = .error) {
        self.scenario = scenario
        self.yaml = yaml
        self.message = message
        self.severity = severity
    }

    var testDescription: String { scenario }
}

/// Checks that planning `rule.yaml` gives exactly the one expected error (or, for a warning
/// case, that the warning is there and nothing is refused).
func expectDiagnostic(_ rule: RuleCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let marked = MarkedText(rule.yaml)
    let workspace = Workspace()
    let file = workspace.write("experiment.yaml", marked.text)
    let outcome = Planner.plan(file: file)
    let expected = rendered(marked.position(), rule.severity, rule.message)
    switch rule.severity {
    case .error:
        #expect(outcome.errors.map(rendered) == [expected], sourceLocation: sourceLocation)
        #expect(outcome.plan == nil, "a file with an error must not be planned", sourceLocation: sourceLocation)
        for diagnostic in outcome.errors {
            #expect(diagnostic.mark?.file == file, "the diagnostic names the file", sourceLocation: sourceLocation)
        }
    case .warning, .note:
        #expect(outcome.errors.map(rendered) == [], sourceLocation: sourceLocation)
        #expect(outcome.warnings.map(rendered) == [expected], sourceLocation: sourceLocation)
        #expect(outcome.plan != nil, "warnings do not stop a plan", sourceLocation: sourceLocation)
    }
}

@Suite("Validation rules: each mistake gets its exact message at its exact position")
struct ValidationRuleTests {
    // MARK: Types

    static let typeMismatches: [RuleCase] = [
        RuleCase("a word where a number belongs", """
            \(minimalExperiment)
            optimizer: {lr: ⟨E⟩fast}
            """, #"optimizer.lr must be a number (got string "fast")"#),
        RuleCase("a fraction where an integer belongs", """
            \(minimalExperiment)
            schedule:
              epochs: ⟨E⟩2.5
            """, "schedule.epochs must be an integer (got 2.5)"),
        RuleCase("a scalar where a list belongs", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn, channels: ⟨E⟩16}
            """, "model.channels must be a list (got number 16)"),
        RuleCase("a list where a section belongs", """
            \(minimalExperiment)
            freeze: ⟨E⟩[bottom]
            """, "freeze must be a mapping (got a list)"),
        RuleCase("a mapping where text belongs", """
            \(minimalExperiment)
            description: ⟨E⟩{what: transfer}
            """, "description must be a string (got a mapping)"),
        RuleCase("a list item of the wrong type", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn, channels: [16, ⟨E⟩wide]}
            """, #"model.channels[1] must be an integer (got string "wide")"#),
        RuleCase("a data source mapping that is neither csv nor jsonl", """
            experiment: t
            data: {source: ⟨E⟩{parquet: x.parquet}}
            model: {architecture: mlp}
            """, "data.source must be a built-in dataset name (digits, fashion-mnist, sentiment/movies, sentiment/amazon, sentiment/nyt, sentiment/tweets, speech/espeak, speech/festival), {csv: path, label: column}, {csv: path, image: column, label: column}, {jsonl: path, text: field, label: field}, {audio: folder} or {images: folder}; a mapping here needs the key 'csv' or 'jsonl' or 'audio' or 'images'"),
        RuleCase("a quoted number for a number", """
            \(minimalExperiment)
            optimizer: {lr: ⟨E⟩"1e-3"}
            """, #"optimizer.lr must be a number (got string "1e-3"); remove the quotes to write a number"#),
        RuleCase("a single-quoted number for an integer", """
            \(minimalExperiment)
            schedule: {epochs: ⟨E⟩'10'}
            """, #"schedule.epochs must be an integer (got string "10"); remove the quotes to write a number"#),
        RuleCase("a quoted word for a number gets no quote hint", """
            \(minimalExperiment)
            optimizer: {lr: ⟨E⟩"fast"}
            """, #"optimizer.lr must be a number (got string "fast")"#),
        RuleCase("yes for a boolean", """
            \(minimalExperiment)
            output: {save_model: ⟨E⟩yes}
            """, #"output.save_model must be true or false (got string "yes"); YAML 1.2 reads 'yes' as a string, write true or false"#),
        RuleCase("off for a boolean", """
            experiment: t
            data:
              source: digits
              split: {stratify: ⟨E⟩off}
            model: {architecture: cnn}
            """, #"data.split.stratify must be true or false (got string "off"); YAML 1.2 reads 'off' as a string, write true or false"#),
        RuleCase("a number for a boolean", """
            \(minimalExperiment)
            optimizer: {nesterov: ⟨E⟩1}
            """, "optimizer.nesterov must be true or false (got number 1)"),
        RuleCase("null for a required name", """
            experiment: ⟨E⟩~
            data: {source: digits}
            model: {architecture: cnn}
            """, "experiment must be a string (got null)"),
        RuleCase("a mapping key that is not a string", """
            \(minimalExperiment)
            optimizer: {⟨E⟩[a]: 1}
            """, "optimizer: keys must be strings"),
    ]

    @Test("type mismatches", arguments: typeMismatches)
    func typeMismatch(_ rule: RuleCase) { expectDiagnostic(rule) }

    // MARK: Bounds

    static let bounds: [RuleCase] = [
        RuleCase("a negative learning rate", """
            \(minimalExperiment)
            optimizer:
              name: adamw
              lr: ⟨E⟩-0.003
            """, "optimizer.lr must be > 0 (got -0.003)"),
        RuleCase("a zero learning rate", """
            \(minimalExperiment)
            optimizer: {lr: ⟨E⟩0}
            """, "optimizer.lr must be > 0 (got 0)"),
        RuleCase("dropout of one", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn, dropout: ⟨E⟩1}
            """, "model.dropout must be < 1 (got 1)"),
        RuleCase("a train fraction above one", """
            experiment: t
            data:
              source: digits
              split: {train: ⟨E⟩1.5, validation: 0.2, test: 0.2}
            model: {architecture: cnn}
            """, "data.split.train must be <= 1 (got 1.5)"),
        RuleCase("zero repeats", """
            \(minimalExperiment)
            repeats: ⟨E⟩0
            """, "repeats must be >= 1 (got 0)"),
        RuleCase("a negative seed", """
            \(minimalExperiment)
            seed: ⟨E⟩-1
            """, "seed must be >= 0 (got -1)"),
        RuleCase("a learning rate of nan", """
            \(minimalExperiment)
            optimizer: {lr: ⟨E⟩.nan}
            """, "optimizer.lr must be a finite number (got .nan)"),
        RuleCase("an infinite weight decay", """
            \(minimalExperiment)
            optimizer: {weight_decay: ⟨E⟩.inf}
            """, "optimizer.weight_decay must be a finite number (got .inf)"),
        RuleCase("an integer too large to be exact", """
            \(minimalExperiment)
            schedule: {epochs: ⟨E⟩99999999999999999999}
            """, "schedule.epochs must be an integer (got 99999999999999999999)"),
        RuleCase("a BERT sequence length beyond 512", """
            experiment: t
            data: {source: sentiment/movies}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2, max_length: ⟨E⟩1000}
            """, "model.max_length must be <= 512 (got 1000)"),
        RuleCase("a zero-channel block", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn, channels: [16, ⟨E⟩0]}
            """, "model.channels[1] must be >= 1 (got 0)"),
        RuleCase("one beta instead of two", """
            \(minimalExperiment)
            optimizer: {betas: ⟨E⟩[0.9]}
            """, "optimizer.betas must have at least 2 items"),
        RuleCase("a rotation beyond 180 degrees", """
            \(minimalExperiment)
            augmentation:
              - {kind: rotation, degrees: ⟨E⟩270}
            """, "augmentation[0].degrees must be <= 180 (got 270)"),
        RuleCase("a probability above one", """
            \(minimalExperiment)
            augmentation:
              - kind: noise
                p: ⟨E⟩1.2
            """, "augmentation[0].p must be <= 1 (got 1.2)"),
    ]

    @Test("bounds", arguments: bounds)
    func bound(_ rule: RuleCase) { expectDiagnostic(rule) }

    // MARK: Names: enum values, unknown keys, missing keys, patterns

    static let names: [RuleCase] = [
        RuleCase("a misspelled freeze strategy", """
            \(minimalExperiment)
            freeze: {strategy: ⟨E⟩gradul}
            """, "freeze.strategy must be one of none, head-only, bottom, gradual, two-stage, lora, bitfit (got 'gradul'); did you mean 'gradual'?"),
        RuleCase("a misspelled decay", """
            \(minimalExperiment)
            schedule: {decay: ⟨E⟩cosin}
            """, "schedule.decay must be one of constant, step, multi-step, exponential, linear, cosine, one-cycle, plateau (got 'cosin'); did you mean 'cosine'?"),
        RuleCase("an unknown optimizer with nothing close", """
            \(minimalExperiment)
            optimizer: {name: ⟨E⟩lion}
            """, "optimizer.name must be one of sgd, adam, adamw (got 'lion')"),
        RuleCase("a misspelled dataset", """
            experiment: t
            data: {source: ⟨E⟩digts}
            model: {architecture: cnn}
            """, "data.source must be one of digits, fashion-mnist, sentiment/movies, sentiment/amazon, sentiment/nyt, sentiment/tweets, speech/espeak, speech/festival (got 'digts'); did you mean 'digits'?"),
        RuleCase("a misspelled metric", """
            \(minimalExperiment)
            evaluation: {metrics: [accuracy, ⟨E⟩macro-f1]}
            """, "evaluation.metrics[1] must be one of accuracy, macro_f1, micro_f1, weighted_f1, precision, recall, roc_auc, log_loss, confusion_matrix, mse, mae, rmse, r2 (got 'macro-f1'); did you mean 'macro_f1'?"),
        RuleCase("a misspelled augmentation kind", """
            \(minimalExperiment)
            augmentation:
              - {kind: ⟨E⟩shfit, pixels: 1}
            """, "augmentation[0].kind must be one of shift, crop, rotation, flip, noise, cutout, mixup, word_dropout, random_swap, random_deletion, time_shift, background_noise, time_mask, freq_mask, random_resized_crop, color_jitter, random_erasing (got 'shfit'); did you mean 'shift'?"),
        RuleCase("a misspelled section", """
            \(minimalExperiment)
            ⟨E⟩optimiser: {lr: 0.1}
            """, "unknown key 'optimiser'; did you mean 'optimizer'?"),
        RuleCase("a misspelled nested key", """
            \(minimalExperiment)
            schedule:
              epochs: 5
              ⟨E⟩warmpu: 0.1
            """, "unknown key 'schedule.warmpu'; did you mean 'warmup'?"),
        RuleCase("an unknown key with nothing close", """
            \(minimalExperiment)
            optimizer: {⟨E⟩learning_rate: 0.1}
            """, "unknown key 'optimizer.learning_rate'"),
        RuleCase("a key of another augmentation kind", """
            \(minimalExperiment)
            augmentation:
              - {kind: shift, ⟨E⟩degrees: 10}
            """, "unknown key 'augmentation[0].degrees'"),
        RuleCase("a missing experiment name", """
            ⟨E⟩data: {source: digits}
            model: {architecture: cnn}
            """, "missing required key 'experiment'"),
        RuleCase("a model without an architecture", """
            experiment: t
            data: {source: digits}
            model: ⟨E⟩{dropout: 0.2}
            """, "model: missing required key 'architecture'"),
        RuleCase("a csv source without its label column", """
            experiment: t
            data: {source: ⟨E⟩{csv: table.csv}}
            model: {architecture: mlp}
            """, "data.source: missing required key 'label'"),
        RuleCase("an augmentation without a kind", """
            \(minimalExperiment)
            augmentation:
              - ⟨E⟩{p: 0.5}
            """, "augmentation[0]: missing required key 'kind' (one of shift, crop, rotation, flip, noise, cutout, mixup, word_dropout, random_swap, random_deletion, time_shift, background_noise, time_mask, freq_mask, random_resized_crop, color_jitter, random_erasing)"),
        RuleCase("an experiment name with a space", """
            experiment: ⟨E⟩my experiment
            data: {source: digits}
            model: {architecture: cnn}
            """, "experiment must be a name of letters, digits, '.', '_' or '-' (it names the results folder) (got 'my experiment')"),
        RuleCase("a selection metric without its split", """
            \(minimalExperiment)
            evaluation: {select: ⟨E⟩accuracy}
            """, "evaluation.select must be split.metric with split train, validation or test (got 'accuracy')"),
        RuleCase("early stopping on the test split", """
            \(minimalExperiment)
            schedule:
              early_stopping: {monitor: ⟨E⟩test.loss}
            """, "schedule.early_stopping.monitor must be split.metric with split train or validation (got 'test.loss')"),
    ]

    @Test("names: enum values, unknown keys, missing keys, patterns", arguments: names)
    func name(_ rule: RuleCase) { expectDiagnostic(rule) }

    // MARK: Cross-field rules

    static let crossField: [RuleCase] = [
        RuleCase("split fractions that do not sum to one", """
            experiment: t
            data:
              source: digits
              split: ⟨E⟩{train: 0.5, validation: 0.2, test: 0.2}
            model: {architecture: cnn}
            """, "data.split fractions must sum to 1 (got train 0.5 + validation 0.2 + test 0.2 = 0.9)"),
        RuleCase("split fractions summing to one with a default", """
            experiment: t
            data:
              source: digits
              split:
                ⟨E⟩train: 0.7
            model: {architecture: cnn}
            """, "data.split fractions must sum to 1 (got train 0.7 + validation 0.2 + test 0.2 = 1.1)"),
        RuleCase("a warmup as long as the run", """
            \(minimalExperiment)
            schedule: {warmup: ⟨E⟩1.0}
            """, "schedule.warmup must be shorter than the run: a fraction of all steps below 1 (got 1)"),
        RuleCase("a selection metric that is not computed", """
            \(minimalExperiment)
            evaluation:
              metrics: [accuracy]
              select: ⟨E⟩validation.macro_f1
            """, "evaluation.select names 'macro_f1', which is not computed (computed: loss, accuracy; add it to evaluation.metrics)"),
        RuleCase("a misspelled selection metric", """
            \(minimalExperiment)
            evaluation: {select: ⟨E⟩validation.acuracy}
            """, "evaluation.select names 'acuracy', which is not computed (computed: loss, accuracy, macro_f1; add it to evaluation.metrics); did you mean 'accuracy'?"),
        RuleCase("selecting by the confusion matrix", """
            \(minimalExperiment)
            evaluation:
              metrics: [accuracy, confusion_matrix]
              select: ⟨E⟩validation.confusion_matrix
            """, "evaluation.select names 'confusion_matrix', which is not computed (computed: loss, accuracy; add it to evaluation.metrics)"),
        RuleCase("an early-stopping metric that is not computed", """
            \(minimalExperiment)
            schedule:
              early_stopping: {monitor: ⟨E⟩validation.roc_auc, patience: 2}
            """, "schedule.early_stopping.monitor names 'roc_auc', which is not computed (computed: loss, accuracy, macro_f1; add it to evaluation.metrics)"),
        RuleCase("selecting on an empty validation split", """
            experiment: t
            data:
              source: digits
              split: {train: 0.8, validation: 0, test: 0.2}
            model: {architecture: cnn, pretrained: {experiment: pre}}
            evaluation: {select: ⟨E⟩validation.accuracy}
            """, "evaluation.select uses the validation split, but data.split.validation is 0"),
        RuleCase("an empty validation split under the default selection", """
            experiment: t
            data:
              source: digits
              split: {train: 0.8, validation: ⟨E⟩0, test: 0.2}
            model: {architecture: cnn, pretrained: {experiment: pre}}
            """, "evaluation.select uses the validation split, but data.split.validation is 0"),
        RuleCase("selecting on an empty test split", """
            experiment: t
            data:
              source: digits
              split: {train: 0.8, validation: 0.2, test: 0}
            model: {architecture: cnn, pretrained: {experiment: pre}}
            evaluation: {select: ⟨E⟩test.accuracy}
            """, "evaluation.select uses the test split, but data.split.test is 0"),
        RuleCase("a plateau decay without a validation split", """
            experiment: t
            data:
              source: digits
              split: {train: 0.8, validation: 0, test: 0.2}
            model: {architecture: cnn, pretrained: {experiment: pre}}
            schedule: {decay: ⟨E⟩plateau}
            evaluation: {select: train.loss}
            """, "schedule.decay plateau watches the validation loss, but data.split.validation is 0"),
        RuleCase("a regression metric on a classification task", """
            \(minimalExperiment)
            evaluation: {metrics: [accuracy, ⟨E⟩mse]}
            """, "evaluation.metrics: mse is a regression metric but data.task is classification"),
        RuleCase("a classification metric on a regression task", """
            experiment: t
            data: {source: sentiment/movies, task: regression}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            evaluation: {metrics: [mse, ⟨E⟩accuracy]}
            """, "evaluation.metrics: accuracy is a classification metric but data.task is regression"),
        RuleCase("freezing more CNN blocks than the model has", """
            \(minimalExperiment)
            freeze:
              strategy: bottom
              layers: ⟨E⟩3
            """, "freeze.layers must be at most 2, the number of blocks in this cnn (one per entry of model.channels) (got 3)"),
        RuleCase("freezing more MLP blocks than the model has", """
            experiment: t
            data: {source: digits}
            model: {architecture: mlp, hidden: [64], pretrained: {experiment: pre}}
            freeze: {strategy: bottom, layers: ⟨E⟩2}
            """, "freeze.layers must be at most 1, the number of blocks in this mlp (one per entry of model.hidden) (got 2)"),
        RuleCase("freezing more BERT blocks than the model has", """
            experiment: t
            data: {source: sentiment/tweets}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            freeze: {strategy: bottom, layers: ⟨E⟩8}
            """, "freeze.layers must be at most 7, the number of blocks in this bert (embeddings and 6 encoder layers) (got 8)"),
        RuleCase("a two-stage head phase as long as the run", """
            \(minimalExperiment)
            freeze: {strategy: two-stage, head_epochs: ⟨E⟩10}
            schedule: {epochs: 10}
            """, "freeze.head_epochs must be less than schedule.epochs (10) so the second stage runs (got 10)"),
        RuleCase("a class the dataset does not have", """
            experiment: t
            data: {source: digits, classes: [3, ⟨E⟩12]}
            model: {architecture: cnn}
            """, "data.classes: '12' is not a label of digits (labels: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9); did you mean '1'?"),
        RuleCase("a misspelled sentiment class", """
            experiment: t
            data: {source: sentiment/amazon, classes: [⟨E⟩negativ, positive]}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            """, "data.classes: 'negativ' is not a label of sentiment/amazon (labels: negative, positive); did you mean 'negative'?"),
        RuleCase("a class listed twice", """
            experiment: t
            data:
              source: digits
              classes: [5, 6, 7, ⟨E⟩5]
            model: {architecture: cnn}
            """, "data.classes lists '5' twice (first at item 1)"),
        RuleCase("a forgetting class the source dataset does not have", """
            \(minimalExperiment)
            evaluation:
              forgetting: {source: digits, classes: [0, ⟨E⟩10]}
            """, "evaluation.forgetting.classes: '10' is not a label of digits (labels: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9); did you mean '0'?"),
        RuleCase("classes on a regression task", """
            experiment: t
            data: {source: sentiment/nyt, task: regression, classes: ⟨E⟩[negative, positive]}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            evaluation: {metrics: [mse]}
            """, "data.classes selects labels, which a regression task does not have"),
        RuleCase("per_class together with train_fraction", """
            experiment: t
            data: {source: digits, per_class: ⟨E⟩20, train_fraction: 0.5}
            model: {architecture: cnn}
            """, "data.per_class and data.train_fraction both thin the training split; set only one"),
        RuleCase("test_per_class on a regression task", """
            experiment: t
            data: {source: sentiment/nyt, task: regression, test_per_class: ⟨E⟩20}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            evaluation: {metrics: [mse]}
            """, "data.test_per_class samples the test split by class, which a regression task does not have"),
        RuleCase("a fold number past the folds", """
            experiment: t
            data: {source: digits, folds: 5, fold: ⟨E⟩5}
            model: {architecture: cnn}
            """, "data.fold must be less than data.folds (5) (got 5)"),
        RuleCase("a fold without folds", """
            experiment: t
            data: {source: digits, fold: ⟨E⟩2}
            model: {architecture: cnn}
            """, "data.fold needs data.folds (k-fold cross-validation) to be set"),
        RuleCase("a text augmentation on images", """
            \(minimalExperiment)
            augmentation:
              - {kind: shift}
              - {kind: ⟨E⟩word_dropout, rate: 0.1}
            """, "augmentation word_dropout does not apply to image data"),
        RuleCase("an image augmentation on text", """
            experiment: t
            data: {source: sentiment/movies}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            augmentation: [{kind: random_swap}, {kind: ⟨E⟩noise}]
            """, "augmentation noise does not apply to text data"),
        RuleCase("a CNN on text", """
            experiment: t
            data: {source: sentiment/movies}
            model: {architecture: ⟨E⟩cnn}
            """, "model.architecture cnn cannot read text data; use bert"),
        RuleCase("BERT on images", """
            experiment: t
            data: {source: digits}
            model: {architecture: ⟨E⟩bert, pretrained: all-MiniLM-L6-v2}
            """, "model.architecture bert cannot read image data; use cnn or mlp"),
        RuleCase("a CNN on audio clips", """
            experiment: t
            data: {source: speech/espeak}
            model: {architecture: ⟨E⟩cnn}
            """, "model.architecture cnn cannot read audio data; use audio-cnn"),
        RuleCase("an audio CNN on images", """
            experiment: t
            data: {source: digits}
            model: {architecture: ⟨E⟩audio-cnn}
            """, "model.architecture audio-cnn cannot read image data; use cnn or mlp"),
        RuleCase("image augmentation on an audio folder", """
            experiment: t
            data: {source: {audio: clips}}
            model: {architecture: audio-cnn}
            augmentation: [{kind: ⟨E⟩rotation}]
            """, "augmentation rotation does not apply to audio data"),
        RuleCase("SpecAugment on digits", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn}
            augmentation: [{kind: ⟨E⟩time_mask}]
            """, "augmentation time_mask does not apply to image data"),
        RuleCase("speakers of a table", """
            experiment: t
            data: {source: {csv: table.csv, label: y}, speakers: ⟨E⟩[kal]}
            model: {architecture: mlp}
            """, "data.speakers selects speakers of audio clips, but data.source holds tabular data"),
        RuleCase("a mel window longer than the FFT", """
            experiment: t
            data: {source: speech/festival}
            model: {architecture: audio-cnn, mel: {n_fft: 256, window: ⟨E⟩400}}
            """, "model.mel.window (400 samples) must be at most model.mel.n_fft (256)"),
        RuleCase("a mel band above Nyquist", """
            experiment: t
            data: {source: speech/festival}
            model: {architecture: audio-cnn, mel: {f_max: ⟨E⟩11025}}
            """, "model.mel.f_max must be at most 8000 Hz, half the 16 kHz sample rate (got 11025.0)"),
        RuleCase("a mel band upside down", """
            experiment: t
            data: {source: speech/festival}
            model: {architecture: audio-cnn, mel: {f_min: ⟨E⟩4000, f_max: 3000}}
            """, "model.mel.f_min (4000.0 Hz) must be below model.mel.f_max (3000.0 Hz)"),
        RuleCase("LoRA on the audio CNN", """
            experiment: t
            data: {source: speech/festival}
            model: {architecture: audio-cnn, pretrained: {experiment: speech-pretrain}}
            freeze: {strategy: ⟨E⟩lora}
            """, "freeze.strategy lora adapts Linear layers, and an audio-cnn's body is convolutions; use bitfit, bottom or gradual"),
        RuleCase("a CNN on a table", """
            experiment: t
            data: {source: {csv: table.csv, label: y}}
            model: {architecture: ⟨E⟩cnn}
            """, "model.architecture cnn cannot read tabular data; use mlp"),
        RuleCase("regression on digits", """
            experiment: t
            data: {source: digits, task: ⟨E⟩regression}
            model: {architecture: cnn}
            evaluation: {metrics: [mse]}
            """, "data.task: digits has no numeric target, so it supports classification only"),
        RuleCase("a regression task left with the classification default metrics", """
            experiment: t
            data: {source: sentiment/movies, task: ⟨E⟩regression}
            model: {architecture: bert, pretrained: all-MiniLM-L6-v2}
            """, "data.task regression needs regression metrics, but evaluation.metrics defaults to accuracy, macro_f1; list some of mse, mae, rmse, r2"),
        RuleCase("milestones that do not increase", """
            \(minimalExperiment)
            schedule: {epochs: 10, decay: multi-step, milestones: [3, ⟨E⟩3]}
            """, "schedule.milestones must increase (got 3 after 3)"),
        RuleCase("a milestone at the last epoch", """
            \(minimalExperiment)
            schedule:
              epochs: 10
              decay: multi-step
              milestones:
                - 4
                - ⟨E⟩10
            """, "schedule.milestones: 10 is not before the last epoch (schedule.epochs is 10)"),
        RuleCase("multi-step decay without milestones", """
            \(minimalExperiment)
            schedule: {decay: ⟨E⟩multi-step}
            """, "schedule.decay multi-step needs schedule.milestones"),
        RuleCase("a pretrained name that is not a model", """
            experiment: t
            data: {source: sentiment/movies}
            model: {architecture: bert, pretrained: ⟨E⟩all-MiniLM-L6-v3}
            """, "model.pretrained: 'all-MiniLM-L6-v3' is neither none, imagenet, a built-in model (all-MiniLM-L6-v2) nor a path; did you mean 'all-MiniLM-L6-v2'?"),
        RuleCase("pretrained: None in capitals", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn, pretrained: ⟨E⟩None}
            """, "model.pretrained: 'None' is neither none, imagenet, a built-in model (all-MiniLM-L6-v2) nor a path; did you mean 'none'?"),
        RuleCase("a folder of photos without an image size", """
            experiment: t
            data: {source: ⟨E⟩{images: photos}}
            model: {architecture: cnn}
            """, "photo files come in many sizes: set model.image_size, the side of the square the network reads (e.g. 32 for a small cnn, 224 for an ImageNet backbone)"),
        RuleCase("a CSV of photos without an image size", """
            experiment: t
            data: {source: ⟨E⟩{csv: photos.csv, image: path, label: kind}}
            model: {architecture: cnn}
            """, "photo files come in many sizes: set model.image_size, the side of the square the network reads (e.g. 32 for a small cnn, 224 for an ImageNet backbone)"),
        RuleCase("an image size for digit values", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn, image_size: ⟨E⟩32}
            """, "model.image_size sizes photos, but data.source holds 8×8 digit values"),
        RuleCase("a crop fraction for text", """
            experiment: t
            data: {source: sentiment/movies}
            model: {architecture: bert, crop_fraction: ⟨E⟩0.875}
            """, "model.crop_fraction crops photos, but data.source holds text data"),
        RuleCase("a CSV source naming photos and features", """
            experiment: t
            data: {source: {csv: photos.csv, image: path, label: kind, features: ⟨E⟩[a]}}
            model: {architecture: cnn, image_size: 32}
            """, "data.source names photos (image) and feature columns (features); a CSV source reads one or the other"),
        RuleCase("a random resized crop of digit values", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn}
            augmentation:
              - {kind: ⟨E⟩random_resized_crop}
            """, "augmentation random_resized_crop reads photos (an images folder, a CSV of image paths or fashion-mnist); digits holds image values"),
        RuleCase("a colour jitter of text", """
            experiment: t
            data: {source: sentiment/movies}
            model: {architecture: bert}
            augmentation:
              - {kind: ⟨E⟩color_jitter}
            """, "augmentation color_jitter does not apply to text data"),
        RuleCase("a scale range of three numbers", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: cnn}
            augmentation:
              - {kind: random_resized_crop, scale: ⟨E⟩[0.5, 0.8, 1.0]}
            """, "augmentation[0].scale must be two numbers [low, high] (got 3)"),
        RuleCase("a ratio range upside down", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: cnn}
            augmentation:
              - {kind: random_erasing, ratio: ⟨E⟩[3.3, 0.3]}
            """, "augmentation[0].ratio must be [low, high] with low <= high (got [3.3, 0.3])"),
        RuleCase("mobilenet_v2 on digit values", """
            experiment: t
            data: {source: digits}
            model: {architecture: ⟨E⟩mobilenet_v2}
            """, "model.architecture mobilenet_v2 reads photos (an images folder, a CSV of image paths or fashion-mnist); digits holds 8×8 digit values; use cnn or mlp"),
        RuleCase("imagenet weights for an architecture without them", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: cnn, pretrained: ⟨E⟩imagenet}
            """, "model.pretrained: cnn has no built-in ImageNet weights (mobilenet_v2, efficientnet_lite0 have); use none, a path or {experiment: NAME}"),
        RuleCase("channels for mobilenet_v2", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: mobilenet_v2, channels: ⟨E⟩[8, 16]}
            """, "model.channels does not apply to mobilenet_v2, whose blocks are torchvision's", severity: .warning),
        RuleCase("more frozen blocks than mobilenet_v2 has", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: mobilenet_v2, pretrained: {experiment: pre}}
            freeze: {strategy: bottom, layers: ⟨E⟩20}
            """, "freeze.layers must be at most 19, the number of blocks in this mobilenet_v2 (features.0 … features.18) (got 20)"),
        RuleCase("lora on mobilenet_v2", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: mobilenet_v2, pretrained: {experiment: pre}}
            freeze: {strategy: ⟨E⟩lora}
            """, "freeze.strategy lora adapts Linear layers, and mobilenet_v2's body is convolutions; use bitfit, bottom or gradual"),
        RuleCase("hidden for a vit", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: vit_tiny_patch16, image_size: 32, hidden: ⟨E⟩[8]}
            """, "model.hidden does not apply to vit_tiny_patch16, whose blocks are timm's", severity: .warning),
        RuleCase("more frozen blocks than resnet18 has", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: resnet18, pretrained: {experiment: pre}}
            freeze: {strategy: bottom, layers: ⟨E⟩11}
            """, "freeze.layers must be at most 10, the number of blocks in this resnet18 (conv1, bn1, layer1.0 … layer4.1) (got 11)"),
        RuleCase("lora on resnet50", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: resnet50, pretrained: {experiment: pre}}
            freeze: {strategy: ⟨E⟩lora}
            """, "freeze.strategy lora adapts Linear layers, and resnet50's body is convolutions; use bitfit, bottom or gradual"),
        RuleCase("resnet34 on digit values", """
            experiment: t
            data: {source: digits}
            model: {architecture: ⟨E⟩resnet34}
            """, "model.architecture resnet34 reads photos (an images folder, a CSV of image paths or fashion-mnist); digits holds 8×8 digit values; use cnn or mlp"),
        RuleCase("a vit at a size that is no multiple of 16", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: vit_tiny_patch16, image_size: ⟨E⟩40}
            """, "model.image_size: vit_tiny_patch16 cuts photos into 16×16 patches, so the side must be a multiple of 16 (got 40; e.g. 32 or 48)"),
        RuleCase("a vit on fashion-mnist at its own 28 px", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: ⟨E⟩vit_small_patch16}
            """, "model.architecture vit_small_patch16 cuts photos into 16×16 patches: set model.image_size to a multiple of 16 (fashion-mnist is read at its own size otherwise)"),
        RuleCase("imagenet weights for a vit", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: vit_base_patch16, image_size: 32, pretrained: ⟨E⟩imagenet}
            """, "model.pretrained: vit_base_patch16 has no built-in ImageNet weights (mobilenet_v2, efficientnet_lite0 have); use none, a path or {experiment: NAME}"),
        RuleCase("lora on a vit with BERT's default targets", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: vit_tiny_patch16, image_size: 32, pretrained: {experiment: pre}}
            freeze: {strategy: ⟨E⟩lora}
            """, "freeze.strategy lora on vit_tiny_patch16 needs freeze.lora.targets: the default (query, value) names BERT's modules; list some of qkv, proj, fc1, fc2"),
        RuleCase("lora on a vit naming a module it does not have", """
            experiment: t
            data: {source: fashion-mnist}
            model: {architecture: vit_tiny_patch16, image_size: 32, pretrained: {experiment: pre}}
            freeze: {strategy: lora, lora: {targets: [qkv, ⟨E⟩fc3]}}
            """, "freeze.lora.targets: 'fc3' is not a Linear module of this vit_tiny_patch16 (targets: qkv, proj, fc1, fc2); did you mean 'fc1'?"),
        RuleCase("forgetting without a pre-trained model", """
            experiment: t
            data: {source: digits, classes: [5, 6]}
            model: {architecture: cnn}
            evaluation:
              forgetting: ⟨E⟩{source: digits, classes: [0, 1]}
            """, "evaluation.forgetting measures what a pre-trained model forgets, but model.pretrained is none"),
    ]

    @Test("cross-field rules", arguments: crossField)
    func crossFieldRule(_ rule: RuleCase) { expectDiagnostic(rule) }

    /// The weights file does not exist; its path in the message is resolved against the
    /// experiment's folder, which is only known at run time.
    @Test func aPretrainedPathThatDoesNotExistIsReportedAtThePath() {
        for yaml in ["model: {architecture: cnn, pretrained: ⟨E⟩weights/missing.safetensors}",
                     "model: {architecture: cnn, pretrained: {path: ⟨E⟩weights/missing.safetensors}}"] {
            let marked = MarkedText("experiment: t\ndata: {source: digits}\n" + yaml)
            let workspace = Workspace()
            let outcome = Planner.plan(file: workspace.write("experiment.yaml", marked.text))
            let missing = workspace.path("weights/missing.safetensors")
            #expect(outcome.errors.map(rendered) == [
                rendered(marked.position(), .error, "model.pretrained: no such file or folder '\(missing)'"),
            ])
        }
    }

    @Test func aPretrainedPathThatExistsIsAccepted() {
        let workspace = Workspace()
        workspace.write("weights/model.safetensors", "not checked here")
        let outcome = plan("""
            experiment: t
            data: {source: digits}
            model: {architecture: cnn, pretrained: weights/model.safetensors}
            """, in: workspace)
        #expect(outcome.errors.map(rendered) == [])
        #expect(outcome.plan?.runs.first?.config.at("model.pretrained") == .string(workspace.path("weights/model.safetensors")))
    }

    // MARK: Warnings

    static let warnings: [RuleCase] = [
        RuleCase("freezing a randomly initialised model", """
            experiment: t
            data: {source: digits}
            model: {architecture: cnn}
            freeze: {strategy: ⟨E⟩head-only}
            """, "freeze.strategy head-only freezes randomly initialised weights (model.pretrained is none)", severity: .warning),
        RuleCase("gradual unfreezing too slow for the run", """
            \(minimalExperiment)
            freeze: {strategy: gradual, unfreeze_every: ⟨E⟩20}
            schedule: {epochs: 10}
            """, "freeze.unfreeze_every: with 10 epochs most blocks never thaw; 4.9 or less thaws all 2 blocks (a fraction of an epoch, counted in optimizer steps)", severity: .warning),
    ]

    @Test("warnings", arguments: warnings)
    func warning(_ rule: RuleCase) { expectDiagnostic(rule) }

    /// (blocks, epochs, suggestion): the gradual warning offers the largest two-digit
    /// `unfreeze_every` under which every block thaws before the run's last step.
    @Test(arguments: [(20, 4, "0.19"), (19, 4, "0.21"), (19, 2, "0.1"), (20, 2, "0.09"), (3, 10, "3.3")])
    func gradualWarningSuggestsAnIntervalThatThawsEveryBlock(blocks: Int, epochs: Int, expected: String) {
        #expect(Rules.thawingAll(blocks: blocks, epochs: epochs) == expected)
        let suggested = Double(expected)!
        #expect(suggested * Double(blocks) < Double(epochs), "the last block thaws before the last step")
    }

    // MARK: YAML itself

    static let yaml: [RuleCase] = [
        RuleCase("an unclosed flow mapping", """
            experiment: t
            data: {source: digits
            model⟨E⟩: {architecture: cnn}
            """, "did not find expected ',' or '}' (while parsing a flow mapping at line 2, column 7)"),
        RuleCase("a badly indented key", """
            experiment: t
            data:
              source: digits
               split⟨E⟩: {train: 0.6}
            model: {architecture: cnn}
            """, "mapping values are not allowed in this context"),
        RuleCase("a duplicate section", """
            experiment: t
            model: {architecture: cnn}
            data: {source: digits}
            ⟨E⟩model: {architecture: mlp}
            """, "duplicate key 'model' (first defined at line 2, column 1)"),
        RuleCase("a duplicate nested key", """
            \(minimalExperiment)
            optimizer:
              lr: 0.1
              ⟨E⟩lr: 0.2
            """, "duplicate key 'lr' (first defined at line 5, column 3)"),
        RuleCase("a list at the top", """
            ⟨E⟩- experiment: t
            """, "an experiment file must be a mapping of keys to values (got a list)"),
        RuleCase("only a comment", """
            ⟨E⟩# nothing yet
            """, "file is empty (no YAML document, only comments or whitespace)"),
        RuleCase("a second document", """
            \(minimalExperiment)
            ⟨E⟩---
            experiment: u
            """, "a second YAML document starts here; a file must hold exactly one"),
    ]

    @Test("YAML syntax errors and duplicate keys surface as diagnostics", arguments: yaml)
    func yamlError(_ rule: RuleCase) { expectDiagnostic(rule) }

    @Test func invalidUTF8IsReportedAtTheFirstBadByte() {
        let workspace = Workspace()
        let file = workspace.write("experiment.yaml", bytes: Array("experiment: t\ndescription: caf".utf8) + [0xE9] + Array("\n".utf8))
        let outcome = Planner.plan(file: file)
        #expect(outcome.errors.map(rendered) == [
            "2:17: error: file is not valid UTF-8 (unexpected byte 0xE9); save it with UTF-8 encoding",
        ])
        #expect(outcome.errors.first?.mark?.file == file)
    }

    @Test func aMissingFileIsReportedByName() {
        let workspace = Workspace()
        let outcome = Planner.plan(file: workspace.path("nowhere.yaml"))
        #expect(outcome.plan == nil)
        #expect(outcome.errors.count == 1)
        #expect(outcome.errors.map(\.description) == ["\(workspace.path("nowhere.yaml")):1:1: error: cannot read file: No such file or directory"])
    }

    // MARK: The printed form

    @Test func aDiagnosticPrintsAsFileLineColumnSeverityMessage() throws {
        let workspace = Workspace()
        let file = workspace.write("x.yaml", "\(minimalExperiment)\noptimizer: {lr: -0.003}\n")
        let outcome = Planner.plan(file: file)
        let diagnostic = try #require(outcome.errors.first)
        #expect(diagnostic.description == "\(file):4:17: error: optimizer.lr must be > 0 (got -0.003)")
        #expect(DiagnosticPrinter(colour: false).render(diagnostic) == diagnostic.description)
        #expect(DiagnosticPrinter(colour: true).render(diagnostic)
                == "\(file):4:17: \u{1B}[1;31merror\u{1B}[0m: optimizer.lr must be > 0 (got -0.003)")
    }

    @Test func aValidFileHasNoDiagnostics() {
        let outcome = plan(minimalExperiment)
        #expect(outcome.diagnostics.map(rendered) == [])
        #expect(outcome.plan?.runs.count == 1)
    }
}
