// codegen/cpu/jit.h — MLIR text in, host object code out, and object code loaded into the one
// process-wide ORC LLJIT. The only interface to the one file that includes MLIR and LLVM
// headers (codegen/cpu/jit.cpp).
#pragma once

#include <string>

namespace kiln::codegen::cpu {

struct ObjectCode {
  std::string object;      // ELF relocatable for the host CPU
  std::string llvm_ir;     // optimised LLVM IR (when asked for)
  std::string assembly;    // (when asked for)
  double lower_ms = 0;     // MLIR parse + approximations + lowering + translation
  double optimize_ms = 0;  // LLVM O3
  double codegen_ms = 0;   // machine code
};

// Compiles one MLIR module (func, scf, arith, math, vector, llvm dialects) for the host CPU at
// O3. Throws kiln::Error with the diagnostics when MLIR rejects the text.
ObjectCode compile_mlir(const std::string& mlir, bool want_text);

// Loads object code into the JIT (a JITDylib of its own) and returns the address of `symbol`.
void* load_object(const std::string& object, const std::string& symbol);

// "znver4 +avx512f,+avx2,..." — part of every kernel cache key.
const std::string& host_target();

// The width of the host's vector registers that kernels fill: 512 (AVX-512), 256 (AVX, AVX2)
// or 128 bits.
int host_vector_bits();

// "llvm 19.1.7 lowering 3f2a..." — the LLVM version and a hash of this lowering's source, also
// part of every kernel cache key: object code on disk from another lowering is never loaded.
const std::string& lowering_id();

}  // namespace kiln::codegen::cpu
