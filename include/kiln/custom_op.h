// kiln/custom_op.h — adding an op of your own: an eager kernel and a shape rule. The op joins
// kiln's op table, so it can be called by name (kiln::call_op), written in .kir, and traced by
// kiln::compile as an opaque node — graphs that pass through it do not break.
//
//   kiln::register_op({
//       .name = "scale_shift",
//       .num_inputs = 1,
//       .shape_rule = [](const std::vector<kiln::TensorSpec>& in) { return std::vector{in[0]}; },
//       .kernel = [](const std::vector<kiln::Tensor>& in) {
//         return std::vector<kiln::Tensor>{in[0] * 2 + 1};
//       }});
//   kiln::Tensor y = kiln::call_op("scale_shift", {x})[0];
// With .backward set, gradients flow through it (kiln/autograd.h).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

struct TensorSpec {
  DType dtype;
  Shape shape;
};

struct CustomOp {
  std::string name;
  int num_inputs = 1;
  int num_outputs = 1;
  // The result types from the input types; throw kiln::Error to refuse bad inputs.
  std::function<std::vector<TensorSpec>(const std::vector<TensorSpec>&)> shape_rule;
  // Computes the results (any kiln code; it runs eagerly, also inside compiled graphs).
  std::function<std::vector<Tensor>(const std::vector<Tensor>&)> kernel;
  // Optional: the gradient of each input from the inputs, the outputs and the gradient of each
  // output, written with kiln ops (so it is traced too); an undefined tensor for an input with
  // no gradient. Without it, backward() through the op is an error naming it.
  // (Defaulted, so a designated initializer may leave it out without a compiler warning.)
  std::function<std::vector<Tensor>(const std::vector<Tensor>& inputs,
                                    const std::vector<Tensor>& outputs,
                                    const std::vector<Tensor>& grad_outputs)>
      backward = {};
};

// Adds the op to the op table; throws kiln::Error if the name is taken or a field is missing.
void register_op(CustomOp op, Loc loc = Loc::current());

}  // namespace kiln
