// passes/simplify.cpp — algebraic simplification. Each rule rewrites uses of a node's result
// to a simpler value of exactly the same type (so promotion and broadcasting never change):
//   x * 1, 1 * x, x + 0, 0 + x, x - 0, x / 1 -> x          neg(neg(x)) -> x
//   transpose(transpose(x, a, b), a, b) -> x                 permute chains compose
//   reshape(reshape(x, s1), s2) -> reshape(x, s2)            reshape / expand to x's own shape -> x
//   cast(x) to x's dtype -> x
//   a pointwise op reading expand(s) reads s instead, when broadcasting gives the same result
//   type (expanding a scalar only to broadcast it is free in the op itself)
#include "ir/evaluate.h"
#include "passes/pass.h"
#include "runtime/tensor_impl.h"

namespace kiln::passes {

namespace {

bool is_op(const ir::Value* v, std::string_view name) {
  return v && v->producer && v->producer->op->name == name;
}

bool is_constant(const ir::Value* v, double x) {
  auto c = ir::constant_value(v);
  return c && c->to_double() == x;
}

// The value that `n`'s single result can be replaced by, or null.
ir::Value* simpler(ir::Node& n) {
  if (n.outputs.size() != 1) return nullptr;
  const ir::TensorType& out = n.outputs[0]->type;
  auto same = [&](ir::Value* v) { return v && v->type == out ? v : nullptr; };
  std::string_view op = n.op->name;
  auto in = [&](size_t i) { return i < n.inputs.size() ? n.inputs[i] : nullptr; };
  if (op == "mul") {
    if (is_constant(in(1), 1)) return same(in(0));
    if (is_constant(in(0), 1)) return same(in(1));
  } else if (op == "add") {
    if (is_constant(in(1), 0)) return same(in(0));
    if (is_constant(in(0), 0)) return same(in(1));
  } else if (op == "sub") {
    if (is_constant(in(1), 0)) return same(in(0));
  } else if (op == "div") {
    if (is_constant(in(1), 1) && n.attrs.s(0) == "none") return same(in(0));
  } else if (op == "neg") {
    if (is_op(in(0), "neg")) return same(in(0)->producer->inputs[0]);
  } else if (op == "transpose") {
    if (is_op(in(0), "transpose")) {
      const ir::Node& p = *in(0)->producer;
      int64_t r = out.rank();
      auto w = [&](int64_t d) { return d < 0 ? d + r : d; };
      int64_t a = w(n.attrs.i(0)), b = w(n.attrs.i(1)), pa = w(p.attrs.i(0)), pb = w(p.attrs.i(1));
      if ((a == pa && b == pb) || (a == pb && b == pa)) return same(p.inputs[0]);
    }
    int64_t r = out.rank();
    if (r && ((n.attrs.i(0) - n.attrs.i(1)) % r == 0)) return same(in(0));
  } else if (op == "permute") {
    const Shape& dims = n.attrs.ints(0);
    bool identity = true;
    for (size_t i = 0; i < dims.size(); ++i)
      identity =
          identity && (dims[i] == int64_t(i) || dims[i] == int64_t(i) - int64_t(dims.size()));
    if (identity) return same(in(0));
  } else if (op == "reshape" || op == "expand") {
    if (in(0) && in(0)->type == out) return in(0);
  } else if (op == "cast") {
    if (in(0) && in(0)->type.dtype == n.attrs.dtype(0)) return same(in(0));
  }
  return nullptr;
}

}  // namespace

// Pointwise ops broadcast: an input that is an expand of a smaller tensor can be read directly
// when the op's rule then gives the same result types (static shapes only).
bool unexpand_inputs(ir::Node& n) {
  if (n.op->cls != ir::OpClass::Pointwise || n.inputs.size() < 2) return false;
  bool changed = false;
  for (size_t i = 0; i < n.inputs.size(); ++i) {
    ir::Value* in = n.inputs[i];
    if (!is_op(in, "expand") || !in->producer->inputs[0]->type.is_static()) continue;
    std::vector<Tensor> metas;
    bool all_static = true;
    for (size_t k = 0; k < n.inputs.size(); ++k) {
      const ir::Value* v = k == i ? in->producer->inputs[0] : n.inputs[k];
      all_static = all_static && v->type.is_static();
      if (all_static) metas.push_back(meta_tensor(v->type.static_shape(), v->type.dtype));
    }
    if (!all_static) continue;
    try {
      OpCall call{n.op->name, metas, n.attrs, Loc::current()};
      auto out = n.op->infer(call);
      bool same = out.size() == n.outputs.size();
      for (size_t k = 0; same && k < out.size(); ++k)
        same = ir::TensorType::of(out[k].dtype, out[k].shape) == n.outputs[k]->type;
      if (!same) continue;
    } catch (const Error&) {
      continue;
    }
    n.inputs[i] = in->producer->inputs[0];
    changed = true;
  }
  return changed;
}

bool algebraic_simplification(ir::Graph& g) {
  bool changed = false;
  for (const auto& np : g.nodes()) {
    ir::Node& n = *np;
    changed = unexpand_inputs(n) || changed;
    // reshape(reshape(x)) -> reshape(x): rewire the input, the outer node stays.
    if (n.op->name == "reshape" && is_op(n.inputs[0], "reshape")) {
      n.inputs[0] = n.inputs[0]->producer->inputs[0];
      changed = true;
    }
    if (ir::Value* v = simpler(n)) {
      g.replace_all_uses(n.outputs[0], v);
      changed = true;
    }
  }
  if (changed) g.remove_dead_nodes();
  return changed;
}

}  // namespace kiln::passes
