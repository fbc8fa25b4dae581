import TestProcess
import Foundation
import Testing
import ProcessControl

/// Every documented exit code of every command, from the built binary, one row each: the
/// code, and whether the usage text appears (only for command-line mistakes, exit 64).
@Suite("CLI: every documented exit code of every command")
struct ExitCodeTests {
    /// One invocation and what it must end with.
    struct Row: CustomTestStringConvertible, Sendable {
        let name: String
        let code: Int32
        /// Text stderr must contain.
        var mentions: String = ""
        /// The whole of stderr is one line (a damaged input file, an I/O error).
        var oneLine = false
        var environment: [String: String] = [:]
        /// Sent SIGINT once every running child's log says it paused (FINETUNE_FAULT=pause).
        var interruptWhenPaused = false
        /// Writes what the command needs into the folder; returns the arguments.
        let arguments: @Sendable (SweepHarness) throws -> [String]

        var testDescription: String { "\(name) → \(code)" }
    }

    static let rows: [Row] = [
        Row(name: "validate a valid file", code: 0) { h in ["validate", try Files.tiny(h)] },
        Row(name: "validate an invalid file", code: 2, mentions: "bad.yaml:3:") { h in ["validate", try Files.invalid(h)] },
        Row(name: "validate without files", code: 64, mentions: "Missing expected argument") { _ in ["validate"] },
        Row(name: "plan a valid file", code: 0) { h in ["plan", try Files.tiny(h)] },
        Row(name: "plan an invalid file", code: 2, mentions: "bad.yaml:3:") { h in ["plan", try Files.invalid(h)] },
        Row(name: "plan with an unknown option", code: 64, mentions: "Unknown option '--bogus'") { h in ["plan", try Files.tiny(h), "--bogus"] },
        Row(name: "run a run to done", code: 0) { h in ["run", try Files.tiny(h), "--run", try Files.onlyRun(h, "tiny.yaml")] },
        Row(name: "run a run that fails (damaged pre-trained weights)", code: 1) { h in
            ["run", try Files.damagedPretrained(h), "--run", try Files.onlyRun(h, "failing.yaml")]
        },
        Row(name: "run into a results path under a file", code: 1, mentions: "error: cannot write afile/sub/tiny/runs/", oneLine: true) { h in
            try h.write("afile", "not a folder")
            return ["run", try Files.tiny(h), "--run", try Files.onlyRun(h, "tiny.yaml"), "--results", "afile/sub"]
        },
        Row(name: "run an invalid file", code: 2, mentions: "bad.yaml:3:") { h in ["run", try Files.invalid(h), "--run", "x"] },
        Row(name: "run an id the plan does not have", code: 64, mentions: "no run 'nosuch'") { h in ["run", try Files.tiny(h), "--run", "nosuch"] },
        Row(name: "sweep to done", code: 0) { h in ["sweep", try Files.tiny(h)] },
        Row(name: "sweep with a failing run", code: 1) { h in ["sweep", try Files.damagedPretrained(h)] },
        Row(name: "sweep an invalid file", code: 2, mentions: "bad.yaml:3:") { h in ["sweep", try Files.invalid(h)] },
        Row(name: "sweep a results folder another process holds", code: 3, mentions: "results/tiny is being written by another sweep") { h in
            try Files.holdLock(h)
            return ["sweep", try Files.tiny(h)]
        },
        Row(name: "sweep interrupted by Ctrl-C", code: 130, environment: [FaultVariable.name: "pause:*:1"], interruptWhenPaused: true) { h in
            ["sweep", try Files.tiny(h)]
        },
        Row(name: "sweep with --jobs 0", code: 64, mentions: "--jobs must be at least 1") { h in ["sweep", try Files.tiny(h), "--jobs", "0"] },
        Row(name: "report a swept experiment", code: 0) { h in
            let swept = try h.run(["sweep", try Files.tiny(h)])
            try #require(swept.code == 0, "\(swept.output)\n\(swept.errors)")
            return ["report", "results/tiny"]
        },
        Row(name: "report a folder without a plan", code: 1, mentions: "nowhere", oneLine: true) { _ in ["report", "nowhere"] },
        Row(name: "report without a folder", code: 64, mentions: "Missing expected argument") { _ in ["report"] },
        Row(name: "embed with the MiniLM folder", code: 0) { _ in ["embed", "--model", SweepHarness.assets + "/minilm", "hello"] },
        Row(name: "embed with damaged weights (header length 1 byte short)", code: 2,
            mentions: "model.safetensors: the data section is", oneLine: true) { h in
            ["embed", "--model", try Files.damagedMiniLM(h), "hello"]
        },
        Row(name: "embed with a missing folder", code: 2, mentions: "nowhere", oneLine: true) { _ in ["embed", "--model", "nowhere", "hello"] },
        Row(name: "embed without texts", code: 64, mentions: "Missing expected argument") { _ in ["embed"] },
        Row(name: "schema", code: 0) { _ in ["schema"] },
        Row(name: "fetch --list", code: 0, mentions: "") { _ in ["fetch", "--list"] },
        Row(name: "fetch an unknown asset", code: 64, mentions: "unknown asset 'nosuch'") { _ in ["fetch", "nosuch"] },
        Row(name: "validate with an empty asset cache", code: 2, mentions: "run `finetune fetch digits` to download it",
            environment: ["FINETUNE_ASSETS": "/nonexistent-finetune-cache"]) { h in ["validate", try Files.tiny(h)] },
        Row(name: "sweep with an empty asset cache", code: 2, mentions: "run `finetune fetch digits` to download it",
            environment: ["FINETUNE_ASSETS": "/nonexistent-finetune-cache"]) { h in ["sweep", try Files.tiny(h)] },
        Row(name: "schema of an unknown kind", code: 64, mentions: "The value 'extra' is invalid for '<kind>'") { _ in ["schema", "extra"] },
        Row(name: "schema with a second argument", code: 64, mentions: "Unexpected argument") { _ in ["schema", "result", "extra"] },
    ]

