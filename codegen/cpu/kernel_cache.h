// codegen/cpu/kernel_cache.h — compiled CPU kernels, cached by content (DESIGN decision 6).
// Key = hash of the kernel's MLIR text + host CPU and features + kiln version. In memory the
// cache is process-wide and thread-safe, and concurrent requests for one key compile once. On
// disk (Config::cache_dir) each entry is the object code behind a header with a magic number,
// the kiln version, the key and a checksum, written atomically (temp file + rename); a
// truncated, corrupt or mismatched file is logged, removed and recompiled, never loaded.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "codegen/kernel.h"

namespace kiln::codegen::cpu {

using KernelFn = void (*)(int64_t begin, int64_t end, void* const* buffers,
                          const int64_t* geometry);

struct CompiledKernel {
  KernelFn fn = nullptr;
  std::string symbol;
  std::string mlir;
  bool from_disk = false;
  double compile_ms = 0;  // 0 for a memory hit; disk load time for a disk hit
};

// The vector width kernels are written for: Config::vector_bits (KILN_VECTOR_BITS), else the
// host's widest.
int kernel_vector_bits();

// The kernel for (k, v): from memory, from disk, or compiled now.
// `prefetch`: a speculative request (not counted as a memory hit).
// `while_waiting`: called first when another thread is compiling or loading this kernel and
// it is not ready yet, with a function that says whether it is ready now (work that overlaps
// the wait, and stops when the kernel is there).
using WhileWaiting = std::function<void(const std::function<bool()>& ready)>;
std::shared_ptr<const CompiledKernel> get_kernel(const LoopKernel& k, const Variant& v,
                                                 bool prefetch = false,
                                                 const WhileWaiting& while_waiting = {});

struct DiskEntry {
  std::string path;
  int64_t bytes = 0;
  std::string symbol;
  std::string kind;  // "kernel" or "tuning"
};
std::vector<DiskEntry> disk_entries();  // what the disk cache holds
int64_t clear_disk_cache();             // removes kiln's files; returns how many

// Most bytes the disk cache keeps (KILN_CACHE_MB, default 512); the least recently used
// entries go first.
int64_t disk_cap_bytes();
std::string cache_dir();     // "" when off
void forget_memory_cache();  // the next request for each key goes to disk (tests)

}  // namespace kiln::codegen::cpu
