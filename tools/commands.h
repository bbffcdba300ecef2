// tools/commands.h — the subcommands of the `kiln` tool.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench/timing.h"
#include "kiln/kir.h"

namespace kiln::tools {

struct DemoOptions {
  int batch = 64;
  int epochs = 20;
  int threads = 0;
};

struct IrOptions {
  std::string file;
  std::vector<std::string> dims;  // sizes of symbolic dims, name=N (.onnx; .kir --plan-memory)
  bool dot = false;
  bool hash = false;
  size_t graph = 0;
  std::vector<std::string> passes;
  bool print_after_all = false;
  bool list_passes = false;
  bool plan_memory = false;
  bool explain_fusion = false;
};

struct RunOptions {
  std::string file;
  std::vector<std::string> inputs;
  std::string out_dir;
  size_t graph = 0;
  bool eager = false;
};

struct CodegenOptions {
  std::string file;
  std::string target = "cpu";
  std::string emit = "mlir";
  size_t graph = 0;
};

struct BenchOptions {
  std::string file;
  size_t graph = 0;
  std::vector<std::string> dims;    // symbol=size
  std::vector<std::string> inputs;  // .npy or .pb files (ONNX models): instead of random ones
  int iters = 20;
  bool profile = false;  // then time the compiled calls again step by step and print that
};
// --profile: `iters` more calls of f with kiln's step profiler on, then its report.
void print_profile(int iters, const std::function<void()>& f);

int doctor();
// .onnx files (tools/onnx.cpp).
bool is_onnx(const std::string& path);
std::map<std::string, int64_t> parse_dims(const std::vector<std::string>& dims);
// Throws when --dim names a dim that is not among `names` (what `of` calls its symbolic dims).
void check_dims(const std::map<std::string, int64_t>& sizes, const std::set<std::string>& names,
                const std::string& of);
// The symbolic dims of a .kir graph's parameters.
std::set<std::string> symbols(const kir::Program& p, size_t graph);
// The graph kiln records for a model on example inputs (`kiln ir model.onnx`).
kir::Program onnx_program(const std::string& path, const std::vector<std::string>& dims);
int run_onnx(const RunOptions& options);
int bench_onnx(const BenchOptions& options);
// Median wall time of `reps` calls of f (after one warm-up call), in ms: the benchmarks' own.
using bench::median_ms;
int codegen(const CodegenOptions& options);
int cache(const std::string& action);
int bench(const BenchOptions& options);
int ir(const IrOptions& options);
int run(const RunOptions& options);
int explain(const std::string& dir);
int demo(const DemoOptions& options);

}  // namespace kiln::tools
