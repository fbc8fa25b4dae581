"""A photo folder fine-tuned from mobilenet_v2 with `pretrained: imagenet` at head-only, in
finetune and in torchvision (bench/torch_vision.py), on the same split: the test accuracy
each reaches, per seed.

The folder is 1,000 Fashion-MNIST PNGs (100 per class, bench/vision_data.py), split 0.6 / 0.2 /
0.2 by finetune; the twin takes the same photos through bench/finetune_split.py. That the
split is the same is checked here: `finetune predict` over the twin's test files must give
exactly the test accuracy finetune's result.json records. Both sides: 64 px (Resize +
CenterCrop), ImageNet mean/std, head-only (the body frozen in eval mode), dropout 0.2 before a
new Linear head, AdamW lr 1e-3, weight decay 0.01 on the head's matrix, warm-up 0.1 + cosine,
batch 32, 10 epochs, the epoch with the best validation accuracy kept.

    $(bash scripts/bench-venv.sh | tail -1) bench/vision_parity.py [--seeds 3]

Writes bench/vision-parity.json and prints a table."""
import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
sys.path.insert(0, BENCH)
import vision_data  # noqa: E402

ASSETS = os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--per-class", type=int, default=100)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--finetune", default=os.path.join(ROOT, ".build/release/finetune"))
    p.add_argument("--out", default=os.path.join(BENCH, "vision-parity.json"))
    args = p.parse_args()
    folder = vision_data.write(os.path.join(ROOT, ".build", "bench-data", f"fashion-photos-{args.per_class}"), ASSETS, args.per_class)
    with tempfile.TemporaryDirectory() as work:
        experiment = os.path.join(work, "parity.yaml")
        with open(experiment, "w") as f:
            f.write(f"""experiment: vision-parity
seed: 1
repeats: {args.seeds}
data: {{source: {{images: {folder}}}, split: {{train: 0.6, validation: 0.2, test: 0.2, stratify: true}}}}
model: {{architecture: mobilenet_v2, pretrained: imagenet, head: {{replace: true}}, image_size: 64}}
freeze: {{strategy: head-only}}
optimizer: {{name: adamw, lr: 1e-3, weight_decay: 0.01}}
schedule: {{epochs: {args.epochs}, batch_size: 32, warmup: 0.1, decay: cosine}}
evaluation: {{metrics: [accuracy], select: validation.accuracy, final_splits: [validation, test]}}
output: {{save_model: true}}
""")
        results = os.path.join(work, "results")
        subprocess.run([args.finetune, "sweep", experiment, "--results", results, "--jobs", "1"], check=True, stdout=subprocess.DEVNULL)
        plan = json.loads(subprocess.check_output([args.finetune, "plan", experiment, "--json"]))
        rows = []
        for run in plan["runs"]:
            seed = run["seed"]
            run_dir = os.path.join(results, "vision-parity", "runs", run["id"])
            result = json.load(open(os.path.join(run_dir, "result.json")))
            test_files = os.path.join(work, f"test-{seed}.txt")
            twin = subprocess.run([sys.executable, os.path.join(BENCH, "torch_vision.py"), "--data", folder, "--size", "64",
                                   "--split", "0.6,0.2,0.2", "--seed", str(seed), "--head-only", "--epochs", str(args.epochs),
                                   "--batch", "32", "--lr", "1e-3", "--threads", str(args.threads), "--test", "--test-files", test_files],
                                  check=True, stdout=subprocess.PIPE, text=True).stdout
            twin = json.loads(twin.strip().splitlines()[-1])
            files = open(test_files).read().split()
            predicted = subprocess.run([args.finetune, "predict", run_dir] + files, check=True, stdout=subprocess.PIPE, text=True).stdout
            right = sum(json.loads(line)["label"] == os.path.basename(os.path.dirname(f))
                        for line, f in zip(predicted.splitlines(), files))
            rows.append({"seed": seed, "finetune_test_accuracy": result["metrics"]["test"]["accuracy"],
                         "finetune_validation_accuracy": result["metrics"]["validation"]["accuracy"],
                         "finetune_best_epoch": result["best_epoch"],
                         "finetune_predict_on_twin_test_files": right / len(files),
                         "torchvision_test_accuracy": twin["test_accuracy"], "torchvision_validation_accuracy": twin["validation_accuracy"],
                         "split": [twin["train_examples"], twin["validation_examples"], twin["test_examples"]],
                         "finetune_split": [result["data"]["train"], result["data"]["validation"], result["data"]["test"]]})
    same_split = all(abs(r["finetune_predict_on_twin_test_files"] - r["finetune_test_accuracy"]) < 1e-12 and r["split"] == r["finetune_split"] for r in rows)
    summary = {"rows": rows, "same_split": same_split,
               "finetune_mean": statistics.mean(r["finetune_test_accuracy"] for r in rows),
               "torchvision_mean": statistics.mean(r["torchvision_test_accuracy"] for r in rows),
               "finetune_std": statistics.stdev(r["finetune_test_accuracy"] for r in rows) if len(rows) > 1 else 0,
               "torchvision_std": statistics.stdev(r["torchvision_test_accuracy"] for r in rows) if len(rows) > 1 else 0}
    with open(args.out, "w") as f:
        json.dump(summary, f, indent=1)
    print("| seed | finetune test accuracy | torchvision test accuracy | finetune validation | torchvision validation |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['seed']} | {r['finetune_test_accuracy']:.3f} | {r['torchvision_test_accuracy']:.3f} "
              f"| {r['finetune_validation_accuracy']:.3f} | {r['torchvision_validation_accuracy']:.3f} |")
    print(f"mean ± std: finetune {summary['finetune_mean']:.3f} ± {summary['finetune_std']:.3f}, "
          f"torchvision {summary['torchvision_mean']:.3f} ± {summary['torchvision_std']:.3f}; same split: {same_split}")


if __name__ == "__main__":
    main()
