#!/usr/bin/env python3
"""Logits of a finetune model as Hugging Face loads it, for parity tests.

    hf_outputs.py adapter ADAPTER_DIR --max-length N [--base DIR] TEXT...
        peft.PeftModel.from_pretrained onto the untouched base model (adapter_config.json's
        base_model_name_or_path unless --base): SEQ_CLS → AutoModelForSequenceClassification;
        FEATURE_EXTRACTION → AutoModel, mean pooling over the mask, then head.safetensors.
    hf_outputs.py export EXPORT_DIR --max-length N TEXT...
        a folder from `finetune export`: modules.json → sentence_transformers.SentenceTransformer
        (encode returns the head's outputs); otherwise AutoModelForSequenceClassification, which
        must find every key it expects and no other (else exit status 1).

    hf_outputs.py KIND FOLDER --also KIND FOLDER [--also ...] --max-length N TEXT...
        several folders in one process (importing torch and transformers is most of a call).

Prints one JSON object per folder, a line each, in the order named:
{"logits": [[...], ...], "input_ids": [[...], ...]}. Runs in the bench
venv (scripts/bench-venv.sh: torch 2.15, transformers 5.23, peft 0.21.2, sentence-transformers 6.2).
"""
import argparse
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

import torch  # noqa: E402
from safetensors.torch import load_file  # noqa: E402
from transformers import AutoModel, AutoModelForSequenceClassification, AutoTokenizer  # noqa: E402
from transformers.utils import logging as hf_logging  # noqa: E402

hf_logging.set_verbosity_error()
try:
    hf_logging.disable_progress_bar()
except AttributeError:
    pass


def tokenize(folder, texts, max_length):
    tokenizer = AutoTokenizer.from_pretrained(folder)
    return tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")


def adapter_logits(adapter, base, texts, max_length):
    from peft import PeftModel

    with open(os.path.join(adapter, "adapter_config.json")) as f:
        config = json.load(f)
    base = base or config["base_model_name_or_path"]
    batch = tokenize(base, texts, max_length)
    if config.get("task_type") == "SEQ_CLS":
        weights = load_file(os.path.join(adapter, "adapter_model.safetensors"))
        head = next(k for k in ("base_model.model.classifier.weight", "base_model.model.classifier.out_proj.weight") if k in weights)
        labels = weights[head].shape[0]
        model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=labels)
        model = PeftModel.from_pretrained(model, adapter).eval()
        with torch.no_grad():
            return model(**batch).logits, batch
    model = PeftModel.from_pretrained(AutoModel.from_pretrained(base), adapter).eval()
    head = load_file(os.path.join(adapter, "head.safetensors"))
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return pooled @ head["weight"].T + head["bias"], batch


def export_logits(folder, texts, max_length):
    batch = tokenize(folder, texts, max_length)
    if os.path.exists(os.path.join(folder, "modules.json")):
        from sentence_transformers import SentenceTransformer

        model = SentenceTransformer(folder, device="cpu")
        model.max_seq_length = max_length
        return torch.tensor(model.encode(texts, batch_size=len(texts), convert_to_numpy=True)), batch
    model, info = AutoModelForSequenceClassification.from_pretrained(folder, output_loading_info=True)
    loose = {k: v for k, v in info.items() if k in ("missing_keys", "unexpected_keys", "mismatched_keys") and v}
    if loose:
        sys.exit(f"{folder} does not load with strict keys: {loose}")
    model.eval()
    with torch.no_grad():
        return model(**batch).logits, batch


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=["adapter", "export"])
    parser.add_argument("folder")
    parser.add_argument("--max-length", type=int, required=True)
    parser.add_argument("--base")
    parser.add_argument("--also", nargs=2, action="append", default=[], metavar=("KIND", "FOLDER"))
    parser.add_argument("texts", nargs="+")
    args = parser.parse_args()
    torch.set_num_threads(1)
    for kind, folder in [(args.kind, args.folder)] + [tuple(job) for job in args.also]:
        if kind == "adapter":
            logits, batch = adapter_logits(folder, args.base, args.texts, args.max_length)
        elif kind == "export":
            logits, batch = export_logits(folder, args.texts, args.max_length)
        else:
            sys.exit(f"--also {kind}: the kind is adapter or export")
        ids = [[int(i) for i, m in zip(row, mask) if m] for row, mask in zip(batch["input_ids"].tolist(), batch["attention_mask"].tolist())]
        json.dump({"logits": [[float(x) for x in row] for row in logits.tolist()], "input_ids": ids}, sys.stdout)
        print()


if __name__ == "__main__":
    main()
