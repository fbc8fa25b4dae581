import Datasets
import Experiment
import Foundation
import Models
import Results
import Torch

/// The training loop of one run, readable top to bottom: per epoch, apply the freeze plan,
/// step through shuffled (augmented) batches with the scheduled learning rates, evaluate,
/// keep the best epoch, stop early; at the end, restore the best epoch.
final class Trainer {
    struct Outcome {
        var history: [EpochRecord]
        /// 1-based; 0 when no epoch completed.
        var bestEpoch: Int
        var stoppedEarly: Bool
        var diverged: String?
        var trainSeconds: Double
        /// Optimizer steps taken and the seconds spent taking them (evaluation excluded).
        var steps = 0
        var stepSeconds = 0.0
        /// Of `stepSeconds`, the time steps waited for their batch (made on a background thread).
        var dataSeconds = 0.0
        /// Evaluations (validation, and test when selection or stopping read it) of exactly the
        /// weights the network ends with: evaluation is deterministic, so the final metrics reuse
        /// them instead of running those splits again.
        var evaluations: [Split: Evaluator.Evaluation] = [:]
    }

    /// What the pre-trained model contributes beyond its weights.
    struct Anchor {
        /// Body weights before fine-tuning, for L2-SP.
        var body: [String: Tensor]
        /// The pre-trained model with its original head (distillation teacher).
        var teacher: Network?
        /// The original head on the fine-tuned body (distillation student).
        var sourceHead: Linear?
    }

    let config: ExperimentConfig
    let network: Network
    let batches: Batches
    let evaluator: Evaluator
    let plan: FreezePlan
    let anchor: Anchor?
    let seed: UInt64
    /// Body outputs to train the head on, when the whole body stays frozen (see ``CachedFeatures``).
    let cached: CachedFeatures?
    let progress: (String) -> Void
    /// Receives each epoch's record as it ends (for structured progress).
    let epochEnded: (EpochRecord) -> Void
    /// A test's deterministic crash or pause (``FaultHook``); nil in real use.
    let fault: FaultHook?

    init(config: ExperimentConfig, network: Network, batches: Batches, evaluator: Evaluator,
         anchor: Anchor?, seed: UInt64, cached: CachedFeatures? = nil, fault: FaultHook? = nil,
         progress: @escaping (String) -> Void, epochEnded: @escaping (EpochRecord) -> Void = { _ in }) {
        self.config = config
        self.epochEnded = epochEnded
        self.fault = fault
        self.cached = cached
        self.network = network
        self.batches = batches
        self.evaluator = evaluator
        plan = FreezePlan(config.freeze, blocks: network.blockNames,
                          stepsPerEpoch: Self.stepsPerEpoch(train: batches.data.train.count, batchSize: config.schedule.batchSize))
        self.anchor = anchor
        self.seed = seed
        self.progress = progress
    }

