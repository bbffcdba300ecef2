// kiln/kir.h — kiln's IR as text (.kir, docs/KIR.md) from C++: parse or load a file (it is
// verified), print it canonically or as Graphviz dot, hash its structure, and run a graph on
// tensors. Symbolic dims are bound from the inputs. The IR types themselves stay internal.
#pragma once

#include <cstdint>
#include <functional>
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
  uint64_t hash(size_t graph = 0) const;
  std::vector<Tensor> run(const std::vector<Tensor>& inputs, size_t graph = 0,
                          Loc loc = Loc::current()) const;

  // A copy with the named passes run over every graph, in order; `after_each(pass, text)` sees
  // the IR after each pass. Unknown names throw kiln::Error.
  Program with_passes(
      const std::vector<std::string>& passes,
      const std::function<void(const std::string&, const std::string&)>& after_each = {},
      Loc loc = Loc::current()) const;
  // The memory plan of a graph with static shapes: arena bytes vs the sum of intermediates
  // vs eager's peak, one line.
  std::string memory_report(size_t graph = 0) const;
  // Every pass: name and one-line summary.
  static std::vector<std::pair<std::string, std::string>> passes();

  struct Impl;

 private:
  explicit Program(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace kiln::kir
