// passes/sink_views.cpp — moves a view above the pointwise op that produces its input:
//   tanh(reshape(exp(x), s))  ->  tanh(exp(reshape(x, s)))
// so that the two pointwise ops fuse into one kernel (a view between them splits the group: the
// first kernel writes its result whole, the view reads it, a second kernel reads that). Views
// of graph inputs cost nothing where their last dim stays contiguous: a kernel reads them
// through their strides.
//
// A view moves when a fusable op reads it (directly or through more views), it is not a result
// of the graph (results keep eager's layout), it reads its input's elements along its last dim
// with unit stride (not a transpose of the last dim: kernels read such operands element by
// element, slower than the two kernels), it repeats no element (not expand: exp would run once per
// copy), the op before it is a fusable pointwise op whose result nothing else reads (else it would
// run twice), not every operand of that op is a constant, and each of them has the result's dims or
// is a scalar constant (then the same view applies to it; a constant of higher rank is reshaped to
// ones of the view's rank, and a view to 0-d does not move where operands' dtypes differ, as
// 0-d operands promote differently). A reshape or flatten, which copies what it cannot view,
// does not move onto an operand that is a transpose, permute, slice or other strided view; nor
// does a view move where the kernel before it would then store two or more of the op's inputs
// (pointwise results with other readers) instead of the op's result. Repeated to a fixed point,
// a view climbs a chain of such ops up to a graph input, a reduction or a matmul. Where a view
// of a kernel's result stays, `kiln ir --explain-fusion` says why (why_view_stays).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "passes/pass.h"
#include "runtime/log.h"
#include "runtime/tensor_impl.h"

