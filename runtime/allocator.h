// runtime/allocator.h — CPU memory for tensors. Blocks are 64-byte aligned (one cache line,
// one AVX-512 vector); blocks of 1 MiB and more are 2 MiB aligned and advised to use huge
// pages. Freed blocks are kept in per-size free lists up to a byte cap.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace kiln::alloc {

// Memory for `bytes` bytes whose shared_ptr deleter returns it to the cache.
std::shared_ptr<void> allocate(size_t bytes);

// Maps the pages under [p, p + bytes) now, as a first write would, without changing what they
// hold, so that a kernel writing them later takes no page faults: a first call does this while
// its kernels compile or load on other threads, until `stop` (asked every 2 MiB) says the
// kernel is ready; the kernel's own threads then fault in the rest in parallel.
void populate(void* p, size_t bytes, const std::function<bool()>& stop = {});

namespace detail {
// The mode in brackets of /sys/kernel/mm/transparent_hugepage/enabled ("always [madvise]
// never" -> "madvise"); empty if there is none.
std::string thp_mode(std::string_view enabled);
// Whether a virtio device's `features` (one '0' or '1' per feature bit, bit 0 first) has
// VIRTIO_BALLOON_F_REPORTING (bit 5).
bool reports_free_pages(std::string_view features);
}  // namespace detail

}  // namespace kiln::alloc
