// tools/explain.cpp — `kiln explain DIR`: a person's summary of what a program run with
// KILN_DUMP=DIR captured (graphs, breaks, recompiles).
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "kiln/kiln.h"
#include "tools/commands.h"

namespace kiln::tools {

int explain(const std::string& dir) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) throw Error(fmt::format("explain: {} is not a directory", dir));
  std::vector<std::string> graphs;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".kir") graphs.push_back(e.path().filename().string());
  std::sort(graphs.begin(), graphs.end());
  struct Group {
    std::string kind, fn, where, reason;
    int count = 0;
  };
  std::vector<Group> groups;
  int breaks = 0, recompiles = 0, line_no = 0;
  std::ifstream f(dir + "/events.jsonl");
  std::string line;
  while (std::getline(f, line)) {
    ++line_no;
    if (line.empty()) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      throw Error(fmt::format("explain: {}/events.jsonl:{}: not a JSON object", dir, line_no));
    std::string kind = j.value("kind", ""), fn = j.value("fn", ""), reason = j.value("reason", "");
    std::string file = j.value("file", "");
    if (auto slash = file.rfind('/'); slash != std::string::npos) file = file.substr(slash + 1);
    std::string where = fmt::format("{}:{}", file, j.value("line", 0));
    breaks += kind == "break";
    recompiles += kind == "recompile";
    auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) {
      return g.kind == kind && g.fn == fn && g.where == where && g.reason == reason;
    });
    if (it == groups.end())
      groups.push_back({kind, fn, where, reason, 1});
    else
      ++it->count;
  }
  fmt::print("{} graph{}, {} break{}, {} recompile{}\n", graphs.size(),
             graphs.size() == 1 ? "" : "s", breaks, breaks == 1 ? "" : "s", recompiles,
             recompiles == 1 ? "" : "s");
  for (const auto& g : groups)
    fmt::print("  {} in {} at {}{}: {}\n", g.kind, g.fn, g.where,
               g.count > 1 ? fmt::format(" ({} times)", g.count) : "", g.reason);
  for (const auto& name : graphs) {
    kir::Program p = kir::Program::load(dir + "/" + name);
    size_t ops = 0;
    std::string text = p.text();
    for (size_t pos = text.find("\n  %"); pos != std::string::npos;
         pos = text.find("\n  %", pos + 1))
      ++ops;
    fmt::print("  {}: {} ops\n", name, ops);
  }
  return 0;
}

}  // namespace kiln::tools
