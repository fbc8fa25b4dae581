"""The roberta-full bench case's model: a RoBERTa-shaped encoder with random weights, as wide and
deep as all-MiniLM-L6-v2 (6 layers, width 384, 12 heads, feed-forward 1536) with roberta-base's
vocabulary size and positions (50265, 514), saved by transformers (config.json, model.safetensors)
beside the byte-level BPE tokenizer.json of the tokenizer parity fixtures. Written once; a folder
that already has its config.json is kept.

    roberta_folder.py OUT_DIR
"""
import os
import shutil
import sys

import torch
from transformers import RobertaConfig, RobertaModel

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKENIZER = os.path.join(ROOT, "Tests", "DatasetsTests", "Fixtures", "tokenizers", "bpe", "tokenizer.json")


def main():
    out = sys.argv[1]
    if os.path.exists(os.path.join(out, "config.json")):
        return
    os.makedirs(out, exist_ok=True)
    config = RobertaConfig(vocab_size=50265, hidden_size=384, num_hidden_layers=6, num_attention_heads=12,
                           intermediate_size=1536, max_position_embeddings=514, type_vocab_size=1, pad_token_id=1,
                           bos_token_id=0, eos_token_id=2, layer_norm_eps=1e-5, hidden_act="gelu")
    torch.manual_seed(6)
    RobertaModel(config, add_pooling_layer=False).save_pretrained(out)
    shutil.copy(TOKENIZER, os.path.join(out, "tokenizer.json"))


if __name__ == "__main__":
    main()
