#!/usr/bin/env bash
# Installs what finetune needs on a fresh Debian machine: the C libraries, libtorch 2.15 (from the
# PyPI torch wheel, into the machine-wide cache: scripts/libtorch.sh), the Python tools the tests
# use as independent checkers, and the assets (`finetune fetch`). Idempotent; silent when all is there.
set -euo pipefail
cd "$(dirname "$0")/.."

# espeak-ng, festival (+ three voices from real speakers) and sox generate the speech asset.
# slurm-wlm and munge run the one-node cluster of the Slurm tests (scripts/slurm-local.sh).
# libjpeg62-turbo-dev, libpng-dev and zlib1g-dev are the JPEG and PNG decoders of user images
# (Sources/CImageCodecs links libjpeg, libpng16 and libz). python3-venv makes the bench and
# tracking venvs; procps (pkill) stops the tracking tests' MLflow server and its workers.
debs=(libyaml-dev unzip espeak-ng festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts sox slurm-wlm munge
      libjpeg62-turbo-dev libpng-dev zlib1g-dev python3-venv procps)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# safetensors is the reference reader the differential test (Tests/SafeTensorsTests) compares with.
if ! python3 -c 'import jsonschema, ruamel.yaml, safetensors' 2>/dev/null; then
  echo "installing Python tools: jsonschema ruamel.yaml safetensors"
  python3 -m pip install -q --root-user-action=ignore jsonschema ruamel.yaml "safetensors==0.8.0"
fi

# `finetune fetch fashion-mnist` takes Debian's dataset-fashion-mnist with `apt-get download`,
# which needs apt's package lists.
if ! apt-cache show dataset-fashion-mnist >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
fi

bash scripts/libtorch.sh
# The assets are fetched by `finetune fetch` (the Makefile runs it after this script).
