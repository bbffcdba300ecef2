// frontend/onnx/shapes.cpp — ONNX's shape, view and indexing ops as kiln ops, with ONNX's
// rules (Reshape's 0, clamped Slice bounds, negative indices) and the shape computations that
// fold while tracing (Shape, Size, ConstantOfShape, Range) (part of the importer's converter
// table, frontend/onnx/ops.cpp).
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
  return {x.reshape(checked_shape(n, s, "shape"), n.loc)};
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
  if (axes.empty()) {  // every dim of size 1, named (a dim that is 1 now may not be later)
    for (int64_t d = x.dim() - 1; d >= 0; --d)
      if (x.shape()[size_t(d)] == 1) x = x.squeeze(d, n.loc);
    return {x};
  }
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
  if (parts.empty()) n.fail("needs at least one input");
  return {cat(parts, axis_of(n, n.i("axis", 0), parts[0].dim()), n.loc)};
}

Out Split(const Node& n) {
  const Tensor& x = n.input(0);
  int64_t axis = axis_of(n, n.i("axis", 0), x.dim());
  int64_t size = x.shape()[size_t(axis)];
  std::vector<int64_t> sizes = n.has("split")   ? n.ints("split")
                               : n.has_input(1) ? n.ints_input(1)
                                                : std::vector<int64_t>{};
  size_t parts = n.num_outputs();
  if (parts == 0) n.fail("the node has no outputs");
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
      // "From start to the end" (`x[:, 1:]`, an INT64_MAX end) passes as written: kiln's slice
      // clamps as ONNX does, and the result's size (dim - start) then follows the dim in a
      // shape-generic graph. Other bounds are resolved against this size (`x[:, -3:]` is 3
      // only while dim >= 3).
      if (starts[i] >= 0 && ends[i] >= std::numeric_limits<int32_t>::max())
        x = x.slice(axis, starts[i], std::numeric_limits<int64_t>::max(), step, n.loc);
      else
        x = x.slice(axis, s, std::max(s, e), step, n.loc);
      continue;
    }
    // Negative steps: ONNX clamps the start into [0, dim - 1] (NumPy would give nothing for a
    // start before the beginning) and the end into [-1, dim - 1].
    int64_t s = dim ? clampi(starts[i], 0, dim - 1) : -1, e = clampi(ends[i], -1, dim - 1);
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
  Shape target = checked_shape(n, n.ints_input(1), "shape");
  return {x.expand(checked_shape(n, broadcast_shape(n, x.shape(), target), "shape"), n.loc)};
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
  checked_shape(n, expanded, "the tiled shape");
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
  checked_shape(n, shape, "shape");
  Tensor v = n.has("value") ? n.tensor("value") : zeros({}, DType::Float32, n.loc);
  if (v.numel() != 1) n.fail("attribute 'value' must hold one element");
  if (n.lift) return {n.constant(v.reshape({}, n.loc)).expand(shape, n.loc)};  // recorded
  return {full(shape, v.item_scalar(n.loc), v.dtype(), n.loc)};
}

Out Range(const Node& n) {
  const Tensor& start = n.input(0);
  DType dt = start.dtype();
  double s = n.number_input(0), e = n.number_input(1), d = n.number_input(2);
  if (d == 0) n.fail("delta must be nonzero");
  double steps = std::ceil((e - s) / d);
  int64_t count = checked_count(n, std::isfinite(steps) && steps < 0 ? 0 : steps, "the length");
  if (count == 0) return {empty({0}, dt, n.loc)};
  if (n.lift) {  // recorded: start + (cumsum of ones - 1) * delta, one op per size it follows
    Tensor i = cumsum(n.constant(scalar_tensor(1, dt, n.loc)).expand({count}, n.loc), 0, n.loc) - 1;
    Tensor r = s == 0 && d == 1 ? i : i * d + s;
    return {r.dtype() == dt ? r : r.to(dt, n.loc)};
  }
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
  int64_t k = 0;
  if (n.has_input(1)) {
    std::vector<int64_t> v = n.ints_input(1);
    if (v.size() != 1) n.fail("k must hold one number");
    k = v[0];
  }
  return {n.i("upper", 1) ? triu(x, k, n.loc) : tril(x, k, n.loc)};
}

