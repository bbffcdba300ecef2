// frontend/onnx/ops.cpp — the importer's one table: each ONNX op type (domain ai.onnx) and the
// kiln ops that compute it, with ONNX's semantics (its defaults, its opset differences, its
// rules for negative axes and out-of-range slices). Converters run eagerly or under the
// tracer alike; values they need while tracing (shapes, axes, pads) come from inputs known
// then (Node::ints_input), which frontend/onnx/model.cpp folds.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>

#include "frontend/onnx/node.h"
#include "kiln/factories.h"
#include "kiln/ops.h"
#include "runtime/lazy.h"

namespace kiln::onnx {

namespace {

using Out = std::vector<Tensor>;

int64_t axis_of(const Node& n, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
    n.fail(fmt::format("axis {} is out of range for rank {}", axis, rank));
  return axis < 0 ? axis + rank : axis;
}

Shape axes_of(const Node& n, const std::vector<int64_t>& axes, int64_t rank) {
  Shape out;
  for (int64_t a : axes) out.push_back(axis_of(n, a, rank));
  std::sort(out.begin(), out.end());
  if (std::adjacent_find(out.begin(), out.end()) != out.end())
    n.fail(fmt::format("axes [{}] repeat an axis", fmt::join(axes, ", ")));
  return out;
}

Shape all_dims(int64_t rank) {
  Shape d(size_t(rank), 0);
  std::iota(d.begin(), d.end(), 0);
  return d;
}

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

// ---------------------------------------------------------------- linear algebra
Out Gemm(const Node& n) {
  Tensor a = n.input(0), b = n.input(1);
  if (a.dim() != 2 || b.dim() != 2)
    n.fail(fmt::format("A and B must be 2-D, got {} and {}", describe(a), describe(b)));
  if (n.i("transA", 0)) a = a.t(n.loc);
  double alpha = n.f("alpha", 1.0), beta = n.f("beta", 1.0);
  // linear() takes the weight as [out, in]: B transposed is what it wants.
  Tensor w = n.i("transB", 0) ? b : b.t(n.loc);
  if (!is_lazy(w) && !w.is_contiguous()) w = w.contiguous(n.loc);  // once, when tracing
  Tensor c = n.has_input(2) ? n.input(2) : Tensor();
  bool bias = c.defined() && c.dim() == 1 && c.shape()[0] == w.shape()[0];
  if (alpha == 1.0 && (!c.defined() || (beta == 1.0 && bias))) return {linear(a, w, c, n.loc)};
  Tensor y = linear(a, w, {}, n.loc);
  if (alpha != 1.0) y = mul(y, alpha, n.loc);
  if (c.defined()) y = add(y, beta == 1.0 ? c : mul(c, beta, n.loc), n.loc);
  return {y};
}

// Pads [begin..., end...] of the trailing dims of x with `value` (negative pads crop).
Tensor pad_constant(const Node& n, Tensor x, const Shape& begin, const Shape& end,
                    const Scalar& value) {
  int64_t first = x.dim() - int64_t(begin.size());
  for (size_t i = 0; i < begin.size(); ++i) {
    int64_t d = first + int64_t(i);
    int64_t lo = begin[i], hi = end[i];
    if (lo < 0 || hi < 0) {
      int64_t size = x.shape()[size_t(d)];
      int64_t s = std::max<int64_t>(-lo, 0), e = size - std::max<int64_t>(-hi, 0);
      if (e < s) n.fail(fmt::format("pads crop more than dim {} holds ({})", d, size));
      x = x.slice(d, s, e, 1, n.loc);
      lo = std::max<int64_t>(lo, 0);
      hi = std::max<int64_t>(hi, 0);
    }
    if (lo == 0 && hi == 0) continue;
    std::vector<Tensor> parts;
    Shape s = x.shape();
    if (lo) {
      s[size_t(d)] = lo;
      parts.push_back(full(s, value, x.dtype(), n.loc));
    }
    parts.push_back(x);
    if (hi) {
      s[size_t(d)] = hi;
      parts.push_back(full(s, value, x.dtype(), n.loc));
    }
    x = cat(parts, d, n.loc);
  }
  return x;
}

// The spatial attributes every windowed op shares (Conv, MaxPool, AveragePool), with auto_pad
// resolved: 2-D windows (1-D ones are made 2-D by the caller).
struct Window {
  Shape kernel, stride, dilation, pad_begin, pad_end;
  bool symmetric() const { return pad_begin == pad_end; }
};

Window window_of(const Node& n, const Shape& in_spatial, const Shape& kernel) {
  size_t r = in_spatial.size();
  Window w;
  w.kernel = kernel;
  w.stride = n.ints("strides", Shape(r, 1));
  w.dilation = n.ints("dilations", Shape(r, 1));
  Shape pads = n.ints("pads", Shape(2 * r, 0));
  if (w.stride.size() != r || w.dilation.size() != r || pads.size() != 2 * r)
    n.fail(fmt::format("strides, dilations and pads must have {}, {} and {} entries", r, r, 2 * r));
  for (size_t i = 0; i < r; ++i)
    if (w.stride[i] < 1 || w.dilation[i] < 1 || pads[i] < 0 || pads[r + i] < 0)
      n.fail("strides and dilations must be positive and pads non-negative");
  w.pad_begin.assign(pads.begin(), pads.begin() + long(r));
  w.pad_end.assign(pads.begin() + long(r), pads.end());
  std::string auto_pad = n.s("auto_pad", "NOTSET");
  if (auto_pad == "VALID") {
    w.pad_begin.assign(r, 0);
    w.pad_end.assign(r, 0);
  } else if (auto_pad == "SAME_UPPER" || auto_pad == "SAME_LOWER") {
    for (size_t i = 0; i < r; ++i) {
      int64_t out = (in_spatial[i] + w.stride[i] - 1) / w.stride[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * w.stride[i] + (kernel[i] - 1) * w.dilation[i] + 1 - in_spatial[i]);
      w.pad_begin[i] = auto_pad == "SAME_UPPER" ? total / 2 : total - total / 2;
      w.pad_end[i] = total - w.pad_begin[i];
    }
  } else if (auto_pad != "NOTSET") {
    n.fail(
        fmt::format("auto_pad '{}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID", auto_pad));
  }
  return w;
}

// 1-D windowed ops run as 2-D ones over a [.., 1, L] input.
Window as_2d(Window w) {
  for (Shape* s : {&w.kernel, &w.stride, &w.dilation}) s->insert(s->begin(), 1);
  w.pad_begin.insert(w.pad_begin.begin(), 0);
  w.pad_end.insert(w.pad_end.begin(), 0);
  return w;
}

Shape spatial(const Tensor& x) { return Shape(x.shape().begin() + 2, x.shape().end()); }

void check_windowed(const Node& n, const Tensor& x) {
  if (x.dim() != 3 && x.dim() != 4)
    n.fail(
        fmt::format("only 1-D and 2-D windows are supported: the input must be [N, C, L] or "
                    "[N, C, H, W], got {}",
                    describe(x)));
}

Out Conv(const Node& n) {
  Tensor x = n.input(0), w = n.input(1);
  check_windowed(n, x);
  if (w.dim() != x.dim())
    n.fail(fmt::format("the weight {} must have the input's rank ({})", describe(w), x.dim()));
  Shape kernel(w.shape().begin() + 2, w.shape().end());
  Shape ks = n.ints("kernel_shape", kernel);
  if (ks != kernel)
    n.fail(fmt::format("kernel_shape {} differs from the weight's {}", shape_str(ks),
                       shape_str(kernel)));
  Window win = window_of(n, spatial(x), kernel);
  bool one_d = x.dim() == 3;
  if (one_d) {
    x = x.unsqueeze(2, n.loc);
    w = w.unsqueeze(2, n.loc);
    win = as_2d(win);
  }
  Shape padding = win.pad_begin;
  if (!win.symmetric()) {
    x = pad_constant(n, x, win.pad_begin, win.pad_end, 0);
    padding = {0, 0};
  }
  Tensor b = n.has_input(2) ? n.input(2) : Tensor();
  Tensor y = conv2d(x, w, b, win.stride, padding, win.dilation, n.i("group", 1), n.loc);
  return {one_d ? y.squeeze(2, n.loc) : y};
}

// Output size of a pooling window along one dim (ceil_mode: the last partial window counts
// when it starts inside the input or its begin padding, as PyTorch exports it).
int64_t pooled_size(int64_t in, int64_t pb, int64_t pe, int64_t k, int64_t s, int64_t d,
                    bool ceil_mode) {
  int64_t span = in + pb + pe - ((k - 1) * d + 1);
  if (span < 0) return 0;
  int64_t out = (ceil_mode ? (span + s - 1) / s : span / s) + 1;
  if (ceil_mode && (out - 1) * s >= in + pb) --out;
  return out;
}

// Pooling of any rank, dilation and ceil_mode, as one strided slice of the padded input per
// window offset (max or sum of them), with the flat argmax index when asked: what the 2-D
// kernels do not cover.
Out pool_by_slices(const Node& n, const Tensor& x, const Window& win, bool is_max, bool ceil_mode,
                   bool include_pad, bool want_index, bool column_major = false) {
  size_t r = win.kernel.size();
  Shape in = spatial(x), out(r), extra(r);
  for (size_t i = 0; i < r; ++i) {
    out[i] = pooled_size(in[i], win.pad_begin[i], win.pad_end[i], win.kernel[i], win.stride[i],
                         win.dilation[i], ceil_mode);
    if (out[i] < 1) n.fail(fmt::format("the window does not fit the input {}", describe(x)));
    int64_t need = (out[i] - 1) * win.stride[i] + (win.kernel[i] - 1) * win.dilation[i] + 1;
    extra[i] = std::max<int64_t>(0, need - (in[i] + win.pad_begin[i] + win.pad_end[i]));
  }
  Shape end = win.pad_end;
  for (size_t i = 0; i < r; ++i) end[i] += extra[i];
  double fill = is_max ? -std::numeric_limits<double>::infinity() : 0.0;
  Tensor xp = pad_constant(n, x, win.pad_begin, end, fill);
  // Which padded positions count in an average's divisor.
  Shape one_shape(2, 1);
  one_shape.insert(one_shape.end(), in.begin(), in.end());
  Tensor mask;
  if (!is_max)
    mask = pad_constant(n,
                        pad_constant(n, ones(one_shape, x.dtype(), n.loc), win.pad_begin,
                                     win.pad_end, include_pad ? 1 : 0),
                        Shape(r, 0), extra, 0);
  auto window_slice = [&](Tensor t, const Shape& offset) {
    for (size_t i = 0; i < r; ++i) {
      int64_t start = offset[i] * win.dilation[i];
      t = t.slice(int64_t(2 + i), start, start + (out[i] - 1) * win.stride[i] + 1, win.stride[i],
                  n.loc);
    }
    return t;
  };
  Tensor acc, count, index;
  Shape offset(r, 0);
  int64_t windows = 1;
  for (int64_t k : win.kernel) windows *= k;
  for (int64_t w = 0; w < windows; ++w) {
    for (int64_t rem = w, i = int64_t(r) - 1; i >= 0; --i) {
      offset[size_t(i)] = rem % win.kernel[size_t(i)];
      rem /= win.kernel[size_t(i)];
    }
    Tensor v = window_slice(xp, offset);
    if (!is_max) {
      Tensor c = window_slice(mask, offset);
      acc = acc.defined() ? add(acc, v, n.loc) : v;
      count = count.defined() ? add(count, c, n.loc) : c;
      continue;
    }
    if (!want_index) {
      acc = acc.defined() ? maximum(acc, v, n.loc) : v;
      continue;
    }
    // The flat index (over the whole unpadded input) of each window's offset position.
    std::vector<int64_t> pos(size_t(numel_of(out))), coord(r);
    for (size_t flat = 0; flat < pos.size(); ++flat) {
      for (size_t i = 0, rem = flat, step = pos.size(); i < r; ++i) {
        step /= size_t(out[i]);
        coord[i] =
            int64_t(rem / step) * win.stride[i] + offset[i] * win.dilation[i] - win.pad_begin[i];
        rem %= step;
      }
      int64_t p = 0;  // row-major, or column-major over the spatial dims (storage_order 1)
      for (size_t j = 0; j < r; ++j) {
        size_t i = column_major ? r - 1 - j : j;
        p = p * in[i] + coord[i];
      }
      pos[flat] = p;
    }
    Shape pos_shape(2, 1);
    pos_shape.insert(pos_shape.end(), out.begin(), out.end());
    Tensor cand = tensor(pos, {}, n.loc).reshape(pos_shape, n.loc);
    if (!acc.defined()) {
      acc = v;
      index = cand.expand(v.shape(), n.loc);
      continue;
    }
    Tensor better = gt(v, acc, n.loc);
    acc = where(better, v, acc, n.loc);
    index = where(better, cand, index, n.loc);
  }
  if (!is_max) return {div(acc, count, "none", n.loc)};
  if (!want_index) return {acc};
  int64_t plane = numel_of(in);
  Tensor base = mul(arange(0, x.shape()[0] * x.shape()[1], 1, DType::Int64, n.loc), plane, n.loc);
  Shape base_shape = {x.shape()[0], x.shape()[1]};
  base_shape.resize(size_t(x.dim()), 1);
  return {acc, add(index, base.reshape(base_shape, n.loc), n.loc)};
}

void check_pooled(const Node& n, const Tensor& x) {
  if (x.dim() < 3) n.fail(fmt::format("the input must be [N, C, ...], got {}", describe(x)));
}

Out MaxPool(const Node& n) {
  Tensor x = n.input(0);
  check_pooled(n, x);
  bool want_index = n.num_outputs() > 1 && !n.proto.output(1).empty();
  Shape kernel = n.ints("kernel_shape");
  if (kernel.size() != size_t(x.dim() - 2))
    n.fail(fmt::format("kernel_shape must have {} entries", x.dim() - 2));
  Window win = window_of(n, spatial(x), kernel);
  bool ceil_mode = n.i("ceil_mode", 0);
  bool dilated =
      std::any_of(win.dilation.begin(), win.dilation.end(), [](int64_t d) { return d != 1; });
  if (want_index || dilated || x.dim() > 4)
    return pool_by_slices(n, x, win, true, ceil_mode, false, want_index,
                          n.i("storage_order", 0) != 0);
  if (ceil_mode) {  // pad the end so the last partial window counts
    Shape in = spatial(x);
    for (size_t i = 0; i < in.size(); ++i) {
      int64_t out =
          pooled_size(in[i], win.pad_begin[i], win.pad_end[i], kernel[i], win.stride[i], 1, true);
      win.pad_end[i] += std::max<int64_t>(
          0, (out - 1) * win.stride[i] + kernel[i] - (in[i] + win.pad_begin[i] + win.pad_end[i]));
    }
  }
  bool one_d = x.dim() == 3;
  if (one_d) {
    x = x.unsqueeze(2, n.loc);
    win = as_2d(win);
  }
  Shape padding = win.pad_begin;
  bool fits = win.symmetric();
  for (size_t i = 0; fits && i < 2; ++i) fits = 2 * padding[i] <= win.kernel[i];
  if (!fits) {
    x = pad_constant(n, x, win.pad_begin, win.pad_end, -std::numeric_limits<double>::infinity());
    padding = {0, 0};
  }
  Tensor y = max_pool2d(x, win.kernel, win.stride, padding, n.loc);
  return {one_d ? y.squeeze(2, n.loc) : y};
}

Out AveragePool(const Node& n) {
  Tensor x = n.input(0);
  check_pooled(n, x);
  Shape kernel = n.ints("kernel_shape");
  if (kernel.size() != size_t(x.dim() - 2))
    n.fail(fmt::format("kernel_shape must have {} entries", x.dim() - 2));
  Window win = window_of(n, spatial(x), kernel);
  bool include_pad = n.i("count_include_pad", 0);
  bool ceil_mode = n.i("ceil_mode", 0);
  bool dilated =
      std::any_of(win.dilation.begin(), win.dilation.end(), [](int64_t d) { return d != 1; });
  if (ceil_mode || dilated || x.dim() > 4)
    return pool_by_slices(n, x, win, false, ceil_mode, include_pad, false);
  bool one_d = x.dim() == 3;
  if (one_d) {
    x = x.unsqueeze(2, n.loc);
    win = as_2d(win);
  }
  bool fits = win.symmetric();
  for (size_t i = 0; fits && i < 2; ++i) fits = 2 * win.pad_begin[i] <= win.kernel[i];
  Tensor y = fits ? avg_pool2d(x, win.kernel, win.stride, win.pad_begin, include_pad, n.loc)
                  : pool_by_slices(n, x, win, false, false, include_pad, false)[0];
  return {one_d ? y.squeeze(2, n.loc) : y};
}

Out GlobalAveragePool(const Node& n) {
  const Tensor& x = n.input(0);
  if (x.dim() < 3) n.fail(fmt::format("the input must be [N, C, ...], got {}", describe(x)));
  Shape dims = all_dims(x.dim());
  return {mean(x, Shape(dims.begin() + 2, dims.end()), true, n.loc)};
}

Out GlobalMaxPool(const Node& n) {
  const Tensor& x = n.input(0);
  if (x.dim() < 3) n.fail(fmt::format("the input must be [N, C, ...], got {}", describe(x)));
  Shape dims = all_dims(x.dim());
  return {amax(x, Shape(dims.begin() + 2, dims.end()), true, n.loc)};
}

// Per-channel [C] -> [C, 1, ...] to broadcast against [N, C, ...].
Tensor per_channel(const Tensor& t, int64_t rank, Loc loc) {
  Shape s(size_t(rank - 1), 1);
  s[0] = -1;
  return t.reshape(s, loc);
}

Out BatchNormalization(const Node& n) {
  const Tensor& x = n.input(0);
  if (n.opset < 9 && n.i("spatial", 1) != 1) n.fail("spatial = 0 is not supported");
  if (x.dim() < 2) n.fail(fmt::format("the input must be [N, C, ...], got {}", describe(x)));
  double eps = n.f("epsilon", 1e-5);
  const Tensor &scale = n.input(1), &bias = n.input(2);
  Tensor m = n.input(3), v = n.input(4);
  int64_t r = x.dim();
  Out extra;
  if (n.i("training_mode", 0)) {  // batch statistics; the running ones are updated
    Shape dims = all_dims(r);
    dims.erase(dims.begin() + 1);
    Tensor batch_mean = mean(x, dims, false, n.loc), batch_var = var(x, dims, 0, false, n.loc);
    double momentum = n.f("momentum", 0.9);
    extra = {add(mul(m, momentum, n.loc), mul(batch_mean, 1 - momentum, n.loc), n.loc),
             add(mul(v, momentum, n.loc), mul(batch_var, 1 - momentum, n.loc), n.loc)};
    m = batch_mean;
    v = batch_var;
  }
  auto with_extra = [&](Tensor y) {
    Out out{std::move(y)};
    out.insert(out.end(), extra.begin(), extra.end());
    return out;
  };
  if (r == 4) return with_extra(batch_norm(x, m, v, scale, bias, eps, n.loc));
  Tensor inv = rsqrt(add(per_channel(v, r, n.loc), eps, n.loc), n.loc);
  Tensor y = mul(sub(x, per_channel(m, r, n.loc), n.loc), inv, n.loc);
  return with_extra(
      add(mul(y, per_channel(scale, r, n.loc), n.loc), per_channel(bias, r, n.loc), n.loc));
}

Out InstanceNormalization(const Node& n) {
  const Tensor& x = n.input(0);
  if (x.dim() < 3) n.fail(fmt::format("the input must be [N, C, ...], got {}", describe(x)));
  Shape dims = all_dims(x.dim());
  dims.erase(dims.begin(), dims.begin() + 2);
  Tensor centred = sub(x, mean(x, dims, true, n.loc), n.loc);
  Tensor inv = rsqrt(add(var(x, dims, 0, true, n.loc), n.f("epsilon", 1e-5), n.loc), n.loc);
  int64_t r = x.dim();
  return {add(mul(mul(centred, inv, n.loc), per_channel(n.input(1), r, n.loc), n.loc),
              per_channel(n.input(2), r, n.loc), n.loc)};
}

Out LayerNormalization(const Node& n) {
  const Tensor& x = n.input(0);
  int64_t axis = axis_of(n, n.i("axis", -1), x.dim());
  double eps = n.f("epsilon", 1e-5);
  Shape ns(x.shape().begin() + axis, x.shape().end());
  Tensor scale = n.input(1);
  Tensor bias = n.has_input(2) ? n.input(2) : Tensor();
  Out out;
  if (scale.shape() == ns && (!bias.defined() || bias.shape() == ns)) {
    out.push_back(layer_norm(x, ns, scale, bias, eps, n.loc));
  } else {  // scale or bias broadcast: normalise, then apply them
    Tensor y = mul(layer_norm(x, ns, {}, {}, eps, n.loc), scale, n.loc);
    out.push_back(bias.defined() ? add(y, bias, n.loc) : y);
  }
  if (n.num_outputs() > 1) {  // Mean and InvStdDev, kept dims
    Shape dims = all_dims(x.dim());
    dims.erase(dims.begin(), dims.begin() + axis);
    Tensor xf = x.to(DType::Float32, n.loc);
    out.push_back(mean(xf, dims, true, n.loc));
    out.push_back(rsqrt(add(var(xf, dims, 0, true, n.loc), eps, n.loc), n.loc));
  }
  return out;
}

template <Tensor (*Fn)(const Tensor&, int64_t, Loc)>
Out softmax_like(const Node& n) {
  const Tensor& x = n.input(0);
  if (n.opset >= 13) return {Fn(x, axis_of(n, n.i("axis", -1), x.dim()), n.loc)};
  // Before opset 13 the input is seen as 2-D: [prod(dims before axis), prod(the rest)].
  int64_t axis = axis_of(n, n.i("axis", 1), x.dim());
  int64_t outer = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= x.shape()[size_t(d)];
  int64_t inner = outer ? x.numel() / outer : 0;
  return {Fn(x.reshape({outer, inner}, n.loc), 1, n.loc).reshape(x.shape(), n.loc)};
}
Out Softmax(const Node& n) { return softmax_like<softmax>(n); }
Out LogSoftmax(const Node& n) { return softmax_like<log_softmax>(n); }

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
  int64_t k = n.opset < 10 ? n.i("k", -1) : n.ints_input(1).at(0);
  int64_t axis = axis_of(n, n.i("axis", -1), x.dim());
  auto [v, i] = topk(x, k, axis, n.i("largest", 1) != 0, n.i("sorted", 1) != 0, n.loc);
  return {v, i};
}

// ---------------------------------------------------------------- shapes and views
Out Reshape(const Node& n) {
  const Tensor& x = n.input(0);
  Shape s = n.opset < 5 ? n.ints("shape") : n.ints_input(1);
  if (!n.i("allowzero", 0))
    for (size_t i = 0; i < s.size(); ++i)
      if (s[i] == 0) {
        if (int64_t(i) >= x.dim())
          n.fail(fmt::format("shape {} copies dim {} (0), but the input {} has fewer dims",
                             shape_str(s), i, describe(x)));
        s[i] = x.shape()[i];
      }
  return {x.reshape(s, n.loc)};
}

Out Flatten(const Node& n) {
  const Tensor& x = n.input(0);
  int64_t axis = n.i("axis", 1);
  if (axis < -x.dim() || axis > x.dim())
    n.fail(fmt::format("axis {} is out of range for rank {}", axis, x.dim()));
  if (axis < 0) axis += x.dim();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < x.dim(); ++d) (d < axis ? outer : inner) *= x.shape()[size_t(d)];
  return {x.reshape({outer, inner}, n.loc)};
}

