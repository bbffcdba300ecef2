// frontend/interpreter.h — runs an ir::Graph node by node through the eager kernels of the op
// table. It is the reference executor for graphs: compiled code must match it.
#pragma once

#include <map>
#include <span>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace kiln::frontend {

// Checks the inputs against the graph's parameter types and returns value slots (indexed by
// Value::id) with the parameters filled; `symbols` receives the sizes bound to symbolic dims.
// A node's attributes with their symbolic sizes (ir SymInts) replaced by the sizes bound
// from the inputs.
Attrs resolve_sizes(const Attrs& attrs, const std::map<std::string, int64_t>& bound,
                    const ir::Graph& g);

std::vector<Tensor> bind_inputs(const ir::Graph& g, std::span<const Tensor> inputs, Loc loc,
                                std::map<std::string, int64_t>& symbols);

// Checks the inputs against the graph's parameter types (binding symbolic dims), then runs it.
std::vector<Tensor> interpret(const ir::Graph& g, std::span<const Tensor> inputs, Loc loc);

}  // namespace kiln::frontend
