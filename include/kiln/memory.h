// kiln/memory.h — the CPU caching allocator's counters. Eager ops allocate their outputs from
// it, so a loop that makes the same-sized tensors each iteration reuses warm pages instead of
// faulting in fresh ones (the B1 trap in shared/BENCHMARKS.md).
#pragma once

#include <cstdint>
#include <string>

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

// What `kiln doctor` says of memory. `thp`: the kernel's transparent huge page mode
// ("always", "madvise" or "never"; empty where /sys does not say). `host_reclaims`: a virtio
// balloon reports free pages to the host (free page reporting), which backs them again on
// first touch: measured on a Firecracker guest, a fresh 2 MB page then took ~5 ms, and a first
// call writing 64 MB 80-90 ms instead of ~10 (bench/RESULTS.md, session 22).
struct MemoryReport {
  std::string thp;
  bool host_reclaims = false;
};
MemoryReport memory_report();

}  // namespace kiln