Out Transpose(const Node& n) {
  const Tensor& x = n.input(0);
  Shape perm = n.ints("perm");
  if (perm.empty()) {
    perm = all_dims(x.dim());
    std::reverse(perm.begin(), perm.end());
  }
  return {x.permute(perm, n.loc)};
}

Out Squeeze(const Node& n) {
  Tensor x = n.input(0);
  std::vector<int64_t> axes = n.has("axes")    ? n.ints("axes")
                              : n.has_input(1) ? n.ints_input(1)
                                               : std::vector<int64_t>{};
  if (axes.empty()) return {x.squeeze(n.loc)};
  Shape dims = axes_of(n, axes, x.dim());
  for (auto it = dims.rbegin(); it != dims.rend(); ++it) {
    if (x.shape()[size_t(*it)] != 1)
      n.fail(fmt::format("dim {} of {} is not 1", *it, describe(n.input(0))));
    x = x.squeeze(*it, n.loc);
  }
  return {x};
}

Out Unsqueeze(const Node& n) {
  Tensor x = n.input(0);
  std::vector<int64_t> axes = n.opset < 13 ? n.ints("axes") : n.ints_input(1);
  Shape dims = axes_of(n, axes, x.dim() + int64_t(axes.size()));
  for (int64_t d : dims) x = x.unsqueeze(d, n.loc);
  return {x};
}

