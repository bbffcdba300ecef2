#include "runtime/files.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

#include <unistd.h>

#include "kiln/config.h"

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
    if (!out) {
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

}  // namespace kiln
