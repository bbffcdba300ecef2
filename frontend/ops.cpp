// frontend/ops.cpp — the public op functions. Each looks its table entry up once and runs it
// through frontend::run; composite conveniences (stack, split, max with indices) are built
// from table ops and views.
#include "kiln/ops.h"

#include <fmt/format.h>

#include <limits>

#include "frontend/dispatch.h"
#include "runtime/lazy.h"
#include "runtime/tensor_impl.h"

namespace kiln {

namespace {
using frontend::run;
using frontend::run1;

#define KILN_DEF(var, opname) static const ir::OpDef& var = ir::op_def(opname)

Tensor call1(const ir::OpDef& d, std::initializer_list<Tensor> in, Attrs attrs, Loc loc) {
  return run1(d, std::span<const Tensor>(in.begin(), in.size()), std::move(attrs), loc);
}
}  // namespace

// ---------------------------------------------------------------- unary
#define KILN_UNARY_DEF(name)              \
  Tensor name(const Tensor& x, Loc loc) { \
    KILN_DEF(d, #name);                   \
    return call1(d, {x}, {}, loc);        \
  }
KILN_UNARY_DEF(neg)
KILN_UNARY_DEF(abs)
KILN_UNARY_DEF(sign)
KILN_UNARY_DEF(exp)
KILN_UNARY_DEF(exp2)
KILN_UNARY_DEF(log)
KILN_UNARY_DEF(log2)
KILN_UNARY_DEF(log1p)
KILN_UNARY_DEF(expm1)
KILN_UNARY_DEF(sqrt)
KILN_UNARY_DEF(rsqrt)
KILN_UNARY_DEF(reciprocal)
KILN_UNARY_DEF(sin)
KILN_UNARY_DEF(cos)
KILN_UNARY_DEF(tan)
KILN_UNARY_DEF(tanh)
KILN_UNARY_DEF(sigmoid)
KILN_UNARY_DEF(relu)
KILN_UNARY_DEF(silu)
KILN_UNARY_DEF(erf)
KILN_UNARY_DEF(floor)
KILN_UNARY_DEF(ceil)
KILN_UNARY_DEF(round)
KILN_UNARY_DEF(logical_not)
KILN_UNARY_DEF(isnan)
KILN_UNARY_DEF(isinf)
#undef KILN_UNARY_DEF

Tensor gelu(const Tensor& x, const std::string& approximate, Loc loc) {
  KILN_DEF(d, "gelu");
  return call1(d, {x}, {{approximate}}, loc);
}
Tensor softplus(const Tensor& x, double beta, double threshold, Loc loc) {
  KILN_DEF(d, "softplus");
  return call1(d, {x}, {{beta, threshold}}, loc);
}
Tensor elu(const Tensor& x, double alpha, Loc loc) {
  KILN_DEF(d, "elu");
  return call1(d, {x}, {{alpha}}, loc);
}
Tensor leaky_relu(const Tensor& x, double slope, Loc loc) {
  KILN_DEF(d, "leaky_relu");
  return call1(d, {x}, {{slope}}, loc);
}
Tensor clamp(const Tensor& x, std::optional<Scalar> lo, std::optional<Scalar> hi, Loc loc) {
  KILN_DEF(d, "clamp");
  Attrs a{{AttrValue{}, AttrValue{}}};
  if (lo) a.values[0] = *lo;
  if (hi) a.values[1] = *hi;
  return call1(d, {x}, std::move(a), loc);
}

// ---------------------------------------------------------------- binary
#define KILN_BINARY_DEF(name)                              \
  Tensor name(const Tensor& a, const Tensor& b, Loc loc) { \
    KILN_DEF(d, #name);                                    \
    return call1(d, {a, b}, {}, loc);                      \
  }                                                        \
  Tensor name(const Tensor& a, const Scalar& b, Loc loc) { \
    return name(a, wrapped_scalar(b), loc);                \
  }                                                        \
  Tensor name(const Scalar& a, const Tensor& b, Loc loc) { return name(wrapped_scalar(a), b, loc); }
KILN_BINARY_DEF(add)
KILN_BINARY_DEF(sub)
KILN_BINARY_DEF(mul)
KILN_BINARY_DEF(pow)
KILN_BINARY_DEF(remainder)
KILN_BINARY_DEF(maximum)
KILN_BINARY_DEF(minimum)
KILN_BINARY_DEF(eq)
KILN_BINARY_DEF(ne)
KILN_BINARY_DEF(lt)
KILN_BINARY_DEF(le)
KILN_BINARY_DEF(gt)
KILN_BINARY_DEF(ge)
KILN_BINARY_DEF(logical_and)
KILN_BINARY_DEF(logical_or)
KILN_BINARY_DEF(logical_xor)
KILN_BINARY_DEF(bitwise_and)
KILN_BINARY_DEF(bitwise_or)
KILN_BINARY_DEF(bitwise_xor)
#undef KILN_BINARY_DEF

Tensor div(const Tensor& a, const Tensor& b, const std::string& mode, Loc loc) {
  KILN_DEF(d, "div");
  return call1(d, {a, b}, {{mode}}, loc);
}
Tensor div(const Tensor& a, const Scalar& b, const std::string& mode, Loc loc) {
  return div(a, wrapped_scalar(b), mode, loc);
}
Tensor div(const Scalar& a, const Tensor& b, const std::string& mode, Loc loc) {
  return div(wrapped_scalar(a), b, mode, loc);
}
Tensor floor_divide(const Tensor& a, const Tensor& b, Loc loc) { return div(a, b, "floor", loc); }

Tensor where(const Tensor& c, const Tensor& a, const Tensor& b, Loc loc) {
  KILN_DEF(d, "where");
  return call1(d, {c, a, b}, {}, loc);
}
Tensor where(const Tensor& c, const Tensor& a, const Scalar& b, Loc loc) {
  return where(c, a, wrapped_scalar(b), loc);
}
Tensor where(const Tensor& c, const Scalar& a, const Tensor& b, Loc loc) {
  return where(c, wrapped_scalar(a), b, loc);
}

Tensor operator-(const detail::Operand& x) { return neg(x.tensor, x.loc); }
Tensor operator!(const detail::Operand& x) { return logical_not(x.tensor, x.loc); }
Tensor operator~(const detail::Operand& x) {
  if (x.tensor.dtype() == DType::Bool) return logical_not(x.tensor, x.loc);
  return bitwise_xor(x.tensor, Scalar(int64_t(-1)), x.loc);
}
#define KILN_OPERATOR_DEF(sym, fn, ...)                                     \
  Tensor operator sym(const detail::Operand& a, const detail::Operand& b) { \
    return fn(a.tensor, b.tensor, __VA_ARGS__ a.loc);                       \
  }                                                                         \
  Tensor operator sym(const detail::Operand& a, const Scalar& b) {          \
    return fn(a.tensor, b, __VA_ARGS__ a.loc);                              \
  }                                                                         \
  Tensor operator sym(const Scalar& a, const detail::Operand& b) {          \
    return fn(a, b.tensor, __VA_ARGS__ b.loc);                              \
  }
KILN_OPERATOR_DEF(+, add)
KILN_OPERATOR_DEF(-, sub)
KILN_OPERATOR_DEF(*, mul)
KILN_OPERATOR_DEF(/, div, "none", )
KILN_OPERATOR_DEF(%, remainder)
KILN_OPERATOR_DEF(==, eq)
KILN_OPERATOR_DEF(!=, ne)
KILN_OPERATOR_DEF(<, lt)
KILN_OPERATOR_DEF(<=, le)
KILN_OPERATOR_DEF(>, gt)
KILN_OPERATOR_DEF(>=, ge)
KILN_OPERATOR_DEF(&, bitwise_and)
KILN_OPERATOR_DEF(|, bitwise_or)
KILN_OPERATOR_DEF(^, bitwise_xor)
#undef KILN_OPERATOR_DEF

// ---------------------------------------------------------------- in place
namespace {
bool can_cast(DType from, DType to) {
  if (is_floating(from) && !is_floating(to)) return false;
  if (from != DType::Bool && to == DType::Bool) return false;
  return true;
}

// The left operand of self op= other: when autograd records the op, a copy of self (the op's
// node may save it, and self is about to be overwritten).
Tensor operand(const Tensor& self, const Tensor& other) {
  bool record = grad_mode() && (self.requires_grad() || other.requires_grad());
  return record ? self.clone() : self;
}
Tensor operand(const Tensor& self, const Scalar&) { return operand(self, Tensor()); }

Tensor& assign_result(Tensor& self, const Tensor& r, const char* op, Loc loc) {
  InternalScope internal;
  if (r.shape() != self.shape())
    throw Error(fmt::format("{}: the result's shape {} does not match the tensor's shape {} "
                            "(an in-place op cannot broadcast the tensor it writes)",
                            op, shape_str(r.shape()), shape_str(self.shape())),
                loc);
  if (!can_cast(r.dtype(), self.dtype()))
    throw Error(fmt::format("{}: result type {} cannot be written into a {} tensor", op,
                            name(r.dtype()), name(self.dtype())),
                loc);
  self.copy_(r, loc);
  return self;
}
}  // namespace

#define KILN_INPLACE_DEF(name, fn)                                                \
  Tensor& name(Tensor& self, const Tensor& other, Loc loc) {                      \
    return assign_result(self, fn(operand(self, other), other, loc), #name, loc); \
  }                                                                               \
  Tensor& name(Tensor& self, const Scalar& other, Loc loc) {                      \
    return assign_result(self, fn(operand(self, other), other, loc), #name, loc); \
  }
KILN_INPLACE_DEF(add_, add)
KILN_INPLACE_DEF(sub_, sub)
KILN_INPLACE_DEF(mul_, mul)
#undef KILN_INPLACE_DEF
Tensor& div_(Tensor& self, const Tensor& other, Loc loc) {
  return assign_result(self, div(operand(self, other), other, "none", loc), "div_", loc);
}
Tensor& div_(Tensor& self, const Scalar& other, Loc loc) {
  return assign_result(self, div(operand(self, other), other, "none", loc), "div_", loc);
}
Tensor& fill_(Tensor& self, const Scalar& value, Loc loc) {
  self.copy_(wrapped_scalar(value), loc);
  return self;
}
Tensor& zero_(Tensor& self, Loc loc) { return fill_(self, 0, loc); }

// ---------------------------------------------------------------- reductions
#define KILN_REDUCE_DEF(name)                                              \
  Tensor name(const Tensor& x, const Shape& dims, bool keepdim, Loc loc) { \
    KILN_DEF(d, #name);                                                    \
    return call1(d, {x}, {{dims, keepdim}}, loc);                          \
  }
KILN_REDUCE_DEF(sum)
KILN_REDUCE_DEF(mean)
KILN_REDUCE_DEF(prod)
KILN_REDUCE_DEF(amax)
KILN_REDUCE_DEF(amin)
KILN_REDUCE_DEF(logsumexp)
KILN_REDUCE_DEF(any)
KILN_REDUCE_DEF(all)
#undef KILN_REDUCE_DEF

Tensor var(const Tensor& x, const Shape& dims, int64_t correction, bool keepdim, Loc loc) {
  KILN_DEF(d, "var");
  return call1(d, {x}, {{dims, keepdim, correction}}, loc);
}
Tensor std(const Tensor& x, const Shape& dims, int64_t correction, bool keepdim, Loc loc) {
  KILN_DEF(d, "std");
  return call1(d, {x}, {{dims, keepdim, correction}}, loc);
}
Tensor argmax(const Tensor& x, std::optional<int64_t> dim, bool keepdim, Loc loc) {
  KILN_DEF(d, "argmax");
  return call1(d, {x}, {{dim ? AttrValue(*dim) : AttrValue{}, keepdim}}, loc);
}
Tensor argmin(const Tensor& x, std::optional<int64_t> dim, bool keepdim, Loc loc) {
  KILN_DEF(d, "argmin");
  return call1(d, {x}, {{dim ? AttrValue(*dim) : AttrValue{}, keepdim}}, loc);
}
std::tuple<Tensor, Tensor> max(const Tensor& x, int64_t dim, bool keepdim, Loc loc) {
  return {amax(x, {dim}, keepdim, loc), argmax(x, dim, keepdim, loc)};
}
std::tuple<Tensor, Tensor> min(const Tensor& x, int64_t dim, bool keepdim, Loc loc) {
  return {amin(x, {dim}, keepdim, loc), argmin(x, dim, keepdim, loc)};
}
Tensor max(const Tensor& x, Loc loc) { return amax(x, {}, false, loc); }
Tensor min(const Tensor& x, Loc loc) { return amin(x, {}, false, loc); }
Tensor cumsum(const Tensor& x, int64_t dim, Loc loc) {
  KILN_DEF(d, "cumsum");
  return call1(d, {x}, {{dim}}, loc);
}

// ---------------------------------------------------------------- normalisation
Tensor softmax(const Tensor& x, int64_t dim, Loc loc) {
  KILN_DEF(d, "softmax");
  return call1(d, {x}, {{dim}}, loc);
}
Tensor log_softmax(const Tensor& x, int64_t dim, Loc loc) {
  KILN_DEF(d, "log_softmax");
  return call1(d, {x}, {{dim}}, loc);
}
Tensor layer_norm(const Tensor& x, const Shape& ns, const Tensor& w, const Tensor& b, double eps,
                  Loc loc) {
  KILN_DEF(d, "layer_norm");
  return call1(d, {x, w, b}, {{ns, eps}}, loc);
}
Tensor rms_norm(const Tensor& x, const Shape& ns, const Tensor& w, std::optional<double> eps,
                Loc loc) {
  KILN_DEF(d, "rms_norm");
  return call1(d, {x, w}, {{ns, eps ? AttrValue(*eps) : AttrValue{}}}, loc);
}
Tensor batch_norm(const Tensor& x, const Tensor& mean, const Tensor& var, const Tensor& w,
                  const Tensor& b, double eps, Loc loc) {
  KILN_DEF(d, "batch_norm");
  return call1(d, {x, mean, var, w, b}, {{eps}}, loc);
}

// ---------------------------------------------------------------- linear algebra
Tensor matmul(const Tensor& a, const Tensor& b, Loc loc) {
  KILN_DEF(d, "matmul");
  return call1(d, {a, b}, {}, loc);
}
Tensor mm(const Tensor& a, const Tensor& b, Loc loc) {
  KILN_DEF(d, "mm");
  return call1(d, {a, b}, {}, loc);
}
Tensor bmm(const Tensor& a, const Tensor& b, Loc loc) {
  KILN_DEF(d, "bmm");
  return call1(d, {a, b}, {}, loc);
}
Tensor linear(const Tensor& x, const Tensor& w, const Tensor& b, Loc loc) {
  KILN_DEF(d, "linear");
  return call1(d, {x, w, b}, {}, loc);
}
Tensor conv2d(const Tensor& x, const Tensor& w, const Tensor& b, const Shape& stride,
              const Shape& padding, const Shape& dilation, int64_t groups, Loc loc) {
  KILN_DEF(d, "conv2d");
  return call1(d, {x, w, b}, {{stride, padding, dilation, groups}}, loc);
}
Tensor max_pool2d(const Tensor& x, const Shape& k, const Shape& stride, const Shape& padding,
                  Loc loc) {
  KILN_DEF(d, "max_pool2d");
  return call1(d, {x}, {{k, stride, padding}}, loc);
}
Tensor avg_pool2d(const Tensor& x, const Shape& k, const Shape& stride, const Shape& padding,
                  bool count_include_pad, Loc loc) {
  KILN_DEF(d, "avg_pool2d");
  return call1(d, {x}, {{k, stride, padding, count_include_pad}}, loc);
}
Tensor adaptive_avg_pool2d(const Tensor& x, const Shape& output_size, Loc loc) {
  KILN_DEF(d, "adaptive_avg_pool2d");
  return call1(d, {x}, {{output_size}}, loc);
}

// ---------------------------------------------------------------- indexing and joining
Tensor embedding(const Tensor& weight, const Tensor& indices, Loc loc) {
  KILN_DEF(d, "embedding");
  return call1(d, {weight, indices}, {}, loc);
}
Tensor index_select(const Tensor& x, int64_t dim, const Tensor& index, Loc loc) {
  KILN_DEF(d, "index_select");
  return call1(d, {x, index}, {{dim}}, loc);
}
Tensor gather(const Tensor& x, int64_t dim, const Tensor& index, Loc loc) {
  KILN_DEF(d, "gather");
  return call1(d, {x, index}, {{dim}}, loc);
}
Tensor scatter_add(const Tensor& x, int64_t dim, const Tensor& index, const Tensor& src, Loc loc) {
  KILN_DEF(d, "scatter_add");
  return call1(d, {x, index, src}, {{dim}}, loc);
}
Tensor masked_fill(const Tensor& x, const Tensor& mask, const Scalar& value, Loc loc) {
  KILN_DEF(d, "masked_fill");
  return call1(d, {x, mask}, {{value}}, loc);
}
Tensor cat(const std::vector<Tensor>& ts, int64_t dim, Loc loc) {
  KILN_DEF(d, "cat");
  return run1(d, ts, {{dim}}, loc);
}
Tensor stack(const std::vector<Tensor>& ts, int64_t dim, Loc loc) {
  if (ts.empty()) throw Error("stack: needs at least one tensor", loc);
  std::vector<Tensor> parts;
  for (const Tensor& t : ts) {
    if (t.shape() != ts[0].shape())
      throw Error(fmt::format("stack: shapes {} and {} differ", shape_str(ts[0].shape()),
                              shape_str(t.shape())),
                  loc);
    parts.push_back(t.unsqueeze(dim, loc));
  }
  return cat(parts, dim, loc);
}
std::vector<Tensor> split(const Tensor& x, int64_t size, int64_t dim, Loc loc) {
  if (size <= 0) throw Error(fmt::format("split: split_size must be positive, got {}", size), loc);
  int64_t dd = wrap_dim(dim, x.dim(), "split", loc);
  int64_t n = x.dim() ? x.shape()[dd] : 1;
  std::vector<Tensor> out;
  for (int64_t s = 0; s < n || (n == 0 && out.empty()); s += size)
    out.push_back(x.narrow(dd, s, std::min(size, n - s), loc));
  return out;
}
std::vector<Tensor> chunk(const Tensor& x, int64_t chunks, int64_t dim, Loc loc) {
  if (chunks <= 0) throw Error(fmt::format("chunk: chunks must be positive, got {}", chunks), loc);
  int64_t dd = wrap_dim(dim, x.dim(), "chunk", loc);
  int64_t n = x.dim() ? x.shape()[dd] : 1;
  return split(x, std::max<int64_t>(1, (n + chunks - 1) / chunks), dd, loc);
}
Tensor tril(const Tensor& x, int64_t diagonal, Loc loc) {
  KILN_DEF(d, "tril");
  return call1(d, {x}, {{diagonal}}, loc);
}
Tensor triu(const Tensor& x, int64_t diagonal, Loc loc) {
  KILN_DEF(d, "triu");
  return call1(d, {x}, {{diagonal}}, loc);
}
Tensor one_hot(const Tensor& x, int64_t num_classes, Loc loc) {
  KILN_DEF(d, "one_hot");
  return call1(d, {x}, {{num_classes}}, loc);
}
std::tuple<Tensor, Tensor> topk(const Tensor& x, int64_t k, int64_t dim, bool largest, bool sorted,
                                Loc loc) {
  KILN_DEF(d, "topk");
  Tensor in[] = {x};
  auto out = run(d, in, {{k, dim, largest, sorted}}, loc);
  return {out[0], out[1]};
}
std::tuple<Tensor, Tensor> sort(const Tensor& x, int64_t dim, bool descending, Loc loc) {
  KILN_DEF(d, "sort");
  Tensor in[] = {x};
  auto out = run(d, in, {{dim, descending}}, loc);
  return {out[0], out[1]};
}

}  // namespace kiln
