// Thread pools, versions, and MKL's CPU check.
#include "ctorch_internal.hpp"

#include <torch/version.h>
#include <ATen/Parallel.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace {

// What MKL should be told when it asks whether this is an Intel CPU.
//
// MKL (linked statically into libtorch_cpu.so) dispatches its kernels on the CPU's features
// only after `mkl_serv_intel_cpu_true` says the CPU is Intel's; on any other vendor it takes a
// generic SSE path (sgemm 2048² on 2 threads: 215 vs 482 GFLOP/s measured on a 2-core AMD EPYC).
// The answer is yes on Intel (what MKL finds itself), yes on other CPUs that have the AVX2 and
// FMA its fast kernels use (it then picks AVX2 or AVX-512 kernels by feature), and no otherwise.
// FINETUNE_MKL_CPU=fast|generic forces either answer (to compare both paths).
struct MKLDecision {
    int answer;
    const char *path;
};

MKLDecision decide() {
    if (const char *forced = std::getenv("FINETUNE_MKL_CPU")) {
        if (std::strcmp(forced, "fast") == 0) return {1, "fast (FINETUNE_MKL_CPU)"};
        if (std::strcmp(forced, "generic") == 0) return {0, "generic (FINETUNE_MKL_CPU)"};
    }
    __builtin_cpu_init();
    if (__builtin_cpu_is("intel")) return {1, "intel"};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
        bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
                      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq");
        return {1, avx512 ? "fast (non-Intel CPU with AVX-512)" : "fast (non-Intel CPU with AVX2)"};
    }
    return {0, "generic (CPU without AVX2/FMA)"};
}

const MKLDecision &decision() {
    static const MKLDecision d = decide();
    return d;
}

std::atomic<int64_t> checks{0};

}  // namespace

extern "C" {

// Takes precedence over MKL's own definition: libtorch_cpu.so calls it through its PLT and the
// executable exports it (Package.swift: --export-dynamic-symbol).
__attribute__((visibility("default"))) int mkl_serv_intel_cpu_true(void) {
    checks.fetch_add(1, std::memory_order_relaxed);
    return decision().answer;
}

const char *ft_mkl_cpu_path(void) { return decision().path; }

int64_t ft_mkl_cpu_checks(void) { return checks.load(std::memory_order_relaxed); }

int ft_set_num_threads(int intra, int interop) {
    return ft::run([&] {
        // at::set_num_threads also (re)creates the pthreadpool behind NNPACK/XNNPACK, whose
        // workers spin for milliseconds after every command; skip it when nothing changes
        // (OMP_NUM_THREADS already said so), so a run that never uses it never starts it.
        if (intra > 0 && at::get_num_threads() != intra) at::set_num_threads(intra);
        if (interop > 0) at::set_num_interop_threads(interop);
        return 0;
    });
}

int ft_get_num_threads(void) { return ft::run([] { return at::get_num_threads(); }); }

const char *ft_version(void) { return TORCH_VERSION; }

char *ft_config(void) {
    try {
        return ft::copy_string(at::show_config() + at::get_parallel_info());
    } catch (...) {
        ft::record_current_exception();
        return nullptr;
    }
}

}  // extern "C"
