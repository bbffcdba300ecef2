// kiln/cache.h — the kernel cache, from C++ and `kiln cache stats|ls|clear`. Compiled kernels
// are cached by content in memory (per process) and on disk (Config::cache_dir, KILN_CACHE_DIR;
// "off" disables it), capped at KILN_CACHE_MB (default 512) with least-recently-used eviction.
// The same folder keeps the choices kiln made by timing on a first call (which kernel runs a
// matrix product or convolution of given shapes; whether its epilogue runs fused), so a new
// process skips the timing; they count toward the cap and are evicted the same way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::cache {

struct Stats {
  int64_t memory_hits = 0;    // kernels found in this process's memory cache
  int64_t disk_hits = 0;      // loaded from the disk cache
  int64_t compiles = 0;       // compiled (then written to disk)
  int64_t disk_rejected = 0;  // disk entries found corrupt, truncated or stale (recompiled)
  int64_t failed = 0;         // runs whose kernel could not be generated (they ran eagerly)
  double compile_ms = 0;      // time spent compiling and loading
};
Stats stats();

struct Entry {
  std::string path;
  int64_t bytes = 0;
  std::string symbol;  // a kernel's symbol; for a tuning choice, what was timed and the winner
  std::string kind;    // "kernel", or "tuning": a choice made by timing kernels (which one runs
                       // a shape), kept so that a new process need not time them again
};
std::string dir();             // "" when the disk cache is off
std::vector<Entry> entries();  // the disk cache's files
int64_t clear();               // removes them; returns how many
int64_t cap_bytes();           // KILN_CACHE_MB
void forget_memory();          // drops this process's memory cache (tests, benchmarks)

}  // namespace kiln::cache
