// Configuration, logging (KILN_LOG specs, per-area levels, bad specs), how choices are timed.
#include <omp.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "kiln/kiln.h"
#include "runtime/log.h"
#include "runtime/tuning.h"

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

TEST_CASE("tuning::race times the preferred candidate four times in a row, the other around it",
          "[config][tuning]") {
  // Two candidates sharing a cache that holds one's data: a run finds its data there only after
  // two runs of its own in a row. Timed in turn, a would always run cold (20 ms) and lose to b
  // (10 ms); warm, it runs in 1 ms.
  std::string order;
  auto run = [&](char who, int warm_ms, int cold_ms) {
    bool warm =
        order.size() >= 2 && order[order.size() - 1] == who && order[order.size() - 2] == who;
    order += who;
    std::this_thread::sleep_for(std::chrono::milliseconds(warm ? warm_ms : cold_ms));
    return true;
  };
  auto [a_s, b_s] = tuning::race([&] { return run('a', 1, 20); }, [&] { return run('b', 10, 10); });
  CHECK(order == "bbaaaabb");
  CHECK(a_s >= 1e-3);
  CHECK(a_s < 10e-3);  // a's best is a warm run
  CHECK(b_s >= 10e-3);
  // a candidate that refuses is not run again and has no time; the other is timed as before
  order.clear();
  auto [c_s, d_s] = tuning::race([&] { return run('c', 1, 1); },
                                 [&] {
                                   order += 'd';
                                   return false;
                                 });
  CHECK(order == "dcccc");
  CHECK(d_s == 1e30);
  CHECK(c_s >= 1e-3);
  // one that refuses after a run that counted has no time either (its result may be partial)
  int e_runs = 0;
  auto [e_s, f_s] = tuning::race([&] { return ++e_runs < 3; }, [&] { return true; });
  CHECK(e_runs == 3);
  CHECK(e_s == 1e30);
  CHECK(f_s < 1e30);
}
