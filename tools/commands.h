// tools/commands.h — the subcommands of the `kiln` tool.
#pragma once

#include <string>
#include <vector>

namespace kiln::tools {

struct DemoOptions {
  int batch = 64;
  int iters = 20;
  int threads = 0;
};

struct IrOptions {
  std::string file;
  bool dot = false;
  bool hash = false;
  size_t graph = 0;
  std::vector<std::string> passes;
  bool print_after_all = false;
  bool list_passes = false;
  bool plan_memory = false;
};

struct RunOptions {
  std::string file;
  std::vector<std::string> inputs;
  std::string out_dir;
  size_t graph = 0;
};

int doctor();
int ir(const IrOptions& options);
int run(const RunOptions& options);
int explain(const std::string& dir);
int demo(const DemoOptions& options);

}  // namespace kiln::tools
