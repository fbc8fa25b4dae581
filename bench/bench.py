"""`make bench`: finetune and PyTorch eager side by side on the same training work.

Every repetition runs each case once on each side, alternating which side goes first, so
machine load falls on both alike; the table reports medians over repetitions and ratios
measured in this one run. sgemm's rate is measured in the same run as the peak.

"PyTorch" is torch 2.15 as `pip install torch` gives it today, with Hugging Face transformers for
the MiniLM cases (bench/torch_minilm.py), from the machine-wide venv scripts/bench-venv.sh makes;
"PyTorch tuned" is the same given finetune's environment: thread counts, the OpenMP spin count and
MKL's fast-path answer (bench/mkl_cpu.py). MiniLM data is written to .build/bench-data
(bench/minilm_data.py). Every case is timed per optimizer step and as a whole process.

Usage: python3 bench/bench.py [--reps 3] [--threads 2] [--cases mlp,cnn-b32,...] [--out bench/results.json]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

import minilm_data
import mkl_cpu
import vision_data

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
EXPERIMENTS = os.path.join(BENCH, "experiments")
_PYTHON = []


def python():
    """torch 2.15 + transformers from PyPI (scripts/bench-venv.sh; installed on first use)."""
    if not _PYTHON:
        out = subprocess.run(["bash", os.path.join(ROOT, "scripts", "bench-venv.sh")], check=True,
                             stdout=subprocess.PIPE, text=True).stdout
        _PYTHON.append(out.strip().splitlines()[-1])
    return _PYTHON[0]


ASSETS = (os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune"))  # the machine-wide cache, as finetune finds it
MINILM_DATA = os.path.join(ROOT, ".build", "bench-data", "movies-64.jsonl")  # minilm-base.yaml reads it
ROBERTA_FOLDER = os.path.join(ROOT, ".build", "bench-data", "roberta-6x384")  # roberta-full.yaml reads it
VISION_DATA = os.path.join(ROOT, ".build", "bench-data", "fashion-photos")  # vision-base.yaml reads it
VISION_PER_CLASS = 20  # 200 photos: 160 train, 40 validation (finetune's split, bench/finetune_split.py)


def conv_flops(side, cin, cout, k=3):
    return 2 * side * side * cin * cout * k * k


def train_flops(layers):
    """Forward + backward FLOPs per example: forward, weight gradients, and input gradients
    for every layer but the first (nothing needs the gradient of the input)."""
    forward = sum(layers)
    return 3 * forward - layers[0]


def bert_forward_flops(length, layers=6, hidden=384, intermediate=1536):
    """Matrix-product FLOPs of a BERT encoder's forward pass over one sequence of `length`
    tokens, every position computed (padding included): per token and layer the Q, K, V and
    output projections (4 · 2h²), the feed-forward pair (2 · 2hi), attention scores and the
    weighted sum of values (2 · 2Lh). Embedding lookups, layer norms, softmax and GELU are
    elementwise and not counted."""
    per_token = 4 * 2 * hidden ** 2 + 2 * 2 * hidden * intermediate + 2 * 2 * length * hidden
    return layers * length * per_token


def mobilenet_v2_layers(side, classes=10):
    """Forward FLOPs of each convolution and the classifier of torchvision's MobileNetV2 on one
    side × side photo (2 · multiply-adds; BatchNorm, ReLU6 and the residual adds not counted)."""
    def conv(side, cin, cout, k, stride, groups=1):
        out = (side + 2 * (k // 2) - k) // stride + 1
        return out, 2 * out * out * cout * (cin // groups) * k * k
    layers = []
    side, flops = conv(side, 3, 32, 3, 2)
    layers.append(flops)
    channels = 32
    for t, c, n, s in [(1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1)]:
        for i in range(n):
            hidden = channels * t
            if t != 1:
                layers.append(conv(side, channels, hidden, 1, 1)[1])
            side, flops = conv(side, hidden, hidden, 3, s if i == 0 else 1, groups=hidden)
            layers.append(flops)
            layers.append(conv(side, hidden, c, 1, 1)[1])
            channels = c
    layers.append(conv(side, channels, 1280, 1, 1)[1])
    return layers + [2 * 1280 * classes]


MLP_LAYERS = [2 * 64 * 128, 2 * 128 * 64, 2 * 64 * 10]
CNN_BODY = [conv_flops(8, 1, 32), conv_flops(4, 32, 64)]
# all-MiniLM-L6-v2 on 64-token texts (every batch is 32 x 64, bench/minilm_data.py), 2 classes.
MINILM_BODY = bert_forward_flops(64)
MINILM_HEAD = 2 * 384 * 2


class Twin:
    """A PyTorch script doing a case's training; `find_python` gives its interpreter, asked
    once (finding it may mean installing it)."""

    def __init__(self, script, find_python):
        self.script, self.find_python, self.python = script, find_python, None

    def run(self, args, threads, env=None):
        self.python = self.python or self.find_python()
        wall, rss, out = run_process([self.python, os.path.join(BENCH, self.script), "--threads", str(threads)] + args,
                                     env=env or plain_environment())
        result = json.loads(out.strip().splitlines()[-1])
        result.update(wall=wall, rss_mib=rss)
        return result


DIGITS_TWIN = Twin("torch_digits.py", python)
MINILM_TWIN = Twin("torch_minilm.py", python)
VISION_TWIN = Twin("torch_vision.py", python)


def pretrain_cnn(ft):
    """The model the CNN head-only case starts from."""
    print("pre-training the head-only case's model", flush=True)
    ft.run("pretrain.yaml")


def prepare_minilm(ft):
    """The MiniLM cases' data and the twin's venv (both reused when present)."""
    minilm_data.write(MINILM_DATA, ASSETS)
    MINILM_TWIN.python = MINILM_TWIN.python or MINILM_TWIN.find_python()


def prepare_roberta(ft):
    """The MiniLM cases' data and the RoBERTa-shaped random-weight folder (bench/roberta_folder.py,
    written once by the twin's venv)."""
    prepare_minilm(ft)
    subprocess.run([MINILM_TWIN.python, os.path.join(BENCH, "roberta_folder.py"), ROBERTA_FOLDER], check=True,
                   stdout=subprocess.DEVNULL)


