import Results

extension RunResult {
    /// `DIVERGED` or `FAILED  `, aligned with the other progress words (`done    `).
    var failureHeadline: String { status == .diverged ? "DIVERGED" : "FAILED  " }

    /// The first line of the error, for one-line progress events (the log holds the rest).
    var errorFirstLine: String {
        (error ?? "no error recorded").split(separator: "\n").first.map(String.init) ?? ""
    }
}
