// passes/decompose.cpp — composite ops into primitives that fuse with their neighbours: every op
// whose table entry has a decomposition (OpDef::decompose, ir/decompose_rules.h: gelu, silu,
// softmax, log_softmax, layer_norm, rms_norm, var, std, logsumexp, linear). New nodes get their
// types from the shape rules (infer_types) at the end.
#include "passes/pass.h"

namespace kiln::passes {

namespace {
bool decompose(ir::Graph& g, bool only_unfused) {
  bool changed = false;
  // Collect first: expanding inserts nodes.
  std::vector<ir::Node*> todo;
  for (const auto& n : g.nodes())
    if (n->op->decompose && !n->inputs.empty() && (!only_unfused || !n->op->lower))
      todo.push_back(n.get());
  for (ir::Node* n : todo) {
    // softmax over an empty or rank-0 tensor and a -inf row behave the same decomposed.
    if (ir::Value* v = n->op->decompose(g, *n)) {
      g.replace_all_uses(n->outputs[0], v);
      // The new nodes' types now, not at the end: a later composite reading this one's
      // replacement reads its rank (a var over dim -1 of a logsumexp that dropped a dim).
      ir::infer_types(g);
      changed = true;
    }
  }
  if (changed) g.remove_dead_nodes();
  return changed;
}

}  // namespace

bool decomposition(ir::Graph& g) { return decompose(g, false); }
bool decomposition_of_unfused(ir::Graph& g) { return decompose(g, true); }

}  // namespace kiln::passes
