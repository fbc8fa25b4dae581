import Results
import Sweep
import Testing

struct ResumePolicyTests {
    @Test(arguments: [
        (nil, false, true),
        (RunResult.Status.done, false, false),
        (.done, true, false),
        (.failed, false, true),
        (.failed, true, true),
        (.interrupted, false, true),
        (.running, false, true),
        (.diverged, false, false),
        (.diverged, true, true),
    ] as [(RunResult.Status?, Bool, Bool)])
    func decision(status: RunResult.Status?, rerunFailed: Bool, runs: Bool) {
        #expect(ResumePolicy(rerunFailed: rerunFailed).decide(status).runs == runs)
    }
}

/// A kept result of another numbers version is stale: trained again unless --keep-stale keeps
/// it; results of the current version (and older ones without the field, version 1) are kept.
struct StaleResultTests {
    static let current = RunResult.numbersVersion

    @Test(arguments: [
        (RunResult.Status.done, current, false, false),
        (.done, current + 1, false, true),
        (.done, current + 1, true, false),
        (.diverged, current + 1, false, true),
        (.diverged, current + 1, true, false),
        (.failed, current + 1, true, true),  // failed runs always run again
        (.interrupted, current + 1, false, true),
    ] as [(RunResult.Status, Int, Bool, Bool)])
    func decision(status: RunResult.Status, numbers: Int, keepStale: Bool, runs: Bool) {
        let decision = ResumePolicy(rerunFailed: false, keepStale: keepStale).decide(ResumePolicy.Kept(status: status, numbers: numbers))
        #expect(decision.runs == runs, "\(decision)")
        if numbers != Self.current, status == .done {
            #expect(decision.reason.contains("numbers version \(numbers), now \(Self.current)"))
        }
    }

    @Test func resultsWithoutTheFieldAreVersionOne() throws {
        var versions = RunResult.Versions(finetune: "0.1.0", torch: nil, numbers: nil)
        #expect(versions.numbersVersion == 1)
        versions.numbers = 3
        #expect(versions.numbersVersion == 3)
    }
}
