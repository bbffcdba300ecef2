#include "passes/memory_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <span>

namespace kiln::passes {

namespace {
constexpr int64_t kAlign = 64;
int64_t align_up(int64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

// The value whose buffer `v` uses: itself, or for a view the base it views.
const ir::Value* storage_of(const ir::Value* v) {
  while (v->producer && v->producer->op->cls == ir::OpClass::View) v = v->producer->inputs[0];
  return v;
}
// The offset for `bytes` among the active buffers: the smallest gap that fits, else the end.
int64_t best_fit(const std::vector<BufferPlan>& buffers, const std::vector<size_t>& active,
                 int64_t bytes) {
  std::vector<std::pair<int64_t, int64_t>> used;
  for (size_t k : active)
    used.emplace_back(buffers[k].offset, buffers[k].offset + buffers[k].bytes);
  std::sort(used.begin(), used.end());
  int64_t best = -1, best_size = 0, cursor = 0;
  for (const auto& [lo, hi] : used) {
    int64_t gap = lo - cursor;
    if (gap >= bytes && (best < 0 || gap < best_size)) {
      best = cursor;
      best_size = gap;
    }
    cursor = std::max(cursor, hi);
  }
  return best >= 0 ? best : cursor;
}

// Gives buffer b the memory of an input of its step that dies there (in place), when one of
// `inputs` is an active planned buffer of the same size, shape and dtype that no other input
// reads through a view. Returns whether it did.
bool take_dying_input(MemoryPlan& plan, size_t i, std::span<const ir::Value* const> inputs,
                      const std::map<const ir::Value*, size_t>& index,
                      std::vector<size_t>& active) {
  BufferPlan& b = plan.buffers[i];
  for (const ir::Value* in : inputs) {
    auto it = index.find(in);
    if (it == index.end()) continue;
    BufferPlan& src = plan.buffers[it->second];
    bool sole = true;
    for (const ir::Value* other : inputs)
      if (other != in && storage_of(other) == in) sole = false;
    if (src.last == b.first && sole && src.bytes == b.bytes &&
        in->type.dims == b.value->type.dims && in->type.dtype == b.value->type.dtype &&
        std::find(active.begin(), active.end(), it->second) != active.end()) {
      b.offset = src.offset;
      b.reuses = in;
      std::erase(active, it->second);
      return true;
    }
  }
  return false;
}

}  // namespace

MemoryPlan plan_group_memory(const ir::Graph& g, const FusionPlan& fusion,
                             const std::map<const ir::Value*, int64_t>& bytes_of) {
  MemoryPlan plan;
  std::set<const ir::Value*> outside(g.returns().begin(), g.returns().end());
  for (const ir::Value* r : g.returns()) outside.insert(storage_of(r));
  std::map<const ir::Value*, size_t> index;
  std::map<const ir::Value*, int> group_of;  // producing step of each group output
  for (int t = 0; t < int(fusion.groups.size()); ++t) {
    const FusionGroup& fg = fusion.groups[size_t(t)];
    for (const ir::Value* in : fg.inputs) {
      auto it = index.find(storage_of(in));
      if (it != index.end()) plan.buffers[it->second].last = t;
    }
    if (!fg.kernel && !fg.linalg) continue;  // eager groups allocate their own results
    for (const ir::Value* v : fg.outputs) {
      auto sz = bytes_of.find(v);
      if (outside.count(v) || sz == bytes_of.end()) continue;
      index[v] = plan.buffers.size();
      plan.buffers.push_back({v, 0, align_up(std::max<int64_t>(sz->second, 1)), t, t, nullptr});
    }
  }
  for (const auto& b : plan.buffers) plan.intermediate_bytes += b.bytes;
  for (int t = 0; t < int(fusion.groups.size()); ++t) {
    int64_t live = 0;
    for (const auto& b : plan.buffers)
      if (b.first <= t && t <= b.last) live += b.bytes;
    plan.eager_peak_bytes = std::max(plan.eager_peak_bytes, live);
  }
  std::vector<size_t> active;
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    BufferPlan& b = plan.buffers[i];
    std::erase_if(active, [&](size_t k) { return plan.buffers[k].last < b.first; });
    const FusionGroup& fg = fusion.groups[size_t(b.first)];
    // In place: a pointwise kernel (no reductions, so every element is read before the same
    // element is written) may write over an input that dies in it and is read by nothing else
    // in it through another name.
    if (fg.kernel && fg.reduce_dims == 0) take_dying_input(plan, i, fg.inputs, index, active);
    if (!b.reuses) b.offset = best_fit(plan.buffers, active, b.bytes);
    active.push_back(i);
    plan.arena_bytes = std::max(plan.arena_bytes, b.offset + b.bytes);
  }
  return plan;
}

MemoryPlan plan_memory(const ir::Graph& g) { return plan_memory(g, {}); }

MemoryPlan plan_memory(const ir::Graph& g, const std::map<std::string, int64_t>& sizes) {
  MemoryPlan plan;
  const auto& nodes = g.nodes();
  std::set<const ir::Value*> outside(g.returns().begin(), g.returns().end());
  for (const ir::Value* r : g.returns()) outside.insert(storage_of(r));  // a returned view's base
  // Liveness of every buffer-owning value.
  std::map<const ir::Value*, size_t> index;  // value -> position in plan.buffers
  for (int t = 0; t < int(nodes.size()); ++t) {
    const ir::Node& n = *nodes[size_t(t)];
    for (const ir::Value* in : n.inputs) {
      auto it = index.find(storage_of(in));
      if (it != index.end()) plan.buffers[it->second].last = t;
    }
    if (n.op->cls == ir::OpClass::View) continue;
    for (const ir::Value* v : n.outputs) {
      if (outside.count(v)) continue;
      int64_t bytes = int64_t(itemsize(v->type.dtype));
      for (const ir::Dim& d : v->type.dims) {
        if (!d.symbolic()) {
          bytes *= d.size;
          continue;
        }
        auto it = sizes.find(d.symbol);
        if (it == sizes.end())
          throw Error(fmt::format(
              "plan_memory: {} has the symbolic dim {}: give its size ({}=N) to plan a shape",
              v->type.str(), d.symbol, d.symbol));
        bytes *= it->second;
      }
      index[v] = plan.buffers.size();
      plan.buffers.push_back({v, 0, align_up(std::max<int64_t>(bytes, 1)), t, t, nullptr});
    }
  }
  for (const auto& b : plan.buffers) plan.intermediate_bytes += b.bytes;

  // Eager's peak: every buffer allocated at its node, freed after its last use.
  for (int t = 0; t < int(nodes.size()); ++t) {
    int64_t live = 0;
    for (const auto& b : plan.buffers)
      if (b.first <= t && t <= b.last) live += b.bytes;
    plan.eager_peak_bytes = std::max(plan.eager_peak_bytes, live);
  }

  // Greedy best-fit over the node order, with in-place reuse for pointwise ops.
  std::vector<size_t> order(plan.buffers.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;  // already in production order
  std::vector<size_t> active;                              // buffers holding memory now
  for (size_t i : order) {
    BufferPlan& b = plan.buffers[i];
    // Free what died before this buffer's node.
    std::erase_if(active, [&](size_t k) { return plan.buffers[k].last < b.first; });
    const ir::Node& n = *b.value->producer;
    if (n.op->cls == ir::OpClass::Pointwise) take_dying_input(plan, i, n.inputs, index, active);
    if (!b.reuses) b.offset = best_fit(plan.buffers, active, b.bytes);
    active.push_back(i);
    plan.arena_bytes = std::max(plan.arena_bytes, b.offset + b.bytes);
  }
  return plan;
}

std::string MemoryPlan::report() const {
  auto mib = [](int64_t b) { return double(b) / (1 << 20); };
  int in_place = 0;
  for (const auto& b : buffers) in_place += b.reuses != nullptr;
  return fmt::format(
      "arena {:.3f} MiB for {} intermediates ({} in place); sum of intermediates {:.3f} MiB; "
      "eager peak {:.3f} MiB; arena / sum = {:.2f}",
      mib(arena_bytes), buffers.size(), in_place, mib(intermediate_bytes), mib(eager_peak_bytes),
      intermediate_bytes ? double(arena_bytes) / double(intermediate_bytes) : 0.0);
}

}  // namespace kiln::passes
