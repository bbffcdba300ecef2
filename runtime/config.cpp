#include "kiln/config.h"

#include <omp.h>

#include <cstdlib>
#include <string>

#include "kiln/error.h"

namespace kiln {

namespace {
const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

Config from_environment() {
  Config c;
  if (const char* v = env("KILN_NUM_THREADS")) c.num_threads = std::max(0, std::atoi(v));
  if (const char* v = env("KILN_LOG")) c.log_spec = v;
  if (const char* v = env("KILN_CACHING_ALLOCATOR")) c.caching_allocator = std::string(v) != "0";
  if (const char* v = env("KILN_ALLOCATOR_CACHE_MB")) c.allocator_cache_mb = std::atoll(v);
  if (const char* v = env("KILN_CACHE_DIR")) {
    c.cache_dir = v;
  } else if (const char* x = env("XDG_CACHE_HOME")) {
    c.cache_dir = std::string(x) + "/kiln";
  } else if (const char* h = env("HOME")) {
    c.cache_dir = std::string(h) + "/.cache/kiln";
  }
  if (const char* v = env("KILN_DUMP")) c.dump_dir = v;
  if (const char* v = env("KILN_VECTOR_BITS")) c.vector_bits = std::atoi(v);
  if (const char* v = env("KILN_STREAM_MIN_BYTES")) c.stream_min_bytes = std::atoll(v);
  if (const char* v = env("KILN_MATMUL")) c.matmul_kernel = v;
  if (const char* v = env("KILN_CONV")) c.conv_kernel = v;
  if (const char* v = env("KILN_SHORT_ROWS")) c.short_rows = v;
  if (const char* v = env("KILN_CHANNELS_LAST"))
    c.channels_last = std::string(v) == "1" ? 1 : std::string(v) == "0" ? 0 : -1;  // else auto
  if (const char* v = env("KILN_CODEGEN")) c.codegen = std::string(v) != "0";
  if (const char* v = env("KILN_PROFILE")) c.profile = std::string(v) != "0";
  if (const char* v = env("KILN_HUGE_PAGES")) c.huge_pages = std::string(v) != "0";
  if (const char* v = env("KILN_DISABLE_COMPILE")) c.compile = std::string(v) == "0";
  return c;
}
}  // namespace

Config& config() {
  static Config c = from_environment();
  return c;
}

int num_threads() {
  // OpenMP's own count (OMP_NUM_THREADS or the cores) as the process started: kiln sets
  // OpenMP's count to its own before oneDNN runs, so asking OpenMP later would return that.
  static const int cores = omp_get_max_threads();
  int n = config().num_threads;
  return n > 0 ? n : cores;
}

void set_num_threads(int n) {
  if (n < 0) throw Error("set_num_threads: thread count must be >= 0, got " + std::to_string(n));
  config().num_threads = n;
}

std::string version() { return KILN_VERSION; }

}  // namespace kiln
