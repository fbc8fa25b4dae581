"""Learning-rate multipliers from Hugging Face transformers' schedulers, the reference
Tests/TrainingTests/TransformersScheduleTests.swift holds finetune's Schedule to.

Each case steps a real torch optimizer (base lr 1.0) through its scheduler and records the
rate every optimizer step trains at. Run with the bench venv (scripts/bench-venv.sh):

    ~/.cache/finetune/bench-venv/bin/python scripts/reference-schedules.py \
        > Tests/TrainingTests/Fixtures/transformers-schedules.json
"""
import json
import sys

import torch
import transformers
from transformers import (get_constant_schedule_with_warmup, get_cosine_schedule_with_warmup,
                          get_cosine_with_min_lr_schedule_with_warmup, get_linear_schedule_with_warmup)

# (decay, total steps, warm-up steps, min_lr as a fraction of the peak)
CASES = [
    ("linear", 10, 0, 0.0), ("linear", 10, 3, 0.0), ("linear", 7, 1, 0.0), ("linear", 1, 0, 0.0),
    ("linear", 100, 10, 0.0),
    ("cosine", 10, 0, 0.0), ("cosine", 10, 3, 0.0), ("cosine", 7, 2, 0.0), ("cosine", 100, 10, 0.0),
    ("cosine", 12, 2, 0.1),
    ("constant", 8, 3, 0.0), ("constant", 5, 0, 0.0),
]


def rates(decay, total, warmup, min_lr):
    param = torch.nn.Parameter(torch.zeros(1))
    optimizer = torch.optim.SGD([param], lr=1.0)
    if decay == "linear":
        scheduler = get_linear_schedule_with_warmup(optimizer, warmup, total)
    elif decay == "cosine" and min_lr > 0:
        scheduler = get_cosine_with_min_lr_schedule_with_warmup(optimizer, warmup, total, min_lr_rate=min_lr)
    elif decay == "cosine":
        scheduler = get_cosine_schedule_with_warmup(optimizer, warmup, total)
    else:
        scheduler = get_constant_schedule_with_warmup(optimizer, warmup)
    out = []
    for _ in range(total):
        out.append(optimizer.param_groups[0]["lr"])  # the rate this step trains at
        optimizer.step()
        scheduler.step()
    return out


json.dump({
    "generator": "scripts/reference-schedules.py",
    "transformers": transformers.__version__,
    "torch": torch.__version__,
    "cases": [{"decay": d, "total_steps": t, "warmup_steps": w, "min_lr": m, "rates": rates(d, t, w, m)}
              for d, t, w, m in CASES],
}, sys.stdout, indent=1)
sys.stdout.write("\n")
