// kiln/memory.h — the CPU caching allocator's counters. Eager ops allocate their outputs from
// it, so a loop that makes the same-sized tensors each iteration reuses warm pages instead of
// faulting in fresh ones (the B1 trap in shared/BENCHMARKS.md).
#pragma once

#include <cstdint>

namespace kiln {

struct AllocatorStats {
  int64_t live_bytes = 0;    // handed out and not yet returned
  int64_t cached_bytes = 0;  // returned and kept for reuse
  int64_t hits = 0;          // allocations served from the cache
  int64_t misses = 0;        // allocations that went to the system
};

AllocatorStats allocator_stats();
// Gives every cached block back to the system.
void empty_cache();

}  // namespace kiln
