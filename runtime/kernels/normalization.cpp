// runtime/kernels/normalization.cpp — softmax, log_softmax, layer_norm, rms_norm and inference
// batch_norm. Each works on rows of contiguous data (the normalised dims last) with
// statistics in double, rows in parallel.
#include <cmath>
#include <limits>

#include "runtime/kernels/common.h"
#include "runtime/kernels/vector_math.h"

namespace kiln::kernels {

namespace {

// softmax (or log_softmax) of `rows` contiguous rows of n < kShortRow elements, through
// row_block_exps. As the long-row code: a row of -inf gives NaN, a NaN anywhere makes its row
// NaN ([131072, 10] at 2T: 2.2 -> 0.70 ms).
template <bool Log, class T>
void softmax_short_rows(const T* x, T* out, int64_t rows, int64_t n) {
  using C = compute_t<T>;
  auto shift_of = [](C m) { return std::isinf(m) && m < 0 ? C(0) : m; };
  row_block_exps<C>(x, rows, n, shift_of, [&](int64_t i, C, C shift, const C* e) {
    C s = 0;
    for (int64_t j = 0; j < n; ++j) s += e[j];
    const T* xi = x + i * n;
    T* oi = out + i * n;
    if constexpr (Log) {
      C ls = std::log(s);
      for (int64_t j = 0; j < n; ++j) oi[j] = T((C(xi[j]) - shift) - ls);
    } else {
      C inv = C(1) / s;
      for (int64_t j = 0; j < n; ++j) oi[j] = T(e[j] * inv);
    }
  });
}

template <bool Log>
void softmax_impl(const OpCall& c, Tensor& out) {
  const Tensor& x = c.in[0];
  if (x.numel() == 0) return;
  int64_t d = c.wrap_dim(c.attrs.i(0), x.dim());
  Rows r = x.dim() ? as_rows(x, {d}) : as_rows(x.reshape({1}), {0});
  bool direct = x.dim() == 0 || d == x.dim() - 1;  // out is laid out as the rows already
  Tensor res = direct ? out : empty_tensor({r.rows, r.cols}, x.dtype());
  visit_float(x.dtype(), [&]<class T>() {
    using C = compute_t<T>;
    const T* p = static_cast<const T*>(r.data.data_ptr());
    T* o = static_cast<T*>(res.data_ptr());
    int64_t n = r.cols;
    parallel_for(r.rows, n * 4, [&](int64_t b, int64_t e) {
      if (n < kShortRow) {  // several rows per step, so that the exps vectorise across rows
        softmax_short_rows<Log, T>(p + b * n, o + b * n, e - b, n);
        return;
      }
      for (int64_t i = b; i < e; ++i) {
        const T* xi = p + i * n;
        T* oi = o + i * n;
        C m = lane_max<C>(n, -std::numeric_limits<C>::infinity(),
                          [&](int64_t j) { return C(xi[j]); });
        if (std::isinf(m) && m < 0) m = 0;  // a row of -inf gives NaN, like PyTorch
        // Separate simple loops (exp, then sum, then scale) so each one vectorises; the row is
        // in L1 by then. A NaN anywhere makes the sum NaN, so the row is NaN, like PyTorch.
        for (int64_t j = 0; j < n; ++j) oi[j] = T(std::exp(C(xi[j]) - m));
        C s = lane_sum<C>(n, [&](int64_t j) { return C(oi[j]); });
        if constexpr (Log) {
          C ls = std::log(s);
          for (int64_t j = 0; j < n; ++j) oi[j] = T((C(xi[j]) - m) - ls);
        } else {
          C inv = C(1) / s;
          for (int64_t j = 0; j < n; ++j) oi[j] = T(C(oi[j]) * inv);
        }
      }
    });
  });
  if (!direct) unpermute_into(out, res, r.perm);
}

// Runs row(x_row, out_row, n) over rows of the trailing `cols` elements.
template <class T, class Row>
void over_rows(const Tensor& x, Tensor& out, int64_t cols, int64_t cost, Row row) {
  Tensor xc = x.contiguous();
  const T* p = static_cast<const T*>(xc.data_ptr());
  T* o = static_cast<T*>(out.data_ptr());
  int64_t rows = cols ? x.numel() / cols : 0;
  parallel_for(rows, cols * cost, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) row(p + i * cols, o + i * cols, cols);
  });
}

template <class T>
const T* opt_data(const Tensor& t, Tensor& keep) {
  if (!t.defined()) return nullptr;
  keep = t.contiguous();
  return static_cast<const T*>(keep.data_ptr());
}

}  // namespace

void softmax(const OpCall& c, std::span<Tensor> out) { softmax_impl<false>(c, out[0]); }
void log_softmax(const OpCall& c, std::span<Tensor> out) { softmax_impl<true>(c, out[0]); }

