// frontend/autograd.h — reverse-mode autograd. frontend::run records a Node for every op of the
// table whose inputs require grad; backward() walks the nodes from the outputs and calls each
// op's backward rule (OpDef::grad, written with kiln ops in frontend/grad_rules.cpp), so under
// kiln::compile the backward pass is traced into the same graph as the forward pass.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "ir/op_table.h"
#include "kiln/tensor.h"

namespace kiln {

class Node;

// Where a gradient goes: input `slot` of `node` (the node that produced the tensor, or the
// accumulator of a leaf).
struct Edge {
  std::shared_ptr<Node> node;
  int slot = 0;
};

// A tensor kept for backward, with the version it had when saved.
struct SavedTensor {
  // For an output of the node itself: an alias without history or a strong reference to the
  // output (which refers to this node: no cycle); `owner` then reads the version.
  Tensor data;
  std::weak_ptr<TensorImpl> owner;
  uint64_t version = 0;
  bool is_output = false;
  int output_nr = 0;
  bool weak = false;  // `data` holds no reference to the tensor; `owner` gives its version
};

// How a tensor that requires grad was made.
struct AutogradMeta {
  std::shared_ptr<Node> grad_fn;  // null for a leaf
  int output_nr = 0;
  Tensor grad;                      // leaves (and tensors that retain_grad) accumulate here
  std::weak_ptr<Node> accumulator;  // leaves: the node that adds into `grad`
};

class Node : public std::enable_shared_from_this<Node> {
 public:
  virtual ~Node() = default;
  // Gradients for each input slot from the gradients of each output.
  virtual std::vector<Tensor> apply(std::vector<Tensor> grads, bool create_graph) = 0;
  virtual std::string name() const = 0;
  virtual void release() {}  // drops saved tensors (backward without retain_graph)
  virtual bool released() const { return false; }

  std::vector<Edge> next;                 // one per input slot; node null where no grad flows
  std::vector<ir::TensorMeta> out_metas;  // for zero-filling outputs that got no gradient
  uint64_t seq = 0;                       // creation order: later nodes run first
};

namespace autograd {

// Whether an op on these inputs records history: grad mode on and some input requires grad.
bool needs_grad(const ir::OpDef& def, std::span<const Tensor> inputs);
// Attaches a node for `def` to the outputs (after the op ran or was traced).
void record(const ir::OpDef& def, std::span<const Tensor> inputs, const Attrs& attrs,
            std::span<Tensor> outputs, Loc loc);
AutogradMeta* meta(const Tensor& t);
// The edge a gradient for `t` flows along (its grad_fn, or its leaf accumulator).
Edge edge_of(const Tensor& t);
// Gives each of `grads` memory of its own (in place, through set_data): a grad that is not
// contiguous or shares storage with another in the list is replaced by a copy.
void owned_grads(std::vector<Tensor>& grads);
// zero_grad of modules and optimizers: grads set to none (reads nothing, so a compiled step
// guards on nothing), or zeroed in place.
void zero_grads(const std::vector<Tensor>& params, bool set_to_none);
// Whether backward() could still run through `t` (it has history that was not freed).
bool has_live_history(const Tensor& t);
// What dst.copy_(src) does to history (runtime/lazy.h's hooks).
void check_inplace_hook(const Tensor& dst, const Tensor& src, Loc loc);
void rebase_hook(Tensor& dst, const Tensor& src, Loc loc);

}  // namespace autograd
}  // namespace kiln
