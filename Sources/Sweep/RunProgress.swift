import Foundation

/// What a run's log says about how far it got: `finetune run` prints one line per epoch
/// (`[time] epoch 3, train loss 0.1234, ...`, see Trainer.describe) and announces the
/// scratch baseline it trains after the run itself.
public struct RunProgress: Sendable, Equatable {
    public enum Phase: String, Sendable { case starting, training, baseline }

    public var phase: Phase = .starting
    /// Epochs finished in the current phase.
    public var epoch = 0
    public var loss: Double?
    /// When the current phase began and when its last epoch ended (for its ETA), from the
    /// lines' own timestamps: lines are read in batches, well after they were written.
    public var phaseStarted: Date
    public var lastEpochEnded: Date

    public init(started: Date) {
        phaseStarted = started
        lastEpochEnded = started
    }

    /// Updates from one log line; lines it does not know are ignored.
    /// - Parameter now: The time to assume for a line without a readable timestamp.
    public mutating func read(_ line: String, at now: Date = Date()) {
        var body = Substring(line)
        var time = now
        if line.hasPrefix("["), let close = line.firstIndex(of: "]") {
            time = Self.stamp.date(from: String(line[line.index(after: line.startIndex)..<close])) ?? now
            body = line[line.index(after: close)...].drop { $0 == " " }
        }
        if body.hasPrefix("training the scratch baseline") {
            phase = .baseline
            epoch = 0
            loss = nil
            phaseStarted = time
            lastEpochEnded = time
        } else if body.hasPrefix("training ") {
            phase = .training
            phaseStarted = time
            lastEpochEnded = time
        } else if body.hasPrefix("epoch "), let parsed = Self.epochLine(body) {
            if phase == .starting { phase = .training }
            epoch = parsed.epoch
            loss = parsed.loss ?? loss
            lastEpochEnded = time
        }
    }

    nonisolated(unsafe) private static let stamp = ISO8601DateFormatter()

    /// `epoch 3, train loss 0.1234, …` → (3, 0.1234).
    static func epochLine(_ body: Substring) -> (epoch: Int, loss: Double?)? {
        let fields = body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = fields.first, first.hasPrefix("epoch "), let epoch = Int(first.dropFirst(6)) else { return nil }
        let loss = fields.first { $0.hasPrefix("train loss ") }.flatMap { Double($0.dropFirst(11)) }
        return (epoch, loss)
    }

    /// Seconds left in the current phase at the pace of its epochs so far, less the time
    /// since the last one ended; nil before the first epoch.
    public func secondsLeft(epochs: Int, now: Date = Date()) -> Double? {
        guard epoch > 0 else { return nil }
        guard epochs > epoch else { return 0 }
        let perEpoch = lastEpochEnded.timeIntervalSince(phaseStarted) / Double(epoch)
        return max(0, perEpoch * Double(epochs - epoch) - now.timeIntervalSince(lastEpochEnded))
    }
}
