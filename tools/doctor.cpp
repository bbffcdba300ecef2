#include <fmt/format.h>

#include "kiln/backends.h"
#include "kiln/kiln.h"
#include "tools/commands.h"

namespace kiln::tools {

int doctor() {
  fmt::print("kiln {}\n", version());
  fmt::print("CPU features: {}\n", cpu_features());
  fmt::print("threads: {} (set KILN_NUM_THREADS to change)\n", num_threads());
  fmt::print("backends:\n");
  for (const auto& b : backends())
    fmt::print("  {:<12} {}  {}\n", b.name, b.available ? "yes" : "no ", b.detail);
  fmt::print("kernel cache: {}\n",
             config().cache_dir.empty() ? "(no home directory)" : config().cache_dir);
  return 0;
}

}  // namespace kiln::tools
