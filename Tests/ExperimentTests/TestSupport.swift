import Foundation
import TestProcess
import Testing
import YAML
@testable import Experiment

// MARK: - Files

/// A fresh temporary folder, removed when the value is released.
final class Workspace {
    let root: String

    init() {
        let base = URL(fileURLWithPath: NSTemporaryDirectory()).resolvingSymlinksInPath().standardizedFileURL
        let url = base.appendingPathComponent("experiment-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        root = url.path
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` to `name` (folders are created) and returns its absolute path.
    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let path = self.path(name)
        let folder = (path as NSString).deletingLastPathComponent
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    func path(_ name: String) -> String { root + "/" + name }
}

/// The project folder, found from this file's path (Tests/ExperimentTests/TestSupport.swift).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

// MARK: - Position markers

/// A 1-based line and column, the part of a mark tests compare.
struct Position: Hashable, Comparable, CustomStringConvertible {
    var line: Int
    var column: Int
    init(_ line: Int, _ column: Int) {
        self.line = line
        self.column = column
    }
    init(_ mark: Mark) { self.init(mark.line, mark.column) }
    var description: String { "\(line):\(column)" }
    static func < (a: Position, b: Position) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// YAML text with position markers, as swift-format's FindingSpec does: `⟨E⟩` (or `⟨1⟩`,
/// `⟨2⟩`, ...) is written right before the offending text and removed before parsing, so a
/// test states *where* a diagnostic belongs without counting columns.
struct MarkedText {
    /// The text without its markers.
    var text: String
    /// Marker name → where the text after it starts (columns count Unicode scalars, as marks do).
    var markers: [String: Position]

    init(_ marked: String) {
        var clean = String.UnicodeScalarView()
        var markers: [String: Position] = [:]
        var line = 1, column = 1
        var scalars = marked.unicodeScalars[...]
        while let scalar = scalars.first {
            scalars = scalars.dropFirst()
            if scalar == "⟨", let close = scalars.firstIndex(of: "⟩") {
                let name = String(String.UnicodeScalarView(scalars[..<close]))
                precondition(markers[name] == nil, "marker ⟨\(name)⟩ is used twice")
                markers[name] = Position(line, column)
                scalars = scalars[scalars.index(after: close)...]
                continue
            }
            clean.append(scalar)
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        text = String(clean)
        self.markers = markers
    }

    /// The position of `⟨name⟩`; a test failure (and 0:0) when the marker is missing.
    func position(_ name: String = "E", sourceLocation: SourceLocation = #_sourceLocation) -> Position {
        guard let position = markers[name] else {
            Issue.record("no marker ⟨\(name)⟩ in the text", sourceLocation: sourceLocation)
            return Position(0, 0)
        }
        return position
    }
}

// MARK: - Planning

/// Writes `text` as `name` into a fresh workspace and plans it.
func plan(_ text: String, name: String = "experiment.yaml", in workspace: Workspace = Workspace()) -> Planner.Outcome {
    Planner.plan(file: workspace.write(name, text))
}

/// A diagnostic as one comparable line without the file: `4:17: error: message`.
func rendered(_ diagnostic: Diagnostic) -> String {
    let position = diagnostic.mark.map { "\($0.line):\($0.column): " } ?? ""
    return "\(position)\(diagnostic.severity.rawValue): \(diagnostic.message)"
}

func rendered(_ position: Position, _ severity: Diagnostic.Severity = .error, _ message: String) -> String {
    "\(position.line):\(position.column): \(severity.rawValue): \(message)"
}

extension Planner.Outcome {
    var errors: [Diagnostic] { diagnostics.filter(\.isError) }
    var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// The common head of an experiment: name, data and model, so a case shows only what it tests.
let minimalExperiment = """
    experiment: t
    data: {source: digits}
    model: {architecture: cnn, pretrained: {experiment: pre}}
    """

// MARK: - Environment

/// An executable on PATH, or nil.
func executable(named name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion (``ProcessRunner``), without colour.
func run(_ program: String, _ arguments: [String], stdin: String? = nil, currentDirectory: String? = nil) throws -> ProcessResult {
    let done = try ProcessRunner.run(program, arguments, environment: ["NO_COLOR": "1"], currentDirectory: currentDirectory,
                                     stdin: stdin.map { Data($0.utf8) })
    return ProcessResult(status: done.status, stdout: done.stdout, stderr: done.stderr)
}
