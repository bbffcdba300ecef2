// runtime/kernels/reduce.cpp — reductions. The input is laid out as [rows, cols] with the
// reduced dims last (as_rows), then each row reduces independently, rows in parallel.
// Floating sums accumulate in double, integer sums in int64.
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <vector>

#include "runtime/kernels/common.h"
#include "runtime/kernels/vector_math.h"

namespace kiln::kernels {

namespace {

template <class T>
using acc_t = std::conditional_t<std::is_integral_v<T>, int64_t, double>;

// Calls row(const T* data, cols, r) -> value for each row r; writes into out (contiguous, To).
template <class T, class To, class Row>
void reduce_rows(const Rows& r, Tensor& out, Row row) {
  const T* x = static_cast<const T*>(r.data.data_ptr());
  To* o = static_cast<To*>(out.data_ptr());
  parallel_for(r.rows, std::max<int64_t>(r.cols, 1), [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) o[i] = To(row(x + i * r.cols, r.cols));
  });
}

Rows rows_for(const OpCall& c) {
  return as_rows(c.in[0], reduction_dims(c, c.attrs.ints(0), c.in[0].dim()));
}

// A reduction over consecutive dims [d0, d1) of a contiguous x that keeps dims after them (a
// bias gradient: sum over dims [0, 1] of [8, 128, 1024]): x as [A, R, C], the result [A, C].
// Each row of C adds into per-column accumulators as it is read, where as_rows would first copy
// x transposed: that sum took 3.4 / 2.0 ms at 1T / 2T, now 0.11-0.16 / 0.06-0.08; mean over
// dim 1 of [64, 512, 256] 14.1 / 7.5 ms, now 1.1-1.4 / 0.65-0.87.
struct Columns {
  int64_t a = 1, r = 1, c = 1;
};
std::optional<Columns> as_columns(const OpCall& call, const Tensor& out) {
  const Tensor& x = call.in[0];
  std::vector<int64_t> dims = reduction_dims(call, call.attrs.ints(0), x.dim());
  if (dims.empty() || dims.back() + 1 >= x.dim() || !x.is_contiguous() || !out.is_contiguous())
    return std::nullopt;
  for (size_t i = 1; i < dims.size(); ++i)
    if (dims[i] != dims[i - 1] + 1) return std::nullopt;
  Columns k;
  for (int64_t d = 0; d < x.dim(); ++d)
    (d < dims.front() ? k.a : d <= dims.back() ? k.r : k.c) *= x.shape()[size_t(d)];
  // Rows of fewer than 8 columns do not fill a vector: there the transposing copy wins
  // (sum over dim 0 of [1398101, 3] at 1T: 2.6 ms through as_rows, 4.6 here; [524288, 8]: 3.8
  // against 2.3; [65536, 64]: 16.6 against 0.55).
  if (k.c < 8) return std::nullopt;
  return k;
}

// out[i, j] = finish(sum over r of x[i, r, j], R) for the [A, R, C] layout above. Pieces are
// blocks of columns of each slice; with fewer than 8 pieces the rows split too (a number that
// depends on the shape only, so results do not depend on the thread count), into partial sums
// added in order after.
template <class T, class To, class Finish>
void reduce_columns(const Columns& k, const Tensor& in, Tensor& out, Finish finish) {
  using Acc = acc_t<compute_t<T>>;
  constexpr int64_t kBlock = 512;  // columns of one piece: 4 KB of accumulators
  const T* x = static_cast<const T*>(in.data_ptr());
  To* o = static_cast<To*>(out.data_ptr());
  int64_t blocks = (k.c + kBlock - 1) / kBlock, pieces = k.a * blocks;
  if (pieces == 0) return;  // an empty result
  int64_t splits = pieces >= 8 ? 1 : std::min(8 / pieces, std::max<int64_t>(1, (k.r + 63) / 64));
  std::vector<Acc> part(size_t(splits * k.a * k.c), Acc(0));
  parallel_for(pieces * splits, (k.r / splits) * std::min(kBlock, k.c), [&](int64_t b, int64_t e) {
    for (int64_t item = b; item < e; ++item) {
      int64_t s = item / pieces, piece = item % pieces, a = piece / blocks;
      int64_t j0 = piece % blocks * kBlock, j1 = std::min(k.c, j0 + kBlock);
      int64_t r0 = k.r * s / splits, r1 = k.r * (s + 1) / splits;
      Acc* acc = part.data() + (s * k.a + a) * k.c;
      for (int64_t r = r0; r < r1; ++r) {
        const T* row = x + (a * k.r + r) * k.c;
        for (int64_t j = j0; j < j1; ++j) {
          if constexpr (std::is_floating_point_v<Acc>)
            acc[j] += Acc(compute_t<T>(row[j]));
          else
            acc[j] = wrap_add(acc[j], Acc(compute_t<T>(row[j])));
        }
      }
    }
  });
  for (int64_t i = 0; i < k.a * k.c; ++i) {
    Acc total = part[size_t(i)];
    for (int64_t s = 1; s < splits; ++s) {
      Acc v = part[size_t(s * k.a * k.c + i)];
      if constexpr (std::is_floating_point_v<Acc>)
        total += v;
      else
        total = wrap_add(total, v);
    }
    o[i] = finish(total, k.r);
  }
}

}  // namespace

