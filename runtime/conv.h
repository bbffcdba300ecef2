// runtime/conv.h — kiln's own float32 convolutions on NCHW tensors, for the two shapes that
// oneDNN 2.6 runs slowly on AVX2 hosts (its kernels there read nChw8c, so every call reorders
// the activations in and out): 1x1 stride-1 convolutions, as the product of the weights
// [O, C] (packed once) with each image's [C, H*W] through runtime/gemm.h, and depthwise
// convolutions, as direct AVX2 loops over each output plane. Both apply the bias and an
// epilogue (the gemm's steps) while the output is still in cache.
#pragma once

#include <cstdint>
#include <span>

#include "kiln/tensor.h"
#include "runtime/epilogue.h"

namespace kiln::conv {

// Whether run() takes this conv2d: float32 x [N, C, H, W] and out [N, O, Ho, Wo] whose rows
// are unit-stride and follow each other in each plane, w [O, C / groups, kh, kw], an optional
// 1-D float32 bias [O], stride/pad/dilation of one or two values, epilogue steps that
// gemm::supports() with float32 operands of rank <= 4 broadcasting to out (for 1x1, each
// operand's H and W must merge as out's do) — and either a 1x1, stride-1, unpadded,
// ungrouped convolution or a depthwise one (groups == C, one input channel per group, at most
// 64 taps).
bool takes(const Tensor& x, const Tensor& w, const Tensor& bias, const Shape& stride,
           const Shape& pad, const Shape& dil, int64_t groups, std::span<const Epilogue> steps,
           std::span<const Tensor> operands, const Tensor& out);

// How run() reads the weights of a convolution over input planes of `plane` = H * W values:
// nullptr when as they are (depthwise); else the name of the packed form prepare() makes once
// per weight tensor — a 1x1 convolution's [O, C] matrix as gemm's left operand ("rows",
// gemm::pack_rows), or, over planes of at most 64 values, where the product runs as
// x[n]^T @ w^T (its 16-column panels over a 7x7 plane would be a quarter padding), w^T as its
// right operand ("columns", gemm::pack).
const char* packing(const Tensor& w, int64_t groups, int64_t plane);
Tensor prepare(const Tensor& w, int64_t groups, int64_t plane);

// out = steps(conv2d(x, w) + bias) for a convolution takes() accepts (throws kiln::Error for
// one it does not). `prepared` is prepare(w, groups, H * W), or undefined (then packed per
// call).
void run(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
         const Shape& stride, const Shape& pad, const Shape& dil, int64_t groups,
         std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out);

}  // namespace kiln::conv
