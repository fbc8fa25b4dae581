"""PyTorch eager twin of finetune's MiniLM bench runs, written as a practitioner would with
Hugging Face transformers: AutoModel and AutoTokenizer from the same local folder, tokenization
per batch (truncation at max_length, padding to the batch's longest), mean pooling over the
attention mask, dropout and a Linear head; AdamW with decay/no-decay groups, linear warm-up
then linear decay, per-epoch validation and best-epoch snapshot. Head-only freezes the encoder
(eval mode, no_grad) and still runs it at every step. Prints one JSON line with its timings.

Data: the JSON Lines file bench.py writes (bench/minilm_data.py), split with the same sizes as
finetune's stratified split (not the same examples: finetune draws with its own generator);
every text has at least max_length tokens, so every batch is batch x max_length on both sides.
"""
import argparse
import json
import math
import os
import time

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch
import torch.nn as nn
import torch.nn.functional as F
from transformers import AutoModel, AutoTokenizer

from twin_training import adamw, add_training_arguments, fit, warmup_schedule


class Classifier(nn.Module):
    """encoder -> mean pooling -> dropout -> head, as finetune's BERT."""

    def __init__(self, encoder, classes, dropout):
        super().__init__()
        self.encoder, self.dropout = encoder, nn.Dropout(dropout)
        self.head = nn.Linear(encoder.config.hidden_size, classes)

    def pooled(self, batch):
        hidden = self.encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    def forward(self, batch):
        return self.head(self.dropout(self.pooled(batch)))


def stratified_split(labels, fractions, generator):
    """Per class: shuffled, then cut by rounded fractions (train, validation, rest test)."""
    parts = ([], [], [])
    for c in sorted(set(labels.tolist())):
        members = (labels == c).nonzero().flatten()
        members = members[torch.randperm(len(members), generator=generator)]
        n_train, n_val = round(fractions[0] * len(members)), round(fractions[1] * len(members))
        parts[0].extend(members[:n_train].tolist())
        parts[1].extend(members[n_train:n_train + n_val].tolist())
        parts[2].extend(members[n_train + n_val:].tolist())
    return [torch.tensor(p) for p in parts]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True, help="JSON Lines with 'text' and 'label'")
    p.add_argument("--model", default=os.path.join((os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune")), "minilm"))
    p.add_argument("--max-length", type=int, default=64)
    p.add_argument("--dropout", type=float, default=0.1)
    p.add_argument("--split", default="0.8,0.1", help="train and validation fractions; the rest is test")
    add_training_arguments(p, epochs=1, lr=5e-5)
    args = p.parse_args()

    started = time.perf_counter()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    records = [json.loads(line) for line in open(args.data, encoding="utf-8") if line.strip()]
    names = sorted({r["label"] for r in records})
    texts = [r["text"] for r in records]
    labels = torch.tensor([names.index(r["label"]) for r in records])
    train, val, _ = stratified_split(labels, [float(f) for f in args.split.split(",")], torch.Generator().manual_seed(1))

    tokenizer = AutoTokenizer.from_pretrained(args.model, local_files_only=True)
    model = Classifier(AutoModel.from_pretrained(args.model, local_files_only=True), len(names), args.dropout)
    if args.head_only:
        model.encoder.requires_grad_(False)
    optimizer = adamw(model.parameters(), args.lr, args.weight_decay)
    scheduler = warmup_schedule(optimizer, math.ceil(len(train) / args.batch) * args.epochs, args.warmup, "linear")
    tokens = []

    def encode(indices):
        return tokenizer([texts[i] for i in indices], max_length=args.max_length, truncation=True,
                         padding="longest", return_tensors="pt")

    def train_modes():
        model.train()
        if args.head_only:
            model.encoder.eval()

    def loss_of(idx):
        batch = encode(idx.tolist())
        tokens.append(batch["input_ids"].numel())
        if args.head_only:
            with torch.no_grad():
                features = model.pooled(batch)
            return F.cross_entropy(model.head(model.dropout(features)), labels[idx]), len(idx)
        return F.cross_entropy(model(batch), labels[idx]), len(idx)

    def validate():
        logits = torch.cat([model(encode(chunk.tolist())) for chunk in val.split(256)])
        return (logits.argmax(1) == labels[val]).float().mean().item(), F.cross_entropy(logits, labels[val]).item()

    setup = time.perf_counter() - started
    result = fit(model, optimizer, scheduler, args.epochs, lambda: train[torch.randperm(len(train))].split(args.batch),
                 loss_of, validate, train_modes)
    print(json.dumps(dict(result, setup_seconds=setup, train_examples=len(train), epochs=args.epochs,
                          tokens_per_step=sum(tokens) / len(tokens), threads=torch.get_num_threads())))


if __name__ == "__main__":
    main()
