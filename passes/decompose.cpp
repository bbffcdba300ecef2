// passes/decompose.cpp — composite ops into primitives that fuse with their neighbours:
//   gelu (none)  -> 0.5 * x * (1 + erf(x * 1/sqrt(2)))     gelu (tanh) -> 0.5 * x * (1 + tanh(...))
//   silu         -> x * sigmoid(x)
//   softmax      -> exp(x - amax(x, d)) / sum(exp(...), d)
//   log_softmax  -> (x - amax) - log(sum(exp(x - amax)))
//   layer_norm   -> (x - mean) * rsqrt(mean((x - mean)^2) + eps) * w + b
//   linear       -> matmul(x, transpose(w)) + b
// New nodes get their types from the shape rules (infer_types) at the end.
#include <cmath>

#include "passes/pass.h"

namespace kiln::passes {

namespace {

struct Builder {
  ir::Graph& g;
  size_t pos;  // insert before this node index
  ir::Value* op(std::string_view name, std::vector<ir::Value*> in, Attrs attrs = {}) {
    const ir::OpDef& d = ir::op_def(name);
    for (size_t i = attrs.values.size(); i < d.attrs.size(); ++i)
      attrs.values.push_back(d.attrs[i].default_value);
    std::vector<ir::TensorType> types(size_t(d.num_outputs),
                                      in.empty() ? ir::TensorType{} : in[0]->type);
    return g.insert_node(pos++, d, std::move(in), std::move(attrs), std::move(types))->outputs[0];
  }
  ir::Value* constant(double v, DType dt) {
    return op("constant", {}, Attrs{{Scalar(v), dt, Shape{}}});
  }
};

size_t index_of(const ir::Graph& g, const ir::Node* n) {
  for (size_t i = 0; i < g.nodes().size(); ++i)
    if (g.nodes()[i].get() == n) return i;
  return g.nodes().size();
}

// Builds the replacement for `n` before it; returns the value replacing its first result.
ir::Value* expand(ir::Graph& g, ir::Node& n) {
  std::string_view name = n.op->name;
  Builder b{g, index_of(g, &n)};
  ir::Value* x = n.inputs.empty() ? nullptr : n.inputs[0];
  if (!x) return nullptr;
  DType dt = x->type.dtype;
  if (name == "gelu") {
    ir::Value* inner;
    if (n.attrs.s(0) == "tanh") {
      ir::Value* x3 = b.op("mul", {b.op("mul", {x, x}), x});
      ir::Value* poly = b.op("add", {x, b.op("mul", {x3, b.constant(0.044715, dt)})});
      inner = b.op("tanh", {b.op("mul", {poly, b.constant(std::sqrt(2.0 / M_PI), dt)})});
    } else {
      inner = b.op("erf", {b.op("mul", {x, b.constant(M_SQRT1_2, dt)})});
    }
    ir::Value* half_x = b.op("mul", {x, b.constant(0.5, dt)});
    return b.op("mul", {half_x, b.op("add", {inner, b.constant(1.0, dt)})});
  }
  if (name == "silu") return b.op("mul", {x, b.op("sigmoid", {x})});
  if (name == "softmax" || name == "log_softmax") {
    int64_t d = n.attrs.i(0);
    ir::Value* m = b.op("amax", {x}, Attrs{{Shape{d}, true}});
    ir::Value* shifted = b.op("sub", {x, m});
    ir::Value* e = b.op("exp", {shifted});
    ir::Value* s = b.op("sum", {e}, Attrs{{Shape{d}, true}});
    if (name == "softmax") return b.op("div", {e, s}, Attrs{{std::string("none")}});
    return b.op("sub", {shifted, b.op("log", {s})});
  }
  if (name == "layer_norm") {
    const Shape& ns = n.attrs.ints(0);
    Shape dims;
    for (int64_t i = -int64_t(ns.size()); i < 0; ++i) dims.push_back(i);
    ir::Value* mean = b.op("mean", {x}, Attrs{{dims, true}});
    ir::Value* xc = b.op("sub", {x, mean});
    ir::Value* var = b.op("mean", {b.op("mul", {xc, xc})}, Attrs{{dims, true}});
    ir::Value* y =
        b.op("mul", {xc, b.op("rsqrt", {b.op("add", {var, b.constant(n.attrs.f(1), dt)})})});
    if (n.inputs.size() > 1) y = b.op("mul", {y, n.inputs[1]});
    if (n.inputs.size() > 2) y = b.op("add", {y, n.inputs[2]});
    return y;
  }
  if (name == "linear") {
    ir::Value* w = n.inputs[1];
    ir::Value* y = b.op("matmul", {x, b.op("transpose", {w}, Attrs{{int64_t(0), int64_t(1)}})});
    return n.inputs.size() > 2 ? b.op("add", {y, n.inputs[2]}) : y;
  }
  return nullptr;
}

}  // namespace

namespace {
bool decompose(ir::Graph& g, bool only_unfused) {
  bool changed = false;
  // Collect first: expanding inserts nodes.
  std::vector<ir::Node*> todo;
  for (const auto& n : g.nodes())
    if (!only_unfused || !n->op->lower) todo.push_back(n.get());
  for (ir::Node* n : todo) {
    // softmax over an empty or rank-0 tensor and a -inf row behave the same decomposed.
    if (ir::Value* v = expand(g, *n)) {
      g.replace_all_uses(n->outputs[0], v);
      changed = true;
    }
  }
  if (changed) {
    g.remove_dead_nodes();
    ir::infer_types(g);
  }
  return changed;
}

}  // namespace

bool decomposition(ir::Graph& g) { return decompose(g, false); }
bool decomposition_of_unfused(ir::Graph& g) { return decompose(g, true); }

}  // namespace kiln::passes
