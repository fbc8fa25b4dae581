import Foundation
import Testing
@testable import Experiment

/// Draws for mutants from the planner's own SplitMix64, so every mutant can be regenerated
/// from its number.
extension SplitMix64 {
    /// Uniform in 0..<n (n > 0).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Damages YAML text the way hands, editors and broken pipes do.
struct Mutator {
    static let tokens: [String] = [
        "-1", "0", "nan", ".nan", ".inf", "-.inf", "yes", "no", "on", "~", "null", "true", "[", "]", "{", "}",
        "&a", "*a", "<<: *a", "&a {x: 1}", "[*a, *a]", "!!int x", "!!str 1", "!!float", "!foo", "? x", "- x", ":",
        "|", ">", "'", "\"", "\"unterminated", "#", "%YAML 1.2", "---", "...", "@", "`", "\t", "\\", "1e309",
        "99999999999999999999", "0x7fffffffffffffff", "-0", "1_000", "0o17", "\"1e-3\"", "[1, [2, [3]]]",
        "{a: {b: {c: {}}}}", "[]", "{}", "''", "x: y: z", "a,b", "é日🙂", "\u{FEFF}",
        String(repeating: "long", count: 1500),
        String(repeating: "[", count: 300),
    ]

    static let invalidBytes: [[UInt8]] = [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x00], [0x07], [0x1B], [0xC0, 0x80], [0xE2, 0x82]]

    var random: SplitMix64

    mutating func mutate(_ original: [UInt8]) -> [UInt8] {
        var bytes = original
        for _ in 0...random.below(3) { bytes = mutateOnce(bytes) }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: [UInt8]) -> [UInt8] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        func joined() -> [UInt8] { Array(lines.joined(separator: [UInt8(ascii: "\n")])) }
        let line = random.below(lines.count)
        switch random.below(11) {
        case 0:  // delete a line
            lines.remove(at: line)
            return joined()
        case 1:  // duplicate a line
            lines.insert(lines[line], at: line)
            return joined()
        case 2:  // swap two lines
            lines.swapAt(line, random.below(lines.count))
            return joined()
        case 3:  // change indentation
            let indent = lines[line].prefix { $0 == UInt8(ascii: " ") }.count
            switch random.below(3) {
            case 0: lines[line] = Array(lines[line].dropFirst(min(indent, 1 + random.below(3))))
            case 1: lines[line] = Array(repeating: UInt8(ascii: " "), count: 1 + random.below(3)) + lines[line]
            default: lines[line] = [UInt8(ascii: "\t")] + lines[line]
            }
            return joined()
        case 4:  // insert random bytes, some of them not UTF-8
            var out = bytes
            let insert = random.below(2) == 0 ? random.pick(Self.invalidBytes) : (0..<1 + random.below(4)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            out.insert(contentsOf: insert, at: random.below(out.count + 1))
            return out
        case 5:  // truncate
            return Array(bytes.prefix(random.below(bytes.count + 1)))
        case 6:  // swap two neighbouring bytes
            guard bytes.count > 1 else { return bytes }
            var out = bytes
            let i = random.below(out.count - 1)
            out.swapAt(i, i + 1)
            return out
        case 7, 8:  // replace a scalar after `: ` or inside a flow collection with a token
            let text = lines[line]
            let starts = text.indices.filter { i in
                i > 0 && (text[i - 1] == UInt8(ascii: " ") && (text[i] != UInt8(ascii: " ")))
            }
            guard let start = starts.isEmpty ? nil : random.pick(starts) else { return joined() }
            var end = start
            while end < text.count, ![UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: " ")].contains(text[end]) { end += 1 }
            lines[line] = Array(text[..<start]) + Array(random.pick(Self.tokens).utf8) + Array(text[end...])
            return joined()
        case 9:  // insert a line made of a token, at a random indentation
            let indent = Array(repeating: UInt8(ascii: " "), count: random.below(6))
            lines.insert(indent + Array(random.pick(Self.tokens).utf8) + (random.below(2) == 0 ? Array(": x".utf8) : []), at: line)
            return joined()
        default:  // change one byte to another printable character
            guard !bytes.isEmpty else { return bytes }
            var out = bytes
            out[random.below(out.count)] = random.pick(Array(":-[]{},&*!|>'\"#%@ 0123456789abcxyz.".utf8))
            return out
        }
    }
}

