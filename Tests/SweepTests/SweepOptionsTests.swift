import Sweep
import Testing

struct SweepOptionsTests {
    @Test(arguments: [
        // cores, --jobs, expected jobs, threads per job
        (2, nil, 2, 1),
        (1, nil, 1, 1),
        (8, nil, 8, 1),
        (2, 1, 1, 2),
        (8, 3, 3, 2),
        (2, 5, 5, 1),
        (2, 0, 1, 2),
    ] as [(Int, Int?, Int, Int)])
    func theCoresAreDividedBetweenTheJobs(cores: Int, jobs: Int?, expectedJobs: Int, threads: Int) {
        let options = SweepOptions(files: [], jobs: jobs, cores: cores)
        #expect(options.jobs == expectedJobs)
        #expect(options.threadsPerJob == threads)
    }

    @Test func theResumeCommandQuotesWhatTheShellWouldSplit() {
        let options = SweepOptions(files: ["experiments/a.yaml", "my study.yaml"], results: "out", rerunFailed: true)
        #expect(Sweep.resumeCommand(options) == "finetune sweep experiments/a.yaml 'my study.yaml' --results out --rerun-failed")
    }
}
