// runtime/kernels/conv.cpp — conv2d as im2col + gemm per (image, group) (1x1 stride-1 convs
// skip im2col), and the 2-D pools. 16-bit floats compute through float32.
#include <immintrin.h>

#include <cmath>
#include <limits>
#include <map>
#include <mutex>

#include "runtime/epilogue.h"
#include "runtime/kernels/common.h"
#include "runtime/simd.h"

namespace kiln::kernels {

namespace {
Shape pair_of(const Shape& v) { return v.size() == 1 ? Shape{v[0], v[0]} : v; }

// A conv2d's sizes, from its input [N, C, H, W], weight [O, C/G, kh, kw] and output
// [N, O, Ho, Wo] shapes: P output positions per plane, R = C/G * kh * kw taps per output.
struct ConvGeom {
  int64_t N, C, H, W, O, Cg, kh, kw, Ho, Wo, G, Og, P, R;
  ConvGeom(const Shape& x, const Shape& w, const Shape& out, int64_t groups)
      : N(x[0]),
        C(x[1]),
        H(x[2]),
        W(x[3]),
        O(w[0]),
        Cg(w[1]),
        kh(w[2]),
        kw(w[3]),
        Ho(out[2]),
        Wo(out[3]),
        G(groups),
        Og(w[0] / groups),
        P(out[2] * out[3]),
        R(w[1] * w[2] * w[3]) {}
};

// col [R, P]: for each tap r and output position p, the input element it reads (0 in padding),
// for one image's group of channels `xin` [Cg, H, W].
template <class T>
void im2col(const T* xin, const ConvGeom& c, const Shape& st, const Shape& pad, const Shape& dil,
            T* col) {
  parallel_for(c.R, c.P, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t ci = r / (c.kh * c.kw), ki = (r / c.kw) % c.kh, kj = r % c.kw;
      T* dst = col + r * c.P;
      for (int64_t oy = 0; oy < c.Ho; ++oy) {
        int64_t iy = oy * st[0] - pad[0] + ki * dil[0];
        for (int64_t ox = 0; ox < c.Wo; ++ox) {
          int64_t ix = ox * st[1] - pad[1] + kj * dil[1];
          dst[oy * c.Wo + ox] =
              (iy >= 0 && iy < c.H && ix >= 0 && ix < c.W) ? xin[(ci * c.H + iy) * c.W + ix] : T(0);
        }
      }
    }
  });
}

// One input channel per group (depthwise, MobileNet's): direct loops per output plane, each
// tap a multiply-add over a row's valid span (contiguous when the stride is 1). im2col + gemm
// would run G gemms of one row each.
template <class T>
void depthwise_conv(const T* xp, const T* wp, const T* bp, T* op, const ConvGeom& c,
                    const Shape& st, const Shape& pad, const Shape& dil) {
  parallel_for(c.N * c.O, c.P * c.kh * c.kw, [&](int64_t b0, int64_t b1) {
    for (int64_t plane = b0; plane < b1; ++plane) {
      int64_t n = plane / c.O, o = plane % c.O, ci = o / c.Og;
      const T* x = xp + (n * c.C + ci) * c.H * c.W;
      const T* w = wp + o * c.kh * c.kw;
      T* out = op + plane * c.P;
      T init = bp ? bp[o] : T(0);
      for (int64_t i = 0; i < c.P; ++i) out[i] = init;
      for (int64_t oy = 0; oy < c.Ho; ++oy) {
        T* row = out + oy * c.Wo;
        for (int64_t ki = 0; ki < c.kh; ++ki) {
          int64_t iy = oy * st[0] - pad[0] + ki * dil[0];
          if (iy < 0 || iy >= c.H) continue;
          const T* xrow = x + iy * c.W;
          for (int64_t kj = 0; kj < c.kw; ++kj) {
            T wv = w[ki * c.kw + kj];
            int64_t off = kj * dil[1] - pad[1];  // ix = ox * stride + off
            int64_t lo = off >= 0 ? 0 : (-off + st[1] - 1) / st[1];
            int64_t hi = c.W - 1 - off < 0 ? 0 : std::min(c.Wo, (c.W - 1 - off) / st[1] + 1);
            if (st[1] == 1) {
              const T* src = xrow + off;
              for (int64_t ox = lo; ox < hi; ++ox) row[ox] += wv * src[ox];
            } else {
              for (int64_t ox = lo; ox < hi; ++ox) row[ox] += wv * xrow[ox * st[1] + off];
            }
          }
        }
      }
    }
  });
}

