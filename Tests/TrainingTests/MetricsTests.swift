import Foundation
import Results
import Experiment
import Testing
@testable import Training

// Reference numbers from scikit-learn 1.9.1 (`from sklearn import metrics as M`);
// the snippet that produced each block is quoted above it.

/// Three classes, eight examples; class 2 is never predicted (zero_division → 0).
///
///     y = [0,0,0,1,1,1,2,2]
///     P = [[.7,.2,.1],[.5,.3,.2],[.2,.6,.2],[.1,.8,.1],[.3,.4,.3],[.6,.3,.1],[.2,.5,.3],[.4,.3,.3]]
///     pred = np.argmax(P, axis=1)                       # [0 0 1 1 1 0 1 0]
///     M.accuracy_score(y, pred)                         # 0.5
///     M.precision_recall_fscore_support(y, pred, average=avg, zero_division=0)
///     M.confusion_matrix(y, pred)
///     M.roc_auc_score(y, P, multi_class="ovr", average="macro")
///     M.log_loss(y, P)
let labels3 = [0, 0, 0, 1, 1, 1, 2, 2]
let probabilities3: [[Double]] = [
    [0.7, 0.2, 0.1], [0.5, 0.3, 0.2], [0.2, 0.6, 0.2], [0.1, 0.8, 0.1],
    [0.3, 0.4, 0.3], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.4, 0.3, 0.3],
]

@Test("three-class report matches scikit-learn")
func threeClassReport() {
    let r = ClassificationReport(probabilities: probabilities3, labels: labels3, classCount: 3)
    #expect(r.count == 8)
    #expect(r.accuracy == 0.5)
    #expect(r.confusionMatrix == [[2, 1, 0], [1, 2, 0], [1, 1, 0]])
    #expect(close(r.macro.precision, 0.3333333333333333))
    #expect(close(r.macro.recall, 0.4444444444444444))
    #expect(close(r.macro.f1, 0.38095238095238093))
    #expect(r.micro == .init(precision: 0.5, recall: 0.5, f1: 0.5))
    #expect(close(r.weighted.precision, 0.375))
    #expect(close(r.weighted.recall, 0.5))
    #expect(close(r.weighted.f1, 0.42857142857142855))
    #expect(r.perClass.map(\.support) == [3, 3, 2])
    #expect(r.perClass[2] == .init(precision: 0, recall: 0, f1: 0, support: 2))
    #expect(close(r.perClass[0].f1, 0.5714285714285714))
    #expect(close(r.rocAUC!, 0.7611111111111111))
    #expect(close(r.logLoss!, 0.926326591637369))
}

/// Per-class one-vs-rest AUCs: `M.roc_auc_score([int(t==c) for t in y], [p[c] for p in P])`.
@Test("one-vs-rest AUC per class", arguments: zip(0..<3, [0.7, 0.6666666666666666, 0.9166666666666667]))
func oneVsRest(_ c: Int, _ expected: Double) {
    let auc = ROCAUC.oneVsRest(probabilities: probabilities3, labels: labels3, classCount: 3)[c]
    #expect(close(auc!, expected))
}

/// Binary, with tied scores across classes (each tie counts one half):
///
///     yb = [0,0,1,1,0,1,0,1]; s = [.1,.4,.35,.8,.4,.4,.2,.9]
///     M.roc_auc_score(yb, s)                             # 0.8125
///     M.log_loss(yb, [[1-v, v] for v in s])              # 0.45559652973111076
@Test("binary AUC with ties is the Mann-Whitney statistic")
func binaryWithTies() {
    let labels = [0, 0, 1, 1, 0, 1, 0, 1]
    let scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.2, 0.9]
    #expect(ROCAUC.binary(scores: scores, isPositive: labels.map { $0 == 1 }) == 0.8125)
    let report = ClassificationReport(probabilities: scores.map { [1 - $0, $0] }, labels: labels, classCount: 2)
    #expect(report.rocAUC == 0.8125)
    #expect(close(report.logLoss!, 0.45559652973111076))
}

@Test("AUC by hand: perfect, reversed, all tied")
func aucByHand() {
    let positive = [false, false, true, true]
    #expect(ROCAUC.binary(scores: [0.1, 0.2, 0.3, 0.4], isPositive: positive) == 1)
    #expect(ROCAUC.binary(scores: [0.4, 0.3, 0.2, 0.1], isPositive: positive) == 0)
    #expect(ROCAUC.binary(scores: [0.5, 0.5, 0.5, 0.5], isPositive: positive) == 0.5)
    #expect(ROCAUC.binary(scores: [0.1, 0.2], isPositive: [true, true]) == nil)
    #expect(ROCAUC.binary(scores: [0.1, .nan], isPositive: [true, false]) == nil)
}

@Test("macro AUC skips classes without positives")
func aucSkipsAbsentClass() {
    // Class 2 never occurs: the mean is over classes 0 and 1 only.
    let p: [[Double]] = [[0.8, 0.1, 0.1], [0.3, 0.6, 0.1], [0.6, 0.2, 0.2], [0.2, 0.7, 0.1]]
    let labels = [0, 1, 1, 0]
    let perClass = ROCAUC.oneVsRest(probabilities: p, labels: labels, classCount: 3)
    #expect(perClass[2] == nil)
    // Class 0: positives {0.8, 0.2} vs negatives {0.3, 0.6} → 2 of 4 pairs → 0.5.
    // Class 1: positives {0.6, 0.2} vs negatives {0.1, 0.7} → 2 of 4 pairs → 0.5.
    #expect(ROCAUC.macro(probabilities: p, labels: labels, classCount: 3) == 0.5)
}

