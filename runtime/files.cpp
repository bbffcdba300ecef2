#include "runtime/files.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

#include "kiln/config.h"
#include "runtime/log.h"

namespace kiln {

namespace fs = std::filesystem;

std::string disk_cache_dir() {
  const std::string& d = config().cache_dir;
  return d == "off" ? std::string() : d;
}

std::string write_atomically(const std::string& path, std::string_view contents) {
  std::error_code ec;
  fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) fs::create_directories(parent, ec);
  if (ec) return fmt::format("cannot create {}: {}", parent.string(), ec.message());
  // The temporary's name is the writer's: two threads or processes writing one entry do not
  // write into each other's file.
  std::string tmp = fmt::format("{}.tmp{}.{}", path, uint64_t(::getpid()),
                                uint64_t(std::hash<std::thread::id>{}(std::this_thread::get_id())));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), std::streamsize(contents.size()));
    out.close();  // flushes: a full disk shows here for entries smaller than the buffer
    if (out.fail()) {
      fs::remove(tmp, ec);
      return fmt::format("cannot write {}", tmp);
    }
  }
  fs::rename(tmp, path, ec);
  if (ec) {
    std::string why = fmt::format("cannot rename {}: {}", tmp, ec.message());
    fs::remove(tmp, ec);
    return why;
  }
  return "";
}

bool is_cache_entry(const std::string& path) {
  fs::path ext = fs::path(path).extension();
  return ext == ".kobj" || ext == ".ktune";
}

bool is_cache_temporary(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  return name.find(".kobj.tmp") != std::string::npos ||
         name.find(".ktune.tmp") != std::string::npos;
}

void evict_disk_cache(const std::string& dir, int64_t cap) {
  auto now = fs::file_time_type::clock::now();
  int64_t total = 0;
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string p = e.path().string();
    fs::file_time_type t = e.last_write_time(ec);
    if (ec) continue;
    if (is_cache_temporary(p) && now - t > std::chrono::hours(1)) {
      fs::remove(e.path(), ec);
      logging::get("cache").info("disk cache: removed {}, left by a writer that died", p);
    } else if (is_cache_entry(p)) {
      total += int64_t(e.file_size(ec));
      files.emplace_back(t, e.path());
    }
  }
  if (total <= cap) return;
  std::sort(files.begin(), files.end());
  for (const auto& [t, p] : files) {
    if (total <= cap) break;
    total -= int64_t(fs::file_size(p, ec));
    fs::remove(p, ec);
    logging::get("cache").info("disk cache: evicted {}", p.string());
  }
}

}  // namespace kiln