Out Concat(const Node& n) {
  if (!n.has("axis")) n.fail("attribute 'axis' is required");
  std::vector<Tensor> parts;
  for (size_t k = 0; k < n.in.size(); ++k) parts.push_back(n.input(k));
  return {cat(parts, axis_of(n, n.i("axis", 0), parts.at(0).dim()), n.loc)};
}

Out Split(const Node& n) {
  const Tensor& x = n.input(0);
  int64_t axis = axis_of(n, n.i("axis", 0), x.dim());
  int64_t size = x.shape()[size_t(axis)];
  std::vector<int64_t> sizes = n.has("split")   ? n.ints("split")
                               : n.has_input(1) ? n.ints_input(1)
                                                : std::vector<int64_t>{};
  size_t parts = n.num_outputs();
  if (sizes.empty()) {  // equal parts (the last one smaller when the size does not divide)
    int64_t each = (size + int64_t(parts) - 1) / int64_t(parts);
    for (size_t i = 0; i < parts; ++i)
      sizes.push_back(std::max<int64_t>(0, std::min(each, size - each * int64_t(i))));
  }
  if (sizes.size() != parts || std::accumulate(sizes.begin(), sizes.end(), int64_t(0)) != size ||
      std::any_of(sizes.begin(), sizes.end(), [](int64_t s) { return s < 0; }))
    n.fail(fmt::format("split sizes [{}] must be {} non-negative sizes adding up to {}",
                       fmt::join(sizes, ", "), parts, size));
  Out out;
  int64_t start = 0;
  for (int64_t s : sizes) {
    out.push_back(x.slice(axis, start, start + s, 1, n.loc));
    start += s;
  }
  return out;
}

