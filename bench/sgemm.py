"""This machine's sgemm rate through libtorch (the same OpenBLAS finetune uses): the peak that
achieved GFLOP/s are compared with. Prints one JSON line."""
import json
import sys
import time

import torch

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2048
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
torch.set_num_threads(threads)
a, b = torch.randn(n, n), torch.randn(n, n)
c = a @ b  # warm-up: thread pools, buffers
rates = []
for _ in range(7):
    start = time.perf_counter()
    torch.mm(a, b, out=c)
    rates.append(2 * n ** 3 / (time.perf_counter() - start) / 1e9)
rates.sort()
print(json.dumps({"n": n, "threads": threads, "best_gflops": rates[-1], "median_gflops": rates[len(rates) // 2]}))
