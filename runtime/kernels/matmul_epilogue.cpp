#include <fmt/format.h>

#include <dnnl.hpp>
#include <map>
#include <memory>
#include <mutex>

#include "kiln/factories.h"
#include "runtime/epilogue.h"
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
  dnnl::matmul::primitive_desc pd;
  dnnl::matmul prim;
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
  // A few rows (batch-1 inference): dnnl_sgemm plus a separate pass is faster than the matmul
  // primitive here (measured at M = 1: 0.06 ms vs 0.25 ms for 1024 x 1024 at one thread).
  if (out.numel() / out.shape()[r - 1] < 16) return false;
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
      p = std::make_shared<Prim>(Prim{pd, dnnl::matmul(pd)});
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
    size_t scratch_bytes = p->pd.scratchpad_desc().get_size();
    Tensor scratch = empty({int64_t(scratch_bytes) + 1}, DType::UInt8);
    args.emplace(DNNL_ARG_SCRATCHPAD,
                 dnnl::memory(p->pd.scratchpad_desc(), engine(), scratch.data_ptr()));
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

}  // namespace kiln
