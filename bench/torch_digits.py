"""PyTorch eager twin of finetune's digits runs, written as a practitioner would.

Trains the MLP or the CNN of finetune's bench experiments on the UCI digits with the same
split sizes, batch size, optimizer (AdamW, decay/no-decay groups), warm-up + cosine schedule,
per-epoch validation and best-epoch snapshot; prints one JSON line with its timings.
"""
import argparse
import copy
import csv
import gzip
import json
import math
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


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
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--warmup", type=float, default=0.1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--classes", default="0,1,2,3,4,5,6,7,8,9")
    p.add_argument("--train-fraction", type=float, default=1.0)
    p.add_argument("--head-only", action="store_true", help="freeze the body; train the head alone")
    p.add_argument("--data", default=os.path.join(os.environ.get("FINETUNE_ASSETS", ".cache/assets"), "digits/digits.csv"))
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
    trainable = [p for p in model.parameters() if p.requires_grad]
    decay = [p for p in trainable if p.ndim > 1]
    no_decay = [p for p in trainable if p.ndim <= 1]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": args.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    steps_per_epoch = math.ceil(n_train / args.batch)
    total = steps_per_epoch * args.epochs
    warmup = round(args.warmup * total)

    def lr_lambda(step):
        if step < warmup:
            return (step + 1) / (warmup + 1)
        return 0.5 * (1 + math.cos(math.pi * (step - warmup) / max(1, total - 1 - warmup)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda)
    setup = time.perf_counter() - started

    train_start = time.perf_counter()
    step_seconds, steps, best, best_state = 0.0, 0, -1.0, None
    for epoch in range(args.epochs):
        model.train()
        if args.head_only:
            model.body.eval()
        t0 = time.perf_counter()
        running = 0.0
        for idx in torch.randperm(n_train).split(args.batch):
            xb, yb = x_train[idx], y_train[idx]
            if args.head_only:
                with torch.no_grad():
                    features = model.body(xb)
                loss = F.cross_entropy(model.head(model.tail(features)), yb)
            else:
                loss = F.cross_entropy(model(xb), yb)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            running += loss.item() * len(idx)
            steps += 1
        step_seconds += time.perf_counter() - t0
        model.eval()
        with torch.no_grad():
            logits = torch.cat([model(xb) for xb in x_val.split(256)])
            val_loss = F.cross_entropy(logits, y_val).item()
            accuracy = (logits.argmax(1) == y_val).float().mean().item()
        if accuracy > best:
            best, best_state = accuracy, copy.deepcopy(model.state_dict())
    train_seconds = time.perf_counter() - train_start
    model.load_state_dict(best_state)
    print(json.dumps({"steps": steps, "step_seconds": step_seconds, "train_seconds": train_seconds,
                      "setup_seconds": setup, "train_examples": n_train, "epochs": args.epochs, "train_loss": running / n_train, "validation_loss": val_loss,
                      "best_validation_accuracy": best, "threads": torch.get_num_threads()}))


if __name__ == "__main__":
    main()
