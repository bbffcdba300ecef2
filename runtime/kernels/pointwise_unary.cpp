// runtime/kernels/pointwise_unary.cpp — elementwise functions of one tensor. Each kernel is a
// scalar functor run by map_pointwise in the output dtype (16-bit floats compute in float).
#include <cmath>
#include <limits>

#include "runtime/kernels/common.h"
#include "runtime/kernels/vector_math.h"

namespace kiln::kernels {

namespace {

// Runs f over x converted to the output's dtype; `Visit` limits the dtypes instantiated.
template <class Visit, class F>
void unary(const OpCall& c, Tensor& out, Visit visit, F f) {
  Tensor x = c.in[0].to(out.dtype());
  visit(out.dtype(), [&]<class T>() { map_pointwise<T, T>(out, {&x}, f, 4); });
}

constexpr auto kFloat = [](DType t, auto&& f) { visit_float(t, f); };
constexpr auto kNumeric = [](DType t, auto&& f) { visit_numeric(t, f); };

template <class T>
constexpr bool is_int = std::is_integral_v<T>;

}  // namespace

#define KILN_FLOAT_UNARY(name, expr)                  \
  void name(const OpCall& c, std::span<Tensor> out) { \
    unary(c, out[0], kFloat, [](auto x) {             \
      using T [[maybe_unused]] = decltype(x);         \
      return expr;                                    \
    });                                               \
  }
KILN_FLOAT_UNARY(exp, std::exp(x))
KILN_FLOAT_UNARY(exp2, std::exp2(x))
KILN_FLOAT_UNARY(log, std::log(x))
KILN_FLOAT_UNARY(log2, std::log2(x))
KILN_FLOAT_UNARY(log1p, std::log1p(x))
KILN_FLOAT_UNARY(expm1, std::expm1(x))
KILN_FLOAT_UNARY(sqrt, std::sqrt(x))
KILN_FLOAT_UNARY(rsqrt, T(1) / std::sqrt(x))
KILN_FLOAT_UNARY(reciprocal, T(1) / x)
KILN_FLOAT_UNARY(sin, std::sin(x))
KILN_FLOAT_UNARY(cos, std::cos(x))
KILN_FLOAT_UNARY(tan, std::tan(x))
KILN_FLOAT_UNARY(tanh, fast_tanh(x))
KILN_FLOAT_UNARY(sigmoid, T(1) / (T(1) + std::exp(-x)))
KILN_FLOAT_UNARY(silu, x / (T(1) + std::exp(-x)))
KILN_FLOAT_UNARY(erf, fast_erf(x))
#undef KILN_FLOAT_UNARY

void gelu(const OpCall& c, std::span<Tensor> out) {
  if (c.attrs.s(0) == "tanh") {
    unary(c, out[0], kFloat, [](auto x) {
      using T = decltype(x);
      const T k = T(0.7978845608028654), a = T(0.044715);  // sqrt(2/pi)
      return T(0.5) * x * (T(1) + fast_tanh(k * (x + a * x * x * x)));
    });
  } else {
    unary(c, out[0], kFloat, [](auto x) {
      using T = decltype(x);
      return T(0.5) * x * (T(1) + fast_erf(x * T(0.7071067811865476)));
    });
  }
}

void softplus(const OpCall& c, std::span<Tensor> out) {
  double beta = c.attrs.f(0), threshold = c.attrs.f(1);
  unary(c, out[0], kFloat, [=](auto x) {
    using T = decltype(x);
    return x * T(beta) > T(threshold) ? x : std::log1p(std::exp(x * T(beta))) / T(beta);
  });
}

void elu(const OpCall& c, std::span<Tensor> out) {
  double alpha = c.attrs.f(0);
  unary(c, out[0], kFloat, [=](auto x) {
    using T = decltype(x);
    return x > T(0) ? x : T(alpha) * std::expm1(x);
  });
}

void leaky_relu(const OpCall& c, std::span<Tensor> out) {
  double slope = c.attrs.f(0);
  unary(c, out[0], kFloat, [=](auto x) {
    using T = decltype(x);
    return x > T(0) ? x : x * T(slope);
  });
}

void neg(const OpCall& c, std::span<Tensor> out) {
  unary(c, out[0], kNumeric, [](auto x) {
    using T = decltype(x);
    if constexpr (is_int<T>)
      return wrap_sub(T(0), x);
    else
      return -x;
  });
}

void abs(const OpCall& c, std::span<Tensor> out) {
  unary(c, out[0], kNumeric, [](auto x) {
    using T = decltype(x);
    if constexpr (std::is_unsigned_v<T>)
      return x;
    else if constexpr (is_int<T>)
      return x < 0 ? wrap_sub(T(0), x) : x;
    else
      return std::fabs(x);
  });
}

void sign(const OpCall& c, std::span<Tensor> out) {
  unary(c, out[0], kNumeric, [](auto x) {
    using T = decltype(x);
    if constexpr (!is_int<T>)
      if (std::isnan(x)) return x;
    return T(T(T(0) < x) - T(x < T(0)));
  });
}

void relu(const OpCall& c, std::span<Tensor> out) {
  unary(c, out[0], kNumeric, [](auto x) {
    using T = decltype(x);
    if constexpr (!is_int<T>)
      if (std::isnan(x)) return x;
    return x > T(0) ? x : T(0);
  });
}

#define KILN_ROUNDING(name, fn)                       \
  void name(const OpCall& c, std::span<Tensor> out) { \
    unary(c, out[0], kNumeric, [](auto x) {           \
      if constexpr (is_int<decltype(x)>)              \
        return x;                                     \
      else                                            \
        return fn(x);                                 \
    });                                               \
  }
KILN_ROUNDING(floor, std::floor)
KILN_ROUNDING(ceil, std::ceil)
KILN_ROUNDING(round, std::nearbyint)  // half to even, like torch.round
#undef KILN_ROUNDING

void clamp(const OpCall& c, std::span<Tensor> out) {
  bool has_lo = c.attrs.has(0), has_hi = c.attrs.has(1);
  Scalar lo = has_lo ? c.attrs.scalar(0) : Scalar(0), hi = has_hi ? c.attrs.scalar(1) : Scalar(0);
  // The bounds converted once per call (not per element), and a branch-free body the compiler
  // vectorises: a NaN fails both compares and stays.
  Tensor x = c.in[0].to(out[0].dtype());
  visit_numeric(out[0].dtype(), [&]<class T>() {
    using C = compute_t<T>;
    using L = std::numeric_limits<C>;
    C l = has_lo ? C(lo.to<T>()) : L::has_infinity ? -L::infinity() : L::lowest();
    C h = has_hi ? C(hi.to<T>()) : L::has_infinity ? L::infinity() : L::max();
    map_pointwise<T, T>(
        out[0], {&x},
        [=](C v) {
          v = v < l ? l : v;
          return v > h ? h : v;
        },
        4);
  });
}

namespace {
// f(value) -> bool over the input in its own dtype.
template <class F>
void to_bool(const OpCall& c, Tensor& out, F f) {
  const Tensor& x = c.in[0];
  visit_dtype(x.dtype(), [&]<class T>() { map_pointwise<bool, T>(out, {&x}, f); });
}
}  // namespace

void logical_not(const OpCall& c, std::span<Tensor> out) {
  to_bool(c, out[0], [](auto x) { return !(x != decltype(x)(0)); });
}
void isnan(const OpCall& c, std::span<Tensor> out) {
  to_bool(c, out[0], [](auto x) {
    if constexpr (is_int<decltype(x)>)
      return false;
    else
      return bool(std::isnan(x));
  });
}
void isinf(const OpCall& c, std::span<Tensor> out) {
  to_bool(c, out[0], [](auto x) {
    if constexpr (is_int<decltype(x)>)
      return false;
    else
      return bool(std::isinf(x));
  });
}

}  // namespace kiln::kernels
