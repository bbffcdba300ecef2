// frontend/grad_rules.cpp — backward rules (see grad_rules.h). Notation: x, y the first input
// and output, g the gradient of the first output. Gradients that only need summing over
// broadcast dims or casting back are returned as they are: the engine does that.
#include "frontend/grad_rules.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "frontend/dispatch.h"
#include "kiln/factories.h"
#include "kiln/ops.h"
#include "runtime/tensor_impl.h"

namespace kiln::grad_rules {

namespace {

Tensor filled(const Shape& shape, DType dtype, double value) {
  static const ir::OpDef& c = ir::op_def("constant");
  return frontend::run1(c, {}, Attrs{{Scalar(value), dtype, shape}}, Loc::current());
}
Tensor zeros_of(const ir::TensorMeta& m) { return filled(m.shape, m.dtype, 0.0); }

Shape reduced_dims(const Ctx& c, size_t attr = 0) {
  const Shape& x = c.in_meta[0].shape;
  Shape dims = c.attrs.ints(attr);
  if (dims.empty())
    for (int64_t d = 0; d < int64_t(x.size()); ++d) dims.push_back(d);
  for (int64_t& d : dims) d = wrap_dim(d, int64_t(x.size()), "grad", c.loc);
  return dims;
}
int64_t reduced_count(const Ctx& c, const Shape& dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= c.in_meta[0].shape.empty() ? 1 : c.in_meta[0].shape[d];
  return n;
}
// A reduction's result (or its gradient) broadcast back over the input's shape.
Tensor unreduce(const Ctx& c, const Tensor& t, const Shape& dims, bool keepdim) {
  const Shape& x = c.in_meta[0].shape;
  Tensor r = t;
  if (!keepdim && !x.empty()) {
    Shape keep = x;
    for (int64_t d : dims) keep[d] = 1;
    r = r.reshape(keep);
  }
  return r.expand(x);
}

Tensor sq(const Tensor& t) { return t * t; }

}  // namespace

// ---------------------------------------------------------------- pointwise
Grads neg(const Ctx& c) { return {-c.grad[0]}; }
Grads abs(const Ctx& c) { return {c.grad[0] * kiln::sign(c.in[0])}; }
Grads zero(const Ctx& c) { return {zeros_of(c.in_meta[0])}; }
Grads exp(const Ctx& c) { return {c.grad[0] * c.out[0]}; }
Grads exp2(const Ctx& c) { return {c.grad[0] * c.out[0] * std::numbers::ln2}; }
Grads log(const Ctx& c) { return {c.grad[0] / c.in[0]}; }
Grads log2(const Ctx& c) { return {c.grad[0] / (c.in[0] * std::numbers::ln2)}; }
Grads log1p(const Ctx& c) { return {c.grad[0] / (c.in[0] + 1.0)}; }
Grads expm1(const Ctx& c) { return {c.grad[0] * (c.out[0] + 1.0)}; }
Grads sqrt(const Ctx& c) { return {c.grad[0] / (c.out[0] * 2.0)}; }
Grads rsqrt(const Ctx& c) { return {c.grad[0] * kiln::pow(c.out[0], 3) * -0.5}; }
Grads reciprocal(const Ctx& c) { return {-c.grad[0] * sq(c.out[0])}; }
Grads sin(const Ctx& c) { return {c.grad[0] * kiln::cos(c.in[0])}; }
Grads cos(const Ctx& c) { return {-c.grad[0] * kiln::sin(c.in[0])}; }
Grads tan(const Ctx& c) { return {c.grad[0] * (sq(c.out[0]) + 1.0)}; }
Grads tanh(const Ctx& c) { return {c.grad[0] * (1.0 - sq(c.out[0]))}; }
Grads sigmoid(const Ctx& c) { return {c.grad[0] * c.out[0] * (1.0 - c.out[0])}; }
Grads relu(const Ctx& c) { return {kiln::where(c.out[0] > 0, c.grad[0], 0)}; }
Grads gelu(const Ctx& c) {
  const Tensor& x = c.in[0];
  if (c.attrs.s(0) == "tanh") {
    constexpr double k = 0.7978845608028654;  // sqrt(2 / pi)
    constexpr double a = 0.044715;
    Tensor x2 = sq(x);
    Tensor t = kiln::tanh(x * (x2 * a + 1.0) * k);
    Tensor dinner = (x2 * (3 * a) + 1.0) * k;
    return {c.grad[0] * ((t + 1.0) * 0.5 + x * (1.0 - sq(t)) * dinner * 0.5)};
  }
  Tensor cdf = (kiln::erf(x * std::numbers::sqrt2 * 0.5) + 1.0) * 0.5;
  Tensor pdf = kiln::exp(sq(x) * -0.5) * (0.5 * std::numbers::inv_sqrtpi * std::numbers::sqrt2);
  return {c.grad[0] * (cdf + x * pdf)};
}
Grads silu(const Ctx& c) {
  Tensor s = kiln::sigmoid(c.in[0]);
  return {c.grad[0] * s * (c.in[0] * (1.0 - s) + 1.0)};
}
Grads softplus(const Ctx& c) {
  double beta = c.attrs.f(0), threshold = c.attrs.f(1);
  Tensor bx = c.in[0] * beta;
  return {kiln::where(bx > threshold, c.grad[0], c.grad[0] * kiln::sigmoid(bx))};
}
Grads elu(const Ctx& c) {
  double alpha = c.attrs.f(0);
  return {kiln::where(c.in[0] > 0, c.grad[0], c.grad[0] * (c.out[0] + alpha))};
}
Grads leaky_relu(const Ctx& c) {
  return {kiln::where(c.in[0] > 0, c.grad[0], c.grad[0] * c.attrs.f(0))};
}
Grads erf(const Ctx& c) {
  return {c.grad[0] * kiln::exp(-sq(c.in[0])) * (2.0 * std::numbers::inv_sqrtpi)};
}
Grads clamp(const Ctx& c) {
  Tensor g = c.grad[0];
  const Tensor& x = c.in[0];
  if (c.attrs.has(0)) g = kiln::where(x >= c.attrs.scalar(0), g, 0);
  if (c.attrs.has(1)) g = kiln::where(x <= c.attrs.scalar(1), g, 0);
  return {g};
}
Grads identity(const Ctx& c) { return {c.grad[0]}; }

Grads add(const Ctx& c) { return {c.grad[0], c.grad[0]}; }
Grads sub(const Ctx& c) { return {c.grad[0], c.needs[1] ? -c.grad[0] : Tensor()}; }
Grads mul(const Ctx& c) {
  return {c.needs[0] ? c.grad[0] * c.in[1] : Tensor(), c.needs[1] ? c.grad[0] * c.in[0] : Tensor()};
}
Grads div(const Ctx& c) {
  if (c.attrs.s(0) != "none")  // rounded quotients are piecewise constant
    return {zeros_of(c.in_meta[0]), zeros_of(c.in_meta[1])};
  const Tensor &a = c.in[0], &b = c.in[1], &g = c.grad[0];
  return {c.needs[0] ? g / b : Tensor(), c.needs[1] ? -g * a / sq(b) : Tensor()};
}
Grads pow(const Ctx& c) {
  const Tensor &a = c.in[0], &b = c.in[1], &g = c.grad[0];
  Tensor ga, gb;
  if (c.needs[0]) ga = kiln::where(b == 0, 0, g * b * kiln::pow(a, b - 1));
  if (c.needs[1]) gb = kiln::where(logical_and(a == 0, b >= 0), 0, g * c.out[0] * kiln::log(a));
  return {ga, gb};
}
Grads remainder(const Ctx& c) {
  return {c.grad[0],
          c.needs[1] ? -c.grad[0] * kiln::floor(kiln::div(c.in[0], c.in[1], "none")) : Tensor()};
}
namespace {
// maximum/minimum: the gradient goes to the winner; ties split it evenly, as in PyTorch.
Grads pick(const Ctx& c, const Tensor& a_wins) {
  const Tensor &a = c.in[0], &b = c.in[1], &g = c.grad[0];
  Tensor tie = a == b;
  Tensor half = g * 0.5;
  return {kiln::where(tie, half, kiln::where(a_wins, g, 0)),
          kiln::where(tie, half, kiln::where(a_wins, 0, g))};
}
}  // namespace
Grads maximum(const Ctx& c) { return pick(c, c.in[0] > c.in[1]); }
Grads minimum(const Ctx& c) { return pick(c, c.in[0] < c.in[1]); }
Grads where(const Ctx& c) {
  const Tensor& cond = c.in[0];
  return {Tensor(), c.needs[1] ? kiln::where(cond, c.grad[0], 0) : Tensor(),
          c.needs[2] ? kiln::where(cond, 0, c.grad[0]) : Tensor()};
}

// ---------------------------------------------------------------- reductions
Grads sum(const Ctx& c) { return {unreduce(c, c.grad[0], reduced_dims(c), c.attrs.b(1))}; }
Grads mean(const Ctx& c) {
  Shape dims = reduced_dims(c);
  return {unreduce(c, c.grad[0], dims, c.attrs.b(1)) / double(reduced_count(c, dims))};
}
Grads prod(const Ctx& c) {
  // Exact with zeros: one zero gets the product of the others, the rest get zero.
  Shape dims = reduced_dims(c);
  bool keep = c.attrs.b(1);
  const Tensor& x = c.in[0];
  Tensor is_zero = x == 0;
  Tensor zeros = unreduce(c, kiln::sum(is_zero, dims, true), dims, true);
  Tensor others = unreduce(c, kiln::prod(kiln::where(is_zero, 1, x), dims, true), dims, true);
  Tensor g = unreduce(c, c.grad[0], dims, keep);
  Tensor y = unreduce(c, c.out[0], dims, keep);
  Tensor r = kiln::where(zeros == 0, y / kiln::where(is_zero, 1, x),
                         kiln::where(logical_and(zeros == 1, is_zero), others, 0));
  return {g * r};
}
Grads amax(const Ctx& c) {
  Shape dims = reduced_dims(c);
  bool keep = c.attrs.b(1);
  Tensor hit = (c.in[0] == unreduce(c, c.out[0], dims, keep)).to(c.in[0].dtype());
  Tensor count = kiln::sum(hit, dims, true);
  return {unreduce(c, c.grad[0], dims, keep) * hit / count};
}
Grads var(const Ctx& c) {
  Shape dims = reduced_dims(c);
  double n = double(reduced_count(c, dims) - c.attrs.i(2));
  Tensor centred = c.in[0] - kiln::mean(c.in[0], dims, true);
  return {unreduce(c, c.grad[0], dims, c.attrs.b(1)) * centred * (2.0 / n)};
}
Grads std(const Ctx& c) {
  Shape dims = reduced_dims(c);
  bool keep = c.attrs.b(1);
  double n = double(reduced_count(c, dims) - c.attrs.i(2));
  Tensor centred = c.in[0] - kiln::mean(c.in[0], dims, true);
  // Where the deviation is 0 the gradient is 0 (PyTorch's subgradient), not 0/0.
  Tensor g = kiln::where(c.out[0] == 0, 0, c.grad[0] / c.out[0]);
  return {unreduce(c, g, dims, keep) * centred * (1.0 / n)};
}
Grads logsumexp(const Ctx& c) {
  Shape dims = reduced_dims(c);
  bool keep = c.attrs.b(1);
  return {unreduce(c, c.grad[0], dims, keep) *
          kiln::exp(c.in[0] - unreduce(c, c.out[0], dims, keep))};
}
Grads cumsum(const Ctx& c) {
  // d/dx_i = sum_{j >= i} g_j: a cumulative sum of g reversed along the dim, reversed back
  // (not total - cumsum + g, which cancels catastrophically and turns inf into NaN).
  const Tensor& g = c.grad[0];
  if (c.in_meta[0].shape.empty()) return {g};
  int64_t d = wrap_dim(c.attrs.i(0), g.dim(), "cumsum", c.loc);
  int64_t n = g.shape()[size_t(d)];
  Tensor reversed = arange(n - 1, -1, -1, DType::Int64);
  return {kiln::index_select(kiln::cumsum(kiln::index_select(g, d, reversed), d), d, reversed)};
}
Grads softmax(const Ctx& c) {
  const Tensor &y = c.out[0], &g = c.grad[0];
  int64_t d = c.attrs.i(0);
  if (c.in_meta[0].shape.empty()) return {g * 0};
  return {y * (g - kiln::sum(g * y, {d}, true))};
}
Grads log_softmax(const Ctx& c) {
  const Tensor &y = c.out[0], &g = c.grad[0];
  int64_t d = c.attrs.i(0);
  if (c.in_meta[0].shape.empty()) return {g * 0};
  return {g - kiln::exp(y) * kiln::sum(g, {d}, true)};
}
namespace {
Shape trailing_dims(const Ctx& c, size_t k) {
  int64_t rank = int64_t(c.in_meta[0].shape.size());
  Shape dims;
  for (int64_t d = rank - int64_t(k); d < rank; ++d) dims.push_back(d);
  return dims;
}
// d x from d xhat for x normalised over `dims`: xhat = (x - mean) * rstd (centre = true) or
// x * rstd (RMS).
Tensor norm_input_grad(const Tensor& gxhat, const Tensor& xhat, const Tensor& rstd,
                       const Shape& dims, bool centre) {
  Tensor r = gxhat - xhat * kiln::mean(gxhat * xhat, dims, true);
  if (centre) r = r - kiln::mean(gxhat, dims, true);
  return r * rstd;
}
}  // namespace
Grads layer_norm(const Ctx& c) {
  Shape dims = trailing_dims(c, c.attrs.ints(0).size());
  double eps = c.attrs.f(1);
  const Tensor &x = c.in[0], &g = c.grad[0];
  Tensor centred = x - kiln::mean(x, dims, true);
  Tensor rstd = kiln::rsqrt(kiln::mean(sq(centred), dims, true) + eps);
  Tensor xhat = centred * rstd;
  bool has_w = c.in.size() > 1 && c.in[1].defined();
  Tensor gxhat = has_w ? g * c.in[1] : g;
  Grads r{c.needs[0] ? norm_input_grad(gxhat, xhat, rstd, dims, true) : Tensor()};
  r.push_back(has_w && c.needs[1] ? g * xhat : Tensor());
  r.push_back(c.in.size() > 2 && c.in[2].defined() && c.needs[2] ? g : Tensor());
  return r;
}
Grads rms_norm(const Ctx& c) {
  Shape dims = trailing_dims(c, c.attrs.ints(0).size());
  const Tensor &x = c.in[0], &g = c.grad[0];
  DType dt = x.dtype();
  double eps = c.attrs.has(1)          ? c.attrs.f(1)
               : dt == DType::Float64  ? 2.220446049250313e-16
               : dt == DType::Float16  ? 0.0009765625
               : dt == DType::BFloat16 ? 0.0078125
                                       : 1.1920928955078125e-07;
  Tensor rstd = kiln::rsqrt(kiln::mean(sq(x), dims, true) + eps);
  Tensor xhat = x * rstd;
  bool has_w = c.in.size() > 1 && c.in[1].defined();
  Tensor gxhat = has_w ? g * c.in[1] : g;
  return {c.needs[0] ? norm_input_grad(gxhat, xhat, rstd, dims, false) : Tensor(),
          has_w && c.needs[1] ? g * xhat : Tensor()};
}
Grads batch_norm(const Ctx& c) {
  // Normalised with given statistics (x [N, C, ...], mean/var/weight/bias [C]).
  const Tensor &x = c.in[0], &g = c.grad[0];
  int64_t rank = x.dim();
  Shape bc(size_t(rank), 1);
  bc[1] = c.in_meta[0].shape[1];
  Shape others;
  for (int64_t d = 0; d < rank; ++d)
    if (d != 1) others.push_back(d);
  double eps = c.attrs.f(0);
  Tensor rstd = kiln::rsqrt(c.in[2] + eps).reshape(bc);
  Tensor centred = x - c.in[1].reshape(bc);
  bool has_w = c.in.size() > 3 && c.in[3].defined();
  Tensor gw = has_w ? g * c.in[3].reshape(bc) : g;  // d loss / d xhat
  Tensor gx = gw * rstd;
  Shape per_c{bc[1]};
  Grads r(c.in.size());
  if (c.needs[0]) r[0] = gx;
  if (c.needs[1]) r[1] = -kiln::sum(gx, others).reshape(per_c);
  if (c.needs[2]) r[2] = kiln::sum(gw * centred * kiln::pow(rstd, 3) * -0.5, others).reshape(per_c);
  if (has_w && c.needs[3]) r[3] = kiln::sum(g * centred * rstd, others).reshape(per_c);
  if (c.in.size() > 4 && c.in[4].defined() && c.needs[4]) r[4] = kiln::sum(g, others);
  return r;
}

// ---------------------------------------------------------------- linear algebra
Grads matmul(const Ctx& c) {
  const Tensor &a = c.in[0], &b = c.in[1], &g = c.grad[0];
  if (a.dim() == 1 && b.dim() == 1) return {g * b, g * a};
  Tensor a2 = a.dim() == 1 ? a.unsqueeze(0) : a;
  Tensor b2 = b.dim() == 1 ? b.unsqueeze(-1) : b;
  Tensor g2 = g;
  if (a.dim() == 1) g2 = g2.unsqueeze(-2);
  if (b.dim() == 1) g2 = g2.unsqueeze(-1);
  Tensor ga, gb;
  if (c.needs[0]) {
    ga = kiln::matmul(g2, b2.transpose(-1, -2));
    if (a.dim() == 1) ga = ga.squeeze(-2);
  }
  if (c.needs[1]) {
    if (b2.dim() == 2 && a2.dim() > 2) {
      // A weight shared over batch dims: one matmul over the flattened rows.
      int64_t k = a2.shape().back(), n = g2.shape().back();
      gb = kiln::mm(a2.reshape({-1, k}).t(), g2.reshape({-1, n}));
    } else {
      gb = kiln::matmul(a2.transpose(-1, -2), g2);
    }
    if (b.dim() == 1) gb = gb.squeeze(-1);
  }
  return {ga, gb};
}
Grads mm(const Ctx& c) {
  return {c.needs[0] ? kiln::mm(c.grad[0], c.in[1].t()) : Tensor(),
          c.needs[1] ? kiln::mm(c.in[0].t(), c.grad[0]) : Tensor()};
}
Grads bmm(const Ctx& c) {
  return {c.needs[0] ? kiln::bmm(c.grad[0], c.in[1].transpose(1, 2)) : Tensor(),
          c.needs[1] ? kiln::bmm(c.in[0].transpose(1, 2), c.grad[0]) : Tensor()};
}
Grads linear(const Ctx& c) {
  const Tensor &x = c.in[0], &w = c.in[1], &g = c.grad[0];
  Grads r(c.in.size());
  if (c.needs[0]) r[0] = kiln::matmul(g, w);
  if (c.needs[1]) {
    int64_t out = w.shape()[0], in = w.shape()[1];
    r[1] = kiln::mm(g.reshape({-1, out}).t(), x.reshape({-1, in}));
  }
  if (c.in.size() > 2 && c.in[2].defined() && c.needs[2]) r[2] = g;
  return r;
}

namespace {
Tensor run_op(const char* name, std::initializer_list<Tensor> in, Attrs attrs, Loc loc) {
  const ir::OpDef& d = ir::op_def(name);
  return frontend::run1(d, std::span<const Tensor>(in.begin(), in.size()), std::move(attrs), loc);
}
}  // namespace
Grads conv2d(const Ctx& c) {
  const Tensor &x = c.in[0], &w = c.in[1], &g = c.grad[0];
  const Attrs& a = c.attrs;
  Grads r(c.in.size());
  if (c.needs[0])
    r[0] = run_op("conv2d_input_grad", {g, w},
                  Attrs{{c.in_meta[0].shape, a.ints(0), a.ints(1), a.ints(2), a.i(3)}}, c.loc);
  if (c.needs[1])
    r[1] = run_op("conv2d_weight_grad", {g, x},
                  Attrs{{c.in_meta[1].shape, a.ints(0), a.ints(1), a.ints(2), a.i(3)}}, c.loc);
  if (c.in.size() > 2 && c.in[2].defined() && c.needs[2])
    r[2] = kiln::sum(g, g.dim() == 4 ? Shape{0, 2, 3} : Shape{1, 2});
  return r;
}
Grads max_pool2d(const Ctx& c) {
  return {run_op("max_pool2d_backward", {c.grad[0], c.in[0]}, c.attrs, c.loc)};
}
Grads avg_pool2d(const Ctx& c) {
  const Attrs& a = c.attrs;
  return {run_op("avg_pool2d_backward", {c.grad[0]},
                 Attrs{{c.in_meta[0].shape, a.ints(0), a.ints(1), a.ints(2), a.b(3)}}, c.loc)};
}
Grads adaptive_avg_pool2d(const Ctx& c) {
  return {run_op("adaptive_avg_pool2d_backward", {c.grad[0]}, Attrs{{c.in_meta[0].shape}}, c.loc)};
}

// ---------------------------------------------------------------- indexing
namespace {
// zeros of x's shape with `src` added at `index` along `dim` (index has src's shape).
Tensor scatter_into_zeros(const Ctx& c, int64_t dim, const Tensor& index, const Tensor& src) {
  return kiln::scatter_add(zeros_of(c.in_meta[0]), dim, index, src);
}
}  // namespace
Grads embedding(const Ctx& c) {
  const Tensor &idx = c.in[1], &g = c.grad[0];
  int64_t d = c.in_meta[0].shape[1];
  Tensor flat = g.reshape({-1, d});
  Tensor where_to = idx.reshape({-1, 1}).expand({flat.shape()[0], d});
  return {scatter_into_zeros(c, 0, where_to, flat), Tensor()};
}
Grads index_select(const Ctx& c) {
  const Tensor& g = c.grad[0];
  int64_t dim = wrap_dim(c.attrs.i(0), g.dim(), "index_select", c.loc);
  Shape s(size_t(g.dim()), 1);
  if (g.dim()) s[dim] = -1;
  Tensor index = g.dim() ? c.in[1].reshape(s).expand(g.shape()) : c.in[1].reshape({});
  return {scatter_into_zeros(c, dim, index, g), Tensor()};
}
Grads gather(const Ctx& c) {
  return {scatter_into_zeros(c, c.attrs.i(0), c.in[1], c.grad[0]), Tensor()};
}
Grads scatter_add(const Ctx& c) {
  return {c.grad[0], Tensor(),
          c.needs[2] ? kiln::gather(c.grad[0], c.attrs.i(0), c.in[1]) : Tensor()};
}
Grads masked_fill(const Ctx& c) { return {kiln::where(c.in[1], 0, c.grad[0]), Tensor()}; }
Grads cat(const Ctx& c) {
  const Tensor& g = c.grad[0];
  int64_t dim = wrap_dim(c.attrs.i(0), g.dim(), "cat", c.loc);
  Grads r;
  int64_t at = 0;
  for (size_t i = 0; i < c.in_meta.size(); ++i) {
    const Shape& s = c.in_meta[i].shape;
    if (s.size() == 1 && s[0] == 0 && g.dim() > 1) {  // legacy empty inputs are skipped
      r.emplace_back();
      continue;
    }
    int64_t n = s[dim];
    r.push_back(c.needs[i] ? g.narrow(dim, at, n) : Tensor());
    at += n;
  }
  return r;
}
Grads tril(const Ctx& c) { return {kiln::tril(c.grad[0], c.attrs.i(0))}; }
Grads triu(const Ctx& c) { return {kiln::triu(c.grad[0], c.attrs.i(0))}; }
Grads take_along(const Ctx& c) {
  // attrs: topk (k, dim, ...) or sort (dim, ...)
  int64_t dim = c.attrs.values.size() == 4 ? c.attrs.i(1) : c.attrs.i(0);
  if (c.in_meta[0].shape.empty()) return {c.grad[0]};
  return {scatter_into_zeros(c, dim, c.out[1], c.grad[0])};
}
Grads as_strided_scatter(const Ctx& c) {
  if (c.needs[1])
    throw Error("as_strided_scatter: the gradient for the source is not implemented", c.loc);
  static const ir::OpDef& d = ir::op_def("as_strided_scatter");
  Tensor in[] = {c.grad[0], filled(c.attrs.ints(0), c.grad[0].dtype(), 0.0)};
  return {frontend::run1(d, in, c.attrs, c.loc), Tensor()};
}

// ---------------------------------------------------------------- views
Grads reshape(const Ctx& c) { return {c.grad[0].reshape(c.in_meta[0].shape)}; }
Grads permute(const Ctx& c) {
  const Shape& dims = c.attrs.ints(0);
  Shape inverse(dims.size());
  for (size_t i = 0; i < dims.size(); ++i)
    inverse[size_t(wrap_dim(dims[i], int64_t(dims.size()), "permute", c.loc))] = int64_t(i);
  return {c.grad[0].permute(inverse)};
}
Grads transpose(const Ctx& c) { return {c.grad[0].transpose(c.attrs.i(0), c.attrs.i(1))}; }
namespace {
// The gradient of a view that picks some elements (slice, select, diagonal): the view's
// geometry on a contiguous tensor of the input's shape says where each element goes.
Tensor scatter_view(const Ctx& c, const Tensor& view_of_meta) {
  static const ir::OpDef& d = ir::op_def("as_strided_scatter");
  const ir::TensorMeta& m = c.in_meta[0];
  Tensor in[] = {zeros_of(m), c.grad[0]};
  return frontend::run1(
      d, in, Attrs{{view_of_meta.shape(), view_of_meta.strides(), view_of_meta.offset()}}, c.loc);
}
Tensor meta_of(const Ctx& c) { return meta_tensor(c.in_meta[0].shape, c.in_meta[0].dtype); }
}  // namespace
Grads slice(const Ctx& c) {
  const Attrs& a = c.attrs;
  return {scatter_view(c, meta_of(c).slice(a.i(0), a.i(1), a.i(2), a.i(3), c.loc))};
}
Grads select(const Ctx& c) {
  return {scatter_view(c, meta_of(c).select(c.attrs.i(0), c.attrs.i(1), c.loc))};
}
Grads diagonal(const Ctx& c) {
  const Attrs& a = c.attrs;
  return {scatter_view(c, meta_of(c).diagonal(a.i(0), a.i(1), a.i(2), c.loc))};
}

}  // namespace kiln::grad_rules
