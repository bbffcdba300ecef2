// passes/sink_views.cpp — moves a view above the pointwise op that produces its input:
//   tanh(reshape(exp(x), s))  ->  tanh(exp(reshape(x, s)))
// so that the two pointwise ops fuse into one kernel (a view between them splits the group: the
// first kernel writes its result whole, the view reads it, a second kernel reads that). Views
// of graph inputs cost nothing: a kernel reads them through their strides.
//
// A view moves when it repeats no element (not expand: exp would run once per copy), the op
// before it is a fusable pointwise op whose result nothing else reads (else it would run
// twice), and each of that op's operands has the result's dims or is a scalar constant (then
// the same view applies to it); a reshape or flatten, which copies what it cannot view, does not
// move onto an operand that is a transpose, permute, slice or other strided view. Repeated to a
// fixed point, a view climbs a chain of such ops up to a graph input, a reduction or a matmul.
// Where a view stays between two kernels, `kiln ir --explain-fusion` says why (why_view_stays).
#include <fmt/format.h>

#include <map>
#include <set>
#include <vector>

#include "passes/pass.h"
#include "runtime/log.h"

namespace kiln::passes {

namespace {

size_t index_of(const ir::Graph& g, const ir::Node* n) {
  for (size_t i = 0; i < g.nodes().size(); ++i)
    if (g.nodes()[i].get() == n) return i;
  return g.nodes().size();
}

// Moves `view` above its input's producer (why_view_stays() returned ""); the values it makes
// go into `fresh` (their types are placeholders until infer_types).
void sink(ir::Graph& g, ir::Node& view, std::set<const ir::Value*>& fresh) {
  ir::Node& p = *view.inputs[0]->producer;
  size_t pos = index_of(g, &p);
  auto add = [&](const ir::OpDef& op, std::vector<ir::Value*> in, Attrs attrs,
                 const ir::Node& like) {
    ir::TensorType placeholder = in[0]->type;  // (infer_types sets the real types)
    ir::Node* n = g.insert_node(pos++, op, std::move(in), std::move(attrs), {placeholder});
    n->line = like.line;
    n->column = like.column;
    fresh.insert(n->outputs[0]);
    return n->outputs[0];
  };
  int64_t rank = view.outputs[0]->type.rank();
  std::vector<ir::Value*> operands;
  for (ir::Value* a : p.inputs) {
    double c = 0;
    if (ir::scalar_constant(a, c))  // broadcasts to any shape of its rank or more
      operands.push_back(
          a->type.rank() <= rank ? a : add(ir::op_def("reshape"), {a}, Attrs{{Shape{}}}, view));
    else
      operands.push_back(add(*view.op, {a}, view.attrs, view));
  }
  g.replace_all_uses(view.outputs[0], add(*p.op, std::move(operands), p.attrs, p));
}

}  // namespace

Readers::Readers(const ir::Graph& g) {
  for (const auto& n : g.nodes())
    for (const ir::Value* v : n->inputs) of[v].push_back(n.get());
  for (const ir::Value* v : g.returns()) ++returned[v];
}
int Readers::uses(const ir::Value* v) const {
  auto it = of.find(v);
  auto r = returned.find(v);
  return (it == of.end() ? 0 : int(it->second.size())) + (r == returned.end() ? 0 : r->second);
}

bool read_by_fusable(const ir::Node& view, const Readers& readers) {
  auto it = readers.of.find(view.outputs[0]);
  if (it != readers.of.end())
    for (const ir::Node* r : it->second)
      if (r->op->lower) return true;
  return false;
}

std::string why_view_stays(const ir::Node& view, const Readers& readers) {
  if (view.op->view_repeats)
    return fmt::format("{} repeats elements: the op before it would run once per copy",
                       view.op->name);
  // (else moving it gains nothing: a squeeze before a return, a reshape before a matmul)
  if (!read_by_fusable(view, readers)) return "no fusable op reads it";
  const ir::Node* p = view.inputs[0]->producer;
  if (!p) return "its input is a graph input";
  if (p->op->cls != ir::OpClass::Pointwise || !p->op->lower || p->outputs.size() != 1 ||
      p->op->side_effect)
    return fmt::format("it reads a {} result, which only pointwise ops' results let it move above",
                       p->op->name);
  if (readers.uses(view.inputs[0]) > 1)
    return fmt::format("the {} before it has other readers (moved above, it would run twice)",
                       p->op->name);
  for (const ir::Value* a : p->inputs) {
    double c = 0;
    if (ir::scalar_constant(a, c)) continue;
    if (a->type.dims != view.inputs[0]->type.dims)
      return fmt::format(
          "an operand of the {} before it broadcasts ({} to {}), so the view does not apply to "
          "it as it is",
          p->op->name, a->type.str(), view.inputs[0]->type.str());
    const ir::Node* q = a->producer;
    if (view.op->view_may_copy && q && q->op->cls == ir::OpClass::View && !q->op->view_may_copy)
      return fmt::format(
          "an operand of the {} before it is a {}, which a {} may have to copy (a copy per "
          "operand, where it stays, is one of the result)",
          p->op->name, q->op->name, view.op->name);
  }
  return "";
}

bool view_sinking(ir::Graph& g) {
  bool changed = false;
  int moved = 0;
  for (bool again = true; again;) {  // a view climbs one op per round
    again = false;
    Readers readers(g);
    std::set<const ir::Value*> fresh;  // made this round: typed at its end
    std::vector<ir::Node*> views;
    for (const auto& n : g.nodes())
      if (n->op->cls == ir::OpClass::View && n->inputs.size() == 1 && n->outputs.size() == 1)
        views.push_back(n.get());
    for (ir::Node* v : views) {
      const ir::Node* p = v->inputs[0]->producer;
      bool typed = !fresh.count(v->inputs[0]);
      for (size_t i = 0; typed && p && i < p->inputs.size(); ++i)
        typed = !fresh.count(p->inputs[i]);
      if (!typed || !why_view_stays(*v, readers).empty()) continue;
      sink(g, *v, fresh);
      ++moved;
      changed = again = true;
    }
    if (again) {
      ir::infer_types(g);
      g.remove_dead_nodes();
    }
  }
  if (moved)
    logging::get("fusion").debug("@{}: sink-views moved views {} times above pointwise ops",
                                 g.name(), moved);
  return changed;
}

}  // namespace kiln::passes
