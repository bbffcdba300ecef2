// frontend/onnx/ops.cpp — the importer's one table: each ONNX op type (domain ai.onnx) and the
// function of kiln ops that computes it, with ONNX's semantics (its defaults, its opset
// differences, its rules for negative axes and out-of-range slices). The converters live by
// subject in pointwise.cpp, nn.cpp and shapes.cpp; they run eagerly or under the tracer alike,
// and values they need while tracing (shapes, axes, pads) come from inputs known then
// (Node::ints_input), which frontend/onnx/model.cpp folds.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "frontend/onnx/node.h"

namespace kiln::onnx {

int64_t axis_of(const Node& n, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    n.fail(rank ? fmt::format("axis {} is out of range for rank {}", axis, rank)
                : fmt::format("axis {} given for a 0-d input (it has no axes)", axis));
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

Shape checked_shape(const Node& n, Shape shape, const char* what) {
  int64_t total = 1;
  for (int64_t d : shape) {
    if (d == -1) continue;
    if (d < 0 || (d > 0 && total > (int64_t(1) << 40) / d))
      n.fail(fmt::format("{} {} is negative or too large", what, shape_str(shape)));
    total *= d;
  }
  return shape;
}

int64_t checked_count(const Node& n, double v, const char* what) {
  if (!std::isfinite(v) || v < 0 || v >= double(int64_t(1) << 40))
    n.fail(fmt::format("{} {} is not a usable size", what, v));
  return int64_t(v);
}

namespace {

const ConverterTable& table() {
  static const ConverterTable t = [] {
    ConverterTable t;
    add_pointwise_converters(t);
    add_nn_converters(t);
    add_shape_converters(t);
    return t;
  }();
  return t;
}

}  // namespace

const ConverterDef* converter(std::string_view op_type) {
  auto it = table().find(op_type);
  return it == table().end() ? nullptr : &it->second;
}

std::vector<std::string> converter_names() {
  std::vector<std::string> names;
  for (const auto& [name, fn] : table()) names.push_back(name);
  return names;
}

}  // namespace kiln::onnx
