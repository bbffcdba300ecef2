// runtime/simd.h — small AVX2 helpers shared by kiln's hand-written kernels (gemm, the NCHW
// convolutions). AVX2's masked stores (vmaskmovps) are microcoded and slow on AMD CPUs (a
// depthwise convolution of 7x7 planes spent 40% of its time in them on Zen 2); masked loads
// are not. So partial vectors are loaded masked and stored piecewise.
#pragma once

#include <immintrin.h>

#include <cstdint>

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

}  // namespace kiln::simd
