import Foundation
import Testing
@testable import Experiment

@Suite("Sweeps: grids, repeats, stable content-hash ids, names, zip groups, random search")
struct SweepTests {
    /// The issue's acceptance file: 4 freeze strategies x 2 learning rates x 3 data
    /// fractions, 3 repeats each.
    static let scarcity = """
        experiment: scarcity
        description: which freeze strategy wins when labels are scarce?
        seed: 1
        repeats: 3
        data: {source: digits, classes: [5, 6, 7, 8, 9]}
        model: {architecture: cnn, pretrained: {experiment: digits-pretrain}}
        freeze: {layers: 1, unfreeze_every: 2}
        optimizer: {name: adamw, lr: 3e-3}
        sweep:
          freeze.strategy: [none, head-only, bottom, gradual]
          optimizer.lr: [1e-3, 3e-3]
          data.train_fraction: [0.05, 0.2, 1.0]
        """

    /// The same experiment with every section and every key in another order, block style
    /// instead of flow style, numbers spelled differently and another description.
    static let scarcityReordered = """
        sweep:
          data.train_fraction: [5e-2, 0.20, 1]
          freeze.strategy: [none, head-only, bottom, gradual]
          optimizer.lr: [0.001, 0.003]
        optimizer:
          lr: 0.003
          name: adamw
        freeze:
          unfreeze_every: 2
          layers: 1
        model:
          pretrained:
            experiment: digits-pretrain
          architecture: cnn
        data:
          classes: ["5", "6", "7", "8", "9"]
          source: digits
        repeats: 3
        seed: 1
        description: the same question, worded differently
        experiment: scarcity
        """

