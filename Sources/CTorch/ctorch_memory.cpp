// How glibc's malloc hands libtorch its tensor memory.
//
// By default glibc serves large blocks with a fresh mmap and unmaps them when freed, and trims the
// top of the heap when more than M_TRIM_THRESHOLD is free. A training step allocates and frees the
// same few-MB activations and gradients hundreds of times, so each one was fresh memory that the
// kernel zeroes page by page: 3% of a MiniLM step's samples (perf, 1 thread) were page faults and
// clear_page, more with 2 threads. Serving blocks up to 32 MiB (glibc's ceiling for this
// setting) from the heap and never trimming it lets freed blocks be reused: the step's peak
// memory stays mapped instead. Blocks above that ceiling (a MobileNetV2 activation at 224 px,
// batch 16, is 77 MB) were still fresh mmaps, 14% of a step's samples in the kernel: with
// M_MMAP_MAX 0 every block comes from the heap, and that step ran 10% faster at the same peak
// RSS. Set once when the library loads, before any tensor exists.
#include <malloc.h>

namespace {

struct KeepFreedMemory {
    KeepFreedMemory() {
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        mallopt(M_MMAP_MAX, 0);
    }
};

const KeepFreedMemory keepFreedMemory;

}  // namespace
