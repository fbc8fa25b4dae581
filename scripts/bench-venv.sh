#!/usr/bin/env bash
# The Python a user installs today, for `make bench` and for producing parity reference numbers:
# torch 2.15 from PyPI (with the CUDA wheels pip pulls in; they are not used on a CPU machine),
# Hugging Face transformers, peft, sentence-transformers, safetensors and librosa; Pillow,
# torchvision and timm (vision parity: decoders, transforms, backbones); statsmodels and scipy
# (statistics parity); sentencepiece and protobuf (a real SentencePiece model converted to
# tokenizer.json for tokenizer parity). torchvision and timm go in with --no-deps: their
# metadata would pull another torch.
# Lives in the machine-wide cache, shared by every clone:
#   ${FINETUNE_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/finetune/bench-venv}
# Prints the venv's interpreter on the last line. Idempotent: reused while it imports the pins.
# Never needed by `make test` or `make sweep`.
set -euo pipefail

venv="${FINETUNE_BENCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/finetune/bench-venv}"
pins=(torch==2.15.0 transformers==5.23.0 peft==0.21.2 sentence-transformers==6.2.0
      safetensors==0.8.0 librosa==0.11.0 "numpy<2.5" pillow==13.0.0 statsmodels==0.15.0 scipy
      sentencepiece==0.2.3 protobuf==7.36.2)
nodeps=(torchvision==0.29.2 timm==1.0.31)
check='import torch, transformers, peft, sentence_transformers, safetensors, librosa, PIL, torchvision, timm, statsmodels, scipy, sentencepiece, google.protobuf
assert torch.__version__.startswith("2.15.0"), torch.__version__
assert transformers.__version__ == "5.23.0", transformers.__version__
assert PIL.__version__ == "13.0.0", PIL.__version__
assert torchvision.__version__.startswith("0.29.2"), torchvision.__version__'

python="$venv/bin/python"
if ! { [ -x "$python" ] && "$python" -c "$check" >/dev/null 2>&1; }; then
  echo "bench venv: installing ${pins[*]} into $venv (a few GB, once per machine)" >&2
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv"
  "$python" -m pip install --quiet --disable-pip-version-check "${pins[@]}" >&2
  "$python" -m pip install --quiet --disable-pip-version-check --no-deps "${nodeps[@]}" >&2
  "$python" -c "$check" >&2 || { echo "error: $venv cannot import its pinned packages" >&2; exit 1; }
fi
echo "$python"
