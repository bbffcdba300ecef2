#include "ir/evaluate.h"

#include "ir/graph.h"
#include "runtime/tensor_impl.h"

namespace kiln::ir {

std::vector<Tensor> evaluate(const OpDef& op, std::span<const Tensor> inputs, const Attrs& attrs) {
  OpCall call{op.name, inputs, attrs, Loc::current()};
  if (op.view) return {op.view(call)};
  std::vector<Tensor> out;
  for (const auto& m : op.infer(call)) out.push_back(empty_tensor(m.shape, m.dtype));
  op.kernel(call, out);
  return out;
}

std::optional<Scalar> constant_value(const Value* v) {
  if (!v || !v->producer || v->producer->op->cls != OpClass::Constant) return std::nullopt;
  return v->producer->attrs.scalar(0);
}

}  // namespace kiln::ir
