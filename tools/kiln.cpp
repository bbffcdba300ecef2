// tools/kiln.cpp — the `kiln` command-line tool: one subcommand per job, --help everywhere.
#include <CLI/CLI.hpp>

#include <cstdio>

#include "kiln/kiln.h"
#include "tools/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"kiln — a tracing JIT compiler for tensor programs (version " + kiln::version() +
               ")"};
  app.require_subcommand(1);
  app.set_version_flag("--version", kiln::version());

  auto* doctor =
      app.add_subcommand("doctor", "Show the version, CPU features, threads and backends");
  auto* demo = app.add_subcommand(
      "demo", "Train an MLP on the digits data set, eager and compiled, and compare");
  kiln::tools::DemoOptions demo_opts;
  demo->add_option("--batch", demo_opts.batch, "Batch size")->check(CLI::PositiveNumber);
  demo->add_option("--epochs", demo_opts.epochs, "Training epochs")->check(CLI::PositiveNumber);
  demo->add_option("--threads", demo_opts.threads, "CPU threads (0: all)")
      ->check(CLI::NonNegativeNumber);

  auto* ir = app.add_subcommand(
      "ir", "Print a .kir file (canonical text, dot, or hash), or the graph of an .onnx model");
  kiln::tools::IrOptions ir_opts;
  ir->add_option("file", ir_opts.file, "The .kir or .onnx file")->check(CLI::ExistingFile);
  ir->add_option("--dim", ir_opts.dims,
                 "Size of a symbolic dim, batch=8 (repeatable): an .onnx model's dynamic dims, "
                 "a .kir graph's for --plan-memory");
  ir->add_option("--passes", ir_opts.passes, "Passes to run, in order (comma-separated)")
      ->delimiter(',');
  ir->add_flag("--print-after-all", ir_opts.print_after_all, "Print the IR after every pass");
  ir->add_flag("--list-passes", ir_opts.list_passes, "List the passes and exit");
  ir->add_flag("--plan-memory", ir_opts.plan_memory,
               "Print each graph's memory plans, compiled and op by op (symbolic dims: --dim)");
  ir->add_flag("--dot", ir_opts.dot, "Print Graphviz dot instead of text");
  ir->add_flag("--hash", ir_opts.hash, "Print each graph's structural hash");
  ir->add_option("--graph", ir_opts.graph, "Which graph of the file (for --dot)");
  ir->add_flag("--explain-fusion", ir_opts.explain_fusion,
               "Print each graph's fusion groups and why each refused fusion was refused");

  auto* run =
      app.add_subcommand("run", "Run a graph of a .kir file, or an .onnx model, on .npy inputs");
  kiln::tools::RunOptions run_opts;
  run->add_option("file", run_opts.file, "The .kir or .onnx file")
      ->required()
      ->check(CLI::ExistingFile);
  run->add_option("--inputs", run_opts.inputs, "Input .npy files, in parameter (model input) order")
      ->delimiter(',')
      ->check(CLI::ExistingFile);
  run->add_option("--out", run_opts.out_dir,
                  "Write out_0.npy, out_1.npy, ... here (out_0.pb, ... when the inputs are .pb)");
  run->add_option("--graph", run_opts.graph, "Which graph of the file");
  run->add_flag("--eager", run_opts.eager,
                "Run op by op on the eager kernels (the reference) instead of compiled");

  auto* codegen =
      app.add_subcommand("codegen", "Print the generated code of a .kir graph's kernels");
  kiln::tools::CodegenOptions cg_opts;
  codegen->add_option("file", cg_opts.file, "The .kir file (or an .onnx model)")
      ->required()
      ->check(CLI::ExistingFile);
  codegen->add_option("--target", cg_opts.target, "cpu (cuda and hip: not yet)")
      ->check(CLI::IsMember({"cpu", "cuda", "hip"}));
  codegen->add_option("--emit", cg_opts.emit, "kernel, mlir, llvm or asm")
      ->check(CLI::IsMember({"kernel", "mlir", "llvm", "asm"}));
  codegen->add_option("--graph", cg_opts.graph, "Which graph of the file");

  auto* cache = app.add_subcommand("cache", "Inspect or clear the kernel cache on disk");
  std::string cache_action = "stats";
  cache->add_option("action", cache_action, "stats, ls or clear")
      ->check(CLI::IsMember({"stats", "ls", "clear"}));

  auto* bench = app.add_subcommand(
      "bench",
      "Time a .kir graph or an .onnx model eager vs compiled (random inputs, or --inputs)");
  kiln::tools::BenchOptions bench_opts;
  bench->add_option("file", bench_opts.file, "The .kir or .onnx file")
      ->required()
      ->check(CLI::ExistingFile);
  bench->add_option("--graph", bench_opts.graph, "Which graph of the file");
  bench->add_option("--dim", bench_opts.dims, "Sizes of symbolic dims: batch=64 (repeatable)");
  bench
      ->add_option("--inputs", bench_opts.inputs,
                   "An .onnx model's inputs as .npy or .pb files, in order (default: random)")
      ->check(CLI::ExistingFile);
  bench->add_option("--iters", bench_opts.iters, "Timed iterations")->check(CLI::PositiveNumber);
  bench->add_flag("--profile", bench_opts.profile,
                  "Then time each compiled step (fused kernel, product, eager op) and list the "
                  "slowest");

  auto* explain = app.add_subcommand("explain", "Summarise what a run with KILN_DUMP=DIR captured");
  std::string explain_dir;
  explain->add_option("dir", explain_dir, "The KILN_DUMP directory")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (*doctor) return kiln::tools::doctor();
    if (*demo) return kiln::tools::demo(demo_opts);
    if (*ir) return kiln::tools::ir(ir_opts);
    if (*run) return kiln::tools::run(run_opts);
    if (*explain) return kiln::tools::explain(explain_dir);
    if (*codegen) return kiln::tools::codegen(cg_opts);
    if (*cache) return kiln::tools::cache(cache_action);
    if (*bench) return kiln::tools::bench(bench_opts);
  } catch (const kiln::Error& e) {
    std::fprintf(stderr, "kiln: error: %s\n", e.message().c_str());
    return 1;
  } catch (const std::exception& e) {  // e.g. a folder that cannot be created
    std::fprintf(stderr, "kiln: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
