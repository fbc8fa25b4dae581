import Foundation
import Testing
@testable import Reports

// Reference numbers from SciPy 1.x (`from scipy import stats, special`); the call that
// produced each table is quoted above it.

func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-10) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}

/// `stats.t.ppf(0.975, df)`
@Test("t critical values for 95% intervals", arguments: [
    (1.0, 12.706204736174694), (2, 4.302652729749462), (3, 3.1824463052837078),
    (4, 2.7764451051977934), (5, 2.5705818356363146), (10, 2.228138851986274),
    (30, 2.0422724563012378),
])
func tCritical(_ df: Double, _ expected: Double) {
    #expect(close(StudentT.quantile(0.975, degreesOfFreedom: df), expected))
}

/// `stats.t.ppf(0.995, 7)`, `stats.t.ppf(0.9, 3.5)`, `stats.t.cdf(1.5, 4)`,
/// `stats.t.cdf(-2.0, 2.5)`, `stats.t.cdf(0.3, 100)`, `stats.t.ppf(0.5000001, 200)`,
/// `stats.t.ppf(0.9999, 0.5)`
@Test("t quantiles and CDF elsewhere")
func tOther() {
    // Near the centre and far in the tail, where 1 - x would cancel.
    #expect(close(StudentT.quantile(0.5000001, degreesOfFreedom: 200), 2.509763504701549e-07, 1e-8))
    #expect(close(StudentT.quantile(0.9999, degreesOfFreedom: 0.5), 10284911.563165644, 1e-8))
    #expect(StudentT.cdf(0, degreesOfFreedom: 3) == 0.5)
    #expect(close(StudentT.quantile(0.995, degreesOfFreedom: 7), 3.4994832973504924))
    #expect(close(StudentT.quantile(0.9, degreesOfFreedom: 3.5), 1.5765766051364052))
    #expect(close(StudentT.quantile(0.025, degreesOfFreedom: 2), -4.302652729749462))
    #expect(StudentT.quantile(0.5, degreesOfFreedom: 3) == 0)
    #expect(close(StudentT.cdf(1.5, degreesOfFreedom: 4), 0.896))
    #expect(close(StudentT.cdf(-2.0, degreesOfFreedom: 2.5), 0.07869574787898295))
    #expect(close(StudentT.cdf(0.3, degreesOfFreedom: 100), 0.6176000598498482))
    #expect(StudentT.cdf(.infinity, degreesOfFreedom: 3) == 1)
}

/// `special.betainc(a, b, x)`
@Test("regularized incomplete beta", arguments: [
    (0.3, 2.0, 3.0, 0.34829999999999994), (0.9, 0.5, 0.5, 0.7951672353008665),
    (0.5, 10, 0.5, 0.00023344743474862207), (0.01, 1.5, 20, 0.06120371478345899),
    (0.999, 30, 2, 0.9995438962809783), (0, 2, 3, 0), (1, 2, 3, 1),
])
func incompleteBeta(_ x: Double, _ a: Double, _ b: Double, _ expected: Double) {
    #expect(close(regularizedIncompleteBeta(x, a: a, b: b), expected))
}

/// `x = [.81,.84,.79]; m = x.mean(); s = x.std(ddof=1); h = stats.t.ppf(.975, 2)*s/sqrt(3)`
@Test("summary: mean, sample std and 95% interval")
func summary() throws {
    let s = try #require(Summary([0.81, 0.84, 0.79]))
    #expect(s.count == 3)
    #expect(close(s.mean, 0.8133333333333334))
    #expect(close(s.standardDeviation!, 0.025166114784235794))
    #expect(close(s.interval!.lower, 0.7508172385395757))
    #expect(close(s.interval!.upper, 0.875849428127091))
    #expect(s.interval!.level == 0.95)
}

@Test("summary of one value has no spread, of none is nil")
func summaryDegenerate() throws {
    let one = try #require(Summary([0.7]))
    #expect(one.mean == 0.7)
    #expect(one.standardDeviation == nil)
    #expect(one.interval == nil)
    #expect(Summary([]) == nil)
    let json = String(decoding: try JSONEncoder().encode(one), as: UTF8.self)
    #expect(!json.contains("nan") && !json.contains("std"))
    let constant = try #require(Summary([2, 2, 2]))
    #expect(constant.standardDeviation == 0)
    #expect(constant.interval?.halfWidth == 0)
}

/// `a = [.81,.84,.79,.86,.83]; b = [.78,.80,.79,.82,.80]`
/// `stats.ttest_rel(a, b)` → 3.810317377662721, 0.018934978709361994
@Test("paired t-test matches scipy.stats.ttest_rel")
func paired() throws {
    let r = try #require(TTest.paired([0.81, 0.84, 0.79, 0.86, 0.83], [0.78, 0.80, 0.79, 0.82, 0.80]))
    #expect(close(r.t, 3.810317377662721, 1e-9))
    #expect(r.degreesOfFreedom == 4)
    #expect(close(r.pValue, 0.018934978709361994, 1e-9))
}

/// `stats.ttest_ind(a, b, equal_var=False)` for the samples above and for
/// `c = [.9,.91,.95]; d = [.5,.7,.6,.65,.4,.8]`
@Test("Welch's t-test matches scipy.stats.ttest_ind(equal_var=False)", arguments: [
    ([0.81, 0.84, 0.79, 0.86, 0.83], [0.78, 0.80, 0.79, 0.82, 0.80],
     2.0313335003080293, 6.2102184758300325, 0.08690068826713072),
    ([0.9, 0.91, 0.95], [0.5, 0.7, 0.6, 0.65, 0.4, 0.8],
     5.168586432893012, 5.642891721800871, 0.002496045254057065),
])
func welch(_ a: [Double], _ b: [Double], _ t: Double, _ df: Double, _ p: Double) throws {
    let r = try #require(TTest.welch(a, b))
    #expect(close(r.t, t, 1e-9))
    #expect(close(r.degreesOfFreedom, df, 1e-9))
    #expect(close(r.pValue, p, 1e-9))
}

@Test("t-tests: too few values, identical samples, constant shift")
func tTestEdges() {
    #expect(TTest.paired([1], [2]) == nil)
    #expect(TTest.paired([1, 2], [1]) == nil)
    #expect(TTest.welch([1, 2], [3]) == nil)
    #expect(TTest.paired([1, 2, 3], [1, 2, 3]) == TTest(difference: 0, standardError: 0, degreesOfFreedom: 2))
    #expect(TTest.paired([1, 2, 3], [1, 2, 3])!.pValue == 1)
    let shifted = TTest.paired([2, 3, 4], [1, 2, 3])!
    #expect(shifted.t == .infinity && shifted.pValue == 0)
    let constant = TTest.welch([1, 1], [1, 1])!
    #expect(constant.pValue == 1 && constant.degreesOfFreedom == 2)
}

@Test("p-value is symmetric in the sign of t")
func pSymmetric() {
    let a = [0.7, 0.72, 0.69, 0.75], b = [0.71, 0.70, 0.74, 0.73]
    #expect(TTest.welch(a, b)!.pValue == TTest.welch(b, a)!.pValue)
    #expect(TTest.welch(a, b)!.t == -TTest.welch(b, a)!.t)
}
