#!/usr/bin/env python3
"""Tiny random RoBERTa, XLM-R, ELECTRA and DistilBERT folders and transformers' outputs on them,
for Tests/TrainingTests/EncoderFamilyParityTests.swift.

    encoders_tiny.py TOKENIZER_FIXTURES OUT_DIR [FOLDER...]

For roberta (the byte-level BPE tokenizer of tokenizer_json.py), xlm-roberta (its Unigram
tokenizer), electra (its WordPiece tokenizer; a discriminator with embedding_size equal to
hidden_size), electra-projected (the same with embedding_size 16, so embeddings_project maps
16 → 32), distilbert (WordPiece; relu in the feed-forward, which transformers offers beside
gelu) and bert (WordPiece; with its pooler, for cls pooling): a 2-layer, width-32 model from a
seeded RobertaModel/XLMRobertaModel/ElectraModel/DistilBertModel (without pooler)/BertModel,
saved with save_pretrained (config.json, model.safetensors) beside the tokenizer.json, and
reference.json holding, per text, the ids (`tokenizers`, truncation 64) and the last hidden state
of every real token (batch padded on the right, attention mask as usual). Beside them,
seq-classification.safetensors is the family's seeded 2-label ForSequenceClassification (its
classifier, pooler and pre_classifier drawn with std 0.5 so the logits are of order 1, not 0.02)
and seq-classification.json its logits for the same texts, in evaluation mode: the cls-pooled
classifier finetune builds and exports, checked without the venv. Bench venv
(scripts/bench-venv.sh: torch 2.15, transformers 5.23). Naming FOLDERs writes only those.
"""
import json
import os
import shutil
import sys

import torch
from tokenizers import Tokenizer
from safetensors.torch import save_file
from transformers import (AutoModelForSequenceClassification, BertConfig, BertModel, DistilBertConfig, DistilBertModel,
                          ElectraConfig, ElectraModel, RobertaConfig, RobertaModel, XLMRobertaConfig, XLMRobertaModel)

TEXTS = [
    "A great movie!",
    "The plot was thin, but the actors made it worth watching.",
    "naïve café, 中文 and 😀 <mask> here",
    "",
    "  spaces   everywhere\tand\nnewlines ",
]


def main():
    fixtures, out, only = sys.argv[1], sys.argv[2], sys.argv[3:]
    for name, family, kind, config_class, model_class in [
        ("roberta", "roberta", "bpe", RobertaConfig, RobertaModel),
        ("xlm-roberta", "xlm-roberta", "unigram", XLMRobertaConfig, XLMRobertaModel),
        ("electra", "electra", "wordpiece", ElectraConfig, ElectraModel),
        ("electra-projected", "electra", "wordpiece", ElectraConfig, ElectraModel),
        ("distilbert", "distilbert", "wordpiece", DistilBertConfig, DistilBertModel),
        ("bert", "bert", "wordpiece", BertConfig, BertModel),
    ]:
        if only and name not in only:
            continue
        folder = os.path.join(out, name)
        os.makedirs(folder, exist_ok=True)
        shutil.copy(os.path.join(fixtures, kind, "tokenizer.json"), os.path.join(folder, "tokenizer.json"))
        tokenizer = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        if family == "bert":
            config = BertConfig(vocab_size=tokenizer.get_vocab_size(), hidden_size=32, num_hidden_layers=2,
                                num_attention_heads=2, intermediate_size=64, max_position_embeddings=64,
                                type_vocab_size=2, pad_token_id=0, layer_norm_eps=1e-12, hidden_act="gelu")
            torch.manual_seed(25)
            model = model_class(config).eval()
        elif family == "distilbert":
            config = DistilBertConfig(vocab_size=tokenizer.get_vocab_size(), dim=32, n_layers=2, n_heads=2, hidden_dim=64,
                                      max_position_embeddings=64, pad_token_id=0, activation="relu")
            torch.manual_seed(25)
            model = model_class(config).eval()
        elif family == "electra":
            width = 16 if name == "electra-projected" else 32
            config = ElectraConfig(vocab_size=tokenizer.get_vocab_size(), embedding_size=width, hidden_size=32,
                                   num_hidden_layers=2, num_attention_heads=2, intermediate_size=64,
                                   max_position_embeddings=64, type_vocab_size=2, pad_token_id=0,
                                   layer_norm_eps=1e-12, hidden_act="gelu")
            torch.manual_seed(25)
            model = model_class(config).eval()
        else:
            config = config_class(vocab_size=tokenizer.get_vocab_size(), hidden_size=32, num_hidden_layers=2,
                                  num_attention_heads=2, intermediate_size=64, max_position_embeddings=66,
                                  type_vocab_size=1, pad_token_id=1, bos_token_id=0, eos_token_id=2,
                                  layer_norm_eps=1e-5, hidden_act="gelu")
            torch.manual_seed(25)
            model = model_class(config, add_pooling_layer=False).eval()
        model.save_pretrained(folder)
        tokenizer.enable_truncation(max_length=64)
        pad = config.pad_token_id
        tokenizer.enable_padding(pad_id=pad, pad_token=tokenizer.id_to_token(pad))
        encodings = tokenizer.encode_batch(TEXTS)
        ids = torch.tensor([e.ids for e in encodings])
        mask = torch.tensor([e.attention_mask for e in encodings])
        with torch.no_grad():
            hidden = model(input_ids=ids, attention_mask=mask).last_hidden_state
        rows = []
        for row, encoding in enumerate(encodings):
            length = sum(encoding.attention_mask)
            rows.append({"text": TEXTS[row], "ids": encoding.ids[:length],
                         "hidden": [[round(v, 7) for v in token] for token in hidden[row, :length].tolist()]})
        json.dump({"family": family, "rows": rows}, open(os.path.join(folder, "reference.json"), "w"))
        write_seq_classification(folder, config, ids, mask)
        print(name, "vocab", config.vocab_size, "bytes", os.path.getsize(os.path.join(folder, "model.safetensors")))


def write_seq_classification(folder, config, ids, mask):
    """The family's 2-label ForSequenceClassification, seeded, and its logits on `ids`."""
    config.num_labels = 2
    torch.manual_seed(26)
    model = AutoModelForSequenceClassification.from_config(config).eval()
    for name, parameter in model.named_parameters():
        if name.split(".")[0] in ("classifier", "pre_classifier") or ".pooler." in name:
            torch.nn.init.normal_(parameter, std=0.5)
    state = {name: tensor.contiguous() for name, tensor in model.state_dict().items()}
    save_file(state, os.path.join(folder, "seq-classification.safetensors"))
    with torch.no_grad():
        logits = model(input_ids=ids, attention_mask=mask).logits
    json.dump({"class": type(model).__name__, "logits": [[round(v, 7) for v in row] for row in logits.tolist()]},
              open(os.path.join(folder, "seq-classification.json"), "w"))


if __name__ == "__main__":
    main()
