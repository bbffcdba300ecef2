// runtime/strided.h — the one loop every eager pointwise kernel runs: walk N operands of one
// (broadcast) shape with arbitrary strides, collapsing dims that are contiguous in all of
// them, and hand the innermost row to a typed loop that the compiler vectorises when every
// stride is the item size. Operand 0 is the output.
#pragma once

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/parallel.h"
#include "runtime/tensor_impl.h"

namespace kiln {

// The type arithmetic happens in: 16-bit floats compute in float.
template <class T>
using compute_t =
    std::conditional_t<std::is_same_v<T, Half> || std::is_same_v<T, BFloat16>, float, T>;

// Value conversion with defined results where C++ has none: NaN or out-of-range floats to
// integers give the type's minimum (what x86's cvtt instructions give), never UB.
template <class To, class From>
inline To convert(From x) {
  if constexpr (std::is_same_v<To, From>) {
    return x;
  } else if constexpr (std::is_same_v<To, bool>) {
    return static_cast<compute_t<From>>(x) != compute_t<From>(0);
  } else if constexpr (std::is_integral_v<To> && !std::is_integral_v<From>) {
    double d = double(static_cast<compute_t<From>>(x));
    if (!(d >= double(std::numeric_limits<To>::min()) &&
          d < double(std::numeric_limits<To>::max()) + 1.0))
      return std::numeric_limits<To>::min();
    return static_cast<To>(d);
  } else {
    return static_cast<To>(static_cast<compute_t<To>>(static_cast<compute_t<From>>(x)));
  }
}

template <size_t N>
struct StridedPlan {
  int64_t numel = 0;
  Shape shape;                   // collapsed
  std::array<Shape, N> strides;  // in bytes, per collapsed dim
  std::array<char*, N> base{};
};

// Dim indices ordered by stride, largest first; equal strides keep their order. (A handful of
// dims: an insertion sort — libstdc++'s stable_sort warns under clang.)
// append_dims_by_stride appends them to `out` (no allocation of its own: hot paths reuse a
// buffer).
inline void append_dims_by_stride(const Shape& strides, std::vector<int64_t>& out) {
  size_t at = out.size();
  for (size_t d = 0; d < strides.size(); ++d) out.push_back(int64_t(d));
  for (size_t i = at + 1; i < out.size(); ++i)
    for (size_t j = i; j > at && strides[size_t(out[j - 1])] < strides[size_t(out[j])]; --j)
      std::swap(out[j - 1], out[j]);
}
inline std::vector<int64_t> dims_by_stride(const Shape& strides) {
  std::vector<int64_t> order;
  order.reserve(strides.size());
  append_dims_by_stride(strides, order);
  return order;
}

// Operand 0 (the output) defines the shape; the others broadcast to it.
template <size_t N>
StridedPlan<N> make_plan(const Tensor& out, const std::array<const Tensor*, N - 1>& ins) {
  StridedPlan<N> p;
  const Shape& shape = out.shape();
  int64_t nd = int64_t(shape.size());
  p.numel = numel_of(shape);
  std::array<Shape, N> st;
  for (size_t k = 0; k < N; ++k) {
    const Tensor& t = k == 0 ? out : *ins[k - 1];
    int64_t isz = int64_t(itemsize(t.dtype()));
    int64_t off = nd - t.dim();
    st[k].assign(size_t(nd), 0);
    for (int64_t d = 0; d < t.dim(); ++d)
      if (t.shape()[d] != 1) st[k][d + off] = t.strides()[d] * isz;
    p.base[k] = static_cast<char*>(t.data_ptr());
  }
  // Collapse from the innermost dim outwards (dims visited in `order`); size-1 dims vanish.
  auto collapse = [&](const std::vector<int64_t>& order, Shape& cs, std::array<Shape, N>& cst) {
    for (int64_t i = nd - 1; i >= 0; --i) {
      int64_t d = order[size_t(i)];
      if (shape[d] == 1) continue;
      bool merge = !cs.empty();
      for (size_t k = 0; merge && k < N; ++k) merge = st[k][d] == cst[k].back() * cs.back();
      if (merge) {
        cs.back() *= shape[d];
      } else {
        cs.push_back(shape[d]);
        for (size_t k = 0; k < N; ++k) cst[k].push_back(st[k][d]);
      }
    }
  };
  std::vector<int64_t> order(static_cast<size_t>(nd));
  for (int64_t d = 0; d < nd; ++d) order[size_t(d)] = d;
  Shape cs;
  std::array<Shape, N> cst;
  collapse(order, cs, cst);
  // The dims in the output's memory order instead, when that gives longer rows (a pointwise op
  // on channels-last tensors is then one contiguous run; copying an NCHW image into NHWC keeps
  // the image's long rows rather than rows of 3 channels).
  std::vector<int64_t> by_out = dims_by_stride(st[0]);
  if (by_out != order) {
    Shape cs2;
    std::array<Shape, N> cst2;
    collapse(by_out, cs2, cst2);
    if (!cs2.empty() && (cs.empty() || cs2.front() > cs.front())) {
      cs = std::move(cs2);
      cst = std::move(cst2);
    }
  }
  p.shape.assign(cs.rbegin(), cs.rend());
  for (size_t k = 0; k < N; ++k) p.strides[k].assign(cst[k].rbegin(), cst[k].rend());
  return p;
}

// Calls row(ptrs, n, inner_strides) for runs of the innermost dim, in parallel chunks.
template <size_t N, class Row>
void for_each_row(const StridedPlan<N>& p, int64_t cost_per_item, Row&& row) {
  if (p.numel == 0) return;
  int64_t nd = int64_t(p.shape.size());
  if (nd == 0) {
    std::array<int64_t, N> zero{};
    row(p.base.data(), int64_t(1), zero.data());
    return;
  }
  int64_t inner = p.shape[nd - 1];
  std::array<int64_t, N> inner_st;
  for (size_t k = 0; k < N; ++k) inner_st[k] = p.strides[k][nd - 1];
  parallel_for(p.numel, cost_per_item, [&](int64_t b, int64_t e) {
    Shape idx(static_cast<size_t>(nd), 0);
    int64_t rem = b;
    for (int64_t d = nd - 1; d >= 0; --d) {
      idx[d] = rem % p.shape[d];
      rem /= p.shape[d];
    }
    std::array<char*, N> ptr;
    while (b < e) {
      for (size_t k = 0; k < N; ++k) {
        char* q = p.base[k];
        for (int64_t d = 0; d < nd; ++d) q += idx[d] * p.strides[k][d];
        ptr[k] = q;
      }
      int64_t n = std::min(inner - idx[nd - 1], e - b);
      row(ptr.data(), n, inner_st.data());
      b += n;
      idx[nd - 1] += n;
      for (int64_t d = nd - 1; d > 0 && idx[d] == p.shape[d]; --d) {
        idx[d] = 0;
        ++idx[d - 1];
      }
    }
  });
}

namespace detail {
template <class To, class... Ti, class F, size_t... I>
inline void map_row(char* const* p, int64_t n, const int64_t* s, F& f, std::index_sequence<I...>) {
  bool contiguous = s[0] == int64_t(sizeof(To)) && ((s[I + 1] == int64_t(sizeof(Ti))) && ...);
  if (contiguous) {
    To* o = reinterpret_cast<To*>(p[0]);
    auto ins = std::make_tuple(reinterpret_cast<const Ti*>(p[I + 1])...);
    for (int64_t i = 0; i < n; ++i)
      o[i] = To(f(static_cast<compute_t<Ti>>(std::get<I>(ins)[i])...));
  } else {
    for (int64_t i = 0; i < n; ++i)
      *reinterpret_cast<To*>(p[0] + i * s[0]) = To(
          f(static_cast<compute_t<Ti>>(*reinterpret_cast<const Ti*>(p[I + 1] + i * s[I + 1]))...));
  }
}
}  // namespace detail

// out[i] = f(ins[i]...) with broadcasting. Inputs must already have dtypes Ti; out has To.
// f takes compute_t<Ti> values and returns something convertible to To.
template <class To, class... Ti, class F>
void map_pointwise(Tensor& out, std::array<const Tensor*, sizeof...(Ti)> ins, F f,
                   int64_t cost_per_item = 1) {
  constexpr size_t N = 1 + sizeof...(Ti);
  auto plan = make_plan<N>(out, ins);
  for_each_row(plan, cost_per_item, [&](char* const* p, int64_t n, const int64_t* s) {
    detail::map_row<To, Ti...>(p, n, s, f, std::index_sequence_for<Ti...>{});
  });
}

}  // namespace kiln
