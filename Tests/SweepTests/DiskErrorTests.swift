import TestProcess
import Foundation
import TestDisks
import Testing

/// Sweeps and runs against disks that refuse: a real full tmpfs (ENOSPC), a real read-only
/// mount (EROFS), permissions enforced on root by dropping CAP_DAC_OVERRIDE (EACCES), and an
/// injected device error (EIO, which no file system here produces on demand). Each ends
/// with one line naming the path and the cause, no trap, no temporary file left, a result
/// already written intact, and in a sweep the run recorded as failed while the others go on.
@Suite(.serialized)
struct DiskErrorTests {
    /// The tiny experiment with a 4096-wide layer: a run that saves its model needs about
    /// 1 MiB, everything else a few pages.
    static func twoRuns(_ h: SweepHarness) throws -> String {
        try h.write("tiny.yaml", TinyExperiments.grid(grid: false)
            .replacingOccurrences(of: "repeats: 2", with: "repeats: 1")
            .replacingOccurrences(of: "hidden: [16]", with: "hidden: [4096]")
            + "sweep:\n  output.save_model: [true, false]\n")
    }

    static func noTrap(_ result: (code: Int32, output: String, errors: String)) {
        for text in [result.output, result.errors] {
            #expect(!text.contains("signal 4") && !text.contains("SIGILL") && !text.contains("Fatal error") && !text.contains("NSCocoaErrorDomain"), "\(text)")
        }
    }

    @Test func aFullDisk_failsTheRunThatCannotWriteItsModel_andTheSweepGoesOn() throws {
        let h = try SweepHarness("full")
        defer { h.remove() }
        let mount = try ScratchMount(kilobytes: 400)
        let file = try Self.twoRuns(h)
        let runs = try h.plannedRuns(file)
        let saving = try #require(runs.first { $0.name == "save_model=true" }), other = try #require(runs.first { $0.name == "save_model=false" })
        let results = mount.file("results")
        let sweep = try h.run(["sweep", file, "--results", results, "--jobs", "1"])
        Self.noTrap(sweep)
        #expect(sweep.code == 1, "\(sweep.output)\n\(sweep.errors)")
        let model = "\(results)/tiny/runs/\(saving.id)/model.safetensors"
        #expect(sweep.output.contains("FAILED   tiny save_model=true [\(saving.id)]: \(model): cannot write: No space left on device"), "\(sweep.output)")
        let recorded = h.results("tiny", root: results)
        #expect(recorded[saving.id]?["status"] as? String == "failed")
        #expect(recorded[saving.id]?["error"] as? String == "\(model): cannot write: No space left on device")
        #expect(recorded[other.id]?["status"] as? String == "done", "the sweep went on: \(recorded.keys.sorted())")
        #expect(!mount.allPaths.contains { $0.hasSuffix(".tmp") || $0.hasSuffix("model.safetensors") }, "\(mount.allPaths)")
    }

