// passes/functionalize.cpp — in-place writes become SSA values. A `copy_(%dst, %src)` writes
// src into dst's memory, where dst may be a view (slice, select, transpose, reshape, ...) of a
// parameter or of a computed value. The pass replaces it by pure ops: dst's new value is src
// (broadcast and cast to dst's type); the value dst views gets its new value by undoing each
// view (as_strided_scatter for the views that pick elements, the inverse for the ones that
// rearrange them); every later read of that value, or of a view of it made before the write,
// reads the new value (views are re-made on it). A parameter that was written gets one
// `write_back(%param, %final)` at the end of the graph: the only effect left, run after every
// other node. kiln::compile's tracer emits graphs that are already functional (it records the
// same thing while tracing); this pass makes hand-written and imported graphs so.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "passes/pass.h"
#include "runtime/tensor_impl.h"

namespace kiln::passes {

namespace {

bool is_view(const ir::Node* n) { return n->op->cls == ir::OpClass::View; }

class Functionalizer {
 public:
  explicit Functionalizer(ir::Graph& g) : g_(g) {}

  bool run() {
    bool changed = false;
    for (size_t i = 0; i < g_.nodes().size(); ++i) {
      ir::Node* n = g_.nodes()[i].get();
      if (n->op->name == "write_back") continue;
      // Reads of a written value, or of a view made of it before the write, read the new value.
      for (size_t k = 0; k < n->inputs.size(); ++k) {
        ir::Value* now = current(n->inputs[k], i);
        if (now != n->inputs[k]) n->inputs[k] = now;
        n = g_.nodes()[i].get();
      }
      if (n->op->name != "copy_") continue;
      changed = true;
      i = write(i);
    }
    if (!changed) return false;
    // Returned values (views made before a write included) are read at the end.
    std::vector<ir::Value*> rets = g_.returns();
    for (ir::Value*& r : rets) {
      size_t end = g_.nodes().size();
      r = current(r, end);
    }
    g_.set_returns(rets);
    // copy_ nodes are gone; each written parameter is written back once, at the end.
    for (ir::Value* p : g_.params()) {
      auto it = latest_.find(p);
      if (it == latest_.end()) continue;
      g_.add_node(ir::op_def("write_back"), {p, it->second}, {}, {p->type});
    }
    g_.remove_dead_nodes();
    return true;
  }

 private:
  // The value `v` has now, before node `at`: itself unless the value it views was written.
  ir::Value* current(ir::Value* v, size_t& at) {
    std::vector<ir::Node*> chain;
    ir::Value* root = v;
    while (root->producer && is_view(root->producer)) {
      chain.push_back(root->producer);
      root = root->producer->inputs[0];
    }
    auto o = origin_.find(root);
    const ir::Value* original = o == origin_.end() ? root : o->second;
    auto it = latest_.find(original);
    if (it == latest_.end() || it->second == root) return v;
    // Re-make the views, innermost first, on the new value.
    ir::Value* now = it->second;
    for (auto c = chain.rbegin(); c != chain.rend(); ++c) {
      ir::Node* view = *c;
      now = add(at, *view->op, {now}, view->attrs);
    }
    return now;
  }

  // Replaces the copy_ at position i; returns the position of the last node it added.
  size_t write(size_t i) {
    ir::Node* n = g_.nodes()[i].get();
    ir::Value* dst = n->inputs[0];
    ir::Value* src = n->inputs[1];
    size_t at = i;  // the copy_'s position, as nodes are inserted before it
    // dst's new value: src broadcast to dst's shape and cast to its dtype — a value of its own
    // (src may itself be written later).
    ir::Value* value = src;
    if (value->type.dims != dst->type.dims)
      value = add(at, ir::op_def("expand"), {value}, Attrs{{static_shape(dst, n)}});
    value = add(at, ir::op_def("cast"), {value}, Attrs{{dst->type.dtype}});
    ir::Value* dst_value = value;
    // Undo each view: the value it was taken from gets `value` where the view looks.
    ir::Value* v = dst;
    while (v->producer && is_view(v->producer)) {
      ir::Node* view = v->producer;
      value = unview(at, *view, view->inputs[0], value);
      v = view->inputs[0];
    }
    auto o = origin_.find(v);
    const ir::Value* original = o == origin_.end() ? v : o->second;
    latest_[original] = value;
    origin_[value] = original;
    // The copy_'s result is dst's value just after the write (later writes do not change it,
    // as the eager kernel's result): a value of its own. The copy_ goes.
    size_t copy_at = at;
    ir::Value* result = g_.nodes()[copy_at]->outputs[0];
    size_t after = copy_at + 1;
    ir::Value* snapshot = add(after, ir::op_def("cast"), {dst_value}, Attrs{{dst->type.dtype}});
    g_.replace_all_uses(result, snapshot);
    g_.remove_node(copy_at);
    return after - 2;
  }

