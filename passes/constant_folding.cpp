// passes/constant_folding.cpp — a node whose inputs are all constants is evaluated with the
// eager kernels at compile time; when the result is one value (filled over a static shape) the
// node becomes a constant. Results that are not uniform stay as they are (kiln's constants hold
// one value).
#include <cmath>

#include "ir/evaluate.h"
#include "passes/pass.h"
#include "runtime/tensor_impl.h"

namespace kiln::passes {

namespace {
constexpr int64_t kMaxFoldElements = 1 << 16;

Tensor materialize_constant(const ir::Value* v) {
  const ir::Node& c = *v->producer;
  Tensor t = empty_tensor(v->type.static_shape(), v->type.dtype);
  Tensor src = wrapped_scalar(c.attrs.scalar(0));
  t.copy_(src);
  return t;
}

std::optional<Scalar> uniform_value(const Tensor& t) {
  std::vector<double> vals = t.tolist<double>();
  if (vals.empty()) return std::nullopt;
  for (double v : vals)
    if (!(v == vals[0]) && !(std::isnan(v) && std::isnan(vals[0]))) return std::nullopt;
  if (is_floating(t.dtype())) return Scalar(vals[0]);
  if (t.dtype() == DType::Bool) return Scalar(vals[0] != 0);
  return Scalar(t.to(DType::Int64).tolist<int64_t>()[0]);
}
}  // namespace

bool constant_folding(ir::Graph& g) {
  const ir::OpDef& constant = ir::op_def("constant");
  bool changed = false;
  for (const auto& np : g.nodes()) {
    ir::Node& n = *np;
    if (n.op->cls == ir::OpClass::Constant || n.op->side_effect || n.inputs.empty() ||
        n.outputs.size() != 1)
      continue;
    bool foldable = n.outputs[0]->type.is_static();
    for (const ir::Value* v : n.inputs)
      foldable = foldable && ir::constant_value(v) && v->type.is_static() &&
                 numel_of(v->type.static_shape()) <= kMaxFoldElements;
    if (!foldable || numel_of(n.outputs[0]->type.static_shape()) > kMaxFoldElements) continue;
    std::vector<Tensor> in;
    for (const ir::Value* v : n.inputs) in.push_back(materialize_constant(v));
    std::vector<Tensor> out;
    try {
      out = ir::evaluate(*n.op, in, n.attrs);
    } catch (const Error&) {
      continue;  // e.g. integer division by zero: leave it for run time, where it is an error
    }
    auto value = uniform_value(out[0]);
    if (!value) continue;
    n.op = &constant;
    n.inputs.clear();
    n.attrs = Attrs{{*value, n.outputs[0]->type.dtype, n.outputs[0]->type.static_shape()}};
    changed = true;
  }
  if (changed) g.remove_dead_nodes();
  return changed;
}

}  // namespace kiln::passes