template <class T>
void conv2d_impl(const Tensor& x4, const Tensor& w, const Tensor& bias, Tensor& out4,
                 const Shape& st, const Shape& pad, const Shape& dil, int64_t G) {
  ConvGeom c(x4.shape(), w.shape(), out4.shape(), G);
  if (c.Cg == 1 && G > 1) {
    Tensor xc = x4.contiguous(), wc = w.contiguous();
    Tensor bc = bias.defined() ? bias.contiguous() : bias;
    depthwise_conv<T>(static_cast<const T*>(xc.data_ptr()), static_cast<const T*>(wc.data_ptr()),
                      bc.defined() ? static_cast<const T*>(bc.data_ptr()) : nullptr,
                      static_cast<T*>(out4.data_ptr()), c, st, pad, dil);
    return;
  }
  int64_t N = c.N, O = c.O, P = c.P;
  Tensor xc = x4.contiguous(), wc = w.contiguous();
  const T* xp = static_cast<const T*>(xc.data_ptr());
  const T* wp = static_cast<const T*>(wc.data_ptr());
  T* op = static_cast<T*>(out4.data_ptr());
  bool direct = c.kh == 1 && c.kw == 1 && st[0] == 1 && st[1] == 1 && pad[0] == 0 && pad[1] == 0;
  std::vector<T> col(direct ? 0 : size_t(c.R * P));
  for (int64_t n = 0; n < N; ++n)
    for (int64_t g = 0; g < G; ++g) {
      const T* xin = xp + (n * c.C + g * c.Cg) * c.H * c.W;
      const T* cols = xin;
      if (!direct) {
        im2col(xin, c, st, pad, dil, col.data());
        cols = col.data();
      }
      gemm<T>(c.Og, P, c.R, {wp + g * c.Og * c.R, c.R, 1}, {cols, P, 1},
              op + (n * O + g * c.Og) * P, P);
    }
  if (bias.defined()) {
    Tensor bc = bias.contiguous();
    const T* bp = static_cast<const T*>(bc.data_ptr());
    parallel_for(N * O, P, [&](int64_t b0, int64_t b1) {
      for (int64_t i = b0; i < b1; ++i)
        for (int64_t p = 0; p < P; ++p) op[i * P + p] += bp[i % O];
    });
  }
}

// Max-pool outputs [lo, mid) of one float32 row, 8 at a time, returning mid: windows of kw
// columns at column stride s (1, or 2 through deinterleaved loads) and left padding pw, over
// rows y0 + [i0, i1) of the plane x [.., W]; output ox (>= lo: its window starts inside the
// row) reads columns ox * s - pw + j. A NaN in a window gives NaN (the quiet NaN, where the
// scalar loop passes the input's own NaN on).
int64_t max_pool_row8(const float* x, int64_t W, int64_t y0, int64_t i0, int64_t i1, int64_t kw,
                      int64_t s, int64_t pw, int64_t lo, int64_t hi, float* out) {
  if (s != 1 && s != 2) return lo;
  int64_t ox = lo;
  // the furthest column a block of 8 from ox reads (s = 2: 16 values per tap)
  auto reach = [&](int64_t o) { return (s == 1 ? o + 7 + kw - 1 : 2 * o + kw - 1 + 15) - pw; };
  for (; ox + 8 <= hi && reach(ox) < W; ox += 8) {
    __m256 best = _mm256_set1_ps(-std::numeric_limits<float>::infinity());
    __m256 nan = _mm256_setzero_ps();
    for (int64_t i = i0; i < i1; ++i)
      for (int64_t j = 0; j < kw; ++j) {
        const float* p = x + (y0 + i) * W + (ox * s - pw + j);
        __m256 v, odd;
        if (s == 1)
          v = _mm256_loadu_ps(p);
        else
          simd::deinterleave(p, v, odd);  // (odd unused: optimised away)
        nan = _mm256_or_ps(nan, _mm256_cmp_ps(v, v, _CMP_UNORD_Q));
        best = _mm256_max_ps(v, best);  // (NaN: kept aside in `nan`)
      }
    _mm256_storeu_ps(
        out + ox,
        _mm256_blendv_ps(best, _mm256_set1_ps(std::numeric_limits<float>::quiet_NaN()), nan));
  }
  return ox;
}

