#include "frontend/generalize.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <map>

#include "runtime/tensor_impl.h"

namespace kiln::frontend {

bool generalize_dims(ir::Graph& g, const std::vector<uint64_t>& masks, std::string& why) {
  for (size_t i = 0; i < masks.size() && i < g.params().size(); ++i) {
    ir::TensorType& t = g.params()[i]->type;
    for (size_t d = 0; d < t.dims.size() && d < 64; ++d)
      if (masks[i] >> d & 1) t.dims[d] = ir::Dim::sym(fmt::format("in{}_{}", i, d));
  }
  try {
    ir::infer_types(g);
    ir::verify(g);
    return true;
  } catch (const Error& e) {
    why = e.message();
    return false;
  }
}

ir::Graph copy_graph(const ir::Graph& g) {
  ir::Graph copy(g.name());
  std::map<const ir::Value*, ir::Value*> to;
  for (const ir::Value* p : g.params()) to[p] = copy.add_param(p->type, p->name);
  for (const auto& n : g.nodes()) {
    std::vector<ir::Value*> in;
    for (const ir::Value* v : n->inputs) in.push_back(to.at(v));
    std::vector<ir::TensorType> types;
    for (const ir::Value* v : n->outputs) types.push_back(v->type);
    ir::Node* c = copy.add_node(*n->op, std::move(in), n->attrs, std::move(types));
    for (size_t i = 0; i < n->outputs.size(); ++i) to[n->outputs[i]] = c->outputs[i];
  }
  std::vector<ir::Value*> returns;
  for (const ir::Value* v : g.returns()) returns.push_back(to.at(v));
  copy.set_returns(std::move(returns));
  return copy;
}

TraceAtSizes keep_trace(const ir::Graph& g, std::span<const Tensor> bound) {
  return {std::make_shared<const ir::Graph>(copy_graph(g)),
          std::vector<Tensor>(bound.begin(), bound.end())};
}

namespace {

bool same_contents(const Tensor& a, const Tensor& b) {
  if (a.impl() == b.impl()) return true;
  if (a.dtype() != b.dtype() || a.shape() != b.shape()) return false;
  Tensor x = a.contiguous(), y = b.contiguous();
  return std::memcmp(x.data_ptr(), y.data_ptr(), size_t(x.numel()) * itemsize(x.dtype())) == 0;
}

struct Size {
  std::string symbol;
  int64_t now, before;
};

}  // namespace

bool generalize_by_diff(ir::Graph& g, std::span<const Tensor> bound, size_t num_inputs,
                        const TraceAtSizes& before, const std::vector<uint64_t>& masks,
                        std::string& why) {
  const ir::Graph& p = *before.graph;
  auto refuse = [&](std::string reason) {
    why = std::move(reason);
    return false;
  };
  if (g.params().size() != p.params().size() || g.nodes().size() != p.nodes().size() ||
      g.returns().size() != p.returns().size() || bound.size() != g.params().size() ||
      before.bound.size() != p.params().size() || num_inputs > g.params().size())
    return refuse("the traces at the two sizes are different graphs");
  std::vector<Size> sizes;
  for (size_t i = 0; i < num_inputs && i < masks.size(); ++i) {
    const ir::TensorType &a = g.params()[i]->type, &b = p.params()[i]->type;
    if (a.rank() != b.rank()) return refuse("an input's rank differs between the traces");
    for (size_t d = 0; d < a.dims.size() && d < 64; ++d)
      if (masks[i] >> d & 1)
        sizes.push_back({fmt::format("in{}_{}", i, d), a.dims[d].size, b.dims[d].size});
  }
  for (size_t i = num_inputs; i < bound.size(); ++i)
    if (!same_contents(bound[i], before.bound[i]))
      return refuse(
          fmt::format("a tensor the graph captured ({}) depends on the sizes", describe(bound[i])));
  // Values by position: parameters by index, results by node and output.
  std::map<const ir::Value*, size_t> at_g, at_p;
  for (size_t i = 0; i < g.params().size(); ++i) {
    at_g[g.params()[i]] = i;
    at_p[p.params()[i]] = i;
  }
  struct Change {
    ir::Node* node;
    size_t slot;
    AttrValue value;
  };
  std::vector<Change> changes;
  for (size_t k = 0; k < g.nodes().size(); ++k) {
    ir::Node& a = *g.nodes()[k];
    const ir::Node& b = *p.nodes()[k];
    std::string_view op = a.op->name;
    if (a.op != b.op || a.inputs.size() != b.inputs.size() ||
        a.outputs.size() != b.outputs.size() || a.attrs.values.size() != b.attrs.values.size())
      return refuse(
          fmt::format("node {} is {} at one size and {} at the other", k, op, b.op->name));
    for (size_t j = 0; j < a.inputs.size(); ++j)
      if (at_g.at(a.inputs[j]) != at_p.at(b.inputs[j]))
        return refuse(fmt::format("node {} ({}) takes other operands at the other size", k, op));
    for (size_t j = 0; j < a.outputs.size(); ++j) {
      at_g[a.outputs[j]] = g.params().size() + 64 * k + j;
      at_p[b.outputs[j]] = g.params().size() + 64 * k + j;
    }
    for (size_t i = 0; i < a.attrs.values.size(); ++i) {
      const AttrValue &x = a.attrs.values[i], &y = b.attrs.values[i];
      if (x.index() == y.index() && ir::attr_text(x) == ir::attr_text(y)) continue;
      std::string_view attr = a.op->attrs[i].name;
      const Shape* xs = std::get_if<Shape>(&x);
      const Shape* ys = std::get_if<Shape>(&y);
      if (!xs || !ys || xs->size() != ys->size() || a.op->cls == ir::OpClass::Constant)
        return refuse(fmt::format("{} {{{} = {}}} is {{{} = {}}} at the other sizes", op, attr,
                                  ir::attr_text(x), attr, ir::attr_text(y)));
      SymInts s{*xs, std::vector<std::string>(xs->size())};
      bool inferred = op == "reshape" && std::find(xs->begin(), xs->end(), -1) != xs->end();
      for (size_t e = 0; e < xs->size(); ++e) {
        if ((*xs)[e] == (*ys)[e]) continue;
        const Size* match = nullptr;
        int matches = 0;
        for (const Size& z : sizes)
          if (z.now == (*xs)[e] && z.before == (*ys)[e]) {
            match = &z;
            ++matches;
          }
        if (matches == 1) {
          s.names[e] = match->symbol;
        } else if (op == "reshape" && !inferred) {  // derived (batch * heads): reshape infers it
          s.sizes[e] = -1;
          inferred = true;
        } else {
          return refuse(fmt::format(
              "{} {{{} = {}}}: entry {} is {} here and {} at the other sizes, {}", op, attr,
              ir::attr_text(x), e, (*xs)[e], (*ys)[e],
              matches ? "the size of several input dims" : "not the size of one input dim"));
        }
      }
      bool symbolic = false;
      for (const std::string& name : s.names) symbolic = symbolic || !name.empty();
      changes.push_back(
          {&a, i, symbolic ? AttrValue(std::move(s)) : AttrValue(std::move(s.sizes))});
    }
  }
  for (size_t r = 0; r < g.returns().size(); ++r)
    if (at_g.at(g.returns()[r]) != at_p.at(p.returns()[r]))
      return refuse("the traces return other values");
  // Apply, and let the shape rules check it: every type is derived again from the symbolic
  // inputs (a reshape whose entries do not multiply out is refused there).
  for (Change& c : changes) c.node->attrs.values[c.slot] = std::move(c.value);
  return generalize_dims(g, masks, why);
}

}  // namespace kiln::frontend
