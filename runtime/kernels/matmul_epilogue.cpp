#include <fmt/format.h>

#include <dnnl.hpp>
#include <map>
#include <memory>
#include <mutex>

#include "kiln/factories.h"
#include "runtime/epilogue.h"
#include "runtime/kernel.h"
#include "runtime/log.h"

namespace kiln {

namespace {

dnnl::engine& engine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::memory::desc desc_of(const Shape& shape, const Shape& strides) {
  dnnl::memory::dims d(shape.begin(), shape.end()), s(strides.begin(), strides.end());
  return dnnl::memory::desc(d, dnnl::memory::data_type::f32, s);
}

// `t`'s shape and strides as a rank-r tensor (leading 1s).
void padded(const Tensor& t, size_t r, Shape& shape, Shape& strides) {
  shape.assign(r, 1);
  strides.assign(r, 0);
  size_t off = r - size_t(t.dim());
  for (size_t i = 0; i < size_t(t.dim()); ++i) {
    shape[off + i] = t.shape()[i];
    strides[off + i] = t.shape()[i] == 1 ? 1 : t.strides()[i];
  }
  // size-1 dims: a stride consistent with a dense layout keeps oneDNN's checks happy
  int64_t st = 1;
  for (size_t i = r; i-- > 0;) {
    if (shape[i] == 1) strides[i] = st;
    st = std::max(st, strides[i] * shape[i]);
  }
}

dnnl::algorithm algorithm_of(EpiOp op) {
  using A = dnnl::algorithm;
  switch (op) {
    case EpiOp::Add:
      return A::binary_add;
    case EpiOp::Sub:
      return A::binary_sub;
    case EpiOp::Mul:
      return A::binary_mul;
    case EpiOp::Div:
      return A::binary_div;
    case EpiOp::Max:
      return A::binary_max;
    case EpiOp::Min:
      return A::binary_min;
    case EpiOp::Relu:
      return A::eltwise_relu;
    case EpiOp::GeluErf:
      return A::eltwise_gelu_erf;
    case EpiOp::GeluTanh:
      return A::eltwise_gelu_tanh;
    case EpiOp::Tanh:
      return A::eltwise_tanh;
    case EpiOp::Sigmoid:
      return A::eltwise_logistic;
    case EpiOp::Silu:
      return A::eltwise_swish;
    case EpiOp::Elu:
      return A::eltwise_elu;
    case EpiOp::Exp:
      return A::eltwise_exp;
    case EpiOp::Log:
      return A::eltwise_log;
    case EpiOp::Abs:
      return A::eltwise_abs;
    case EpiOp::Sqrt:
      return A::eltwise_sqrt;
    case EpiOp::Linear:
      return A::eltwise_linear;
    case EpiOp::None:
      break;
  }
  return A::undef;
}

struct Prim {
  dnnl::memory::desc scratchpad;
  dnnl::primitive prim;
};

std::mutex mu;
std::map<std::string, std::shared_ptr<Prim>>& cache() {
  static auto* c = new std::map<std::string, std::shared_ptr<Prim>>;  // outlives static exits
  return *c;
}

}  // namespace

bool matmul_with_epilogue(const Tensor& a, const Tensor& b, std::span<const Epilogue> steps,
                          std::span<const Tensor> operands, Tensor& out) {
  size_t r = size_t(out.dim());
  // Lower-rank operands broadcast over the batch dims ([B, S, K] @ [K, N]: the weights are
  // shared by every batch).
  if (a.dim() > out.dim() || b.dim() > out.dim() || a.dim() < 2 || b.dim() < 2 || r < 2)
    return false;
  for (const Tensor* t : {&a, &b, static_cast<const Tensor*>(&out)})
    if (t->dtype() != DType::Float32) return false;
  for (const Tensor& t : operands)
    if (t.dtype() != DType::Float32 || size_t(t.dim()) > r) return false;
  Shape as, ast, bs, bst, os, ost;
  padded(a, r, as, ast);
  padded(b, r, bs, bst);
  padded(out, r, os, ost);
  std::vector<Shape> ops(operands.size()), opst(operands.size());
  for (size_t i = 0; i < operands.size(); ++i) padded(operands[i], r, ops[i], opst[i]);
  std::string key =
      fmt::format("{}|{}|{}|{}|{}|{}", fmt::join(as, ","), fmt::join(ast, ","), fmt::join(bs, ","),
                  fmt::join(bst, ","), fmt::join(os, ","), fmt::join(ost, ","));
  for (const Epilogue& e : steps) {
    key += fmt::format("|{}:{}:{}", int(e.op), e.alpha, e.beta);
    if (e.binary())
      key += fmt::format(":{}/{}", fmt::join(ops[size_t(e.operand)], ","),
                         fmt::join(opst[size_t(e.operand)], ","));
  }
  std::shared_ptr<Prim> p;
  try {
    {
      std::lock_guard lock(mu);
      auto it = cache().find(key);
      if (it != cache().end()) p = it->second;
    }
    if (!p) {
      dnnl::post_ops po;
      for (const Epilogue& e : steps) {
        if (e.binary())
          po.append_binary(algorithm_of(e.op),
                           desc_of(ops[size_t(e.operand)], opst[size_t(e.operand)]));
        else
          po.append_eltwise(1.f, algorithm_of(e.op), e.alpha, e.beta);
      }
      dnnl::primitive_attr attr;
      attr.set_post_ops(po);
      // Our own scratchpad per call: oneDNN's default one is shared, so one primitive run from
      // two threads at once corrupted results (seen in the threads test).
      attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
      dnnl::matmul::desc md(desc_of(as, ast), desc_of(bs, bst), desc_of(os, ost));
      dnnl::matmul::primitive_desc pd(md, attr, engine());
      p = std::make_shared<Prim>(Prim{pd.scratchpad_desc(), dnnl::matmul(pd)});
      std::lock_guard lock(mu);
      cache().emplace(key, p);
    }
    thread_local dnnl::stream stream(engine());
    auto mem = [&](const Shape& s, const Shape& st, const Tensor& t) {
      return dnnl::memory(desc_of(s, st), engine(), t.data_ptr());
    };
    std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_SRC, mem(as, ast, a)},
                                                  {DNNL_ARG_WEIGHTS, mem(bs, bst, b)},
                                                  {DNNL_ARG_DST, mem(os, ost, out)}};
    size_t scratch_bytes = p->scratchpad.get_size();
    Tensor scratch = empty({int64_t(scratch_bytes) + 1}, DType::UInt8);
    args.emplace(DNNL_ARG_SCRATCHPAD, dnnl::memory(p->scratchpad, engine(), scratch.data_ptr()));
    for (size_t i = 0; i < steps.size(); ++i)
      if (steps[i].binary()) {
        size_t k = size_t(steps[i].operand);
        args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(int(i)) | DNNL_ARG_SRC_1,
                     mem(ops[k], opst[k], operands[k]));
      }
    p->prim.execute(stream, args);
    stream.wait();
    return true;
  } catch (const dnnl::error& e) {
    logging::get("fusion").info("oneDNN matmul with epilogue refused ({}); running unfused",
                                e.what());
    return false;
  }
}

