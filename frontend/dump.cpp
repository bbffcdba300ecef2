#include "frontend/dump.h"

#include <fmt/format.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "kiln/config.h"
#include "runtime/log.h"

namespace kiln::frontend {

namespace {
std::mutex g_mu;
std::atomic<int> g_count{0};

bool ensure_dir() {
  std::error_code ec;
  std::filesystem::create_directories(config().dump_dir, ec);
  if (ec)
    logging::get("dump").warn("KILN_DUMP: cannot create {}: {}", config().dump_dir, ec.message());
  return !ec;
}
}  // namespace

bool dumping() { return !config().dump_dir.empty(); }

std::string dump_graph(const ir::Graph& g, const std::string& stem) {
  if (!dumping() || !ensure_dir()) return "";
  std::string path = fmt::format("{}/{}_{}.kir", config().dump_dir, stem, g_count++);
  std::ofstream(path) << ir::print_kir(g);
  return path;
}

void dump_event(const ExplainEvent& e) {
  if (!dumping()) return;
  std::lock_guard lock(g_mu);
  if (!ensure_dir()) return;
  nlohmann::json j = {
      {"kind", e.kind}, {"fn", e.fn}, {"reason", e.reason}, {"file", e.file}, {"line", e.line}};
  std::ofstream(config().dump_dir + "/events.jsonl", std::ios::app) << j.dump() << "\n";
}

}  // namespace kiln::frontend
