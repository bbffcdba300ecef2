// frontend/custom_op.cpp — kiln::register_op: a user's op becomes an opaque entry of the op
// table whose shape rule and kernel call the user's functions (found by the op's name).
#include "kiln/custom_op.h"

#include <fmt/format.h>

#include <map>
#include <mutex>

#include "frontend/trace.h"
#include "ir/op_table.h"

namespace kiln {

namespace {
std::mutex g_mu;
std::map<std::string, CustomOp, std::less<>>& registry() {
  static auto* r = new std::map<std::string, CustomOp, std::less<>>;
  return *r;
}

const CustomOp& find(std::string_view name) {
  std::lock_guard lock(g_mu);
  return registry().at(std::string(name));  // entries are never removed
}

std::vector<ir::TensorMeta> custom_infer(const OpCall& c) {
  const CustomOp& op = find(c.op);
  std::vector<TensorSpec> in;
  for (const Tensor& t : c.in) in.push_back({t.dtype(), t.shape()});
  std::vector<TensorSpec> out = op.shape_rule(in);
  if (int(out.size()) != op.num_outputs)
    c.fail(fmt::format("the shape rule gave {} results, the op declares {}", out.size(),
                       op.num_outputs));
  std::vector<ir::TensorMeta> metas;
  for (auto& s : out) metas.push_back({s.dtype, s.shape});
  return metas;
}

void custom_kernel(const OpCall& c, std::span<Tensor> out) {
  const CustomOp& op = find(c.op);
  std::vector<Tensor> in(c.in.begin(), c.in.end());
  std::vector<Tensor> res;
  {
    frontend::TracerScope eager(nullptr);  // the kernel's own ops run eagerly
    res = op.kernel(in);
  }
  if (res.size() != out.size())
    c.fail(
        fmt::format("the kernel returned {} tensors, the op declares {}", res.size(), out.size()));
  for (size_t i = 0; i < res.size(); ++i) {
    if (res[i].shape() != out[i].shape() || res[i].dtype() != out[i].dtype())
      c.fail(fmt::format("the kernel returned {}{} for result {}, the shape rule said {}{}",
                         short_name(res[i].dtype()), shape_str(res[i].shape()), i,
                         short_name(out[i].dtype()), shape_str(out[i].shape())));
    out[i].copy_(res[i]);
  }
}
std::vector<Tensor> custom_grad(const ir::GradCtx& c) {
  const CustomOp& op = find(c.op);
  std::vector<Tensor> g = op.backward(std::vector<Tensor>(c.in.begin(), c.in.end()),
                                      std::vector<Tensor>(c.out.begin(), c.out.end()),
                                      std::vector<Tensor>(c.grad.begin(), c.grad.end()));
  if (g.size() != c.in.size())
    throw Error(fmt::format("{}: backward returned {} gradients for {} inputs", c.op, g.size(),
                            c.in.size()),
                c.loc);
  return g;
}
}  // namespace

void register_op(CustomOp op, Loc loc) {
  if (op.name.empty() || !op.shape_rule || !op.kernel || op.num_inputs < 0 || op.num_outputs < 1)
    throw Error("register_op: a name, a shape_rule and a kernel are required", loc);
  // Differentiable: without a backward, backward() through it is an error (never a silently
  // missing gradient).
  ir::OpDef def{op.name, ir::OpClass::Opaque, op.num_inputs, op.num_inputs, op.num_outputs,
                {},      custom_infer,        custom_kernel, nullptr,       true};
  if (op.backward) def.grad = custom_grad;
  {
    std::lock_guard lock(g_mu);
    if (registry().count(op.name))
      throw Error(fmt::format("register_op: an op named '{}' exists", op.name), loc);
    registry().emplace(op.name, op);
  }
  try {
    ir::add_op(std::move(def));
  } catch (const Error& e) {
    std::lock_guard lock(g_mu);
    registry().erase(op.name);
    throw Error(e.message(), loc);
  }
}

}  // namespace kiln
