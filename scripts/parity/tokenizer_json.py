#!/usr/bin/env python3
"""Reference tokenizers and ids for `HFTokenizer` (Tests/DatasetsTests/TokenizerJSON*Tests.swift).

    tokenizer_json.py VADER_DIR OUT_DIR [KIND ...]

Trains three small tokenizers with Hugging Face `tokenizers` on the VADER texts, writes each as
OUT_DIR/<kind>/tokenizer.json, and next to it the reference ids:
  vader.fnv32  one little-endian FNV-1a 32-bit hash per VADER text (the four files in name
               order, third tab-separated field of every non-blank line) of its ids written
               as "0,713,...,2" (truncation to 128, no padding);
  edge.fnv32   the same for the generated Unicode edge cases in OUT_DIR/edge-texts.json;
  sample.json  full ids for the first 40 VADER texts, and pairs (text i with text i+1,
               max_length 24, longest-first truncation) with their type ids.
Kinds: bpe (byte-level, RoBERTa-style, also saved as vocab.json + merges.txt), unigram
(NFKC + Metaspace, XLM-R-style template), wordpiece (BertNormalizer + BertPreTokenizer,
BERT template) and wordpiece-seq (the WordPiece vocabulary behind NFD/StripAccents/Lowercase,
Whitespace and BertProcessing: the composable pieces); xlmr-spm (a SentencePiece Unigram model
trained by `sentencepiece` with its default nmt_nfkc rule, converted by transformers'
XLMRobertaConverter: the Precompiled charsmap, Strip, Replace of a regex, Metaspace);
wordpiece-split and wordpiece-split-regex (the WordPiece vocabulary behind Nmt, Replace, Split,
Punctuation and Digits, each Split behaviour at least once). KINDs limit what is written (all
when none is given); the trained models are deterministic, so rewriting one kind leaves the
others' files as they are. Runs in the bench venv (scripts/bench-venv.sh; tokenizers 0.23,
sentencepiece 0.2.3 and protobuf for xlmr-spm).
"""
import json
import os
import random
import struct
import sys

from tokenizers import AddedToken, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

VOCAB = 2000


def vader_texts(folder):
    texts = []
    for name in sorted(os.listdir(folder)):
        raw = open(os.path.join(folder, name), "rb").read().split(b"\n")
        lines = [l[:-1] if l.endswith(b"\r") else l for l in raw if l.strip()]
        texts += [l.decode("utf-8").split("\t", 2)[2] for l in lines]
    return texts


def edge_texts(count=2000):
    """Seeded strings that stress normalization and splitting."""
    rng = random.Random(25)
    pools = [
        "aeiou", "áéíóúàèìòùâêîôûäëïöüñçÅØæœß", "ÁÉÍÓÚÑÇ", "e\u0301a\u0300o\u0308n\u0303",
        "中文字符日本語漢字한국어", "ｆｕｌｌｗｉｄｔｈＡＢＣ１２３", "ﬁﬂ①②½™㎏", "😀😂👍🏽👨‍👩‍👧🇫🇷❤️",
        "  \t\n\r\u00a0\u2009\u3000", ".,!?;:'\"()-_/@#&*", "0123456789", "αβγδΔΣωЖжшЩ", "\u200b\u200d\ufeff\u0000\u0007",
        "'s 're 've 'll 'd 'm 't", "İıŞşĞğ", "ﾊﾝｶｸｶﾀｶﾅ",
    ]
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 12)):
            pool = rng.choice(pools)
            parts.append("".join(rng.choice(pool) for _ in range(rng.randint(1, 8))))
            parts.append(rng.choice([" ", "", "  ", "\n", "\t "]))
        if rng.random() < 0.05:
            parts.append("x" * rng.randint(90, 140))
        if rng.random() < 0.05:
            parts.append(rng.choice(["<mask>", "[MASK]", "<s>", "[CLS]", " <mask> "]))
        out.append("".join(parts))
    return out


def fnv1a32(data):
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def hashes(tok, texts):
    tok.no_padding()
    tok.enable_truncation(max_length=128)
    return b"".join(struct.pack("<I", fnv1a32(",".join(map(str, e.ids)).encode()))
                    for e in tok.encode_batch(texts))


