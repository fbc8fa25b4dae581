"""finetune's MKL setting for a Python process: a tiny shared library that answers MKL's
"is this an Intel CPU?" check with yes, loaded with LD_PRELOAD so that it takes precedence over
the definition inside torch's libtorch_cpu.so, as finetune's own definition does in its binary
(Sources/CTorch/ctorch_runtime.cpp). On an Intel CPU MKL already answers yes itself, so this
changes nothing there; on other CPUs with AVX2/FMA it lets MKL pick its fast kernels by feature."""
import os
import subprocess

SOURCE = "int mkl_serv_intel_cpu_true(void) { return 1; }\n"


def library(root):
    """The shim's path, compiled with cc into .build/bench-mkl the first time."""
    folder = os.path.join(root, ".build", "bench-mkl")
    path = os.path.join(folder, "libmklcpu.so")
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        source = os.path.join(folder, "mklcpu.c")
        with open(source, "w") as f:
            f.write(SOURCE)
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", path, source], check=True)
    return path
