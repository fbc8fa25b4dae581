import AtomicFile
import Datasets
import Experiment
import Foundation
import Models
import PathText
import Results
import Torch
import Tracking

/// One run end to end: data, model, pre-trained weights, training, forgetting, the frozen
/// check, the scratch baseline, and the files of the results layout (docs/ARCHITECTURE.md).
public struct Runner {
    public var spec: RunSpec
    public var layout: ResultsLayout
    public var assetsRoot: String
    /// Receives one line per epoch (and per phase) for logs and progress displays.
    public var progress: @Sendable (String) -> Void
    /// Receives how far the run got, as data: a phase beginning, and each epoch's end (a sweep
    /// shows it; the log keeps the lines of `progress`).
    public var events: @Sendable (Event) -> Void = { _ in }

    /// A phase began (`epoch` nil) or an epoch of it ended.
    public struct Event: Sendable, Equatable {
        public enum Phase: String, Sendable { case training, baseline }
        public var phase: Phase
        public var epoch: Int?
        public var loss: Double?
        public var time: Date
    }
    /// Head-only runs train on cached frozen features (``FeatureCache``); off recomputes the
    /// body at every step, as a reference.
    public var useFeatureCache = true

    public init(spec: RunSpec, layout: ResultsLayout, assetsRoot: String, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.spec = spec
        self.layout = layout
        self.assetsRoot = assetsRoot
        self.progress = progress
    }

