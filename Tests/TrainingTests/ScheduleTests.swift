import Foundation
import Testing
@testable import Training

/// One expected learning rate: `schedule.lr(at: step) == expected`.
struct ScheduleCase: CustomTestStringConvertible, Sendable {
    let name: String
    let schedule: Schedule
    let step: Int
    let expected: Double
    var testDescription: String { "\(name) @ step \(step)" }

    init(_ name: String, _ schedule: Schedule, step: Int, _ expected: Double) {
        self.name = name
        self.schedule = schedule
        self.step = step
        self.expected = expected
    }
}

/// Closed forms worked by hand at the boundaries (first step, end of warm-up, midpoint,
/// last step), with transformers' conventions: warm-up step s < w gets base·s/w; decay
/// progress is k/D with k = s - w and D = total - w decay steps, so `final` is reached at
/// the end of the last step, not at it.
let closedForms: [ScheduleCase] = {
    let constant = Schedule(baseLR: 0.1, totalSteps: 10)
    let warm = Schedule(baseLR: 1, totalSteps: 10, warmupSteps: 4)
    let linear = Schedule(baseLR: 1, totalSteps: 10, decay: .linear(final: 0.1))
    let cosine = Schedule(baseLR: 2, totalSteps: 10, decay: .cosine(final: 0))
    let cosineFloor = Schedule(baseLR: 2, totalSteps: 10, decay: .cosine(final: 0.1))
    let warmCosine = Schedule(baseLR: 1, totalSteps: 12, warmupSteps: 2, decay: .cosine(final: 0))
    let step = Schedule(baseLR: 1, totalSteps: 10, decay: .step(every: 3, gamma: 0.5))
    let warmStep = Schedule(baseLR: 1, totalSteps: 10, warmupSteps: 2, decay: .step(every: 3, gamma: 0.5))
    let multi = Schedule(baseLR: 1, totalSteps: 10, decay: .multiStep(milestones: [2, 5], gamma: 0.1))
    let exponential = Schedule(baseLR: 1, totalSteps: 10, decay: .exponential(gamma: 0.9))
    let single = Schedule(baseLR: 0.3, totalSteps: 1, decay: .cosine(final: 0))
    let lastCosine = 0.5 * (1 + cos(Double.pi * 0.9))
    return [
        ScheduleCase("constant", constant, step: 0, 0.1),
        ScheduleCase("constant", constant, step: 9, 0.1),
        // Warm-up: 0, 3/4, then the peak at step w = 4.
        ScheduleCase("warm-up", warm, step: 0, 0),
        ScheduleCase("warm-up", warm, step: 3, 0.75),
        ScheduleCase("warm-up", warm, step: 4, 1),
        ScheduleCase("warm-up", warm, step: 9, 1),
        // Linear: 1 → 0.1 over 10 steps, 0.1 reached after the last one.
        ScheduleCase("linear", linear, step: 0, 1),
        ScheduleCase("linear", linear, step: 5, 0.55),
        ScheduleCase("linear", linear, step: 9, 0.19),
        // Cosine: base at the first step, half at the midpoint, not yet 0 at the last step.
        ScheduleCase("cosine", cosine, step: 0, 2),
        ScheduleCase("cosine", cosine, step: 5, 1),
        ScheduleCase("cosine", cosine, step: 9, 2 * lastCosine),
        ScheduleCase("cosine floor", cosineFloor, step: 5, 1.1),
        ScheduleCase("cosine floor", cosineFloor, step: 9, 2 * (0.1 + 0.9 * lastCosine)),
        // Cosine after 2 warm-up steps: 0, 1/2, peak at step 2, midpoint at 7.
        ScheduleCase("warm-up + cosine", warmCosine, step: 0, 0),
        ScheduleCase("warm-up + cosine", warmCosine, step: 1, 0.5),
        ScheduleCase("warm-up + cosine", warmCosine, step: 2, 1),
        ScheduleCase("warm-up + cosine", warmCosine, step: 7, 0.5),
        ScheduleCase("warm-up + cosine", warmCosine, step: 11, lastCosine),
        // Step: halve every 3 steps.
        ScheduleCase("step", step, step: 2, 1),
        ScheduleCase("step", step, step: 3, 0.5),
        ScheduleCase("step", step, step: 6, 0.25),
        ScheduleCase("step", step, step: 9, 0.125),
        // Step counted from the end of warm-up.
        ScheduleCase("warm-up + step", warmStep, step: 4, 1),
        ScheduleCase("warm-up + step", warmStep, step: 5, 0.5),
        // Multi-step: ×0.1 at decay steps 2 and 5.
        ScheduleCase("multi-step", multi, step: 1, 1),
        ScheduleCase("multi-step", multi, step: 2, 0.1),
        ScheduleCase("multi-step", multi, step: 4, 0.1),
        ScheduleCase("multi-step", multi, step: 5, 0.01),
        ScheduleCase("multi-step", multi, step: 9, 0.01),
        // Exponential: 0.9^k.
        ScheduleCase("exponential", exponential, step: 0, 1),
        ScheduleCase("exponential", exponential, step: 3, 0.729),
        // A one-step run uses the base rate.
        ScheduleCase("single step", single, step: 0, 0.3),
        // Out-of-range steps clamp into the run.
        ScheduleCase("clamped", cosine, step: -3, 2),
        ScheduleCase("clamped", cosine, step: 50, 2 * lastCosine),
    ]
}()

