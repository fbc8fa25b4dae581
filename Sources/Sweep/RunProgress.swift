import Foundation
import ProcessControl

/// How far a running run got, from the progress events its process sends
/// (``RunProgressEvent``, through the engine worker): its phase (the run, then its scratch
/// baseline), the last epoch that ended and its training loss.
public struct RunProgress: Sendable, Equatable {
    public enum Phase: String, Sendable { case starting, training, baseline }

    public var phase: Phase = .starting
    /// Epochs finished in the current phase.
    public var epoch = 0
    public var loss: Double?
    /// When the current phase began and when its last epoch ended (for its ETA), from the
    /// events' own times: events are read in batches, after they were sent.
    public var phaseStarted: Date
    public var lastEpochEnded: Date

    public init(started: Date) {
        phaseStarted = started
        lastEpochEnded = started
    }

    /// Updates from one event.
    public mutating func apply(_ event: RunProgressEvent) {
        let time = Date(timeIntervalSince1970: event.time)
        let phase: Phase = event.phase == .baseline ? .baseline : .training
        if phase != self.phase || event.epoch == nil {
            if phase != self.phase || self.phase == .starting {
                self.phase = phase
                epoch = 0
                loss = nil
            }
            phaseStarted = time
            lastEpochEnded = time
        }
        if let finished = event.epoch {
            epoch = finished
            loss = event.loss ?? loss
            lastEpochEnded = time
        }
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
