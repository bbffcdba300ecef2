// frontend/onnx/pointwise.cpp — ONNX's elementwise ops, reductions and the one-hot family as
// kiln ops (part of the importer's converter table, frontend/onnx/ops.cpp). One-element
// constants pass to kiln ops as numbers, so they become constants of the traced graph.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>

#include "frontend/onnx/node.h"
#include "kiln/factories.h"
#include "kiln/ops.h"
#include "runtime/lazy.h"

namespace kiln::onnx {

namespace {

using Out = std::vector<Tensor>;

// ---------------------------------------------------------------- pointwise
#define KILN_ONNX_UNARY(NAME, EXPR) \
  Out NAME(const Node& n) {         \
    const Tensor& x = n.input(0);   \
    return {EXPR};                  \
  }
KILN_ONNX_UNARY(Abs, abs(x, n.loc))
KILN_ONNX_UNARY(Neg, neg(x, n.loc))
KILN_ONNX_UNARY(Exp, exp(x, n.loc))
KILN_ONNX_UNARY(Log, log(x, n.loc))
KILN_ONNX_UNARY(Sqrt, sqrt(x, n.loc))
KILN_ONNX_UNARY(Reciprocal, reciprocal(x, n.loc))
KILN_ONNX_UNARY(Floor, floor(x, n.loc))
KILN_ONNX_UNARY(Ceil, ceil(x, n.loc))
KILN_ONNX_UNARY(Round, round(x, n.loc))
KILN_ONNX_UNARY(Erf, erf(x, n.loc))
KILN_ONNX_UNARY(Relu, relu(x, n.loc))
KILN_ONNX_UNARY(Sigmoid, sigmoid(x, n.loc))
KILN_ONNX_UNARY(Tanh, tanh(x, n.loc))
KILN_ONNX_UNARY(Sin, sin(x, n.loc))
KILN_ONNX_UNARY(Cos, cos(x, n.loc))
KILN_ONNX_UNARY(Tan, tan(x, n.loc))
KILN_ONNX_UNARY(Sign, sign(x, n.loc))
KILN_ONNX_UNARY(Not, logical_not(x, n.loc))
KILN_ONNX_UNARY(IsNaN, isnan(x, n.loc))
KILN_ONNX_UNARY(Softplus, softplus(x, 1.0, std::numeric_limits<double>::infinity(), n.loc))
KILN_ONNX_UNARY(Softsign, div(x, add(abs(x, n.loc), 1, n.loc), "none", n.loc))
KILN_ONNX_UNARY(LeakyRelu, leaky_relu(x, n.f("alpha", 0.01), n.loc))
KILN_ONNX_UNARY(Elu, elu(x, n.f("alpha", 1.0), n.loc))
KILN_ONNX_UNARY(Selu, mul(elu(x, n.f("alpha", 1.67326319217681884765625), n.loc),
                          n.f("gamma", 1.05070102214813232421875), n.loc))
KILN_ONNX_UNARY(HardSigmoid,
                clamp(add(mul(x, n.f("alpha", 0.2), n.loc), n.f("beta", 0.5), n.loc), 0, 1, n.loc))
KILN_ONNX_UNARY(HardSwish,
                mul(x, clamp(add(div(x, 6, "none", n.loc), 0.5, n.loc), 0, 1, n.loc), n.loc))
KILN_ONNX_UNARY(ThresholdedRelu, where(gt(x, n.f("alpha", 1.0), n.loc), x, 0, n.loc))
KILN_ONNX_UNARY(Identity, x)
#undef KILN_ONNX_UNARY

Out Sinh(const Node& n) {
  const Tensor& x = n.input(0);
  return {div(sub(exp(x, n.loc), exp(neg(x, n.loc), n.loc), n.loc), 2, "none", n.loc)};
}
Out Cosh(const Node& n) {
  const Tensor& x = n.input(0);
  return {div(add(exp(x, n.loc), exp(neg(x, n.loc), n.loc), n.loc), 2, "none", n.loc)};
}
Out Asinh(const Node& n) {
  const Tensor& x = n.input(0);
  return {log(add(x, sqrt(add(mul(x, x, n.loc), 1, n.loc), n.loc), n.loc), n.loc)};
}
Out Acosh(const Node& n) {
  const Tensor& x = n.input(0);
  return {log(add(x, sqrt(sub(mul(x, x, n.loc), 1, n.loc), n.loc), n.loc), n.loc)};
}
Out Atanh(const Node& n) {
  const Tensor& x = n.input(0);
  Tensor ratio = div(add(x, 1, n.loc), sub(1, x, n.loc), "none", n.loc);
  return {mul(log(ratio, n.loc), 0.5, n.loc)};
}
Out Shrink(const Node& n) {
  const Tensor& x = n.input(0);
  double bias = n.f("bias", 0.0), lambd = n.f("lambd", 0.5);
  Tensor zero = zeros_like(x, n.loc);
  return {where(lt(x, -lambd, n.loc), add(x, bias, n.loc),
                where(gt(x, lambd, n.loc), sub(x, bias, n.loc), zero, n.loc), n.loc)};
}
Out Celu(const Node& n) {
  const Tensor& x = n.input(0);
  double alpha = n.f("alpha", 1.0);
  Tensor neg_part = mul(sub(exp(div(x, alpha, "none", n.loc), n.loc), 1, n.loc), alpha, n.loc);
  return {add(relu(x, n.loc), clamp(neg_part, std::nullopt, 0, n.loc), n.loc)};
}
Out Mish(const Node& n) {
  const Tensor& x = n.input(0);
  return {mul(x, tanh(softplus(x, 1.0, 20.0, n.loc), n.loc), n.loc)};
}
Out IsInf(const Node& n) {
  const Tensor& x = n.input(0);
  bool neg = n.i("detect_negative", 1), pos = n.i("detect_positive", 1);
  Tensor inf = isinf(x, n.loc);
  if (neg && pos) return {inf};
  if (!neg && !pos) return {zeros(x.shape(), DType::Bool, n.loc)};
  return {logical_and(inf, pos ? gt(x, 0, n.loc) : lt(x, 0, n.loc), n.loc)};
}

Out PRelu(const Node& n) {
  const Tensor& x = n.input(0);
  return {where(lt(x, 0, n.loc), mul(x, n.input(1), n.loc), x, n.loc)};
}

// A one-element operand known while tracing (an initializer, a Constant) that broadcasting
// would not grow the result by: passed as a number, it becomes a constant of the graph, which
// code generation and simplification read (x ** 2 -> x * x), instead of a parameter.
std::optional<Scalar> known_scalar(const Tensor& t, const Tensor& other) {
  if (is_lazy(t) || t.numel() != 1 || t.dim() > other.dim() || t.dtype() != other.dtype())
    return std::nullopt;
  return t.item_scalar();
}

template <class F>
Tensor binary(const Node& n, F fn) {
  const Tensor &a = n.input(0), &b = n.input(1);
  if (auto s = known_scalar(b, a)) return fn(a, *s);
  if (auto s = known_scalar(a, b)) return fn(*s, b);
  return fn(a, b);
}

#define KILN_ONNX_BINARY(NAME, FN)                                                     \
  Out NAME(const Node& n) {                                                            \
    return {binary(n, [&](const auto& a, const auto& b) { return FN(a, b, n.loc); })}; \
  }
KILN_ONNX_BINARY(Add, add)
KILN_ONNX_BINARY(Sub, sub)
KILN_ONNX_BINARY(Mul, mul)
KILN_ONNX_BINARY(Equal, eq)
KILN_ONNX_BINARY(Less, lt)
KILN_ONNX_BINARY(LessOrEqual, le)
KILN_ONNX_BINARY(Greater, gt)
KILN_ONNX_BINARY(GreaterOrEqual, ge)
KILN_ONNX_BINARY(And, logical_and)
KILN_ONNX_BINARY(Or, logical_or)
KILN_ONNX_BINARY(Xor, logical_xor)
#undef KILN_ONNX_BINARY

Out MatMul(const Node& n) { return {matmul(n.input(0), n.input(1), n.loc)}; }

Out Div(const Node& n) {  // integer division truncates, as in C
  const char* mode = is_floating(n.input(0).dtype()) ? "none" : "trunc";
  return {binary(n, [&](const auto& a, const auto& b) { return div(a, b, mode, n.loc); })};
}

Out Pow(const Node& n) {  // the result has the base's type (the exponent's may differ)
  const Tensor &a = n.input(0), &e = n.input(1);
  if (!is_lazy(e) && e.numel() == 1 && e.dim() <= a.dim())
    return {pow(a, e.item_scalar(n.loc), n.loc).to(a.dtype(), n.loc)};
  return {pow(a, e, n.loc).to(a.dtype(), n.loc)};
}

Out Mod(const Node& n) {
  const Tensor &a = n.input(0), &b = n.input(1);
  if (!n.i("fmod", 0)) {
    if (is_floating(a.dtype())) n.fail("fmod = 0 is for integers; float inputs need fmod = 1");
    return {remainder(a, b, n.loc)};
  }
  // C's fmod: the sign of the dividend.
  return {sub(a, mul(div(a, b, "trunc", n.loc), b, n.loc), n.loc)};
}

template <Tensor (*Fn)(const Tensor&, const Tensor&, Loc)>
Out fold_inputs(const Node& n) {
  Tensor acc = n.input(0);
  for (size_t k = 1; k < n.in.size(); ++k) acc = Fn(acc, n.input(k), n.loc);
  return {acc};
}
Out Max(const Node& n) { return fold_inputs<maximum>(n); }
Out Min(const Node& n) { return fold_inputs<minimum>(n); }
Out Sum(const Node& n) { return fold_inputs<add>(n); }
Out Mean(const Node& n) {
  return {div(fold_inputs<add>(n)[0], double(n.in.size()), "none", n.loc)};
}

Out Where(const Node& n) { return {where(n.input(0), n.input(1), n.input(2), n.loc)}; }

Out Cast(const Node& n) {
  if (!n.has("to")) n.fail("attribute 'to' is required");
  return {n.input(0).to(dtype_from_onnx(int32_t(n.i("to", 0)), "Cast's 'to'", n.loc), n.loc)};
}
Out CastLike(const Node& n) { return {n.input(0).to(n.input(1).dtype(), n.loc)}; }

Out Clip(const Node& n) {
  const Tensor& x = n.input(0);
  if (n.opset < 11) {
    double lo = n.f("min", -std::numeric_limits<double>::infinity());
    double hi = n.f("max", std::numeric_limits<double>::infinity());
    return {clamp(x, lo, hi, n.loc)};
  }
  // Bounds known while tracing make one clamp; bounds from the data, maximum / minimum.
  std::optional<Scalar> bound[2];
  Tensor y = x;
  for (size_t k : {size_t(1), size_t(2)}) {
    if (!n.has_input(k)) continue;
    const Tensor& b = n.input(k);
    if (is_lazy(b)) {
      y = k == 1 ? maximum(y, b, n.loc) : minimum(y, b, n.loc);
      continue;
    }
    if (b.numel() != 1) n.fail(fmt::format("input {} must hold one number", k));
    bound[k - 1] = b.item_scalar(n.loc);
  }
  if (bound[0] || bound[1]) y = clamp(y, bound[0], bound[1], n.loc);
  return {y};
}

// ---------------------------------------------------------------- reductions
// The dims a Reduce* node reduces (its axes attribute, or input 1 where the opset moved
// them there), or nullopt for "none: return the input" (noop_with_empty_axes).
std::optional<Shape> reduce_dims(const Node& n, const Tensor& x) {
  std::vector<int64_t> axes;
  if (n.has("axes"))
    axes = n.ints("axes");
  else if (n.has_input(1))
    axes = n.ints_input(1);
  if (axes.empty()) {
    if (n.i("noop_with_empty_axes", 0)) return std::nullopt;
    return all_dims(x.dim());
  }
  return axes_of(n, axes, x.dim());
}

template <class F>
Out reduce(const Node& n, F fn) {
  const Tensor& x = n.input(0);
  std::optional<Shape> dims = reduce_dims(n, x);
  if (!dims) return {x};
  return {fn(x, *dims, bool(n.i("keepdims", 1)))};
}

Out ReduceSum(const Node& n) {
  return reduce(n, [&](const Tensor& x, const Shape& d, bool k) { return sum(x, d, k, n.loc); });
}
Out ReduceMean(const Node& n) {
  return reduce(n, [&](const Tensor& x, const Shape& d, bool k) { return mean(x, d, k, n.loc); });
}
Out ReduceMax(const Node& n) {
  return reduce(n, [&](const Tensor& x, const Shape& d, bool k) { return amax(x, d, k, n.loc); });
}
Out ReduceMin(const Node& n) {
  return reduce(n, [&](const Tensor& x, const Shape& d, bool k) { return amin(x, d, k, n.loc); });
}
Out ReduceProd(const Node& n) {
  return reduce(n, [&](const Tensor& x, const Shape& d, bool k) { return prod(x, d, k, n.loc); });
}
Out ReduceL1(const Node& n) {
  return reduce(
      n, [&](const Tensor& x, const Shape& d, bool k) { return sum(abs(x, n.loc), d, k, n.loc); });
}
Out ReduceL2(const Node& n) {
  return reduce(n, [&](const Tensor& x, const Shape& d, bool k) {
    return sqrt(sum(mul(x, x, n.loc), d, k, n.loc), n.loc);
  });
}
Out ReduceSumSquare(const Node& n) {
  return reduce(n, [&](const Tensor& x, const Shape& d, bool k) {
    return sum(mul(x, x, n.loc), d, k, n.loc);
  });
}
Out ReduceLogSum(const Node& n) {
  return reduce(
      n, [&](const Tensor& x, const Shape& d, bool k) { return log(sum(x, d, k, n.loc), n.loc); });
}
Out ReduceLogSumExp(const Node& n) {
  return reduce(n,
                [&](const Tensor& x, const Shape& d, bool k) { return logsumexp(x, d, k, n.loc); });
}

template <bool Max>
Out arg_reduce(const Node& n) {
  const Tensor& x = n.input(0);
  if (n.i("select_last_index", 0)) n.fail("select_last_index = 1 is not supported");
  int64_t axis = axis_of(n, n.i("axis", 0), x.dim());
  bool keep = n.i("keepdims", 1);
  return {Max ? argmax(x, axis, keep, n.loc) : argmin(x, axis, keep, n.loc)};
}
Out ArgMax(const Node& n) { return arg_reduce<true>(n); }
Out ArgMin(const Node& n) { return arg_reduce<false>(n); }

Out CumSum(const Node& n) {
  const Tensor& x = n.input(0);
  std::vector<int64_t> a = n.ints_input(1);
  if (a.size() != 1) n.fail("axis must hold one number");
  int64_t axis = axis_of(n, a[0], x.dim());
  Tensor in = x;
  int64_t size = x.shape()[size_t(axis)];
  Tensor reversed_index;
  if (n.i("reverse", 0)) {
    std::vector<int64_t> idx(size_t(size), 0);
    for (int64_t i = 0; i < size; ++i) idx[size_t(i)] = size - 1 - i;
    reversed_index = tensor(idx, {}, n.loc);
    in = index_select(in, axis, reversed_index, n.loc);
  }
  Tensor y = cumsum(in, axis, n.loc);
  if (n.i("exclusive", 0)) y = sub(y, in, n.loc);
  if (reversed_index.defined()) y = index_select(y, axis, reversed_index, n.loc);
  return {y};
}

Out TopK(const Node& n) {
  const Tensor& x = n.input(0);
  int64_t k = n.i("k", -1);
  if (n.opset >= 10) {
    std::vector<int64_t> v = n.ints_input(1);
    if (v.size() != 1) n.fail("K must hold one number");
    k = v[0];
  }
  int64_t axis = axis_of(n, n.i("axis", -1), x.dim());
  auto [v, i] = topk(x, k, axis, n.i("largest", 1) != 0, n.i("sorted", 1) != 0, n.loc);
  return {v, i};
}

// Positions 0..size-1 along `axis` of a rank-`rank` tensor, 1 elsewhere.
Tensor positions(int64_t size, int64_t axis, int64_t rank, Loc loc) {
  Shape s(size_t(rank), 1);
  s[size_t(axis)] = size;
  return arange(0, size, 1, DType::Int64, loc).reshape(s, loc);
}

Out Hardmax(const Node& n) {  // 1 at the first maximum along the axis, 0 elsewhere
  const Tensor& x = n.input(0);
  int64_t axis = axis_of(n, n.i("axis", n.opset >= 13 ? -1 : 1), x.dim());
  if (n.opset < 13) {  // the input seen as 2-D, as for Softmax
    int64_t outer = 1;
    for (int64_t d = 0; d < axis; ++d) outer *= x.shape()[size_t(d)];
    Tensor x2 = x.reshape({outer, outer ? x.numel() / outer : 0}, n.loc);
    Tensor hot = eq(argmax(x2, 1, true, n.loc), positions(x2.shape()[1], 1, 2, n.loc), n.loc);
    return {hot.to(x.dtype(), n.loc).reshape(x.shape(), n.loc)};
  }
  Tensor hot = eq(argmax(x, axis, true, n.loc),
                  positions(x.shape()[size_t(axis)], axis, x.dim(), n.loc), n.loc);
  return {hot.to(x.dtype(), n.loc)};
}

Out EyeLike(const Node& n) {
  const Tensor& x = n.input(0);
  if (x.dim() != 2) n.fail(fmt::format("the input must be 2-D, got {}", describe(x)));
  DType dt = n.has("dtype") ? dtype_from_onnx(int32_t(n.i("dtype", 1)), "EyeLike's dtype", n.loc)
                            : x.dtype();
  Tensor rows = add(positions(x.shape()[0], 0, 2, n.loc), n.i("k", 0), n.loc);
  return {eq(rows, positions(x.shape()[1], 1, 2, n.loc), n.loc).to(dt, n.loc)};
}

Out OneHot(const Node& n) {
  const Tensor& idx = n.input(0);
  double depth_v = n.number_input(1);
  int64_t depth = checked_count(n, depth_v, "depth");
  if (depth < 1) n.fail(fmt::format("depth must be positive, got {}", depth_v));
  const Tensor& values = n.input(2);
  if (values.numel() != 2) n.fail("values must hold [off, on]");
  int64_t rank = idx.dim() + 1;
  int64_t axis = axis_of(n, n.i("axis", -1), rank);
  Tensor i = idx.to(DType::Int64, n.loc);
  i = where(lt(i, 0, n.loc), add(i, depth, n.loc), i, n.loc);  // -depth..-1 count from the end
  Tensor hot = eq(i.unsqueeze(axis, n.loc), positions(depth, axis, rank, n.loc), n.loc);
  Tensor off = values.select(0, 0, n.loc), on = values.select(0, 1, n.loc);
  return {where(hot, on, off, n.loc)};
}

}  // namespace

void add_pointwise_converters(ConverterTable& t) {
  t.emplace("Abs", Abs);
  t.emplace("Neg", Neg);
  t.emplace("Exp", Exp);
  t.emplace("Log", Log);
  t.emplace("Sqrt", Sqrt);
  t.emplace("Reciprocal", Reciprocal);
  t.emplace("Floor", Floor);
  t.emplace("Ceil", Ceil);
  t.emplace("Round", Round);
  t.emplace("Erf", Erf);
  t.emplace("Relu", Relu);
  t.emplace("Sigmoid", Sigmoid);
  t.emplace("Tanh", Tanh);
  t.emplace("Sin", Sin);
  t.emplace("Cos", Cos);
  t.emplace("Tan", Tan);
  t.emplace("Sign", Sign);
  t.emplace("Not", Not);
  t.emplace("IsNaN", IsNaN);
  t.emplace("Softplus", Softplus);
  t.emplace("Softsign", Softsign);
  t.emplace("LeakyRelu", LeakyRelu);
  t.emplace("Elu", Elu);
  t.emplace("Selu", Selu);
  t.emplace("HardSigmoid", HardSigmoid);
  t.emplace("HardSwish", HardSwish);
  t.emplace("ThresholdedRelu", ThresholdedRelu);
  t.emplace("Identity", Identity);
  t.emplace("Sinh", Sinh);
  t.emplace("Cosh", Cosh);
  t.emplace("Asinh", Asinh);
  t.emplace("Acosh", Acosh);
  t.emplace("Atanh", Atanh);
  t.emplace("Shrink", Shrink);
  t.emplace("Celu", Celu);
  t.emplace("Mish", Mish);
  t.emplace("IsInf", IsInf);
  t.emplace("PRelu", PRelu);
  t.emplace("Add", Add);
  t.emplace("Sub", Sub);
  t.emplace("Mul", Mul);
  t.emplace("Equal", Equal);
  t.emplace("Less", Less);
  t.emplace("LessOrEqual", LessOrEqual);
  t.emplace("Greater", Greater);
  t.emplace("GreaterOrEqual", GreaterOrEqual);
  t.emplace("And", And);
  t.emplace("Or", Or);
  t.emplace("Xor", Xor);
  t.emplace("MatMul", MatMul);
  t.emplace("Div", Div);
  t.emplace("Pow", Pow);
  t.emplace("Mod", Mod);
  t.emplace("Max", Max);
  t.emplace("Min", Min);
  t.emplace("Sum", Sum);
  t.emplace("Mean", Mean);
  t.emplace("Where", Where);
  t.emplace("Cast", Cast);
  t.emplace("CastLike", CastLike);
  t.emplace("Clip", Clip);
  t.emplace("ReduceSum", ConverterDef{.fn = ReduceSum, .size_operands = {1}});
  t.emplace("ReduceMean", ConverterDef{.fn = ReduceMean, .size_operands = {1}});
  t.emplace("ReduceMax", ConverterDef{.fn = ReduceMax, .size_operands = {1}});
  t.emplace("ReduceMin", ConverterDef{.fn = ReduceMin, .size_operands = {1}});
  t.emplace("ReduceProd", ConverterDef{.fn = ReduceProd, .size_operands = {1}});
  t.emplace("ReduceL1", ReduceL1);
  t.emplace("ReduceL2", ReduceL2);
  t.emplace("ReduceSumSquare", ReduceSumSquare);
  t.emplace("ReduceLogSum", ReduceLogSum);
  t.emplace("ReduceLogSumExp", ReduceLogSumExp);
  t.emplace("ArgMax", ArgMax);
  t.emplace("ArgMin", ArgMin);
  t.emplace("CumSum", ConverterDef{.fn = CumSum, .size_operands = {1}});
  t.emplace("TopK", ConverterDef{.fn = TopK, .size_operands = {1}});
  t.emplace("Hardmax", Hardmax);
  t.emplace("EyeLike", EyeLike);
  t.emplace("OneHot", ConverterDef{.fn = OneHot, .size_operands = {1}});
}

}  // namespace kiln::onnx
