// frontend/onnx/node.h — what an ONNX op's converter sees (internal to frontend/onnx): the
// node, its input tensors, its attributes, and the model's opset. The converters
// (frontend/onnx/ops.cpp) are one table, ONNX op type -> a function of kiln ops; the model
// (frontend/onnx/model.cpp) walks the graph and calls them.
#pragma once

#include <onnx/onnx_pb.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "frontend/trace.h"
#include "kiln/tensor.h"

namespace kiln::onnx {

struct Node {
  const ::onnx::NodeProto& proto;
  std::vector<Tensor> in;  // undefined where an optional input is absent
  int64_t opset;
  Loc loc;
  const std::string& base_dir;  // the model's folder (external data of tensor attributes)
  // Set while tracing a node that builds data from sizes (ConstantOfShape, Range): its
  // constants go into the graph (frontend::Tracer::lift), so the result is recorded as ops on
  // them instead of folding to a tensor of one size.
  frontend::Tracer* lift = nullptr;

  size_t num_outputs() const { return size_t(proto.output_size()); }
  // An error naming the node: "onnx: node 'Conv_3' (Conv, opset 13): <what>".
  [[noreturn]] void fail(const std::string& what) const;
  std::string where() const;

  // Input k, which must be present.
  const Tensor& input(size_t k) const;
  bool has_input(size_t k) const { return k < in.size() && in[k].defined(); }
  // Input k, whose values the converter reads: known while tracing (a constant, or computed
  // from sizes), else read from the data (a graph break under kiln::compile).
  const Tensor& known_input(size_t k) const;
  // Its values as integers, or its one number.
  std::vector<int64_t> ints_input(size_t k) const;
  double number_input(size_t k) const;

  const ::onnx::AttributeProto* attr(std::string_view name) const;
  bool has(std::string_view name) const { return attr(name) != nullptr; }
  int64_t i(std::string_view name, int64_t fallback) const;
  double f(std::string_view name, double fallback) const;
  std::string s(std::string_view name, const std::string& fallback) const;
  std::vector<int64_t> ints(std::string_view name, std::vector<int64_t> fallback = {}) const;
  Tensor tensor(std::string_view name) const;
  // t, or with `lift` set a lazy handle on it in the trace.
  Tensor constant(const Tensor& t) const { return lift ? lift->lift(t) : t; }
};

using Converter = std::vector<Tensor> (*)(const Node& node);
struct ConverterDef {
  Converter fn;
  // The op only reads its inputs' sizes, never their values (Shape, Size): it runs outside
  // the trace, so what it computes folds to a constant.
  bool reads_only_shapes = false;
  // Operands it reads only as sizes, axes or shapes (Reshape's shape, Slice's bounds): a value
  // that flows only into such operands is never data of the graph (see data_values in
  // model.cpp).
  std::vector<int> size_operands = {};
  // It builds data from its operands' values (ConstantOfShape, Range): when those come from
  // traced sizes and the result is data, it is recorded on lifted numbers (Node::lift) rather
  // than folded to a tensor of one size.
  bool builds_from_sizes = false;
};
using ConverterTable = std::map<std::string, ConverterDef, std::less<>>;

// The converters, by subject (frontend/onnx/pointwise.cpp, nn.cpp, shapes.cpp).
void add_pointwise_converters(ConverterTable& t);
void add_nn_converters(ConverterTable& t);
void add_shape_converters(ConverterTable& t);

// Helpers the converters share (frontend/onnx/ops.cpp): an axis in [-rank, rank) made
// non-negative, a list of them sorted (repeats are errors), and 0..rank-1.
int64_t axis_of(const Node& n, int64_t axis, int64_t rank);
Shape axes_of(const Node& n, const std::vector<int64_t>& axes, int64_t rank);
Shape all_dims(int64_t rank);
// A shape taken from the model's data: non-negative sizes whose product stays under 2^40
// elements (no overflow into a small allocation, no absurd one); -1 entries are skipped.
Shape checked_shape(const Node& n, Shape shape, const char* what);
// A count taken from the model's data as a double: finite and in [0, 2^40).
int64_t checked_count(const Node& n, double v, const char* what);
// Pads [begin..., end...] of the trailing dims of x with `value`; negative pads crop
// (frontend/onnx/nn.cpp).
Tensor pad_constant(const Node& n, Tensor x, const Shape& begin, const Shape& end,
                    const Scalar& value);

// The converter of an op type (domain ai.onnx), or null.
const ConverterDef* converter(std::string_view op_type);
std::vector<std::string> converter_names();

// A kiln tensor from a TensorProto (raw or typed data, or external data relative to
// base_dir); `what` names it in errors.
Tensor from_proto(const ::onnx::TensorProto& t, const std::string& base_dir,
                  const std::string& what, Loc loc);
// kiln's dtype for an ONNX TensorProto data type; throws for those kiln lacks.
DType dtype_from_onnx(int32_t type, const std::string& what, Loc loc);

}  // namespace kiln::onnx
