import Experiment

/// One line of history.jsonl: what an epoch did and measured.
public struct EpochRecord: Codable, Sendable, Equatable {
    /// 1-based, as people count epochs.
    public var epoch: Int
    /// Metrics per split evaluated after the epoch; `train.loss` is the mean batch loss.
    public var metrics: [String: SplitMetrics]
    /// Learning rate of each optimizer group at the epoch's first step (0 when frozen).
    public var learningRates: [String: Double]
    /// Body blocks training at the epoch's last step (a fractional gradual `unfreeze_every`
    /// thaws blocks within the epoch; everything else changes only between epochs).
    public var trainableBlocks: [String]
    /// Trainable parameters at the epoch's last step, the head included.
    public var trainableParameters: Int
    public var seconds: Double
    /// Of `seconds`, the optimizer steps (the training pass); nil in older histories.
    public var stepSeconds: Double?
    /// Of `stepSeconds`, the time steps waited for their batch; nil in older histories and
    /// when batches are not made ahead (cached features).
    public var dataSeconds: Double?

    enum CodingKeys: String, CodingKey {
        case epoch, metrics, seconds
        case stepSeconds = "step_seconds"
        case dataSeconds = "data_seconds"
        case learningRates = "learning_rates"
        case trainableBlocks = "trainable_blocks"
        case trainableParameters = "trainable_parameters"
    }

    public init(epoch: Int, metrics: [String: SplitMetrics], learningRates: [String: Double],
                trainableBlocks: [String], trainableParameters: Int, seconds: Double,
                stepSeconds: Double? = nil, dataSeconds: Double? = nil) {
        self.stepSeconds = stepSeconds
        self.dataSeconds = dataSeconds
        self.epoch = epoch
        self.metrics = metrics
        self.learningRates = learningRates
        self.trainableBlocks = trainableBlocks
        self.trainableParameters = trainableParameters
        self.seconds = seconds
    }
}
