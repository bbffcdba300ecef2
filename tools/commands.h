// tools/commands.h — the subcommands of the `kiln` tool.
#pragma once

namespace kiln::tools {

struct DemoOptions {
  int batch = 64;
  int iters = 20;
  int threads = 0;
};

int doctor();
int demo(const DemoOptions& options);

}  // namespace kiln::tools
