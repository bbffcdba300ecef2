// ir/infer.cpp — shape and dtype rules for the op table (see infer.h). PyTorch's rules,
// with the messages a user needs to fix the call.
#include "ir/infer.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "runtime/kernels/kernels.h"
#include "runtime/tensor_impl.h"

namespace kiln::ir::rules {

using kernels::result_type;

namespace {
using Metas = std::vector<TensorMeta>;

const Tensor& in0(const OpCall& c) { return c.in[0]; }

void require_float(const OpCall& c, const Tensor& t, const char* what = "input") {
  if (!is_floating(t.dtype()))
    c.fail(fmt::format("{} must have a floating dtype, got {}", what, name(t.dtype())));
}

DType float_of(DType d) { return is_floating(d) ? d : DType::Float32; }

Shape broadcast2(const OpCall& c) {
  Shape a[] = {c.in[0].shape(), c.in[1].shape()};
  return broadcast_shapes(c, a);
}

// Normalised, deduplicated, sorted reduction dims; empty means "all".
std::vector<int64_t> reduce_dims(const OpCall& c, const Shape& dims, int64_t rank) {
  std::vector<int64_t> out;
  if (dims.empty()) {
    for (int64_t d = 0; d < rank; ++d) out.push_back(d);
    return out;
  }
  for (int64_t d : dims) {
    int64_t w = c.wrap_dim(d, rank);
    if (std::find(out.begin(), out.end(), w) != out.end())
      c.fail(fmt::format("dim {} appears twice in dims {}", d, shape_str(dims)));
    out.push_back(w);
  }
  std::sort(out.begin(), out.end());
  return out;
}

Shape reduced_shape(const OpCall& c, const Tensor& x, const Shape& dims, bool keepdim) {
  auto rd = reduce_dims(c, dims, x.dim());
  Shape s;
  for (int64_t d = 0; d < x.dim(); ++d) {
    bool r = std::find(rd.begin(), rd.end(), d) != rd.end();
    if (!r)
      s.push_back(x.shape()[d]);
    else if (keepdim)
      s.push_back(1);
  }
  return s;
}

Metas one(DType d, Shape s) { return {TensorMeta{d, std::move(s)}}; }

void require_same_dtype(const OpCall& c, const Tensor& a, const Tensor& b) {
  if (a.dtype() != b.dtype())
    c.fail(fmt::format("expected both inputs to have the same dtype, got {} and {}",
                       name(a.dtype()), name(b.dtype())));
}

void require_index(const OpCall& c, const Tensor& t, const char* what) {
  if (t.dtype() != DType::Int64 && t.dtype() != DType::Int32)
    c.fail(fmt::format("{} must be int64 or int32, got {}", what, name(t.dtype())));
}

void require_rank(const OpCall& c, const Tensor& t, int64_t lo, int64_t hi, const char* what) {
  if (t.dim() < lo || t.dim() > hi)
    c.fail(lo == hi
               ? fmt::format("{} must have rank {}, got shape {}", what, lo, shape_str(t.shape()))
               : fmt::format("{} must have rank {}..{}, got shape {}", what, lo, hi,
                             shape_str(t.shape())));
}

Shape pair(const OpCall& c, const Shape& v, const char* what) {
  if (v.size() == 1) return {v[0], v[0]};
  if (v.size() != 2) c.fail(fmt::format("{} needs 1 or 2 values, got {}", what, shape_str(v)));
  return v;
}
}  // namespace

Shape broadcast_shapes(const OpCall& c, std::span<const Shape> shapes) {
  size_t nd = 0;
  for (const auto& s : shapes) nd = std::max(nd, s.size());
  Shape out(nd, 1);
  for (const auto& s : shapes)
    for (size_t i = 0; i < s.size(); ++i) {
      int64_t& o = out[nd - s.size() + i];
      int64_t v = s[i];
      if (v == o || v == 1) continue;
      if (o == 1) {
        o = v;
        continue;
      }
      std::vector<std::string> all;
      for (const auto& t : shapes) all.push_back(shape_str(t));
      c.fail(fmt::format("shapes {} do not broadcast", fmt::join(all, " and ")));
    }
  return out;
}

Metas cast(const OpCall& c) { return one(c.attrs.dtype(0), in0(c).shape()); }

Metas unary_float(const OpCall& c) { return one(float_of(in0(c).dtype()), in0(c).shape()); }

Metas unary_float_only(const OpCall& c) {
  require_float(c, in0(c));
  return one(in0(c).dtype(), in0(c).shape());
}

Metas gelu(const OpCall& c) {
  const std::string& a = c.attrs.s(0);
  if (a != "none" && a != "tanh")
    c.fail(fmt::format("approximate must be \"none\" or \"tanh\", got \"{}\"", a));
  return unary_float_only(c);
}

Metas unary_numeric(const OpCall& c) {
  if (in0(c).dtype() == DType::Bool) c.fail("does not take bool tensors");
  return one(in0(c).dtype(), in0(c).shape());
}

Metas unary_to_bool(const OpCall& c) { return one(DType::Bool, in0(c).shape()); }

Metas clamp(const OpCall& c) {
  if (!c.attrs.has(0) && !c.attrs.has(1)) c.fail("needs at least one of min and max");
  std::vector<Tensor> parts{in0(c)};
  for (size_t k = 0; k < 2; ++k)
    if (c.attrs.has(k)) parts.push_back(wrapped_scalar(c.attrs.scalar(k)));
  DType d = result_type(parts);
  if (d == DType::Bool) c.fail("does not take bool tensors");
  return one(d, in0(c).shape());
}

Metas binary_arith(const OpCall& c) {
  DType d = result_type(c.in);
  if (d == DType::Bool && (c.op == "pow" || c.op == "remainder"))
    c.fail("does not take bool tensors");
  return one(d, broadcast2(c));
}

Metas binary_sub(const OpCall& c) {
  DType d = result_type(c.in);
  if (d == DType::Bool)
    c.fail("subtracting bool tensors is not supported; use logical_xor or bitwise_xor");
  return one(d, broadcast2(c));
}

Metas binary_div(const OpCall& c) {
  DType d = result_type(c.in);
  const std::string& mode = c.attrs.s(0);
  if (mode == "none") return one(float_of(d), broadcast2(c));
  if (mode != "floor" && mode != "trunc")
    c.fail(fmt::format("rounding_mode must be \"none\", \"trunc\" or \"floor\", got \"{}\"", mode));
  if (d == DType::Bool) c.fail("rounding division does not take bool tensors");
  return one(d, broadcast2(c));
}

Metas binary_compare(const OpCall& c) {
  (void)result_type(c.in);
  return one(DType::Bool, broadcast2(c));
}

Metas binary_logical(const OpCall& c) { return one(DType::Bool, broadcast2(c)); }

Metas binary_bitwise(const OpCall& c) {
  DType d = result_type(c.in);
  if (!is_integral(d, true)) c.fail(fmt::format("takes integer or bool tensors, got {}", name(d)));
  return one(d, broadcast2(c));
}

Metas where(const OpCall& c) {
  if (c.in[0].dtype() != DType::Bool)
    c.fail(fmt::format("condition must be bool, got {}", name(c.in[0].dtype())));
  Shape s[] = {c.in[0].shape(), c.in[1].shape(), c.in[2].shape()};
  return one(result_type(c.in.subspan(1)), broadcast_shapes(c, s));
}

Metas reduce_sum(const OpCall& c) {
  DType d = is_floating(in0(c).dtype()) ? in0(c).dtype() : DType::Int64;
  return one(d, reduced_shape(c, in0(c), c.attrs.ints(0), c.attrs.b(1)));
}

Metas reduce_float(const OpCall& c) {
  require_float(c, in0(c));
  return one(in0(c).dtype(), reduced_shape(c, in0(c), c.attrs.ints(0), c.attrs.b(1)));
}

Metas reduce_same(const OpCall& c) {
  const Tensor& x = in0(c);
  for (int64_t d : reduce_dims(c, c.attrs.ints(0), x.dim()))
    if (x.dim() > 0 && x.shape()[d] == 0)
      c.fail(
          fmt::format("cannot reduce over dim {} of size 0 (shape {}): the result has no "
                      "identity",
                      d, shape_str(x.shape())));
  if (x.numel() == 0 && x.dim() == 0) c.fail("cannot reduce an empty tensor");
  return one(x.dtype(), reduced_shape(c, x, c.attrs.ints(0), c.attrs.b(1)));
}

Metas reduce_logsumexp(const OpCall& c) {
  return one(float_of(in0(c).dtype()), reduced_shape(c, in0(c), c.attrs.ints(0), c.attrs.b(1)));
}

Metas reduce_bool(const OpCall& c) {
  return one(DType::Bool, reduced_shape(c, in0(c), c.attrs.ints(0), c.attrs.b(1)));
}

Metas reduce_arg(const OpCall& c) {
  const Tensor& x = in0(c);
  if (x.dtype() == DType::Bool) c.fail("does not take bool tensors");
  bool keepdim = c.attrs.b(1);
  if (!c.attrs.has(0)) {
    if (x.numel() == 0) c.fail("cannot take the arg of an empty tensor");
    return one(DType::Int64, keepdim ? Shape(size_t(x.dim()), 1) : Shape{});
  }
  int64_t d = c.wrap_dim(c.attrs.i(0), x.dim());
  if (x.dim() > 0 && x.shape()[d] == 0)
    c.fail(fmt::format("cannot reduce over dim {} of size 0 (shape {})", d, shape_str(x.shape())));
  return one(DType::Int64, reduced_shape(c, x, {d}, keepdim));
}

Metas cumsum(const OpCall& c) {
  c.wrap_dim(c.attrs.i(0), in0(c).dim());
  DType d = is_floating(in0(c).dtype()) ? in0(c).dtype() : DType::Int64;
  return one(d, in0(c).shape());
}

Metas softmax(const OpCall& c) {
  require_float(c, in0(c));
  c.wrap_dim(c.attrs.i(0), in0(c).dim());
  return one(in0(c).dtype(), in0(c).shape());
}

namespace {
void check_normalized(const OpCall& c, const Shape& ns) {
  const Tensor& x = in0(c);
  require_float(c, x);
  bool ok = int64_t(ns.size()) <= x.dim() && !ns.empty();
  for (size_t i = 0; ok && i < ns.size(); ++i) ok = x.shape()[x.dim() - ns.size() + i] == ns[i];
  if (!ok)
    c.fail(fmt::format("normalized_shape {} must match the trailing dims of the input {}",
                       shape_str(ns), shape_str(x.shape())));
  for (size_t k = 1; k < c.in.size(); ++k)
    if (c.in[k].defined()) {
      if (c.in[k].shape() != ns)
        c.fail(fmt::format("{} must have shape {}, got {}", k == 1 ? "weight" : "bias",
                           shape_str(ns), shape_str(c.in[k].shape())));
      if (c.in[k].dtype() != x.dtype())
        c.fail(fmt::format("{} dtype {} differs from the input's {}", k == 1 ? "weight" : "bias",
                           name(c.in[k].dtype()), name(x.dtype())));
    }
}
}  // namespace

Metas layer_norm(const OpCall& c) {
  check_normalized(c, c.attrs.ints(0));
  return one(in0(c).dtype(), in0(c).shape());
}

Metas rms_norm(const OpCall& c) {
  check_normalized(c, c.attrs.ints(0));
  return one(in0(c).dtype(), in0(c).shape());
}

Metas batch_norm(const OpCall& c) {
  const Tensor& x = in0(c);
  require_float(c, x);
  if (x.dim() < 2)
    c.fail(fmt::format("input must have rank >= 2 (N, C, ...), got {}", shape_str(x.shape())));
  int64_t ch = x.shape()[1];
  const char* names[] = {"", "running_mean", "running_var", "weight", "bias"};
  for (size_t k = 1; k < c.in.size(); ++k)
    if (c.in[k].defined() && c.in[k].shape() != Shape{ch})
      c.fail(
          fmt::format("{} must have shape [{}], got {}", names[k], ch, shape_str(c.in[k].shape())));
  return one(x.dtype(), x.shape());
}

namespace {
void require_matmul_dtype(const OpCall& c) {
  require_same_dtype(c, c.in[0], c.in[1]);
  if (c.in[0].dtype() == DType::Bool) c.fail("does not take bool tensors");
}
}  // namespace

Metas matmul(const OpCall& c) {
  require_matmul_dtype(c);
  const Shape& a = c.in[0].shape();
  const Shape& b = c.in[1].shape();
  if (a.empty() || b.empty())
    c.fail(fmt::format("both inputs need at least one dim, got {} and {}", shape_str(a),
                       shape_str(b)));
  int64_t k_a = a.back();
  int64_t k_b = b.size() == 1 ? b[0] : b[b.size() - 2];
  if (k_a != k_b)
    c.fail(fmt::format("shapes {} and {} cannot be multiplied ({} != {})", shape_str(a),
                       shape_str(b), k_a, k_b));
  if (a.size() == 1 && b.size() == 1) return one(c.in[0].dtype(), {});
  Shape ba(a.begin(), a.end() - std::min<size_t>(a.size(), 2));
  Shape bb(b.begin(), b.end() - std::min<size_t>(b.size(), 2));
  Shape both[] = {ba, bb};
  Shape s = broadcast_shapes(c, both);
  if (a.size() >= 2) s.push_back(a[a.size() - 2]);
  if (b.size() >= 2) s.push_back(b.back());
  return one(c.in[0].dtype(), s);
}

Metas mm(const OpCall& c) {
  require_matmul_dtype(c);
  require_rank(c, c.in[0], 2, 2, "the first input");
  require_rank(c, c.in[1], 2, 2, "the second input");
  return matmul(c);
}

Metas bmm(const OpCall& c) {
  require_matmul_dtype(c);
  require_rank(c, c.in[0], 3, 3, "the first input");
  require_rank(c, c.in[1], 3, 3, "the second input");
  if (c.in[0].shape()[0] != c.in[1].shape()[0])
    c.fail(fmt::format("batch sizes differ: {} and {}", shape_str(c.in[0].shape()),
                       shape_str(c.in[1].shape())));
  return matmul(c);
}

Metas linear(const OpCall& c) {
  const Tensor& x = c.in[0];
  const Tensor& w = c.in[1];
  require_same_dtype(c, x, w);
  require_float(c, x);
  require_rank(c, w, 2, 2, "weight");
  if (x.dim() < 1 || x.shape().back() != w.shape()[1])
    c.fail(fmt::format("input {} and weight {} do not match: input's last dim must be {}",
                       shape_str(x.shape()), shape_str(w.shape()), w.shape()[1]));
  if (c.has_input(2)) {
    require_same_dtype(c, x, c.in[2]);
    if (c.in[2].shape() != Shape{w.shape()[0]} && c.in[2].dim() != 0)
      c.fail(fmt::format("bias must have shape [{}], got {}", w.shape()[0],
                         shape_str(c.in[2].shape())));
  }
  Shape s = x.shape();
  s.back() = w.shape()[0];
  return one(x.dtype(), s);
}

Metas conv2d(const OpCall& c) {
  const Tensor& x = c.in[0];
  const Tensor& w = c.in[1];
  require_float(c, x);
  require_same_dtype(c, x, w);
  require_rank(c, x, 3, 4, "input");
  require_rank(c, w, 4, 4, "weight");
  Shape st = pair(c, c.attrs.ints(0), "stride"), pad = pair(c, c.attrs.ints(1), "padding"),
        dil = pair(c, c.attrs.ints(2), "dilation");
  int64_t groups = c.attrs.i(3);
  int64_t off = x.dim() - 3;
  int64_t C = x.shape()[off], H = x.shape()[off + 1], W = x.shape()[off + 2];
  int64_t O = w.shape()[0];
  if (groups < 1 || C % groups || O % groups)
    c.fail(fmt::format("groups={} must divide the input channels {} and output channels {}", groups,
                       C, O));
  if (w.shape()[1] * groups != C)
    c.fail(fmt::format("weight {} expects {} input channels, the input {} has {}",
                       shape_str(w.shape()), w.shape()[1] * groups, shape_str(x.shape()), C));
  for (int i = 0; i < 2; ++i)
    if (st[i] < 1 || dil[i] < 1 || pad[i] < 0)
      c.fail(fmt::format("stride and dilation must be >= 1 and padding >= 0, got {}, {}, {}",
                         shape_str(st), shape_str(dil), shape_str(pad)));
  if (c.has_input(2) && c.in[2].shape() != Shape{O})
    c.fail(fmt::format("bias must have shape [{}], got {}", O, shape_str(c.in[2].shape())));
  int64_t Ho = (H + 2 * pad[0] - dil[0] * (w.shape()[2] - 1) - 1) / st[0] + 1;
  int64_t Wo = (W + 2 * pad[1] - dil[1] * (w.shape()[3] - 1) - 1) / st[1] + 1;
  if (Ho <= 0 || Wo <= 0)
    c.fail(fmt::format("the kernel {} is larger than the padded input {}", shape_str(w.shape()),
                       shape_str(x.shape())));
  Shape s = x.dim() == 4 ? Shape{x.shape()[0], O, Ho, Wo} : Shape{O, Ho, Wo};
  return one(x.dtype(), s);
}

Metas pool2d(const OpCall& c) {
  const Tensor& x = c.in[0];
  require_rank(c, x, 3, 4, "input");
  if (x.dtype() == DType::Bool) c.fail("does not take bool tensors");
  if (c.op == "avg_pool2d") require_float(c, x);
  Shape k = pair(c, c.attrs.ints(0), "kernel_size");
  Shape st = c.attrs.ints(1).empty() ? k : pair(c, c.attrs.ints(1), "stride");
  Shape pad = pair(c, c.attrs.ints(2), "padding");
  for (int i = 0; i < 2; ++i) {
    if (k[i] < 1 || st[i] < 1 || pad[i] < 0)
      c.fail(fmt::format("kernel_size and stride must be >= 1, padding >= 0"));
    if (pad[i] * 2 > k[i])
      c.fail(fmt::format("padding {} must be at most half of kernel_size {}", shape_str(pad),
                         shape_str(k)));
  }
  int64_t H = x.shape()[x.dim() - 2], W = x.shape()[x.dim() - 1];
  int64_t Ho = (H + 2 * pad[0] - k[0]) / st[0] + 1, Wo = (W + 2 * pad[1] - k[1]) / st[1] + 1;
  if (Ho <= 0 || Wo <= 0)
    c.fail(fmt::format("kernel_size {} is larger than the padded input {}", shape_str(k),
                       shape_str(x.shape())));
  Shape s = x.shape();
  s[s.size() - 2] = Ho;
  s[s.size() - 1] = Wo;
  return one(x.dtype(), s);
}

Metas adaptive_avg_pool2d(const OpCall& c) {
  const Tensor& x = c.in[0];
  require_rank(c, x, 3, 4, "input");
  require_float(c, x);
  Shape o = pair(c, c.attrs.ints(0), "output_size");
  if (o[0] < 1 || o[1] < 1)
    c.fail(fmt::format("output_size must be positive, got {}", shape_str(o)));
  Shape s = x.shape();
  s[s.size() - 2] = o[0];
  s[s.size() - 1] = o[1];
  return one(x.dtype(), s);
}

Metas embedding(const OpCall& c) {
  const Tensor& w = c.in[0];
  require_rank(c, w, 2, 2, "weight");
  require_index(c, c.in[1], "indices");
  Shape s = c.in[1].shape();
  s.push_back(w.shape()[1]);
  return one(w.dtype(), s);
}

Metas index_select(const OpCall& c) {
  const Tensor& x = c.in[0];
  require_index(c, c.in[1], "index");
  require_rank(c, c.in[1], 0, 1, "index");
  int64_t d = c.wrap_dim(c.attrs.i(0), x.dim());
  Shape s = x.shape();
  if (!s.empty()) s[d] = c.in[1].numel();
  return one(x.dtype(), s);
}

Metas gather(const OpCall& c) {
  const Tensor& x = c.in[0];
  const Tensor& idx = c.in[1];
  if (idx.dtype() != DType::Int64)
    c.fail(fmt::format("index must be int64, got {}", name(idx.dtype())));
  int64_t d = c.wrap_dim(c.attrs.i(0), x.dim());
  if (idx.dim() != x.dim())
    c.fail(fmt::format("index {} must have the rank of the input {}", shape_str(idx.shape()),
                       shape_str(x.shape())));
  for (int64_t i = 0; i < x.dim(); ++i)
    if (i != d && idx.shape()[i] > x.shape()[i])
      c.fail(fmt::format("index {} is larger than the input {} in dim {}", shape_str(idx.shape()),
                         shape_str(x.shape()), i));
  return one(x.dtype(), idx.shape());
}

Metas scatter_add(const OpCall& c) {
  const Tensor& x = c.in[0];
  const Tensor& idx = c.in[1];
  const Tensor& src = c.in[2];
  if (idx.dtype() != DType::Int64)
    c.fail(fmt::format("index must be int64, got {}", name(idx.dtype())));
  if (src.dtype() != x.dtype())
    c.fail(fmt::format("src dtype {} differs from the input's {}", name(src.dtype()),
                       name(x.dtype())));
  int64_t d = c.wrap_dim(c.attrs.i(0), x.dim());
  if (idx.dim() != x.dim() || src.dim() != x.dim())
    c.fail("input, index and src must have the same rank");
  for (int64_t i = 0; i < x.dim(); ++i)
    if (idx.shape()[i] > src.shape()[i] || (i != d && idx.shape()[i] > x.shape()[i]))
      c.fail(fmt::format("index {} is larger than src {} or the input {} in dim {}",
                         shape_str(idx.shape()), shape_str(src.shape()), shape_str(x.shape()), i));
  return one(x.dtype(), x.shape());
}

Metas masked_fill(const OpCall& c) {
  if (c.in[1].dtype() != DType::Bool)
    c.fail(fmt::format("mask must be bool, got {}", name(c.in[1].dtype())));
  Shape s = broadcast2(c);
  if (s != c.in[0].shape())
    c.fail(fmt::format("mask {} must broadcast to the input's shape {}", shape_str(c.in[1].shape()),
                       shape_str(c.in[0].shape())));
  return one(c.in[0].dtype(), c.in[0].shape());
}

Metas as_strided_scatter(const OpCall& c) {
  const Shape &size = c.attrs.ints(0), &stride = c.attrs.ints(1);
  int64_t offset = c.attrs.i(2);
  if (size.size() != stride.size())
    c.fail(fmt::format("size {} and stride {} differ in rank", shape_str(size), shape_str(stride)));
  if (c.in[1].shape() != size)
    c.fail(fmt::format("the source's shape {} is not the view's size {}",
                       shape_str(c.in[1].shape()), shape_str(size)));
  int64_t last = offset;
  for (size_t i = 0; i < size.size(); ++i) {
    if (size[i] < 0 || stride[i] < 0) c.fail("negative size or stride");
    last += size[i] > 0 ? (size[i] - 1) * stride[i] : 0;
  }
  if (offset < 0 || (numel_of(size) > 0 && last >= numel_of(c.in[0].shape())))
    c.fail(
        fmt::format("the view (size {}, stride {}, offset {}) reaches past the input's {} "
                    "elements",
                    shape_str(size), shape_str(stride), offset, numel_of(c.in[0].shape())));
  return one(c.in[0].dtype(), c.in[0].shape());
}

Metas copy_into(const OpCall& c) {
  const Tensor &dst = c.in[0], &src = c.in[1];
  const Shape &d = dst.shape(), &s = src.shape();
  bool fits = s.size() <= d.size();
  for (size_t i = 0; fits && i < s.size(); ++i) {
    int64_t have = s[s.size() - 1 - i], want = d[d.size() - 1 - i];
    fits = have == want || have == 1;
  }
  if (!fits)
    c.fail(fmt::format("the source {} does not broadcast to the destination {}", shape_str(s),
                       shape_str(d)));
  return one(dst.dtype(), d);
}

Metas uniform(const OpCall& c) {
  if (c.in[0].dtype() != DType::Int64 || c.in[0].dim() != 0)
    c.fail("the seed must be a 0-d int64 tensor");
  if (!is_floating(c.attrs.dtype(1)))
    c.fail(fmt::format("dtype must be floating-point, got {}", name(c.attrs.dtype(1))));
  for (int64_t d : c.attrs.ints(0))
    if (d < 0) c.fail(fmt::format("negative dimension in shape {}", shape_str(c.attrs.ints(0))));
  return one(c.attrs.dtype(1), c.attrs.ints(0));
}

Metas grad_of_size(const OpCall& c) {
  const Tensor& g = c.in[0];
  require_float(c, g);
  const Shape& size = c.attrs.ints(0);
  if ((size.size() != 3 && size.size() != 4) || (g.dim() != 3 && g.dim() != 4))
    c.fail(fmt::format("the gradient {} does not fit the size {}", shape_str(g.shape()),
                       shape_str(size)));
  for (size_t i = 1; i < c.in.size(); ++i) require_same_dtype(c, g, c.in[i]);
  for (int64_t d : size)
    if (d < 0) c.fail(fmt::format("negative size in {}", shape_str(size)));
  return one(g.dtype(), size);
}

Metas max_pool2d_backward(const OpCall& c) {
  const Tensor &g = c.in[0], &x = c.in[1];
  require_float(c, g);
  require_same_dtype(c, g, x);
  if (g.dim() != x.dim() || (x.dim() != 3 && x.dim() != 4))
    c.fail(fmt::format("the gradient {} does not fit the input {}", shape_str(g.shape()),
                       shape_str(x.shape())));
  return one(g.dtype(), x.shape());
}

Metas cat(const OpCall& c) {
  if (c.in.empty()) c.fail("needs at least one tensor");
  const Tensor& first = c.in[0];
  if (first.dim() == 0) c.fail("cannot concatenate 0-d tensors; unsqueeze them first");
  int64_t d = c.wrap_dim(c.attrs.i(0), first.dim());
  Shape s = first.shape();
  s[d] = 0;
  for (const Tensor& t : c.in) {
    bool ok = t.dim() == first.dim();
    for (int64_t i = 0; ok && i < t.dim(); ++i) ok = i == d || t.shape()[i] == first.shape()[i];
    if (!ok)
      c.fail(fmt::format("shapes {} and {} differ outside dim {}", shape_str(first.shape()),
                         shape_str(t.shape()), d));
    s[d] += t.shape()[d];
  }
  return one(result_type(c.in), s);
}

Metas triangle(const OpCall& c) {
  require_rank(c, c.in[0], 2, std::numeric_limits<int64_t>::max(), "input");
  return one(c.in[0].dtype(), c.in[0].shape());
}

Metas one_hot(const OpCall& c) {
  const Tensor& x = c.in[0];
  if (x.dtype() != DType::Int64)
    c.fail(fmt::format("input must be int64, got {}", name(x.dtype())));
  int64_t n = c.attrs.i(0);
  if (n == -1) {
    if (!has_storage(x)) c.fail("num_classes=-1 needs the data; give num_classes in a graph");
    // Eager only: the number of classes comes from the data.
    n = 0;
    for (int64_t v : x.tolist<int64_t>()) n = std::max(n, v + 1);
  } else if (n < 1) {
    c.fail(fmt::format("num_classes must be positive or -1, got {}", n));
  }
  Shape s = x.shape();
  s.push_back(n);
  return one(DType::Int64, s);
}

Metas topk(const OpCall& c) {
  const Tensor& x = c.in[0];
  if (x.dtype() == DType::Bool) c.fail("does not take bool tensors");
  int64_t k = c.attrs.i(0);
  int64_t d = c.wrap_dim(c.attrs.i(1), x.dim());
  int64_t n = x.dim() ? x.shape()[d] : 1;
  if (k < 0 || k > n)
    c.fail(fmt::format("k={} out of range for dim {} of size {} (shape {})", k, d, n,
                       shape_str(x.shape())));
  Shape s = x.shape();
  if (!s.empty()) s[d] = k;
  return {TensorMeta{x.dtype(), s}, TensorMeta{DType::Int64, s}};
}

Metas constant(const OpCall& c) {
  DType d = c.attrs.has(1) ? c.attrs.dtype(1) : c.attrs.scalar(0).default_dtype();
  for (int64_t n : c.attrs.ints(2))
    if (n < 0) c.fail(fmt::format("negative dimension in shape {}", shape_str(c.attrs.ints(2))));
  return one(d, c.attrs.ints(2));
}

Metas sort(const OpCall& c) {
  const Tensor& x = c.in[0];
  c.wrap_dim(c.attrs.i(0), x.dim());
  return {TensorMeta{x.dtype(), x.shape()}, TensorMeta{DType::Int64, x.shape()}};
}

}  // namespace kiln::ir::rules