/// Labels only, K = 4 with class 3 absent everywhere (excluded from the macro mean, as
/// scikit-learn does when `labels` is not given):
///
///     yt = [0,1,2,2,1,0]; yp = [0,2,2,2,1,1]
///     M.precision_recall_fscore_support(yt, yp, average=avg, zero_division=0)
///     # macro and weighted (0.7222222222222222, 0.6666666666666666, 0.6555555555555556)
@Test("hard predictions: macro skips classes never seen")
func hardPredictions() {
    let r = ClassificationReport(predictions: [0, 2, 2, 2, 1, 1], labels: [0, 1, 2, 2, 1, 0], classCount: 4)
    #expect(close(r.macro.precision, 0.7222222222222222))
    #expect(close(r.macro.recall, 0.6666666666666666))
    #expect(close(r.macro.f1, 0.6555555555555556))
    #expect(close(r.weighted.f1, 0.6555555555555556))
    #expect(close(r.micro.f1, 0.6666666666666666))
    #expect(r.perClass[3] == .init(precision: 0, recall: 0, f1: 0, support: 0))
    #expect(r.rocAUC == nil && r.logLoss == nil)
}

/// Logits go through softmax:
///
///     L = [[2,1,.1],[.5,2.5,.3],[1,1,3]]; Pl = scipy.special.softmax(L, axis=1)
///     M.log_loss([0,1,1], Pl, labels=[0,1,2])            # 0.9588747685067519
@Test("logits are turned into probabilities")
func fromLogits() {
    let r = ClassificationReport(logits: [[2, 1, 0.1], [0.5, 2.5, 0.3], [1, 1, 3]], labels: [0, 1, 1], classCount: 3)
    #expect(close(r.logLoss!, 0.9588747685067519))
    #expect(close(r.accuracy, 2.0 / 3))
    let p = ClassificationMetrics.softmax([1000, 1000])
    #expect(p == [0.5, 0.5])
}

@Test("log loss clips certain mistakes to 1e-15")
func logLossClip() {
    let loss = ClassificationMetrics.logLoss(probabilities: [[1, 0]], labels: [1])!
    #expect(close(loss, -log(1e-15)))
    #expect(ClassificationMetrics.logLoss(probabilities: [], labels: []) == nil)
}

@Test("argmax takes the first of tied maxima")
func argmaxTies() {
    #expect(ClassificationMetrics.argmax([0.3, 0.4, 0.4]) == 1)
    #expect(ClassificationMetrics.argmax([.nan, 0.1, 0.2]) == 2)
}

/// Regression:
///
///     yt = [3,-.5,2,7]; yp = [2.5,0,2,8]
///     M.mean_squared_error, M.mean_absolute_error, M.root_mean_squared_error, M.r2_score
///     # 0.375 0.5 0.6123724356957945 0.9486081370449679
///     M.r2_score([2,2,2], [2,2,2]), M.r2_score([2,2,2], [2,2,3])   # 1.0 0.0
@Test("regression report matches scikit-learn")
func regression() {
    let r = RegressionReport(predictions: [2.5, 0, 2, 8], targets: [3, -0.5, 2, 7])
    #expect(r.mse == 0.375)
    #expect(r.mae == 0.5)
    #expect(close(r.rmse, 0.6123724356957945))
    #expect(close(r.r2, 0.9486081370449679))
    #expect(RegressionReport(predictions: [2, 2, 2], targets: [2, 2, 2]).r2 == 1)
    #expect(RegressionReport(predictions: [2, 2, 3], targets: [2, 2, 2]).r2 == 0)
}

@Test("metrics are looked up by name", arguments: [
    ("accuracy", 0.5), ("macro_f1", 0.38095238095238093), ("micro_f1", 0.5),
    ("weighted_f1", 0.42857142857142855), ("precision", 0.3333333333333333),
    ("recall", 0.4444444444444444), ("roc_auc", 0.7611111111111111), ("log_loss", 0.926326591637369),
])
func lookupClassification(_ name: String, _ expected: Double) {
    let r = ClassificationReport(probabilities: probabilities3, labels: labels3, classCount: 3)
    #expect(close(r.value(named: name)!, expected))
}

@Test("lookup misses are nil")
func lookupMisses() {
    let c = ClassificationReport(predictions: [0], labels: [0], classCount: 2)
    #expect(c.value(named: "mse") == nil)
    #expect(c.value(named: "roc_auc") == nil)
    #expect(c.value(named: "acuracy") == nil)
    let r = RegressionReport(predictions: [1], targets: [2])
    #expect(r.value(named: "rmse") == 1)
    #expect(r.value(named: "accuracy") == nil)
}

@Test("direction of each metric", arguments: [
    ("accuracy", true), ("macro_f1", true), ("roc_auc", true), ("r2", true), ("precision", true),
    ("loss", false), ("log_loss", false), ("mse", false), ("mae", false), ("rmse", false),
])
func direction(_ name: String, _ higherIsBetter: Bool) {
    let metric = Metric(rawValue: name)!
    #expect(metric.higherIsBetter == higherIsBetter)
    #expect(metric.isBetter(higherIsBetter ? 2 : 1, than: higherIsBetter ? 1 : 2))
    #expect(!metric.isBetter(.nan, than: 1))
}

@Test("report round-trips through JSON with snake_case keys")
func reportJSON() throws {
    let r = ClassificationReport(probabilities: probabilities3, labels: labels3, classCount: 3)
    let data = try JSONEncoder().encode(r)
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"macro\"") && text.contains("\"confusion_matrix\"") && text.contains("\"roc_auc\""))
    #expect(try JSONDecoder().decode(ClassificationReport.self, from: data) == r)
}
