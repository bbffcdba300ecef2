// runtime/simd.h — small AVX2 helpers shared by kiln's hand-written kernels (gemm, the NCHW
// convolutions). AVX2's masked stores (vmaskmovps) are microcoded and slow on AMD CPUs (a
// depthwise convolution of 7x7 planes spent 40% of its time in them on Zen 2); masked loads
// are not. So partial vectors are loaded masked and stored piecewise.
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "runtime/epilogue.h"

namespace kiln::simd {

// A mask of the first n lanes (n in [0, 8]).
inline __m256i lanes_below(int64_t n) {
  return _mm256_cmpgt_epi32(_mm256_set1_epi32(int(n)), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

// d[0, n) = v's first n lanes, n in [0, 8).
inline void store_first(float* d, __m256 v, int64_t n) {
  __m128 part = _mm256_castps256_ps128(v);
  if (n >= 4) {
    _mm_storeu_ps(d, part);
    part = _mm256_extractf128_ps(v, 1);
    d += 4;
    n -= 4;
  }
  if (n >= 2) {
    _mm_storel_pi(reinterpret_cast<__m64*>(d), part);
    part = _mm_movehl_ps(part, part);
    d += 2;
    n -= 2;
  }
  if (n >= 1) _mm_store_ss(d, part);
}

// The even and odd columns of the 16 values lo, hi: even[i] = (lo|hi)[2i], odd[i] = [2i + 1].
inline void deinterleave(__m256 lo, __m256 hi, __m256& even, __m256& odd) {
  // per 128-bit lane [lo0 lo2 hi0 hi2 | lo4 lo6 hi4 hi6]: then the 64-bit pairs put in order
  __m256 e = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
  __m256 o = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
  even = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(e), _MM_SHUFFLE(3, 1, 2, 0)));
  odd = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(o), _MM_SHUFFLE(3, 1, 2, 0)));
}

// The same for the 16 values at s.
inline void deinterleave(const float* s, __m256& even, __m256& odd) {
  deinterleave(_mm256_loadu_ps(s), _mm256_loadu_ps(s + 8), even, odd);
}

// r[0..8) as the rows of an 8x8 block, transposed in place.
inline void transpose8x8(__m256* r) {
  __m256 t[8], u[8];
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 8; i += 4) {
    u[i] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], _MM_SHUFFLE(3, 2, 3, 2));
    u[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(1, 0, 1, 0));
    u[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], _MM_SHUFFLE(3, 2, 3, 2));
  }
  for (int i = 0; i < 4; ++i) {
    r[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
    r[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
  }
}

// One epilogue step on 8 values, `b` its operand's (binary steps): gemm's epilogue and the
// convolutions' accumulators run the same code. relu keeps NaN and gives +0 for -0
// and negatives, as eager does: max(0, v) returns v when v is NaN, and -0 + 0 is +0.
template <EpiOp Op>
inline __m256 epilogue_op(__m256 v, __m256 b, float alpha, float beta) {
  if constexpr (Op == EpiOp::Add) return _mm256_add_ps(v, b);
  if constexpr (Op == EpiOp::Sub) return _mm256_sub_ps(v, b);
  if constexpr (Op == EpiOp::Mul) return _mm256_mul_ps(v, b);
  if constexpr (Op == EpiOp::Div) return _mm256_div_ps(v, b);
  if constexpr (Op == EpiOp::Relu)
    return _mm256_add_ps(_mm256_max_ps(_mm256_setzero_ps(), v), _mm256_setzero_ps());
  if constexpr (Op == EpiOp::Linear) {  // (a product by a constant keeps -0, as eager's mul does)
    v = _mm256_mul_ps(_mm256_set1_ps(alpha), v);
    return beta == 0 ? v : _mm256_add_ps(v, _mm256_set1_ps(beta));
  }
  if constexpr (Op == EpiOp::Abs) return _mm256_andnot_ps(_mm256_set1_ps(-0.f), v);
  if constexpr (Op == EpiOp::Sqrt) return _mm256_sqrt_ps(v);
  if constexpr (Op == EpiOp::Clamp) {  // eager's v < lo ? lo : v, then v > hi ? hi : v (NaN and
                                       // -0 kept: the value is max's and min's second operand)
    v = _mm256_max_ps(_mm256_set1_ps(alpha), v);
    return _mm256_min_ps(_mm256_set1_ps(beta), v);
  }
  return v;
}

}  // namespace kiln::simd
