import Foundation
import Testing
@testable import Experiment

@Suite("extends: deep merge, positions in the base, missing bases, cycles, relative paths")
struct ExtendsTests {
    static let base = """
        # a base file: partial on purpose
        data:
          source: digits
          split: {train: 0.7, validation: 0.1, test: 0.2}
        model:
          architecture: cnn
          channels: [16, 32, 64]
          pretrained: {experiment: digits-pretrain}
        optimizer:
          name: sgd
          lr: 0.1
          momentum: 0.5
        evaluation:
          metrics: [accuracy, macro_f1, roc_auc]
          select: validation.roc_auc
        """

    @Test func mappingsMergeListsReplaceAndThisFileWins() throws {
        let workspace = Workspace()
        workspace.write("base/cnn.yaml", Self.base)
        let outcome = plan("""
            experiment: child
            extends: base/cnn.yaml
            data:
              split: {stratify: false}
            model:
              channels: [8]
              pretrained: none
            optimizer:
              lr: 0.2
            evaluation:
              metrics: [accuracy, roc_auc]
            """, in: workspace)
        #expect(outcome.errors.map(rendered) == [])
        let config = try #require(outcome.plan?.runs.first?.config)
        // Mappings merge key by key, at every depth.
        #expect(config.at("data.source") == .string("digits"))
        #expect(config.at("data.split.train") == .number(0.7))
        #expect(config.at("data.split.validation") == .number(0.1))
        #expect(config.at("data.split.stratify") == .bool(false))
        #expect(config.at("optimizer.name") == .string("sgd"))
        #expect(config.at("optimizer.momentum") == .number(0.5))
        // This file wins, for scalars and for a mapping replaced by a scalar.
        #expect(config.at("optimizer.lr") == .number(0.2))
        #expect(config.at("model.pretrained") == .string("none"))
        // Lists replace, never concatenate or merge by index.
        #expect(config.at("model.channels") == .array([.int(8)]))
        #expect(config.at("evaluation.metrics") == .array([.string("accuracy"), .string("roc_auc")]))
        // The base's values that nobody overrode are kept; `extends` itself is gone.
        #expect(config.at("evaluation.select") == .string("validation.roc_auc"))
        #expect(config["extends"] == nil)
    }

    @Test func aChainOfBasesMergesInOrderNearestWins() throws {
        let workspace = Workspace()
        workspace.write("a.yaml", "data: {source: digits}\nmodel: {architecture: cnn}\noptimizer: {lr: 0.1, momentum: 0.1}\n")
        workspace.write("b.yaml", "extends: a.yaml\noptimizer: {lr: 0.2}\n")
        let outcome = plan("experiment: c\nextends: b.yaml\noptimizer: {name: sgd}\n", in: workspace)
        let config = try #require(outcome.plan?.runs.first?.config)
        #expect(config.at("optimizer.lr") == .number(0.2))
        #expect(config.at("optimizer.momentum") == .number(0.1))
        #expect(config.at("optimizer.name") == .string("sgd"))
    }