/// PyTorch `OneCycleLR(max_lr, total_steps, pct_start, div_factor, final_div_factor)`,
/// values from its documented formula evaluated in Python (torch is not installed):
///
///     def onecycle(step, total, max_lr, pct=0.3, div=25., fdiv=1e4):
///         init = max_lr/div; mn = init/fdiv
///         phases = [(float(pct*total)-1, init, max_lr), (total-1, max_lr, mn)]
///         start = 0
///         for i, (end, a, b) in enumerate(phases):
///             if step <= end or i == len(phases)-1:
///                 p = (step-start)/(end-start)
///                 return b + (a-b)/2*(math.cos(math.pi*p)+1)
///             start = end
let oneCycleReference: [ScheduleCase] = {
    let defaults = Schedule(baseLR: 0.1, totalSteps: 20, decay: .oneCycle())
    let custom = Schedule(baseLR: 0.01, totalSteps: 100,
                          decay: .oneCycle(maxMultiplier: 1, pctStart: 0.25, divFactor: 10, finalDivFactor: 100))
    return [
        ScheduleCase("one-cycle", defaults, step: 0, 0.0040000000000000036),
        ScheduleCase("one-cycle", defaults, step: 1, 0.013167184270002533),
        ScheduleCase("one-cycle", defaults, step: 2, 0.037167184270002526),
        ScheduleCase("one-cycle", defaults, step: 5, 0.1),
        ScheduleCase("one-cycle", defaults, step: 10, 0.07169430017913009),
        ScheduleCase("one-cycle", defaults, step: 13, 0.03887419780637107),
        ScheduleCase("one-cycle", defaults, step: 19, 4e-07),
        ScheduleCase("one-cycle custom", custom, step: 0, 0.0009999999999999992),
        ScheduleCase("one-cycle custom", custom, step: 4, 0.0016028856829700244),
        ScheduleCase("one-cycle custom", custom, step: 15, 0.007222075445642904),
        ScheduleCase("one-cycle custom", custom, step: 99, 1e-05),
    ]
}()

func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool {
    abs(a - b) <= relative * max(1, abs(a), abs(b)) || abs(a - b) <= 1e-15
}

@Test("schedule matches its closed form", arguments: closedForms)
func scheduleClosedForm(_ c: ScheduleCase) {
    #expect(close(c.schedule.lr(at: c.step), c.expected), "got \(c.schedule.lr(at: c.step))")
}

@Test("one-cycle matches PyTorch's OneCycleLR", arguments: oneCycleReference)
func oneCycleMatchesPyTorch(_ c: ScheduleCase) {
    #expect(close(c.schedule.lr(at: c.step), c.expected), "got \(c.schedule.lr(at: c.step))")
}

@Test("one-cycle ignores warm-up steps")
func oneCycleIgnoresWarmup() {
    let plain = Schedule(baseLR: 0.1, totalSteps: 20, decay: .oneCycle())
    var warmed = plain
    warmed.warmupSteps = 5
    #expect(plain.curve() == warmed.curve())
    #expect(warmed.problems == ["one-cycle has its own warm-up; set warmupSteps to 0"])
}

@Test("warm-up rises strictly from 0 to the peak, decays never rise", arguments: [
    Decay.constant, .step(every: 7, gamma: 0.5), .multiStep(milestones: [10, 30], gamma: 0.3),
    .exponential(gamma: 0.97), .linear(final: 0), .cosine(final: 0.05),
])
func monotone(_ decay: Decay) {
    let schedule = Schedule(baseLR: 3e-3, totalSteps: 60, warmupSteps: 6, decay: decay)
    let curve = schedule.curve()
    let peak = curve[6]
    #expect(peak == 3e-3)
    #expect(zip(curve[0..<6], curve[1...6]).allSatisfy { $0 < $1 })
    #expect(zip(curve[6...], curve[7...]).allSatisfy { $0 >= $1 })
    // Only warm-up's first step trains at rate 0; every decay step still trains.
    #expect(curve[0] == 0)
    #expect(curve.dropFirst().allSatisfy { $0 > 0 && $0 <= peak })
}

@Test("one-cycle rises to its peak then falls")
func oneCycleShape() {
    let curve = Schedule(baseLR: 1, totalSteps: 50, decay: .oneCycle(maxMultiplier: 2)).curve()
    let top = curve.firstIndex(of: curve.max()!)!
    #expect(top == 14)   // 0.3 · 50 - 1
    #expect(close(curve[top], 2))
    #expect(zip(curve[..<top], curve[1...top]).allSatisfy { $0 < $1 })
    #expect(zip(curve[top...], curve[(top + 1)...]).allSatisfy { $0 > $1 })
}

@Test("valid settings have no problems", arguments: [
    Schedule(baseLR: 1e-3, totalSteps: 100, warmupSteps: 10, decay: .cosine(final: 0)),
    Schedule(baseLR: 1e-3, totalSteps: 1),
    Schedule(baseLR: 1e-3, totalSteps: 100, decay: .oneCycle()),
    Schedule(baseLR: 1e-3, totalSteps: 100, decay: .multiStep(milestones: [30, 60], gamma: 0.1)),
])
func validSettings(_ schedule: Schedule) {
    #expect(schedule.problems.isEmpty)
}

@Test("every problem is reported at once")
func problemsCollected() {
    let bad = Schedule(baseLR: 0, totalSteps: 10, warmupSteps: 10,
                       decay: .multiStep(milestones: [5, 2], gamma: 2))
    #expect(bad.problems == [
        "baseLR must be a positive number",
        "warmupSteps (10) must be less than totalSteps (10)",
        "multi-step decay: milestones must be increasing",
        "multi-step decay: gamma must be in (0, 1]",
    ])
}
