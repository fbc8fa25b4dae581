import Sweep
import Testing

/// What Slurm's commands print, read without a cluster (the cluster tests run them for real).
struct SlurmParseTests {
    @Test(arguments: [("12\n", "12"), ("345;cluster\n", "345"), ("", nil), ("sbatch: error: x\n", nil)] as [(String, String?)])
    func sbatchParsable(output: String, job: String?) {
        #expect(SlurmParse.submittedJob(output) == job)
    }

    @Test func scontrolLinesPerTask_andPendingGroups() {
        let output = """
        JobId=15 ArrayJobId=12 ArrayTaskId=0 JobName=finetune-a JobState=COMPLETED Reason=None ExitCode=0:0 StdOut=/r/a/slurm/12_0.out
        JobId=16 ArrayJobId=12 ArrayTaskId=1 JobName=finetune-a JobState=CANCELLED Reason=None ExitCode=0:15
        JobId=17 ArrayJobId=12 ArrayTaskId=2 JobName=finetune-a JobState=RUNNING Reason=None ExitCode=0:0
        JobId=12 ArrayJobId=12 ArrayTaskId=3-4,6 JobName=finetune-a JobState=PENDING Reason=Resources ExitCode=0:0
        JobId=40 ArrayJobId=40 ArrayTaskId=0 JobName=other JobState=RUNNING Reason=None ExitCode=0:0
        """
        let tasks = SlurmParse.scontrolTasks(output, job: "12")
        #expect(tasks.map(\.index) == [0, 1, 2, 3, 4, 6])
        #expect(tasks.map(\.state) == ["COMPLETED", "CANCELLED", "RUNNING", "PENDING", "PENDING", "PENDING"])
        #expect(tasks[1].exitCode == "0:15" && tasks[1].reason == nil)
        #expect(tasks[3].reason == "Resources" && tasks[3].name == "12_3")
        #expect(tasks.map(\.isActive) == [false, false, true, true, true, true])
    }

    @Test func sacctRows() {
        let output = "12_0|COMPLETED|0:0\n12_1|CANCELLED by 0|0:15\n12_[2-3]|PENDING|0:0\n12_4|OUT_OF_MEMORY|0:125\n"
        let tasks = SlurmParse.sacctTasks(output, job: "12")
        #expect(tasks.map(\.index) == [0, 1, 2, 3, 4])
        #expect(tasks.map(\.state) == ["COMPLETED", "CANCELLED", "PENDING", "PENDING", "OUT_OF_MEMORY"])
        #expect(tasks[4].explanation().contains("memory"))
    }

    @Test(arguments: [("TIMEOUT", nil, "time limit"), ("NODE_FAIL", nil, "node"), ("CANCELLED", "DependencyNeverSatisfied", "starts from"),
                      ("CANCELLED", nil, "cancelled"), ("FAILED", nil, "error")] as [(String, String?, String)])
    func everyEndIsExplained(state: String, reason: String?, words: String) {
        #expect(SlurmTask(job: "1", index: 0, state: state, reason: reason).explanation().contains(words))
    }

    /// Slurm 22.05 kills a task over --mem as FAILED with signal 9; its output says why.
    @Test func aMemoryKillIsToldByTheOutput() {
        let output = "slurmstepd: error: StepId=5.batch exceeded memory limit (539598848 > 52428800), being killed\n"
        #expect(SlurmTask(job: "5", index: 1, state: "FAILED", exitCode: "0:9").explanation(output: output).contains("out of memory"))
    }

    @Test func theBatchScriptQuotesEveryPath_andReadsItsLine() {
        let script = SlurmBatchScript.text(finetune: "/opt/my tools/finetune", file: "/home/o'neil/exp.yaml", results: "/shared/results",
                                           index: "/shared/results/a/slurm/runs-1.txt", runsFolder: "/shared/results/a/runs")
        #expect(script.hasPrefix("#!/bin/bash\n"))
        #expect(script.contains("sed -n \"$((SLURM_ARRAY_TASK_ID + 1))p\" '/shared/results/a/slurm/runs-1.txt'"))
        #expect(script.contains("exec '/opt/my tools/finetune' run '/home/o'\\''neil/exp.yaml' --run \"$id\" --results '/shared/results' --threads \"${SLURM_CPUS_PER_TASK:-1}\""))
    }

    /// A `--mlflow` sweep's tasks send their runs to the same server; without it, the script
    /// names none (the environment sbatch passes on decides).
    @Test func theBatchScriptExportsTheMLflowServerItWasGiven() {
        let with = SlurmBatchScript.text(finetune: "/f", file: "/e.yaml", results: "/r", index: "/i", runsFolder: "/r/a/runs",
                                         mlflow: "http://10.0.0.5:5000")
        #expect(with.contains("export MLFLOW_TRACKING_URI='http://10.0.0.5:5000'\nlog="))
        let without = SlurmBatchScript.text(finetune: "/f", file: "/e.yaml", results: "/r", index: "/i", runsFolder: "/r/a/runs")
        #expect(!without.contains("MLFLOW"))
    }

    @Test func optionsBecomeSbatchArguments_andResumeArguments() {
        let options = SlurmOptions(partition: "cpu", cpusPerTask: 2, mem: "4G", time: "30:00", gres: nil, account: "lab", extra: ["--qos=short"])
        #expect(options.sbatchArguments == ["--partition=cpu", "--cpus-per-task=2", "--mem=4G", "--time=30:00", "--account=lab", "--qos=short"])
        #expect(options.commandArguments == ["--partition", "cpu", "--cpus-per-task", "2", "--mem", "4G", "--time", "30:00",
                                             "--account", "lab", "--slurm-arg=--qos=short"])
    }
}
