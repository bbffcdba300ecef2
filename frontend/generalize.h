// frontend/generalize.h — making a graph traced at one shape shape-generic when the traced
// function read sizes (an imported ONNX model's Shape -> Gather -> Concat -> Reshape): the
// sizes it computed are baked into attributes (`reshape {shape = [8, 128, 4, 64]}`), so the
// types alone cannot be made symbolic. Two traces of the same function at different sizes
// show which attribute entries follow which input size: they become symbols
// (`reshape {shape = [in0_0, 128, 4, 64]}`), and the graph then runs at any size.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace kiln::frontend {

// Turns the input dims flagged in `masks` (per input, a bit per dim) symbolic, named
// `in<i>_<d>`, and derives every type again; false with the rule's reason if one refuses (the
// types are then as the rules left them).
bool generalize_dims(ir::Graph& g, const std::vector<uint64_t>& masks, std::string& why);

// A function traced at some sizes, as traced (static types, before any pass).
struct TraceAtSizes {
  std::shared_ptr<const ir::Graph> graph;
  std::vector<Tensor> bound;  // its parameters' tensors: the inputs, then the captured ones
};

// A copy of graph g (same names, types, attributes and wiring).
ir::Graph copy_graph(const ir::Graph& g);

// A copy of the trace `g` (whose parameters are bound to `bound`), to compare a later trace to.
TraceAtSizes keep_trace(const ir::Graph& g, std::span<const Tensor> bound);

// Makes `g` (traced with parameters bound to `bound`, the first `num_inputs` of them the
// function's inputs) generic in the input dims flagged in `masks` (per input, a bit per dim),
// by comparing it with `before`, the same function traced where exactly those dims had other
// sizes. The two must be one graph but for sizes: the same ops, wiring and captured tensors
// (the same tensor, or equal contents). A list attribute's entry that differs must be, in both
// traces, the size of one and the same flagged dim (it becomes that dim's symbol, `in<i>_<d>`,
// the name kiln::compile gives it), or be the one entry of a reshape's shape that then becomes
// -1. Returns false with the reason otherwise; `g` may then be changed part-way (compare a
// copy, copy_graph).
bool generalize_by_diff(ir::Graph& g, std::span<const Tensor> bound, size_t num_inputs,
                        const TraceAtSizes& before, const std::vector<uint64_t>& masks,
                        std::string& why);

}  // namespace kiln::frontend