    func run() throws -> Outcome {
        let data = batches.data
        let schedule = config.schedule
        let stepsPerEpoch = plan.stepsPerEpoch
        let totalSteps = stepsPerEpoch * schedule.epochs
        let lrCurve = Schedule(baseLR: 1, totalSteps: totalSteps,
                               warmupSteps: Int((schedule.warmup * Double(totalSteps)).rounded()),
                               decay: Self.decay(schedule, stepsPerEpoch: stepsPerEpoch))
        var plateau = schedule.decay == .plateau
            ? PlateauController(baseLR: 1, mode: .min, factor: schedule.gamma, patience: schedule.patience) : nil
        let groups = ParameterGroups(network: network, lr: config.optimizer.lr,
                                     weightDecay: config.optimizer.weightDecay, layerDecay: config.optimizer.layerDecay)
        let optimizer = try Self.optimizer(config.optimizer, groups: groups.paramGroups(of: network))
        let select = config.evaluation.select
        let monitor = schedule.earlyStopping.map(\.monitor)

        var history: [EpochRecord] = []
        var best: (epoch: Int, value: Double, state: [String: Tensor], evaluations: [Split: Evaluator.Evaluation])?
        var lastEvaluations: [Split: Evaluator.Evaluation] = [:]
        var monitorBest: Double?
        var badEpochs = 0
        var stoppedEarly = false
        // One generator for the run's augmentation, drawn from in batch order (also by the
        // prefetching thread, which makes batches strictly in order).
        let augmentRNG = UnsafeMutablePointer<SeededGenerator>.allocate(capacity: 1)
        augmentRNG.initialize(to: SeededGenerator(seed: SeedDerivation.childSeed(of: seed, purpose: SeedPurpose.augmentation)))
        defer { augmentRNG.deinitialize(count: 1); augmentRNG.deallocate() }
        let started = Date()
        var steps = 0, stepSeconds = 0.0, dataSeconds = 0.0

        for epoch in 0..<schedule.epochs {
            fault?.fire(before: epoch + 1, log: progress)
            let epochStart = Date()
            // 1. Freeze plan: frozen blocks get no gradients and stay in evaluation mode.
            var trainable = try applyFreezePlan(epoch: epoch)
            // 2. One pass over shuffled batches.
            let order = Batching.epochBatches(data.train, batchSize: schedule.batchSize, seed: seed, epoch: epoch)
            var lossSum = 0.0, seen = 0
            var firstStepRates: [String: Double] = [:]
            let stepsStart = Date()
            let batches = self.batches
            let prefetch = cached == nil && batches.preparesOnHost
                ? Prefetcher(count: order.count) { try batches.host(order[$0], rng: augmentRNG) } : nil
            defer {
                prefetch?.drain()
                dataSeconds += prefetch?.waitSeconds ?? 0
            }
            for (index, indices) in order.enumerated() {
                let step = epoch * stepsPerEpoch + index
                // A fractional gradual interval thaws the next block at its step, not its epoch.
                if plan.changesWithinEpochs, index > 0, plan.trainableBlocks(epoch: epoch, step: index) != trainable {
                    trainable = try applyFreezePlan(epoch: epoch, step: index)
                }
                let multiplier = lrCurve.lr(at: step) * (plateau?.multiplier ?? 1)
                for g in optimizer.groups.indices {
                    optimizer.groups[g].lr = groups.groups[g].baseLR * multiplier
                }
                if index == 0 {
                    for (g, group) in groups.groups.enumerated() {
                        // A group none of whose parameters trains (a frozen block; under
                        // LoRA/BitFit, the weights beside the updates) records rate 0.
                        let frozen = !optimizer.groups[g].parameters.contains(where: \.requiresGrad)
                        firstStepRates[group.name] = frozen ? 0 : optimizer.groups[g].lr
                    }
                }
                let batch = try cached?.batch(indices, batches: batches)
                    ?? prefetch.map { try batches.tensors($0.take()) }
                    ?? batches.batch(indices, rng: augmentRNG)
                let loss = try Torch.withAutocast(config.model.autocastType) { try self.loss(batch, trainable: trainable) }
                let value = try loss.item()
                guard value.isFinite else {
                    return Outcome(history: history, bestEpoch: best?.epoch ?? 0, stoppedEarly: false,
                                   diverged: "loss became \(value) at epoch \(epoch + 1), step \(index + 1)",
                                   trainSeconds: Date().timeIntervalSince(started))
                }
                try loss.backward()
                if let maxNorm = config.optimizer.clipGradNorm {
                    try Torch.clipGradNorm(optimizer.parameters, maxNorm: maxNorm)
                }
                try optimizer.step()
                optimizer.zeroGrad()
                lossSum += value * Double(batch.count)
                seen += batch.count
                steps += 1
            }
            let epochStepSeconds = Date().timeIntervalSince(stepsStart)
            stepSeconds += epochStepSeconds
            // 3. Evaluate: validation always, other splits when selection or stopping reads them.
            var metrics: [String: SplitMetrics] = [:]
            metrics[.train] = [Metric.loss.rawValue: lossSum / Double(max(seen, 1))]
            lastEvaluations = [:]
            for split in Set([select.split, monitor?.split, .validation].compactMap { $0 }) {
                let indices = data.indices(of: split)
                guard !indices.isEmpty else { continue }
                let full = try evaluator.evaluate(network, indices, task: data.task)
                var evaluation = full.metrics
                // The train split's loss is the epoch's training loss, so it is not reusable.
                if split == .train { evaluation[.loss] = metrics[.train]?[.loss] } else { lastEvaluations[split] = full }
                metrics[split] = evaluation
            }
            history.append(EpochRecord(epoch: epoch + 1, metrics: metrics, learningRates: firstStepRates,
                                       trainableBlocks: trainable, trainableParameters: network.trainableParameterCount(),
                                       seconds: Date().timeIntervalSince(epochStart),
                                       stepSeconds: epochStepSeconds, dataSeconds: prefetch?.waitSeconds))
            progress(Self.describe(history.last!, select: select))
            epochEnded(history.last!)
            // 4. Keep the best epoch by the selection metric.
            if let value = select.value(in: metrics), best == nil || select.isBetter(value, than: best!.value) {
                best = (epoch + 1, value, try snapshot(), lastEvaluations)
            }
            if var controller = plateau, let loss = metrics[.validation]?[.loss] {
                _ = controller.update(metric: loss)
                plateau = controller
            }
            // 5. Early stopping on the monitored metric.
            if let monitor, let stopping = schedule.earlyStopping, let value = monitor.value(in: metrics) {
                if monitorBest == nil || monitor.isBetter(value, than: monitorBest!, by: stopping.minDelta) {
                    monitorBest = value
                    badEpochs = 0
                } else {
                    badEpochs += 1
                    if badEpochs >= stopping.patience {
                        stoppedEarly = epoch + 1 < schedule.epochs
                        break
                    }
                }
            }
        }
        // 6. Restore the best epoch's weights (the last epoch when nothing could be selected).
        if let best { try restore(best.state) }
        try applyFreezePlan(epoch: max(0, (best?.epoch ?? history.count) - 1), step: stepsPerEpoch - 1)
        return Outcome(history: history, bestEpoch: best?.epoch ?? history.count, stoppedEarly: stoppedEarly,
                       diverged: nil, trainSeconds: Date().timeIntervalSince(started),
                       steps: steps, stepSeconds: stepSeconds, dataSeconds: dataSeconds, evaluations: best?.evaluations ?? lastEvaluations)
    }

