import Testing
@testable import Training

/// Expected multipliers traced by hand through PyTorch's ReduceLROnPlateau.step:
/// better → best, bad = 0; else bad += 1; in cooldown: cooldown -= 1, bad = 0;
/// bad > patience → lr = max(lr·factor, min_lr) if the drop exceeds eps, cooldown reset.
struct PlateauCase: CustomTestStringConvertible, Sendable {
    let name: String
    let controller: PlateauController
    let metrics: [Double]
    let multipliers: [Double]
    var testDescription: String { name }
}

let plateauCases: [PlateauCase] = [
    PlateauCase(name: "patience 2 then halve, twice",
                controller: PlateauController(baseLR: 1, factor: 0.5, patience: 2),
                metrics: [1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9],
                multipliers: [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25]),
    PlateauCase(name: "cooldown forgives bad evaluations",
                controller: PlateauController(baseLR: 1, factor: 0.1, patience: 0, cooldown: 2),
                metrics: [5, 5, 5, 5, 5, 5],
                multipliers: [1, 0.1, 0.1, 0.1, 0.01, 0.01]),
    PlateauCase(name: "floored at minLR",
                controller: PlateauController(baseLR: 1, factor: 0.1, patience: 0, minLR: 0.05),
                metrics: [1, 1, 1, 1],
                multipliers: [1, 0.1, 0.05, 0.05]),
    PlateauCase(name: "max mode, relative threshold 10%",
                controller: PlateauController(baseLR: 2, mode: .max, factor: 0.5, patience: 1, threshold: 0.1),
                metrics: [1.0, 1.05, 1.2, 1.25, 1.3],
                multipliers: [1, 1, 1, 1, 0.5]),
    PlateauCase(name: "min mode, absolute threshold",
                controller: PlateauController(baseLR: 1, factor: 0.5, patience: 0, threshold: 0.1, thresholdMode: .abs),
                metrics: [1.0, 0.85, 0.8, 0.74],
                multipliers: [1, 1, 0.5, 0.5]),
    PlateauCase(name: "NaN is never an improvement",
                controller: PlateauController(baseLR: 1, factor: 0.5, patience: 1),
                metrics: [1.0, .nan, .nan, 0.5],
                multipliers: [1, 1, 0.5, 0.5]),
]

@Test("plateau controller follows ReduceLROnPlateau", arguments: plateauCases)
func plateau(_ c: PlateauCase) {
    var controller = c.controller
    let seen = c.metrics.map { controller.update(metric: $0) }
    #expect(zip(seen, c.multipliers).allSatisfy { close($0, $1) }, "got \(seen)")
    #expect(close(controller.lr, controller.baseLR * c.multipliers.last!))
}

@Test("plateau best tracks the best metric")
func plateauBest() {
    var controller = PlateauController(baseLR: 1, mode: .max)
    for value in [0.5, 0.7, 0.6] { controller.update(metric: value) }
    #expect(controller.best == 0.7)
    #expect(controller.badEvaluations == 1)
}
