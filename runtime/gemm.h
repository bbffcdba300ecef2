// runtime/gemm.h — kiln's own float32 matrix product over weights packed once, with the matmul
// epilogue (bias, ReLU, residual, scale and shift) applied to each output tile while it is in
// registers' reach. It exists for the products oneDNN 2.6 runs slowly on AVX2 hosts: a batch
// of 64 rows through a [2048, 2048] layer ran at 0.73 of dnnl_sgemm's square-matrix speed
// (B3); blocked for the caches over packed weights it runs at ~0.9-0.95. The executor does not
// assume it is faster: matmul_with_epilogue times it against oneDNN per shape and keeps the
// faster one (runtime/kernels/matmul_epilogue.cpp).
#pragma once

#include <cstdint>
#include <span>

#include "kiln/tensor.h"
#include "runtime/epilogue.h"

namespace kiln::gemm {

// b [K, N] (float32, any strides) in the layout sgemm() reads: K cut into blocks of at most
// 256 rows; in each block, panels of 16 columns (the last zero-padded), each panel's rows
// contiguous. K * round_up(N, 16) floats.
Tensor pack(const Tensor& b);

// Whether sgemm() applies these epilogue steps (the rest stay with oneDNN's post-ops):
// add/sub/mul/div with an operand or a constant, relu, abs, sqrt.
bool supports(std::span<const Epilogue> steps);

// out = steps(a @ b) for float32 a [M, K] (any strides), b packed by pack() from a [K, N], and
// out [M, N] float32 with unit-stride rows. Binary steps' operands broadcast to [M, N] (rank
// at most 2, any strides). Splits the columns across num_threads().
void sgemm(const Tensor& a, const Tensor& packed_b, std::span<const Epilogue> steps,
           std::span<const Tensor> operands, Tensor& out);

}  // namespace kiln::gemm
