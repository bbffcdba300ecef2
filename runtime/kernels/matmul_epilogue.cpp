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

// The post-op chain of one call: each binary step's operand padded to rank r.
struct Chain {
  std::span<const Epilogue> steps;
  std::span<const Tensor> operands;
  std::vector<Shape> shapes, strides;

  Chain(std::span<const Epilogue> s, std::span<const Tensor> o, size_t r)
      : steps(s), operands(o), shapes(o.size()), strides(o.size()) {
    for (size_t i = 0; i < o.size(); ++i) padded(o[i], r, shapes[i], strides[i]);
  }
  bool float32() const {
    for (const Tensor& t : operands)
      if (t.dtype() != DType::Float32) return false;
    return true;
  }
  void append_key(std::string& key) const {
    for (const Epilogue& e : steps) {
      key += fmt::format("|{}:{}:{}", int(e.op), e.alpha, e.beta);
      if (e.binary())
        key += fmt::format(":{}/{}", fmt::join(shapes[size_t(e.operand)], ","),
                           fmt::join(strides[size_t(e.operand)], ","));
    }
  }
  // Post-ops, and our own scratchpad per call: oneDNN's default one is shared, so one
  // primitive run from two threads at once corrupted results (seen in the threads test).
  dnnl::primitive_attr attr() const {
    dnnl::post_ops po;
    for (const Epilogue& e : steps) {
      if (e.binary())
        po.append_binary(algorithm_of(e.op),
                         desc_of(shapes[size_t(e.operand)], strides[size_t(e.operand)]));
      else
        po.append_eltwise(1.f, algorithm_of(e.op), e.alpha, e.beta);
    }
    dnnl::primitive_attr a;
    a.set_post_ops(po);
    a.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return a;
  }
};

// Finds or creates (`make`) the primitive for `key`, then runs it with `args` plus the chain's
// operands and a scratchpad. False when oneDNN refuses (logged).
template <class Make>
bool run_primitive(const char* what, const std::string& key, const Chain& chain, Make&& make,
                   std::unordered_map<int, dnnl::memory> args) {
  try {
    std::shared_ptr<Prim> p;
    {
      std::lock_guard lock(mu);
      auto it = cache().find(key);
      if (it != cache().end()) p = it->second;
    }
    if (!p) {
      p = std::make_shared<Prim>(make(chain.attr()));
      std::lock_guard lock(mu);
      cache().emplace(key, p);
    }
    thread_local dnnl::stream stream(engine());
    Tensor scratch = empty({int64_t(p->scratchpad.get_size()) + 1}, DType::UInt8);
    args.emplace(DNNL_ARG_SCRATCHPAD, dnnl::memory(p->scratchpad, engine(), scratch.data_ptr()));
    for (size_t i = 0; i < chain.steps.size(); ++i)
      if (chain.steps[i].binary()) {
        size_t k = size_t(chain.steps[i].operand);
        args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(int(i)) | DNNL_ARG_SRC_1,
                     dnnl::memory(desc_of(chain.shapes[k], chain.strides[k]), engine(),
                                  chain.operands[k].data_ptr()));
      }
    p->prim.execute(stream, args);
    stream.wait();
    return true;
  } catch (const dnnl::error& e) {
    logging::get("fusion").info("oneDNN {} with epilogue refused ({}); running unfused", what,
                                e.what());
    return false;
  }
}

dnnl::memory mem(const Shape& s, const Shape& st, const Tensor& t) {
  return dnnl::memory(desc_of(s, st), engine(), t.data_ptr());
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
    if (size_t(t.dim()) > r) return false;
  Chain chain(steps, operands, r);
  if (!chain.float32()) return false;
  Shape as, ast, bs, bst, os, ost;
  padded(a, r, as, ast);
  padded(b, r, bs, bst);
  padded(out, r, os, ost);
  std::string key =
      fmt::format("mm|{}|{}|{}|{}|{}|{}", fmt::join(as, ","), fmt::join(ast, ","),
                  fmt::join(bs, ","), fmt::join(bst, ","), fmt::join(os, ","), fmt::join(ost, ","));
  chain.append_key(key);
  auto make = [&](const dnnl::primitive_attr& attr) {
    dnnl::matmul::desc md(desc_of(as, ast), desc_of(bs, bst), desc_of(os, ost));
    dnnl::matmul::primitive_desc pd(md, attr, engine());
    return Prim{pd.scratchpad_desc(), dnnl::matmul(pd)};
  };
  return run_primitive("matmul", key, chain, make,
                       {{DNNL_ARG_SRC, mem(as, ast, a)},
                        {DNNL_ARG_WEIGHTS, mem(bs, bst, b)},
                        {DNNL_ARG_DST, mem(os, ost, out)}});
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
    if (t.dim() > 4) return false;
  Chain chain(steps, operands, 4);
  if (!chain.float32()) return false;
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
  int64_t bias_stride = has_bias ? call.in[2].strides()[0] : 0;
  std::string key = fmt::format("conv|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", fmt::join(xs, ","),
                                fmt::join(xst, ","), fmt::join(ws, ","), fmt::join(wst, ","),
                                fmt::join(os, ","), fmt::join(ost, ","), fmt::join(stride, ","),
                                fmt::join(pad, ","), fmt::join(dil, ","), has_bias, bias_stride);
  chain.append_key(key);
  dnnl::memory::desc bias_desc({w.shape()[0]}, dnnl::memory::data_type::f32,
                               dnnl::memory::dims{bias_stride});
  auto make = [&](const dnnl::primitive_attr& attr) {
    dnnl::memory::dims st{stride[0], stride[1]}, dl{dil[0] - 1, dil[1] - 1}, pd{pad[0], pad[1]};
    auto fwd = dnnl::prop_kind::forward_inference;
    auto alg = dnnl::algorithm::convolution_direct;
    auto d = has_bias
                 ? dnnl::convolution_forward::desc(fwd, alg, desc_of(xs, xst), desc_of(ws, wst),
                                                   bias_desc, desc_of(os, ost), st, dl, pd, pd)
                 : dnnl::convolution_forward::desc(fwd, alg, desc_of(xs, xst), desc_of(ws, wst),
                                                   desc_of(os, ost), st, dl, pd, pd);
    dnnl::convolution_forward::primitive_desc cpd(d, attr, engine());
    return Prim{cpd.scratchpad_desc(), dnnl::convolution_forward(cpd)};
  };
  std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_SRC, mem(xs, xst, x)},
                                                {DNNL_ARG_WEIGHTS, mem(ws, wst, w)},
                                                {DNNL_ARG_DST, mem(os, ost, out)}};
  if (has_bias)
    args.emplace(DNNL_ARG_BIAS, dnnl::memory(bias_desc, engine(), call.in[2].data_ptr()));
  return run_primitive("convolution", key, chain, make, std::move(args));
}

}  // namespace kiln
