// frontend/dispatch.h — running one op of the table eagerly: check arity, fill default
// attributes, apply the shape/dtype rule, allocate outputs, call the kernel (or build the view).
// This is the seam where tracing (kiln::compile) will record nodes instead of running them.
#pragma once

#include <span>
#include <vector>

#include "ir/op_table.h"

namespace kiln::frontend {

std::vector<Tensor> run(const ir::OpDef& def, std::span<const Tensor> inputs, Attrs attrs, Loc loc);
Tensor run1(const ir::OpDef& def, std::span<const Tensor> inputs, Attrs attrs, Loc loc);

}  // namespace kiln::frontend
