import Foundation

/// The noncentral t distribution: what a t statistic follows when the difference is real.
/// It gives the power of a t-test, and so how many seeds would detect a difference.
public enum NoncentralT {
    /// P(T ≤ t) for ν degrees of freedom and noncentrality δ (Lenth's series, AS 243: a
    /// Poisson mixture of incomplete beta functions).
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double, noncentrality delta: Double) -> Double {
        precondition(nu > 0, "degrees of freedom must be positive")
        if t.isNaN || delta.isNaN { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        // F(t; ν, δ) = 1 − F(−t; ν, −δ), so the series only runs for t ≥ 0.
        if t < 0 { return 1 - cdf(-t, degreesOfFreedom: nu, noncentrality: -delta) }
        let normalBelow = 0.5 * erfc(delta / 2.squareRoot())  // Φ(−δ)
        if t == 0 { return normalBelow }
        let x = t * t / (t * t + nu)
        let lambda = delta * delta / 2
        // Sum over j of p_j·I_x(j + 1/2, ν/2) + q_j·I_x(j + 1, ν/2), p_j and q_j from logs so
        // large δ neither overflows nor underflows.
        var sum = 0.0
        let maxTerms = 2000
        let peak = Int(lambda)
        func term(_ j: Int) -> Double {
            let jd = Double(j)
            let logP = -lambda + jd * log(max(lambda, .leastNonzeroMagnitude)) - lgamma(jd + 1)
            let logQ = -lambda + jd * log(max(lambda, .leastNonzeroMagnitude)) - lgamma(jd + 1.5)
            let p = lambda == 0 ? (j == 0 ? 1.0 : 0.0) : exp(logP)
            let q = lambda == 0 ? (j == 0 ? 1 / tgamma(1.5) : 0.0) : exp(logQ)
            return p * regularizedIncompleteBeta(x, a: jd + 0.5, b: nu / 2)
                + delta / 2.squareRoot() * q * regularizedIncompleteBeta(x, a: jd + 1, b: nu / 2)
        }
        // From the Poisson peak outward in both directions until the terms vanish.
        for j in peak..<(peak + maxTerms) {
            let value = term(j)
            sum += value
            if abs(value) < 1e-16 * max(abs(sum), 1e-300), j > peak + 5 { break }
        }
        if peak > 0 {
            for j in stride(from: peak - 1, through: 0, by: -1) {
                let value = term(j)
                sum += value
                if abs(value) < 1e-16 * max(abs(sum), 1e-300) { break }
            }
        }
        return min(1, max(0, normalBelow + sum / 2))
    }
}

/// How many seeds a paired comparison would need to tell two cells apart.
public enum SeedsEstimate {
    /// Target power of the estimate.
    public static let power = 0.8
    /// Past this many seeds the estimate says "more than".
    public static let limit = 1000

    /// Power of the two-sided paired t-test with `n` pairs, standardised effect `d` (mean
    /// difference over the standard deviation of the differences), at level `alpha`; as
    /// statsmodels' `TTestPower().power`.
    public static func pairedPower(effect d: Double, pairs n: Int, alpha: Double) -> Double {
        let nu = Double(n - 1)
        let critical = StudentT.quantile(1 - alpha / 2, degreesOfFreedom: nu)
        let delta = abs(d) * Double(n).squareRoot()
        return 1 - NoncentralT.cdf(critical, degreesOfFreedom: nu, noncentrality: delta)
            + NoncentralT.cdf(-critical, degreesOfFreedom: nu, noncentrality: delta)
    }

    /// The fewest pairs (seeds per cell) that reach ``power`` at `alpha`; nil when the effect
    /// is 0 (no number of seeds detects nothing) or past ``limit``.
    public static func seeds(effect d: Double, alpha: Double) -> Int? {
        guard d.isFinite, d != 0 else { return nil }
        // Power rises with n: find the first n by doubling, then bisect.
        var low = 1, high = 2
        while pairedPower(effect: d, pairs: high, alpha: alpha) < power {
            low = high
            high *= 2
            if high > limit * 2 { return nil }
        }
        while high - low > 1 {
            let middle = (low + high) / 2
            if pairedPower(effect: d, pairs: middle, alpha: alpha) >= power { high = middle } else { low = middle }
        }
        return high <= limit ? high : nil
    }
}