    @Test(arguments: rows)
    func exitCode(_ row: Row) throws {
        let h = try SweepHarness("exit")
        defer { h.remove() }
        let arguments = try row.arguments(h)
        let launched = try h.launch(arguments, environment: row.environment)
        if row.interruptWhenPaused {
            let paused = SweepHarness.waitUntil(seconds: 120) {
                let ids = h.runIDs("tiny")
                return !ids.isEmpty && ids.allSatisfy { h.log("tiny", $0).contains("paused before epoch") }
            }
            try #require(paused, "no run paused: \(launched.output)")
            kill(launched.pid, SIGINT)
        }
        let code = launched.wait()
        let errors = launched.errors
        #expect(code == row.code, "finetune \(arguments.joined(separator: " ")): stdout \(launched.output)\nstderr \(errors)")
        #expect(row.mentions.isEmpty || errors.contains(row.mentions), "stderr: \(errors)")
        if row.code == 64 {
            #expect(errors.contains("Usage: finetune"), "a command-line mistake shows the usage: \(errors)")
        } else {
            #expect(!errors.contains("Usage:"), "usage text only for command-line mistakes: \(errors)")
        }
        if row.oneLine {
            #expect(errors.hasPrefix("error: ") && errors.filter { $0 == "\n" }.count == 1, "one line: \(errors)")
        }
        #expect(!errors.contains("signal 4") && !errors.contains("Fatal error"), "no trap: \(errors)")
    }

    /// The files the rows need, written into each row's own folder.
    enum Files {
        static func tiny(_ h: SweepHarness) throws -> String {
            try h.write("tiny.yaml", TinyExperiments.grid(grid: false).replacingOccurrences(of: "repeats: 2", with: "repeats: 1"))
        }

        static func invalid(_ h: SweepHarness) throws -> String {
            try h.write("bad.yaml", "experiment: bad\ndata: {source: digits}\nmodel: {architecture: mlp, dropout: 1.5}\n")
        }

        static func onlyRun(_ h: SweepHarness, _ file: String) throws -> String {
            let runs = try h.plannedRuns(file)
            try #require(runs.count == 1, "\(file) plans \(runs.count) runs")
            return runs[0].id
        }

        /// An experiment whose pre-trained weights are a safetensors file with a wrong header length.
        static func damagedPretrained(_ h: SweepHarness) throws -> String {
            try damagedWeights().write(to: URL(fileURLWithPath: h.path("damaged.safetensors")))
            let text = try String(contentsOfFile: h.path(try tiny(h)), encoding: .utf8)
                .replacingOccurrences(of: "experiment: tiny", with: "experiment: failing")
                .replacingOccurrences(of: "  architecture: mlp\n", with: "  architecture: mlp\n  pretrained: damaged.safetensors\n")
            return try h.write("failing.yaml", text)
        }

