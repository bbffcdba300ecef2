// runtime/parallel.h — splitting loops across cores. kiln uses OpenMP (LLVM's libomp): it is
// what oneDNN already uses here (libomp also serves oneDNN's GOMP_* calls, so the process has
// one thread pool, not two fighting for 2 cores), and a parallel region costs ~1 µs.
#pragma once

#include <algorithm>
#include <cstdint>
#include <exception>
#include <mutex>

#include <omp.h>

#include "kiln/config.h"

namespace kiln {

// oneDNN runs on OpenMP's pool with OpenMP's thread count: called before each oneDNN call, so
// that KILN_NUM_THREADS / set_num_threads govern its kernels too (and in every calling thread:
// OpenMP's count is per thread).
inline void bind_library_threads() {
  int n = num_threads();
  if (omp_get_max_threads() != n) omp_set_num_threads(n);
}

// Below this many elements of simple work a loop runs on one thread.
inline constexpr int64_t kParallelGrain = 32768;

// Calls f(begin, end) over disjoint chunks covering [0, n), on up to num_threads() threads
// when n * cost_per_item justifies it.
template <class F>
void parallel_for(int64_t n, int64_t cost_per_item, F&& f) {
  if (n <= 0) return;
  int threads = num_threads();
  // (inside another parallel region: inline, on the calling thread, whose omp_get_thread_num()
  // per-thread buffers then keep indexing)
  if (threads <= 1 || n * cost_per_item < kParallelGrain || n == 1 || omp_in_parallel()) {
    f(int64_t(0), n);
    return;
  }
  int64_t chunks = std::min<int64_t>(threads, n);
#pragma omp parallel for num_threads(int(chunks)) schedule(static, 1)
  for (int64_t c = 0; c < chunks; ++c) {
    int64_t b = n * c / chunks, e = n * (c + 1) / chunks;
    if (b < e) f(b, e);
  }
}

// parallel_for for a body that may throw (one that makes tensors): an exception may not leave
// an OpenMP region, so the first one is caught there and rethrown on the calling thread after.
template <class F>
void parallel_for_rethrow(int64_t n, int64_t cost_per_item, F&& f) {
  std::mutex mu;
  std::exception_ptr failed;
  parallel_for(n, cost_per_item, [&](int64_t b, int64_t e) {
    try {
      f(b, e);
    } catch (...) {
      std::lock_guard lock(mu);
      if (!failed) failed = std::current_exception();
    }
  });
  if (failed) std::rethrow_exception(failed);
}

}  // namespace kiln
