import Foundation

/// How a sweep shows what it is doing.
///
/// On a terminal: a live block — one line per active run and an overall bar — redrawn in
/// place with ANSI escapes at most four times a second, with events (failures, finished
/// runs) printed above it. Anywhere else (CI, pipes, files): plain timestamped lines only,
/// so logs stay readable and diffable.
final class ProgressDisplay {
    enum Mode { case live, plain }

    struct Active {
        var name: String
        var experiment: String
        var progress: RunProgress
        var epochs: Int
        var started: Date
    }

    struct Overall {
        var finished: Int
        var total: Int
        var failed: Int
        var secondsLeft: Double?
    }

    let mode: Mode
    private var drawnLines = 0
    private var drawnText = ""
    private var lastDraw = Date.distantPast
    private var last: (active: [Active], overall: Overall)?

    init(mode: Mode) { self.mode = mode }

    static func automatic() -> ProgressDisplay {
        let terminal = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        return ProgressDisplay(mode: terminal ? .live : .plain)
    }

    /// A line that stays: timestamped when plain, above the live block on a terminal.
    func event(_ text: String) {
        switch mode {
        case .plain:
            write("[\(ISO8601DateFormatter().string(from: Date()))] \(text)\n")
        case .live:
            write(clearBlock() + text + "\n")
            drawnLines = 0
            if let last { draw(last.active, last.overall) }
        }
    }

    /// Redraws the live block (no more than ~4 times a second unless `force`).
    func update(_ active: [Active], _ overall: Overall, force: Bool = false) {
        guard mode == .live else { return }
        last = (active, overall)
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.25 else { return }
        draw(active, overall)
    }

    /// Leaves the last block on screen and stops redrawing over it.
    func finish() {
        if mode == .live, let last { draw(last.active, last.overall) }
        drawnLines = 0
        last = nil
    }

    // MARK: - Drawing

    private func draw(_ active: [Active], _ overall: Overall) {
        lastDraw = Date()
        let width = Self.terminalWidth()
        var lines = active.map { Self.line(for: $0, width: width) }
        lines.append(Self.bar(overall, width: width))
        let text = lines.joined(separator: "\n") + "\n"
        guard text != drawnText || drawnLines == 0 else { return }
        write(clearBlock() + text)
        drawnLines = lines.count
        drawnText = text
    }

    /// Moves to the first line of the block drawn last and clears to the end of the screen.
    private func clearBlock() -> String {
        drawnLines > 0 ? "\u{1B}[\(drawnLines)F\u{1B}[J" : ""
    }

    static func line(for run: Active, width: Int) -> String {
        let p = run.progress
        var parts = ["  \(run.experiment) \(run.name)"]
        switch p.phase {
        case .starting: parts.append("starting (\(duration(Date().timeIntervalSince(run.started))))")
        case .training, .baseline:
            parts.append("\(p.phase == .baseline ? "baseline " : "")epoch \(p.epoch)/\(run.epochs)")
            if let loss = p.loss { parts.append(String(format: "loss %.4f", loss)) }
            if let left = p.secondsLeft(epochs: run.epochs) { parts.append("ETA \(duration(left))") }
        }
        return clip(parts.joined(separator: "  "), width)
    }

    static func bar(_ o: Overall, width: Int) -> String {
        let cells = 24
        let filled = o.total == 0 ? cells : min(cells, o.finished * cells / o.total)
        var text = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: cells - filled) + "]"
        text += " \(o.finished)/\(o.total) runs"
        if o.failed > 0 { text += ", \(o.failed) failed" }
        if let left = o.secondsLeft { text += ", ETA \(duration(left))" }
        return clip(text, width)
    }

    /// `42s`, `3m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        let s = Int(max(0, seconds).rounded())
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }

    private static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(max(1, width - 1))) + "…"
    }

    private static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 100
    }

    private func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
