// Configuration and logging: KILN_LOG's syntax, per-area levels, and bad specs.
#include <omp.h>
#include <catch2/catch.hpp>

#include "kiln/kiln.h"
#include "runtime/log.h"

using namespace kiln;

TEST_CASE("KILN_LOG specs set a default level and per-area levels", "[config][log]") {
  set_log_spec("info,alloc=debug,cache=off");
  CHECK(logging::get("alloc").level() == spdlog::level::debug);
  CHECK(logging::get("cache").level() == spdlog::level::off);
  CHECK(logging::get("breaks").level() == spdlog::level::info);
  set_log_spec("warn");
  CHECK(logging::get("alloc").level() == spdlog::level::warn);
  CHECK_THROWS_WITH(set_log_spec("loud"), Catch::Contains("unknown level 'loud'"));
  CHECK_THROWS_WITH(set_log_spec("alloc=chatty"), Catch::Contains("unknown level 'chatty'"));
  set_log_spec("warn");
}

TEST_CASE("thread count is configurable", "[config]") {
  int before = num_threads();
  set_num_threads(1);
  CHECK(num_threads() == 1);
  set_num_threads(0);
  CHECK(num_threads() == before);
  CHECK_THROWS_AS(set_num_threads(-1), Error);
  CHECK(!version().empty());
}

// oneDNN runs on OpenMP's pool: kiln's thread count must reach it (it did not: a process with
// KILN_NUM_THREADS=1 ran its matrix products on every core).
TEST_CASE("the thread count governs oneDNN's kernels too", "[config]") {
  Tensor a = randn({64, 64}), b = randn({64, 64});
  set_num_threads(1);
  mm(a, b);
  CHECK(omp_get_max_threads() == 1);
  set_num_threads(3);
  mm(a, b);
  CHECK(omp_get_max_threads() == 3);
  set_num_threads(0);
  mm(a, b);
  CHECK(omp_get_max_threads() == num_threads());
}
