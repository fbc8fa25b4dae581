"""PyTorch eager twin of finetune's digits runs, written as a practitioner would.

Trains the MLP or the CNN of finetune's bench experiments on the UCI digits with the same
split sizes, batch size, optimizer (AdamW, decay/no-decay groups), warm-up + cosine schedule,
per-epoch validation and best-epoch snapshot; prints one JSON line with its timings.
"""
import argparse
import csv
import gzip
import json
import math
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from twin_training import adamw, add_training_arguments, fit, warmup_schedule


def load_digits(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        rows = [list(map(int, r)) for r in csv.reader(f) if r]
    data = torch.tensor(rows, dtype=torch.float32)
    return data[:, :64].reshape(-1, 1, 8, 8) / 16, data[:, 64].long()


class Net(nn.Module):
    """body -> tail (dropout before the head, if any) -> head, as finetune splits its models."""

    def __init__(self, body, tail, head):
        super().__init__()
        self.body, self.tail, self.head = body, tail, head

    def forward(self, x):
        return self.head(self.tail(self.body(x)))


def mlp(hidden, classes, dropout):
    layers, width = [nn.Flatten()], 64
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU(), nn.Dropout(dropout)]
        width = h
    return Net(nn.Sequential(*layers), nn.Identity(), nn.Linear(width, classes))


def cnn(channels, classes, dropout):
    layers, width, side = [], 1, 8
    for c in channels:
        layers += [nn.Conv2d(width, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU()]
        if side >= 2:
            layers.append(nn.MaxPool2d(2))
            side //= 2
        width = c
    body = nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten())
    return Net(body, nn.Dropout(dropout), nn.Linear(width, classes))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["mlp", "cnn"], required=True)
    p.add_argument("--hidden", default="128,64")
    p.add_argument("--channels", default="32,64")
    p.add_argument("--classes", default="0,1,2,3,4,5,6,7,8,9")
    p.add_argument("--train-fraction", type=float, default=1.0)
    add_training_arguments(p, epochs=10, lr=3e-3)
    p.add_argument("--data", default=os.path.join((os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune")), "digits/digits.csv"))
    args = p.parse_args()

    started = time.perf_counter()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    x, y = load_digits(args.data)
    ints = lambda s: [int(v) for v in s.split(",")]
    classes = ints(args.classes)
    keep = torch.isin(y, torch.tensor(classes))
    x, y = x[keep], torch.searchsorted(torch.tensor(classes), y[keep])
    order = torch.randperm(len(y))
    n_train, n_val = round(0.6 * len(y)), round(0.2 * len(y))
    train, val = order[:n_train], order[n_train:n_train + n_val]
    n_train = max(1, round(args.train_fraction * n_train))
    train = train[:n_train]
    x_train, y_train, x_val, y_val = x[train], y[train], x[val], y[val]

    model = (mlp(ints(args.hidden), len(classes), 0.1) if args.model == "mlp"
             else cnn(ints(args.channels), len(classes), 0.1))
    if args.head_only:
        model.body.requires_grad_(False)
    optimizer = adamw(model.parameters(), args.lr, args.weight_decay)
    scheduler = warmup_schedule(optimizer, math.ceil(n_train / args.batch) * args.epochs, args.warmup, "cosine")
    setup = time.perf_counter() - started

    def train_modes():
        model.train()
        if args.head_only:
            model.body.eval()

    def loss_of(idx):
        xb, yb = x_train[idx], y_train[idx]
        if args.head_only:
            with torch.no_grad():
                features = model.body(xb)
            return F.cross_entropy(model.head(model.tail(features)), yb), len(idx)
        return F.cross_entropy(model(xb), yb), len(idx)

    def validate():
        logits = torch.cat([model(xb) for xb in x_val.split(256)])
        return (logits.argmax(1) == y_val).float().mean().item(), F.cross_entropy(logits, y_val).item()

    result = fit(model, optimizer, scheduler, args.epochs, lambda: torch.randperm(n_train).split(args.batch),
                 loss_of, validate, train_modes)
    print(json.dumps(dict(result, setup_seconds=setup, train_examples=n_train, epochs=args.epochs,
                          threads=torch.get_num_threads())))


if __name__ == "__main__":
    main()