void sum(const OpCall& c, std::span<Tensor> out) {
  if (auto k = as_columns(c, out[0])) {
    visit_dtype(c.in[0].dtype(), [&]<class T>() {
      visit_dtype(out[0].dtype(), [&]<class To>() {
        reduce_columns<T, To>(*k, c.in[0], out[0], [](auto s, int64_t) { return convert<To>(s); });
      });
    });
    return;
  }
  Rows r = rows_for(c);
  visit_dtype(c.in[0].dtype(), [&]<class T>() {
    visit_dtype(out[0].dtype(), [&]<class To>() {
      reduce_rows<T, To>(r, out[0], [](const T* p, int64_t n) {
        using Acc = acc_t<compute_t<T>>;
        if constexpr (std::is_floating_point_v<Acc>) {
          return convert<To>(lane_sum<Acc>(n, [&](int64_t i) { return compute_t<T>(p[i]); }));
        } else {
          Acc s = 0;
          for (int64_t i = 0; i < n; ++i) s = wrap_add(s, Acc(compute_t<T>(p[i])));
          return convert<To>(s);
        }
      });
    });
  });
}

void prod(const OpCall& c, std::span<Tensor> out) {
  Rows r = rows_for(c);
  visit_dtype(c.in[0].dtype(), [&]<class T>() {
    visit_dtype(out[0].dtype(), [&]<class To>() {
      reduce_rows<T, To>(r, out[0], [](const T* p, int64_t n) {
        acc_t<compute_t<T>> s = 1;
        for (int64_t i = 0; i < n; ++i) s = wrap_mul(s, acc_t<compute_t<T>>(compute_t<T>(p[i])));
        return convert<To>(s);
      });
    });
  });
}

void mean(const OpCall& c, std::span<Tensor> out) {
  if (auto k = as_columns(c, out[0])) {
    visit_float(c.in[0].dtype(), [&]<class T>() {
      reduce_columns<T, T>(*k, c.in[0], out[0], [](double s, int64_t n) {
        return convert<T>(n ? s / double(n) : std::numeric_limits<double>::quiet_NaN());
      });
    });
    return;
  }
  Rows r = rows_for(c);
  visit_float(c.in[0].dtype(), [&]<class T>() {
    reduce_rows<T, T>(r, out[0], [](const T* p, int64_t n) {
      double s = lane_sum<double>(n, [&](int64_t i) { return compute_t<T>(p[i]); });
      return convert<T>(n ? s / double(n) : std::numeric_limits<double>::quiet_NaN());
    });
  });
}

namespace {
// The largest (Max) or smallest float of a row, NaN-blind, noting whether the row holds a NaN,
// over kLanes independent lanes (vectorised): a loop that returned at the first NaN stayed
// scalar (amax over [4096, 1000] at 2T took 0.94 ms, now 0.09). Rows shorter than
// kShortExtreme keep that loop: setting up and folding the lanes cost more than a row of 10
// ([131072, 10]: argmax 0.29 ms in the loop, 1.7 through the lanes).
constexpr int64_t kShortExtreme = 2 * kLanes;
template <bool Max, class C, class T>
C float_extreme(const T* p, int64_t n, bool& met_nan) {
  C acc[kLanes];
  int32_t nan[kLanes] = {};
  for (C& a : acc) a = -std::numeric_limits<C>::infinity();
  auto step = [&](int k, C v) {
    v = Max ? v : -v;
    acc[k] = v > acc[k] ? v : acc[k];
    nan[k] |= int32_t(v != v);
  };
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes)
    for (int k = 0; k < kLanes; ++k) step(k, C(p[i + k]));
  for (; i < n; ++i) step(0, C(p[i]));
  C m = acc[0];
  int32_t nans = nan[0];
  for (int k = 1; k < kLanes; ++k) {
    m = acc[k] > m ? acc[k] : m;
    nans |= nan[k];
  }
  met_nan = nans != 0;
  return Max ? m : -m;
}

