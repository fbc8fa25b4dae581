// Random numbers: each thread that seeds gets its own generator.
//
// A run seeds once and then draws its initial weights, dropout masks and SpecAugment masks.
// With libtorch's one global generator, two runs trained at once in one process (the test
// suite does this) interleave their draws, so neither run's numbers depend on its seed alone.
// A generator per seeding thread gives each run exactly the stream it would get alone: a
// generator made from a seed yields the same numbers as the global one after manual_seed.
#include "ctorch_internal.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>
#include <optional>

namespace ft {

static thread_local std::optional<at::Generator> seeded;

at::Generator generator() {
    return seeded ? *seeded : at::detail::getDefaultCPUGenerator();
}

uint64_t random64() {
    auto gen = generator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    return at::check_generator<at::CPUGeneratorImpl>(gen)->random64();
}

} // namespace ft

extern "C" void ft_manual_seed(uint64_t seed) {
    at::manual_seed(seed);  // libtorch's own draws (none of ours) stay seeded too
    ft::seeded = at::make_generator<at::CPUGeneratorImpl>(seed);
}