// Runs body(plane_in, plane_out, H, W, Ho, Wo) for each [H, W] plane in parallel (through
// contiguous copies where the input or the output has another layout).
template <class T, class Body>
void over_planes(const Tensor& x, Tensor& out, Body body) {
  Tensor xc = x.contiguous();
  Tensor oc = out.is_contiguous() ? out : empty_tensor(out.shape(), out.dtype());
  int64_t H = x.shape()[x.dim() - 2], W = x.shape()[x.dim() - 1];
  int64_t Ho = out.shape()[out.dim() - 2], Wo = out.shape()[out.dim() - 1];
  int64_t planes = H * W ? x.numel() / (H * W) : 0;
  const T* xp = static_cast<const T*>(xc.data_ptr());
  T* op = static_cast<T*>(oc.data_ptr());
  parallel_for(planes, H * W, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) body(xp + i * H * W, op + i * Ho * Wo, H, W, Ho, Wo);
  });
  if (!out.is_contiguous()) copy_into(out, oc);
}
}  // namespace

// Whether a faster kernel than conv2d_impl ran the convolution (into o4): oneDNN's blocked
// kernels or kiln's own (runtime/conv.h). Per shape signature, the first call times each that
// takes it and keeps the fastest.
bool faster_conv(const Tensor& x4, const Tensor& w, const Tensor& bias, const Shape& st,
                 const Shape& pad, const Shape& dil, int64_t G, Tensor& o4) {
  const std::string& mode = conv_kernel_mode();
  auto kiln = [&] { return conv2d_kiln(x4, w, bias, st, pad, dil, G, {}, {}, o4); };
  auto blocked = [&] { return conv2d_blocked(x4, w, bias, st, pad, dil, G, {}, {}, o4); };
  if (mode == "kiln" && kiln()) return true;
  // A channels-last output: oneDNN reads and writes that layout as it is; the other paths
  // write contiguous results.
  if (!o4.is_contiguous()) return blocked();
  enum Choice { kImpl, kBlocked, kKiln };
  static std::mutex mu;
  static auto* faster = new std::map<std::vector<int64_t>, Choice>;  // outlives static exits
  std::vector<int64_t> key = x4.shape();
  for (const Shape* s : {&w.shape(), &x4.strides(), &w.strides(), &st, &pad, &dil})
    key.insert(key.end(), s->begin(), s->end());
  key.push_back(G);
  key.push_back(bias.defined());
  key.push_back(mode == "onednn");
  key.push_back(num_threads());
  {
    std::lock_guard lock(mu);
    if (auto it = faster->find(key); it != faster->end())
      return it->second == kKiln ? kiln() : it->second == kBlocked && blocked();
  }
  // Each candidate once to create and pack, then timed.
  double best = seconds_of([&] { conv2d_impl<float>(x4, w, bias, o4, st, pad, dil, G); });
  Choice choice = kImpl, last = kImpl;
  if (blocked()) {
    double t = seconds_of(blocked);
    last = kBlocked;
    if (t < best) best = t, choice = kBlocked;
  }
  if (mode != "onednn" && kiln()) {
    double t = seconds_of(kiln);
    last = kKiln;
    if (t < best) best = t, choice = kKiln;
  }
  if (choice != last) {  // o4 holds the last one's result: run the winner
    if (choice == kImpl) conv2d_impl<float>(x4, w, bias, o4, st, pad, dil, G);
    if (choice == kBlocked) blocked();
  }
  std::lock_guard lock(mu);
  (*faster)[key] = choice;
  return true;  // o4 holds the result
}