// The first index of the row whose element satisfies hit(element), or n: whole blocks of
// kLanes are tested without an early exit (vectorised), then the block that hit is scanned.
template <class C, class T, class Hit>
int64_t first_index(const T* p, int64_t n, Hit hit) {
  int64_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
    int32_t any = 0;
    for (int k = 0; k < kLanes; ++k) any |= int32_t(hit(C(p[i + k])));
    if (any) break;
  }
  for (; i < n; ++i)
    if (hit(C(p[i]))) return i;
  return n;
}

template <bool Max>
void extreme(const OpCall& c, Tensor& out) {
  Rows r = rows_for(c);
  visit_dtype(c.in[0].dtype(), [&]<class T>() {
    reduce_rows<T, T>(r, out, [](const T* p, int64_t n) {
      using C = compute_t<T>;
      if constexpr (std::is_floating_point_v<C>) {
        if (n >= kShortExtreme) {
          bool nan = false;
          C m = float_extreme<Max, C>(p, n, nan);
          return T(nan ? std::numeric_limits<C>::quiet_NaN() : m);
        }
      }
      C best = C(p[0]);
      for (int64_t i = 1; i < n; ++i) {
        C v = C(p[i]);
        if constexpr (std::is_floating_point_v<C>)
          if (v != v) return T(v);
        if (Max ? v > best : v < best) best = v;
      }
      return T(best);
    });
  });
}

template <bool Max>
void arg_extreme(const OpCall& c, Tensor& out) {
  const Tensor& x = c.in[0];
  Rows r = c.attrs.has(0) ? as_rows(x, {c.wrap_dim(c.attrs.i(0), x.dim())})
                          : as_rows(x.reshape({-1}), {0});
  if (x.dim() == 0) r = as_rows(x.reshape({1}), {0});
  visit_numeric(x.dtype(), [&]<class T>() {
    reduce_rows<T, int64_t>(r, out, [](const T* p, int64_t n) {
      using C = compute_t<T>;
      if constexpr (std::is_floating_point_v<C>) {
        // The extreme, then the first index holding it (the first NaN where there is one, as
        // PyTorch): two vectorised passes where one scalar pass took 1.2-2.9 ms over
        // [4096, 1000].
        if (n >= kShortExtreme) {
          bool nan = false;
          C m = float_extreme<Max, C>(p, n, nan);
          if (nan) return first_index<C>(p, n, [](C v) { return v != v; });
          return first_index<C>(p, n, [m](C v) { return v == m; });
        }
      }
      int64_t best_i = 0;
      C best = C(p[0]);
      for (int64_t i = 0; i < n; ++i) {
        C v = C(p[i]);
        if constexpr (std::is_floating_point_v<C>)
          if (v != v) return i;  // NaN wins, the first one
        if (Max ? v > best : v < best) {
          best = v;
          best_i = i;
        }
      }
      return best_i;
    });
  });
}

template <bool Std>
void variance(const OpCall& c, Tensor& out) {
  Rows r = rows_for(c);
  double correction = double(c.attrs.i(2));
  visit_float(c.in[0].dtype(), [&]<class T>() {
    reduce_rows<T, T>(r, out, [=](const T* p, int64_t n) {
      double m = lane_sum<double>(n, [&](int64_t i) { return compute_t<T>(p[i]); }) / double(n);
      double ss = lane_sum<double>(n, [&](int64_t i) {
        double d = double(compute_t<T>(p[i])) - m;
        return d * d;
      });
      double v = ss / std::max(0.0, double(n) - correction);
      return convert<T>(Std ? std::sqrt(v) : v);
    });
  });
}

template <bool Any>
void any_all(const OpCall& c, Tensor& out) {
  Rows r = rows_for(c);
  visit_dtype(c.in[0].dtype(), [&]<class T>() {
    reduce_rows<T, bool>(r, out, [](const T* p, int64_t n) {
      for (int64_t i = 0; i < n; ++i) {
        bool nz = compute_t<T>(p[i]) != compute_t<T>(0);
        if (Any ? nz : !nz) return Any;
      }
      return !Any;
    });
  });
}
}  // namespace

