#!/usr/bin/env bash
# Puts libtorch 2.15 (the C++ library inside the PyPI torch wheel) into the machine-wide cache
# that every clone and the installed binary share:
#   ${FINETUNE_LIBTORCH:-${XDG_CACHE_HOME:-$HOME/.cache}/finetune/libtorch-2.15.0}/{include,lib}
# The wheels are only downloaded (pip download: no Python environment is touched), checked
# against pinned SHA-256 digests and unpacked. libtorch_cpu.so links libcudart.so.13 and
# libcupti.so.13, which come from the two small CUDA wheels torch 2.15 pins; the CUDA kernels
# (libtorch_cuda*.so) and the Python bindings are left out. Idempotent: quiet when present.
# `scripts/libtorch.sh --print-dir` prints the folder and does nothing else.
set -euo pipefail

version=2.15.0
dir="${FINETUNE_LIBTORCH:-${XDG_CACHE_HOME:-$HOME/.cache}/finetune/libtorch-$version}"
if [ "${1:-}" = "--print-dir" ]; then echo "$dir"; exit 0; fi
[ -f "$dir/.complete" ] && exit 0

torch_wheel=torch-2.15.0-cp311-cp311-manylinux_2_28_x86_64.whl
torch_sha=48c2d861134c0b5697c7602cb5ffa68f62a2989fdcd1717e593356f67996ca1e
cudart_wheel=nvidia_cuda_runtime-13.2.86-py3-none-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
cudart_sha=3498247680dfddce31bad102af7e3e26fc795342a3cac64722bb0fa95e7f60f0
cupti_wheel=nvidia_cuda_cupti-13.2.86-py3-none-manylinux_2_25_x86_64.whl
cupti_sha=8fa29f15dd8336181f961764d9d95236fc6b931dd0c8fcf8cd70aab0c310b586

if [ "$(uname -m)" != x86_64 ] || [ "$(uname -s)" != Linux ]; then
  echo "error: libtorch from the torch $version wheel is set up for Linux x86_64 only (this is $(uname -s) $(uname -m))" >&2
  exit 1
fi

echo "fetching libtorch $version (torch wheel from PyPI, 539 MB) into $dir"
mkdir -p "$(dirname "$dir")"
tmp="$(mktemp -d "$(dirname "$dir")/.libtorch-download.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

fetch() {  # name==version platform file sha
  pip download -q --no-deps --only-binary :all: --python-version 3.11 --platform "$2" "$1" -d "$tmp/wheels"
  [ -f "$tmp/wheels/$3" ] || { echo "error: pip did not produce $3" >&2; exit 1; }
  echo "$4  $tmp/wheels/$3" | sha256sum --quiet -c - || { echo "error: $3 does not match its pinned SHA-256" >&2; exit 1; }
}
fetch torch==2.15.0 manylinux_2_28_x86_64 "$torch_wheel" "$torch_sha"
fetch nvidia-cuda-runtime==13.2.86 manylinux2014_x86_64 "$cudart_wheel" "$cudart_sha"
fetch nvidia-cuda-cupti==13.2.86 manylinux_2_25_x86_64 "$cupti_wheel" "$cupti_sha"

out="$tmp/libtorch"
mkdir -p "$out"
unzip -q "$tmp/wheels/$torch_wheel" 'torch/include/*' 'torch/lib/*' -d "$tmp/unpacked" \
  -x 'torch/lib/libtorch_cuda*.so' 'torch/lib/libtorch_python.so' 'torch/lib/libtorch_nvshmem.so' 'torch/lib/libc10_cuda.so' \
     'torch/lib/libcaffe2_nvrtc.so'
mv "$tmp/unpacked/torch/include" "$tmp/unpacked/torch/lib" "$out/"
unzip -q -j "$tmp/wheels/$cudart_wheel" 'nvidia/cu13/lib/libcudart.so.13' -d "$out/lib"
unzip -q -j "$tmp/wheels/$cupti_wheel" 'nvidia/cu13/lib/libcupti.so.13' -d "$out/lib"
echo "torch==$version $torch_sha" > "$out/VERSION"
touch "$out/.complete"
rm -rf "$dir"
mv "$out" "$dir"
echo "libtorch $version ready: $(du -sh "$dir" | cut -f1) in $dir"