def prepare_vision(ft):
    """The MobileNetV2 cases' photo folder (Fashion-MNIST PNGs, written by the venv's Pillow) and
    the twin's venv."""
    VISION_TWIN.python = VISION_TWIN.python or VISION_TWIN.find_python()
    subprocess.run([VISION_TWIN.python, os.path.join(BENCH, "vision_data.py"), VISION_DATA,
                    "--per-class", str(VISION_PER_CLASS), "--assets", ASSETS], check=True, stdout=subprocess.DEVNULL)


def vision_case(name, side, head_only, epochs):
    """MobileNetV2 (ImageNet weights) on the photo folder at side px, batch 16, AdamW 1e-3."""
    layers = mobilenet_v2_layers(side)
    flops = sum(layers[:-1]) + 3 * layers[-1] if head_only else train_flops(layers)
    args = ["--data", VISION_DATA, "--size", str(side), "--split", "0.8,0.2,0", "--batch", "16", "--epochs", str(epochs)]
    return Case(name, f"{name}.yaml", args + (["--head-only"] if head_only else []), flops,
                f"MobileNetV2 ImageNet, {'head only' if head_only else 'full fine-tuning'}, {side} px, 160 Fashion-MNIST PNGs, batch 16, {epochs} epochs",
                twin=VISION_TWIN, cold_cache=head_only, setup=prepare_vision)


class Case:
    """One training workload on both sides. `cold_cache`: finetune's results (and so its feature
    cache) are cleared before each measurement; `setup` runs once before the repetitions."""

    def __init__(self, name, experiment, torch_args, flops_per_example, what, twin=DIGITS_TWIN,
                 cold_cache=False, setup=None):
        self.name, self.experiment, self.torch_args = name, experiment, torch_args
        self.flops_per_example, self.what = flops_per_example, what
        self.twin, self.cold_cache, self.setup = twin, cold_cache, setup


