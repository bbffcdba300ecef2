#include "runtime/tuning.h"

#include <dlfcn.h>
#include <dnnl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <unordered_map>

#include "kiln/backends.h"
#include "kiln/cache.h"
#include "kiln/config.h"
#include "runtime/files.h"
#include "runtime/log.h"

namespace kiln::tuning {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "KILNTUNE1";
constexpr size_t kMaxInMemory = 4096;        // bounded: past it, choices come from disk again
constexpr size_t kMaxEntryBytes = 16 << 10;  // an entry is ~1 KB

struct State {
  std::mutex mu;
  std::unordered_map<std::string, int> choices;
  Stats stats;
};
State& state() {
  static auto* s = new State;  // never destroyed (kernels may run during static destruction)
  return *s;
}

spdlog::logger& log() { return logging::get("cache"); }

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      size_t colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  return "unknown CPU";
}

// The build of kiln this code is part of (its shared object's size and modification time): a
// rebuilt kernel may be faster or slower, so a rebuild times its choices again.
std::string build_id() {
  Dl_info info{};
  struct stat st{};
  if (!dladdr(reinterpret_cast<void*>(&build_id), &info) || !info.dli_fname ||
      stat(info.dli_fname, &st) != 0)
    return "unknown build";
  return fmt::format("{}-{}.{}", int64_t(st.st_size), int64_t(st.st_mtim.tv_sec),
                     int64_t(st.st_mtim.tv_nsec));
}

std::string hex(std::string_view bytes) {
  std::string s;
  s.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) fmt::format_to(std::back_inserter(s), "{:02x}", c);
  return s;
}

std::string dir() { return disk_cache_dir(); }

std::string path_of(const std::string& key) {
  std::string id = key + "\n" + host_id();
  return fmt::format("{}/{:016x}{:016x}.ktune", dir(), fnv1a(id), fnv1a(id, 0x84222325cbf29ce4ull));
}

// The entry's text before its checksum line.
std::string body(const std::string& key, int choice, std::string_view what) {
  std::string line(what.substr(0, 2000));
  std::replace(line.begin(), line.end(), '\n', ' ');
  return fmt::format("{}\n{}\n{}\n{}\n{}\n{}\n", kMagic, kiln::version(), host_id(), hex(key),
                     choice, line);
}

// The choice a disk entry holds for `key`, or -1 (none, or one not to trust).
int read_disk(const std::string& key) {
  if (dir().empty()) return -1;
  std::string path = path_of(key);
  std::ifstream in(path, std::ios::binary);
  if (!in) return -1;
  std::string text(kMaxEntryBytes + 1, '\0');
  in.read(text.data(), std::streamsize(text.size()));
  text.resize(size_t(in.gcount()));
  auto reject = [&](std::string_view why) {
    log().warn("tuning cache: {} {}; timing again", path, why);
    std::lock_guard lock(state().mu);
    ++state().stats.disk_rejected;
    return -1;
  };
  if (text.size() > kMaxEntryBytes) return reject("is too large");
  // Lines: magic, version, host, key, choice, what, checksum.
  std::vector<std::string_view> lines;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    if (nl == std::string::npos) return reject("is truncated");
    lines.emplace_back(text.data() + at, nl - at);
    at = nl + 1;
  }
  if (lines.empty() || lines[0] != kMagic) return reject("is not a kiln tuning entry");
  if (lines.size() != 7) return reject("has the wrong number of lines");
  size_t sum_at = text.size() - lines[6].size() - 1;
  if (lines[6] != fmt::format("{:016x}", fnv1a(std::string_view(text).substr(0, sum_at))))
    return reject("fails its checksum");
  if (lines[1] != kiln::version()) return reject(fmt::format("was written by kiln {}", lines[1]));
  if (lines[2] != host_id()) return reject("was measured on another host or build");
  if (lines[3] != hex(key)) return reject("holds another key");
  std::string_view c = lines[4];
  int choice = -1;
  auto [end, ec] = std::from_chars(c.data(), c.data() + c.size(), choice);
  if (ec != std::errc() || end != c.data() + c.size() || choice < 0 || choice > 255)
    return reject("has a malformed choice");
  std::error_code fe;
  fs::last_write_time(path, fs::file_time_type::clock::now(), fe);  // for LRU eviction
  return choice;
}

}  // namespace

std::string host_id() {
  static const std::string fixed = [] {
    const dnnl_version_t* v = dnnl_version();
    return fmt::format("{} | {} | oneDNN {}.{}.{} | build {}", cpu_model(), cpu_features(),
                       v->major, v->minor, v->patch, build_id());
  }();
  return fmt::format("{} | vector bits {}", fixed, config().vector_bits);
}

namespace {
// In memory, a choice also follows the vector width kiln's kernels are written for (which
// code may change while the process runs); on disk host_id() carries it.
void memory_key(const std::string& key, std::string& out) {
  out.assign(key);
  out += char(config().vector_bits / 64);
}
std::string memory_key(const std::string& key) {
  std::string out;
  memory_key(key, out);
  return out;
}
}  // namespace

int choice(const std::string& key) {
  {
    // (per call of every raced kernel: the memory key built in a per-thread buffer)
    thread_local std::string mkey;
    memory_key(key, mkey);
    State& s = state();
    std::lock_guard lock(s.mu);
    auto it = s.choices.find(mkey);
    if (it != s.choices.end()) return it->second;
  }
  // (a key missing on disk is remembered as -1: the disk is read once per key and process)
  int c = read_disk(key);
  State& s = state();
  std::lock_guard lock(s.mu);
  if (c >= 0) ++s.stats.disk_hits;
  if (s.choices.size() >= kMaxInMemory) s.choices.clear();
  s.choices[memory_key(key)] = c;
  return c;
}

namespace {
std::atomic<uint64_t> busy_started{0};
std::atomic<int64_t> busy_running{0};
}  // namespace

// (running first: a quiet() that sees this start sees it running, or already ended)
Busy::Busy() {
  busy_running.fetch_add(1);
  busy_started.fetch_add(1);
}
Busy::~Busy() { busy_running.fetch_sub(1); }

Quiet quiet() {
  Quiet q;
  q.started = busy_started.load();
  q.idle = busy_running.load() == 0;
  return q;
}

bool sound(Quiet since) {
  Quiet now = quiet();
  return since.idle && now.idle && now.started == since.started;
}

bool remember(const std::string& key, int choice, std::string_view what, Quiet since) {
  bool sound = tuning::sound(since);
  {
    State& s = state();
    std::lock_guard lock(s.mu);
    if (!sound) {
      ++s.stats.unsound;
    } else {
      ++s.stats.timed;
      if (s.choices.size() >= kMaxInMemory) s.choices.clear();
      s.choices[memory_key(key)] = choice;
    }
  }
  if (!sound) {
    log().debug("tuning cache: not kept (timed while kernels compiled): {}", what);
    return false;
  }
  if (dir().empty()) return true;
  std::string text = body(key, choice, what);
  text += fmt::format("{:016x}\n", fnv1a(text));
  std::string why = write_atomically(path_of(key), text);
  if (!why.empty())
    log().warn("tuning cache: {}", why);
  else
    evict_disk_cache(dir(), cache::cap_bytes());  // the folder's cap counts choices too
  return true;
}

void forget_memory() {
  std::lock_guard lock(state().mu);
  state().choices.clear();
}

Stats stats() {
  std::lock_guard lock(state().mu);
  return state().stats;
}

}  // namespace kiln::tuning
