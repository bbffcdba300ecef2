// passes/fusion.h — partitions a graph into fusion groups (DESIGN decision 7). A group is either
// one kernel — chains of pointwise ops over one iteration space, with reductions over its
// trailing dims and their pointwise prologue and epilogue (softmax, layer_norm, losses) — or a
// single node that runs its own eager kernel (matmul, conv, indexing, views, ops with no fused
// form). Every refused fusion has a reason, printed by `kiln ir --explain-fusion`.
#pragma once

#include <string>
#include <vector>

#include "ir/graph.h"

namespace kiln::passes {

struct FusionGroup {
  std::vector<const ir::Node*> nodes;     // in graph order
  std::vector<const ir::Value*> inputs;   // values read from outside the group
  std::vector<const ir::Value*> outputs;  // values used after the group or returned
  std::vector<ir::Dim> space;             // the iteration space (a kernel group)
  int reduce_dims = 0;                    // trailing dims of `space` reduced (0: pointwise)
  bool kernel = false;  // false: one node, run by its eager kernel (or a linalg group)
  // A matmul (nodes[0]) whose result the other nodes transform as its epilogue (oneDNN
  // post-ops, in order; consecutive scale-and-shift steps are folded into one; binary steps
  // read epilogue_operands).
  bool linalg = false;
  std::vector<Epilogue> epilogue;
  std::vector<const ir::Value*> epilogue_operands;
};

struct FusionPlan {
  std::vector<FusionGroup> groups;  // in an order that respects dependencies
  std::vector<std::string> notes;   // why each refused fusion was refused
  int kernels() const;
  // "group 0: kernel over f32[4096, 1024] reducing 1 dim: %0 amax, %1 sub, ..." per group,
  // then the notes.
  std::string report(const ir::Graph& g) const;
};

// The largest number of ops one kernel takes (bigger bodies spill registers).
inline constexpr size_t kMaxGroupOps = 64;

// Constant nodes are not grouped: a kernel inlines a scalar constant, and evaluates nothing.
FusionPlan plan_fusion(const ir::Graph& g);

// The dims a reduction node reduces (wrapped, sorted), read from its `dims` attribute.
std::vector<int64_t> reduced_dims(const ir::Node& n);

}  // namespace kiln::passes
