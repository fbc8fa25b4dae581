#!/usr/bin/env python3
"""What the reference reader (the `safetensors` Python package, installed by scripts/deps.sh)
makes of each file given: one JSON line per file, in order.

  {"accepted": true, "tensors": {"name": {"dtype": "F32", "shape": [2], "hex": "0000803f..."}}}
  {"accepted": false, "error": "Error while deserializing: ..."}

Used by Tests/SafeTensorsTests/ReferenceDifferentialTests.swift, which writes seeded damaged
files and compares finetune's reader with this. `safetensors.deserialize` is the package's own
parser over the whole file (read_metadata + validate), with no framework in between.
Exits 3 when the package is missing, so the test fails instead of passing without a reference.
"""
import json
import sys

try:
    import safetensors
except ImportError:
    print("the Python package safetensors is missing: run `make deps` (scripts/deps.sh)", file=sys.stderr)
    sys.exit(3)

for path in sys.argv[1:]:
    with open(path, "rb") as handle:
        image = handle.read()
    try:
        items = safetensors.deserialize(image)
    except Exception as error:  # the package raises SafetensorError (and others for odd input)
        print(json.dumps({"accepted": False, "error": str(error)}))
        continue
    tensors = {name: {"dtype": info["dtype"], "shape": list(info["shape"]), "hex": bytes(info["data"]).hex()}
               for name, info in items}
    print(json.dumps({"accepted": True, "tensors": tensors, "version": safetensors.__version__}))
