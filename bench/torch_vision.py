"""PyTorch eager + torchvision twin of finetune's MobileNetV2 photo runs, written as a
practitioner would.

torchvision's `mobilenet_v2` with the ImageNet weights finetune uses (the same .pth file, from
the asset cache), its classifier replaced by a new Linear for the folder's classes; photos read
by `ImageFolder` (Pillow, `convert("RGB")`) with `Resize(size)`, `CenterCrop(size)`,
`ToTensor()` and ImageNet's `Normalize`, through a `DataLoader` (decoding every epoch, as such
a script does); AdamW with decay/no-decay groups, warm-up + cosine, `loss.item()` per step,
validation after every epoch and the best epoch's weights restored (bench/twin_training.py).
`--head-only` freezes `features` and keeps it in eval mode (BatchNorm statistics unchanged), as
finetune's head-only strategy does.

The train/validation/test split is finetune's own for the same seed and fractions
(bench/finetune_split.py), so both sides train and are tested on the same photos. Prints one
JSON line: timings, the split sizes, and the validation and test accuracy of the best epoch;
`--test-files FILE` also writes the test photos' paths, one a line.
"""
import argparse
import json
import math
import os
import time

started = time.perf_counter()
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision
from torchvision import transforms

from finetune_split import split
from twin_training import adamw, add_training_arguments, warmup_schedule

ASSETS = os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune")
WEIGHTS = os.path.join(ASSETS, "mobilenet_v2", "mobilenet_v2-b0353104.pth")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True, help="a photo folder, one subfolder per class")
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--split", default="0.6,0.2,0.2")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--weights", default=WEIGHTS)
    p.add_argument("--test", action="store_true", help="evaluate the test split at the end")
    p.add_argument("--test-files")
    add_training_arguments(p, epochs=5, lr=1e-3)
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    transform = transforms.Compose([transforms.Resize(args.size), transforms.CenterCrop(args.size), transforms.ToTensor(),
                                    transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
    folder = torchvision.datasets.ImageFolder(args.data, transform=transform, loader=lambda f: __import__("PIL.Image").Image.open(f).convert("RGB"))
    labels = [y for _, y in folder.samples]
    train, validation, test = split(labels, [float(v) for v in args.split.split(",")], args.seed)
    if args.test_files:
        with open(args.test_files, "w") as f:
            f.writelines(folder.samples[i][0] + "\n" for i in test)

    model = torchvision.models.mobilenet_v2()
    model.load_state_dict(torch.load(args.weights, map_location="cpu"))
    model.classifier[1] = nn.Linear(model.last_channel, len(folder.classes))
    if args.head_only:
        model.features.requires_grad_(False)
    optimizer = adamw(model.parameters(), args.lr, args.weight_decay)
    loader = lambda indices, shuffle: torch.utils.data.DataLoader(torch.utils.data.Subset(folder, indices),
                                                                  batch_size=args.batch, shuffle=shuffle, num_workers=0)
    train_loader = loader(train, True)
    scheduler = warmup_schedule(optimizer, len(train_loader) * args.epochs, args.warmup, "cosine")
    setup = time.perf_counter() - started

    def accuracy(indices):
        model.eval()
        right = 0
        with torch.no_grad():
            for x, y in loader(indices, False):
                right += (model(x).argmax(1) == y).sum().item()
        return right / len(indices)

    step_seconds = data_seconds = 0.0
    steps, best, best_state = 0, -1.0, None
    train_started = time.perf_counter()
    for _ in range(args.epochs):
        model.train()
        if args.head_only:
            model.features.eval()
        t0 = time.perf_counter()
        batches = iter(train_loader)
        while True:
            d0 = time.perf_counter()
            batch = next(batches, None)
            data_seconds += time.perf_counter() - d0
            if batch is None:
                break
            x, y = batch
            loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            scheduler.step()
            loss.item()
            steps += 1
        step_seconds += time.perf_counter() - t0
        value = accuracy(validation)
        if value > best:
            best, best_state = value, {k: v.clone() for k, v in model.state_dict().items()}
    train_seconds = time.perf_counter() - train_started
    model.load_state_dict(best_state)
    result = {"steps": steps, "step_seconds": step_seconds, "data_seconds": data_seconds, "train_seconds": train_seconds,
              "setup_seconds": setup, "validation_accuracy": best, "train_examples": len(train),
              "validation_examples": len(validation), "test_examples": len(test), "epochs": args.epochs,
              "threads": torch.get_num_threads()}
    if args.test:
        result["test_accuracy"] = accuracy(test)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