CASES = [
    Case("mlp", "mlp.yaml", ["--model", "mlp", "--hidden", "128,64", "--batch", "32", "--epochs", "20"],
         train_flops(MLP_LAYERS), "MLP 64-128-64-10, digits, batch 32, AdamW"),
    Case("cnn-b32", "cnn-b32.yaml", ["--model", "cnn", "--channels", "32,64", "--batch", "32", "--epochs", "3"],
         train_flops(CNN_BODY + [2 * 64 * 10]), "CNN [32, 64], digits, batch 32, AdamW"),
    Case("cnn-b16", "cnn-b16.yaml", ["--model", "cnn", "--channels", "32,64", "--batch", "16", "--epochs", "2"],
         train_flops(CNN_BODY + [2 * 64 * 10]), "CNN [32, 64], digits, batch 16, AdamW"),
    # Work-equivalent FLOPs: the frozen body's forward pass plus the head's training, what
    # PyTorch does per step; finetune reads the body's outputs from its feature cache instead.
    Case("head-only", "head-only.yaml",
         ["--model", "cnn", "--channels", "32,64", "--batch", "32", "--epochs", "10", "--classes", "5,6,7,8,9", "--head-only"],
         sum(CNN_BODY) + 3 * 2 * 64 * 5, "CNN [32, 64] pre-trained, head only, digits 5-9, batch 32",
         cold_cache=True, setup=pretrain_cnn),
    # Every parameter trains: the input gradient of every layer is needed down to the embeddings,
    # so training is 3x the forward pass (forward, input gradients, weight gradients).
    Case("minilm-full", "minilm-full.yaml", ["--data", MINILM_DATA, "--batch", "32", "--max-length", "64", "--epochs", "1"],
         3 * (MINILM_BODY + MINILM_HEAD), "MiniLM-L6 full fine-tuning, VADER movies, batch 32 x 64 tokens, AdamW",
         twin=MINILM_TWIN, setup=prepare_minilm),
    # Work-equivalent FLOPs as for the CNN head-only case: the encoder's forward plus the head's training.
    Case("minilm-head", "minilm-head.yaml",
         ["--data", MINILM_DATA, "--batch", "32", "--max-length", "64", "--epochs", "3", "--lr", "1e-3", "--weight-decay", "0", "--head-only"],
         MINILM_BODY + 3 * MINILM_HEAD, "MiniLM-L6 frozen, head only, VADER movies, batch 32 x 64 tokens",
         twin=MINILM_TWIN, cold_cache=True, setup=prepare_minilm),
    # MiniLM's shape as a RoBERTa folder (byte-level BPE tokenizer.json, positions from pad + 1):
    # the same encoder work, read through the roberta family.
    Case("roberta-full", "roberta-full.yaml",
         ["--data", MINILM_DATA, "--model", ROBERTA_FOLDER, "--batch", "32", "--max-length", "64", "--epochs", "1"],
         3 * (MINILM_BODY + MINILM_HEAD), "RoBERTa-shaped 6 x 384 (random weights) full fine-tuning, VADER movies, batch 32 x 64 tokens, AdamW",
         twin=MINILM_TWIN, setup=prepare_roberta),
    # Photos decoded from PNG files on both sides: finetune once per run (kept as uint8 at the
    # working size), torchvision's ImageFolder + DataLoader once per epoch, as such a script does.
    vision_case("mnv2-full-64", 64, head_only=False, epochs=2),
    vision_case("mnv2-head-64", 64, head_only=True, epochs=5),
    vision_case("mnv2-full-224", 224, head_only=False, epochs=1),
    vision_case("mnv2-head-224", 224, head_only=True, epochs=3),
]