Out Slice(const Node& n) {
  Tensor x = n.input(0);
  std::vector<int64_t> starts, ends, axes, steps;
  if (n.opset < 10) {
    starts = n.ints("starts");
    ends = n.ints("ends");
    axes = n.ints("axes");
  } else {
    starts = n.ints_input(1);
    ends = n.ints_input(2);
    if (n.has_input(3)) axes = n.ints_input(3);
    if (n.has_input(4)) steps = n.ints_input(4);
  }
  if (axes.empty()) axes = all_dims(int64_t(starts.size()));
  if (steps.empty()) steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() || steps.size() != starts.size())
    n.fail("starts, ends, axes and steps must have the same length");
  axes_of(n, axes, x.dim());  // checks range and repeats
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = axis_of(n, axes[i], x.dim());
    int64_t dim = x.shape()[size_t(axis)], step = steps[i];
    if (step == 0) n.fail("steps must be nonzero");
    auto clampi = [&](int64_t v, int64_t lo, int64_t hi) {
      if (v < 0) v = v < -dim ? -dim - 1 : v + dim;  // without overflow for INT64_MIN
      return std::clamp(v, lo, hi);
    };
    if (step > 0) {
      int64_t s = clampi(starts[i], 0, dim), e = clampi(ends[i], 0, dim);
      x = x.slice(axis, s, std::max(s, e), step, n.loc);
      continue;
    }
    int64_t s = clampi(starts[i], -1, dim - 1), e = clampi(ends[i], -1, dim - 1);
    std::vector<int64_t> idx;
    for (int64_t v = s; v > e; v += step) idx.push_back(v);
    x = index_select(x, axis, tensor(idx, {}, n.loc), n.loc);
  }
  return {x};
}

