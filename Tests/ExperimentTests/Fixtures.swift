import Foundation

/// Inline fixtures, written into temporary folders by the tests that use them.
enum Fixtures {
    /// The shipped base of the digits experiments, read from the repository.
    static var digitsBase: String {
        (try? String(contentsOfFile: repositoryRoot + "/experiments/base/digits-cnn.yaml", encoding: .utf8)) ?? ""
    }

    /// The other shipped bases (speech, fashion-mnist), by file name; the mutation test keeps
    /// them intact (it damages the digits base).
    static var otherBases: [(name: String, text: String)] {
        let folder = repositoryRoot + "/experiments/base"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".yaml") && $0 != "digits-cnn.yaml" }.sorted()
        return names.map { ($0, (try? String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) ?? "") }
    }

    /// A valid experiment that touches every section of the language, anchors and aliases,
    /// a zip group and random search: the richest seed for the mutation test, and one more
    /// file the JSON Schema must accept. Lives next to a copy of the digits base.
    static let rich = """
        # yaml-language-server: $schema=../schemas/experiment.schema.json
        experiment: rich-fixture
        description: |
          Every section of the language, with an anchor and an alias.
        extends: base/digits-cnn.yaml
        seed: 3
        repeats: 2
        data:
          source: digits
          task: classification
          classes: [5, 6, 7, 8, 9]
          split: {train: 0.6, validation: 0.2, test: 0.2, stratify: true}
          per_class: 20
        model:
          architecture: cnn
          pretrained: {experiment: digits-pretrain}
          head: {replace: true}
          channels: [16, 32]
          dropout: 0.1
          residual: false
        freeze:
          strategy: gradual
          layers: 1
          unfreeze_every: 2
          head_epochs: 2
        optimizer:
          name: adamw
          lr: &lr 3e-3
          weight_decay: 0.01
          betas: [0.9, 0.999]
          eps: 1.0e-8
          layer_decay: 0.7
          clip_grad_norm: 1.0
        schedule:
          epochs: 12
          batch_size: 32
          warmup: 0.1
          decay: multi-step
          gamma: 0.5
          milestones: [4, 8]
          min_lr: 0.0
          early_stopping: {monitor: validation.macro_f1, patience: 3, min_delta: 0.001}
        regularization:
          label_smoothing: 0.1
          l2_sp: 0.01
          distillation: {weight: 0.5, temperature: 2.0}
        augmentation:
          - {kind: shift, pixels: 1, p: 0.5}
          - {kind: rotation, degrees: 10}
          - {kind: noise, std: 0.05}
          - {kind: cutout, size: 2}
          - {kind: mixup, alpha: 0.2, p: 1.0}
        evaluation:
          metrics: [accuracy, macro_f1, roc_auc, log_loss, confusion_matrix]
          select: validation.macro_f1
          forgetting: {source: digits, classes: [0, 1, 2, 3, 4]}
          baselines: [scratch]
        output:
          save_model: false
        sweep:
          zip:
            - {optimizer.lr: [1e-3, *lr], regularization.l2_sp: [0.0, 0.01]}
          model.dropout: {sample: uniform, low: 0.0, high: 0.3}
          samples: 2

        """

    /// The top-level shipped experiments (base files are partial and are not listed).
    static var shippedExperiments: [String] {
        let folder = repositoryRoot + "/experiments"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }

    /// Warnings a shipped experiment prints on purpose, by file name (none today: fashion-transfer
    /// once did, before `unfreeze_every` took fractions). Anything else is a mistake.
    static let intendedWarnings: [String: [String]] = [:]

    /// Whether a diagnostic line of `file` is one of its intended warnings.
    static func isIntended(_ line: String, in file: String) -> Bool {
        let name = (file as NSString).lastPathComponent
        return (intendedWarnings[name] ?? []).contains { line.hasSuffix($0) && line.contains(name + ":") }
    }

    /// The shipped base files (`experiments/base/`), which experiments extend.
    static var shippedBases: [String] {
        let folder = repositoryRoot + "/experiments/base"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder + "/" + $0 }
    }
}