void layer_norm(const OpCall& c, std::span<Tensor> out) {
  const Tensor& x = c.in[0];
  int64_t cols = numel_of(c.attrs.ints(0));
  double eps = c.attrs.f(1);
  visit_float(x.dtype(), [&]<class T>() {
    Tensor wk, bk;
    const T* w = opt_data<T>(c.has_input(1) ? c.in[1] : Tensor(), wk);
    const T* bias = opt_data<T>(c.has_input(2) ? c.in[2] : Tensor(), bk);
    over_rows<T>(x, out[0], cols, 4, [&](const T* xi, T* oi, int64_t n) {
      double m = lane_sum<double>(n, [&](int64_t j) { return compute_t<T>(xi[j]); }) / double(n);
      double v = lane_sum<double>(n, [&](int64_t j) {
        double d = double(compute_t<T>(xi[j])) - m;
        return d * d;
      });
      using C = compute_t<T>;
      C rstd = C(1.0 / std::sqrt(v / double(n) + eps)), mc = C(m);
      for (int64_t j = 0; j < n; ++j) {
        C y = (C(xi[j]) - mc) * rstd;
        if (w) y *= C(w[j]);
        if (bias) y += C(bias[j]);
        oi[j] = T(y);
      }
    });
  });
}

void rms_norm(const OpCall& c, std::span<Tensor> out) {
  const Tensor& x = c.in[0];
  int64_t cols = numel_of(c.attrs.ints(0));
  visit_float(x.dtype(), [&]<class T>() {
    double eps =
        c.attrs.has(1) ? c.attrs.f(1) : double(std::numeric_limits<compute_t<T>>::epsilon());
    if constexpr (std::is_same_v<T, Half>) eps = c.attrs.has(1) ? eps : 0.0009765625;
    if constexpr (std::is_same_v<T, BFloat16>) eps = c.attrs.has(1) ? eps : 0.0078125;
    Tensor wk;
    const T* w = opt_data<T>(c.has_input(1) ? c.in[1] : Tensor(), wk);
    over_rows<T>(x, out[0], cols, 3, [&](const T* xi, T* oi, int64_t n) {
      double ss = lane_sum<double>(n, [&](int64_t j) {
        double v = double(compute_t<T>(xi[j]));
        return v * v;
      });
      using C = compute_t<T>;
      C r = C(1.0 / std::sqrt(ss / double(n) + eps));
      for (int64_t j = 0; j < n; ++j) {
        C y = C(xi[j]) * r;
        if (w) y *= C(w[j]);
        oi[j] = T(y);
      }
    });
  });
}

void batch_norm(const OpCall& c, std::span<Tensor> out) {
  const Tensor& x = c.in[0];
  double eps = c.attrs.f(0);
  int64_t N = x.shape()[0], C = x.shape()[1];
  int64_t inner = C ? x.numel() / (N * C) : 0;
  if (x.numel() == 0) return;
  visit_float(x.dtype(), [&]<class T>() {
    Tensor mk, vk, wk, bk;
    const T* mean = opt_data<T>(c.in[1].to(x.dtype()), mk);
    const T* var = opt_data<T>(c.in[2].to(x.dtype()), vk);
    const T* w = opt_data<T>(c.has_input(3) ? c.in[3].to(x.dtype()) : Tensor(), wk);
    const T* b = opt_data<T>(c.has_input(4) ? c.in[4].to(x.dtype()) : Tensor(), bk);
    // y = x * scale[c] + shift[c]
    std::vector<double> scale(static_cast<size_t>(C)), shift(static_cast<size_t>(C));
    for (int64_t ch = 0; ch < C; ++ch) {
      double s = 1.0 / std::sqrt(double(compute_t<T>(var[ch])) + eps);
      if (w) s *= double(compute_t<T>(w[ch]));
      scale[ch] = s;
      shift[ch] = (b ? double(compute_t<T>(b[ch])) : 0.0) - double(compute_t<T>(mean[ch])) * s;
    }
    Tensor xc = x.contiguous();
    const T* p = static_cast<const T*>(xc.data_ptr());
    T* o = static_cast<T*>(out[0].data_ptr());
    parallel_for(N * C, inner * 2, [&](int64_t bgn, int64_t end) {
      for (int64_t i = bgn; i < end; ++i) {
        using CT = compute_t<T>;
        CT s = CT(scale[i % C]), t = CT(shift[i % C]);
        for (int64_t j = 0; j < inner; ++j) o[i * inner + j] = T(CT(p[i * inner + j]) * s + t);
      }
    });
  });
}

}  // namespace kiln::kernels
