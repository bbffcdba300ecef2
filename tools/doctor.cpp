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
  MemoryReport mem = memory_report();
  fmt::print(
      "huge pages: the kernel's mode {}; kiln {} (KILN_HUGE_PAGES){}\n",
      mem.thp.empty() ? "unknown" : mem.thp,
      config().huge_pages ? "asks for them for buffers of 1 MiB and more" : "asks for 4 KB pages",
      config().huge_pages && mem.thp == "never" ? ", but the kernel gives none" : "");
  if (mem.host_reclaims)
    fmt::print("  the host takes back free memory (virtio-balloon free page reporting){}\n",
               config().huge_pages && mem.thp != "never"
                   ? " and backs a fresh\n  huge page again on first touch, at milliseconds "
                     "each: a first call that writes tens\n  of MB may take several times "
                     "longer than the next (KILN_HUGE_PAGES=0: 4 KB pages, steadier\n  first "
                     "calls, more TLB misses after)"
                   : "");
  return 0;
}

}  // namespace kiln::tools
