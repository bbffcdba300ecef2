#include "kiln/error.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

namespace kiln {

namespace {
thread_local const detail::CallSite* open_calls = nullptr;  // the innermost
}  // namespace

namespace detail {

CallSite::CallSite(std::string_view what, std::source_location where)
    : what_(what), where_(where), outer_(open_calls) {
  open_calls = this;
}
CallSite::~CallSite() { open_calls = outer_; }
const CallSite* CallSite::innermost() { return open_calls; }

bool in_kiln_sources(std::string_view file) {
  // kiln's headers where they are installed, and its sources: this file's name as the compiler
  // saw it gives the root that they share. (A line in a standard header, as std::accumulate's
  // sum of tensors, counts as the user's.)
  if (file.find("/include/kiln/") != std::string_view::npos) return true;
  static const std::string_view root = [] {
    std::string_view self = std::source_location::current().file_name();
    constexpr std::string_view tail = "runtime/error.cpp";
    return self.ends_with(tail) ? self.substr(0, self.size() - tail.size()) : self;
  }();
  if (!file.starts_with(root)) return false;
  file.remove_prefix(root.size());
  for (std::string_view dir :
       {"frontend/", "runtime/", "ir/", "passes/", "codegen/", "include/kiln/"})
    if (file.starts_with(dir)) return true;
  return false;
}

}  // namespace detail

namespace {
// The call site an error names, and its what(): the message with "(at file:line)".
std::pair<std::source_location, std::string> locate(const std::string& message,
                                                    std::source_location where) {
  std::string layers;
  if (where.line() != 0 && detail::in_kiln_sources(where.file_name())) {
    std::vector<std::string_view> path;
    for (const detail::CallSite* c = detail::CallSite::innermost(); c; c = c->outer()) {
      path.push_back(c->what());
      if (!detail::in_kiln_sources(c->where().file_name())) {
        where = c->where();
        layers = fmt::format(", in {}", fmt::join(path.rbegin(), path.rend(), " > "));
        break;
      }
    }
  }
  if (where.line() == 0) return {where, message};
  return {where, fmt::format("{} (at {}:{}{})", message, where.file_name(), where.line(), layers)};
}
}  // namespace

Error::Error(const std::string& message, std::source_location where)
    : Error(message, locate(message, where)) {}

Error::Error(const std::string& message, std::pair<std::source_location, std::string> located)
    : std::runtime_error(located.second), message_(message), where_(located.first) {}

}  // namespace kiln
