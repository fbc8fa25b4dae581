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
    /// When the current phase began (for its ETA).
    public var phaseStarted: Date

    public init(started: Date) { phaseStarted = started }

    /// Updates from one log line; lines it does not know are ignored.
    public mutating func read(_ line: String, at now: Date = Date()) {
        let text = line.drop { $0 != "]" }.dropFirst().drop { $0 == " " }
        let body = text.isEmpty ? Substring(line) : text
        if body.hasPrefix("training the scratch baseline") {
            phase = .baseline
            epoch = 0
            loss = nil
            phaseStarted = now
        } else if body.hasPrefix("training ") {
            phase = .training
            phaseStarted = now
        } else if body.hasPrefix("epoch "), let parsed = Self.epochLine(body) {
            if phase == .starting { phase = .training }
            epoch = parsed.epoch
            loss = parsed.loss ?? loss
        }
    }

    /// `epoch 3, train loss 0.1234, …` → (3, 0.1234).
    static func epochLine(_ body: Substring) -> (epoch: Int, loss: Double?)? {
        let fields = body.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = fields.first, first.hasPrefix("epoch "), let epoch = Int(first.dropFirst(6)) else { return nil }
        let loss = fields.first { $0.hasPrefix("train loss ") }.flatMap { Double($0.dropFirst(11)) }
        return (epoch, loss)
    }

    /// Seconds left in the current phase, from its pace so far; nil before the first epoch.
    public func secondsLeft(epochs: Int, now: Date = Date()) -> Double? {
        guard epoch > 0, epochs > epoch else { return epoch > 0 ? 0 : nil }
        let perEpoch = now.timeIntervalSince(phaseStarted) / Double(epoch)
        return perEpoch * Double(epochs - epoch)
    }
}
