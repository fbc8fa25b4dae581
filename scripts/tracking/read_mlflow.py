"""Reads what an MLflow tracking server holds of finetune experiments, with MLflow's own client,
and prints it as JSON.

    <tracking venv>/bin/python scripts/tracking/read_mlflow.py http://127.0.0.1:PORT EXPERIMENT...

For each experiment: every active run with its name, status, tags, params, the history of
each metric ([step, value] pairs) and its artifact paths. The tests compare it with the
results folder the sweep wrote.
"""
import json
import sys

from mlflow.tracking import MlflowClient


def main(uri, names):
    client = MlflowClient(tracking_uri=uri)
    out = {}
    for name in names:
        experiment = client.get_experiment_by_name(name)
        if experiment is None:
            out[name] = None
            continue
        runs = []
        for run in client.search_runs([experiment.experiment_id], max_results=1000):
            metrics = {key: [[m.step, m.value] for m in client.get_metric_history(run.info.run_id, key)]
                       for key in run.data.metrics}
            runs.append({"id": run.info.run_id, "name": run.info.run_name, "status": run.info.status,
                         "tags": {k: v for k, v in run.data.tags.items() if not k.startswith("mlflow.") or k == "mlflow.parentRunId"},
                         "params": run.data.params, "metrics": metrics,
                         "artifacts": sorted(a.path for a in client.list_artifacts(run.info.run_id))})
        out[name] = sorted(runs, key=lambda r: r["name"])
    json.dump(out, sys.stdout, indent=1, sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
