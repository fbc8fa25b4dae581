/// Summary statistics of one metric over the repeats (seeds) of one grid cell.
///
/// The report needs "how good, how sure": the mean, the spread between seeds, and a
/// 95% confidence interval of the mean from Student's t, which is right for the handful
/// of repeats a sweep can afford. With one repeat there is no spread: `standardDeviation`
/// and `interval` are nil, never NaN, so JSON stays valid and tables can print "—".
/// Inputs are used as given: leave diverged (NaN) runs out before summarizing.
public struct Summary: Sendable, Codable, Equatable, Hashable {
    /// A two-sided confidence interval of the mean.
    public struct Interval: Sendable, Codable, Equatable, Hashable {
        /// Coverage, e.g. 0.95.
        public var level: Double
        public var lower: Double
        public var upper: Double
        /// Distance from the mean to either end.
        public var halfWidth: Double { (upper - lower) / 2 }
    }

    /// Number of values.
    public var count: Int
    public var mean: Double
    /// Sample standard deviation (divides by n - 1); nil for a single value.
    public var standardDeviation: Double?
    /// Confidence interval of the mean; nil for a single value.
    public var interval: Interval?

    enum CodingKeys: String, CodingKey {
        case count, mean, interval
        case standardDeviation = "std"
    }

    /// Summarizes `values`; nil when there are none.
    ///
    /// - Parameters:
    ///   - values: one value per repeat.
    ///   - level: coverage of the interval, in (0, 1).
    public init?(_ values: [Double], level: Double = 0.95) {
        guard !values.isEmpty else { return nil }
        count = values.count
        mean = Statistics.mean(values)
        standardDeviation = Statistics.sampleStandardDeviation(values)
        // mean ± t_{(1+level)/2, n-1} · s / √n
        if let s = standardDeviation {
            let n = Double(count)
            let critical = StudentT.quantile((1 + level) / 2, degreesOfFreedom: n - 1)
            let half = critical * s / n.squareRoot()
            interval = Interval(level: level, lower: mean - half, upper: mean + half)
        } else {
            interval = nil
        }
    }
}

/// Plain descriptive statistics.
public enum Statistics {
    /// Arithmetic mean; NaN for no values.
    public static func mean(_ values: [Double]) -> Double {
        values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation with Bessel's correction (n - 1); nil for fewer than two.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        guard values.count > 1 else { return nil }
        let m = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}

/// The outcome of a two-sided Student t-test.
///
/// Answers "is the difference between two configurations more than seed noise?".
/// When the standard error is zero the statistic is decided by hand instead of being
/// NaN as in SciPy: no difference at all gives t = 0 and p = 1; a constant non-zero
/// difference gives t = ±infinity and p = 0.
public struct TTest: Sendable, Codable, Equatable, Hashable {
    /// The t statistic; positive when the first sample is larger.
    public var t: Double
    /// Degrees of freedom (fractional for Welch's test).
    public var degreesOfFreedom: Double
    /// Two-sided p-value.
    public var pValue: Double

    enum CodingKeys: String, CodingKey {
        case t
        case degreesOfFreedom = "df"
        case pValue = "p_value"
    }

    init(difference: Double, standardError: Double, degreesOfFreedom: Double) {
        self.degreesOfFreedom = degreesOfFreedom
        if standardError == 0 {
            t = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
            pValue = difference == 0 ? 1 : 0
        } else {
            t = difference / standardError
            pValue = StudentT.twoSidedPValue(t, degreesOfFreedom: degreesOfFreedom)
        }
    }

    /// Paired test of `a[i]` against `b[i]` (the same seed under two configurations);
    /// nil unless both have the same count of at least two.
    ///
    /// Pairing by seed removes the seed-to-seed variation both share, so it detects
    /// smaller differences than an unpaired test. Like SciPy's `ttest_rel`.
    public static func paired(_ a: [Double], _ b: [Double]) -> TTest? {
        guard a.count == b.count, a.count > 1 else { return nil }
        // 1. Differences, their mean and standard error; df = n - 1.
        let differences = zip(a, b).map { $0 - $1 }
        let n = Double(differences.count)
        let sd = Statistics.sampleStandardDeviation(differences)!
        return TTest(difference: Statistics.mean(differences), standardError: sd / n.squareRoot(),
                     degreesOfFreedom: n - 1)
    }

    /// Welch's unequal-variance test of two independent samples; nil unless each has at
    /// least two values. Like SciPy's `ttest_ind(a, b, equal_var=False)`.
    public static func welch(_ a: [Double], _ b: [Double]) -> TTest? {
        guard a.count > 1, b.count > 1,
              let sa = Statistics.sampleStandardDeviation(a),
              let sb = Statistics.sampleStandardDeviation(b) else { return nil }
        // 1. Each mean's squared standard error.
        let na = Double(a.count), nb = Double(b.count)
        let va = sa * sa / na, vb = sb * sb / nb
        // 2. Welch–Satterthwaite degrees of freedom (n_a + n_b - 2 if both are constant).
        let df = va + vb == 0
            ? na + nb - 2
            : (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1))
        return TTest(difference: Statistics.mean(a) - Statistics.mean(b),
                     standardError: (va + vb).squareRoot(), degreesOfFreedom: df)
    }
}
