#include "runtime/allocator.h"

#include <sys/mman.h>
#include <unistd.h>

#include <bit>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <new>
#include <vector>

#include "kiln/config.h"
#include "kiln/memory.h"
#include "runtime/log.h"

namespace kiln {

namespace {

constexpr size_t kLarge = size_t(1) << 20;
constexpr size_t kHuge = size_t(2) << 20;

// Sizes are rounded so that a freed block fits many later requests: powers of two below
// 1 MiB, multiples of 2 MiB above.
size_t round_size(size_t n) {
  if (n <= 64) return 64;
  if (n < kLarge) return std::bit_ceil(n);
  return (n + kHuge - 1) / kHuge * kHuge;
}

void* system_alloc(size_t n) {
  // aligned_alloc needs the size to be a multiple of the alignment: only whole 2 MiB blocks
  // are 2 MiB aligned (and advised to use huge pages; with KILN_HUGE_PAGES=0 advised not to,
  // as the kernel would still give them huge pages when its mode is "always").
  bool huge = n % kHuge == 0;
  void* p = std::aligned_alloc(huge ? kHuge : 64, n);
  if (!p) throw std::bad_alloc();
  if (huge) madvise(p, n, config().huge_pages ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  return p;
}

class CachingAllocator {
 public:
  void* allocate(size_t n) {
    {
      std::lock_guard lock(mu_);
      stats_.live_bytes += int64_t(n);
      auto it = free_.find(n);
      if (it != free_.end() && !it->second.empty()) {
        void* p = it->second.back();
        it->second.pop_back();
        stats_.cached_bytes -= int64_t(n);
        ++stats_.hits;
        return p;
      }
      ++stats_.misses;
    }
    if (n >= kLarge) logging::get("alloc").debug("new {} MiB block from the system", n >> 20);
    try {
      return system_alloc(n);
    } catch (...) {
      empty();  // give cached memory back and try once more
      return system_alloc(n);
    }
  }

  void release(void* p, size_t n) {
    bool keep = config().caching_allocator;
    {
      std::lock_guard lock(mu_);
      stats_.live_bytes -= int64_t(n);
      int64_t cap = config().allocator_cache_mb << 20;
      if (keep && stats_.cached_bytes + int64_t(n) <= cap) {
        free_[n].push_back(p);
        stats_.cached_bytes += int64_t(n);
        return;
      }
    }
    std::free(p);
  }

  void empty() {
    std::map<size_t, std::vector<void*>> blocks;
    {
      std::lock_guard lock(mu_);
      blocks.swap(free_);
      stats_.cached_bytes = 0;
    }
    for (auto& [n, list] : blocks)
      for (void* p : list) std::free(p);
  }

  AllocatorStats stats() {
    std::lock_guard lock(mu_);
    return stats_;
  }

 private:
  std::mutex mu_;
  std::map<size_t, std::vector<void*>> free_;
  AllocatorStats stats_;
};

CachingAllocator& the_allocator() {
  static auto* a = new CachingAllocator;  // leaked: tensors may die during static destruction
  return *a;
}

}  // namespace

AllocatorStats allocator_stats() { return the_allocator().stats(); }
void empty_cache() { the_allocator().empty(); }

namespace alloc {
std::shared_ptr<void> allocate(size_t bytes) {
  size_t n = round_size(bytes);
  void* p = the_allocator().allocate(n);
  return std::shared_ptr<void>(p, [n](void* q) { the_allocator().release(q, n); });
}

void populate(void* p, size_t bytes, const std::function<bool()>& stop) {
  // One write per page that changes nothing (x86's locked compare-and-exchange writes even
  // when it fails; 0 is written only over 0; elsewhere a fresh page reads 0, so the exchange
  // succeeds and writes), from this thread. Not MADV_POPULATE_WRITE: that
  // holds the process's address-space lock through the whole range, and a kernel compiling
  // meanwhile on another thread stalls in every mmap and mprotect of its allocator (its
  // lowering took 165 ms instead of 13 beside a 64 MB populate here). Not an atomic add of
  // zero either: compilers make that a load, which maps the shared zero page.
  static const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
  uintptr_t at = reinterpret_cast<uintptr_t>(p), end = at + bytes, check = at;
  for (; at < end; at = (at / page + 1) * page) {
    if (at >= check) {  // every 2 MiB (one huge page)
      if (stop && stop()) return;
      check = at + kHuge;
    }
    char zero = 0;
    __atomic_compare_exchange_n(reinterpret_cast<char*>(at), &zero, char(0), false,
                                __ATOMIC_RELAXED, __ATOMIC_RELAXED);
  }
}

namespace detail {
std::string thp_mode(std::string_view enabled) {
  size_t open = enabled.find('['), close = enabled.find(']', open);
  if (open == std::string_view::npos || close == std::string_view::npos) return "";
  return std::string(enabled.substr(open + 1, close - open - 1));
}
bool reports_free_pages(std::string_view features) {
  constexpr size_t kReporting = 5;  // VIRTIO_BALLOON_F_REPORTING
  return features.size() > kReporting && features[kReporting] == '1';
}
}  // namespace detail

}  // namespace alloc

MemoryReport memory_report() {
  auto read = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  MemoryReport r;
  r.thp = alloc::detail::thp_mode(read("/sys/kernel/mm/transparent_hugepage/enabled"));
  std::error_code ec;
  for (std::filesystem::directory_iterator it("/sys/bus/virtio/drivers/virtio_balloon", ec), end;
       !ec && it != end; it.increment(ec))
    if (it->path().filename().string().rfind("virtio", 0) == 0 &&
        alloc::detail::reports_free_pages(read(it->path() / "features")))
      r.host_reclaims = true;
  return r;
}

}  // namespace kiln
