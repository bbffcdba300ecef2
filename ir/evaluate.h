// ir/evaluate.h — runs one op of the table on concrete tensors (shape rule, then the eager
// kernel or view), without the frontend: what constant folding uses.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "ir/op_table.h"

namespace kiln::ir {

std::vector<Tensor> evaluate(const OpDef& op, std::span<const Tensor> inputs, const Attrs& attrs);

// The value of a `constant` node's result, or nothing.
struct Value;
std::optional<Scalar> constant_value(const Value* v);

}  // namespace kiln::ir
