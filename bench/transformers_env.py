"""The Python that runs the MiniLM twin: a venv over Debian's python3 (so it sees python3-torch
1.13, the libtorch finetune links) with Hugging Face transformers added. transformers 4.36.2
still supports torch 1.13; numpy stays below 2, which torch 1.13 was built against.

Created once at .cache/bench-venv and reused while it imports the pinned version."""
import os
import subprocess

PINNED = ["transformers==4.36.2", "numpy<2"]
VERSION = "4.36.2"


def python(root, system_python="/usr/bin/python3"):
    """The venv's interpreter, creating or repairing the venv first when needed."""
    folder = os.path.join(root, ".cache", "bench-venv")
    interpreter = os.path.join(folder, "bin", "python")
    if not ready(interpreter):
        print(f"bench: installing {' '.join(PINNED)} into {os.path.relpath(folder, root)}", flush=True)
        subprocess.run([system_python, "-m", "venv", "--system-site-packages", folder], check=True)
        subprocess.run([interpreter, "-m", "pip", "install", "--quiet", *PINNED], check=True)
        if not ready(interpreter):
            raise SystemExit(f"bench: {interpreter} cannot import transformers {VERSION} with torch")
    return interpreter


def ready(interpreter):
    check = f"import torch, transformers; assert transformers.__version__ == {VERSION!r}"
    return os.path.exists(interpreter) and subprocess.run(
        [interpreter, "-c", check], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
