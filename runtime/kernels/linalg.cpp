// runtime/kernels/linalg.cpp — matmul (torch.matmul's 1-D/2-D/N-D rules), mm, bmm and linear.
// float32 goes to oneDNN's dnnl_sgemm (AVX-512 kernels chosen by CPU features; transposed
// operands are passed as such, not copied), but for batches of products on several threads
// (kiln's gemm, a batch per thread: see matmul_into) and 16-128 rows (512 on several threads)
// by a transposed weight (kiln's gemm: see sgemm()); float16/bfloat16 compute through float32;
// float64 and integers use a plain cache-friendly loop.
#include <dnnl.h>
#include <fmt/format.h>

#include "runtime/gemm.h"
#include "runtime/kernels/common.h"

namespace kiln::kernels {

namespace {

// How dnnl_sgemm can read a row-major operand of shape [rows, cols]: 'N' with ld, 'T' with ld,
// or not at all (then the caller copies it).
bool blas_layout(int64_t rows, int64_t cols, int64_t s0, int64_t s1, char& trans, int64_t& ld) {
  if ((s1 == 1 || cols == 1) && (s0 >= cols || rows == 1)) {
    trans = 'N';
    ld = rows == 1 ? std::max<int64_t>(cols, 1) : std::max<int64_t>(s0, 1);
    return ld >= cols;
  }
  if ((s0 == 1 || rows == 1) && (s1 >= rows || cols == 1)) {
    trans = 'T';
    ld = cols == 1 ? std::max<int64_t>(rows, 1) : std::max<int64_t>(s1, 1);
    return ld >= rows;
  }
  return false;
}

void sgemm(int64_t M, int64_t N, int64_t K, Mat<float> a, Mat<float> b, float* c, int64_t ldc) {
  if (M == 0 || N == 0) return;
  if (K == 0) {
    for (int64_t i = 0; i < M; ++i) std::fill(c + i * ldc, c + i * ldc + N, 0.f);
    return;
  }
  // One output row or column whose matrix operand has unit-stride rows along K (x @ W^T with
  // W a [N, K] weight, or W @ x): a matrix-vector product.
  if (gemm::gemv(M, N, K, a.p, a.s0, a.s1, b.p, b.s0, b.s1, c, ldc)) return;
  // 16-128 rows by a transposed b, up to 512 on several threads, run through kiln's gemm,
  // which packs b's panels as it goes: dnnl_sgemm reads such a b slowly. On the Zen 5 guest,
  // 1T / 2T: x @ W^T (an nn.Linear layer's product, W [N, K] with unit-stride rows) [64, 2048]
  // @ [2048, 2048]^T 3.57 / 4.12 -> 3.10 / 1.66 ms; [16, 1024] @ [1024, 1024]^T 0.47 / 0.85 ->
  // 0.27 / 0.14; [32, 256] @ [256, 256]^T 56 / 19 -> 22 / 13 us; at 2T [256, 1024] @ [1024,
  // 1024]^T 1.94 -> 1.40 ms, [512, 512] @ [512, 512]^T 0.85 -> 0.70. A convolution's weight
  // gradient g @ col^T: [64, 3136] @ [3136, 576]^T 1.9-2.2 / 0.75 -> 1.2-1.35 / 0.58-0.60 ms,
  // [128, 784] @ [784, 1152]^T 1.07-1.11 / 0.64 -> 1.11-1.24 / 0.54-0.56. Attention's q @ k^T
  // per batch at 1T (B4's): 0.32-0.37 ms either way. With fewer rows packing the panels costs
  // more than the product ([4, 1024] @ [1024, 1024]^T: 83 -> 110 us at 1T); with more (M = 256
  // at 1T: 2.54 vs 2.67 ms for [256, 1024] @ [1024, 1024]^T; 1024 at 2T) or an untransposed b,
  // dnnl_sgemm is as fast or faster.
  const int64_t most = num_threads() > 1 && !omp_in_parallel() ? 512 : 128;
  if (M >= 16 && M <= most && N > 1 && b.s0 == 1 && b.s1 >= K) {
    gemm::sgemm_plain(a.p, a.s0, a.s1, M, K, b.p, b.s0, b.s1, N, c, ldc);
    return;
  }
  // An operand dnnl_sgemm cannot read as it is (no unit stride) is packed row-major first.
  auto layout = [](int64_t rows, int64_t cols, Mat<float>& m, std::vector<float>& packed,
                   char& trans, int64_t& ld) {
    if (blas_layout(rows, cols, m.s0, m.s1, trans, ld)) return;
    packed.resize(size_t(rows * cols));
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j) packed[i * cols + j] = m.p[i * m.s0 + j * m.s1];
    m = {packed.data(), cols, 1};
    trans = 'N';
    ld = cols;
  };
  char ta, tb;
  int64_t lda, ldb;
  std::vector<float> ca, cb;
  layout(M, K, a, ca, ta, lda);
  layout(K, N, b, cb, tb, ldb);
  bind_library_threads();
  dnnl_status_t st = dnnl_sgemm(ta, tb, M, N, K, 1.f, a.p, lda, b.p, ldb, 0.f, c, ldc);
  if (st != dnnl_success)
    throw Error(fmt::format("matmul: oneDNN sgemm failed with status {} (M={}, N={}, K={})",
                            int(st), M, N, K));
}

template <class T>
void naive_gemm(int64_t M, int64_t N, int64_t K, Mat<T> a, Mat<T> b, T* c, int64_t ldc) {
  using Acc = std::conditional_t<std::is_integral_v<T>, T, double>;
  parallel_for(M, N * K, [&](int64_t i0, int64_t i1) {
    std::vector<Acc> row(static_cast<size_t>(N));
    for (int64_t i = i0; i < i1; ++i) {
      std::fill(row.begin(), row.end(), Acc(0));
      for (int64_t k = 0; k < K; ++k) {
        Acc av = Acc(a.p[i * a.s0 + k * a.s1]);
        const T* bk = b.p + k * b.s0;
        for (int64_t j = 0; j < N; ++j) row[j] = wrap_add(row[j], wrap_mul(av, Acc(bk[j * b.s1])));
      }
      for (int64_t j = 0; j < N; ++j) c[i * ldc + j] = T(row[j]);
    }
  });
}

}  // namespace

