import Foundation
import Sweep
import Testing

struct RunProgressTests {
    @Test func readsEpochLinesAndTheBaselinePhase_timedByTheLinesOwnStamps() throws {
        let t0 = try #require(ISO8601DateFormatter().date(from: "2025-01-01T00:00:00Z"))
        let late = t0.addingTimeInterval(100)  // when the sweep got round to reading them
        var p = RunProgress(started: t0)
        p.read("[2025-01-01T00:00:00Z] training freeze=none: 100 train / 20 validation / 20 test examples", at: late)
        #expect(p.phase == .training)
        p.read("[2025-01-01T00:00:02Z] epoch 2, train loss 0.5123, validation loss 0.6000, trainable 1234", at: late)
        #expect(p.epoch == 2)
        #expect(p.loss == 0.5123)
        // One second per epoch, three to go, one already spent since epoch 2 ended.
        #expect(p.secondsLeft(epochs: 5, now: t0.addingTimeInterval(3)) == 2)
        #expect(p.secondsLeft(epochs: 2, now: late) == 0)
        p.read("[2025-01-01T00:00:05Z] training the scratch baseline 0123abcd", at: late)
        #expect(p.phase == .baseline)
        #expect(p.epoch == 0)
        #expect(p.secondsLeft(epochs: 5) == nil)
    }

    @Test(arguments: ["", "garbage", "[no closing bracket", "epoch x, train loss y", "[t] epoch , train loss"])
    func ignoresLinesItDoesNotKnow(_ line: String) {
        var p = RunProgress(started: Date())
        p.read(line)
        #expect(p.epoch == 0)
        #expect(p.loss == nil)
    }
}