// Indices with negatives counted from the end of a dim of `size`, checked when known.
Tensor wrap_indices(const Node& n, const Tensor& idx, int64_t size) {
  if (is_floating(idx.dtype()) || idx.dtype() == DType::Bool)
    n.fail(fmt::format("indices must be integers, got {}", describe(idx)));
  if (is_lazy(idx))
    return where(lt(idx, 0, n.loc), add(idx, size, n.loc), idx, n.loc).to(DType::Int64, n.loc);
  std::vector<int64_t> v = idx.tolist<int64_t>(n.loc);
  for (int64_t& i : v) {
    if (i < -size || i >= size)
      n.fail(fmt::format("index {} is out of range for a dim of size {}", i, size));
    if (i < 0) i += size;
  }
  return tensor(v, {}, n.loc).reshape(idx.shape(), n.loc);
}

Out Gather(const Node& n) {
  const Tensor &x = n.input(0), &idx = n.input(1);
  int64_t axis = axis_of(n, n.i("axis", 0), x.dim());
  int64_t size = x.shape()[size_t(axis)];
  Tensor i = wrap_indices(n, idx, size);
  if (i.dim() == 0 && !is_lazy(i)) return {x.select(axis, i.item<int64_t>(n.loc), n.loc)};
  if (axis == 0 && x.dim() == 2) return {embedding(x, i, n.loc)};
  Shape out(x.shape().begin(), x.shape().begin() + axis);
  out.insert(out.end(), idx.shape().begin(), idx.shape().end());
  out.insert(out.end(), x.shape().begin() + axis + 1, x.shape().end());
  return {index_select(x, axis, i.reshape({-1}, n.loc), n.loc).reshape(out, n.loc)};
}