void conv2d(const OpCall& c, std::span<Tensor> out) {
  const Tensor& x = c.in[0];
  Tensor bias = c.has_input(2) ? c.in[2] : Tensor();
  Shape st = pair_of(c.attrs.ints(0)), pad = pair_of(c.attrs.ints(1)),
        dil = pair_of(c.attrs.ints(2));
  int64_t G = c.attrs.i(3);
  Tensor x4 = x.dim() == 3 ? x.unsqueeze(0) : x;
  DType dt = x.dtype();
  // conv2d_impl writes a contiguous result: into the output, or through a copy (channels-last).
  auto impl = [&]<class T>(const Tensor& xin, const Tensor& w, const Tensor& b, Tensor& o4) {
    Tensor dst = o4.is_contiguous() ? o4 : empty_tensor(o4.shape(), o4.dtype());
    conv2d_impl<T>(xin, w, b, dst, st, pad, dil, G);
    if (!o4.is_contiguous()) copy_into(o4, dst);
  };
  if (dt == DType::Float64) {
    Tensor o4 = out[0].dim() == 3 ? out[0].unsqueeze(0) : out[0];
    impl.operator()<double>(x4, c.in[1], bias, o4);
    return;
  }
  bool direct = dt == DType::Float32;
  Tensor o = direct ? out[0] : empty_tensor(out[0].shape(), DType::Float32);
  Tensor o4 = o.dim() == 3 ? o.unsqueeze(0) : o;
  // oneDNN's blocked kernels, kiln's own, or im2col + sgemm (direct loops when depthwise),
  // whichever the first call of these shapes measures fastest.
  // (a bound on the result's elements, for a following convolution's clamp: epilogue.h)
  auto bound = [&] { record_conv_abs_bound(abs_bound(x), c.in[1], bias, {}, {}, out[0]); };
  if (direct && faster_conv(x4, c.in[1], bias, st, pad, dil, G, o4)) return bound();
  impl.operator()<float>(x4.to(DType::Float32), c.in[1].to(DType::Float32),
                         bias.defined() ? bias.to(DType::Float32) : bias, o4);
  if (!direct) copy_into(out[0], o);
  if (direct) bound();
}