def run_process(argv, env=None, cwd=ROOT, cpu=False):
    """Runs argv; returns (wall seconds, peak RSS in MiB, stdout), and its CPU seconds (user +
    system, children included) when `cpu`."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(out.decode(errors="replace"))
        raise SystemExit(f"bench: {' '.join(argv)} failed")
    result = (wall, usage.ru_maxrss / 1024, out.decode(errors="replace"))
    return result + (usage.ru_utime + usage.ru_stime,) if cpu else result


class Finetune:
    def __init__(self, binary, threads, work):
        self.binary, self.threads, self.work = binary, threads, work
        self.plans = {}
        self.env = plain_environment()  # finetune sets its engine environment itself

    def plan(self, experiment):
        if experiment not in self.plans:
            out = subprocess.check_output([self.binary, "plan", os.path.join(EXPERIMENTS, experiment), "--json"], cwd=ROOT)
            self.plans[experiment] = json.loads(out)
        return self.plans[experiment]

    def run(self, experiment, index=0, env=None):
        plan = self.plan(experiment)
        run = plan["runs"][index]
        wall, rss, _ = run_process([self.binary, "run", os.path.join(EXPERIMENTS, experiment), "--run", run["id"],
                                    "--results", self.work, "--threads", str(self.threads)], env=env or self.env)
        return dict(self.result(experiment, index), wall=wall, rss_mib=rss)

    def sweep(self, experiment, jobs=None):
        """`finetune sweep` of the whole plan from the user's environment (a restart to apply the
        engine settings, when it needs one, is counted), with `jobs` or the default one run per
        core; returns (wall, peak RSS, CPU seconds)."""
        argv = [self.binary, "sweep", os.path.join(EXPERIMENTS, experiment), "--results", self.work]
        wall, rss, _, cpu = run_process(argv + (["--jobs", str(jobs)] if jobs else []), env=self.env, cpu=True)
        return wall, rss, cpu

    def result(self, experiment, index):
        plan = self.plan(experiment)
        run = plan["runs"][index]
        with open(os.path.join(self.work, plan["experiment"], "runs", run["id"], "result.json")) as f:
            result = json.load(f)
        if result["status"] != "done":
            raise SystemExit(f"bench: finetune run {run['id']} of {experiment}: {result['status']} {result.get('error')}")
        return {"steps": result["timings"]["steps"], "data_seconds": result["timings"].get("data_seconds", 0),
                "step_seconds": result["timings"]["step_seconds"], "train_seconds": result["timings"]["train_seconds"],
                "total_seconds": result["timings"]["total_seconds"], "phases": result["timings"].get("phases", {}),
                "feature_cache": result.get("feature_cache"),
                "train_examples": result["data"]["train"], "epochs": result["epochs_run"]}

    def clear(self, experiment):
        shutil.rmtree(os.path.join(self.work, self.plan(experiment)["experiment"]), ignore_errors=True)


def sgemm(threads, env):
    _, _, out = run_process([python(), os.path.join(BENCH, "sgemm.py"), "2048", str(threads)], env=env)
    return json.loads(out.strip().splitlines()[-1])


TUNING = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY", "GOMP_SPINCOUNT", "FINETUNE_REEXECUTED",
          "FINETUNE_MKL_CPU", "LD_PRELOAD")


def plain_environment():
    """The environment a user's shell gives: none of the engine settings finetune chooses."""
    return {k: v for k, v in os.environ.items() if k not in TUNING}


def tuned_environment(threads):
    """The environment finetune gives itself (Runtime.recommendedEnvironment), and its answer to
    MKL's CPU check (bench/mkl_cpu.py)."""
    env = plain_environment()
    env.update(OMP_NUM_THREADS=str(threads), GOMP_SPINCOUNT="100000", LD_PRELOAD=mkl_cpu.library(ROOT))
    return env


