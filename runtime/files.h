// runtime/files.h — what kiln's disk caches (compiled kernels, tuning choices) share: a content
// hash for names and checksums, and writing a file so that readers never see half of it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kiln {

// 64-bit FNV-1a; `h` seeds a second, independent hash of the same bytes.
inline uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// The folder of kiln's disk caches: Config::cache_dir, "" when it is "off".
std::string disk_cache_dir();

// Writes `contents` to a temporary file beside `path`, then renames it over `path` (atomic on
// one file system: a concurrent reader sees the old file or the new one). Creates the folder.
// Returns "" on success, else why not (nothing is left behind).
std::string write_atomically(const std::string& path, std::string_view contents);

}  // namespace kiln