    @Test func fourStrategiesTimesTwoRatesTimesThreeFractionsTimesThreeRepeatsIs72Runs() throws {
        let outcome = plan(Self.scarcity)
        // Only the note that the fixed `lr: 0.003` is replaced by the optimizer.lr axis.
        #expect(outcome.diagnostics.filter { $0.severity != .note }.map(rendered) == [])
        #expect(outcome.diagnostics.map(\.message) == ["optimizer.lr is never used: the sweep axis 'optimizer.lr' replaces it in every run"])
        let plan = try #require(outcome.plan)
        #expect(plan.runs.count == 72)
        #expect(Set(plan.runs.map(\.id)).count == 72)
        #expect(Set(plan.runs.map(\.name)).count == 72)
        #expect(plan.runs.allSatisfy { $0.id.count == 12 && $0.id.allSatisfy(\.isHexDigit) })
        #expect(plan.axes == ["freeze.strategy", "optimizer.lr", "data.train_fraction"])
        #expect(plan.repeats == 3)
        #expect(Set(plan.runs.map(\.cell)).count == 24)
        #expect(plan.runs.map(\.seed).sorted() == (Array(repeating: 1, count: 24) + Array(repeating: 2, count: 24) + Array(repeating: 3, count: 24)))
        // The first axis varies slowest; repeats are innermost.
        #expect(plan.runs.prefix(4).map(\.name) == [
            "freeze=none,lr=1e-3,train_fraction=0.05,seed=1",
            "freeze=none,lr=1e-3,train_fraction=0.05,seed=2",
            "freeze=none,lr=1e-3,train_fraction=0.05,seed=3",
            "freeze=none,lr=1e-3,train_fraction=0.2,seed=1",
        ])
        #expect(plan.runs.last?.name == "freeze=gradual,lr=3e-3,train_fraction=1.0,seed=3")
        #expect(plan.runs.last?.cell == "freeze=gradual,lr=3e-3,train_fraction=1.0")
        let run = try #require(plan.runs.first { $0.name == "freeze=bottom,lr=3e-3,train_fraction=0.2,seed=2" })
        #expect(run.seed == 2)
        #expect(run.config.at("seed") == .int(2))
        #expect(run.config.at("freeze.strategy") == .string("bottom"))
        #expect(run.config.at("optimizer.lr") == .number(0.003))
        #expect(run.config.at("data.train_fraction") == .number(0.2))
        #expect(run.overrides.map(\.path) == ["freeze.strategy", "optimizer.lr", "data.train_fraction"])
        #expect(run.overrides.map(\.value) == [.string("bottom"), .number(0.003), .number(0.2)])
        #expect(run.overrides.map(\.text) == ["bottom", "3e-3", "0.2"])
        // The resolved config drops the sweep's bookkeeping and decodes into the typed config.
        #expect(run.config["sweep"] == nil && run.config["repeats"] == nil && run.config["extends"] == nil)
        let typed = try run.typedConfig()
        #expect(typed.freeze.strategy == .bottom)
        #expect(typed.seed == 2)
    }

    /// Computed once and pinned: a change to hashing, canonical JSON, defaults or the
    /// resolved configuration changes these, and re-launched sweeps would then redo every run.
    @Test func runIdsArePinned() throws {
        let plan = try #require(plan(Self.scarcity).plan)
        let ids = Dictionary(uniqueKeysWithValues: plan.runs.map { ($0.name, $0.id) })
        #expect(ids["freeze=none,lr=1e-3,train_fraction=0.05,seed=1"] == "6889800248d3")
        #expect(ids["freeze=bottom,lr=3e-3,train_fraction=0.2,seed=2"] == "6e6bdcbd93cc")
        #expect(ids["freeze=gradual,lr=3e-3,train_fraction=1.0,seed=3"] == "4145d48a1b1c")
    }

    /// `evaluation.final_splits` at its default keeps the ids runs had before it existed; any
    /// other value records other metrics, so it is another run.
    @Test func finalSplitsChangeTheIdOnlyWhenNotTheDefault() throws {
        let base = try #require(plan(Self.scarcity).plan).runs[0]
        func id(_ splits: Value) -> String {
            RunSpec.id(of: base.config.setting(["evaluation", "final_splits"], to: splits))
        }
        #expect(id(.array(["train", "validation", "test"].map(Value.string))) == base.id)
        #expect(id(.array(["validation"].map(Value.string))) != base.id)
        #expect(id(.array(["validation", "test"].map(Value.string))) != id(.array(["validation"].map(Value.string))))
    }

    @Test func idsDoNotDependOnKeyOrderStyleNumberSpellingOrDescription() throws {
        let first = try #require(plan(Self.scarcity).plan)
        let second = try #require(plan(Self.scarcityReordered).plan)
        func byConfig(_ plan: Plan) -> [String: String] {
            Dictionary(uniqueKeysWithValues: plan.runs.map { ($0.config.removing("description").canonicalJSON, $0.id) })
        }
        #expect(second.runs.count == 72)
        #expect(byConfig(first) == byConfig(second))
    }

    @Test(arguments: [("1", "1.0"), ("3e-3", "0.003"), ("0.003", "3.0e-3"), ("1", "+1")])
    func idsDoNotDependOnHowANumberIsWritten(_ a: String, _ b: String) throws {
        func id(_ lr: String) throws -> String {
            try #require(plan("\(minimalExperiment)\noptimizer: {lr: \(lr)}\n").plan?.runs.first?.id)
        }
        #expect(try id(a) == id(b))
    }

    @Test func idsChangeWithAnythingThatChangesTheRun() throws {
        func id(_ extra: String) throws -> String {
            try #require(plan("\(minimalExperiment)\n\(extra)\n").plan?.runs.first?.id)
        }
        let ids = try ["", "seed: 2", "optimizer: {lr: 0.002}", "schedule: {epochs: 11}",
                       "augmentation: [{kind: shift}]", "output: {save_model: true}"].map(id)
        #expect(Set(ids).count == ids.count)
        #expect(try id("description: words") == id(""), "prose does not change what runs")
    }

    @Test func idsDoNotDependOnWhereTheFileIs() throws {
        let here = try #require(plan(minimalExperiment, name: "a.yaml").plan?.runs.first?.id)
        let there = try #require(plan(minimalExperiment, name: "deep/er/b.yaml").plan?.runs.first?.id)
        #expect(here == there)
    }

    @Test func namesUseShortLabelsAndTheTextAsWritten() throws {
        let plan = try #require(plan("""
            \(minimalExperiment)
            repeats: 2
            seed: 1
            sweep:
              freeze.strategy: [gradual, two-stage]
              optimizer.lr: [1e-3, 3e-3]
            """).plan)
        #expect(plan.runs.map(\.name) == [
            "freeze=gradual,lr=1e-3,seed=1", "freeze=gradual,lr=1e-3,seed=2",
            "freeze=gradual,lr=3e-3,seed=1", "freeze=gradual,lr=3e-3,seed=2",
            "freeze=two-stage,lr=1e-3,seed=1", "freeze=two-stage,lr=1e-3,seed=2",
            "freeze=two-stage,lr=3e-3,seed=1", "freeze=two-stage,lr=3e-3,seed=2",
        ])
        #expect(plan.runs.contains { $0.name == "freeze=gradual,lr=3e-3,seed=2" })
    }

    @Test func labelsThatWouldCollideUseTheWholePath() throws {
        let plan = try #require(plan("""
            \(minimalExperiment)
            sweep:
              schedule.patience: [2, 3]
              schedule.early_stopping.patience: [4]
            """).plan)
        #expect(plan.runs.map(\.name) == [
            "schedule.patience=2,schedule.early_stopping.patience=4",
            "schedule.patience=3,schedule.early_stopping.patience=4",
        ])
    }

    @Test func withoutASweepThereIsOneRunPerRepeat() throws {
        let one = try #require(plan(minimalExperiment).plan)
        #expect(one.runs.map(\.name) == ["base"])
        let three = try #require(plan("\(minimalExperiment)\nseed: 5\nrepeats: 3\n").plan)
        #expect(three.runs.map(\.name) == ["seed=5", "seed=6", "seed=7"])
        #expect(three.runs.map(\.seed) == [5, 6, 7])
        #expect(Set(three.runs.map(\.id)).count == 3)
    }

    @Test func zipGroupsVaryTogetherAndMultiplyWithTheGrid() throws {
        let plan = try #require(plan("""
            \(minimalExperiment)
            sweep:
              freeze.strategy: [none, gradual]
              zip:
                - optimizer.lr: [1e-3, 1e-2]
                  schedule.epochs: [5, 10]
            """).plan)
        #expect(plan.runs.map(\.name) == [
            "freeze=none,lr=1e-3,epochs=5", "freeze=none,lr=1e-2,epochs=10",
            "freeze=gradual,lr=1e-3,epochs=5", "freeze=gradual,lr=1e-2,epochs=10",
        ])
        #expect(plan.axes == ["freeze.strategy", "optimizer.lr", "schedule.epochs"])
        for run in plan.runs {
            let pair = (run.config.at("optimizer.lr")?.double, run.config.at("schedule.epochs")?.int)
            #expect(pair == (1e-3, 5) || pair == (1e-2, 10))
        }
    }

    @Test func aZipGroupMayBeWrittenAsOneMapping() throws {
        let plan = try #require(plan("""
            \(minimalExperiment)
            sweep:
              zip: {optimizer.lr: [1e-3, 1e-2, 1e-1], optimizer.weight_decay: [0, 0.01, 0.1]}
            """).plan)
        #expect(plan.runs.map(\.name) == ["lr=1e-3,weight_decay=0", "lr=1e-2,weight_decay=0.01", "lr=1e-1,weight_decay=0.1"])
    }

    // MARK: Random search

    static func randomSearch(seed: Int) -> String {
        """
        \(minimalExperiment)
        seed: \(seed)
        sweep:
          optimizer.lr: {sample: loguniform, low: 1e-4, high: 1e-2}
          schedule.batch_size: {sample: uniform, low: 8, high: 64}
          model.dropout: {sample: uniform, low: 0.0, high: 0.5}
          schedule.epochs: {sample: loguniform, low: 2, high: 40}
          data.margin: {sample: uniform, low: 0, high: 3, integer: true}
          freeze.strategy: {sample: choice, values: [none, gradual, two-stage]}
          samples: 5
        """
    }

    @Test func randomSearchDrawsSamplesInsideTheBoundsWithIntegersForIntegerPaths() throws {
        let plan = try #require(plan(Self.randomSearch(seed: 7)).plan)
        #expect(plan.runs.count == 5)
        #expect(Set(plan.runs.map(\.id)).count == 5)
        for run in plan.runs {
            let lr = try #require(run.config.at("optimizer.lr")?.double)
            #expect(lr >= 1e-4 && lr <= 1e-2)
            guard case .int(let batch)? = run.config.at("schedule.batch_size") else {
                Issue.record("batch_size is not an integer: \(String(describing: run.config.at("schedule.batch_size")))")
                continue
            }
            #expect((8...64).contains(batch))
            guard case .int(let epochs)? = run.config.at("schedule.epochs") else {
                Issue.record("epochs is not an integer")
                continue
            }
            #expect((2...40).contains(epochs))
            let dropout = try #require(run.config.at("model.dropout")?.double)
            #expect(dropout >= 0 && dropout <= 0.5)
            let margin = try #require(run.config.at("data.margin")?.double)
            #expect(margin == margin.rounded() && (0...3).contains(margin), "integer: true draws whole numbers")
            #expect(["none", "gradual", "two-stage"].contains(run.config.at("freeze.strategy")?.string ?? ""))
            #expect(run.overrides.map(\.path) == ["optimizer.lr", "schedule.batch_size", "model.dropout",
                                                  "schedule.epochs", "data.margin", "freeze.strategy"])
        }
    }

    @Test func randomSearchIsDeterministicForASeedAndChangesWithTheSeed() throws {
        let first = try #require(plan(Self.randomSearch(seed: 7)).plan)
        let again = try #require(plan(Self.randomSearch(seed: 7)).plan)
        let other = try #require(plan(Self.randomSearch(seed: 8)).plan)
        #expect(first.runs.map(\.id) == again.runs.map(\.id))
        #expect(first.runs.map(\.name) == again.runs.map(\.name))
        #expect(Set(first.runs.map { $0.config.at("optimizer.lr") }).isDisjoint(with: other.runs.map { $0.config.at("optimizer.lr") }))
        // Pinned, so the generator stays the same in every process and on every platform.
        #expect(first.runs.map { $0.overrides[0].text } == ["0.000451734", "0.00729701", "0.00676493", "0.00601483", "0.00359198"])
    }

    @Test func randomSearchMultipliesWithTheGridAndRepeats() throws {
        let plan = try #require(plan("""
            \(minimalExperiment)
            repeats: 2
            sweep:
              freeze.strategy: [none, gradual]
              optimizer.lr: {sample: loguniform, low: 1e-4, high: 1e-2}
              samples: 3
            """).plan)
        #expect(plan.runs.count == 12)
        #expect(Set(plan.runs.map(\.id)).count == 12)
        // A sample's repeats share its drawn value; different samples do not.
        let cells = Dictionary(grouping: plan.runs, by: \.cell)
        #expect(cells.count == 6)
        #expect(cells.values.allSatisfy { Set($0.map { $0.config.at("optimizer.lr") }).count == 1 && $0.count == 2 })
    }

    @Test func aSweepCanReachIntoANullableSection() throws {
        let plan = try #require(plan("""
            \(minimalExperiment)
            sweep:
              schedule.early_stopping.patience: [2, 4]
            """).plan)
        #expect(plan.runs.map { $0.config.at("schedule.early_stopping.patience") } == [.int(2), .int(4)])
        #expect(plan.runs.map { $0.config.at("schedule.early_stopping.monitor") } == Array(repeating: .string("validation.loss"), count: 2))
    }

    @Test func theShippedTransferExperimentPlans36Runs() throws {
        let plan = try #require(Planner.plan(file: repositoryRoot + "/experiments/digits-transfer.yaml").plan)
        #expect(plan.runs.count == 36)
        #expect(Set(plan.runs.map(\.id)).count == 36)
        #expect(plan.experiment == "digits-transfer")
    }
}
