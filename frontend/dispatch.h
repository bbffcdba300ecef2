// frontend/dispatch.h — running one op of the table eagerly: check arity, fill default
// attributes, apply the shape/dtype rule, allocate outputs, call the kernel (or build the view).
// This is the seam where tracing (kiln::compile) will record nodes instead of running them.
#pragma once

#include <span>
#include <vector>

#include "ir/op_table.h"

namespace kiln::frontend {

class Tracer;

// Runs `def` eagerly, or records it in the current tracer's graph; either way records its
// backward when an input requires grad.
std::vector<Tensor> run(const ir::OpDef& def, std::span<const Tensor> inputs, Attrs attrs, Loc loc);
// The same with an explicit tracer (null: eager).
std::vector<Tensor> run_in(Tracer* tracer, const ir::OpDef& def, std::span<const Tensor> inputs,
                           Attrs attrs, Loc loc);
Tensor run1(const ir::OpDef& def, std::span<const Tensor> inputs, Attrs attrs, Loc loc);

}  // namespace kiln::frontend
