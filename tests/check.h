// tests/check.h — comparing tensors in tests: values as double, NaN equal to NaN, tolerances
// by dtype. Failures print both tensors.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "kiln/kiln.h"

namespace kiln::test {

struct Tol {
  double rtol, atol;
};

inline Tol default_tol(DType d) {
  switch (d) {
    case DType::Float64:
      return {1e-10, 1e-12};
    case DType::Float32:
      return {1e-5, 1e-6};
    case DType::Float16:
      return {2e-3, 1e-3};
    case DType::BFloat16:
      return {1.6e-2, 1e-2};
    default:
      return {0, 0};
  }
}

// Compiled (fused, generated) float32 kernels against eager, per op class (docs/CODEGEN.md §7
// gives the causes and the errors measured; the test "compiled float32 ops stay within their
// class's tolerance" holds each op to its class):
// - IEEE pointwise ops (add, sub, mul, div, sqrt, rsqrt, min/max, comparisons, casts,
//   rounding, where): one rounding each, as eager; fusion may contract a * b + c into one FMA
//   (one rounding fewer: <= 1 ulp, more relative to a result that cancels).
inline constexpr Tol kFusedPointwiseTol{1e-5, 1e-7};
// - Approximated functions (exp, exp2, log, log2, log1p, expm1, pow, tanh, erf, sin, cos and
//   the ops built on them: sigmoid, silu, gelu, softplus, elu): MLIR's polynomials and kiln's
//   erf fit, <= 6 ulp relative, and <= 7e-7 absolute near the function's zeros (sin, cos, and
//   1 + erf(x) in gelu for x < -3), where relative error grows without bound.
inline constexpr Tol kFusedApproxTol{1e-5, 2e-6};
// - Reductions and the normalisations built on them (sum, mean, prod, amax, amin, softmax,
//   log_softmax, logsumexp, layer_norm, rms_norm, var, std): sums accumulate in 16-64 lanes in
//   another order than eager's (eager's var/std/rms_norm/logsumexp accumulate in double);
//   softmax over 1e5 elements and layer_norm's centred values near 0 measured up to 3.4e-5.
inline constexpr Tol kFusedReductionTol{5e-5, 1e-6};
// - Chains mixing the classes (the 1,000 random programs): 2e-5 relative covers ~15 ops.
// Integer and bool results are exact (a tolerance below 1 never admits a wrong integer here).
inline constexpr Tol kFusedTol{2e-5, 2e-6};

// Why `got` differs from `want` (shape, dtype or a value), or "" when they match.
inline std::string mismatch(const Tensor& got, const Tensor& want, Tol tol) {
  if (got.shape() != want.shape())
    return "shape " + shape_str(got.shape()) + " != " + shape_str(want.shape());
  auto g = got.tolist<double>(), w = want.tolist<double>();
  for (size_t i = 0; i < g.size(); ++i) {
    double a = g[i], b = w[i];
    if (std::isnan(a) && std::isnan(b)) continue;
    if (a == b) continue;
    if (std::fabs(a - b) <= tol.atol + tol.rtol * std::fabs(b)) continue;
    return "element " + std::to_string(i) + ": got " + std::to_string(a) + ", want " +
           std::to_string(b);
  }
  return "";
}

// Each argument is evaluated once (they may be calls with side effects).
#define KILN_CHECK_CLOSE(got, want, tol)                                 \
  do {                                                                   \
    const ::kiln::Tensor got_ = (got);                                   \
    const ::kiln::Tensor want_ = (want);                                 \
    std::string why_ = ::kiln::test::mismatch(got_, want_, (tol));       \
    INFO("got  " << got_.to_string() << "\nwant " << want_.to_string()); \
    CHECK(why_ == "");                                                   \
  } while (0)

#define KILN_CHECK_EQUAL(got, want) KILN_CHECK_CLOSE(got, want, (::kiln::test::Tol{0, 0}))
// A compiled result against eager.
#define KILN_CHECK_FUSED(got, want) KILN_CHECK_CLOSE(got, want, ::kiln::test::kFusedTol)

// Inputs that take NaN and infinities through a matmul's epilogue: a @ d (d diagonal) has a NaN
// row (row 0) and overflows to +inf and -inf in one column (rows 1 and 2); r, a binary step's
// operand, holds a NaN and zeros.
struct EpilogueInputs {
  Tensor a, d, r;
};
inline EpilogueInputs epilogue_inputs() {
  float nan = std::nanf("");
  return {tensor<float>({nan, 1, -2, 0.5f, 3, 1e30f, -1, 2, -4, -1e30f, 0.25f, -0.5f, -3, 2, 1, -1},
                        {4, 4}),
          eye(4) * tensor<float>({1e10f, 1e10f, 1, 1}, {4}),
          tensor<float>({1, nan, -1, 2, 0, 1, -2, 3, 5, -5, 1, 0, -1, 1, 0.5f, 2}, {4, 4})};
}

}  // namespace kiln::test
