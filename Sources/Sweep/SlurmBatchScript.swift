/// The batch script of one experiment's array: task i reads line i+1 of the index file and
/// runs `finetune run FILE --run ID` with as many threads as Slurm gave it cores, its output
/// in the run's log.txt as in a local sweep (Slurm's own messages go to the task's output).
public enum SlurmBatchScript {
    /// - Parameter mlflow: the tracking server a `--mlflow` sweep names, exported to the task so
    ///   it sends its run as a local sweep would (credentials stay in the environment sbatch
    ///   passes on; the URI never carries them, ``MLflowSettings`` takes them out).
    public static func text(finetune: String, file: String, results: String, index: String, runsFolder: String,
                            mlflow: String? = nil) -> String {
        let tracking = mlflow.map { "export MLFLOW_TRACKING_URI=\(quoted($0))\n" } ?? ""
        return """
        #!/bin/bash
        # Written by `finetune sweep --executor slurm`; one array task per run of \(quoted(file)).
        set -euo pipefail
        id=$(sed -n "$((SLURM_ARRAY_TASK_ID + 1))p" \(quoted(index)))
        if [ -z "$id" ]; then
          echo "finetune: no run for task $SLURM_ARRAY_TASK_ID in \(index)" >&2
          exit 2
        fi
        \(tracking)log=\(quoted(runsFolder))/"$id"/log.txt
        mkdir -p "$(dirname "$log")"
        echo "finetune: task ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} trains run $id on $(hostname); its log: $log"
        exec \(quoted(finetune)) run \(quoted(file)) --run "$id" --results \(quoted(results)) --threads "${SLURM_CPUS_PER_TASK:-1}" >"$log" 2>&1

        """
    }

    /// `word` in single quotes for bash.
    static func quoted(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