void max_pool2d(const OpCall& c, std::span<Tensor> out) {
  Shape k = pair_of(c.attrs.ints(0));
  Shape st = c.attrs.ints(1).empty() ? k : pair_of(c.attrs.ints(1));
  Shape pad = pair_of(c.attrs.ints(2));
  const Tensor& x = c.in[0];
  // Channels-last [N, C, H, W] in and out (unit stride over C in both): each output pixel is
  // the maximum of its window's pixels, a vector over the channels.
  bool nhwc = x.dim() == 4 && is_channels_last(x) && out[0].strides()[1] == 1;
  visit_numeric(x.dtype(), [&]<class T>() {
    using C = compute_t<T>;
    C lowest = std::numeric_limits<C>::lowest();
    if constexpr (std::numeric_limits<C>::has_infinity)
      lowest = -std::numeric_limits<C>::infinity();
    if (nhwc) {
      const Shape &xs = x.strides(), &os = out[0].strides();
      int64_t N = x.shape()[0], Ch = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
      int64_t Ho = out[0].shape()[2], Wo = out[0].shape()[3];
      const T* xp = static_cast<const T*>(x.data_ptr());
      T* op = static_cast<T*>(out[0].data_ptr());
      parallel_for(N * Ho, Wo * Ch * k[0] * k[1], [&](int64_t b, int64_t e) {
        for (int64_t r = b; r < e; ++r) {
          int64_t n = r / Ho, oy = r % Ho, y0 = oy * st[0] - pad[0];
          for (int64_t ox = 0; ox < Wo; ++ox) {
            T* o = op + n * os[0] + oy * os[2] + ox * os[3];
            for (int64_t ch = 0; ch < Ch; ++ch) o[ch] = T(lowest);
            int64_t x0 = ox * st[1] - pad[1];
            for (int64_t yy = std::max<int64_t>(0, y0); yy < std::min(H, y0 + k[0]); ++yy)
              for (int64_t xx = std::max<int64_t>(0, x0); xx < std::min(W, x0 + k[1]); ++xx) {
                const T* in = xp + n * xs[0] + yy * xs[2] + xx * xs[3];
                for (int64_t ch = 0; ch < Ch; ++ch) {
                  C v = C(in[ch]), m = C(o[ch]);
                  o[ch] = T((v > m || v != v) ? v : m);  // a NaN stays
                }
              }
          }
        }
      });
      return;
    }
    over_planes<T>(
        c.in[0], out[0], [&](const T* x, T* o, int64_t H, int64_t W, int64_t Ho, int64_t Wo) {
          // The output columns whose windows lie inside the row, [lo, hi), take no bounds checks
          // (ResNet's 3x3 stride-2 pool: 2.4 -> 0.6 ms); a NaN in a window gives NaN either way.
          int64_t lo = std::min(Wo, (pad[1] + st[1] - 1) / st[1]);
          int64_t hi =
              W + pad[1] >= k[1] ? std::clamp((W + pad[1] - k[1]) / st[1] + 1, lo, Wo) : lo;
          for (int64_t oy = 0; oy < Ho; ++oy) {
            int64_t y0 = oy * st[0] - pad[0];
            int64_t i0 = std::max<int64_t>(0, -y0), i1 = std::min(k[0], H - y0);
            auto edge = [&](int64_t ox) {
              C best = lowest;
              bool nan = false;
              for (int64_t i = i0; i < i1; ++i)
                for (int64_t j = 0; j < k[1]; ++j) {
                  int64_t xx = ox * st[1] - pad[1] + j;
                  if (xx < 0 || xx >= W) continue;
                  C v = C(x[(y0 + i) * W + xx]);
                  if constexpr (!std::is_integral_v<C>) nan = nan || std::isnan(v);
                  best = v > best ? v : best;
                }
              o[oy * Wo + ox] = nan ? T(std::numeric_limits<C>::quiet_NaN()) : T(best);
            };
            for (int64_t ox = 0; ox < lo; ++ox) edge(ox);
            T* row = o + oy * Wo;
            int64_t mid = lo;  // float32 with column stride 1 or 2: 8 outputs at a time
            if constexpr (std::is_same_v<T, float>)
              mid = max_pool_row8(x, W, y0, i0, i1, k[1], st[1], pad[1], lo, hi, row);
            // Tap by tap across the row (strided loads the compiler vectorises).
            for (int64_t ox = mid; ox < hi; ++ox) row[ox] = T(lowest);
            for (int64_t i = i0; i < i1; ++i)
              for (int64_t j = 0; j < k[1]; ++j) {
                const T* in = x + (y0 + i) * W + j - pad[1];
                for (int64_t ox = mid; ox < hi; ++ox) {
                  C v = C(in[ox * st[1]]), b = C(row[ox]);
                  row[ox] = T((v > b || v != v) ? v : b);  // a NaN stays (nothing is > NaN)
                }
              }
            for (int64_t ox = hi; ox < Wo; ++ox) edge(ox);
          }
        });
  });
}

void avg_pool2d(const OpCall& c, std::span<Tensor> out) {
  Shape k = pair_of(c.attrs.ints(0));
  Shape st = c.attrs.ints(1).empty() ? k : pair_of(c.attrs.ints(1));
  Shape pad = pair_of(c.attrs.ints(2));
  bool include_pad = c.attrs.b(3);
  visit_float(c.in[0].dtype(), [&]<class T>() {
    over_planes<T>(
        c.in[0], out[0], [&](const T* x, T* o, int64_t H, int64_t W, int64_t Ho, int64_t Wo) {
          for (int64_t oy = 0; oy < Ho; ++oy)
            for (int64_t ox = 0; ox < Wo; ++ox) {
              int64_t y0 = oy * st[0] - pad[0], x0 = ox * st[1] - pad[1];
              int64_t y1 = std::min(y0 + k[0], H + pad[0]), x1 = std::min(x0 + k[1], W + pad[1]);
              int64_t area = (y1 - y0) * (x1 - x0);
              y0 = std::max<int64_t>(y0, 0);
              x0 = std::max<int64_t>(x0, 0);
              y1 = std::min(y1, H);
              x1 = std::min(x1, W);
              double s = 0;
              for (int64_t y = y0; y < y1; ++y)
                for (int64_t xx = x0; xx < x1; ++xx) s += double(compute_t<T>(x[y * W + xx]));
              if (!include_pad) area = (y1 - y0) * (x1 - x0);
              o[oy * Wo + ox] = convert<T>(s / double(area));
            }
        });
  });
}

