/// Reduce-on-plateau: cut the learning rate when a monitored metric stops improving.
///
/// Unlike `Schedule` this depends on the metrics a run produces, so it is a small state
/// machine fed once per evaluation. It follows PyTorch's `ReduceLROnPlateau` step for
/// step (including its cooldown and `eps` rules), so settings carry over unchanged.
/// The training loop multiplies the scheduled rate by `multiplier`.
public struct PlateauController: Sendable, Equatable, Hashable {
    /// Whether a smaller or a larger metric is an improvement.
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case min, max
    }

    /// How `threshold` compares a new value with the best so far.
    public enum ThresholdMode: String, Sendable, Codable, CaseIterable {
        /// Improvement must beat `best * (1 ∓ threshold)`.
        case rel
        /// Improvement must beat `best ∓ threshold`.
        case abs
    }

    public var mode: Mode
    /// The rate is multiplied by this on each reduction.
    public var factor: Double
    /// Evaluations without improvement tolerated; the next one reduces.
    public var patience: Int
    /// Smallest change that counts as an improvement.
    public var threshold: Double
    public var thresholdMode: ThresholdMode
    /// Evaluations after a reduction during which bad evaluations are not counted.
    public var cooldown: Int
    /// Absolute floor for the learning rate.
    public var minLR: Double
    /// Reductions smaller than this (in absolute rate) are skipped.
    public var eps: Double
    /// The rate the multiplier applies to; needed because `minLR` and `eps` are absolute.
    public let baseLR: Double

    /// Best metric seen so far (±infinity before the first update).
    public private(set) var best: Double
    /// Evaluations since the last improvement (reset by reductions and cooldown).
    public private(set) var badEvaluations = 0
    /// Evaluations of cooldown still to go.
    public private(set) var cooldownLeft = 0
    /// The current rate: `baseLR` times every reduction so far, floored at `minLR`.
    public private(set) var lr: Double

    /// - Parameters: as PyTorch's `ReduceLROnPlateau`, with the same defaults, plus
    ///   `baseLR`, the rate the returned multipliers are relative to.
    public init(baseLR: Double, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
                threshold: Double = 1e-4, thresholdMode: ThresholdMode = .rel,
                cooldown: Int = 0, minLR: Double = 0, eps: Double = 1e-8) {
        self.baseLR = baseLR
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minLR = minLR
        self.eps = eps
        self.best = mode == .min ? .infinity : -.infinity
        self.lr = baseLR
    }

    /// The factor to apply to the base rate now: `lr / baseLR`.
    public var multiplier: Double { baseLR == 0 ? 1 : lr / baseLR }

    /// Whether `value` beats the best so far by more than the threshold.
    ///
    /// NaN never improves, so a diverging run counts as a bad evaluation.
    public func isImprovement(_ value: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .rel): value < best * (1 - threshold)
        case (.min, .abs): value < best - threshold
        case (.max, .rel): value > best * (1 + threshold)
        case (.max, .abs): value > best + threshold
        }
    }

    /// Feeds one evaluation of the monitored metric; returns the multiplier to use next.
    @discardableResult
    public mutating func update(metric: Double) -> Double {
        // 1. Count the evaluation as good (new best) or bad.
        if isImprovement(metric) {
            best = metric
            badEvaluations = 0
        } else {
            badEvaluations += 1
        }
        // 2. During cooldown bad evaluations are forgiven.
        if cooldownLeft > 0 {
            cooldownLeft -= 1
            badEvaluations = 0
        }
        // 3. Out of patience: reduce (unless at the floor) and start a cooldown.
        if badEvaluations > patience {
            let reduced = Swift.max(lr * factor, minLR)
            if lr - reduced > eps { lr = reduced }
            cooldownLeft = cooldown
            badEvaluations = 0
        }
        return multiplier
    }
}
