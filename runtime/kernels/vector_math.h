// runtime/kernels/vector_math.h — scalar code written so the compiler vectorises it:
// float32 erf and tanh without libm calls (libmvec has no vector erff/tanhf that clang maps),
// and reductions split over independent lanes (a single running sum or max cannot be
// vectorised without reassociating, which kiln does not allow globally).
//
// fast_erf: |x| <= 1: x * P(x^2), P of degree 6; 1 < |x| < 4: 1 - exp(-x^2) * Q(1/|x|), Q of
// degree 9; beyond 4 erf is 1 in float. Coefficients are least-squares fits on Chebyshev
// nodes made for kiln (relative error of the fits 1.6e-9 and 2.1e-8); evaluated in float the
// result is within 2.5 ulp of erf (tanh: 1.5 ulp) over all inputs (checked against std::erf in the
// tests).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace kiln::kernels {

inline float fast_erf(float x) {
  float ax = std::fmin(std::fabs(x), 4.0f);
  float u = ax * ax;
  float p = 7.933493810519e-05f;
  p = p * u - 0.0008034846624004154f;
  p = p * u + 0.005191218373938306f;
  p = p * u - 0.026855399449850183f;
  p = p * u + 0.11283625725014669f;
  p = p * u - 0.3761262987766598f;
  p = p * u + 1.1283791665931502f;
  float small = ax * p;
  float t = 1.0f / std::fmax(ax, 1.0f);
  float q = 0.028223217469660954f;
  q = q * t - 0.16586221705034981f;
  q = q * t + 0.40480200741736766f;
  q = q * t - 0.49102227592244324f;
  q = q * t + 0.19884866691062955f;
  q = q * t + 0.2523991172511709f;
  q = q * t - 0.3838005146248965f;
  q = q * t + 0.022321134456205614f;
  q = q * t + 0.5615409327423747f;
  q = q * t + 0.00013351183097447548f;
  // exp(-x^2) with x^2's rounding error put back (fma gives it exactly): exp(-u - du).
  float du = std::fma(ax, ax, -u);
  float large = 1.0f - std::exp(-u) * (1.0f - du) * q;
  float r = std::copysign(ax <= 1.0f ? small : large, x);
  return x != x ? x : r;  // NaN in, NaN out
}
inline double fast_erf(double x) { return std::erf(x); }

// tanh: |x| < 0.625: x * P(x^2), P of degree 6 (fit error 1.7e-10); else 1 - 2 / (e^{2|x|} + 1).
inline float fast_tanh(float x) {
  float ax = std::fabs(x);
  float u = x * x;
  float p = 0.0021469229289627807f;
  p = p * u - 0.008181583343884793f;
  p = p * u + 0.021702233660385706f;
  p = p * u - 0.0539469674475653f;
  p = p * u + 0.1333320598775142f;
  p = p * u - 0.33333330639078373f;
  p = p * u + 0.9999999999416019f;
  float small = ax * p;
  float large = 1.0f - 2.0f / (std::exp(2.0f * ax) + 1.0f);
  float r = std::copysign(ax < 0.625f ? small : large, x);
  return x != x ? x : r;
}
inline double fast_tanh(double x) { return std::tanh(x); }

inline constexpr int kLanes = 16;

// Sum of f(j) for j in [0, n), accumulated in Acc over kLanes independent lanes.
template <class Acc, class F>
inline Acc lane_sum(int64_t n, F f) {
  Acc acc[kLanes] = {};
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int k = 0; k < kLanes; ++k) acc[k] += Acc(f(j + k));
  for (; j < n; ++j) acc[0] += Acc(f(j));
  Acc s = 0;
  for (int k = 0; k < kLanes; ++k) s += acc[k];
  return s;
}

// Largest f(j) (NaN-blind: callers that must propagate NaN do so through later arithmetic).
template <class T, class F>
inline T lane_max(int64_t n, T init, F f) {
  T acc[kLanes];
  for (int k = 0; k < kLanes; ++k) acc[k] = init;
  int64_t j = 0;
  for (; j + kLanes <= n; j += kLanes)
    for (int k = 0; k < kLanes; ++k) {
      T v = f(j + k);
      acc[k] = v > acc[k] ? v : acc[k];
    }
  for (; j < n; ++j) {
    T v = f(j);
    acc[0] = v > acc[0] ? v : acc[0];
  }
  T m = init;
  for (int k = 0; k < kLanes; ++k) m = acc[k] > m ? acc[k] : m;
  return m;
}

// Rows shorter than this vectorise badly one at a time (a row of 10 leaves every exp to the
// scalar remainder of a 16-lane loop): row_block_exps takes them a block at a time.
inline constexpr int64_t kShortRow = 64;

// For `rows` contiguous rows of n (< kShortRow) elements of x, a block of rows at a time: each
// row's largest element m (NaN-blind) and shift = shift_of(m), then exp(x - shift) for the
// whole block in one loop (which vectorises across rows), then row(i, m, shift, exps of row i)
// for each row i of [0, rows).
template <class C, class T, class ShiftOf, class Row>
inline void row_block_exps(const T* x, int64_t rows, int64_t n, ShiftOf shift_of, Row row) {
  constexpr int64_t kBlock = 2048;
  C ex[kBlock], ms[kBlock], shifts[kBlock];
  int64_t per = kBlock / n;
  for (int64_t r0 = 0; r0 < rows; r0 += per) {
    int64_t nr = per < rows - r0 ? per : rows - r0;
    const T* xb = x + r0 * n;
    for (int64_t i = 0; i < nr; ++i) {
      C m = -std::numeric_limits<C>::infinity();
      for (int64_t j = 0; j < n; ++j) m = C(xb[i * n + j]) > m ? C(xb[i * n + j]) : m;
      ms[i] = m;
      shifts[i] = shift_of(m);
      for (int64_t j = 0; j < n; ++j) ex[i * n + j] = C(xb[i * n + j]) - shifts[i];
    }
    for (int64_t k = 0; k < nr * n; ++k) ex[k] = std::exp(ex[k]);
    for (int64_t i = 0; i < nr; ++i) row(r0 + i, ms[i], shifts[i], ex + i * n);
  }
}

}  // namespace kiln::kernels
