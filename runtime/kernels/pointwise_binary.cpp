// runtime/kernels/pointwise_binary.cpp — elementwise functions of two tensors (and where),
// with broadcasting. Arithmetic runs in the output dtype; comparisons in the promoted dtype.
// Integer division and remainder by zero are errors, found by a check before the parallel
// loop (a kernel never throws from inside a parallel region).
#include <fmt/format.h>

#include <cmath>

#include "runtime/kernels/common.h"

namespace kiln::kernels {

namespace {

template <class Visit, class F>
void arith(const OpCall& c, Tensor& out, Visit visit, F f, DType compute) {
  Tensor a = c.in[0].to(compute), b = c.in[1].to(compute);
  visit(compute, [&]<class T>() { map_pointwise<T, T, T>(out, {&a, &b}, f); });
}

constexpr auto kAll = [](DType t, auto&& f) { visit_dtype(t, f); };
constexpr auto kNumeric = [](DType t, auto&& f) { visit_numeric(t, f); };
constexpr auto kIntegral = [](DType t, auto&& f) { visit_integral(t, f); };

template <class T>
constexpr bool is_int = std::is_integral_v<T>;

// Throws when an integer divisor holds a zero.
void check_no_zero(const OpCall& c, const Tensor& b, const char* what) {
  if (!is_integral(b.dtype(), true)) return;
  Tensor flat = b.contiguous();
  bool zero = false;
  visit_integral(flat.dtype(), [&]<class T>() {
    const T* p = static_cast<const T*>(flat.data_ptr());
    for (int64_t i = 0, n = flat.numel(); i < n && !zero; ++i) zero = p[i] == T(0);
  });
  if (zero) c.fail(fmt::format("integer {} by zero", what));
}

template <class T>
T python_floordiv(T a, T b) {
  if constexpr (is_int<T>) {
    if constexpr (std::is_signed_v<T>)
      if (b == T(-1)) return wrap_sub(T(0), a);
    T q = T(a / b);
    if ((a % b != 0) && ((a < 0) != (b < 0))) q = T(q - 1);
    return q;
  } else {
    if (b == T(0)) return a / b;
    T mod = std::fmod(a, b);
    T div = (a - mod) / b;
    if (mod != T(0) && ((b < T(0)) != (mod < T(0)))) div -= T(1);
    if (div == T(0)) return std::copysign(T(0), a / b);
    T fl = std::floor(div);
    if (div - fl > T(0.5)) fl += T(1);
    return fl;
  }
}

}  // namespace

void add(const OpCall& c, std::span<Tensor> out) {
  arith(
      c, out[0], kAll,
      [](auto a, auto b) {
        if constexpr (std::is_same_v<decltype(a), bool>)
          return bool(a || b);
        else
          return wrap_add(a, b);
      },
      out[0].dtype());
}

void sub(const OpCall& c, std::span<Tensor> out) {
  arith(c, out[0], kNumeric, [](auto a, auto b) { return wrap_sub(a, b); }, out[0].dtype());
}

void mul(const OpCall& c, std::span<Tensor> out) {
  arith(
      c, out[0], kAll,
      [](auto a, auto b) {
        if constexpr (std::is_same_v<decltype(a), bool>)
          return bool(a && b);
        else
          return wrap_mul(a, b);
      },
      out[0].dtype());
}

void div(const OpCall& c, std::span<Tensor> out) {
  const std::string& mode = c.attrs.s(0);
  DType dt = out[0].dtype();
  if (mode == "none") {
    arith(
        c, out[0], [](DType t, auto&& f) { visit_float(t, f); },
        [](auto a, auto b) { return a / b; }, dt);
    return;
  }
  check_no_zero(c, c.in[1].to(dt), "division");
  if (mode == "trunc") {
    arith(
        c, out[0], kNumeric,
        [](auto a, auto b) {
          using T = decltype(a);
          if constexpr (is_int<T>) {
            if constexpr (std::is_signed_v<T>)
              if (b == T(-1)) return wrap_sub(T(0), a);
            return T(a / b);
          } else {
            return std::trunc(a / b);
          }
        },
        dt);
  } else {
    arith(c, out[0], kNumeric, [](auto a, auto b) { return python_floordiv(a, b); }, dt);
  }
}

void remainder(const OpCall& c, std::span<Tensor> out) {
  DType dt = out[0].dtype();
  check_no_zero(c, c.in[1].to(dt), "remainder");
  arith(
      c, out[0], kNumeric,
      [](auto a, auto b) {
        using T = decltype(a);
        if constexpr (is_int<T>) {
          if constexpr (std::is_signed_v<T>)
            if (b == T(-1)) return T(0);
          T r = T(a % b);
          if (r != 0 && ((r < 0) != (b < 0))) r = T(r + b);
          return r;
        } else {
          T r = std::fmod(a, b);
          if (r != T(0) && ((r < T(0)) != (b < T(0)))) r += b;
          return r;
        }
      },
      dt);
}

void pow(const OpCall& c, std::span<Tensor> out) {
  DType dt = out[0].dtype();
  if (is_integral(dt)) {
    Tensor e = c.in[1].to(dt).contiguous();
    bool negative = false;
    visit_integral(dt, [&]<class T>() {
      const T* p = static_cast<const T*>(e.data_ptr());
      for (int64_t i = 0; i < e.numel(); ++i) negative = negative || p[i] < T(0);
    });
    if (negative) c.fail("integers to negative integer powers are not allowed");
  }
  arith(
      c, out[0], kNumeric,
      [](auto a, auto b) {
        using T = decltype(a);
        if constexpr (is_int<T>) {
          T r = 1;
          T base = a;
          for (auto e = b; e > 0; e = decltype(e)(e >> 1)) {
            if (e & 1) r = wrap_mul(r, base);
            base = wrap_mul(base, base);
          }
          return r;
        } else {
          return std::pow(a, b);
        }
      },
      dt);
}

void maximum(const OpCall& c, std::span<Tensor> out) {
  arith(
      c, out[0], kAll,
      [](auto a, auto b) {
        using T = decltype(a);
        if constexpr (!is_int<T>)
          if (std::isnan(a) || std::isnan(b)) return a + b;
        return a > b ? a : b;
      },
      out[0].dtype());
}

void minimum(const OpCall& c, std::span<Tensor> out) {
  arith(
      c, out[0], kAll,
      [](auto a, auto b) {
        using T = decltype(a);
        if constexpr (!is_int<T>)
          if (std::isnan(a) || std::isnan(b)) return a + b;
        return a < b ? a : b;
      },
      out[0].dtype());
}

namespace {
template <class F>
void compare(const OpCall& c, Tensor& out, F f) {
  DType ct = result_type(c.in);
  Tensor a = c.in[0].to(ct), b = c.in[1].to(ct);
  visit_dtype(ct, [&]<class T>() { map_pointwise<bool, T, T>(out, {&a, &b}, f); });
}
}  // namespace

#define KILN_COMPARE(name, op)                                       \
  void name(const OpCall& c, std::span<Tensor> out) {                \
    compare(c, out[0], [](auto a, auto b) { return bool(a op b); }); \
  }
KILN_COMPARE(eq, ==)
KILN_COMPARE(ne, !=)
KILN_COMPARE(lt, <)
KILN_COMPARE(le, <=)
KILN_COMPARE(gt, >)
KILN_COMPARE(ge, >=)
#undef KILN_COMPARE

#define KILN_LOGICAL(name, op)                                                    \
  void name(const OpCall& c, std::span<Tensor> out) {                             \
    Tensor a = c.in[0].to(DType::Bool), b = c.in[1].to(DType::Bool);              \
    map_pointwise<bool, bool, bool>(out[0], {&a, &b},                             \
                                    [](bool x, bool y) { return bool(x op y); }); \
  }
KILN_LOGICAL(logical_and, &&)
KILN_LOGICAL(logical_or, ||)
KILN_LOGICAL(logical_xor, !=)
#undef KILN_LOGICAL

#define KILN_BITWISE(name, op)                                                                     \
  void name(const OpCall& c, std::span<Tensor> out) {                                              \
    arith(                                                                                         \
        c, out[0], kIntegral, [](auto a, auto b) { return decltype(a)(a op b); }, out[0].dtype()); \
  }
KILN_BITWISE(bitwise_and, &)
KILN_BITWISE(bitwise_or, |)
KILN_BITWISE(bitwise_xor, ^)
#undef KILN_BITWISE

void where(const OpCall& c, std::span<Tensor> out) {
  DType dt = out[0].dtype();
  const Tensor& cond = c.in[0];
  Tensor a = c.in[1].to(dt), b = c.in[2].to(dt);
  visit_dtype(dt, [&]<class T>() {
    map_pointwise<T, bool, T, T>(out[0], {&cond, &a, &b},
                                 [](bool k, auto x, auto y) { return k ? x : y; });
  });
}

}  // namespace kiln::kernels
