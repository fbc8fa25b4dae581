#!/usr/bin/env bash
# Peak resident memory of full fine-tuning of all-MiniLM-L6-v2 at batch 32 and length 64.
#
# VADER snippets are short (median 26 tokens), so batches padded to their longest text rarely
# reach 64 tokens. This joins pairs of movie-review snippets of the same sign into texts of
# 64+ tokens, so every training batch is exactly [32, 64], and trains one epoch of full
# fine-tuning (nothing frozen, AdamW) on 256 of them. Prints GNU time's maximum resident set
# size and the peak_rss_mb the run recorded in result.json.
#   usage: scripts/measure-bert-memory.sh [finetune binary]   (default .build/release/finetune)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${1:-.build/release/finetune}"
assets="${FINETUNE_ASSETS:-${XDG_CACHE_HOME:-$HOME/.cache}/finetune}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$assets/vader/movieReviewSnippets_GroundTruth.txt" > "$work/long.jsonl" <<'PY'
import json, sys
pos, neg = [], []
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    parts = line.rstrip("\n").split("\t", 2)
    if len(parts) == 3 and abs(float(parts[1])) > 1:
        (pos if float(parts[1]) > 0 else neg).append(parts[2])
for label, texts in (("positive", pos), ("negative", neg)):
    for a, b, c in zip(texts[0::3], texts[1::3], texts[2::3]):
        print(json.dumps({"text": " ".join([a, b, c]), "label": label}))
PY

cat > "$work/memory.yaml" <<YAML
experiment: bert-memory
seed: 1
data:
  source: {jsonl: long.jsonl, text: text, label: label}
  split: {train: 0.8, validation: 0.1, test: 0.1}
  per_class: 128
model: {architecture: bert, pretrained: all-MiniLM-L6-v2, max_length: 64}
freeze: {strategy: none}
optimizer: {name: adamw, lr: 5e-5}
schedule: {epochs: 1, batch_size: 32}
evaluation: {metrics: [accuracy], select: validation.accuracy}
YAML

id="$("$bin" plan "$work/memory.yaml" | awk 'NR==2 {print $1}')"
FINETUNE_ASSETS="$assets" /usr/bin/time -v "$bin" run "$work/memory.yaml" --run "$id" --results "$work/results" \
  2> "$work/time.txt" | tail -1
grep -E "Maximum resident set size|Elapsed \(wall clock\)" "$work/time.txt"
python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print('peak_rss_mb', r['timings']['peak_rss_mb'], 'train_seconds', round(r['timings']['train_seconds'],1))" \
  "$work/results/bert-memory/runs/$id/result.json"