Out GatherElements(const Node& n) {
  const Tensor &x = n.input(0), &idx = n.input(1);
  int64_t axis = axis_of(n, n.i("axis", 0), x.dim());
  return {gather(x, axis, wrap_indices(n, idx, x.shape()[size_t(axis)]), n.loc)};
}

Shape broadcast_shape(const Node& n, const Shape& a, const Shape& b) {
  size_t r = std::max(a.size(), b.size());
  Shape out(r, 1);
  for (size_t i = 0; i < r; ++i) {
    int64_t x = i < r - a.size() ? 1 : a[i - (r - a.size())];
    int64_t y = i < r - b.size() ? 1 : b[i - (r - b.size())];
    if (x != y && x != 1 && y != 1)
      n.fail(fmt::format("shapes {} and {} do not broadcast", shape_str(a), shape_str(b)));
    out[i] = x == 1 ? y : x;
  }
  return out;
}

Out Expand(const Node& n) {
  const Tensor& x = n.input(0);
  return {x.expand(broadcast_shape(n, x.shape(), n.ints_input(1)), n.loc)};
}

Out Tile(const Node& n) {
  const Tensor& x = n.input(0);
  std::vector<int64_t> reps = n.ints_input(1);
  if (int64_t(reps.size()) != x.dim())
    n.fail(fmt::format("repeats [{}] must have one entry per dim of {}", fmt::join(reps, ", "),
                       describe(x)));
  Shape interleaved, expanded, out;
  for (size_t d = 0; d < reps.size(); ++d) {
    if (reps[d] < 0) n.fail("repeats must be non-negative");
    interleaved.insert(interleaved.end(), {1, x.shape()[d]});
    expanded.insert(expanded.end(), {reps[d], x.shape()[d]});
    out.push_back(reps[d] * x.shape()[d]);
  }
  return {x.reshape(interleaved, n.loc).expand(expanded, n.loc).reshape(out, n.loc)};
}

