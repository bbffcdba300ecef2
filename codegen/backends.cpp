// codegen/backends.cpp — reports what each backend needs and whether it is here. GPU drivers
// are probed with dlopen, never linked, so kiln starts on machines without them.
#include "kiln/backends.h"

#include <dlfcn.h>
#include <dnnl.h>
#include <fmt/format.h>

#include "codegen/cpu/jit.h"
#include "kiln/config.h"
#include "kiln/error.h"

namespace kiln {

namespace {
BackendStatus probe_library(const char* backend, const char* lib, const char* missing) {
  BackendStatus s{backend, false, ""};
  if (void* h = dlopen(lib, RTLD_LAZY | RTLD_LOCAL)) {
    dlclose(h);
    s.detail = fmt::format("{} found; the {} code generator is not built yet", lib, backend);
  } else {
    s.detail = fmt::format("{} not found ({})", lib, missing);
  }
  return s;
}
}  // namespace

std::vector<BackendStatus> backends() {
  std::vector<BackendStatus> out;
  const dnnl_version_t* v = dnnl_version();
  out.push_back(
      {"cpu-eager", true,
       fmt::format("eager kernels, oneDNN {}.{}.{} for matmul", v->major, v->minor, v->patch)});
  {
    std::string target;
    bool ok = true;
    try {
      target = codegen::cpu::host_target();
      target = target.substr(0, target.find(' '));  // the CPU's name; `kiln doctor` lists features
    } catch (const kiln::Error& e) {
      ok = false;
      target = e.message();
    }
    out.push_back({"cpu-codegen", ok && config().codegen,
                   !ok ? "MLIR/LLVM cannot target this CPU: " + target
                   : config().codegen
                       ? fmt::format("fused kernels through MLIR/LLVM 19 for {}", target)
                       : std::string("off (KILN_CODEGEN=0): compiled graphs run op by op")});
  }
  out.push_back(probe_library("cuda", "libcuda.so.1", "no NVIDIA driver"));
  out.push_back(probe_library("hip", "libamdhip64.so.5", "no ROCm runtime"));
  return out;
}

std::string cpu_features() {
  std::string s;
  auto add = [&](const char* n, bool on) {
    if (on) s += (s.empty() ? "" : " ") + std::string(n);
  };
  __builtin_cpu_init();
  add("sse4.2", __builtin_cpu_supports("sse4.2"));
  add("avx", __builtin_cpu_supports("avx"));
  add("avx2", __builtin_cpu_supports("avx2"));
  add("fma", __builtin_cpu_supports("fma"));
  add("f16c", __builtin_cpu_supports("f16c"));
  add("avx512f", __builtin_cpu_supports("avx512f"));
  add("avx512bw", __builtin_cpu_supports("avx512bw"));
  add("avx512vl", __builtin_cpu_supports("avx512vl"));
  add("avx512bf16", __builtin_cpu_supports("avx512bf16"));
  add("avx512fp16", __builtin_cpu_supports("avx512fp16"));
  add("amx-tile", __builtin_cpu_supports("amx-tile"));
  return s;
}

}  // namespace kiln