void adaptive_avg_pool2d(const OpCall& c, std::span<Tensor> out) {
  visit_float(c.in[0].dtype(), [&]<class T>() {
    over_planes<T>(c.in[0], out[0],
                   [&](const T* x, T* o, int64_t H, int64_t W, int64_t Ho, int64_t Wo) {
                     for (int64_t oy = 0; oy < Ho; ++oy) {
                       int64_t y0 = oy * H / Ho, y1 = ((oy + 1) * H + Ho - 1) / Ho;
                       for (int64_t ox = 0; ox < Wo; ++ox) {
                         int64_t x0 = ox * W / Wo, x1 = ((ox + 1) * W + Wo - 1) / Wo;
                         double s = 0;
                         for (int64_t y = y0; y < y1; ++y)
                           for (int64_t xx = x0; xx < x1; ++xx)
                             s += double(compute_t<T>(x[y * W + xx]));
                         o[oy * Wo + ox] = convert<T>(s / double((y1 - y0) * (x1 - x0)));
                       }
                     }
                   });
  });
}

// ---------------------------------------------------------------- gradients
namespace {
// d input of conv2d: per (image, group), cols = w_g^T @ g_ng, then col2im adds each column
// entry back to the input position it was read from.
template <class T>
void conv2d_input_grad_impl(const Tensor& g4, const Tensor& w, Tensor& dx4, const Shape& st,
                            const Shape& pad, const Shape& dil, int64_t G) {
  ConvGeom c(dx4.shape(), w.shape(), g4.shape(), G);
  Tensor gc = g4.contiguous(), wc = w.contiguous();
  const T* gp = static_cast<const T*>(gc.data_ptr());
  const T* wp = static_cast<const T*>(wc.data_ptr());
  T* dp = static_cast<T*>(dx4.data_ptr());
  std::fill(dp, dp + dx4.numel(), T(0));
  std::vector<T> col(size_t(c.R * c.P));
  for (int64_t n = 0; n < c.N; ++n)
    for (int64_t g = 0; g < G; ++g) {
      // col [R, P] = w_g^T [R, Og] @ g_ng [Og, P]
      gemm<T>(c.R, c.P, c.Og, {wp + g * c.Og * c.R, 1, c.R},
              {gp + (n * c.O + g * c.Og) * c.P, c.P, 1}, col.data(), c.P);
      T* din = dp + (n * c.C + g * c.Cg) * c.H * c.W;
      parallel_for(c.Cg, c.R / c.Cg * c.P, [&](int64_t c0, int64_t c1) {  // planes per channel
        for (int64_t ci = c0; ci < c1; ++ci)
          for (int64_t ki = 0; ki < c.kh; ++ki)
            for (int64_t kj = 0; kj < c.kw; ++kj) {
              const T* src = col.data() + ((ci * c.kh + ki) * c.kw + kj) * c.P;
              for (int64_t oy = 0; oy < c.Ho; ++oy) {
                int64_t iy = oy * st[0] - pad[0] + ki * dil[0];
                if (iy < 0 || iy >= c.H) continue;
                for (int64_t ox = 0; ox < c.Wo; ++ox) {
                  int64_t ix = ox * st[1] - pad[1] + kj * dil[1];
                  if (ix >= 0 && ix < c.W) din[(ci * c.H + iy) * c.W + ix] += src[oy * c.Wo + ox];
                }
              }
            }
      });
    }
}

// d weight of conv2d: per (image, group), dw_g [Og, R] += g_ng [Og, P] @ im2col(x)^T [P, R].
template <class T>
void conv2d_weight_grad_impl(const Tensor& g4, const Tensor& x4, Tensor& dw, const Shape& st,
                             const Shape& pad, const Shape& dil, int64_t G) {
  ConvGeom c(x4.shape(), dw.shape(), g4.shape(), G);
  Tensor gc = g4.contiguous(), xc = x4.contiguous();
  const T* gp = static_cast<const T*>(gc.data_ptr());
  const T* xp = static_cast<const T*>(xc.data_ptr());
  T* wp = static_cast<T*>(dw.data_ptr());
  std::fill(wp, wp + dw.numel(), T(0));
  std::vector<T> col(size_t(c.R * c.P)), part(size_t(c.Og * c.R));
  for (int64_t n = 0; n < c.N; ++n)
    for (int64_t g = 0; g < G; ++g) {
      im2col(xp + (n * c.C + g * c.Cg) * c.H * c.W, c, st, pad, dil, col.data());
      gemm<T>(c.Og, c.R, c.P, {gp + (n * c.O + g * c.Og) * c.P, c.P, 1}, {col.data(), 1, c.P},
              part.data(), c.R);
      T* dst = wp + g * c.Og * c.R;
      for (int64_t i = 0; i < c.Og * c.R; ++i) dst[i] += part[size_t(i)];
    }
}

// Runs f<float or double>(float tensors...) for a float32/float64 gradient; 16-bit floats go
// through float32 and the result is converted back.
template <class F>
void through_float(const Tensor& out, F f) {
  if (out.dtype() == DType::Float64) {
    f.template operator()<double>();
  } else {
    f.template operator()<float>();
  }
}
Tensor as4(const Tensor& t) { return t.dim() == 3 ? t.unsqueeze(0) : t; }
Tensor compute_copy(const Tensor& t) {
  return t.dtype() == DType::Float64 ? t : t.to(DType::Float32);
}
}  // namespace

