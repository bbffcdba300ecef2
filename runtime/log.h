// runtime/log.h — kiln's loggers, one per area ("kiln", "alloc", "cache", "breaks", ...).
// Internal: spdlog types never appear in public headers.
#pragma once

#include <spdlog/spdlog.h>

#include <string_view>

namespace kiln::logging {

// The logger for an area, created on first use with the level KILN_LOG gives that area.
spdlog::logger& get(std::string_view area);

}  // namespace kiln::logging
