// bench/compile_latency.cpp — B7: time to the first fused result of the B1 graph and of the
// B4 encoder layer in a fresh process. bench/run.sh runs it twice: with an empty
// KILN_CACHE_DIR (cold: every kernel compiled) and again (warm: kernels loaded from disk).
// The first call traces, compiles (or loads) the fused kernels and runs them: its time is the
// time to the first result. The second call is a replay, for comparison.
#include <fmt/format.h>
#include <sys/mman.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

#include "bench/models.h"
#include "kiln/cache.h"
#include "kiln/config.h"
#include "kiln/kiln.h"

using namespace kiln;

namespace {
double ms_of(const std::function<void()>& f) {
  auto t = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}
void emit(const std::string& workload, const std::string& metric, double v) {
  fmt::print(
      "{{\"workload\": \"{}\", \"peer\": \"kiln compiled\", \"threads\": {}, \"metric\": "
      "\"{}\", \"value\": {:.4f}, \"unit\": \"ms\"}}\n",
      workload, num_threads(), metric, v);
}
}  // namespace

int main() {
  bool warm = !cache::entries().empty();
  Generator gen(1);
  {
    int64_t n = 16 << 20;
    Tensor x = randn({n}, DType::Float32, &gen), w = randn({n}, DType::Float32, &gen),
           b = randn({n}, DType::Float32, &gen);
    auto f = compile(
        [](const Tensor& x, const Tensor& w, const Tensor& b) { return gelu(x * w + b) + x; });
    double before = cache::stats().compile_ms;
    double first = ms_of([&] { f(x, w, b); });
    double compile_ms = cache::stats().compile_ms - before;
    double run = ms_of([&] { f(x, w, b); });
    std::string wl = fmt::format("B7 B1 graph ({})", warm ? "warm" : "cold");
    emit(wl, "kernels compiled or loaded (all threads)", compile_ms);
    emit(wl, "first call: trace + kernels + run", first);
    emit(wl, "replay", run);
    emit(wl, "first call minus a replay", first - run);
    // What the machine charges for memory the process has never touched, for reference: the
    // first call's 64 MB result is such memory (measured after it, in the same process).
    void* fresh = std::aligned_alloc(size_t(2) << 20, size_t(n) * 4);
    if (!fresh) throw std::bad_alloc();
    if (config().huge_pages) madvise(fresh, size_t(n) * 4, MADV_HUGEPAGE);
    emit(wl, "reference, not kiln: first touch of 64 MB of fresh memory", ms_of([&] {
           std::memset(fresh, 1, size_t(n) * 4);
           asm volatile("" : : "r"(fresh) : "memory");  // (the writes are kept)
         }));
    std::free(fresh);
  }
  {
    bench::EncoderLayer model(gen);
    const int64_t S = model.S, D = model.D;
    auto layer = compile([&](const Tensor& x) { return model.forward(x); });
    Tensor x = randn({8, S, D}, DType::Float32, &gen);
    double before = cache::stats().compile_ms;
    double first = ms_of([&] { layer(x); });
    double compile_ms = cache::stats().compile_ms - before;
    double run = ms_of([&] { layer(x); });
    std::string wl = fmt::format("B7 B4 layer ({})", warm ? "warm" : "cold");
    emit(wl, "kernels compiled or loaded (all threads)", compile_ms);
    emit(wl, "first call: trace + kernels + run", first);
    emit(wl, "replay", run);
    emit(wl, "first call minus a replay", first - run);
  }
  return 0;
}