void amax(const OpCall& c, std::span<Tensor> out) { extreme<true>(c, out[0]); }
void amin(const OpCall& c, std::span<Tensor> out) { extreme<false>(c, out[0]); }
void argmax(const OpCall& c, std::span<Tensor> out) { arg_extreme<true>(c, out[0]); }
void argmin(const OpCall& c, std::span<Tensor> out) { arg_extreme<false>(c, out[0]); }
void var(const OpCall& c, std::span<Tensor> out) { variance<false>(c, out[0]); }
void std(const OpCall& c, std::span<Tensor> out) { variance<true>(c, out[0]); }
void any(const OpCall& c, std::span<Tensor> out) { any_all<true>(c, out[0]); }
void all(const OpCall& c, std::span<Tensor> out) { any_all<false>(c, out[0]); }

void logsumexp(const OpCall& c, std::span<Tensor> out) {
  Tensor x = c.in[0].to(out[0].dtype());
  Rows r = as_rows(x, reduction_dims(c, c.attrs.ints(0), x.dim()));
  visit_float(x.dtype(), [&]<class T>() {
    // As softmax: exp in the compute type (vectorised through libmvec), the sum in double.
    using C = compute_t<T>;
    if (r.cols > 0 && r.cols < kShortRow) {  // short rows: a block of rows per exp loop
      const T* xp = static_cast<const T*>(r.data.data_ptr());
      T* o = static_cast<T*>(out[0].data_ptr());
      int64_t n = r.cols;
      // +inf, or every element -inf: the result is m (a NaN in the row makes the sum NaN);
      // shifting by 0 keeps the exps finite meanwhile
      auto shift_of = [](C m) { return std::isinf(m) ? C(0) : m; };
      parallel_for(r.rows, n * 4, [&](int64_t b, int64_t e) {
        row_block_exps<C>(xp + b * n, e - b, n, shift_of, [&](int64_t i, C m, C, const C* ex) {
          double s = 0;
          for (int64_t j = 0; j < n; ++j) s += double(ex[j]);
          o[b + i] = std::isnan(s)   ? convert<T>(std::numeric_limits<C>::quiet_NaN())
                     : std::isinf(m) ? convert<T>(m)
                                     : convert<T>(std::log(s) + double(m));
        });
      });
      return;
    }
    reduce_rows<T, T>(r, out[0], [](const T* p, int64_t n) {
      C m = lane_max<C>(n, -std::numeric_limits<C>::infinity(), [&](int64_t i) { return C(p[i]); });
      if (std::isinf(m)) {  // +inf, or every element -inf: that, unless a NaN is in the row
        for (int64_t i = 0; i < n; ++i)
          if (std::isnan(C(p[i]))) return convert<T>(C(p[i]));
        return convert<T>(m);
      }
      // A NaN anywhere makes the sum NaN, so the result is NaN, as PyTorch. The exps go through
      // a small buffer: a plain loop of exp vectorises, an exp inside lane_sum does not.
      constexpr int64_t kChunk = 512;
      C e[kChunk];
      double s = 0;
      for (int64_t at = 0; at < n; at += kChunk) {
        int64_t len = std::min(kChunk, n - at);
        for (int64_t i = 0; i < len; ++i) e[i] = std::exp(C(p[at + i]) - m);
        s += lane_sum<double>(len, [&](int64_t i) { return e[i]; });
      }
      return convert<T>(std::log(s) + double(m));
    });
  });
}

void cumsum(const OpCall& c, std::span<Tensor> out) {
  Tensor x = c.in[0].to(out[0].dtype());
  if (x.numel() == 0) return;
  int64_t d = c.wrap_dim(c.attrs.i(0), x.dim());
  Rows r = x.dim() ? as_rows(x, {d}) : as_rows(x.reshape({1}), {0});
  Tensor res = empty_tensor({r.rows, r.cols}, x.dtype());
  visit_numeric(x.dtype(), [&]<class T>() {
    const T* p = static_cast<const T*>(r.data.data_ptr());
    T* o = static_cast<T*>(res.data_ptr());
    parallel_for(r.rows, r.cols, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        acc_t<compute_t<T>> s = 0;
        for (int64_t j = 0; j < r.cols; ++j) {
          s = wrap_add(s, acc_t<compute_t<T>>(compute_t<T>(p[i * r.cols + j])));
          o[i * r.cols + j] = convert<T>(s);
        }
      }
    });
  });
  if (x.dim() == 0)
    copy_into(out[0], res.reshape({}));
  else
    unpermute_into(out[0], res, r.perm);
}

}  // namespace kiln::kernels
