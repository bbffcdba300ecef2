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

// The folder's files that are kiln's entries: compiled kernels (.kobj), tuning choices (.ktune).
bool is_cache_entry(const std::string& path);
// A temporary that write_atomically() left behind when its writer died (`<entry>.tmp<pid>.<tid>`).
bool is_cache_temporary(const std::string& path);

// Removes the least recently used entries of `dir` until they take at most `cap` bytes, and the
// temporaries of writers that died (untouched for an hour: a live writer's is seconds old).
void evict_disk_cache(const std::string& dir, int64_t cap);

}  // namespace kiln
