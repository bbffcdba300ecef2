// bench/timing.h — what the benchmark programs share: the median time of a call, and one JSON
// line per measurement (bench/run.sh and bench/train.sh turn them into tables).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace kiln::bench {

// Median milliseconds of `reps` calls of f, after one warm-up call.
inline double median_ms(int reps, const std::function<void()>& f) {
  f();
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    auto a = std::chrono::steady_clock::now();
    f();
    t.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

// Median milliseconds of `reps` calls each of f and g, alternating f, g, f, g, ... after one
// warm-up call of each: on a machine whose speed drifts from minute to minute (a shared VM),
// both medians see the same minutes, so their ratio holds where two separate runs would not.
inline std::pair<double, double> paired_median_ms(int reps, const std::function<void()>& f,
                                                  const std::function<void()>& g) {
  f();
  g();
  std::vector<double> tf, tg;
  auto ms = [](const std::function<void()>& h) {
    auto a = std::chrono::steady_clock::now();
    h();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count();
  };
  for (int i = 0; i < reps; ++i) {
    tf.push_back(ms(f));
    tg.push_back(ms(g));
  }
  std::sort(tf.begin(), tf.end());
  std::sort(tg.begin(), tg.end());
  return {tf[tf.size() / 2], tg[tg.size() / 2]};
}

inline void emit(const std::string& workload, const std::string& peer, int threads,
                 const std::string& metric, double value, const std::string& unit) {
  fmt::print(
      "{{\"workload\": \"{}\", \"peer\": \"{}\", \"threads\": {}, \"metric\": \"{}\", "
      "\"value\": {:.4f}, \"unit\": \"{}\"}}\n",
      workload, peer, threads, metric, value, unit);
  std::fflush(stdout);
}

}  // namespace kiln::bench
