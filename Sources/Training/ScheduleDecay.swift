import Foundation

/// The shape of the learning rate after warm-up, as a multiplier of the base rate.
///
/// Every case is a pure function of how far the run is into its decay phase, so the
/// same configuration always gives the same curve and each case can be tested at its
/// boundaries. Step counts here are optimizer steps (not epochs) counted from the
/// first step after warm-up; converting epochs to steps is the caller's job because
/// only it knows the number of batches per epoch.
public enum Decay: Sendable, Equatable, Hashable {
    /// Keep the base rate.
    case constant
    /// Multiply by `gamma` every `every` steps (PyTorch's `StepLR`, in steps).
    case step(every: Int, gamma: Double)
    /// Multiply by `gamma` at each milestone step (PyTorch's `MultiStepLR`, in steps).
    case multiStep(milestones: [Int], gamma: Double)
    /// Multiply by `gamma` every step (PyTorch's `ExponentialLR`, in steps).
    case exponential(gamma: Double)
    /// Straight line from the base rate down to `final` × base at the end of the last step.
    case linear(final: Double)
    /// Half cosine from the base rate down to `final` × base at the end of the last step.
    case cosine(final: Double)
    /// PyTorch's `OneCycleLR` with cosine annealing and two phases.
    ///
    /// The peak is `maxMultiplier` × base; the run starts at peak / `divFactor`,
    /// rises for `pctStart` of the steps, then falls to start / `finalDivFactor`.
    /// It brings its own warm-up, so `Schedule.warmupSteps` is ignored with it.
    case oneCycle(maxMultiplier: Double = 1, pctStart: Double = 0.3,
                  divFactor: Double = 25, finalDivFactor: Double = 1e4)

    /// The multiplier `decayStep` steps into a decay phase of `decaySteps` steps.
    ///
    /// `decayStep` runs from 0 (the first step after warm-up, multiplier 1 for every
    /// case but one-cycle) to `decaySteps - 1` (the last step of the run). `linear` and
    /// `cosine` reach `final` at `decaySteps`, the end of the last step, as transformers'
    /// schedulers do: progress is `k / decaySteps`. A phase of a single step stays at 1.
    public func multiplier(decayStep: Int, decaySteps: Int) -> Double {
        let k = min(max(decayStep, 0), max(decaySteps - 1, 0))
        // Fraction of the phase done: 0 at its first step, 1 just after its last.
        let progress = decaySteps > 0 ? Double(k) / Double(decaySteps) : 0
        switch self {
        case .constant:
            return 1
        case let .step(every, gamma):
            return pow(gamma, Double(k / max(every, 1)))
        case let .multiStep(milestones, gamma):
            return pow(gamma, Double(milestones.filter { $0 <= k }.count))
        case let .exponential(gamma):
            return pow(gamma, Double(k))
        case let .linear(final):
            return 1 + (final - 1) * progress
        case let .cosine(final):
            return final + (1 - final) * 0.5 * (1 + cos(Double.pi * progress))
        case let .oneCycle(maxMultiplier, pctStart, divFactor, finalDivFactor):
            return Self.oneCycle(step: k, totalSteps: decaySteps, maxMultiplier: maxMultiplier,
                                 pctStart: pctStart, divFactor: divFactor,
                                 finalDivFactor: finalDivFactor)
        }
    }

    /// One-cycle, written as PyTorch documents `OneCycleLR(anneal_strategy="cos",
    /// three_phase=False)` so its values can be compared number for number.
    static func oneCycle(step: Int, totalSteps: Int, maxMultiplier: Double, pctStart: Double,
                         divFactor: Double, finalDivFactor: Double) -> Double {
        // 1. The three levels: start, peak and the floor at the end.
        let peak = maxMultiplier
        let start = peak / divFactor
        let floor = start / finalDivFactor
        // 2. Phase boundaries as PyTorch computes them (a Double, possibly fractional):
        //    the rise ends at pctStart * total - 1, the fall at total - 1.
        let riseEnd = pctStart * Double(totalSteps) - 1
        let fallEnd = Double(totalSteps) - 1
        // 3. Cosine from `from` to `to` as `pct` goes 0 → 1.
        func anneal(_ from: Double, _ to: Double, _ pct: Double) -> Double {
            to + (from - to) / 2 * (cos(Double.pi * pct) + 1)
        }
        // 4. Rising phase, then falling phase (the last phase takes any later step).
        let s = Double(step)
        if s <= riseEnd {
            return anneal(start, peak, riseEnd > 0 ? s / riseEnd : 1)
        }
        let span = fallEnd - riseEnd
        return anneal(peak, floor, span > 0 ? (s - riseEnd) / span : 1)
    }
}
