import Foundation

/// Student's t distribution, enough of it for confidence intervals and t-tests.
///
/// Built on the regularized incomplete beta function so any degrees of freedom work,
/// including the fractional ones of Welch's test; no lookup table to fall off the end of.
public enum StudentT {
    /// P(T ≤ t) for `degreesOfFreedom` ν > 0.
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "degrees of freedom must be positive")
        if t.isNaN { return .nan }
        let tails = masses(t, nu).tails
        return t > 0 ? 1 - tails / 2 : tails / 2
    }

    /// Two-sided p-value P(|T| ≥ |t|), computed directly so small values keep their precision.
    public static func twoSidedPValue(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(nu > 0, "degrees of freedom must be positive")
        if t.isNaN { return .nan }
        return masses(t, nu).tails
    }

    /// The t with P(T ≤ t) = `p` (e.g. p = 0.975 for a two-sided 95% interval).
    ///
    /// Found by bisection, which cannot fail on a monotone function; relative accuracy
    /// about 1e-13 for any p and ν.
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        precondition(p > 0 && p < 1, "p must be in (0, 1)")
        precondition(nu > 0, "degrees of freedom must be positive")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        // 1. Compare whichever mass is small, so neither side suffers cancellation:
        //    "t is too small" means the tails P(|T| ≥ t) still exceed 2(1 - p), or
        //    equivalently the centre P(|T| < t) is still below 2p - 1.
        func tooSmall(_ t: Double) -> Bool {
            let m = masses(t, nu)
            return p > 0.75 ? m.tails > 2 * (1 - p) : m.central < 2 * p - 1
        }
        // 2. Bracket the root, doubling `high` until it is past it.
        var low = 0.0, high = 1.0
        while tooSmall(high) { low = high; high *= 2 }
        // 3. Halve the bracket until it is as narrow as a Double allows.
        for _ in 0..<2000 {
            let middle = (low + high) / 2
            if middle == low || middle == high { break }
            if tooSmall(middle) { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// P(|T| < |t|) and P(|T| ≥ |t|), from I_x(ν/2, 1/2) with x = ν/(ν+t²), whose
    /// complement t²/(ν+t²) is passed in exactly rather than as 1 - x.
    static func masses(_ t: Double, _ nu: Double) -> (central: Double, tails: Double) {
        let t2 = t * t
        if t2.isInfinite { return (1, 0) }
        let beta = incompleteBeta(nu / (nu + t2), complement: t2 / (nu + t2), a: nu / 2, b: 0.5)
        return (beta.complement, beta.value)
    }
}

/// The regularized incomplete beta function I_x(a, b) for a, b > 0 and x in [0, 1].
///
/// Evaluated with the continued fraction of the incomplete beta (modified Lentz), on
/// whichever side of the mean, x or 1 - x, makes it converge quickly.
public func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
    precondition(a > 0 && b > 0, "a and b must be positive")
    if x.isNaN { return .nan }
    return incompleteBeta(x, complement: 1 - x, a: a, b: b).value
}

/// I_x(a, b) and 1 - I_x(a, b), given x and 1 - x (`complement`) computed by the caller.
///
/// Returning both lets callers use whichever was computed directly, and taking both
/// arguments avoids forming 1 - x when x is within rounding of 1.
func incompleteBeta(_ x: Double, complement y: Double, a: Double, b: Double)
    -> (value: Double, complement: Double) {
    if x <= 0 { return (0, 1) }
    if y <= 0 { return (1, 0) }
    // 1. The prefactor x^a (1-x)^b / B(a, b), in logs to avoid overflow.
    let front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(y))
    // 2. The continued fraction converges fast for x < (a+1)/(a+b+2); otherwise use
    //    the symmetry I_x(a, b) = 1 - I_{1-x}(b, a).
    if x < (a + 1) / (a + b + 2) {
        let value = front * incompleteBetaFraction(x, a: a, b: b) / a
        return (value, 1 - value)
    }
    let complement = front * incompleteBetaFraction(y, a: b, b: a) / b
    return (1 - complement, complement)
}

/// The continued fraction 1 / (1 + d₁ / (1 + d₂ / (1 + …))) of the incomplete beta,
/// with d₂ₘ₊₁ = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and d₂ₘ = m(b-m)x / ((a+2m-1)(a+2m)),
/// evaluated front to back by the modified Lentz method.
private func incompleteBetaFraction(_ x: Double, a: Double, b: Double) -> Double {
    let tiny = 1e-300, tolerance = 1e-15
    // Lentz keeps the running value f = C·D-products; C and D never hit exactly zero.
    func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
    var c = 1.0
    var d = 1 / guarded(1 - (a + b) * x / (a + 1))   // d₁ term
    var f = d
    for m in 1...10_000 {
        let mm = Double(m)
        // Even term d₂ₘ.
        let even = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm))
        d = 1 / guarded(1 + even * d)
        c = guarded(1 + even / c)
        f *= c * d
        // Odd term d₂ₘ₊₁.
        let odd = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1))
        d = 1 / guarded(1 + odd * d)
        c = guarded(1 + odd / c)
        let step = c * d
        f *= step
        if abs(step - 1) < tolerance { break }
    }
    return f
}
