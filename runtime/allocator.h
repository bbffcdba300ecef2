// runtime/allocator.h — CPU memory for tensors. Blocks are 64-byte aligned (one cache line,
// one AVX-512 vector); blocks of 1 MiB and more are 2 MiB aligned and advised to use huge
// pages. Freed blocks are kept in per-size free lists up to a byte cap.
#pragma once

#include <cstddef>
#include <memory>

namespace kiln::alloc {

// Memory for `bytes` bytes whose shared_ptr deleter returns it to the cache.
std::shared_ptr<void> allocate(size_t bytes);

}  // namespace kiln::alloc