@Suite("Mutation: thousands of damaged experiments never crash the validator, and every refusal has a position")
struct MutationTests {
    static let mutantsPerChunk = 500
    /// 6,000 seeded mutants in parallel chunks with `FINETUNE_SLOW_TESTS=1` (`make test-slow`,
    /// about 30 s of CPU); `make test` runs the first 1,000 of the same numbered mutants.
    static let chunks: [Int] = Array(0..<(slow ? 12 : 2))
    static var slow: Bool { ProcessInfo.processInfo.environment["FINETUNE_SLOW_TESTS"] == "1" }

    struct Seed {
        var name: String
        var text: String
    }

    static var seeds: [Seed] {
        Fixtures.shippedExperiments.compactMap { path in
            (try? String(contentsOfFile: path, encoding: .utf8)).map { Seed(name: (path as NSString).lastPathComponent, text: $0) }
        } + [Seed(name: "rich.yaml", text: Fixtures.rich)]
    }

    @Test(arguments: chunks)
    func damagedFilesAreRefusedWithPositionedDiagnosticsOrPlanned(_ chunk: Int) throws {
        let seeds = Self.seeds
        try #require(seeds.count >= 3, "the shipped experiments and the rich fixture")
        let base = Fixtures.digitsBase
        let workspace = Workspace()
        let basePath = workspace.write("base/digits-cnn.yaml", base)
        let otherBases = Fixtures.otherBases
        let otherBasePaths = otherBases.map { workspace.write("base/" + $0.name, $0.text) }
        var failures: [String] = []
        var refused = 0
        for index in 0..<Self.mutantsPerChunk {
            let number = chunk * Self.mutantsPerChunk + index
            var mutator = Mutator(random: SplitMix64(seed: UInt64(number) &* 0x2545_F491_4F6C_DD1D &+ 17))
            let seed = seeds[number % seeds.count]
            // One mutant in eight damages the shared base instead of the experiment.
            let damageBase = mutator.random.below(8) == 0
            let top = damageBase ? Array(seed.text.utf8) : mutator.mutate(Array(seed.text.utf8))
            let baseBytes = damageBase ? mutator.mutate(Array(base.utf8)) : Array(base.utf8)
            workspace.write("base/digits-cnn.yaml", bytes: baseBytes)
            let file = workspace.write("mutant.yaml", bytes: top)

            let outcome = Planner.plan(file: file)
            let errors = outcome.errors
            let what = "mutant \(number) of \(seed.name)\(damageBase ? " (base damaged)" : "")"
            if outcome.plan == nil {
                refused += 1
                if !errors.contains(where: { ($0.mark?.line ?? 0) >= 1 && ($0.mark?.column ?? 0) >= 1 }) {
                    failures.append("\(what): refused without a positioned error: \(outcome.diagnostics.map(\.description))")
                }
            } else if !errors.isEmpty {
                failures.append("\(what): planned despite errors: \(errors.map(\.description))")
            }
            for diagnostic in outcome.diagnostics {
                guard let mark = diagnostic.mark else {
                    failures.append("\(what): a diagnostic without a position: \(diagnostic)")
                    continue
                }
                if mark.line < 1 || mark.column < 1 || !([file, basePath] + otherBasePaths).contains(mark.file) {
                    failures.append("\(what): a diagnostic outside the files: \(diagnostic)")
                }
                let lineCount = (mark.file == file ? top : otherBasePaths.firstIndex(of: mark.file).map { Array(otherBases[$0].text.utf8) } ?? baseBytes).count { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } + 1
                if mark.line > lineCount + 1 {  // libyaml puts end-of-input errors on the line after an unterminated last line
                    failures.append("\(what): line \(mark.line) beyond the file's \(lineCount) lines: \(diagnostic)")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures; first: \(failures.prefix(5).joined(separator: "\n"))")
        // Most damage must be caught; a mutation test that refuses nothing tests nothing.
        #expect(refused > Self.mutantsPerChunk / 2, "only \(refused) of \(Self.mutantsPerChunk) mutants were refused")
    }

    @Test func theSeedsThemselvesAreValid() throws {
        let workspace = Workspace()
        workspace.write("base/digits-cnn.yaml", Fixtures.digitsBase)
        for base in Fixtures.otherBases { workspace.write("base/" + base.name, base.text) }
        for seed in Self.seeds {
            let outcome = Planner.plan(file: workspace.write(seed.name, seed.text))
            #expect(outcome.errors.map(\.description) == [], "\(seed.name)")
        }
    }
}
