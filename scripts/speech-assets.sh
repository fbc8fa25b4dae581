#!/usr/bin/env bash
# Generates the speech asset (scripts/speech-data.py: espeak-ng accents and festival voices,
# seeded, deterministic) into the machine-wide asset cache `finetune fetch` fills:
# $FINETUNE_ASSETS, else $XDG_CACHE_HOME/finetune, else ~/.cache/finetune. Idempotent: a VERSION
# file marks the generator's settings; quiet when the set is there.
set -euo pipefail
root="${FINETUNE_ASSETS:-${XDG_CACHE_HOME:-$HOME/.cache}/finetune}"
speech_version="speech-data v1"
if [ "$(cat "$root/speech/VERSION" 2>/dev/null)" != "$speech_version" ]; then
  echo "generating spoken command words (espeak-ng, festival, sox) into $root/speech"
  mkdir -p "$root"
  python3 "$(dirname "$0")/speech-data.py" "$root"
  echo "$speech_version" > "$root/speech/VERSION"
fi
