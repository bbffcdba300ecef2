// runtime/gemm.h — kiln's own float32 matrix product over weights packed once, with the matmul
// epilogue (bias, ReLU, residual, scale and shift) applied to each output tile while it is in
// L1. It exists for the products oneDNN 2.6 runs slowly on AVX2 hosts: B3's [64, 2048] @
// [2048, 2048] layer took 17 ms through oneDNN's packed matmul primitive and ~8 ms through
// dnnl_sgemm, 5.7-6.0 ms (91-95 GFLOP/s) here, at one thread on Zen 2. On AVX-512 hosts its
// 14x32 tiles beat dnnl_sgemm on such skinny products too (155-160 vs 100-130 GFLOP/s on one
// Granite Rapids core). The executor does not assume it is faster: matmul_with_epilogue
// races it against oneDNN per size class and keeps it unless oneDNN's is more than 3% faster
// (runtime/kernels/matmul_epilogue.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kiln/tensor.h"
#include "runtime/epilogue.h"

namespace kiln::gemm {

// b [K, N] (float32, any strides) in the layout sgemm() reads, as a [K, round_up(N, 16)]
// tensor: K cut into blocks of at most 256 rows; in each block, panels of 16 columns (the last
// zero-padded), each panel's rows contiguous.
Tensor pack(const Tensor& b);

// Whether sgemm() and apply() take every one of these epilogue steps: add/sub/mul/div with an
// operand, relu, scale-and-shift, abs, sqrt, clamp. (A chain with any other step runs through
// oneDNN.)
bool supports(std::span<const Epilogue> steps);

// out = steps(a @ b) for float32 a [M, K] (any strides), b packed by pack() from a [K, N], and
// out [M, N] float32 with unit-stride rows. Binary steps' operands broadcast to [M, N] (rank
// at most 2, any strides) and must not overlap `out` (partial sums are written there before
// the epilogue reads them). Splits the columns across num_threads() (or, much taller than
// wide, the rows). Throws kiln::Error for operands it cannot take.
// `packed_a`, when given, is pack_rows(a): a left operand that stays the same (a 1x1
// convolution's weights) packed once instead of per call.
void sgemm(const Tensor& a, const Tensor& packed_b, std::span<const Epilogue> steps,
           std::span<const Tensor> operands, Tensor& out, const Tensor& packed_a = Tensor());

// As sgemm, with b [K, N] (float32, any strides) as it is: each 16-column panel is packed per K
// block into a buffer in L1 just before its tiles use it, the next one prefetched meanwhile
// (for a b used once, such as a 1x1 convolution's input: no separate pass over it).
void sgemm_unpacked(const Tensor& a, const Tensor& b, std::span<const Epilogue> steps,
                    std::span<const Tensor> operands, Tensor& out,
                    const Tensor& packed_a = Tensor());

// c = a @ b for pointers and strides, as sgemm_unpacked without an epilogue: a [M, K] with
// element (i, k) at a[i * sa0 + k * sa1], b [K, N] with element (k, n) at b[k * sk + n * sn], c
// [M, N] with unit-stride rows ldc apart (eager float32 matmuls of a few rows by a transposed
// weight, x @ W^T, which dnnl_sgemm runs slowly). The caller vouches for the extents.
void sgemm_plain(const float* a, int64_t sa0, int64_t sa1, int64_t M, int64_t K, const float* b,
                 int64_t sk, int64_t sn, int64_t N, float* c, int64_t ldc);

// c = a @ b when it is a matrix-vector product over unit-stride rows, else false (nothing
// written): one row of a by a b [K, N] whose columns are unit-stride (x @ W^T for a weight W
// [N, K]), or a [M, K] with unit-stride rows by one column of b (W @ x). a [M, K] has element
// (i, k) at a[i * sa0 + k * sa1], b element (k, n) at b[k * sb0 + n * sb1]; c has unit-stride
// rows ldc apart. Bound by reading the matrix once, which it streams row by row, split across
// the threads: faster than dnnl_sgemm and than either packed product (see gemm.cpp).
bool gemv(int64_t M, int64_t N, int64_t K, const float* a, int64_t sa0, int64_t sa1, const float* b,
          int64_t sb0, int64_t sb1, float* c, int64_t ldc);

// An epilogue operand over an [M, N] product as a pointer and strides: element (i, j) at
// p[i * s0 + j * s1] (a stride of 0 broadcasts).
struct OperandView {
  const float* p;
  int64_t s0, s1;
};

// sgemm with a, out and the operands as pointers and strides: no Tensor and no allocation per
// call (a convolution's products, image by image and slab by slab). a [M, K] has element (i, k)
// at a[i * sa0 + k * sa1]; out [M, N] has unit-stride rows ldc apart; packed_b is pack()'s of a
// [K, N]; each binary step's operand is operands[step.operand] and must not overlap out. The
// caller vouches for the extents; steps must be ones supports() takes (else kiln::Error).
void sgemm_views(const float* a, int64_t sa0, int64_t sa1, int64_t M, int64_t K,
                 const Tensor& packed_b, std::span<const Epilogue> steps,
                 std::span<const OperandView> operands, float* out, int64_t ldc, int64_t N);

// out[i] = steps(a[i] @ b[i]) over the batch dims of out [..., M, N] (float32, unit-stride
// rows), for a [..., M, K] and b [..., K, N] (float32, any strides, b as sgemm_unpacked reads
// it) whose batch dims broadcast to out's; binary steps' operands broadcast to out's whole
// shape and must not overlap out (as sgemm's). With enough products to share evenly (as many
// as threads, a multiple, or two each) each thread runs whole products, else they run one at
// a time, each split across the threads. No Tensor is made per product. Throws kiln::Error
// for shapes or operands it cannot take.
void sgemm_batched(const Tensor& a, const Tensor& b, std::span<const Epilogue> steps,
                   std::span<const Tensor> operands, Tensor& out);

// How many tiles of columns (in one step: a block of rows by a K block) threads have computed
// in work taken over from another thread's share, since the process started (with a packed b
// split by columns, a thread done with its share takes part of a slower one's; tests check
// that it happens).
int64_t tiles_taken_over();

namespace detail {
// For tests: the thread that starts with share `share` (0-based) of a later product's tiles
// waits before its first step until some thread has taken over tiles of the product (any
// share's: with three or more, maybe another's; at most two seconds), and `us` microseconds
// after each step it finishes (share -1: none).
void hold_share_owner(int64_t share, int64_t us);
// For tests: a product's shared tiles run on at most `threads` threads (0: as many as shares),
// as when OpenMP gives a smaller team than asked for.
void cap_team(int64_t threads);
}  // namespace detail

// a [M, K] (float32, any strides) in the order sgemm() packs it per call, for `packed_a`.
Tensor pack_rows(const Tensor& a);

// Epilogue steps checked once against an output tensor, then applied block by block (by a
// kernel that writes `out` in pieces while each is in cache).
class Bound {
 public:
  Bound(std::span<const Epilogue> steps, std::span<const Tensor> operands, const Tensor& out);
  bool empty() const { return steps_.empty(); }
  // Its step when there is exactly one and it reads no operand (relu, clamp, ...): a kernel may
  // run it on its accumulators (simd::epilogue_op) instead of calling apply() on its output.
  std::optional<Epilogue> single_eltwise() const;
  // The steps over the block of `rows` x `cols` elements at y (rows ldy apart, columns unit
  // stride) whose first element is out[index...] (a full index), its rows along `row_dim` and
  // its columns along out's last dim.
  void apply(const int64_t* index, size_t row_dim, float* y, int64_t ldy, int64_t rows,
             int64_t cols) const;

 private:
  struct BoundStep {
    EpiOp op;
    float alpha, beta;
    const float* p;  // a binary step's operand at index 0 (null for eltwise steps)
    Shape strides;   // its strides over out's dims (0 where it broadcasts)
  };
  Shape out_shape_;
  std::vector<BoundStep> steps_;
};

// out = steps(out) in place, for a float32 `out` of any rank and layout (rows along its smallest
// stride); binary steps' operands broadcast to it (any strides; they must not overlap it).
// What runs the steps oneDNN cannot (clamp) after its primitive.
void apply(std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out);

}  // namespace kiln::gemm
