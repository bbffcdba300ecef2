#include "kiln/error.h"

#include <fmt/format.h>

namespace kiln {

namespace {
std::string with_location(const std::string& message, const std::source_location& where) {
  if (where.line() == 0) return message;
  return fmt::format("{} (at {}:{})", message, where.file_name(), where.line());
}
}  // namespace

Error::Error(const std::string& message, std::source_location where)
    : std::runtime_error(with_location(message, where)), message_(message), where_(where) {}

}  // namespace kiln
