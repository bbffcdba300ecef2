// passes/cse.cpp — common-subexpression elimination: a node with the same op, inputs and
// attributes as an earlier one reuses its results (constants with equal values merge too).
#include <fmt/format.h>

#include <map>

#include "passes/pass.h"

namespace kiln::passes {

bool common_subexpression_elimination(ir::Graph& g) {
  std::map<std::string, ir::Node*> seen;
  bool changed = false;
  for (const auto& np : g.nodes()) {
    ir::Node& n = *np;
    if (n.op->side_effect) continue;
    std::string key(n.op->name);
    for (const ir::Value* v : n.inputs) key += fmt::format(",{}", static_cast<const void*>(v));
    for (const auto& a : n.attrs.values) key += "|" + ir::attr_text(a);
    for (const ir::Value* v : n.outputs) key += ":" + v->type.str();
    auto [it, fresh] = seen.emplace(key, &n);
    if (fresh) continue;
    for (size_t i = 0; i < n.outputs.size(); ++i)
      g.replace_all_uses(n.outputs[i], it->second->outputs[i]);
    changed = true;
  }
  if (changed) g.remove_dead_nodes();
  return changed;
}

}  // namespace kiln::passes
