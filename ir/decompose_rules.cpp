// ir/decompose_rules.cpp — each composite op written with primitives (ir/decompose_rules.h).
// Reductions keep their dims (keepdim) so that the pointwise steps after them fuse into the
// same kernel; a squeeze (a view) drops the dims where the op was asked to.
#include "ir/decompose_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>

#include "ir/graph.h"
#include "kiln/config.h"

namespace kiln::ir {
bool short_row(int64_t n) { return n < kMinFusedRow && config().short_rows != "fused"; }
}  // namespace kiln::ir

namespace kiln::ir::decompose {

namespace {

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

// The trailing dims a normalisation over its `normalized_shape` attribute (attribute 0)
// reduces: -k .. -1 (only the attribute's length matters: its sizes may be symbolic).
Shape trailing_dims(const Attrs& attrs) {
  const AttrValue& v = attrs.values.at(0);
  size_t k = std::holds_alternative<SymInts>(v) ? std::get<SymInts>(v).sizes.size()
                                                : std::get<Shape>(v).size();
  Shape dims;
  for (int64_t i = -int64_t(k); i < 0; ++i) dims.push_back(i);
  return dims;
}

// Whether `dims` (wrapped, from reduced_dims) are the trailing dims of a rank-`rank` value,
// each once: the reductions a kernel fuses. Others would decompose into reductions that each
// run on their own, slower than the op's own kernel.
bool trailing(Shape dims, int64_t rank) {
  std::sort(dims.begin(), dims.end());
  for (size_t i = 0; i < dims.size(); ++i)
    if (dims[i] != rank - int64_t(dims.size()) + int64_t(i)) return false;
  return !dims.empty();
}

// `y`, reduced with keepdim, as the op's result: its reduced dims dropped unless it kept them.
Value* finish(Builder& b, Value* y, const Shape& dims, bool keepdim) {
  if (keepdim || dims.empty()) return y;
  return b.op("squeeze", {y}, Attrs{{dims}});
}

// The new rules widen nothing: in float16/bfloat16 each primitive would round its result, where
// the op's own kernel computes in double and rounds once. Those stay whole.
bool exact_float(DType t) { return t == DType::Float32 || t == DType::Float64; }
std::string low_precision(DType t) {
  return fmt::format(
      "in {} each primitive would round its result, where its own kernel computes in double and "
      "rounds once",
      kiln::name(t));
}

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

// Short rows of a static size stay whole, to run on eager's kernel.
std::string softmax_whole(const Node& n) {
  const Value* x = n.inputs[0];
  int64_t rank = int64_t(x->type.dims.size()), d = n.attrs.i(0);
  if (d < 0) d += rank;
  if (d < 0 || d >= rank) return "";
  const auto& dim = x->type.dims[size_t(d)];
  if (dim.symbolic() || !short_row(dim.size)) return "";
  return fmt::format(
      "its rows of {} are under {}: eager's kernel, which takes many short rows per vector, is "
      "faster there (KILN_SHORT_ROWS=fused decomposes it)",
      dim.size, kMinFusedRow);
}

Value* softmax(Graph& g, Node& n) {
  if (!softmax_whole(n).empty()) return nullptr;
  Builder b(g, n);
  Shifted s = shifted_exp_sum(b, n);
  return b.op("div", {s.e, s.sum}, Attrs{{std::string("none")}});
}

Value* log_softmax(Graph& g, Node& n) {
  if (!softmax_whole(n).empty()) return nullptr;
  Builder b(g, n);
  Shifted s = shifted_exp_sum(b, n);
  return b.op("sub", {s.x, b.op("log", {s.sum})});
}

Value* layer_norm(Graph& g, Node& n) {
  Builder b(g, n);
  Value* x = n.inputs[0];
  Shape dims = trailing_dims(n.attrs);
  Value* xc = b.op("sub", {x, b.reduce("mean", x, dims)});
  Value* var = b.reduce("mean", b.op("mul", {xc, xc}), dims);
  Value* eps = b.constant(n.attrs.f(1), x->type.dtype);
  Value* y = b.op("mul", {xc, b.op("rsqrt", {b.op("add", {var, eps})})});
  if (Value* w = input(n, 1)) y = b.op("mul", {y, w});
  if (Value* bias = input(n, 2)) y = b.op("add", {y, bias});
  return y;
}

std::string rms_norm_whole(const Node& n) {
  DType dt = n.inputs[0]->type.dtype;
  return exact_float(dt) ? "" : low_precision(dt);
}

Value* rms_norm(Graph& g, Node& n) {
  if (!rms_norm_whole(n).empty()) return nullptr;
  Value* x = n.inputs[0];
  DType dt = x->type.dtype;
  Builder b(g, n);
  // No eps: the dtype's epsilon, as PyTorch and the eager kernel.
  double eps = n.attrs.has(1)         ? n.attrs.f(1)
               : dt == DType::Float32 ? double(std::numeric_limits<float>::epsilon())
                                      : std::numeric_limits<double>::epsilon();
  Value* ms = b.reduce("mean", b.op("mul", {x, x}), trailing_dims(n.attrs));
  Value* y = b.op("mul", {x, b.op("rsqrt", {b.op("add", {ms, b.constant(eps, dt)})})});
  if (Value* w = input(n, 1)) y = b.op("mul", {y, w});
  return y;
}

namespace {
// var, keepdim: (mean(d^2) - mean(d)^2) n / (n - correction) with d = x - mean(x). The second
// term takes out what rounding the mean to float32 adds (its error squared: eager computes in
// double; without it var(1e4 + tiny noise) came out 2-3x too large). The correction is a
// constant only where every reduced dim is static; elsewhere the op stays whole.
Value* variance(Builder& b, Node& n, const Shape& dims) {
  Value* x = n.inputs[0];
  DType dt = x->type.dtype;
  int64_t correction = n.attrs.i(2), count = 1;
  for (int64_t d : dims) count *= x->type.dims[size_t(d)].size;  // (static: variance_whole)
  Value* d = b.op("sub", {x, b.reduce("mean", x, dims)});
  Value* md = b.reduce("mean", d, dims);
  Value* v = b.op("sub", {b.reduce("mean", b.op("mul", {d, d}), dims), b.op("mul", {md, md})});
  if (correction != 0) {
    // n / (n - correction), the divisor at least 0 (as the eager kernel and PyTorch): a
    // positive sum of squares over 0 is inf, none at all NaN
    double divisor = std::max(0.0, double(count) - double(correction));
    v = b.op("mul", {v, b.constant(double(count) / divisor, dt)});
  }
  return v;
}

// The reduced dims of var, std or logsumexp node `n`, wrapped.
Shape dims_of(const Node& n) { return reduced_dims(n.attrs.ints(0), n.inputs[0]->type.rank()); }

// Why var, std or logsumexp node `n` stays whole, as far as they share it: a float32/64 input of
// rank >= 1 reduced over trailing dims decomposes.
std::string reduction_whole(const Node& n) {
  const Value* x = n.inputs[0];
  int64_t rank = x->type.rank();
  if (!exact_float(x->type.dtype)) return low_precision(x->type.dtype);
  if (n.outputs[0]->type.dtype != x->type.dtype)
    return fmt::format("its result is {}, not its input's {}", kiln::name(n.outputs[0]->type.dtype),
                       kiln::name(x->type.dtype));
  if (rank == 0) return "its input is a scalar";
  Shape dims = dims_of(n);
  if (!trailing(dims, rank))
    return fmt::format("it reduces dims [{}] of {}, and only trailing dims fuse",
                       fmt::join(dims, ", "), x->type.str());
  return "";
}
}  // namespace

std::string variance_whole(const Node& n) {
  std::string why = reduction_whole(n);
  if (!why.empty() || n.attrs.i(2) == 0) return why;
  for (int64_t d : dims_of(n))
    if (n.inputs[0]->type.dims[size_t(d)].symbolic())
      return fmt::format("its correction divides by a count of the symbolic dim {}",
                         n.inputs[0]->type.dims[size_t(d)].symbol);
  return "";
}

std::string logsumexp_whole(const Node& n) {
  std::string why = reduction_whole(n);
  if (!why.empty()) return why;
  // A reduced dim of size 0 gives -inf, where amax refuses it: static ones stay whole, and so
  // do symbolic ones (they may be 0 in a run).
  for (int64_t d : dims_of(n)) {
    const Dim& dim = n.inputs[0]->type.dims[size_t(d)];
    if (dim.symbolic())
      return fmt::format("it reduces the symbolic dim {}, which may be 0 (amax refuses that)",
                         dim.symbol);
    if (dim.size == 0) return "it reduces a dim of size 0 (amax refuses that)";
  }
  return "";
}

Value* var(Graph& g, Node& n) {
  if (!variance_whole(n).empty()) return nullptr;
  Shape dims = dims_of(n);
  Builder b(g, n);
  return finish(b, variance(b, n, dims), dims, n.attrs.b(1));
}

Value* std(Graph& g, Node& n) {
  if (!variance_whole(n).empty()) return nullptr;
  Shape dims = dims_of(n);
  Builder b(g, n);
  return finish(b, b.op("sqrt", {variance(b, n, dims)}), dims, n.attrs.b(1));
}

Value* logsumexp(Graph& g, Node& n) {
  if (!logsumexp_whole(n).empty()) return nullptr;
  Shape dims = dims_of(n);
  Value* x = n.inputs[0];
  DType dt = x->type.dtype;
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