def median(values):
    return statistics.median(values) if values else None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--cases", default="mlp,cnn-b32,cnn-b16,head-only,minilm-full,minilm-head,mnv2-full-64,mnv2-head-64,mnv2-full-224,mnv2-head-224,sweep")
    p.add_argument("--torch-sweep-runs", type=int, default=8, help="runs measured as separate processes (finetune and PyTorch) for contrast")
    p.add_argument("--finetune", default=os.path.join(ROOT, ".build/release/finetune"))
    p.add_argument("--work", default=os.path.join(ROOT, ".build/bench-results"))
    p.add_argument("--out", default=os.path.join(BENCH, "results.json"))
    args = p.parse_args()
    selected = args.cases.split(",")
    shutil.rmtree(args.work, ignore_errors=True)
    ft = Finetune(args.finetune, args.threads, args.work)
    load_before = os.getloadavg()
    started = time.time()

    cases = [c for c in CASES if c.name in selected]
    sides = ["finetune", "pytorch", "pytorch-tuned"]
    samples = {c.name: {side: [] for side in sides} for c in cases}
    peaks, head_sweeps = [], {}
    for setup in dict.fromkeys(c.setup for c in cases if c.setup):
        setup(ft)
    for rep in range(args.reps):
        peaks.append(sgemm(args.threads, tuned_environment(args.threads)))
        print(f"rep {rep + 1}/{args.reps}: sgemm {peaks[-1]['best_gflops']:.0f} GFLOP/s", flush=True)
        for i, case in enumerate(cases):
            shift = (rep + i) % len(sides)
            for side in sides[shift:] + sides[:shift]:
                if side == "finetune":
                    if case.cold_cache:
                        ft.clear(case.experiment)  # this run computes the features
                    sample = ft.run(case.experiment)
                else:
                    env = tuned_environment(args.threads) if side == "pytorch-tuned" else None
                    sample = case.twin.run(case.torch_args, args.threads, env)
                samples[case.name][side].append(sample)
                print(f"  {case.name:10} {side:13} {sample['steps'] / sample['step_seconds']:8.1f} steps/s"
                      f"  wall {sample['wall']:6.1f} s  rss {sample['rss_mib']:5.0f} MiB", flush=True)
            if case.cold_cache:
                head_sweeps.setdefault(case.name, []).append(head_only_sweep(ft, case.experiment))
                h = head_sweeps[case.name][-1]
                print(f"  {case.name} sweep: {h['variants']} variants {h['sweep_wall']:.1f} s vs one {h['one_wall']:.1f} s", flush=True)
    overhead = sweep_overhead(ft, args) if "sweep" in selected else None

    peak = median([s["best_gflops"] for s in peaks]) if peaks else None
    rows = []
    for case in cases:
        row = {"case": case.name, "what": case.what}
        for side in sides:
            runs = samples[case.name][side]
            # A cached case's steps read features computed once per run: count that pass too.
            cached = case.cold_cache and side == "finetune"
            rate = median([r["steps"] / (r["step_seconds"] + (r["phases"].get("features", 0) if cached else 0)) for r in runs])
            examples = median([examples_per_step(r) for r in runs])
            gflops = rate * examples * case.flops_per_example / 1e9
            # A cached case's GFLOP/s are work-equivalent (the frozen body's FLOPs that the cache
            # skips are counted), so no share of the sgemm peak is claimed for them.
            row[side] = {"steps_per_second": rate, "gflops": gflops, "work_equivalent": cached,
                         "percent_of_peak": 100 * gflops / peak if peak and not cached else None,
                         "data_seconds_per_step": median([r.get("data_seconds", 0) / r["steps"] for r in runs]),
                         "step_seconds_per_step": median([r["step_seconds"] / r["steps"] for r in runs]),
                         "peak_rss_mib": max(r["rss_mib"] for r in runs), "wall_seconds": median([r["wall"] for r in runs]),
                         "samples": runs}
        row["ratio"] = row["finetune"]["steps_per_second"] / row["pytorch"]["steps_per_second"]
        row["process_ratio"] = row["pytorch"]["wall_seconds"] / row["finetune"]["wall_seconds"]
        row["process_ratio_tuned"] = row["pytorch-tuned"]["wall_seconds"] / row["finetune"]["wall_seconds"]
        row["ratio_tuned"] = row["finetune"]["steps_per_second"] / row["pytorch-tuned"]["steps_per_second"]
        rows.append(row)
    report = {"machine": machine(), "threads": args.threads, "reps": args.reps,
              "load_average_before": load_before, "load_average_after": os.getloadavg(),
              "seconds": time.time() - started, "sgemm": {"median_best_gflops": peak, "samples": peaks},
              "cases": rows, "head_only_sweeps": {name: summarize_head_sweeps(s) for name, s in head_sweeps.items()}, "sweep_overhead": overhead}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(report, f, indent=2)
    print()
    print(table(report))
    print(f"\nwritten to {os.path.relpath(args.out, ROOT)}")


def examples_per_step(run):
    """Training examples per optimizer step (the last batch of an epoch may be short)."""
    return run["train_examples"] * run["epochs"] / run["steps"]