  // The new value of `base` when its view `view` takes `value`.
  ir::Value* unview(size_t& at, const ir::Node& view, ir::Value* base, ir::Value* value) {
    std::string_view op = view.op->name;
    const Attrs& a = view.attrs;
    if (op == "reshape" || op == "squeeze" || op == "unsqueeze" || op == "flatten")
      return add(at, ir::op_def("reshape"), {value}, Attrs{{static_shape(base, &view)}});
    if (op == "transpose") return add(at, *view.op, {value}, a);
    if (op == "permute") {
      const Shape& dims = a.ints(0);
      Shape inverse(dims.size());
      for (size_t d = 0; d < dims.size(); ++d)
        inverse[size_t(wrap_dim(dims[d], int64_t(dims.size()), "permute", Loc::current()))] =
            int64_t(d);
      return add(at, *view.op, {value}, Attrs{{inverse}});
    }
    if (op == "slice" || op == "select" || op == "diagonal") {
      // Where the view looks, on a contiguous tensor of base's shape.
      Tensor meta = meta_tensor(static_shape(base, &view), base->type.dtype);
      Tensor in[] = {meta};
      OpCall call{view.op->name, in, a, Loc::current()};
      Tensor geo = view.op->view(call);
      return add(at, ir::op_def("as_strided_scatter"), {base, value},
                 Attrs{{geo.shape(), geo.strides(), geo.offset()}});
    }
    throw Error(
        fmt::format("functionalize: a write through a {} view (line {}) has no single "
                    "meaning: each element of it may stand for several of the tensor's",
                    op, view.line));
  }

  Shape static_shape(const ir::Value* v, const ir::Node* n) const {
    if (!v->type.is_static())
      throw Error(
          fmt::format("functionalize: an in-place write through views of {} (line {}) "
                      "needs static shapes",
                      v->type.str(), n->line));
    return v->type.static_shape();
  }

  // Inserts op before position `at` (which then moves past it) with its inferred result type.
  ir::Value* add(size_t& at, const ir::OpDef& op, std::vector<ir::Value*> in, Attrs attrs) {
    for (size_t k = attrs.values.size(); k < op.attrs.size(); ++k)
      attrs.values.push_back(op.attrs[k].default_value);
    std::vector<Tensor> metas;
    for (const ir::Value* v : in)
      metas.push_back(meta_tensor(v->type.static_shape(), v->type.dtype));
    OpCall call{op.name, metas, attrs, Loc::current()};
    std::vector<ir::TensorType> types;
    for (const auto& m : ir::result_metas(op, call))
      types.push_back(ir::TensorType::of(m.dtype, m.shape));
    ir::Node* node = g_.insert_node(at++, op, std::move(in), std::move(attrs), std::move(types));
    return node->outputs[0];
  }

  ir::Graph& g_;
  std::map<const ir::Value*, ir::Value*> latest_;        // written value -> its value now
  std::map<const ir::Value*, const ir::Value*> origin_;  // a value now -> the written value
};

}  // namespace

bool functionalization(ir::Graph& g) {
  for (const auto& n : g.nodes())
    if (n->op->name == "copy_" || n->op->name == "write_back") {
      for (const ir::Value* p : g.params())
        if (!p->type.is_static())
          throw Error("functionalize: graphs with in-place writes need static shapes");
      return Functionalizer(g).run();
    }
  return false;
}

}  // namespace kiln::passes
