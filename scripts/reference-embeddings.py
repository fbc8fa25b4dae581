#!/usr/bin/env python3
"""Reference sentence embeddings from the original sentence-transformers model.

Independent of finetune: PyTorch 2.15 from PyPI runs Hugging Face's BertModel through
sentence-transformers, loading the same local all-MiniLM-L6-v2 folder offline. The output is the
fixture Tests/TrainingTests/Fixtures/minilm-embeddings.json that the Swift parity tests compare
against (1e-4 per component).

Set-up used (the bench venv: torch 2.15.0, transformers 5.23.0, sentence-transformers 6.2.0):
    HF_HUB_OFFLINE=1 "$(bash scripts/bench-venv.sh)" scripts/reference-embeddings.py .cache/assets/minilm \
        > Tests/TrainingTests/Fixtures/minilm-embeddings.json
The previous fixture, made with torch 1.13, transformers 4.36.2 and sentence-transformers 2.3.1,
differed from this one by at most 3.2e-7 per component.
"""
import json
import os
import sys

import sentence_transformers
import torch
import transformers
from sentence_transformers import SentenceTransformer

SENTENCES = [
    "The new movie is awesome",
    "The new movie is so great",
    "A man is playing a guitar on stage; the crowd cheers!",
    "Café déjà vu: naïve résumé of the 2019 season, 3.5/5 stars.",
    "I didn't like it... at ALL. Worst $12 I've ever spent?!",
    "Quantum chromodynamics describes the strong interaction between quarks and gluons.",
    "",
    "ok",
    # Longer than the model's 256-token limit: checks truncation.
    " ".join(["The plot meanders, the acting is wooden, yet the cinematography is breathtaking."] * 30),
]


def main() -> None:
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("FINETUNE_ASSETS") or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "finetune"), "minilm")
    torch.manual_seed(0)
    model = SentenceTransformer(folder, device="cpu")
    model.eval()
    embeddings = model.encode(SENTENCES, batch_size=len(SENTENCES), convert_to_tensor=True)
    ids = [model.tokenize([s])["input_ids"][0].tolist() for s in SENTENCES]
    cases = [
        {"text": s, "ids": i, "embedding": [float(x) for x in e]}
        for s, i, e in zip(SENTENCES, ids, embeddings)
    ]
    json.dump({
        "generator": "scripts/reference-embeddings.py",
        "versions": {
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "sentence_transformers": sentence_transformers.__version__,
        },
        "max_seq_length": model.max_seq_length,
        "pair_cosine": float(embeddings[0] @ embeddings[1]),
        "cases": cases,
    }, sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