template <class T>
void gemm(int64_t M, int64_t N, int64_t K, Mat<T> a, Mat<T> b, T* c, int64_t ldc) {
  if constexpr (std::is_same_v<T, float>)
    sgemm(M, N, K, a, b, c, ldc);
  else
    naive_gemm(M, N, K, a, b, c, ldc);
}
template void gemm(int64_t, int64_t, int64_t, Mat<float>, Mat<float>, float*, int64_t);
template void gemm(int64_t, int64_t, int64_t, Mat<double>, Mat<double>, double*, int64_t);

namespace {

// out (contiguous, the matmul result shape) = a @ b with torch.matmul's rules; a, b same dtype.
void matmul_into(const Tensor& a0, const Tensor& b0, Tensor& out) {
  DType dt = a0.dtype();
  if (dt == DType::Float16 || dt == DType::BFloat16) {
    Tensor tmp = empty_tensor(out.shape(), DType::Float32);
    matmul_into(a0.to(DType::Float32), b0.to(DType::Float32), tmp);
    copy_into(out, tmp);
    return;
  }
  Tensor a = a0.dim() == 1 ? a0.unsqueeze(0) : a0;
  Tensor b = b0.dim() == 1 ? b0.unsqueeze(-1) : b0;
  int64_t M = a.shape()[a.dim() - 2], K = a.shape()[a.dim() - 1], N = b.shape()[b.dim() - 1];
  // A 2-D right operand: fold the left operand's batch dims into M when they are contiguous.
  if (b.dim() == 2 && a.dim() > 2) {
    Tensor flat;
    try {
      flat = a.view({-1, K});
    } catch (const Error&) {
      flat = a.contiguous().view({-1, K});
    }
    a = flat;
    M = a.shape()[0];
  }
  Shape ba(a.shape().begin(), a.shape().end() - 2), bb(b.shape().begin(), b.shape().end() - 2);
  size_t nb = std::max(ba.size(), bb.size());
  Shape batch(nb, 1);
  for (size_t i = 0; i < nb; ++i) {
    int64_t x = i + ba.size() >= nb ? ba[i + ba.size() - nb] : 1;
    int64_t y = i + bb.size() >= nb ? bb[i + bb.size() - nb] : 1;
    batch[i] = x == 1 ? y : x;
  }
  Shape sa = batch, sb = batch;
  sa.insert(sa.end(), {M, K});
  sb.insert(sb.end(), {K, N});
  Tensor A = a.expand(sa), B = b.expand(sb);
  int64_t nbatch = numel_of(batch);
  // The offsets of batch bi's matrices from A's and B's first elements.
  auto offsets = [&](int64_t bi, int64_t& oa, int64_t& ob) {
    oa = ob = 0;
    for (int64_t d = int64_t(nb) - 1, rem = bi; d >= 0; --d) {
      int64_t idx = rem % batch[d];
      rem /= batch[d];
      oa += idx * A.strides()[d];
      ob += idx * B.strides()[d];
    }
  };
  // A batch of float32 products (attention's q @ k^T and att @ v) on several threads: the
  // batches split across the threads, each product through kiln's gemm on one thread (a in
  // place, b packed per call), where dnnl_sgemm splits each product across the threads. B4's
  // [32, 128, 128] @ [32, 128, 64] at 2T: 0.33 -> 0.27 ms. And no kernels are generated at run
  // time: dnnl_sgemm's first call in a process generates its kernels (22 ms of B4's first call
  // with a warm cache). Only where kiln's product measured faster: at 1T dnnl_sgemm is 8-15%
  // faster on these shapes, and kiln's is slower on small products (each call costs ~1 us
  // more: [32, 32, 32] @ [32, 32, 64] 0.5x) and on wide ones (more than 128 columns, where
  // it packs a). (gemm::sgemm_batched; not inside a parallel region, where each product
  // would run on one thread.)
  if (dt == DType::Float32 && !omp_in_parallel() && num_threads() > 1 &&
      nbatch >= 2 * num_threads() && M > 1 && N > 1 && N <= 128 &&
      M * N * K >= (int64_t(1) << 19)) {
    Shape os = batch;
    os.insert(os.end(), {M, N});
    Tensor o = out.as_strided(os, contiguous_strides(os), out.offset());
    gemm::sgemm_batched(A, B, {}, {}, o);
    return;
  }
  visit_numeric(dt, [&]<class T>() {
    T* o = static_cast<T*>(out.data_ptr());
    const T* pa = static_cast<const T*>(A.data_ptr());
    const T* pb = static_cast<const T*>(B.data_ptr());
    for (int64_t bi = 0; bi < nbatch; ++bi) {
      int64_t oa, ob;
      offsets(bi, oa, ob);
      gemm<T>(M, N, K, {pa + oa, A.strides()[nb], A.strides()[nb + 1]},
              {pb + ob, B.strides()[nb], B.strides()[nb + 1]}, o + bi * M * N, N);
    }
  });
}

}  // namespace

void matmul(const OpCall& c, std::span<Tensor> out) { matmul_into(c.in[0], c.in[1], out[0]); }
void mm(const OpCall& c, std::span<Tensor> out) { matmul_into(c.in[0], c.in[1], out[0]); }
void bmm(const OpCall& c, std::span<Tensor> out) { matmul_into(c.in[0], c.in[1], out[0]); }

void linear(const OpCall& c, std::span<Tensor> out) {
  matmul_into(c.in[0], c.in[1].t(), out[0]);
  if (c.has_input(2)) {
    Tensor bias = c.in[2];
    Tensor y = out[0];
    Tensor both[] = {y, bias};
    Attrs none;
    OpCall addc{"linear", both, none, c.loc};
    add(addc, std::span<Tensor>(&out[0], 1));
  }
}

}  // namespace kiln::kernels
