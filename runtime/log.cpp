#include "runtime/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <map>
#include <mutex>
#include <string>

#include "kiln/config.h"
#include "kiln/error.h"

namespace kiln {

namespace {

struct LogState {
  std::mutex mu;
  spdlog::level::level_enum default_level = spdlog::level::warn;
  std::map<std::string, spdlog::level::level_enum, std::less<>> area_levels;
  std::map<std::string, std::shared_ptr<spdlog::logger>, std::less<>> loggers;
  std::shared_ptr<spdlog::sinks::stderr_color_sink_mt> sink =
      std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
};

spdlog::level::level_enum parse_level(const std::string& s) {
  auto l = spdlog::level::from_str(s);
  // from_str maps unknown names to "off"; only accept "off" when it was asked for.
  if (l == spdlog::level::off && s != "off")
    throw Error("KILN_LOG: unknown level '" + s +
                "' (use trace, debug, info, warn, error, critical or off)");
  return l;
}

void apply_spec(LogState& st, const std::string& spec) {
  auto def = spdlog::level::warn;
  std::map<std::string, spdlog::level::level_enum, std::less<>> areas;
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t comma = spec.find(',', pos);
    std::string item =
        spec.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    if (!item.empty()) {
      size_t eq = item.find('=');
      if (eq == std::string::npos)
        def = parse_level(item);
      else
        areas[item.substr(0, eq)] = parse_level(item.substr(eq + 1));
    }
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  st.default_level = def;
  st.area_levels = std::move(areas);
  for (auto& [area, logger] : st.loggers) {
    auto it = st.area_levels.find(area);
    logger->set_level(it != st.area_levels.end() ? it->second : st.default_level);
  }
}

LogState& state() {
  static LogState* st = [] {
    auto* s = new LogState;  // leaked on purpose: loggers outlive static destructors
    try {
      apply_spec(*s, config().log_spec);
    } catch (const Error& e) {
      fprintf(stderr, "kiln: %s; using 'warn'\n", e.what());
    }
    return s;
  }();
  return *st;
}

}  // namespace

void set_log_spec(const std::string& spec) {
  auto& st = state();
  std::lock_guard lock(st.mu);
  apply_spec(st, spec);
  config().log_spec = spec;
}

namespace logging {
spdlog::logger& get(std::string_view area) {
  auto& st = state();
  std::lock_guard lock(st.mu);
  auto it = st.loggers.find(area);
  if (it != st.loggers.end()) return *it->second;
  auto logger = std::make_shared<spdlog::logger>(std::string(area), st.sink);
  logger->set_pattern("[kiln:%n] %^%l%$: %v");
  auto lv = st.area_levels.find(area);
  logger->set_level(lv != st.area_levels.end() ? lv->second : st.default_level);
  return *st.loggers.emplace(std::string(area), logger).first->second;
}
}  // namespace logging

}  // namespace kiln
