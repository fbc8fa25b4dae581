"""The MiniLM bench cases' data: VADER movie-review snippets joined into texts of at least 64
words, so every text tokenizes to at least 64 WordPiece tokens (each word gives one or more,
plus [CLS] and [SEP]) and every batch, padded to its longest text and cut at max_length 64, is
exactly batch x 64: the FLOP count is exact and both sides do the same work per step.

Snippets rated beyond ±1 (finetune's margin 1.0) are taken in file order and joined with the
following snippets of the same sign; 320 texts per class, one JSON object per line."""
import json
import os

WORDS = 64
PER_CLASS = 320


def movie_snippets(assets):
    """(rating, text) of every line of the VADER movie ground truth: id, rating, text by tabs."""
    path = os.path.join(assets, "vader", "movieReviewSnippets_GroundTruth.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\r\n").split("\t", 2)
            if len(parts) == 3:
                yield float(parts[1]), parts[2]


def long_texts(assets, words=WORDS, per_class=PER_CLASS):
    """[{text, label}]: per class, consecutive snippets joined until a text has `words` words."""
    done = {"negative": 0, "positive": 0}
    pending = {"negative": [], "positive": []}
    records = []
    for rating, text in movie_snippets(assets):
        if abs(rating) <= 1:
            continue
        label = "positive" if rating > 0 else "negative"
        if done[label] == per_class:
            continue
        pending[label].append(text)
        joined = " ".join(pending[label])
        if len(joined.split()) >= words:
            records.append({"text": joined, "label": label})
            pending[label] = []
            done[label] += 1
    if min(done.values()) < per_class:
        raise SystemExit(f"bench: VADER movies give only {done} texts of {words} words")
    return records


def write(path, assets):
    """Writes the data to `path` unless it already holds exactly that."""
    content = "".join(json.dumps(r) + "\n" for r in long_texts(assets))
    if os.path.exists(path) and open(path, encoding="utf-8").read() == content:
        return path
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".tmp", "w", encoding="utf-8") as f:
        f.write(content)
    os.replace(path + ".tmp", path)
    return path