    /// The issue's report: a 12 KB tmpfs as the results folder trapped the run (SIGILL).
    @Test func aTwelveKilobyteDisk_endsRunAndSweepWithOneLine() throws {
        let h = try SweepHarness("tiny-disk")
        defer { h.remove() }
        let mount = try ScratchMount(kilobytes: 12)
        let file = try h.write("tiny.yaml", TinyExperiments.grid(grid: false).replacingOccurrences(of: "repeats: 2", with: "repeats: 1"))
        let id = try #require(try h.plannedRuns(file).first?.id)
        for arguments in [["run", file, "--run", id, "--results", mount.file("run")], ["sweep", file, "--results", mount.file("sweep")]] {
            let result = try h.run(arguments)
            Self.noTrap(result)
            #expect(result.code == 1, "\(arguments): \(result.output)\n\(result.errors)")
            let lines = result.errors.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("error: cannot write \(mount.path)/") && lines[0].hasSuffix(": No space left on device"),
                    "\(arguments): \(result.errors)")
        }
        #expect(!mount.allPaths.contains { $0.hasSuffix(".tmp") }, "\(mount.allPaths)")
    }

    @Test func aReadOnlyResultsFolder_isOneLine_andAResultAlreadyWrittenStaysIntact() throws {
        let h = try SweepHarness("readonly")
        defer { h.remove() }
        let mount = try ScratchMount(kilobytes: 2048)
        let file = try h.write("tiny.yaml", TinyExperiments.grid(grid: false).replacingOccurrences(of: "repeats: 2", with: "repeats: 1"))
        let id = try #require(try h.plannedRuns(file).first?.id)
        let results = mount.file("results")
        let first = try h.run(["sweep", file, "--results", results])
        try #require(first.code == 0, "\(first.output)\n\(first.errors)")
        let resultFile = "\(results)/tiny/runs/\(id)/result.json"
        let before = try #require(FileManager.default.contents(atPath: resultFile))
        try mount.makeReadOnly()

        let rerun = try h.run(["run", file, "--run", id, "--results", results])
        Self.noTrap(rerun)
        #expect(rerun.code == 1)
        #expect(rerun.errors == "error: cannot write \(results)/tiny/runs/\(id)/config.yaml: Read-only file system\n")
        let sweep = try h.run(["sweep", file, "--results", results, "--rerun-failed"])
        Self.noTrap(sweep)
        #expect(sweep.code == 1)
        #expect(sweep.errors == "error: cannot open \(results)/tiny/.lock: Read-only file system\n", "\(sweep.errors)")
        #expect(FileManager.default.contents(atPath: resultFile) == before, "the written result is untouched")

        let fresh = try h.run(["sweep", file, "--results", mount.file("elsewhere")])
        Self.noTrap(fresh)
        #expect(fresh.code == 1)
        #expect(fresh.errors == "error: cannot create folder \(mount.file("elsewhere"))/tiny: Read-only file system\n", "\(fresh.errors)")
    }

    /// Root ignores permissions; without CAP_DAC_OVERRIDE (setpriv) it is bound by them.
    @Test func aFolderWithoutWritePermission_isOneLine() throws {
        let h = try SweepHarness("eacces")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(grid: false).replacingOccurrences(of: "repeats: 2", with: "repeats: 1"))
        let locked = h.path("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: true)
        try #require(chown(locked, 65534, 65534) == 0 && chmod(locked, 0o755) == 0)
        let done = try ProcessRunner.run("/usr/bin/setpriv",
                                         ["--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-dac_override,-dac_read_search",
                                          SweepHarness.binary, "sweep", file, "--results", "locked"],
                                         environment: ["FINETUNE_ASSETS": SweepHarness.assets], currentDirectory: h.folder.path)
        let text = done.stderr
        #expect(done.status == 1, "\(text)")
        #expect(text == "error: cannot create folder locked/tiny: Permission denied\n", "\(text)")
    }

    @Test func aDeviceError_failsEveryRunThatMeetsIt_andTheSweepGoesOn() throws {
        let h = try SweepHarness("eio")
        defer { h.remove() }
        let file = try h.write("tiny.yaml", TinyExperiments.grid(grid: false))
        let runs = try h.plannedRuns(file)
        try #require(runs.count == 2)
        let sweep = try h.run(["sweep", file, "--results", "results", "--jobs", "1"],
                              environment: ["FINETUNE_INJECT_WRITE_ERROR": "EIO:history.jsonl"])
        Self.noTrap(sweep)
        #expect(sweep.code == 1)
        let recorded = h.results("tiny")
        for run in runs {
            #expect(recorded[run.id]?["status"] as? String == "failed", "\(run.name)")
            #expect(recorded[run.id]?["error"] as? String == "cannot write results/tiny/runs/\(run.id)/history.jsonl: Input/output error")
        }
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: h.path("results")).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }
}
