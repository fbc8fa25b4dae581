"""Checks a finished experiment's summary.json and report.md against statsmodels and scipy.

    ~/.cache/finetune/bench-venv/bin/python scripts/parity/check_summary.py results/<experiment>...

For each experiment folder:
- every sentence of report.md's Answer is the text of one claim in summary.json, in order;
- the adjusted p-values of each family equal statsmodels' multipletests(method="holm") of the
  family's raw p-values (when evaluation.correction is holm);
- the leaderboard's intervals equal scipy's ttest_rel(top, cell).confidence_interval(0.95),
  recomputed from the runs' result.json (paired by seed and fold), cut at the metric's range.
Prints one line per check and exits 1 if any fails.
"""
import glob
import json
import os
import sys

from scipy import stats
from statsmodels.stats.multitest import multipletests

failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += 0 if ok else 1


def families(summary):
    """family name -> the comparisons in it, as summary.json holds them."""
    out = {"top cell against the others": [e.get("best_vs_this") for e in summary["leaderboard"]],
           "fine-tuned against scratch": [(c.get("scratch") or {}).get("comparison") for c in summary["cells"]],
           "trade-offs": [(c.get("versus_most_trainable") or {}).get("comparison") for c in summary["cells"]]}
    for marginal in summary["marginals"]:
        out["axis " + marginal["axis"]] = [entry.get("best_vs_this") for s in marginal.get("slices", []) for entry in s["ranking"]]
    return {name: [c for c in comps if c and c.get("p_value") is not None] for name, comps in out.items()}


def main(folders):
    for folder in folders:
        summary = json.load(open(os.path.join(folder, "summary.json")))
        name = summary["experiment"]
        report = open(os.path.join(folder, "report.md")).read()
        answer = report.split("## Answer\n\n", 1)[1].split("\n## ", 1)[0]
        lines = [line[2:] for line in answer.splitlines() if line.startswith("- ")]
        check(lines == [c["text"] for c in summary["claims"]], f"{name}: the Answer's {len(lines)} sentences are summary.json's claims")
        if summary.get("correction", "holm") == "holm":
            for family, comps in families(summary).items():
                if not comps:
                    continue
                expected = multipletests([c["p_value"] for c in comps], method="holm")[1]
                got = [c["p_adjusted"] for c in comps]
                check(all(abs(a - b) < 1e-12 for a, b in zip(got, expected)), f"{name}: {family} ({len(comps)}): Holm equals statsmodels")
        # Leaderboard intervals from the runs themselves.
        values = {}
        for path in glob.glob(os.path.join(folder, "runs", "*", "result.json")):
            result = json.load(open(path))
            if result["status"] != "done" or result["selection"].get("value") is None:
                continue
            fold = result["config"].get("data", {}).get("fold", 0)
            values.setdefault(result["cell"], {})[(result["seed"], fold)] = result["selection"]["value"]
        top = summary["leaderboard"][0]["cell"]
        metric = summary["selection"]["metric"].split(".", 1)[1]
        width = None if metric in ("loss", "log_loss", "mse", "mae", "rmse", "r2") else 1.0
        for entry in summary["leaderboard"][1:]:
            c = entry.get("best_vs_this")
            if not c or c.get("method") != "paired_t_test":
                continue
            keys = sorted(values[top])
            a = [values[top][k] for k in keys]
            b = [values[entry["cell"]][k] for k in keys]
            ci = stats.ttest_rel(a, b).confidence_interval(0.95)
            low, high = ci.low, ci.high
            if width is not None:
                low, high = min(max(low, -width), width), max(min(high, width), -width)
            got = c["interval"]
            check(abs(got["lower"] - low) < 1e-9 and abs(got["upper"] - high) < 1e-9,
                  f"{name}: {top} vs {entry['cell']}: interval [{got['lower']:.6f}, {got['upper']:.6f}] equals scipy's")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
