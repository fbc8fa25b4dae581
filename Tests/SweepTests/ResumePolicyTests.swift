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
