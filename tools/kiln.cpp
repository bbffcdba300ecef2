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
  auto* demo = app.add_subcommand("demo", "Run a small model and report what it did");
  kiln::tools::DemoOptions demo_opts;
  demo->add_option("--batch", demo_opts.batch, "Batch size")->check(CLI::PositiveNumber);
  demo->add_option("--iters", demo_opts.iters, "Timed iterations")->check(CLI::PositiveNumber);
  demo->add_option("--threads", demo_opts.threads, "CPU threads (0: all)")
      ->check(CLI::NonNegativeNumber);

  auto* ir = app.add_subcommand(
      "ir", "Parse, verify and print a .kir file (canonical text, dot, or hash)");
  kiln::tools::IrOptions ir_opts;
  ir->add_option("file", ir_opts.file, "The .kir file")->check(CLI::ExistingFile);
  ir->add_option("--passes", ir_opts.passes, "Passes to run, in order (comma-separated)")
      ->delimiter(',');
  ir->add_flag("--print-after-all", ir_opts.print_after_all, "Print the IR after every pass");
  ir->add_flag("--list-passes", ir_opts.list_passes, "List the passes and exit");
  ir->add_flag("--plan-memory", ir_opts.plan_memory,
               "Print each graph's memory plan (static shapes)");
  ir->add_flag("--dot", ir_opts.dot, "Print Graphviz dot instead of text");
  ir->add_flag("--hash", ir_opts.hash, "Print each graph's structural hash");
  ir->add_option("--graph", ir_opts.graph, "Which graph of the file (for --dot)");

  auto* run = app.add_subcommand("run", "Run a graph of a .kir file on .npy inputs");
  kiln::tools::RunOptions run_opts;
  run->add_option("file", run_opts.file, "The .kir file")->required()->check(CLI::ExistingFile);
  run->add_option("--inputs", run_opts.inputs, "Input .npy files, in parameter order")
      ->delimiter(',')
      ->check(CLI::ExistingFile);
  run->add_option("--out", run_opts.out_dir, "Write out_0.npy, out_1.npy, ... here");
  run->add_option("--graph", run_opts.graph, "Which graph of the file");

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
  } catch (const kiln::Error& e) {
    std::fprintf(stderr, "kiln: error: %s\n", e.message().c_str());
    return 1;
  } catch (const std::exception& e) {  // e.g. a folder that cannot be created
    std::fprintf(stderr, "kiln: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
