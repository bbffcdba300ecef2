// frontend/onnx/nn.cpp — ONNX's network ops as kiln ops: Gemm, convolutions and pools (with
// auto_pad, asymmetric pads, ceil_mode, dilations and MaxPool's indices), normalisations,
// softmax and the losses (part of the importer's converter table, frontend/onnx/ops.cpp).
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
    s[size_t(d)] += lo + hi;
    checked_shape(n, s, "the padded shape");
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

namespace {

using Out = std::vector<Tensor>;

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
  if (kernel.size() != r) n.fail(fmt::format("kernel_shape must have {} entries", r));
  for (size_t i = 0; i < r; ++i)
    if (kernel[i] < 1 || w.stride[i] < 1 || w.dilation[i] < 1 || pads[i] < 0 || pads[r + i] < 0)
      n.fail("kernel sizes, strides and dilations must be positive and pads non-negative");
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

// ---------------------------------------------------------------- losses
// NegativeLogLikelihoodLoss: input [N, C, d...] of log-probabilities, target [N, d...] class
// indices; per element -input[n, target, d...] * weight[target], 0 where target ==
// ignore_index; "mean" divides by the weights of the counted elements.
Tensor nll(const Node& n, const Tensor& logp, const Tensor& target, const Tensor& weight) {
  if (logp.dim() < 2 || target.dim() != logp.dim() - 1)
    n.fail(fmt::format("input {} and target {} must be [N, C, d...] and [N, d...]", describe(logp),
                       describe(target)));
  Tensor t = target.to(DType::Int64, n.loc);
  Tensor counted = ones(t.shape(), DType::Bool, n.loc);
  if (n.has("ignore_index")) counted = ne(t, n.i("ignore_index", -100), n.loc);
  Tensor safe = where(counted, t, 0, n.loc);
  Tensor picked = gather(logp, 1, safe.unsqueeze(1, n.loc), n.loc).squeeze(1, n.loc);
  Tensor w = counted.to(logp.dtype(), n.loc);
  if (weight.defined())
    w = mul(w, embedding(weight.unsqueeze(1, n.loc), safe, n.loc).squeeze(-1, n.loc), n.loc);
  Tensor loss = neg(mul(picked, w, n.loc), n.loc);
  std::string reduction = n.s("reduction", "mean");
  if (reduction == "none") return loss;
  if (reduction == "sum") return sum(loss, {}, false, n.loc);
  if (reduction != "mean")
    n.fail(fmt::format("reduction '{}' is not one of none, sum, mean", reduction));
  return div(sum(loss, {}, false, n.loc), sum(w, {}, false, n.loc), "none", n.loc);
}

Out NegativeLogLikelihoodLoss(const Node& n) {
  return {nll(n, n.input(0), n.input(1), n.has_input(2) ? n.input(2) : Tensor())};
}

Out SoftmaxCrossEntropyLoss(const Node& n) {
  Tensor logp = log_softmax(n.input(0), 1, n.loc);
  Out out{nll(n, logp, n.input(1), n.has_input(2) ? n.input(2) : Tensor())};
  if (n.num_outputs() > 1) out.push_back(logp);
  return out;
}

}  // namespace

void add_nn_converters(ConverterTable& t) {
  t.emplace("Gemm", Gemm);
  t.emplace("Conv", Conv);
  t.emplace("MaxPool", MaxPool);
  t.emplace("AveragePool", AveragePool);
  t.emplace("GlobalAveragePool", GlobalAveragePool);
  t.emplace("GlobalMaxPool", GlobalMaxPool);
  t.emplace("BatchNormalization", BatchNormalization);
  t.emplace("InstanceNormalization", InstanceNormalization);
  t.emplace("LayerNormalization", LayerNormalization);
  t.emplace("Softmax", Softmax);
  t.emplace("LogSoftmax", LogSoftmax);
  t.emplace("NegativeLogLikelihoodLoss", NegativeLogLikelihoodLoss);
  t.emplace("SoftmaxCrossEntropyLoss", SoftmaxCrossEntropyLoss);
}

}  // namespace kiln::onnx
