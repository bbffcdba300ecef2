// runtime/tuning.h — choices kiln makes by timing candidates on the first call (which of two
// kernels runs a matrix product or convolution; whether a linalg op takes its epilogue fused),
// remembered for the process and on disk beside the kernel cache, so that a new process with a
// warm cache makes the same choice without timing again. ResNet-18 timed 13 kernel pairs and
// ~20 fused/unfused pairs in its first call: 90-200 ms of a 220-440 ms first call.
//
// A disk entry (Config::cache_dir, `<hash>.ktune`) is 7 lines of text: a magic number, kiln's
// version, the host (CPU model and features, oneDNN's version, the size and modification time
// of kiln's shared library, KILN_VECTOR_BITS), the key in hex, the choice, what was timed, and
// a checksum of the lines before it. One that is malformed, truncated, too large, from another
// host or build, or fails its checksum is logged and ignored (timed again, then rewritten).
// A choice picks which kernel computes a result (the candidates agree within rounding), never
// whether it is right.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiln {

// A cache key of shapes and numbers as raw bytes, each list after its length (formatting
// keys as text per call cost MobileNetV2 ~1% of its time).
struct Key {
  std::string bytes;
  Key& operator<<(int64_t v) { return add(&v, sizeof v); }
  Key& operator<<(float v) { return add(&v, sizeof v); }
  Key& operator<<(const std::vector<int64_t>& v) {
    *this << int64_t(v.size());
    return add(v.data(), v.size() * sizeof(int64_t));
  }
  Key& operator<<(std::string_view v) {
    *this << int64_t(v.size());
    return add(v.data(), v.size());
  }

 private:
  // Keys are built per call: room for a whole key on the first append, one allocation
  Key& add(const void* p, size_t n) {
    if (bytes.capacity() < 512) bytes.reserve(512);
    bytes.append(static_cast<const char*>(p), n);
    return *this;
  }
};

namespace tuning {

// The choice remembered for `key` (a small number >= 0), from this process's memory or else
// from the disk cache; -1 when there is none: then the caller times its candidates and calls
// remember(). Thread-safe.
int choice(const std::string& key);

// Work kiln does beside the thread that times candidates (compiling kernels in the background,
// which takes a core for 50-200 ms) makes the timings unsound: an eager matmul timed at 1.6 ms
// instead of 0.2 while a kernel compiled. A Busy object marks such work while it lives, and a
// choice timed while any ran is not kept.
class Busy {
 public:
  Busy();
  ~Busy();
  Busy(const Busy&) = delete;
  Busy& operator=(const Busy&) = delete;
};
// When timing starts: which busy work had started, and whether any was running.
struct Quiet {
  uint64_t started = 0;
  bool idle = false;
};
Quiet quiet();
// Whether no busy work ran since `since`, nor runs now.
bool sound(Quiet since);

// Records `choice` for `key` in memory and on disk when no busy work ran since `since` (taken
// before timing), and returns true; else records nothing and returns false, and the caller
// times again next time (then kernels are mostly compiled). `what` describes the timing in a
// line (it is what `kiln cache ls` shows for the entry).
bool remember(const std::string& key, int choice, std::string_view what, Quiet since);

// Times candidates `a` (the one kiln prefers: its own kernel, the fused path) and `b` for a
// choice between them, in the order b b a a a a b b, and returns each one's best seconds. A
// candidate returns false when it refuses (oneDNN, for some operands): it is not run again, and
// its time is 1e30 (a candidate that refused may have left a partial result). A candidate run
// several times in a row finds in the caches what its runs before brought in, as a layer run
// call after call does. Timed in turn (b a b a b a), two candidates whose data did not fit the
// L3 together each found the other's there: B3 batch 1's [1, 2048] @ [2048, 2048] layer at 1T
// measured fused 0.43-0.50 ms against unfused 0.23-0.39, and the unfused path won in some
// processes, where alone the fused path runs in ~0.19 ms. Two runs in a row were not enough
// (the L3 keeps data read several times): first twice, the fused path measured 0.31-0.36 ms;
// in the middle, four times, 0.19-0.23, and it won every fresh race. With `b` early and late
// the machine's drift does not favour either. Eight runs instead of six made B4's first call
// with no tuning cache 170 -> 179 ms (medians of 8 processes).
template <class A, class B>
std::pair<double, double> race(A&& a, B&& b) {
  double best[2] = {1e30, 1e30};
  bool ok[2] = {true, true};
  for (int i : {1, 1, 0, 0, 0, 0, 1, 1}) {
    if (!ok[i]) continue;
    auto t0 = std::chrono::steady_clock::now();
    ok[i] = i ? b() : a();
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best[i] = ok[i] ? std::min(best[i], s) : 1e30;
  }
  return {best[0], best[1]};
}

// Forgets the choices held in memory (the next lookups go to disk): tests, benchmarks.
void forget_memory();

struct Stats {
  int64_t disk_hits = 0;      // choices read from the disk cache
  int64_t disk_rejected = 0;  // disk entries found malformed or stale (timed again)
  int64_t timed = 0;          // choices made by timing in this process
  int64_t unsound = 0;        // timed beside busy work (not kept: timed again)
};
Stats stats();

// The lines of a disk entry that identify where and by what it was measured (host and build);
// an entry with others is ignored.
std::string host_id();

}  // namespace tuning
}  // namespace kiln