void conv2d_input_grad(const OpCall& c, std::span<Tensor> out) {
  Shape st = pair_of(c.attrs.ints(1)), pad = pair_of(c.attrs.ints(2)),
        dil = pair_of(c.attrs.ints(3));
  int64_t G = c.attrs.i(4);
  Tensor& dx = out[0];
  bool direct = dx.dtype() == DType::Float32 || dx.dtype() == DType::Float64;
  Tensor o = direct ? dx : empty_tensor(dx.shape(), DType::Float32);
  Tensor o4 = as4(o);
  through_float(o, [&]<class T>() {
    conv2d_input_grad_impl<T>(as4(compute_copy(c.in[0])), compute_copy(c.in[1]), o4, st, pad, dil,
                              G);
  });
  if (!direct) copy_into(dx, o);
}

void conv2d_weight_grad(const OpCall& c, std::span<Tensor> out) {
  Shape st = pair_of(c.attrs.ints(1)), pad = pair_of(c.attrs.ints(2)),
        dil = pair_of(c.attrs.ints(3));
  int64_t G = c.attrs.i(4);
  Tensor& dw = out[0];
  bool direct = dw.dtype() == DType::Float32 || dw.dtype() == DType::Float64;
  Tensor o = direct ? dw : empty_tensor(dw.shape(), DType::Float32);
  through_float(o, [&]<class T>() {
    conv2d_weight_grad_impl<T>(as4(compute_copy(c.in[0])), as4(compute_copy(c.in[1])), o, st, pad,
                               dil, G);
  });
  if (!direct) copy_into(dw, o);
}

namespace {
// Runs body(g_plane, x_plane, dx_plane, H, W, Ho, Wo) per plane in parallel (dx zeroed first).
template <class T, class Body>
void over_grad_planes(const Tensor& g, const Tensor& x, Tensor& dx, Body body) {
  Tensor gc = g.contiguous(), xc = x.defined() ? x.contiguous() : Tensor();
  int64_t H = dx.shape()[dx.dim() - 2], W = dx.shape()[dx.dim() - 1];
  int64_t Ho = g.shape()[g.dim() - 2], Wo = g.shape()[g.dim() - 1];
  int64_t planes = H * W ? dx.numel() / (H * W) : 0;
  const T* gp = static_cast<const T*>(gc.data_ptr());
  const T* xp = xc.defined() ? static_cast<const T*>(xc.data_ptr()) : nullptr;
  T* dp = static_cast<T*>(dx.data_ptr());
  parallel_for(planes, H * W, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      T* d = dp + i * H * W;
      std::fill(d, d + H * W, T(0));
      body(gp + i * Ho * Wo, xp ? xp + i * H * W : nullptr, d, H, W, Ho, Wo);
    }
  });
}
}  // namespace

