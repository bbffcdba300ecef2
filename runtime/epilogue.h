// runtime/epilogue.h — a matmul with a pointwise epilogue run by oneDNN's matmul primitive
// (post-ops), so bias, activation and residual are applied while each output tile is still in
// cache instead of in another pass over memory. The op table says which pointwise ops are
// epilogue steps (OpDef::epilogue); the fusion pass builds the chains.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "kiln/tensor.h"

namespace kiln {

// The oneDNN post-op vocabulary, target-neutral: binary steps combine the running value with
// another tensor (broadcast), eltwise steps apply a function (Linear: alpha * x + beta). Only
// steps whose post-ops keep NaN and infinities as eager does (tested): oneDNN 2.6's binary
// max/min and exp turn NaN into a number, so maximum, minimum and exp are not epilogue steps.
// Clamp (alpha = lower bound, beta = upper; ReLU6's) is kiln's own: oneDNN's clip maps NaN to
// the lower bound, so oneDNN runs the steps before a clamp and kiln applies the rest
// (gemm::apply) — but for a convolution's leading clamp where no NaN, infinity or -0 can reach
// it (matmul_epilogue.cpp: clamp_as_clip).
enum class EpiOp : uint8_t {
  None,
  Add,
  Sub,
  Mul,
  Div,
  Relu,
  GeluErf,
  GeluTanh,
  Tanh,
  Sigmoid,
  Silu,
  Elu,
  Log,
  Abs,
  Sqrt,
  Linear,
  Clamp
};

struct Epilogue {
  EpiOp op = EpiOp::None;
  float alpha = 0, beta = 0;
  int operand = -1;  // binary steps: which of the operands
  bool binary() const { return op >= EpiOp::Add && op <= EpiOp::Div; }
};

struct OpCall;

// Runs a linalg op (its inputs and attributes in `call`) with the epilogue applied, into `out`
// (contiguous). Returns false when the primitive cannot take these operands; then the caller
// runs the op and its epilogue unfused.
using EpilogueKernel = bool (*)(const OpCall& call, std::span<const Epilogue> steps,
                                std::span<const Tensor> operands, Tensor& out);
bool matmul_epilogue(const OpCall& call, std::span<const Epilogue> steps,
                     std::span<const Tensor> operands, Tensor& out);
// conv2d(x [N, C, H, W], w [O, C/groups, kh, kw], bias [O]?) {stride, padding, dilation,
// groups} through oneDNN's convolution primitive on plain layouts.
bool conv2d_epilogue(const OpCall& call, std::span<const Epilogue> steps,
                     std::span<const Tensor> operands, Tensor& out);

// Records on `out` (runtime/tensor_impl.h: set_abs_bound) a bound on |every element| of
// conv2d(x, w) + bias followed by `steps`, from `xmax`, a bound on |x| (abs_bound(x)): the
// weights' largest sum of |w| per output channel, the bias's largest |b|, then what a clamp, a
// relu or the sum with an operand of known bound does to it. Nothing (NaN) where one is not
// known or could overflow. A convolution chain then knows, layer by layer, that its
// activations are finite, and each clamp can run as oneDNN's clip without a pass over its input.
void record_conv_abs_bound(float xmax, const Tensor& w, const Tensor& bias,
                           std::span<const Epilogue> steps, std::span<const Tensor> operands,
                           const Tensor& out);

// conv2d of float32 tensors (any strides) into `out` through oneDNN's blocked-layout kernels,
// with an epilogue (binary operands in their own plain layouts): input and output reordered
// around the primitive, weights packed once per tensor and version. False when oneDNN cannot
// take them.
bool conv2d_blocked(const Tensor& x, const Tensor& w, const Tensor& bias, const Shape& stride,
                    const Shape& pad, const Shape& dil, int64_t groups,
                    std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out);

// conv2d through kiln's own kernels (runtime/conv.h), the weights packed once per tensor,
// version and packed form. False when they do not take it (`taken`: the caller has just had
// conv::takes() say they do, so it is not asked again).
bool conv2d_kiln(const Tensor& x, const Tensor& w, const Tensor& bias, const Shape& stride,
                 const Shape& pad, const Shape& dil, int64_t groups,
                 std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out,
                 bool taken = false);
// config().conv_kernel (KILN_CONV), checked: "auto", "kiln" or "onednn" (else kiln::Error).
const std::string& conv_kernel_mode();

// out = epilogue(a @ b) for float32 a [..., M, K] and b [..., K, N] (any strides; missing or
// size-1 batch dims broadcast) into a contiguous float32 `out`. Primitives are cached per shapes,
// strides and steps. Returns false when oneDNN cannot take these operands (run it unfused instead).
bool matmul_with_epilogue(const Tensor& a, const Tensor& b, std::span<const Epilogue> steps,
                          std::span<const Tensor> operands, Tensor& out);

// How many packed copies of weights the matmul and convolution kernels keep (each weight in
// each format it is packed in), for tests and diagnostics.
int64_t packed_weight_copies();

}  // namespace kiln
