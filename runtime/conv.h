// runtime/conv.h — kiln's own float32 convolutions on NCHW tensors, for what oneDNN 2.6 runs
// slowly on AVX2 hosts (its kernels there read nChw8c, so every call reorders the activations in
// and out, and its direct 3x3 kernels reach ~85-93 GFLOP/s on Zen 2):
//   - 1x1 stride-1 convolutions: the product of the weights [O, C] (packed once) with each
//     image's [C, H*W] through runtime/gemm.h;
//   - any ungrouped convolution with output planes of at most 64 values (7x7): one product
//     [Ho*Wo, C*kh*kw] @ w^T per image, the weights streamed as a packed right operand;
//   - 3x3 stride-1 convolutions: Winograd F(2x2, 3x3), 16 products with 2.25x fewer
//     multiply-adds than the direct convolution;
//   - depthwise convolutions: direct AVX2 loops over each output plane;
//   - and, on channels-last (NHWC) x and out (conv_nhwc.cpp; oneDNN's NHWC kernels are fast
//     on AVX-512 hosts, where activations are channels-last, but not everywhere): any
//     ungrouped convolution as im2col products with the packed weights (landing channels-last;
//     a 1x1 stride-1 one reads x as it is), and 3x3 stride-1 ones over planes of more than 64
//     values by Winograd F(2x2, 3x3) over vectors of channels (2.25x fewer multiply-adds:
//     faster at 14x14 to 56x56).
// All apply the bias and an epilogue (the gemm's steps) while the output is in cache.
#pragma once

#include <cstdint>
#include <span>

#include "kiln/tensor.h"
#include "runtime/epilogue.h"
#include "runtime/gemm.h"

namespace kiln::conv {

// A stride, padding or dilation of one value (both spatial dims) or two, as two: `v` itself when
// it has two, else `both` filled with its value twice (no copy on the common path: the
// convolution entry points run these on every call).
inline const Shape& both_dims(const Shape& v, Shape& both) {
  if (v.size() != 1) return v;
  both = {v[0], v[0]};
  return both;
}

// Whether run() takes this conv2d: float32 x [N, C, H, W] and out [N, O, Ho, Wo] whose rows
// are unit-stride and follow each other in each plane, w [O, C / groups, kh, kw], an optional
// 1-D float32 bias [O], stride/pad/dilation of one or two values, epilogue steps that
// gemm::supports() with float32 operands of rank <= 4 broadcasting to out (for the products,
// each operand's H and W must merge as out's do) — and one of the four kinds above (depthwise:
// groups == C, one input channel per group, at most 64 taps, column stride at most 8). Or x
// and out both channels-last (channels at unit stride), ungrouped (out's pixels one after
// another, but for Winograd).
bool takes(const Tensor& x, const Tensor& w, const Tensor& bias, const Shape& stride,
           const Shape& pad, const Shape& dil, int64_t groups, std::span<const Epilogue> steps,
           std::span<const Tensor> operands, const Tensor& out);

// How run() reads the weights of a convolution takes() accepts: nullptr when as they are
// (depthwise); else the name of the packed form prepare() makes once per weight tensor (the
// weight cache's name for it) — "kiln-conv-columns": w [O, C * kh * kw] transposed as gemm's
// right operand (gemm::pack), for output planes of at most 64 values, where the product runs
// as A @ w^T (A [Ho * Wo, C * kh * kw]: what each output position reads); "kiln-conv-rows": a
// 1x1 convolution's [O, C] as gemm's left operand (gemm::pack_rows), for w @ x[n];
// "kiln-conv-winograd": the 16 transformed [O, C] matrices of a 3x3 stride-1 convolution, each
// as "rows"; "kiln-conv-winograd-nhwc" and "kiln-conv-product-nhwc" for channels-last ones.
// (Not checked again: takes() runs first, and packing() runs on every call.)
const char* packing(const Tensor& x, const Tensor& w, const Shape& stride, const Shape& pad,
                    const Shape& dil, int64_t groups, const Tensor& out);
Tensor prepare(const Tensor& x, const Tensor& w, const Shape& stride, const Shape& pad,
               const Shape& dil, int64_t groups, const Tensor& out);

// out = steps(conv2d(x, w) + bias) for a convolution takes() accepts (throws kiln::Error for
// one it does not). `prepared` is prepare() of the same convolution, or undefined (then packed
// per call).
void run(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
         const Shape& stride, const Shape& pad, const Shape& dil, int64_t groups,
         std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out);

namespace detail {
// U [16, O, C] for 3x3 filters w [O, C, 3, 3]: G g G^T of each, G = [[1, 0, 0], [.5, .5, .5],
// [.5, -.5, .5], [0, 0, 1]] (Winograd F(2x2, 3x3)).
Tensor winograd_weights(const Tensor& w);
// Image n of an epilogue operand broadcasting to out [N, O, H, W] (its H and W merging) as an
// operand of the [H * W, O] product that writes out[n] (rows: pixels, columns: channels).
gemm::OperandView image_rows(const Tensor& t, int64_t n, int64_t H, int64_t W);
// conv_nhwc.cpp, for channels-last x and out: any ungrouped convolution as im2col products
// (prepared = product_nhwc_weights(w), w as gemm's packed right operand [kh * kw * C, O]); a
// 3x3 stride-1 one by Winograd F(2x2, 3x3) (prepared = winograd_nhwc_weights(w), each U_k
// packed as gemm's right operand).
Tensor product_nhwc_weights(const Tensor& w);
void product_nhwc(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
                  const Shape& stride, const Shape& pad, const Shape& dil,
                  std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out);
Tensor winograd_nhwc_weights(const Tensor& w);
void winograd_nhwc(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
                   const Shape& pad, std::span<const Epilogue> steps,
                   std::span<const Tensor> operands, Tensor& out);
}  // namespace detail

}  // namespace kiln::conv