Out Pad(const Node& n) {
  Tensor x = n.input(0);
  std::string mode = n.s("mode", "constant");
  if (mode != "constant") n.fail(fmt::format("mode '{}' is not supported (only 'constant')", mode));
  std::vector<int64_t> pads = n.opset < 11 ? n.ints("pads") : n.ints_input(1);
  Scalar value = 0;
  if (n.opset < 11)
    value = n.f("value", 0.0);
  else if (n.has_input(2))
    value = n.number_input(2);
  if (int64_t(pads.size()) != 2 * x.dim())
    n.fail(fmt::format("pads [{}] must have 2 x rank = {} entries", fmt::join(pads, ", "),
                       2 * x.dim()));
  Shape begin(pads.begin(), pads.begin() + x.dim()), end(pads.begin() + x.dim(), pads.end());
  return {pad_constant(n, x, begin, end, value)};
}

Out Shape_(const Node& n) {
  const Tensor& x = n.input(0);
  int64_t r = x.dim();
  auto wrap = [&](int64_t v) { return std::clamp(v < 0 ? v + r : v, int64_t(0), r); };
  int64_t start = wrap(n.i("start", 0)), end = wrap(n.i("end", r));
  Shape s(x.shape().begin() + start, x.shape().begin() + std::max(start, end));
  return {tensor(s, {}, n.loc)};
}

Out Size(const Node& n) { return {scalar_tensor(n.input(0).numel(), DType::Int64, n.loc)}; }

Out ConstantOfShape(const Node& n) {
  Shape shape = n.ints_input(0);
  for (int64_t d : shape)
    if (d < 0) n.fail(fmt::format("shape {} has a negative size", shape_str(shape)));
  if (!n.has("value")) return {zeros(shape, DType::Float32, n.loc)};
  Tensor v = n.tensor("value");
  if (v.numel() != 1) n.fail("attribute 'value' must hold one element");
  return {full(shape, v.item_scalar(n.loc), v.dtype(), n.loc)};
}