void max_pool2d_backward(const OpCall& c, std::span<Tensor> out) {
  // The gradient goes to the first largest element of each window (scan order), as PyTorch.
  Shape k = pair_of(c.attrs.ints(0));
  Shape st = c.attrs.ints(1).empty() ? k : pair_of(c.attrs.ints(1));
  Shape pad = pair_of(c.attrs.ints(2));
  visit_float(out[0].dtype(), [&]<class T>() {
    using C = compute_t<T>;
    over_grad_planes<T>(
        c.in[0], c.in[1], out[0],
        [&](const T* g, const T* x, T* d, int64_t H, int64_t W, int64_t Ho, int64_t Wo) {
          for (int64_t oy = 0; oy < Ho; ++oy)
            for (int64_t ox = 0; ox < Wo; ++ox) {
              int64_t at = -1;
              C best = -std::numeric_limits<C>::infinity();
              for (int64_t i = 0; i < k[0]; ++i)
                for (int64_t j = 0; j < k[1]; ++j) {
                  int64_t y = oy * st[0] - pad[0] + i, xx = ox * st[1] - pad[1] + j;
                  if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
                  C v = C(x[y * W + xx]);
                  if (at < 0 || v > best || std::isnan(v)) {
                    if (at >= 0 && std::isnan(best)) continue;
                    best = v;
                    at = y * W + xx;
                  }
                }
              if (at >= 0) d[at] = T(C(d[at]) + C(g[oy * Wo + ox]));
            }
        });
  });
}

void avg_pool2d_backward(const OpCall& c, std::span<Tensor> out) {
  Shape k = pair_of(c.attrs.ints(1));
  Shape st = c.attrs.ints(2).empty() ? k : pair_of(c.attrs.ints(2));
  Shape pad = pair_of(c.attrs.ints(3));
  bool include_pad = c.attrs.b(4);
  visit_float(out[0].dtype(), [&]<class T>() {
    over_grad_planes<T>(
        c.in[0], Tensor(), out[0],
        [&](const T* g, const T*, T* d, int64_t H, int64_t W, int64_t Ho, int64_t Wo) {
          for (int64_t oy = 0; oy < Ho; ++oy)
            for (int64_t ox = 0; ox < Wo; ++ox) {
              int64_t y0 = oy * st[0] - pad[0], x0 = ox * st[1] - pad[1];
              int64_t y1 = std::min(y0 + k[0], H + pad[0]);
              int64_t x1 = std::min(x0 + k[1], W + pad[1]);
              int64_t area = (y1 - y0) * (x1 - x0);
              y0 = std::max<int64_t>(y0, 0);
              x0 = std::max<int64_t>(x0, 0);
              y1 = std::min(y1, H);
              x1 = std::min(x1, W);
              if (!include_pad) area = (y1 - y0) * (x1 - x0);
              double share = double(compute_t<T>(g[oy * Wo + ox])) / double(area);
              for (int64_t y = y0; y < y1; ++y)
                for (int64_t xx = x0; xx < x1; ++xx)
                  d[y * W + xx] = convert<T>(double(compute_t<T>(d[y * W + xx])) + share);
            }
        });
  });
}

void adaptive_avg_pool2d_backward(const OpCall& c, std::span<Tensor> out) {
  visit_float(out[0].dtype(), [&]<class T>() {
    over_grad_planes<T>(
        c.in[0], Tensor(), out[0],
        [&](const T* g, const T*, T* d, int64_t H, int64_t W, int64_t Ho, int64_t Wo) {
          for (int64_t oy = 0; oy < Ho; ++oy) {
            int64_t y0 = oy * H / Ho, y1 = ((oy + 1) * H + Ho - 1) / Ho;
            for (int64_t ox = 0; ox < Wo; ++ox) {
              int64_t x0 = ox * W / Wo, x1 = ((ox + 1) * W + Wo - 1) / Wo;
              double share = double(compute_t<T>(g[oy * Wo + ox])) / double((y1 - y0) * (x1 - x0));
              for (int64_t y = y0; y < y1; ++y)
                for (int64_t xx = x0; xx < x1; ++xx)
                  d[y * W + xx] = convert<T>(double(compute_t<T>(d[y * W + xx])) + share);
            }
          }
        });
  });
}

}  // namespace kiln::kernels
