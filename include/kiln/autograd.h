// kiln/autograd.h — gradients, as in torch.autograd. Ops on tensors that require grad record
// how to differentiate them; Tensor::backward() or kiln::grad() computes gradients. Backward
// rules are kiln ops, so a backward pass inside kiln::compile is traced and fused like any
// other code.
//
//   Tensor w = kiln::randn({3, 3}).requires_grad_();
//   Tensor loss = (x.matmul(w)).relu().sum();
//   loss.backward();          // w.grad() now holds d loss / d w
//   { kiln::NoGradGuard g; w -= 0.1 * w.grad(); }
#pragma once

#include <functional>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

// Whether ops record history on this thread (on by default).
bool grad_enabled();
void set_grad_enabled(bool enabled);

// Turns history recording off for its lifetime (torch.no_grad()).
class NoGradGuard {
 public:
  NoGradGuard();
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};
// Turns it on for its lifetime (torch.enable_grad()).
class EnableGradGuard {
 public:
  EnableGradGuard();
  ~EnableGradGuard();
  EnableGradGuard(const EnableGradGuard&) = delete;
  EnableGradGuard& operator=(const EnableGradGuard&) = delete;

 private:
  bool previous_;
};

// Accumulates d(outputs)/d(leaf) into every leaf's grad(). grad_outputs: one per output
// (undefined for a one-element output means 1). Without retain_graph the graph is freed.
// create_graph records the backward pass too (for higher-order gradients).
void backward(const std::vector<Tensor>& outputs, const std::vector<Tensor>& grad_outputs = {},
              bool retain_graph = false, bool create_graph = false, Loc loc = Loc::current());

// d(outputs)/d(inputs), returned instead of accumulated (torch.autograd.grad). An input the
// outputs do not depend on is an error unless allow_unused (then its gradient is undefined).
std::vector<Tensor> grad(const std::vector<Tensor>& outputs, const std::vector<Tensor>& inputs,
                         const std::vector<Tensor>& grad_outputs = {}, bool retain_graph = false,
                         bool create_graph = false, bool allow_unused = false,
                         Loc loc = Loc::current());

// Compares the analytical gradients of `fn` at `inputs` (float64 tensors, those that require
// grad are checked) with central finite differences. Returns an empty string when they agree
// within atol + rtol * |numerical|, else a description of the first mismatch.
struct GradcheckOptions {
  double eps = 1e-6;
  double atol = 1e-5;
  double rtol = 1e-3;
};
std::string gradcheck(const std::function<Tensor(const std::vector<Tensor>&)>& fn,
                      const std::vector<Tensor>& inputs, GradcheckOptions options = {});

}  // namespace kiln
