// passes/memory_plan.h — memory planning: every intermediate buffer of a graph (at one shape
// signature) gets an offset in one arena, by liveness over the node order, greedy best-fit, 64-byte
// aligned. A pointwise op's result takes the buffer of an input that dies there when the two
// are the same size and shape (in place). Views share their base's buffer, whose lifetime
// stretches to the views' last use. Graph inputs and results live outside the arena.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "passes/fusion.h"

namespace kiln::passes {

struct BufferPlan {
  const ir::Value* value;
  int64_t offset = 0;
  int64_t bytes = 0;
  int first = 0, last = 0;            // node indices: produced at `first`, last read at `last`
  const ir::Value* reuses = nullptr;  // the dying input whose buffer it took in place
};

struct MemoryPlan {
  int64_t arena_bytes = 0;         // what one arena for the graph needs
  int64_t intermediate_bytes = 0;  // the sum of all intermediates (no reuse)
  int64_t eager_peak_bytes = 0;    // the most intermediates alive at once, as eager runs it
  std::vector<BufferPlan> buffers;
  std::string report() const;
};

// Throws kiln::Error for a graph with symbolic dims (plan per shape signature).
MemoryPlan plan_memory(const ir::Graph& g);
// The same with symbolic dims sized by `sizes` (symbol -> size); a dim whose symbol is missing
// throws kiln::Error naming it.
MemoryPlan plan_memory(const ir::Graph& g, const std::map<std::string, int64_t>& sizes);

// The same over a fusion plan's steps, as the compiled executor runs it: the results of kernel
// and matmul groups that are neither returned nor viewed by a returned value get arena
// offsets (`bytes_of`: their sizes for this shape signature; values missing from it are left
// out); a pointwise kernel's result may take a dying input's buffer. Eager groups allocate
// their own results.
MemoryPlan plan_group_memory(const ir::Graph& g, const FusionPlan& fusion,
                             const std::map<const ir::Value*, int64_t>& bytes_of);

}  // namespace kiln::passes
