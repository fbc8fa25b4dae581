/// The learning rate of every optimizer step of one run: linear warm-up, then a decay.
///
/// The rate is a pure function of the step, so a resumed run gets the same rates and the
/// whole curve can be printed or tested without training. Reduce-on-plateau depends on
/// the metrics seen and lives apart, in `PlateauController`; the training loop multiplies
/// `lr(at:)` by the controller's multiplier.
///
/// Boundaries follow Hugging Face transformers' `get_linear_schedule_with_warmup` and
/// `get_cosine_schedule_with_warmup`, so a recipe copied from a paper or a transformers
/// script behaves the same here (steps are 0-based: step 0 is the first optimizer step,
/// `totalSteps - 1` the last; with `w = warmupSteps`):
/// - Warm-up rises linearly from 0: step `s < w` gets `baseLR * s / w` (step 0 trains at
///   rate 0, as in transformers).
/// - Decay covers steps `w ... totalSteps - 1`: at step `w` every decay but one-cycle
///   gives `baseLR`; `linear` and `cosine` reach `final * baseLR` at step `totalSteps`,
///   the end of the last step, so the last step itself still trains (for `final = 0` it
///   gets `baseLR / (totalSteps - w)` with `linear`). Step-based decays count steps from
///   `w` (milestones included).
/// - One-cycle ignores `warmupSteps` and spans all `totalSteps`, as PyTorch's does.
/// - Steps before 0 read as 0 and steps past the end as the last step.
public struct Schedule: Sendable, Equatable, Hashable {
    /// Peak learning rate, reached at the end of warm-up.
    public var baseLR: Double
    /// Number of optimizer steps in the run.
    public var totalSteps: Int
    /// Steps of linear warm-up before the decay starts.
    public var warmupSteps: Int
    /// What happens after warm-up.
    public var decay: Decay

    public init(baseLR: Double, totalSteps: Int, warmupSteps: Int = 0, decay: Decay = .constant) {
        self.baseLR = baseLR
        self.totalSteps = totalSteps
        self.warmupSteps = warmupSteps
        self.decay = decay
    }

    /// The learning rate to use at optimizer step `step`.
    public func lr(at step: Int) -> Double {
        baseLR * Self.multiplier(at: step, totalSteps: totalSteps,
                                 warmupSteps: warmupSteps, decay: decay)
    }

    /// The rate of every step, for plots, logs and tests.
    public func curve() -> [Double] {
        (0..<max(totalSteps, 0)).map(lr(at:))
    }

    /// The schedule as a pure function: the multiplier of the base rate at `step`.
    public static func multiplier(at step: Int, totalSteps: Int, warmupSteps: Int,
                                  decay: Decay) -> Double {
        // 1. Clamp the step into the run; an empty run has nothing to schedule.
        guard totalSteps > 0 else { return 1 }
        let s = min(max(step, 0), totalSteps - 1)
        // 2. One-cycle has its own warm-up: it spans the whole run.
        if case .oneCycle = decay {
            return decay.multiplier(decayStep: s, decaySteps: totalSteps)
        }
        // 3. Linear warm-up: from 0 at step 0 up to 1 at step `warmup` (transformers' s / w).
        let warmup = min(max(warmupSteps, 0), totalSteps - 1)
        if s < warmup {
            return Double(s) / Double(warmup)
        }
        // 4. Decay over the remaining steps, counted from the end of warm-up.
        return decay.multiplier(decayStep: s - warmup, decaySteps: totalSteps - warmup)
    }

    /// What is wrong with these settings, one sentence each; empty when usable.
    ///
    /// The rate itself never traps on bad settings (it clamps), so configuration
    /// checking can report every problem at once instead.
    public var problems: [String] {
        var found: [String] = []
        if !(baseLR > 0) || !baseLR.isFinite { found.append("baseLR must be a positive number") }
        if totalSteps < 1 { found.append("totalSteps must be at least 1") }
        if warmupSteps < 0 { found.append("warmupSteps must not be negative") }
        if totalSteps >= 1 && warmupSteps >= totalSteps {
            found.append("warmupSteps (\(warmupSteps)) must be less than totalSteps (\(totalSteps))")
        }
        switch decay {
        case .constant:
            break
        case let .step(every, gamma):
            if every < 1 { found.append("step decay: every must be at least 1") }
            if !(gamma > 0 && gamma <= 1) { found.append("step decay: gamma must be in (0, 1]") }
        case let .multiStep(milestones, gamma):
            if milestones.contains(where: { $0 < 1 }) { found.append("multi-step decay: milestones must be positive") }
            if milestones != milestones.sorted() { found.append("multi-step decay: milestones must be increasing") }
            if !(gamma > 0 && gamma <= 1) { found.append("multi-step decay: gamma must be in (0, 1]") }
        case let .exponential(gamma):
            if !(gamma > 0 && gamma <= 1) { found.append("exponential decay: gamma must be in (0, 1]") }
        case let .linear(final), let .cosine(final):
            if !(final >= 0 && final <= 1) { found.append("final must be a fraction of the base rate in [0, 1]") }
        case let .oneCycle(maxMultiplier, pctStart, divFactor, finalDivFactor):
            if !(maxMultiplier > 0) { found.append("one-cycle: maxMultiplier must be positive") }
            if !(pctStart > 0 && pctStart < 1) { found.append("one-cycle: pctStart must be in (0, 1)") }
            if !(divFactor > 0) || !(finalDivFactor > 0) {
                found.append("one-cycle: divFactor and finalDivFactor must be positive")
            }
            if warmupSteps > 0 { found.append("one-cycle has its own warm-up; set warmupSteps to 0") }
        }
        return found
    }
}