    // MARK: - Steps

    /// Optimizer steps in an epoch of `train` examples (the last batch may be short).
    static func stepsPerEpoch(train: Int, batchSize: Int) -> Int {
        max(1, (train + batchSize - 1) / max(1, batchSize))
    }

    /// Sets gradients and modes for step `step` of `epoch`; returns the trainable body blocks.
    @discardableResult
    func applyFreezePlan(epoch: Int, step: Int = 0) throws -> [String] {
        let trainable = plan.trainableBlocks(epoch: epoch, step: step)
        let thawed = Set(trainable)
        network.train()
        if plan.strategy.isParameterEfficient {
            // LoRA/BitFit: dropout stays on as in PEFT, but batch norm keeps its pre-trained
            // statistics (buffers are base weights too), and only the chosen parameters train.
            for (name, tensor) in network.bodyParameters() {
                try tensor.setRequiresGrad(plan.trainsParameter(name) || plan.isOutsideBlocks(name))
            }
            for (_, module) in network.namedModules() where module is BatchNorm2d { module.eval() }
            return trainable
        }
        for block in plan.blocks {
            try network.setRequiresGrad(thawed.contains(block), under: block)
            if !thawed.contains(block) { network.block(named: block)?.eval() }
        }
        return trainable
    }

    /// `network.features(input)` with no graph through the body.
    private func frozenBodyFeatures(_ input: ModelInput) throws -> Tensor {
        guard let split = network as? BodyOutputNetwork else { return try Torch.withNoGrad { try network.features(input) } }
        let body = try Torch.withNoGrad { try split.bodyOutput(input) }
        return try split.features(fromBodyOutput: body)
    }

