// tests/fuzz/onnx_fuzz.cpp — libFuzzer target for the ONNX importer: any bytes are loaded as a
// model and, when they load, run on inputs of the declared types. kiln::Error is the only
// acceptable failure; a crash, a sanitizer report or another exception is a bug.
//   cmake -S . -B build-fuzz -DKILN_FUZZ=ON && cmake --build build-fuzz --target onnx_fuzz
//   build-fuzz/tests/fuzz/onnx_fuzz -max_total_time=600 -rss_limit_mb=8192 CORPUS tests/golden/onnx
#include <cstddef>
#include <cstdint>
#include <string>

#include "kiln/kiln.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    kiln::onnx::Model m = kiln::onnx::load_from_bytes(bytes, "/nonexistent");
    std::vector<kiln::Tensor> inputs;
    for (const auto& v : m.inputs()) {
      kiln::Shape s;
      int64_t n = 1;
      for (int64_t d : v.dims) {
        s.push_back(d < 0 ? 2 : d);
        n *= s.back();
        if (n > (1 << 20)) return 0;  // inputs this large only test the allocator
      }
      inputs.push_back(kiln::ones(s, v.dtype));
    }
    m(inputs);
  } catch (const kiln::Error&) {
  }
  return 0;
}
