import Foundation
import Results

/// One experiment's results folder, read from disk: the plan and every planned run's files.
///
/// Reading never fails because of one run: a missing or corrupt result.json makes that run
/// `missing` with the reason. Only a folder with no usable plan.json, or with no results
/// at all, is an error.
public struct ResultsFolder: Sendable {
    public var directory: String
    public var plan: PlanFile
    /// In plan order.
    public var runs: [LoadedRun]

    public init(directory: String, plan: PlanFile, runs: [LoadedRun]) {
        self.directory = directory
        self.plan = plan
        self.runs = runs
    }

    public static let planFile = ResultsLayout.planFile

    /// Reads `directory` (`<results>/<experiment>`).
    public static func load(_ directory: String) throws -> ResultsFolder {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isFolder), isFolder.boolValue else {
            throw ReportError("\(directory): no such results folder")
        }
        let planPath = ResultsLayout.join(directory, planFile)
        guard let planData = FileManager.default.contents(atPath: planPath) else {
            throw ReportError("\(directory): no \(planFile); this is not an experiment's results folder (expected <results>/<experiment>/plan.json, written by `finetune sweep`)")
        }
        let plan: PlanFile
        do {
            plan = try JSONDecoder().decode(PlanFile.self, from: planData)
        } catch {
            throw ReportError("\(planPath): cannot be read as a plan: \(ReportError.describe(error))")
        }
        let runsFolder = ResultsLayout.join(directory, "runs")
        let runs = plan.runs.map { load($0, in: ResultsLayout.join(runsFolder, $0.id)) }
        guard runs.contains(where: { $0.result != nil }) else {
            throw ReportError("\(directory): none of the \(plan.runs.count) planned runs has a readable \(ResultsLayout.resultFile) under runs/; run the sweep first")
        }
        return ResultsFolder(directory: directory, plan: plan, runs: runs)
    }

    static func load(_ planned: PlanFile.Run, in folder: String) -> LoadedRun {
        let resultPath = ResultsLayout.join(folder, ResultsLayout.resultFile)
        var run = LoadedRun(planned: planned, result: nil, problem: nil, history: [])
        guard let data = FileManager.default.contents(atPath: resultPath) else {
            run.problem = "no \(ResultsLayout.resultFile)"
            return run
        }
        do {
            run.result = try RunResult.decode(data)
        } catch {
            run.problem = "unreadable \(ResultsLayout.resultFile): \(ReportError.describe(error))"
            return run
        }
        let historyPath = ResultsLayout.join(folder, ResultsLayout.historyFile)
        if let text = FileManager.default.contents(atPath: historyPath) {
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            // A torn last line (a crash mid-write) loses that epoch, not the run.
            run.history = String(decoding: text, as: UTF8.self).split(separator: "\n").compactMap {
                try? decoder.decode(EpochRecord.self, from: Data($0.utf8))
            }
        }
        return run
    }
}
