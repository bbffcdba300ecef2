// runtime/gemm.h — kiln's own float32 matrix product over weights packed once, with the matmul
// epilogue (bias, ReLU, residual, scale and shift) applied to each output tile while it is in
// L1. It exists for the products oneDNN 2.6 runs slowly on AVX2 hosts: B3's [64, 2048] @
// [2048, 2048] layer took 17 ms through oneDNN's packed matmul primitive and ~8 ms through
// dnnl_sgemm, 5.7-6.0 ms (91-95 GFLOP/s) here, at one thread on Zen 2. The executor does not
// assume it is faster: matmul_with_epilogue races it against oneDNN per size class and keeps
// the faster one (runtime/kernels/matmul_epilogue.cpp).
#pragma once

#include <cstdint>
#include <span>

#include "kiln/tensor.h"
#include "runtime/epilogue.h"

namespace kiln::gemm {

// b [K, N] (float32, any strides) in the layout sgemm() reads, as a [K, round_up(N, 16)]
// tensor: K cut into blocks of at most 256 rows; in each block, panels of 16 columns (the last
// zero-padded), each panel's rows contiguous.
Tensor pack(const Tensor& b);

// Whether sgemm() applies every one of these epilogue steps: add/sub/mul/div with an operand,
// relu, scale-and-shift, abs, sqrt. (A chain with any other step runs through oneDNN.)
bool supports(std::span<const Epilogue> steps);

// out = steps(a @ b) for float32 a [M, K] (any strides), b packed by pack() from a [K, N], and
// out [M, N] float32 with unit-stride rows. Binary steps' operands broadcast to [M, N] (rank
// at most 2, any strides) and must not overlap `out` (partial sums are written there before
// the epilogue reads them). Splits the columns across num_threads(). Throws kiln::Error for
// operands it cannot take.
void sgemm(const Tensor& a, const Tensor& packed_b, std::span<const Epilogue> steps,
           std::span<const Tensor> operands, Tensor& out);

}  // namespace kiln::gemm
