// kiln/kir.h — kiln's IR as text (.kir, docs/KIR.md) from C++: parse or load a file (it is
// verified), print it canonically or as Graphviz dot, hash its structure, and run a graph on
// tensors. Symbolic dims are bound from the inputs. The IR types themselves stay internal.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kiln/tensor.h"

namespace kiln::kir {

class Program {
 public:
  static Program load(const std::string& path, Loc loc = Loc::current());
  static Program parse(const std::string& text, const std::string& filename = "<input>",
                       Loc loc = Loc::current());

  size_t size() const;  // number of graphs
  std::string name(size_t graph = 0) const;
  std::string text() const;  // canonical: print(parse(text())) == text()
  std::string dot(size_t graph = 0) const;
  // A graph's parameter types: dtype and dims (a dim's symbol is "" when it is a constant).
  struct Dim {
    int64_t size = 0;
    std::string symbol;
  };
  struct Param {
    std::string name;
    DType dtype;
    std::vector<Dim> dims;
  };
  std::vector<Param> params(size_t graph = 0) const;
  uint64_t hash(size_t graph = 0) const;
  std::vector<Tensor> run(const std::vector<Tensor>& inputs, size_t graph = 0,
                          Loc loc = Loc::current()) const;

  // Runs a graph the compiled way: optimised, fused, generated kernels (compiled on first use
  // and cached). Results equal run()'s within the fused tolerance (docs/CODEGEN.md).
  std::vector<Tensor> run_compiled(const std::vector<Tensor>& inputs, size_t graph = 0,
                                   Loc loc = Loc::current()) const;
  // The fusion plan of a graph after the compile pipeline: one line per group, then the reason
  // for every refused fusion (`kiln ir --explain-fusion`).
  std::string fusion_report(size_t graph = 0) const;
  // The arena plan of the compiled graph's last run_compiled shape signature ("" before one):
  // arena bytes vs the sum of its intermediates vs their peak when run eagerly.
  std::string compiled_memory_report(size_t graph = 0) const;
  // The generated code of each fused kernel of a graph, in the variant a run with contiguous
  // inputs launches (a kernel reading a view of one reads it strided): emit is "kernel"
  // (the loop-level kernel), "mlir", "llvm" (optimised LLVM IR) or "asm". Symbolic dims are
  // taken as 64 to pick the launch variant. `vector_bits`: the vector width the kernels are
  // written for (512, 256, 128), 0 for what compiled kernels use (KILN_VECTOR_BITS, else the
  // host's); the golden tests fix 512 on every host.
  std::string codegen(size_t graph = 0, const std::string& emit = "mlir",
                      int vector_bits = 0) const;

  // A copy with the named passes run over every graph, in order; `after_each(pass, text)` sees
  // the IR after each pass. Unknown names throw kiln::Error.
  Program with_passes(
      const std::vector<std::string>& passes,
      const std::function<void(const std::string&, const std::string&)>& after_each = {},
      Loc loc = Loc::current()) const;
  // The memory plans of a graph at one shape (`sizes`: each symbolic dim's size; a missing one
  // throws kiln::Error naming it), two lines of arena bytes vs the sum of intermediates vs
  // eager's peak: compiled (the arena of its fused kernels' and products' results, as
  // run_compiled allocates it), then op by op (every op's result, as if nothing fused).
  std::string memory_report(size_t graph = 0,
                            const std::map<std::string, int64_t>& sizes = {}) const;
  // Every pass: name and one-line summary.
  static std::vector<std::pair<std::string, std::string>> passes();

  struct Impl;

 private:
  explicit Program(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace kiln::kir
