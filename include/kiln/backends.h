// kiln/backends.h — which execution backends this build and machine offer, and why not.
#pragma once

#include <string>
#include <vector>

namespace kiln {

struct BackendStatus {
  std::string name;  // "cpu-eager", "cpu-codegen", "cuda", "hip"
  bool available = false;
  std::string detail;  // version when available, the reason when not
};

std::vector<BackendStatus> backends();
// CPU features kiln's kernels care about ("avx2 avx512f ...").
std::string cpu_features();

}  // namespace kiln