    /// The training objective of one batch.
    private func loss(_ batch: Batches.Batch, trainable: [String]) throws -> Tensor {
        // The body without a graph when it is wholly frozen: backward stops at the head (and at
        // a classifier's dense layer after the body, which trains with it).
        let features = try cached?.features(of: batch) ?? (trainable.isEmpty
            ? try frozenBodyFeatures(batch.input)
            : try network.features(batch.input))
        let outputs = try network.head(features)
        let regularization = config.regularization
        var loss: Tensor
        switch batches.data.task {
        case .regression:
            loss = try F.mseLoss(outputs.reshape([-1]), batch.targets)
        case .classification:
            let smoothing = regularization.labelSmoothing
            loss = try F.crossEntropy(outputs, batch.targets, labelSmoothing: smoothing)
            if let mixing = batch.mixing {
                let permuted = try batch.targets.indexSelect(dim: 0, index: Tensor(mixing.permutation.map(Int64.init)))
                let lambda = Double(mixing.lambda)
                loss = try loss * lambda + F.crossEntropy(outputs, permuted, labelSmoothing: smoothing) * (1 - lambda)
            }
        }
        if let anchor, regularization.l2Sp > 0 {
            var penalty: Tensor?
            for (name, tensor) in network.bodyParameters() where tensor.requiresGrad {
                guard let start = anchor.body[name] else { continue }
                let term = try (tensor - start).square().sum()
                penalty = try penalty.map { try $0 + term } ?? term
            }
            if let penalty { loss = try loss + penalty * (regularization.l2Sp / 2) }
        }
        let distillation = regularization.distillation
        if distillation.weight > 0, let anchor, let teacher = anchor.teacher, let sourceHead = anchor.sourceHead,
           batches.data.task == .classification {
            let teacherLogits = try Torch.withNoGrad { try teacher(batch.input) }
            let studentLogits = try sourceHead(features)
            let kd = try F.distillationLoss(studentLogits: studentLogits, teacherLogits: teacherLogits,
                                            temperature: distillation.temperature)
            loss = try loss * (1 - distillation.weight) + kd * distillation.weight
        }
        return loss
    }

    private func snapshot() throws -> [String: Tensor] {
        try network.stateDict().mapValues { try $0.clone() }
    }

    private func restore(_ state: [String: Tensor]) throws {
        _ = try network.load(stateDict: state, strict: true)
    }

    // MARK: - Configuration

    static func decay(_ schedule: ScheduleConfig, stepsPerEpoch: Int) -> Decay {
        switch schedule.decay {
        case .constant, .plateau: return .constant
        case .step: return .step(every: schedule.stepSize * stepsPerEpoch, gamma: schedule.gamma)
        case .multiStep: return .multiStep(milestones: schedule.milestones.map { $0 * stepsPerEpoch }, gamma: schedule.gamma)
        case .exponential: return .exponential(gamma: Foundation.pow(schedule.gamma, 1 / Double(stepsPerEpoch)))
        case .linear: return .linear(final: schedule.minLr)
        case .cosine: return .cosine(final: schedule.minLr)
        case .oneCycle: return .oneCycle()
        }
    }

    static func optimizer(_ config: OptimizerConfig, groups: [ParamGroup]) throws -> any Optimizer {
        let betas = (config.betas.first ?? 0.9, config.betas.dropFirst().first ?? 0.999)
        switch config.name {
        case .sgd: return try SGD(groups: groups, momentum: config.momentum, nesterov: config.nesterov)
        case .adam: return Adam(groups: groups, betas: betas, eps: config.eps)
        case .adamw: return Adam.adamW(groups: groups, betas: betas, eps: config.eps)
        }
    }

    static func describe(_ record: EpochRecord, select: Selection) -> String {
        var parts = ["epoch \(record.epoch)", "train loss \(format(record.metrics[.train]?[.loss]))"]
        if let loss = record.metrics[.validation]?[.loss] { parts.append("validation loss \(format(loss))") }
        if let value = select.value(in: record.metrics), select.metric != .loss { parts.append("\(select.text) \(format(value))") }
        parts.append("trainable \(record.trainableParameters)")
        return parts.joined(separator: ", ")
    }

    static func format(_ x: Double?) -> String { x.map { String(format: "%.4f", $0) } ?? "-" }
}
