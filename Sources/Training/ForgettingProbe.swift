import Experiment
import Models
import Torch

/// Measures what fine-tuning costs the source task: the body under evaluation with the
/// pre-trained head, scored on the source task's test split, before and after.
struct ForgettingProbe {
    let network: Network
    let sourceHead: Linear
    let evaluator: Evaluator
    let test: [Int]
    let splitDescription: String

    /// nil when the experiment does not ask for forgetting.
    init?(config: ExperimentConfig, anchor: Trainer.Anchor?, pretrained: PretrainedWeights?, seed: Int,
          assetsRoot: String, network: Network, text: TextModel? = nil) throws {
        guard let forgetting = config.evaluation.forgetting else { return nil }
        guard let sourceHead = anchor?.sourceHead else {
            throw TrainingError("evaluation.forgetting needs a pre-trained model with its original head")
        }
        // The source run's own test split when it is known, so no training example of the
        // pre-trained model is scored; otherwise the test split of this run's seed.
        var data = config.data
        var splitSeed = seed
        var description = "test split drawn with this run's seed (the pre-training data split is unknown)"
        if let source = pretrained?.sourceConfig, let sourceSeed = pretrained?.sourceSeed, source.data.source == forgetting.source {
            data = source.data
            splitSeed = sourceSeed
            description = "test split of the pre-training run \(pretrained?.run ?? "")"
            if let classes = forgetting.classes, let sourceClasses = source.data.classes, classes != sourceClasses {
                throw TrainingError("evaluation.forgetting.classes \(classes) differ from the pre-training classes \(sourceClasses), in order; the source head predicts those")
            }
        } else {
            data.source = forgetting.source
            data.classes = forgetting.classes
            data.speakers = nil
        }
        data.trainFraction = 1
        data.perClass = nil
        data.folds = nil
        data.task = .classification
        let prepared = try PreparedData.prepare(data, seed: splitSeed, assetsRoot: assetsRoot, sizing: config.imageSizing(for: data))
        guard prepared.classCount == sourceHead.weight.shape[0] else {
            throw TrainingError("evaluation.forgetting: the source task has \(prepared.classCount) classes but the pre-trained head predicts \(sourceHead.weight.shape[0])")
        }
        self.network = network
        self.sourceHead = sourceHead
        evaluator = Evaluator(batches: try Batches(data: prepared, steps: [], text: text,
                                                   photos: prepared.dataset.imageChannels.flatMap(config.imagePreprocessing)),
                              metrics: [.accuracy])
        test = prepared.test
        splitDescription = description
    }

    func measure() throws -> (value: Double, examples: Int) {
        let evaluation = try evaluator.evaluate(network, test, head: sourceHead, task: .classification)
        return (evaluation.metrics["accuracy"] ?? 0, test.count)
    }
}