Out Range(const Node& n) {
  const Tensor& start = n.input(0);
  DType dt = start.dtype();
  double s = n.number_input(0), e = n.number_input(1), d = n.number_input(2);
  if (d == 0) n.fail("delta must be nonzero");
  int64_t count = std::max<int64_t>(0, int64_t(std::ceil((e - s) / d)));
  if (count == 0) return {empty({0}, dt, n.loc)};
  if (is_floating(dt)) return {arange(s, s + double(count) * d, d, dt, n.loc).slice(0, 0, count)};
  int64_t si = int64_t(s), di = int64_t(d);
  return {arange(si, si + count * di, di, dt, n.loc)};
}

Out Constant(const Node& n) {
  if (n.has("value")) return {n.tensor("value")};
  if (n.has("value_float")) return {scalar_tensor(n.f("value_float", 0), DType::Float32, n.loc)};
  if (n.has("value_int")) return {scalar_tensor(n.i("value_int", 0), DType::Int64, n.loc)};
  if (n.has("value_ints")) return {tensor(n.ints("value_ints"), {}, n.loc)};
  if (const auto* a = n.attr("value_floats")) {
    std::vector<float> v(a->floats().begin(), a->floats().end());
    return {tensor(v, {}, n.loc)};
  }
  n.fail("only tensor, float(s) and int(s) values are supported");
}

Out Dropout(const Node& n) {  // inference: the input, and a mask of ones
  const Tensor& x = n.input(0);
  bool training = n.has_input(2) && n.known_input(2).item<bool>(n.loc);
  double ratio = n.opset < 12 ? n.f("ratio", 0.5) : n.has_input(1) ? n.number_input(1) : 0.5;
  if (training && ratio != 0)
    n.fail(
        "training_mode = true is not supported (inference only; random masks would not match "
        "other runtimes' anyway)");
  Out out{x};
  if (n.num_outputs() > 1) out.push_back(ones(x.shape(), DType::Bool, n.loc));
  return out;
}

Out Trilu(const Node& n) {
  const Tensor& x = n.input(0);
  if (x.dim() < 2) n.fail(fmt::format("the input must have 2 or more dims, got {}", describe(x)));
  int64_t k = n.has_input(1) ? n.ints_input(1).at(0) : 0;
  return {n.i("upper", 1) ? triu(x, k, n.loc) : tril(x, k, n.loc)};
}

const std::map<std::string, Converter, std::less<>>& table() {
  static const std::map<std::string, Converter, std::less<>> t = {
#define E(NAME) {#NAME, NAME}
      E(Abs),
      E(Neg),
      E(Exp),
      E(Log),
      E(Sqrt),
      E(Reciprocal),
      E(Floor),
      E(Ceil),
      E(Round),
      E(Erf),
      E(Relu),
      E(Sigmoid),
      E(Tanh),
      E(Sin),
      E(Cos),
      E(Tan),
      E(Sign),
      E(Not),
      E(IsNaN),
      E(IsInf),
      E(Softplus),
      E(Softsign),
      E(LeakyRelu),
      E(Elu),
      E(Selu),
      E(HardSigmoid),
      E(HardSwish),
      E(ThresholdedRelu),
      E(PRelu),
      E(Identity),
      E(Add),
      E(Sub),
      E(Mul),
      E(Div),
      E(Pow),
      E(Mod),
      E(Equal),
      E(Less),
      E(LessOrEqual),
      E(Greater),
      E(GreaterOrEqual),
      E(And),
      E(Or),
      E(Xor),
      E(Max),
      E(Min),
      E(Sum),
      E(Mean),
      E(Where),
      E(Cast),
      E(CastLike),
      E(Clip),
      E(MatMul),
      E(Gemm),
      E(Conv),
      E(MaxPool),
      E(AveragePool),
      E(GlobalAveragePool),
      E(GlobalMaxPool),
      E(BatchNormalization),
      E(InstanceNormalization),
      E(LayerNormalization),
      E(Softmax),
      E(LogSoftmax),
      E(ReduceSum),
      E(ReduceMean),
      E(ReduceMax),
      E(ReduceMin),
      E(ReduceProd),
      E(ReduceL1),
      E(ReduceL2),
      E(ReduceSumSquare),
      E(ReduceLogSum),
      E(ReduceLogSumExp),
      E(ArgMax),
      E(ArgMin),
      E(CumSum),
      E(TopK),
      E(Reshape),
      E(Flatten),
      E(Transpose),
      E(Squeeze),
      E(Unsqueeze),
      E(Concat),
      E(Split),
      E(Slice),
      E(Gather),
      E(GatherElements),
      E(Expand),
      E(Tile),
      E(Pad),
      E(Size),
      E(ConstantOfShape),
      E(Range),
      E(Constant),
      E(Dropout),
      E(Trilu),
#undef E
      {"Shape", Shape_},
  };
  return t;
}

}  // namespace

Converter converter(std::string_view op_type) {
  auto it = table().find(op_type);
  return it == table().end() ? nullptr : it->second;
}

std::vector<std::string> converter_names() {
  std::vector<std::string> names;
  for (const auto& [name, fn] : table()) names.push_back(name);
  return names;
}

bool reads_only_shapes(std::string_view op_type) { return op_type == "Shape" || op_type == "Size"; }

}  // namespace kiln::onnx