def head_only_sweep(ft, experiment):
    """`finetune sweep` of the 8 head-only variants versus `finetune run` of one, each from a
    cold feature cache and the user's environment, one run at a time."""
    count = len(ft.plan(experiment)["runs"])
    ft.clear(experiment)
    one_wall = ft.run(experiment, 0)["wall"]
    one = ft.result(experiment, 0)
    ft.clear(experiment)
    sweep_wall, _, _ = ft.sweep(experiment, jobs=1)
    runs = [ft.result(experiment, i) for i in range(count)]
    return {"variants": count, "one_wall": one_wall, "sweep_wall": sweep_wall,
            "one_total": one["total_seconds"], "sweep_total": sum(r["total_seconds"] for r in runs),
            "features_seconds": [r["phases"].get("features", 0) for r in runs],
            "reused": [bool(r["feature_cache"] and r["feature_cache"]["reused"]) for r in runs]}


def summarize_head_sweeps(sweeps):
    if not sweeps:
        return None
    return {"variants": sweeps[0]["variants"],
            "wall_ratio": median([s["sweep_wall"] / s["one_wall"] for s in sweeps]),
            "in_process_ratio": median([s["sweep_total"] / s["one_total"] for s in sweeps]),
            "samples": sweeps}


def sweep_overhead(ft, args):
    """What a run costs beyond training in a real sweep: `finetune sweep` of the 64 tiny one-epoch
    runs as `make sweep` runs them (one job per core), from the user's environment. Overhead
    per run = (wall − Σ training seconds / jobs) / runs: how much longer the sweep takes than
    its runs' training spread over its jobs. Everything else is in it: start-up (libtorch's
    load, and a restart if one is needed), planning, forking, data, model, final evaluation,
    result files and the reports. For contrast, a few of the same runs as separate
    `finetune run` processes (a process per run) and as PyTorch scripts."""
    experiment = "sweep.yaml"
    plan = ft.plan(experiment)
    count = len(plan["runs"])
    jobs = os.cpu_count()
    contrast = min(count, args.torch_sweep_runs)
    ft.clear(experiment)
    wall, rss, cpu = ft.sweep(experiment)
    runs = [ft.result(experiment, i) for i in range(count)]
    train = sum(r["train_seconds"] for r in runs)
    per_process, pytorch = [], []
    for i in range(contrast):
        r = ft.run(experiment, i, env=tuned_environment(args.threads))
        per_process.append({"wall": r["wall"], "overhead": r["wall"] - r["train_seconds"], "rss_mib": r["rss_mib"]})
        t = DIGITS_TWIN.run(["--model", "mlp", "--hidden", "32", "--batch", "32", "--epochs", "1", "--train-fraction", "0.1"], args.threads)
        pytorch.append({"wall": t["wall"], "overhead": t["wall"] - t["train_seconds"], "rss_mib": t["rss_mib"]})
    phases = sorted({k for r in runs for k in r["phases"]})
    summary = {"runs": count,
               "jobs": jobs, "overhead_ms": 1000 * (wall - train / jobs) / count,
               "cpu_overhead_ms": 1000 * (cpu - train) / count,
               "sweep_wall": wall, "sweep_cpu_seconds": cpu, "train_seconds": train,
               "in_run_overhead_ms": 1000 * median([r["total_seconds"] - r["train_seconds"] for r in runs]),
               "phase_ms": {k: 1000 * median([r["phases"].get(k, 0) for r in runs]) for k in phases},
               "sweep_peak_rss_mib": rss,
               "process_per_run_overhead_ms": 1000 * median([r["overhead"] for r in per_process]),
               "pytorch_overhead_ms": 1000 * median([r["overhead"] for r in pytorch]) if pytorch else None,
               "samples": {"process_per_run": per_process, "pytorch": pytorch}}
    print(f"  sweep: {count} runs in {wall:.2f} s with {jobs} jobs, {train:.2f} s of training: {summary['overhead_ms']:.0f} ms per run beyond training"
          f" (a process per run: {summary['process_per_run_overhead_ms']:.0f} ms)", flush=True)
    return summary