    @Test func aMistakeInTheBasePointsIntoTheBaseFile() {
        let workspace = Workspace()
        let base = MarkedText("""
            data: {source: digits}
            model: {architecture: cnn}
            optimizer:
              lr: ⟨E⟩-1
            """)
        let basePath = workspace.write("base/bad.yaml", base.text)
        let child = MarkedText("""
            experiment: child
            extends: base/bad.yaml
            optimizer: {name: sgd, ⟨E⟩momentun: 0.9}
            """)
        let childPath = workspace.write("child.yaml", child.text)
        let outcome = Planner.plan(file: childPath)
        let found = outcome.errors.map { "\($0.mark?.file ?? ""):\(rendered($0))" }
        #expect(found.sorted() == [
            "\(basePath):\(rendered(base.position(), .error, "optimizer.lr must be > 0 (got -1)"))",
            "\(childPath):\(rendered(child.position(), .error, "unknown key 'optimizer.momentun'; did you mean 'momentum'?"))",
        ].sorted())
    }

    @Test func aValueOverriddenByTheChildIsNotCheckedInTheBase() {
        let workspace = Workspace()
        workspace.write("base.yaml", "data: {source: digits}\nmodel: {architecture: cnn}\noptimizer: {lr: -1}\n")
        let outcome = plan("experiment: child\nextends: base.yaml\noptimizer: {lr: 0.01}\n", in: workspace)
        #expect(outcome.errors.map(rendered) == [])
    }

    @Test func aSyntaxErrorInTheBaseNotesWhereItWasIncluded() throws {
        let workspace = Workspace()
        let base = MarkedText("data: {source: digits\nmodel⟨E⟩: {architecture: cnn}\n")
        let basePath = workspace.write("base.yaml", base.text)
        let child = MarkedText("experiment: child\nextends: ⟨E⟩base.yaml\n")
        let childPath = workspace.write("child.yaml", child.text)
        let outcome = Planner.plan(file: childPath)
        let error = try #require(outcome.errors.first)
        #expect(outcome.errors.count == 1)
        #expect(error.mark?.file == basePath)
        #expect(error.mark.map(Position.init) == base.position())
        #expect(error.notes.map(\.message) == ["included from here"])
        #expect(error.notes.first?.mark?.file == childPath)
        #expect(error.notes.first?.mark.map(Position.init) == child.position())
    }

    @Test func aMissingBaseIsReportedAtTheExtendsValueAndNothingElse() {
        let workspace = Workspace()
        let child = MarkedText("experiment: child\nextends: ⟨E⟩base/cnn.yml\n")
        let outcome = plan(child.text, in: workspace)
        // Not also "missing required key 'data'": the missing base may well have held it.
        #expect(outcome.errors.map(rendered) == [
            rendered(child.position(), .error, "extends: no such file '\(workspace.path("base/cnn.yml"))'"),
        ])
        #expect(outcome.plan == nil)
    }

    @Test func aMissingBaseStillLetsTheFilesOwnMistakesBeReported() {
        let workspace = Workspace()
        let child = MarkedText("""
            experiment: child
            extends: ⟨1⟩base/cnn.yml
            optimizer: {lr: ⟨2⟩-1, ⟨3⟩nme: sgd}
            """)
        let outcome = plan(child.text, in: workspace)
        #expect(outcome.errors.map(rendered) == [
            rendered(child.position("1"), .error, "extends: no such file '\(workspace.path("base/cnn.yml"))'"),
            rendered(child.position("2"), .error, "optimizer.lr must be > 0 (got -1)"),
            rendered(child.position("3"), .error, "unknown key 'optimizer.nme'; did you mean 'name'?"),
        ])
        #expect(outcome.plan == nil)
    }

    @Test func anExtendsValueThatIsNotAPathIsReported() {
        let child = MarkedText("""
            experiment: child
            extends: ⟨E⟩[a.yaml, b.yaml]
            data: {source: digits}
            model: {architecture: cnn}
            """)
        #expect(plan(child.text).errors.map(rendered) == [
            rendered(child.position(), .error, "extends must be a path to a base file (got a list)"),
        ])
    }

    @Test func aTwoFileCycleIsReportedAtTheExtendsValueThatClosesIt() {
        let workspace = Workspace()
        let a = MarkedText("experiment: a\nextends: b.yaml\n")
        let b = MarkedText("extends: ⟨E⟩a.yaml\ndata: {source: digits}\nmodel: {architecture: cnn}\n")
        let aPath = workspace.write("a.yaml", a.text)
        let bPath = workspace.write("b.yaml", b.text)
        let outcome = Planner.plan(file: aPath)
        #expect(outcome.errors.map(rendered) == [rendered(b.position(), .error, "extends cycle: a.yaml -> b.yaml -> a.yaml")])
        #expect(outcome.errors.first?.mark?.file == bPath)
        #expect(outcome.plan == nil)
    }

    @Test func aFileExtendingItselfIsACycle() {
        let workspace = Workspace()
        let a = MarkedText("experiment: a\nextends: ⟨E⟩./a.yaml\ndata: {source: digits}\nmodel: {architecture: cnn}\n")
        let outcome = plan(a.text, name: "a.yaml", in: workspace)
        #expect(outcome.errors.map(rendered) == [rendered(a.position(), .error, "extends cycle: a.yaml -> a.yaml")])
    }

    @Test func aLongChainIsRefusedNotRecursedForever() {
        let workspace = Workspace()
        for i in 0..<40 { workspace.write("f\(i).yaml", "extends: f\(i + 1).yaml\n") }
        workspace.write("f40.yaml", "data: {source: digits}\nmodel: {architecture: cnn}\n")
        let outcome = plan("experiment: deep\nextends: f0.yaml\n", in: workspace)
        #expect(outcome.plan == nil)
        #expect(outcome.errors.map(\.message).contains("extends chain is deeper than \(ExperimentFile.maxExtendsDepth) files"))
    }

    @Test func relativePathsResolveAgainstTheFileThatWroteThem() throws {
        let workspace = Workspace()
        // experiments/base/text.yaml extends ../../shared/common.yaml; its csv path is its own.
        workspace.write("shared/common.yaml", "optimizer: {lr: 0.05}\n")
        workspace.write("experiments/base/tabular.yaml", """
            extends: ../../shared/common.yaml
            data: {source: {csv: data/table.csv, label: y}}
            model: {architecture: mlp}
            """)
        let child = workspace.write("experiments/study.yaml", """
            experiment: study
            extends: base/tabular.yaml
            evaluation:
              forgetting: {source: {csv: old/table.csv, label: y}}
            model: {pretrained: weights/mlp.safetensors}
            """)
        workspace.write("experiments/weights/mlp.safetensors", "")
        // Planned from elsewhere: the working directory must not matter.
        let outcome = Planner.plan(file: child)
        #expect(outcome.errors.map(rendered) == [])
        let config = try #require(outcome.plan?.runs.first?.config)
        #expect(config.at("optimizer.lr") == .number(0.05))
        #expect(config.at("data.source.csv") == .string(workspace.path("experiments/base/data/table.csv")))
        #expect(config.at("evaluation.forgetting.source.csv") == .string(workspace.path("experiments/old/table.csv")))
        #expect(config.at("model.pretrained") == .string(workspace.path("experiments/weights/mlp.safetensors")))
    }

    @Test func theShippedTransferExperimentGetsItsBaseSettings() throws {
        let outcome = Planner.plan(file: repositoryRoot + "/experiments/digits-transfer.yaml")
        #expect(outcome.errors.map(rendered) == [])
        let run = try #require(outcome.plan?.runs.first)
        #expect(run.config.at("model.architecture") == .string("cnn"))
        #expect(run.config.at("optimizer.lr") == .number(3e-3))
        #expect(run.config.at("optimizer.layer_decay") == .number(0.7))
        #expect(run.config.at("data.classes") == .array(["5", "6", "7", "8", "9"].map(Value.string)))
    }
}
