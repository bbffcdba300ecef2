// kiln/error.h — the one exception kiln throws for bad input. Its message names the op, the
// shapes/dtypes involved and the caller's source location, so a user can fix the call.
#pragma once

#include <source_location>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace kiln {

class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message,
                 std::source_location where = std::source_location::current());
  // The message without the location suffix.
  const std::string& message() const { return message_; }
  // The caller's line: where an error arises in kiln's own sources while a user's call into a
  // layer runs (a CallSite below), that call's line.
  const std::source_location& where() const { return where_; }

 private:
  Error(const std::string& message, std::pair<std::source_location, std::string> located);
  std::string message_;
  std::source_location where_;
};

namespace detail {
// A user's call into a layer that runs many ops (a module, a loss), open for as long as the
// call runs on this thread. An op's error names the line of the op's call, and for ops that a
// layer calls, that line is in kiln's sources: the error names the innermost call open on the
// thread whose line is not in kiln's sources instead, with the layers between it and the op
// ("(at main.cpp:12, in Sequential > Linear)").
class CallSite {
 public:
  CallSite(std::string_view what, std::source_location where);
  ~CallSite();
  CallSite(const CallSite&) = delete;
  CallSite& operator=(const CallSite&) = delete;
  // The innermost call open on this thread (null when none is).
  static const CallSite* innermost();
  std::string_view what() const { return what_; }
  const std::source_location& where() const { return where_; }
  const CallSite* outer() const { return outer_; }

 private:
  std::string_view what_;
  std::source_location where_;
  const CallSite* outer_;
};
// Whether `file` (a source_location's file name) is one of kiln's own sources.
bool in_kiln_sources(std::string_view file);
}  // namespace detail

}  // namespace kiln
