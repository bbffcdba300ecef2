// ir/decompose_rules.cpp — each composite op written with primitives (ir/decompose_rules.h).
// Reductions keep their dims (keepdim) so that the pointwise steps after them fuse into the
// same kernel; a squeeze (a view) drops the dims where the op was asked to.
#include "ir/decompose_rules.h"

#include <cmath>
#include <limits>

#include "ir/graph.h"

namespace kiln::ir::decompose {

namespace {

size_t index_of(const Graph& g, const Node* n) {
  for (size_t i = 0; i < g.nodes().size(); ++i)
    if (g.nodes()[i].get() == n) return i;
  return g.nodes().size();
}

// Inserts nodes before `n`, in order.
struct Builder {
  Graph& g;
  size_t pos;
  Builder(Graph& graph, const Node& n) : g(graph), pos(index_of(graph, &n)) {}
  Value* op(std::string_view name, std::vector<Value*> in, Attrs attrs = {}) {
    const OpDef& d = op_def(name);
    for (size_t i = attrs.values.size(); i < d.attrs.size(); ++i)
      attrs.values.push_back(d.attrs[i].default_value);
    std::vector<TensorType> types(size_t(d.num_outputs), in.empty() ? TensorType{} : in[0]->type);
    return g.insert_node(pos++, d, std::move(in), std::move(attrs), std::move(types))->outputs[0];
  }
  Value* constant(double v, DType dt) {
    return op("constant", {}, Attrs{{Scalar(v), dt, Shape{}}});
  }
  Value* reduce(std::string_view name, Value* x, const Shape& dims) {
    return op(name, {x}, Attrs{{dims, true}});
  }
};

Value* input(const Node& n, size_t i) { return i < n.inputs.size() ? n.inputs[i] : nullptr; }

// The dims a reduction's `dims` attribute names, wrapped to [0, rank) (none: all of them).
Shape reduced_dims(const Shape& dims, int64_t rank) {
  Shape out;
  if (dims.empty())
    for (int64_t d = 0; d < rank; ++d) out.push_back(d);
  for (int64_t d : dims) out.push_back(d < 0 ? d + rank : d);
  return out;
}

// The trailing dims a normalisation over `normalized_shape` reduces: -k .. -1.
Shape trailing_dims(const Shape& normalized_shape) {
  Shape dims;
  for (int64_t i = -int64_t(normalized_shape.size()); i < 0; ++i) dims.push_back(i);
  return dims;
}

// `y`, reduced with keepdim, as the op's result: its reduced dims dropped unless it kept them.
Value* finish(Builder& b, Value* y, const Shape& dims, bool keepdim) {
  if (keepdim || dims.empty()) return y;
  return b.op("squeeze", {y}, Attrs{{dims}});
}

// The new rules widen nothing: in float16/bfloat16 each primitive would round its result, where
// the op's own kernel computes in double and rounds once. Those stay whole.
bool exact_float(DType t) { return t == DType::Float32 || t == DType::Float64; }

}  // namespace

Value* gelu(Graph& g, Node& n) {
  Builder b(g, n);
  Value* x = n.inputs[0];
  DType dt = x->type.dtype;
  Value* inner;
  if (n.attrs.s(0) == "tanh") {
    Value* x3 = b.op("mul", {b.op("mul", {x, x}), x});
    Value* poly = b.op("add", {x, b.op("mul", {x3, b.constant(0.044715, dt)})});
    inner = b.op("tanh", {b.op("mul", {poly, b.constant(std::sqrt(2.0 / M_PI), dt)})});
  } else {
    inner = b.op("erf", {b.op("mul", {x, b.constant(M_SQRT1_2, dt)})});
  }
  Value* half_x = b.op("mul", {x, b.constant(0.5, dt)});
  return b.op("mul", {half_x, b.op("add", {inner, b.constant(1.0, dt)})});
}

Value* silu(Graph& g, Node& n) {
  Builder b(g, n);
  return b.op("mul", {n.inputs[0], b.op("sigmoid", {n.inputs[0]})});
}

namespace {
// softmax's and log_softmax's shared start: x - amax(x, d), its exp, and the sum of that over d.
struct Shifted {
  Value *x, *e, *sum;
};
Shifted shifted_exp_sum(Builder& b, Node& n) {
  Value* x = n.inputs[0];
  Shape d{n.attrs.i(0)};
  Value* shifted = b.op("sub", {x, b.reduce("amax", x, d)});
  Value* e = b.op("exp", {shifted});
  return {shifted, e, b.reduce("sum", e, d)};
}
}  // namespace

Value* softmax(Graph& g, Node& n) {
  Builder b(g, n);
  Shifted s = shifted_exp_sum(b, n);
  return b.op("div", {s.e, s.sum}, Attrs{{std::string("none")}});
}

Value* log_softmax(Graph& g, Node& n) {
  Builder b(g, n);
  Shifted s = shifted_exp_sum(b, n);
  return b.op("sub", {s.x, b.op("log", {s.sum})});
}

Value* layer_norm(Graph& g, Node& n) {
  Builder b(g, n);
  Value* x = n.inputs[0];
  Shape dims = trailing_dims(n.attrs.ints(0));
  Value* xc = b.op("sub", {x, b.reduce("mean", x, dims)});
  Value* var = b.reduce("mean", b.op("mul", {xc, xc}), dims);
  Value* eps = b.constant(n.attrs.f(1), x->type.dtype);
  Value* y = b.op("mul", {xc, b.op("rsqrt", {b.op("add", {var, eps})})});
  if (Value* w = input(n, 1)) y = b.op("mul", {y, w});
  if (Value* bias = input(n, 2)) y = b.op("add", {y, bias});
  return y;
}

Value* rms_norm(Graph& g, Node& n) {
  Value* x = n.inputs[0];
  DType dt = x->type.dtype;
  if (!exact_float(dt)) return nullptr;
  Builder b(g, n);
  // No eps: the dtype's epsilon, as PyTorch and the eager kernel.
  double eps = n.attrs.has(1)         ? n.attrs.f(1)
               : dt == DType::Float32 ? double(std::numeric_limits<float>::epsilon())
                                      : std::numeric_limits<double>::epsilon();
  Value* ms = b.reduce("mean", b.op("mul", {x, x}), trailing_dims(n.attrs.ints(0)));
  Value* y = b.op("mul", {x, b.op("rsqrt", {b.op("add", {ms, b.constant(eps, dt)})})});
  if (Value* w = input(n, 1)) y = b.op("mul", {y, w});
  return y;
}

namespace {
// var, keepdim, as mean((x - mean)^2 * n / (n - correction)): the correction is a constant only
// where every reduced dim is static; elsewhere (and in float16/bfloat16) the op stays whole.
Value* variance(Builder& b, Node& n, const Shape& dims) {
  Value* x = n.inputs[0];
  DType dt = x->type.dtype;
  int64_t correction = n.attrs.i(2), count = 1;
  for (int64_t d : dims) {
    if (x->type.dims[size_t(d)].symbolic() && correction != 0) return nullptr;
    count *= x->type.dims[size_t(d)].size;
  }
  Value* xc = b.op("sub", {x, b.reduce("mean", x, dims)});
  Value* sq = b.op("mul", {xc, xc});
  if (correction != 0) {
    // the divisor n - correction, at least 0 (as the eager kernel and PyTorch)
    double divisor = std::max(0.0, double(count) - double(correction));
    sq = b.op("mul", {sq, b.constant(double(count) / divisor, dt)});
  }
  return b.reduce("mean", sq, dims);
}

bool decomposable_reduction(const Node& n) {
  return exact_float(n.inputs[0]->type.dtype) &&
         n.outputs[0]->type.dtype == n.inputs[0]->type.dtype;
}
}  // namespace

Value* var(Graph& g, Node& n) {
  if (!decomposable_reduction(n)) return nullptr;
  Shape dims = reduced_dims(n.attrs.ints(0), n.inputs[0]->type.rank());
  Builder b(g, n);
  Value* v = variance(b, n, dims);
  return v ? finish(b, v, dims, n.attrs.b(1)) : nullptr;
}

Value* std(Graph& g, Node& n) {
  if (!decomposable_reduction(n)) return nullptr;
  Shape dims = reduced_dims(n.attrs.ints(0), n.inputs[0]->type.rank());
  Builder b(g, n);
  Value* v = variance(b, n, dims);
  return v ? finish(b, b.op("sqrt", {v}), dims, n.attrs.b(1)) : nullptr;
}

Value* logsumexp(Graph& g, Node& n) {
  if (!decomposable_reduction(n)) return nullptr;
  Value* x = n.inputs[0];
  DType dt = x->type.dtype;
  Shape dims = reduced_dims(n.attrs.ints(0), x->type.rank());
  for (int64_t d : dims)  // amax's shape rule refuses an empty dim; logsumexp gives -inf there
    if (!x->type.dims[size_t(d)].symbolic() && x->type.dims[size_t(d)].size == 0) return nullptr;
  Builder b(g, n);
  // m = amax, but 0 where it is infinite: a row of -inf gives log(0) = -inf, one with +inf gives
  // +inf, and NaN stays NaN.
  Value* m = b.reduce("amax", x, dims);
  Value* inf = b.constant(std::numeric_limits<double>::infinity(), dt);
  Value* shift = b.op("where", {b.op("eq", {b.op("abs", {m}), inf}), b.constant(0, dt), m});
  Value* s = b.reduce("sum", b.op("exp", {b.op("sub", {x, shift})}), dims);
  return finish(b, b.op("add", {b.op("log", {s}), shift}), dims, n.attrs.b(1));
}

Value* linear(Graph& g, Node& n) {
  Builder b(g, n);
  Value* w = n.inputs[1];
  Value* y = b.op("matmul", {n.inputs[0], b.op("transpose", {w}, Attrs{{int64_t(0), int64_t(1)}})});
  if (Value* bias = input(n, 2)) y = b.op("add", {y, bias});
  return y;
}

}  // namespace kiln::ir::decompose