Out DepthToSpace(const Node& n) {
  const Tensor& x = n.input(0);
  int64_t bs = n.i("blocksize", 0);
  if (x.dim() != 4 || bs < 1 || bs > x.shape()[1] || x.shape()[1] % (bs * bs))
    n.fail(
        fmt::format("needs a [N, C, H, W] input with C divisible by blocksize^2, got {} and "
                    "blocksize {}",
                    describe(x), bs));
  int64_t b = x.shape()[0], c = x.shape()[1], h = x.shape()[2], w = x.shape()[3];
  bool crd = n.s("mode", "DCR") == "CRD";
  Tensor y =
      crd ? x.reshape({b, c / (bs * bs), bs, bs, h, w}, n.loc).permute({0, 1, 4, 2, 5, 3}, n.loc)
          : x.reshape({b, bs, bs, c / (bs * bs), h, w}, n.loc).permute({0, 3, 4, 1, 5, 2}, n.loc);
  return {y.reshape({b, c / (bs * bs), h * bs, w * bs}, n.loc)};
}

Out SpaceToDepth(const Node& n) {
  const Tensor& x = n.input(0);
  int64_t bs = n.i("blocksize", 0);
  if (x.dim() != 4 || bs < 1 || x.shape()[2] % bs || x.shape()[3] % bs || bs > (int64_t(1) << 20))
    n.fail(
        fmt::format("needs a [N, C, H, W] input with H and W divisible by blocksize, got {} "
                    "and blocksize {}",
                    describe(x), bs));
  int64_t b = x.shape()[0], c = x.shape()[1], h = x.shape()[2], w = x.shape()[3];
  return {x.reshape({b, c, h / bs, bs, w / bs, bs}, n.loc)
              .permute({0, 3, 5, 1, 2, 4}, n.loc)
              .reshape({b, c * bs * bs, h / bs, w / bs}, n.loc)};
}

}  // namespace

void add_shape_converters(ConverterTable& t) {
  t.emplace("Reshape", ConverterDef{.fn = Reshape, .size_operands = {1}});
  t.emplace("Flatten", Flatten);
  t.emplace("Transpose", Transpose);
  t.emplace("Squeeze", ConverterDef{.fn = Squeeze, .size_operands = {1}});
  t.emplace("Unsqueeze", ConverterDef{.fn = Unsqueeze, .size_operands = {1}});
  t.emplace("Concat", Concat);
  t.emplace("Split", ConverterDef{.fn = Split, .size_operands = {1}});
  t.emplace("Slice", ConverterDef{.fn = Slice, .size_operands = {1, 2, 3, 4}});
  t.emplace("Gather", Gather);
  t.emplace("GatherElements", GatherElements);
  t.emplace("Expand", ConverterDef{.fn = Expand, .size_operands = {1}});
  t.emplace("Tile", ConverterDef{.fn = Tile, .size_operands = {1}});
  t.emplace("Pad", ConverterDef{.fn = Pad, .size_operands = {1, 2}});
  t.emplace("Shape", ConverterDef{Shape_, /*reads_only_shapes=*/true});
  t.emplace("Size", ConverterDef{Size, /*reads_only_shapes=*/true});
  t.emplace("ConstantOfShape",
            ConverterDef{.fn = ConstantOfShape, .size_operands = {0}, .builds_from_sizes = true});
  t.emplace("Range",
            ConverterDef{.fn = Range, .size_operands = {0, 1, 2}, .builds_from_sizes = true});
  t.emplace("Constant", Constant);
  t.emplace("Dropout", ConverterDef{.fn = Dropout, .size_operands = {1, 2}});
  t.emplace("Trilu", ConverterDef{.fn = Trilu, .size_operands = {1}});
  t.emplace("DepthToSpace", DepthToSpace);
  t.emplace("SpaceToDepth", SpaceToDepth);
}

}  // namespace kiln::onnx
