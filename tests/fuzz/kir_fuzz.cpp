// libFuzzer target for the .kir parser and verifier: any input must parse or throw
// kiln::Error — never crash, hang or trip a sanitizer. A parsed graph must round-trip.
// Build with -DKILN_FUZZ=ON (clang), run: build-fuzz/tests/fuzz/kir_fuzz tests/fuzz/corpus
#include <cstdint>
#include <string>

#include "ir/graph.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto graphs = kiln::ir::parse_kir(text, "fuzz.kir");
    std::string printed = kiln::ir::print_kir(graphs);
    if (kiln::ir::print_kir(kiln::ir::parse_kir(printed)) != printed) __builtin_trap();
    for (const auto& g : graphs) (void)kiln::ir::structural_hash(g);
  } catch (const kiln::Error&) {
  }
  return 0;
}
