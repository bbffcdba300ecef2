#include "codegen/cpu/kernel_cache.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <sstream>

#include "codegen/cpu/jit.h"
#include "kiln/cache.h"
#include "kiln/config.h"
#include "runtime/files.h"
#include "runtime/log.h"
#include "runtime/tuning.h"

namespace kiln::codegen::cpu {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "KILNOBJ1";

struct Cache {
  std::mutex mu;
  std::map<std::string, std::shared_future<std::shared_ptr<const CompiledKernel>>> kernels;
  cache::Stats stats;
};
Cache& cache() {
  static Cache* c = new Cache;  // never destroyed (kernels outlive static destruction)
  return *c;
}

spdlog::logger& log() { return logging::get("cache"); }

std::string dir() { return cache_dir(); }

// Disk file: magic, version, key, symbol, size, checksum (one line each), then the object.
std::string disk_path(const std::string& key) { return dir() + "/" + key + ".kobj"; }

bool read_disk(const std::string& key, const std::string& symbol, std::string& object) {
  if (dir().empty()) return false;
  std::string path = disk_path(key);
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::string magic, version, k, sym, size_s, sum_s;
  auto reject = [&](const std::string& why) {
    log().warn("kernel cache: {} {}; recompiling", path, why);
    std::lock_guard lock(cache().mu);
    ++cache().stats.disk_rejected;
    return false;
  };
  // A header line must end with its newline: a file cut inside its header is truncated (not
  // "another key" because its last line stops short).
  auto line = [&](std::string& out) { return std::getline(in, out) && !in.eof(); };
  if (!line(magic)) {
    bool cut = in.eof() && std::string_view(kMagic).starts_with(magic);  // (a file of "KILN")
    return reject(cut ? "is truncated" : "is not a kiln cache entry");
  }
  if (magic != kMagic) return reject("is not a kiln cache entry");
  if (!line(version)) return reject("is truncated");
  if (version != kiln::version()) return reject(fmt::format("was written by kiln {}", version));
  if (!line(k) || !line(sym) || !line(size_s) || !line(sum_s)) return reject("is truncated");
  if (k != key) return reject("holds another key");
  if (sym != symbol) return reject("holds another symbol");
  char* end = nullptr;
  unsigned long long size = std::strtoull(size_s.c_str(), &end, 10);
  if (*end || size > (1ull << 30)) return reject("has a malformed size");
  object.assign(size, '\0');
  in.read(object.data(), std::streamsize(size));
  if (in.gcount() != std::streamsize(size)) return reject("is truncated");
  if (in.peek() != EOF) return reject("has trailing bytes");
  if (fmt::format("{:016x}", fnv1a(object)) != sum_s) return reject("fails its checksum");
  std::error_code ec;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);  // for LRU eviction
  return true;
}

void write_disk(const std::string& key, const std::string& symbol, const std::string& object) {
  std::string d = dir();
  if (d.empty()) return;
  std::string text = fmt::format("{}\n{}\n{}\n{}\n{}\n{:016x}\n", kMagic, kiln::version(), key,
                                 symbol, object.size(), fnv1a(object));
  text += object;
  std::string why = write_atomically(disk_path(key), text);
  if (!why.empty()) {
    log().warn("kernel cache: {}", why);
    return;
  }
  evict_disk_cache(d, disk_cap_bytes());
}

void dump(const std::string& symbol, const std::string& mlir, const ObjectCode& code) {
  const std::string& d = config().dump_dir;
  if (d.empty()) return;
  std::error_code ec;
  fs::create_directories(d, ec);
  std::ofstream(d + "/" + symbol + ".mlir") << mlir;
  std::ofstream(d + "/" + symbol + ".ll") << code.llvm_ir;
  std::ofstream(d + "/" + symbol + ".s") << code.assembly;
}

std::shared_ptr<const CompiledKernel> build(const std::string& key, const std::string& symbol,
                                            const std::string& mlir) {
  auto k = std::make_shared<CompiledKernel>();
  k->symbol = symbol;
  k->mlir = mlir;
  auto t0 = std::chrono::steady_clock::now();
  std::string object;
  // With KILN_DUMP set, kernels are compiled (not loaded from disk) so that their MLIR, LLVM IR
  // and assembly can be written.
  if (config().dump_dir.empty() && read_disk(key, symbol, object)) {
    k->from_disk = true;
  } else {
    tuning::Busy busy;  // (choices timed meanwhile are not kept on disk)
    ObjectCode code = compile_mlir(mlir, !config().dump_dir.empty());
    object = std::move(code.object);
    dump(symbol, mlir, code);
    log().debug("compiled {}: lower {:.1f} ms, O3 {:.1f} ms, codegen {:.1f} ms", symbol,
                code.lower_ms, code.optimize_ms, code.codegen_ms);
    write_disk(key, symbol, object);
  }
  k->fn = reinterpret_cast<KernelFn>(load_object(object, symbol));
  k->compile_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  std::lock_guard lock(cache().mu);
  (k->from_disk ? cache().stats.disk_hits : cache().stats.compiles)++;
  cache().stats.compile_ms += k->compile_ms;
  return k;
}

}  // namespace

std::string cache_dir() { return disk_cache_dir(); }

