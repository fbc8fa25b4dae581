import Foundation
import ProcessControl
import Sweep
import Testing

/// Progress as the run's process sends it (``RunProgressEvent``), timed by the events' own times.
struct RunProgressTests {
    @Test func followsEpochsAndTheBaselinePhase_timedByTheEventsOwnTimes() throws {
        let t0 = try #require(ISO8601DateFormatter().date(from: "2025-01-01T00:00:00Z"))
        let at = { (seconds: Double) in t0.timeIntervalSince1970 + seconds }
        var p = RunProgress(started: t0.addingTimeInterval(-10))
        p.apply(RunProgressEvent(phase: .training, time: at(0)))
        #expect(p.phase == .training && p.epoch == 0)
        p.apply(RunProgressEvent(phase: .training, epoch: 2, loss: 0.5123, time: at(2)))
        #expect(p.epoch == 2)
        #expect(p.loss == 0.5123)
        // One second per epoch, three to go, one already spent since epoch 2 ended.
        #expect(p.secondsLeft(epochs: 5, now: t0.addingTimeInterval(3)) == 2)
        #expect(p.secondsLeft(epochs: 2, now: t0.addingTimeInterval(100)) == 0)
        p.apply(RunProgressEvent(phase: .baseline, time: at(5)))
        #expect(p.phase == .baseline)
        #expect(p.epoch == 0 && p.loss == nil)
        #expect(p.secondsLeft(epochs: 5) == nil)
        p.apply(RunProgressEvent(phase: .baseline, epoch: 1, loss: 0.9, time: at(7)))
        #expect(p.phase == .baseline && p.epoch == 1 && p.loss == 0.9)
    }

    @Test func anEventTravelsAsOneJSONLine() throws {
        let event = WorkerEvent(job: 3, progress: RunProgressEvent(phase: .training, epoch: 4, loss: 0.25, time: 1_700_000_000.5))
        let line = String(decoding: JSONLines.encode(event), as: UTF8.self)
        #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false)
        #expect(JSONLines.decode(WorkerEvent.self, String(line.dropLast())) == event)
    }
}
