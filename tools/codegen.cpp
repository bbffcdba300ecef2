// tools/codegen.cpp — `kiln codegen` (the generated code of a graph's kernels), `kiln cache`
// (the disk kernel cache) and `kiln bench` (eager vs compiled on random inputs).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>

#include "kiln/cache.h"
#include "kiln/kiln.h"
#include "tools/commands.h"

namespace kiln::tools {

int codegen(const CodegenOptions& o) {
  if (o.target != "cpu")
    throw Error(fmt::format("codegen: the {} target is not built yet (only cpu)", o.target));
  kir::Program p = is_onnx(o.file) ? onnx_program(o.file, {}) : kir::Program::load(o.file);
  fmt::print("{}", p.codegen(o.graph, o.emit));
  return 0;
}

int cache(const std::string& action) {
  std::string d = cache::dir();
  if (d.empty()) {
    fmt::print("the disk kernel cache is off (KILN_CACHE_DIR=off)\n");
    return 0;
  }
  auto entries = cache::entries();
  if (action == "clear") {
    fmt::print("removed {} entries (kernels and tuning choices) from {}\n", cache::clear(), d);
    return 0;
  }
  if (action == "ls") {
    for (const auto& e : entries)
      fmt::print("{:>10}  {:<6}  {}  {}\n", e.bytes, e.kind, e.symbol, e.path);
    return 0;
  }
  int64_t bytes = 0, kernels = 0;
  for (const auto& e : entries) {
    bytes += e.bytes;
    kernels += e.kind == "kernel";
  }
  fmt::print(
      "kernel cache: {}\n  {} kernels, {} tuning choices, {:.2f} MiB of {:.0f} MiB "
      "(KILN_CACHE_MB)\n",
      d, kernels, int64_t(entries.size()) - kernels, double(bytes) / (1 << 20),
      double(cache::cap_bytes()) / (1 << 20));
  return 0;
}

void print_profile(int iters, const std::function<void()>& f) {
  reset_profile();
  bool was = config().profile;
  config().profile = true;
  for (int i = 0; i < iters; ++i) f();
  config().profile = was;
  fmt::print(
      "profile ({} calls, each step timed on its own; steps inside a call run one after "
      "another):\n{}",
      iters, profile_report());
}

int bench(const BenchOptions& o) {
  if (is_onnx(o.file)) return bench_onnx(o);
  if (!o.inputs.empty()) throw Error("bench: --inputs is for .onnx models");
  kir::Program p = kir::Program::load(o.file);
  std::map<std::string, int64_t> sizes = parse_dims(o.dims);
  check_dims(sizes, symbols(p, o.graph), "@" + p.name(o.graph));
  std::vector<Tensor> inputs;
  Generator g(1);
  for (const auto& param : p.params(o.graph)) {
    Shape s;
    for (const auto& dim : param.dims) {
      if (!dim.symbol.empty()) {
        auto it = sizes.find(dim.symbol);
        if (it == sizes.end())
          throw Error(
              fmt::format("bench: give the size of '{}' with --dim {}=N", dim.symbol, dim.symbol));
        s.push_back(it->second);
      } else {
        s.push_back(dim.size);
      }
    }
    inputs.push_back(is_floating(param.dtype) ? randn(s, param.dtype, &g)
                                              : randint(0, 2, s, param.dtype, &g));
  }
  auto t0 = std::chrono::steady_clock::now();
  p.run_compiled(inputs, o.graph);
  double first =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  double eager = median_ms(o.iters, [&] { p.run(inputs, o.graph); });
  double compiled = median_ms(o.iters, [&] { p.run_compiled(inputs, o.graph); });
  fmt::print("@{}: first compiled run {:.1f} ms (compiles its kernels)\n", p.name(o.graph), first);
  fmt::print(
      "eager (op by op)   {:10.3f} ms\ncompiled (fused)   {:10.3f} ms\nspeed-up over eager: "
      "{:.2f}x\n",
      eager, compiled, eager / compiled);
  fmt::print("memory: {}\n", p.compiled_memory_report(o.graph));
  if (o.profile) print_profile(o.iters, [&] { p.run_compiled(inputs, o.graph); });
  return 0;
}

}  // namespace kiln::tools