namespace kiln::passes {

namespace {

bool is_constant(const ir::Value* a) {
  double c = 0;
  return ir::scalar_constant(a, c);
}

// Moves `view` above its input's producer (why_view_stays() returned ""); the values it makes
// go into `fresh` (their types are placeholders until infer_types).
void sink(ir::Graph& g, ir::Node& view, std::set<const ir::Value*>& fresh) {
  ir::Node& p = *view.inputs[0]->producer;
  size_t pos = ir::index_of(g, &p);
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
    if (is_constant(a))  // broadcasts to any shape of its rank or more; kept
      operands.push_back(
          a->type.rank() <= rank  // dimensioned for dtype promotion
              ? a
              : add(ir::op_def("reshape"), {a}, Attrs{{Shape(size_t(rank), 1)}}, view));
    else
      operands.push_back(add(*view.op, {a}, view.attrs, view));
  }
  g.replace_all_uses(view.outputs[0], add(*p.op, std::move(operands), p.attrs, p));
}

// Whether the view reads its input with unit stride along its own last dim. A kernel reads a
// view of an operand through the view's strides; one whose last dim has another stride it reads
// element by element: exp → transpose → tanh over [2048, 8192] at 1T took 142 ms with the
// transpose moved onto x (one kernel), 75 with it kept (exp contiguous, then tanh), eager 124.
// Judged on a meta tensor of the input's shape, symbolic dims sized 65, 67, ... (a view whose
// attributes then do not resolve is taken as not keeping it).
bool keeps_last_dim(const ir::Node& view) {
  const ir::TensorType& t = view.inputs[0]->type;
  std::map<std::string, int64_t> sizes;
  Shape shape;
  for (const ir::Dim& d : t.dims)
    shape.push_back(d.symbolic()
                        ? sizes.emplace(d.symbol, 65 + 2 * int64_t(sizes.size())).first->second
                        : d.size);
  try {
    Attrs attrs = ir::resolve_sizes(view.attrs, [&](const std::string& symbol) {
      auto it = sizes.find(symbol);
      if (it == sizes.end()) throw Error("sink-views: an unknown symbol " + symbol);
      return it->second;
    });
    Tensor in[] = {meta_tensor(shape, t.dtype)};
    Tensor r = view.op->view(OpCall{view.op->name, in, attrs, Loc::current()});
    return r.dim() == 0 || r.shape().back() == 1 || r.strides().back() == 1;
  } catch (const Error&) {
    return false;
  }
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
    for (const ir::Node* r : it->second)  // (through views: x.transpose(1, 2).reshape(s))
      if (r->op->lower || (r->op->cls == ir::OpClass::View && r->outputs.size() == 1 &&
                           read_by_fusable(*r, readers)))
        return true;
  return false;
}

namespace {
// Why a view like `view` (its op and attributes) cannot move above the producer of `v`, the value
// it reads ("" when it can), judged on that op and its operands.
std::string blocked_at(const ir::Node& view, const ir::Value* v, const Readers& readers) {
  const ir::Node* p = v->producer;
  if (!p) return "its input is a graph input";
  if (p->op->cls != ir::OpClass::Pointwise || !p->op->lower || p->outputs.size() != 1 ||
      p->op->side_effect)
    return fmt::format("it reads a {} result, which only pointwise ops' results let it move above",
                       p->op->name);
  if (readers.uses(v) > 1)
    return fmt::format("the {} before it has other readers (moved above, it would run twice)",
                       p->op->name);
  if (std::all_of(p->inputs.begin(), p->inputs.end(), is_constant))
    return fmt::format("every operand of the {} before it is a constant", p->op->name);
  for (const ir::Value* a : p->inputs) {
    if (is_constant(a)) continue;
    if (a->type.dims != v->type.dims)
      return fmt::format(
          "an operand of the {} before it broadcasts ({} to {}), so the view does not apply to "
          "it as it is",
          p->op->name, a->type.str(), v->type.str());
    const ir::Node* q = a->producer;
    if (view.op->view_may_copy && q && q->op->cls == ir::OpClass::View && !q->op->view_may_copy)
      return fmt::format(
          "an operand of the {} before it is a {}, which a {} may have to copy (a copy per "
          "operand, where it stays, is one of the result)",
          p->op->name, q->op->name, view.op->name);
  }
  // 0-d operands take part in dtype promotion below dimensioned ones: a view to 0-d would change
  // the result's dtype where operands of other dtypes meet.
  if (view.outputs[0]->type.rank() == 0 && v->type.rank() > 0)
    for (const ir::Value* a : p->inputs)
      if (a->type.dtype != v->type.dtype)
        return fmt::format(
            "it makes a 0-d value, which would change how the {} before it promotes its "
            "operands' dtypes",
            p->op->name);
  return "";
}

// How many values a kernel would store for the view's readers if the view moved above `a`'s
// producer's reader (where today it stores one, the view's input): an operand computed by a
// pointwise op with other readers must be stored to be read through the view; one the view
// climbs in turn counts its own operands.
int stores(const ir::Node& view, const ir::Value* a, const Readers& readers, int depth = 0) {
  const ir::Node* q = a->producer;
  if (!q || is_constant(a) || q->op->cls != ir::OpClass::Pointwise || !q->op->lower) return 0;
  if (depth > 32 || !blocked_at(view, a, readers).empty()) return 1;
  int n = 0;
  for (const ir::Value* b : q->inputs) n += stores(view, b, readers, depth + 1);
  return n;
}
}  // namespace

std::string why_view_stays(const ir::Node& view, const Readers& readers) {
  if (view.op->view_repeats)
    return fmt::format("{} repeats elements: the op before it would run once per copy",
                       view.op->name);
  // (else moving it gains nothing: a squeeze before a return, a reshape before a matmul)
  if (!read_by_fusable(view, readers)) return "no fusable op reads it";
  if (readers.returned.count(view.outputs[0]))
    return "it is a result of the graph (results keep eager's layout)";
  if (!keeps_last_dim(view))
    return fmt::format(
        "the {} strides its last dim: moved onto the operands, a kernel would read them element "
        "by element",
        view.op->name);
  const ir::Value* v = view.inputs[0];
  std::string why = blocked_at(view, v, readers);
  if (!why.empty()) return why;
  int n = 0;
  for (const ir::Value* a : v->producer->inputs) n += stores(view, a, readers);
  if (n > 1)
    return fmt::format(
        "moved above the {} before it, it would make a kernel store {} of that op's inputs for "
        "it where it stores the op's result",
        v->producer->op->name, n);
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
