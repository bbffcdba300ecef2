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

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (*doctor) return kiln::tools::doctor();
    if (*demo) return kiln::tools::demo(demo_opts);
  } catch (const kiln::Error& e) {
    std::fprintf(stderr, "kiln: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