bool matmul_epilogue(const OpCall& call, std::span<const Epilogue> steps,
                     std::span<const Tensor> operands, Tensor& out) {
  return matmul_with_epilogue(call.in[0], call.in[1], steps, operands, out);
}

bool conv2d_epilogue(const OpCall& call, std::span<const Epilogue> steps,
                     std::span<const Tensor> operands, Tensor& out) {
  const Tensor& x = call.in[0];
  const Tensor& w = call.in[1];
  bool has_bias = call.has_input(2);
  if (x.dim() != 4 || w.dim() != 4 || out.dim() != 4) return false;
  for (const Tensor* t : {&x, &w, static_cast<const Tensor*>(&out)})
    if (t->dtype() != DType::Float32) return false;
  if (has_bias && (call.in[2].dtype() != DType::Float32 || call.in[2].dim() != 1)) return false;
  for (const Tensor& t : operands)
    if (t.dtype() != DType::Float32 || t.dim() > 4) return false;
  const Shape& stride = call.attrs.ints(0);
  const Shape& pad = call.attrs.ints(1);
  const Shape& dil = call.attrs.ints(2);
  int64_t groups = call.attrs.i(3);
  if (stride.size() != 2 || pad.size() != 2 || dil.size() != 2 || groups < 1) return false;
  Shape xs, xst, os, ost;
  padded(x, 4, xs, xst);
  padded(out, 4, os, ost);
  // Weights: [O, C/g, kh, kw], or grouped [g, O/g, C/g, kh, kw].
  Shape ws = w.shape(), wst = w.strides();
  if (groups > 1) {
    ws = {groups, w.shape()[0] / groups, w.shape()[1], w.shape()[2], w.shape()[3]};
    wst = {w.strides()[0] * (w.shape()[0] / groups), w.strides()[0], w.strides()[1], w.strides()[2],
           w.strides()[3]};
  }
  std::vector<Shape> ops(operands.size()), opst(operands.size());
  for (size_t i = 0; i < operands.size(); ++i) padded(operands[i], 4, ops[i], opst[i]);
  std::string key =
      fmt::format("conv|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", fmt::join(xs, ","), fmt::join(xst, ","),
                  fmt::join(ws, ","), fmt::join(wst, ","), fmt::join(os, ","), fmt::join(ost, ","),
                  fmt::join(stride, ","), fmt::join(pad, ","), fmt::join(dil, ","), has_bias,
                  has_bias ? call.in[2].strides()[0] : 0);
  for (const Epilogue& e : steps) {
    key += fmt::format("|{}:{}:{}", int(e.op), e.alpha, e.beta);
    if (e.binary())
      key += fmt::format(":{}/{}", fmt::join(ops[size_t(e.operand)], ","),
                         fmt::join(opst[size_t(e.operand)], ","));
  }
  auto bias_desc = [&] {
    return dnnl::memory::desc({w.shape()[0]}, dnnl::memory::data_type::f32,
                              dnnl::memory::dims{call.in[2].strides()[0]});
  };
  std::shared_ptr<Prim> p;
  try {
    {
      std::lock_guard lock(mu);
      auto it = cache().find(key);
      if (it != cache().end()) p = it->second;
    }
    if (!p) {
      dnnl::post_ops po;
      for (const Epilogue& e : steps) {
        if (e.binary())
          po.append_binary(algorithm_of(e.op),
                           desc_of(ops[size_t(e.operand)], opst[size_t(e.operand)]));
        else
          po.append_eltwise(1.f, algorithm_of(e.op), e.alpha, e.beta);
      }
      dnnl::primitive_attr attr;
      attr.set_post_ops(po);
      attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
      dnnl::memory::dims st{stride[0], stride[1]}, dl{dil[0] - 1, dil[1] - 1}, pd{pad[0], pad[1]};
      auto fwd = dnnl::prop_kind::forward_inference;
      auto alg = dnnl::algorithm::convolution_direct;
      auto d = has_bias
                   ? dnnl::convolution_forward::desc(fwd, alg, desc_of(xs, xst), desc_of(ws, wst),
                                                     bias_desc(), desc_of(os, ost), st, dl, pd, pd)
                   : dnnl::convolution_forward::desc(fwd, alg, desc_of(xs, xst), desc_of(ws, wst),
                                                     desc_of(os, ost), st, dl, pd, pd);
      dnnl::convolution_forward::primitive_desc cpd(d, attr, engine());
      p = std::make_shared<Prim>(Prim{cpd.scratchpad_desc(), dnnl::convolution_forward(cpd)});
      std::lock_guard lock(mu);
      cache().emplace(key, p);
    }
    thread_local dnnl::stream stream(engine());
    std::unordered_map<int, dnnl::memory> args = {
        {DNNL_ARG_SRC, dnnl::memory(desc_of(xs, xst), engine(), x.data_ptr())},
        {DNNL_ARG_WEIGHTS, dnnl::memory(desc_of(ws, wst), engine(), w.data_ptr())},
        {DNNL_ARG_DST, dnnl::memory(desc_of(os, ost), engine(), out.data_ptr())}};
    if (has_bias)
      args.emplace(DNNL_ARG_BIAS, dnnl::memory(bias_desc(), engine(), call.in[2].data_ptr()));
    Tensor scratch = empty({int64_t(p->scratchpad.get_size()) + 1}, DType::UInt8);
    args.emplace(DNNL_ARG_SCRATCHPAD, dnnl::memory(p->scratchpad, engine(), scratch.data_ptr()));
    for (size_t i = 0; i < steps.size(); ++i)
      if (steps[i].binary()) {
        size_t k = size_t(steps[i].operand);
        args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(int(i)) | DNNL_ARG_SRC_1,
                     dnnl::memory(desc_of(ops[k], opst[k]), engine(), operands[k].data_ptr()));
      }
    p->prim.execute(stream, args);
    stream.wait();
    return true;
  } catch (const dnnl::error& e) {
    logging::get("fusion").info("oneDNN convolution with epilogue refused ({}); running unfused",
                                e.what());
    return false;
  }
}

}  // namespace kiln
