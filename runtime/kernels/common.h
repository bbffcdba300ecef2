// runtime/kernels/common.h — dtype dispatch restricted to what a kernel family takes, so
// each functor is only instantiated for types it is defined on.
#pragma once

#include <cmath>
#include <type_traits>

#include "runtime/kernels/kernels.h"
#include "runtime/strided.h"

namespace kiln::kernels {

template <class F>
void visit_float(DType t, F&& f) {
  switch (t) {
    case DType::Float16:
      f.template operator()<Half>();
      return;
    case DType::BFloat16:
      f.template operator()<BFloat16>();
      return;
    case DType::Float64:
      f.template operator()<double>();
      return;
    default:
      f.template operator()<float>();
      return;
  }
}

template <class F>
void visit_numeric(DType t, F&& f) {  // everything but bool
  switch (t) {
    case DType::UInt8:
      f.template operator()<uint8_t>();
      return;
    case DType::Int8:
      f.template operator()<int8_t>();
      return;
    case DType::Int32:
      f.template operator()<int32_t>();
      return;
    case DType::Int64:
      f.template operator()<int64_t>();
      return;
    default:
      visit_float(t, f);
  }
}

template <class F>
void visit_integral(DType t, F&& f) {  // integers and bool
  switch (t) {
    case DType::Bool:
      f.template operator()<bool>();
      return;
    case DType::UInt8:
      f.template operator()<uint8_t>();
      return;
    case DType::Int8:
      f.template operator()<int8_t>();
      return;
    case DType::Int32:
      f.template operator()<int32_t>();
      return;
    default:
      f.template operator()<int64_t>();
      return;
  }
}

// Integer arithmetic that wraps like PyTorch's instead of being undefined on overflow.
template <class T>
inline T wrap_add(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return T(std::make_unsigned_t<T>(a) + std::make_unsigned_t<T>(b));
  else
    return a + b;
}
template <class T>
inline T wrap_sub(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
    return T(std::make_unsigned_t<T>(a) - std::make_unsigned_t<T>(b));
  else
    return a - b;
}
template <class T>
inline T wrap_mul(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::conditional_t<(sizeof(T) < sizeof(unsigned)), unsigned, std::make_unsigned_t<T>>;
    return T(U(a) * U(b));
  } else {
    return a * b;
  }
}

// Moves `dims` of x to the end and returns a contiguous tensor viewed as [rows, cols], where
// rows enumerate the remaining dims in order and cols the moved ones.
struct Rows {
  Tensor data;  // contiguous
  int64_t rows = 1, cols = 1;
  Shape perm;  // the permutation applied to x
};
Rows as_rows(const Tensor& x, const std::vector<int64_t>& dims);
// Normalised sorted dims from a reduction's "dims" attribute (empty = all).
std::vector<int64_t> reduction_dims(const OpCall& call, const Shape& dims, int64_t rank);
// Writes a [rows, cols] contiguous result laid out in `perm` order back into out.
void unpermute_into(Tensor& out, const Tensor& rows_result, const Shape& perm);

// A strided 2-D operand: element (i, j) at p[i * s0 + j * s1].
template <class T>
struct Mat {
  const T* p;
  int64_t s0, s1;
};
// c[M, N] (row stride ldc) = a[M, K] @ b[K, N]. float uses oneDNN; others a plain loop.
template <class T>
void gemm(int64_t M, int64_t N, int64_t K, Mat<T> a, Mat<T> b, T* c, int64_t ldc);

}  // namespace kiln::kernels