void forget_memory_cache() {
  std::lock_guard lock(cache().mu);
  cache().kernels.clear();
}

int64_t disk_cap_bytes() {
  constexpr int64_t kDefaultMb = 512;
  const char* v = std::getenv("KILN_CACHE_MB");
  if (!v) return kDefaultMb << 20;
  char* end = nullptr;
  long long mb = std::strtoll(v, &end, 10);
  if (end == v || *end || mb <= 0 || mb > (int64_t(1) << 40)) {
    static std::once_flag warned;  // (said once: eviction asks after every write)
    std::call_once(warned, [&] {
      log().warn("KILN_CACHE_MB={} is not a positive number of MiB; the cap is {} MiB", v,
                 kDefaultMb);
    });
    return kDefaultMb << 20;
  }
  return int64_t(mb) << 20;
}

int kernel_vector_bits() {
  int b = config().vector_bits;  // (render_mlir refuses widths other than 128, 256, 512)
  return b ? b : host_vector_bits();
}

namespace {
std::shared_ptr<const CompiledKernel> find_or_build(const LoopKernel& k, const Variant& v,
                                                    bool prefetch,
                                                    const WhileWaiting& while_waiting) {
  int bits = kernel_vector_bits();
  std::string text = render_mlir(k, v, "kernel", bits);
  std::string id = text + "\n" + host_target() + "\n" + lowering_id() + "\n" + kiln::version();
  std::string key = fmt::format("{:016x}{:016x}", fnv1a(id), fnv1a(id, 0x84222325cbf29ce4ull));
  std::shared_future<std::shared_ptr<const CompiledKernel>> fut;
  std::promise<std::shared_ptr<const CompiledKernel>> promise;
  bool mine = false;
  {
    Cache& c = cache();
    std::lock_guard lock(c.mu);
    auto it = c.kernels.find(key);
    if (it != c.kernels.end()) {
      if (!prefetch) ++c.stats.memory_hits;
      fut = it->second;
    } else {
      fut = promise.get_future().share();
      c.kernels.emplace(key, fut);
      mine = true;
    }
  }
  if (mine) {
    try {
      std::string symbol = "kiln_" + key.substr(0, 16);
      promise.set_value(build(key, symbol, render_mlir(k, v, symbol, bits)));
    } catch (...) {
      promise.set_exception(std::current_exception());
      std::lock_guard lock(cache().mu);
      cache().kernels.erase(key);
      throw;
    }
  } else if (while_waiting) {
    auto ready = [&] { return fut.wait_for(std::chrono::seconds(0)) == std::future_status::ready; };
    if (!ready()) while_waiting(ready);
  }
  return fut.get();
}
}  // namespace

std::shared_ptr<const CompiledKernel> get_kernel(const LoopKernel& k, const Variant& v,
                                                 bool prefetch, const WhileWaiting& while_waiting) {
  try {
    return find_or_build(k, v, prefetch, while_waiting);
  } catch (...) {
    std::lock_guard lock(cache().mu);
    if (!prefetch) ++cache().stats.failed;  // (a prefetch's failure is met again by its run)
    throw;
  }
}

std::vector<DiskEntry> disk_entries() {
  std::vector<DiskEntry> out;
  std::string d = dir();
  std::error_code ec;
  if (d.empty() || !fs::exists(d, ec)) return out;
  for (const auto& e : fs::directory_iterator(d, ec)) {
    if (!is_cache_entry(e.path().string())) continue;
    bool kernel = e.path().extension() == ".kobj";
    DiskEntry de{e.path().string(), int64_t(e.file_size(ec)), "", kernel ? "kernel" : "tuning"};
    // What names the entry: a kernel's symbol (its 4th line), a tuning choice's description
    // (its 6th).
    std::ifstream in(e.path());
    std::string line;
    for (int i = 0; i < (kernel ? 4 : 6) && std::getline(in, line); ++i) de.symbol = line;
    out.push_back(de);
  }
  return out;
}

int64_t clear_disk_cache() {
  int64_t n = 0;
  std::error_code ec;
  for (const auto& e : disk_entries()) n += fs::remove(e.path, ec);
  std::string d = dir();
  if (!d.empty())  // and what writers that died left behind
    for (const auto& e : fs::directory_iterator(d, ec))
      if (is_cache_temporary(e.path().string())) n += fs::remove(e.path(), ec);
  return n;
}

}  // namespace kiln::codegen::cpu

// ---------------------------------------------------------------- kiln/cache.h
namespace kiln::cache {

Stats stats() {
  auto& c = codegen::cpu::cache();
  std::lock_guard lock(c.mu);
  return c.stats;
}
std::string dir() { return codegen::cpu::cache_dir(); }
std::vector<Entry> entries() {
  std::vector<Entry> out;
  for (const auto& e : codegen::cpu::disk_entries())
    out.push_back(Entry{e.path, e.bytes, e.symbol, e.kind});
  return out;
}
int64_t clear() { return codegen::cpu::clear_disk_cache(); }
int64_t cap_bytes() { return codegen::cpu::disk_cap_bytes(); }
void forget_memory() { codegen::cpu::forget_memory_cache(); }

}  // namespace kiln::cache
