import Foundation
import Testing
@testable import Training

/// Learning rates Hugging Face transformers' schedulers produce, step by step
/// (`get_linear_schedule_with_warmup`, `get_cosine_schedule_with_warmup`,
/// `get_cosine_with_min_lr_schedule_with_warmup`, `get_constant_schedule_with_warmup`).
/// Fixtures/transformers-schedules.json was written by scripts/reference-schedules.py with
/// the bench venv's transformers and torch; finetune's Schedule must give the same numbers so
/// a recipe copied from a transformers script behaves the same.
struct TransformersSchedule: Decodable, Sendable, CustomTestStringConvertible {
    let decay: String
    let totalSteps: Int
    let warmupSteps: Int
    let minLr: Double
    let rates: [Double]

    enum CodingKeys: String, CodingKey {
        case decay, rates
        case totalSteps = "total_steps", warmupSteps = "warmup_steps", minLr = "min_lr"
    }

    var testDescription: String { "\(decay) T=\(totalSteps) W=\(warmupSteps) min_lr=\(minLr)" }

    var schedule: Schedule {
        let shape: Decay = switch decay {
        case "linear": .linear(final: minLr)
        case "cosine": .cosine(final: minLr)
        default: .constant
        }
        return Schedule(baseLR: 1, totalSteps: totalSteps, warmupSteps: warmupSteps, decay: shape)
    }

    static let all: [TransformersSchedule] = {
        struct File: Decodable { let cases: [TransformersSchedule] }
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/transformers-schedules.json")
        guard let data = try? Data(contentsOf: url), let file = try? JSONDecoder().decode(File.self, from: data) else { return [] }
        return file.cases
    }()
}

@Test("the reference file is there and covers every decay it names")
func transformersReferenceIsPresent() {
    #expect(TransformersSchedule.all.count >= 10)
    #expect(Set(TransformersSchedule.all.map(\.decay)) == ["linear", "cosine", "constant"])
}

@Test("schedule matches transformers' scheduler step by step", arguments: TransformersSchedule.all)
func scheduleMatchesTransformers(_ reference: TransformersSchedule) {
    let curve = reference.schedule.curve()
    #expect(curve.count == reference.rates.count)
    for (step, (ours, theirs)) in zip(curve, reference.rates).enumerated() {
        #expect(abs(ours - theirs) <= 1e-12, "step \(step): finetune \(ours), transformers \(theirs)")
    }
}