def machine():
    model = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((int(l.split()[1]) for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    return {"cpu": model, "cores": os.cpu_count(), "memory_gib": round(mem / 2 ** 20, 1)}


def table(report):
    peak = report["sgemm"]["median_best_gflops"]
    peak_text = f"{peak:.0f} GFLOP/s" if peak else "not measured"
    lines = [f"sgemm peak (2048², {report['threads']} threads, finetune's MKL settings, torch 2.15): {peak_text}; "
             f"load average {report['load_average_before'][0]:.1f} before, {report['load_average_after'][0]:.1f} after; "
             f"{report['reps']} reps, medians",
             "",
             "| case | finetune steps/s | PyTorch steps/s | ratio | PyTorch tuned steps/s | ratio | finetune GFLOP/s (% peak) | PyTorch GFLOP/s (% peak) | peak RSS finetune / PyTorch |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    def rate(side):
        if side["work_equivalent"]:
            return f"{side['gflops']:.2f}*"
        return f"{side['gflops']:.2f} ({side['percent_of_peak']:.2f}%)" if side["percent_of_peak"] is not None else f"{side['gflops']:.2f}"

    for row in report["cases"]:
        f, t, u = row["finetune"], row["pytorch"], row["pytorch-tuned"]
        lines.append(f"| {row['case']} | {f['steps_per_second']:.1f} | {t['steps_per_second']:.1f} | {row['ratio']:.2f}× "
                     f"| {u['steps_per_second']:.1f} | {row['ratio_tuned']:.2f}× "
                     f"| {rate(f)} | {rate(u)} "
                     f"| {f['peak_rss_mib']:.0f} / {t['peak_rss_mib']:.0f} MiB |")
    if any(row["finetune"]["work_equivalent"] for row in report["cases"]):
        lines += ["", "\\* finetune reads the frozen body's outputs from its feature cache: work-equivalent GFLOP/s "
                      "(the body's FLOPs the cache skips are counted), so no share of the sgemm peak."]
    vision = [row for row in report["cases"] if row["case"].startswith("mnv2")]
    if vision:
        lines += ["", "Photo cases, time per step waiting for the batch (result.json timings.data_seconds; the twin's "
                      "DataLoader iteration) against the whole step, medians in ms:", "",
                  "| case | finetune data / step | share | PyTorch data / step | share |", "| --- | ---: | ---: | ---: | ---: |"]
        for row in vision:
            f, t = row["finetune"], row["pytorch"]
            lines.append(f"| {row['case']} | {1000 * f['data_seconds_per_step']:.1f} / {1000 * f['step_seconds_per_step']:.1f} "
                         f"| {100 * f['data_seconds_per_step'] / f['step_seconds_per_step']:.1f}% "
                         f"| {1000 * t['data_seconds_per_step']:.1f} / {1000 * t['step_seconds_per_step']:.1f} "
                         f"| {100 * t['data_seconds_per_step'] / t['step_seconds_per_step']:.1f}% |")
    lines += ["", "Whole process (start to exit, validation every epoch included), median wall seconds:", "",
              "| case | finetune s | PyTorch s | ratio | PyTorch tuned s | ratio |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in report["cases"]:
        f, t, u = row["finetune"], row["pytorch"], row["pytorch-tuned"]
        lines.append(f"| {row['case']} | {f['wall_seconds']:.2f} | {t['wall_seconds']:.2f} | {row['process_ratio']:.2f}× "
                     f"| {u['wall_seconds']:.2f} | {row['process_ratio_tuned']:.2f}× |")
    if report["head_only_sweeps"]:
        lines.append("")
    for name, h in report["head_only_sweeps"].items():
        lines.append(f"{name}: `finetune sweep` of {h['variants']} variants vs `finetune run` of one (cold feature cache): "
                     f"{h['wall_ratio']:.2f}× wall, {h['in_process_ratio']:.2f}× in the runs themselves")
    if report["sweep_overhead"]:
        s = report["sweep_overhead"]
        phases = ", ".join(f"{k} {v:.0f}" for k, v in s["phase_ms"].items())
        lines.append(f"sweep overhead per run beyond training (`finetune sweep` of {s['runs']} tiny runs, {s['jobs']} jobs, {s['sweep_wall']:.2f} s wall, "
                     f"{s['train_seconds']:.2f} s of training): {s['overhead_ms']:.0f} ms wall, {s['cpu_overhead_ms']:.0f} ms CPU "
                     f"(inside each run {s['in_run_overhead_ms']:.0f} ms; "
                     f"phases ms: {phases}); a `finetune run` process per run instead: {s['process_per_run_overhead_ms']:.0f} ms; "
                     f"a PyTorch script per run: {s['pytorch_overhead_ms']:.0f} ms")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