def train(kind, texts):
    if kind == "bpe":
        tok = Tokenizer(models.BPE())
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
        tok.decoder = decoders.ByteLevel()
        trainer = trainers.BpeTrainer(vocab_size=VOCAB, special_tokens=[
            "<s>", "<pad>", "</s>", "<unk>", AddedToken("<mask>", lstrip=True, special=True)],
                                      initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
        tok.train_from_iterator(texts, trainer)
        tok.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0))
    elif kind == "unigram":
        tok = Tokenizer(models.Unigram())
        tok.normalizer = normalizers.NFKC()
        tok.pre_tokenizer = pre_tokenizers.Metaspace()
        tok.decoder = decoders.Metaspace()
        trainer = trainers.UnigramTrainer(vocab_size=VOCAB, unk_token="<unk>",
                                          special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
        tok.train_from_iterator(texts, trainer)
        tok.post_processor = processors.TemplateProcessing(
            single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>",
            special_tokens=[("<s>", tok.token_to_id("<s>")), ("</s>", tok.token_to_id("</s>"))])
    else:
        tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
        tok.normalizer = normalizers.BertNormalizer(lowercase=True)
        tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        tok.decoder = decoders.WordPiece()
        trainer = trainers.WordPieceTrainer(vocab_size=VOCAB,
                                            special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
        tok.train_from_iterator(texts, trainer)
        tok.post_processor = processors.TemplateProcessing(
            single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
            special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    return tok


def sequence_variant(wordpiece):
    tok = Tokenizer.from_str(wordpiece.to_str())
    tok.normalizer = normalizers.Sequence([normalizers.NFD(), normalizers.StripAccents(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(), pre_tokenizers.Whitespace()])
    tok.post_processor = processors.BertProcessing(("[SEP]", 3), ("[CLS]", 2))
    return tok


def xlmr_spm(texts):
    """A real SentencePiece model, as XLM-R's tokenizer.json is made from one."""
    import io
    import types
    import sentencepiece
    from transformers.convert_slow_tokenizer import XLMRobertaConverter
    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(texts), model_writer=model, vocab_size=VOCAB, model_type="unigram",
        normalization_rule_name="nmt_nfkc", num_threads=1, minloglevel=2)
    path = os.path.join(os.environ.get("TMPDIR", "/tmp"), "finetune-xlmr-spm.model")
    open(path, "wb").write(model.getvalue())
    fairseq = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    original = types.SimpleNamespace(vocab_file=path, mask_token="<mask>", add_prefix_space=True,
                                     convert_tokens_to_ids=fairseq.__getitem__)
    tok = XLMRobertaConverter(original).converted()
    tok.add_special_tokens([AddedToken("<mask>", lstrip=True, special=True)])
    return tok


def split_variant(wordpiece, regex):
    """The WordPiece vocabulary behind Nmt, Replace, Split, Punctuation and Digits."""
    from tokenizers import Regex
    tok = Tokenizer.from_str(wordpiece.to_str())
    if regex:
        tok.normalizer = normalizers.Sequence([
            normalizers.Replace(Regex(r"\s{2,}"), " "), normalizers.Nmt(), normalizers.NFKC()])
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(r"\w+|[^\w\s]+"), "removed", invert=True),
            pre_tokenizers.Split(Regex("[-/]"), "merged_with_previous"),
            pre_tokenizers.Punctuation("contiguous"),
            pre_tokenizers.Digits(individual_digits=False),
            pre_tokenizers.Split(Regex("[aeiou]"), "merged_with_next")])
    else:
        tok.normalizer = normalizers.Sequence([
            normalizers.Nmt(), normalizers.Replace("''", '"'), normalizers.Replace("``", '"'),
            normalizers.Lowercase()])
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(" ", "removed"),
            pre_tokenizers.Punctuation(),
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.Split("ing", "merged_with_next"),
            pre_tokenizers.Split("e", "contiguous")])
    return tok


def write(kind, tok, out, vader, edges):
    folder = os.path.join(out, kind)
    os.makedirs(folder, exist_ok=True)
    tok.no_truncation()
    tok.no_padding()
    tok.save(os.path.join(folder, "tokenizer.json"))
    open(os.path.join(folder, "vader.fnv32"), "wb").write(hashes(tok, vader))
    open(os.path.join(folder, "edge.fnv32"), "wb").write(hashes(tok, edges))
    tok.enable_truncation(max_length=128)
    singles = [{"text": t, "ids": tok.encode(t).ids} for t in vader[:40] + edges[:20]]
    tok.enable_truncation(max_length=24)
    pairs = []
    for i in range(0, 80, 2):
        e = tok.encode(vader[i], vader[i + 1])
        pairs.append({"a": vader[i], "b": vader[i + 1], "ids": e.ids, "type_ids": e.type_ids})
    json.dump({"singles": singles, "pairs": pairs}, open(os.path.join(folder, "sample.json"), "w"),
              ensure_ascii=False, indent=0)
    if kind == "bpe":
        tok.model.save(folder)


def main():
    vader_dir, out = sys.argv[1], sys.argv[2]
    vader = vader_texts(vader_dir)
    edges = edge_texts()
    os.makedirs(out, exist_ok=True)
    json.dump(edges, open(os.path.join(out, "edge-texts.json"), "w"), ensure_ascii=False, indent=0)
    trained = {kind: train(kind, vader) for kind in ["bpe", "unigram", "wordpiece"]}
    trained["wordpiece-seq"] = sequence_variant(trained["wordpiece"])
    trained["wordpiece-split"] = split_variant(trained["wordpiece"], regex=False)
    trained["wordpiece-split-regex"] = split_variant(trained["wordpiece"], regex=True)
    kinds = sys.argv[3:] or list(trained) + ["xlmr-spm"]
    if "xlmr-spm" in kinds:
        trained["xlmr-spm"] = xlmr_spm(vader)
    for kind in kinds:
        write(kind, trained[kind], out, vader, edges)
    print(len(vader), "VADER texts,", len(edges), "edge cases")


if __name__ == "__main__":
    main()
