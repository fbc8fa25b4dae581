import Foundation
import Sweep
import Testing

struct RunProgressTests {
    @Test func readsEpochLinesAndTheBaselinePhase() {
        let t0 = Date(timeIntervalSince1970: 0)
        var p = RunProgress(started: t0)
        p.read("[2025-01-01T00:00:00Z] training freeze=none: 100 train / 20 validation / 20 test examples", at: t0)
        #expect(p.phase == .training)
        p.read("[2025-01-01T00:00:02Z] epoch 2, train loss 0.5123, validation loss 0.6000, trainable 1234", at: t0)
        #expect(p.epoch == 2)
        #expect(p.loss == 0.5123)
        #expect(p.secondsLeft(epochs: 5, now: t0.addingTimeInterval(4)) == 6)
        p.read("[2025-01-01T00:00:05Z] training the scratch baseline 0123abcd", at: t0.addingTimeInterval(5))
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