        /// One F32 tensor, the header length one byte short: its last padding byte reads as data.
        static func damagedWeights() -> Data {
            var header = Array(#"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#.utf8)
            header += [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8 + 8)
            var image = Data()
            withUnsafeBytes(of: UInt64(header.count - 1).littleEndian) { image.append(contentsOf: $0) }
            image.append(contentsOf: header)
            image.append(contentsOf: [0, 0, 128, 63])
            return image
        }

        /// The MiniLM folder with its model.safetensors header length one byte short.
        static func damagedMiniLM(_ h: SweepHarness) throws -> String {
            let source = SweepHarness.assets + "/minilm"
            let folder = h.path("bad-minilm")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: source) where name != "model.safetensors" {
                try FileManager.default.createSymbolicLink(atPath: folder + "/" + name, withDestinationPath: source + "/" + name)
            }
            let weights = try Data(contentsOf: URL(fileURLWithPath: source + "/model.safetensors"))
            let length = weights.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            var damaged = Data()
            withUnsafeBytes(of: (length - 1).littleEndian) { damaged.append(contentsOf: $0) }
            damaged.append(weights.dropFirst(8))
            try damaged.write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
            return "bad-minilm"
        }

        /// Takes results/tiny/.lock as a running sweep would, for the rest of the process's
        /// life (each row has its own folder, so nothing else waits on it).
        static func holdLock(_ h: SweepHarness) throws {
            try FileManager.default.createDirectory(atPath: h.path("results/tiny"), withIntermediateDirectories: true)
            let fd = open(h.path("results/tiny/.lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            try #require(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0, "cannot take the lock")
            _ = "\(getpid())\n".withCString { write(fd, $0, strlen($0)) }
        }
    }
}

/// README's exit-code table is ExitStatus, row for row.
@Suite struct ExitCodeTableTests {
    @Test func readmesTableIsTheExitStatusTable() throws {
        let readme = try String(contentsOf: SweepHarness.package.appendingPathComponent("README.md"), encoding: .utf8)
        let rows = readme.split(separator: "\n").compactMap { line -> (Int32, String)? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 4, let code = Int32(cells[1]) else { return nil }
            return (code, cells[2])
        }
        #expect(rows.map(\.0) == ExitStatus.allCases.map(\.code))
        #expect(rows.map(\.1) == ExitStatus.allCases.map(\.meaning))
    }
}

/// README's command table names every command and every option the commands define, read
/// from the built binary's own help, so an option added without a line in README fails here.
@Suite struct CommandTableTests {
    static let commands = ["validate", "plan", "sweep", "run", "report", "embed", "predict", "export", "fetch", "schema"]

    /// The options the check reads for `sweep`: proof the parsing sees them.
    @Test func theSweepsOptionsAreRead() throws {
        let help = try ProcessRunner.run(SweepHarness.binary, ["sweep", "--help"])
        for option in ["--results", "--jobs", "--executor", "--slurm-arg", "--cancel-on-interrupt"] {
            #expect(help.stdout.contains(option))
        }
    }

    @Test func readmesCommandTableNamesEveryCommandAndOption() throws {
        let readme = try String(contentsOf: SweepHarness.package.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Command line\n\n```\n"))
        let table = String(readme[section.upperBound...].prefix { _ in true }.split(separator: "```", maxSplits: 1)[0])
        for command in Self.commands {
            #expect(table.contains("finetune \(command)"), "README's command table has no line for `finetune \(command)`")
            let help = try ProcessRunner.run(SweepHarness.binary, [command, "--help"])
            #expect(help.status == 0)
            let options = help.stdout.split(separator: "\n").compactMap { line -> String? in
                let words = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
                guard let first = words.first else { return nil }
                let option = first.hasPrefix("--") ? first : words.dropFirst().first.flatMap { first.hasPrefix("-") && $0.hasPrefix("--") ? $0 : nil }
                return option.map { String($0.prefix { $0 != "=" && $0 != "," && $0 != " " }) }
            }.filter { $0 != "--help" && $0 != "--version" }
            #expect(!options.isEmpty || ["validate", "report", "schema"].contains(command), "no options read from `finetune \(command) --help`")
            for option in options {
                #expect(table.contains(option), "`finetune \(command)` takes \(option), which README's command table does not show")
            }
        }
    }
}
