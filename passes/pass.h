// passes/pass.h — named transformations of an ir::Graph. Each pass has a name and a one-line
// summary, can run alone, and the PassManager can print the IR after any or all of them
// (`kiln ir FILE.kir --passes simplify,cse,dce --print-after-all`).
#pragma once

#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"

namespace kiln::passes {

struct Pass {
  std::string_view name;
  std::string_view summary;
  bool (*run)(ir::Graph& g);  // true when it changed the graph
};

std::span<const Pass> all_passes();
const Pass& pass(std::string_view name);  // throws kiln::Error naming the known passes

// The passes kiln::compile runs on a captured graph before caching it.
std::vector<std::string> default_pipeline();

class PassManager {
 public:
  explicit PassManager(const std::vector<std::string>& names);
  // Calls `sink(pass name, printed graph)` after each pass (or only those named in `after`).
  void print_after_all() { print_all_ = true; }
  void print_after(const std::string& name) { print_after_.push_back(name); }
  void run(ir::Graph& g,
           const std::function<void(std::string_view, const std::string&)>& sink = {}) const;

 private:
  std::vector<const Pass*> passes_;
  bool print_all_ = false;
  std::vector<std::string> print_after_;
};

// The individual passes (one file each).
bool dead_code_elimination(ir::Graph& g);
bool common_subexpression_elimination(ir::Graph& g);
bool constant_folding(ir::Graph& g);
bool algebraic_simplification(ir::Graph& g);
bool decomposition(ir::Graph& g);
bool decomposition_of_unfused(ir::Graph& g);  // only ops with no fused form of their own
bool shape_inference(ir::Graph& g);
bool functionalization(ir::Graph& g);
bool view_sinking(ir::Graph& g);
// Who reads each value of a graph: nodes, and how many times it is returned.
struct Readers {
  explicit Readers(const ir::Graph& g);
  std::map<const ir::Value*, std::vector<const ir::Node*>> of;
  std::map<const ir::Value*, int> returned;
  int uses(const ir::Value* v) const;
};
// Why `view` does not move above the op that produces its input ("" when it does:
// passes/sink_views.cpp).
std::string why_view_stays(const ir::Node& view, const Readers& readers);
// Whether an op that fuses (pointwise, reduction) reads the view's result, directly or through
// more views.
bool read_by_fusable(const ir::Node& view, const Readers& readers);

}  // namespace kiln::passes
