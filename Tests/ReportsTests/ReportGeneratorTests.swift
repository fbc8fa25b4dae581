import Foundation
import Testing
@testable import Reports

@Suite("finetune report DIR: from results alone, never crashing on a damaged folder")
struct ReportGeneratorTests {
    @Test func aFolderWithoutPlanJSONIsAClearError() throws {
        let workspace = Workspace()
        let error = #expect(throws: ReportError.self) { try ReportGenerator.generate(experimentDirectory: workspace.path) }
        #expect(error?.description.contains("no plan.json") == true)
        let missing = #expect(throws: ReportError.self) { try ReportGenerator.generate(experimentDirectory: workspace.path + "/nope") }
        #expect(missing?.description.contains("no such results folder") == true)
    }

    @Test func aPlanWithoutAnyResultIsAClearError() throws {
        let workspace = Workspace()
        let folder = try workspace.fixtureCopy()
        try FileManager.default.removeItem(atPath: folder + "/runs")
        let error = #expect(throws: ReportError.self) { try ReportGenerator.generate(experimentDirectory: folder) }
        #expect(error?.description.contains("none of the 8 planned runs has a readable result.json") == true)
    }

    @Test func aCorruptPlanIsAClearError() throws {
        let workspace = Workspace()
        workspace.write("plan.json", "{\"experiment\": 3}")
        let error = #expect(throws: ReportError.self) { try ReportGenerator.generate(experimentDirectory: workspace.path) }
        #expect(error?.description.contains("cannot be read as a plan") == true)
    }

    @Test func missingAndCorruptResultsAreListedAsMissing() throws {
        let workspace = Workspace()
        let folder = try workspace.fixtureCopy()
        try FileManager.default.removeItem(atPath: folder + "/runs/a00a5f6325ca")
        try "{\"status\": \"done\"".write(toFile: folder + "/runs/f5d58f434449/result.json", atomically: true, encoding: .utf8)
        try "{}".write(toFile: folder + "/runs/699c75ab17dc/history.jsonl", atomically: true, encoding: .utf8)
        let output = try ReportGenerator.generate(experimentDirectory: folder)
        #expect(output.missing.count == 2)
        #expect(output.summary.statusCounts["missing"] == 2 && output.summary.statusCounts["done"] == 6)
        let report = try String(contentsOfFile: output.reportPath, encoding: .utf8)
        #expect(report.contains("### Runs that did not finish"))
        #expect(report.contains("| freeze=none,train_fraction=0.05,seed=1 | `a00a5f6325ca` | missing | no result.json |"))
        #expect(report.contains("`f5d58f434449` | missing | unreadable result.json: not valid JSON"))
        #expect(report.contains("Not every run finished (2 missing)"))
        // The damaged cell keeps its other seed, with no interval.
        #expect(output.summary.cell("freeze=none,train_fraction=0.05")?.selection?.count == 1)
    }

    @Test func failedRunsAreListedWithTheirError() throws {
        let workspace = Workspace()
        let folder = try workspace.fixtureCopy()
        let file = folder + "/runs/fd72226bd8a5/result.json"
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        object["status"] = "diverged"
        object["error"] = "loss became nan at epoch 2 | step 14"
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: file))
        let output = try ReportGenerator.generate(experimentDirectory: folder)
        let report = try String(contentsOfFile: output.reportPath, encoding: .utf8)
        #expect(report.contains("| diverged | loss became nan at epoch 2 \\| step 14 |"))
        #expect(output.summary.cell("freeze=head-only,train_fraction=1.0")?.selection?.count == 1)
    }

    @Test func itWritesSummaryReportAndFiguresAndLeavesNoTemporaryFiles() throws {
        let workspace = Workspace()
        let folder = try workspace.fixtureCopy()
        try ReportGenerator.generate(experimentDirectory: folder)
        let top = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(Set(top).isSuperset(of: ["plan.json", "summary.json", "report.md", "figures", "runs", "baselines"]))
        #expect(!top.contains { $0.hasSuffix(".tmp") })
        // Generating again from the regenerated folder gives the same files.
        let first = try Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))
        try ReportGenerator.generate(experimentDirectory: folder)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json")) == first)
    }
}