    /// Trains the run and writes its folder. Never throws for a training problem: a failed
    /// or diverged run is a result with that status and its error. A model or history that
    /// cannot be written (a full disk) fails the run the same way, with the path and cause;
    /// only a result.json that cannot be written throws, since nothing else could record it.
    @discardableResult
    public func run() throws -> RunResult {
        let folder = layout.run(spec.config["experiment"]?.string ?? "", spec.id)
        try AtomicFile.write(Foundation.Data(spec.config.yamlText().utf8), to: ResultsLayout.join(folder, ResultsLayout.configFile))
        let tracker = RunTracker(layout: layout, spec: spec, note: progress)
        tracker.started(spec)
        var (result, history, network) = train(spec: spec, includeBaselines: true, tracker: tracker)
        defer { tracker.finished(result) }
        func failWriting(_ error: any Error) {
            guard result.status != .failed else { return }
            result.status = .failed
            result.error = "\(error)"
        }
        if result.status == .done, let network, (try? spec.typedConfig().output.saveModel) == true {
            do {
                // LoRA updates are merged into their weights here, so the saved model loads as the
                // plain architecture; the updates themselves go to adapter/ in PEFT's format.
                try Checkpoint.write(state: LoRATargets.mergedStateDict(network),
                                     to: ResultsLayout.join(folder, ResultsLayout.modelFile),
                                     metadata: ["run": spec.id, "experiment": result.experiment])
                // A saved BERT gets its config.json and vocab.txt, so the run folder loads like the original.
                if let bert = network as? BERT {
                    try BERTFolder(folder).writeCompanions(config: bert.config, from: bert.sourceFolder)
                }
                // A LoRA run also keeps its updates alone, as a PEFT adapter for the untouched base.
                if result.lora != nil, let source = result.pretrained?.path {
                    let base = network is BERT ? PathText.parent(source) : source
                    try PEFTAdapter.write(network, to: ResultsLayout.join(folder, ResultsLayout.adapterFolder),
                                          baseModel: base, labels: result.data?.classes ?? [])
                }
            } catch {
                failWriting(error)
            }
        }
        do {
            let lines = try history.map { record -> String in
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                return String(decoding: try encoder.encode(record), as: UTF8.self)
            }
            try AtomicFile.write(Foundation.Data((lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")).utf8),
                                 to: ResultsLayout.join(folder, ResultsLayout.historyFile))
        } catch {
            failWriting(error)
        }
        try AtomicFile.write(try result.encoded(), to: ResultsLayout.join(folder, ResultsLayout.resultFile))
        return result
    }

    /// Trains `spec` and measures it; the network is returned for saving.
    /// - Parameter tracker: receives each epoch of this run (not of its baselines).
    func train(spec: RunSpec, includeBaselines: Bool, tracker: RunTracker? = nil) -> (RunResult, [EpochRecord], Network?) {
        let started = Date()
        var clock = PhaseClock()
        var result = Self.emptyResult(spec, started: started)
        do {
            let config = try spec.typedConfig()
            clock.end("setup")
            let seed = UInt64(truncatingIfNeeded: spec.seed)
            Torch.manualSeed(SeedDerivation.childSeed(of: seed, purpose: SeedPurpose.initialization))
            // 1. Data.
            let data = try PreparedData.prepare(config.data, seed: spec.seed, assetsRoot: assetsRoot, sizing: config.imageSizing)
            result.data = .init(train: data.train.count, validation: data.validation.count, test: data.test.count,
                                classes: data.dataset.classNames, notes: data.notes)
            guard !data.train.isEmpty else { throw TrainingError("the training split is empty") }
            result.inputShape = data.dataset.exampleShape
            clock.end("data")
            // 2. Model and pre-trained weights.
            let pretrained = try PretrainedWeights.resolve(config.model.pretrained, architecture: config.model.architecture, layout: layout, assetsRoot: assetsRoot)
            let text = try TextModel.resolve(config.model, pretrained: pretrained, assetsRoot: assetsRoot)
            let network = try ModelFactory.build(config.model, data: data, text: text, augmentation: config.augmentation)
            var anchor: Trainer.Anchor?
            if let pretrained {
                let loaded = try pretrained.load(into: network, replaceHead: config.model.head.replace, data: data, config: config, text: text)
                result.pretrained = .init(source: pretrained.description, path: pretrained.path, run: pretrained.run,
                                          loadedTensors: loaded.tensors, headReplaced: config.model.head.replace)
                // The starting point L2-SP pulls toward; copied only when that term is on.
                let start = config.regularization.l2Sp > 0
                    ? try Dictionary(uniqueKeysWithValues: network.bodyParameters().map { ($0.name, try $0.tensor.detach().clone()) })
                    : [:]
                anchor = Trainer.Anchor(body: start,
                                        teacher: loaded.teacher, sourceHead: loaded.sourceHead)
            }
            // LoRA: the low-rank updates go on after the pre-trained weights are in.
            if config.freeze.strategy == .lora {
                let lora = config.freeze.lora
                result.lora = .init(rank: lora.rank, alpha: lora.alpha, dropout: lora.dropout, targets: lora.targets,
                                    modules: try LoRATargets.attach(to: network, targets: lora.targets, rank: lora.rank,
                                                                    alpha: lora.alpha, dropout: lora.dropout))
            }
            let before = try snapshotBody(network)
            result.inputs = InputDigests(digests: FileDigests(folder: layout.digests(result.experiment)), assetsRoot: assetsRoot)
                .of(config.data.source, weights: pretrained?.path)
            clock.end("model")
            // 3. Forgetting, before.
            let batches = try Batches(data: data, steps: config.augmentation, text: text, photos: data.dataset.imageChannels.flatMap(config.imagePreprocessing))
            result.imageInput = batches.photos.flatMap { ImageInput($0, sizing: config.imageSizing, cropFraction: config.model.cropFraction ?? 1, set: data.dataset) }
            var evaluator = Evaluator(batches: batches, metrics: config.evaluation.metrics)
            evaluator.autocast = config.model.autocastType
            let forgetting = try ForgettingProbe(config: config, anchor: anchor, pretrained: pretrained, seed: spec.seed,
                                                 assetsRoot: assetsRoot, network: network, text: text)
            let forgettingBefore = try forgetting?.measure()
            clock.end("forgetting")
            // 4. Train (the head alone on cached body outputs when the body stays frozen).
            var cached: CachedFeatures?
            if useFeatureCache, let pretrained, let body = network as? BodyOutputNetwork,
               CachedFeatures.applies(to: config, blocks: network.blockNames, pretrained: true, train: data.train.count) {
                let cache = FeatureCache(layout: layout, experiment: result.experiment)
                let key = try FeatureCacheKey(weightsPath: pretrained.path, companions: text?.companionFiles ?? [],
                                              dataset: data.dataset, model: spec.config["model"] ?? .null,
                                              frozenDepth: network.blockNames.count, digests: cache.digests)
                cached = try CachedFeatures.load(network: body, batches: batches, key: key, cache: cache)
                evaluator.cached = cached
                result.featureCache = .init(key: key.id, reused: cached!.reused)
                clock.end("features")
            }
            progress("training \(spec.name): \(data.train.count) train / \(data.validation.count) validation / \(data.test.count) test examples")
            let phase: Event.Phase = includeBaselines ? .training : .baseline
            events(Event(phase: phase, epoch: nil, loss: nil, time: Date()))
            let fault = FaultHook.from(environment: ProcessInfo.processInfo.environment, id: spec.id, name: spec.name)
            let trainer = Trainer(config: config, network: network, batches: batches, evaluator: evaluator,
                                  anchor: anchor, seed: seed, cached: cached, fault: fault, progress: progress, epochEnded: { [events] record in
                tracker?.epoch(record)
                events(Event(phase: phase, epoch: record.epoch, loss: record.metrics[.train]?[.loss], time: Date()))
            })
            let outcome = try trainer.run()
            clock.end("train")
            result.learningRates = outcome.history.map(\.learningRates)
            result.epochsRun = outcome.history.count
            result.bestEpoch = outcome.bestEpoch
            result.stoppedEarly = outcome.stoppedEarly
            result.timings.trainSeconds = outcome.trainSeconds
            result.timings.steps = outcome.steps
            result.timings.stepSeconds = outcome.stepSeconds
            result.timings.dataSeconds = outcome.dataSeconds
            if let diverged = outcome.diverged {
                result.status = .diverged
                result.error = diverged
                return (finish(result, started, clock), outcome.history, nil)
            }
            // 5. Final metrics of the best epoch on every recorded split (splits the trainer evaluated on
            // these very weights are not run again).
            let recorded = Set(config.evaluation.finalSplits).union([config.evaluation.select.split])
            for split in Split.allCases where recorded.contains(split) {
                let indices = data.indices(of: split)
                guard !indices.isEmpty else { continue }
                let evaluation = try outcome.evaluations[split] ?? evaluator.evaluate(network, indices, task: data.task)
                result.metrics[split] = evaluation.metrics
                if let matrix = evaluation.confusionMatrix { result.confusionMatrices[split] = matrix }
            }
            result.selection.value = config.evaluation.select.value(in: result.metrics)
            clock.end("evaluation")
            result.parameters = .init(total: network.parameterCount(), trainable: network.trainableParameterCount(),
                                      trainablePerEpoch: outcome.history.map(\.trainableParameters))
            // 6. Frozen blocks must come out bit-identical.
            let plan = trainer.plan
            let frozen = plan.alwaysFrozen(epochs: outcome.history.count)
            let after = try snapshotBody(network)
            var checked = 0, changed: [String] = []
            for (name, old) in before where plan.isFrozenThroughout(name, epochs: outcome.history.count) && !plan.isOutsideBlocks(name) {
                checked += 1
                if old != after[name] { changed.append(name) }
            }
            result.freeze = .init(strategy: config.freeze.strategy.rawValue, frozenBlocks: frozen,
                                  checkedTensors: checked, changedTensors: changed.sorted())
            clock.end("freeze_check")
            // 7. Forgetting, after.
            if let forgetting, let forgettingBefore {
                let forgettingAfter = try forgetting.measure()
                result.forgetting = .init(metric: "accuracy", before: forgettingBefore.value, after: forgettingAfter.value,
                                          drop: forgettingBefore.value - forgettingAfter.value,
                                          examples: forgettingAfter.examples, split: forgetting.splitDescription)
            }
            // 8. The scratch baseline, shared by every run with the same data and budget.
            if includeBaselines, config.evaluation.baselines.contains(.scratch) {
                result.baselines["scratch"] = try scratchBaseline(for: spec)
            }
            result.status = .done
            return (finish(result, started, clock), outcome.history, network)
        } catch {
            result.status = .failed
            result.error = "\(error)"
            return (finish(result, started, clock), [], nil)
        }
    }

    /// The raw bytes of every body parameter and buffer (int64 counters included), for the
    /// bit-identical check: floats compare by representation, so -0.0 ≠ 0.0 and NaN = NaN,
    /// with no per-element conversion of a 22M-parameter encoder.
    private func snapshotBody(_ network: Network) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for (name, tensor) in network.namedParameters() + network.namedBuffers()
        where !Module.parameterName(name, isUnder: headName) {
            out[name] = tensor.dtype == .int64
                ? try tensor.toInt64Array().withUnsafeBytes { [UInt8]($0) }
                : try tensor.toFloatArray().withUnsafeBytes { [UInt8]($0) }
        }
        return out
    }

    private func finish(_ result: RunResult, _ started: Date, _ clock: PhaseClock) -> RunResult {
        var result = result
        var clock = clock
        clock.end("finish")
        result.timings.phases = clock.seconds
        let now = Date()
        result.timings.finished = ISO8601DateFormatter().string(from: now)
        result.timings.totalSeconds = now.timeIntervalSince(started)
        result.timings.peakRSSMB = PeakMemory.residentMB()
        return result
    }

    static func emptyResult(_ spec: RunSpec, started: Date) -> RunResult {
        .started(spec, at: started, torch: Torch.version, runtime: .current)
    }

    // MARK: - Scratch baseline

    /// The configuration of the scratch baseline: same data, architecture and budget, random
    /// initialisation, nothing frozen, no pull toward weights it does not have.
    static func scratchConfig(of config: Value) -> Value {
        config
            .setting(["model", "pretrained"], to: .string("none"))
            .setting(["freeze", "strategy"], to: .string("none"))
            .setting(["optimizer", "layer_decay"], to: .number(1))
            .setting(["regularization", "l2_sp"], to: .number(0))
            .setting(["regularization", "distillation", "weight"], to: .number(0))
            .setting(["evaluation", "forgetting"], to: .null)
            .setting(["evaluation", "baselines"], to: .array([]))
            .setting(["output", "save_model"], to: .bool(false))
    }

    private func scratchBaseline(for spec: RunSpec) throws -> RunResult.Baseline {
        let config = Self.scratchConfig(of: spec.config)
        let id = RunSpec.id(of: config)
        let experiment = spec.config["experiment"]?.string ?? ""
        let folder = layout.baseline(experiment, id)
        let file = ResultsLayout.join(folder, ResultsLayout.resultFile)
        try AtomicFile.createFolder(folder)
        // One process trains a shared baseline; the others wait on the lock and reuse it.
        let lock = try FileLock(path: ResultsLayout.join(folder, ResultsLayout.lockFile))
        try lock.lock()
        defer { lock.unlock() }
        if let data = FileManager.default.contents(atPath: file), let cached = try? RunResult.decode(data), cached.status == .done {
            return .init(id: id, status: cached.status, bestEpoch: cached.bestEpoch, metrics: cached.metrics, reused: true)
        }
        progress("training the scratch baseline \(id)")
        let baselineSpec = RunSpec(id: id, name: "scratch:\(spec.cell)", cell: "scratch", seed: spec.seed, overrides: [], config: config)
        let (result, _, _) = train(spec: baselineSpec, includeBaselines: false)
        try AtomicFile.write(try result.encoded(), to: file)
        return .init(id: id, status: result.status, bestEpoch: result.bestEpoch, metrics: result.metrics, reused: false)
    }
}
