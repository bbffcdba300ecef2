// kiln/error.h — the one exception kiln throws for bad input. Its message names the op, the
// shapes/dtypes involved and the caller's source location, so a user can fix the call.
#pragma once

#include <source_location>
#include <stdexcept>
#include <string>

namespace kiln {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message,
                 std::source_location where = std::source_location::current());
  // The message without the location suffix.
  const std::string& message() const { return message_; }
  const std::source_location& where() const { return where_; }

 private:
  std::string message_;
  std::source_location where_;
};

}  // namespace kiln
