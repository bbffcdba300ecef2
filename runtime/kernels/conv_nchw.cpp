// runtime/kernels/conv_nchw.cpp — runtime/conv.h: 1x1 and depthwise float32 convolutions on
// NCHW tensors, with their epilogue.
//
// 1x1: out[n] [O, H*W] = w [O, C] @ x[n] [C, H*W] through gemm::sgemm_unpacked — the weights
// packed once (gemm::pack_rows), each image's activations packed panel by panel as the
// product reaches them, the bias and the epilogue applied to each output tile after its last
// K block. Planes of at most 64 values (7x7) run transposed, x[n]^T [H*W, C] @ w^T [C, O] with
// w^T packed once as gemm's right operand, into a buffer then transposed into place.
//
// Depthwise, per output plane (in parallel): the input plane, zero-padded, is copied into a
// per-thread buffer with its columns split by phase (column c of the padded row at
// [c % stride][c / stride]), so that for every tap the inputs of 8 consecutive output columns
// are 8 consecutive floats, at any stride and dilation. The output is then computed in blocks
// of up to 4 vectors of 8 columns (4 rows of one vector when rows are short), one accumulator
// per vector starting at the bias, one broadcast weight and one FMA per tap and vector. Rows
// are finished in bands of ~4 KB, which get the epilogue while in L1.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <immintrin.h>
#include <omp.h>

#include <algorithm>
#include <string_view>
#include <vector>

#include "kiln/error.h"
#include "kiln/factories.h"
#include "runtime/conv.h"
#include "runtime/gemm.h"
#include "runtime/parallel.h"
#include "runtime/simd.h"

namespace kiln::conv {

namespace {

constexpr int64_t kMaxTaps = 64;
constexpr int64_t kMaxStride = 8;  // depthwise column strides it takes

Shape pair_of(const Shape& v) { return v.size() == 1 ? Shape{v[0], v[0]} : v; }

// The stride of dims H and W of `shape`/`strides` (rank 4) walked as one dim of H * W, or -1
// when they do not merge. Size-1 dims do not constrain it.
int64_t merged_stride(int64_t H, int64_t W, int64_t s2, int64_t s3) {
  if (W == 1) return s2;
  if (H == 1 || s2 == s3 * W) return s3;
  return -1;
}

// t's shape and strides as a rank-4 tensor broadcast to out (size-1 dims: stride 0).
struct Padded {
  int64_t shape[4] = {1, 1, 1, 1}, strides[4] = {0, 0, 0, 0};
  explicit Padded(const Tensor& t) {
    size_t off = 4 - size_t(t.dim());
    for (size_t d = 0; d < size_t(t.dim()); ++d) {
      shape[off + d] = t.shape()[d];
      strides[off + d] = t.shape()[d] == 1 ? 0 : t.strides()[d];
    }
  }
};

bool is_1x1(const Tensor& w, const Shape& st, const Shape& pad, int64_t groups) {
  return w.shape()[2] == 1 && w.shape()[3] == 1 && st[0] == 1 && st[1] == 1 && pad[0] == 0 &&
         pad[1] == 0 && groups == 1;
}

// Image n of an epilogue operand as a [O or 1, H*W or 1] matrix over out[n] [O, H*W].
Tensor image_view(const Tensor& t, int64_t n, int64_t H, int64_t W) {
  Padded p(t);
  int64_t ms = merged_stride(H, W, p.strides[2], p.strides[3]);
  bool spread = p.shape[2] != 1 || p.shape[3] != 1;
  return t.as_strided({p.shape[1], spread ? H * W : 1}, {p.strides[1], spread ? ms : 0},
                      t.offset() + n * p.strides[0]);
}

// Planes of at most this many values run as x[n]^T @ w^T: as w @ x[n], their 16-column panels
// would be largely padding (a 7x7 plane: 49 of 64 columns).
constexpr int64_t kSmallPlane = 64;

// out[n] [O, P] = tmp [P, O] transposed: 8x8 blocks in registers, the edges element by element.
void transpose_into(const float* tmp, int64_t P, int64_t O, float* out, int64_t ldo) {
  parallel_for((O + 7) / 8, P * 8, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      int64_t o0 = b * 8, o1 = std::min(O, o0 + 8);
      int64_t p = 0;
      if (o1 - o0 == 8)
        for (; p + 8 <= P; p += 8) {
          __m256 r[8];
          for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(tmp + (p + i) * O + o0);
          simd::transpose8x8(r);
          for (int i = 0; i < 8; ++i) _mm256_storeu_ps(out + (o0 + i) * ldo + p, r[i]);
        }
      for (; p < P; ++p)
        for (int64_t o = o0; o < o1; ++o) out[o * ldo + p] = tmp[p * O + o];
    }
  });
}

void conv1x1(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
             std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out) {
  int64_t N = x.shape()[0], C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
  int64_t O = w.shape()[0], P = H * W;
  bool small = P <= kSmallPlane;
  // prepare()'s forms: [O * C] for w @ x[n], [C, O rounded up to 16] for x[n]^T @ w^T
  if (prepared.defined() && prepared.dim() != (small ? 2 : 1))
    throw Error(fmt::format("conv::run: weights [{}] prepared as [{}], not for {} planes",
                            fmt::join(w.shape(), ", "), fmt::join(prepared.shape(), ", "), P));
  Tensor w2 = w.as_strided({O, C}, {w.strides()[0], w.strides()[1]}, w.offset());
  // the bias is a first step: add it along the channels
  std::vector<Epilogue> all;
  if (bias.defined()) all.push_back({EpiOp::Add, 0, 0, int(operands.size())});
  all.insert(all.end(), steps.begin(), steps.end());
  std::vector<Tensor> views(operands.size() + bias.defined());
  if (bias.defined())
    views.back() = small ? bias.as_strided({1, O}, {0, bias.strides()[0]}, bias.offset())
                         : bias.as_strided({O, 1}, {bias.strides()[0], 0}, bias.offset());
  int64_t xs = merged_stride(H, W, x.strides()[2], x.strides()[3]);
  Tensor packed = small && !prepared.defined() ? gemm::pack(w2.t()) : prepared;
  Tensor tmp = small ? empty({P, O}) : Tensor();
  for (int64_t n = 0; n < N; ++n) {
    int64_t xo = x.offset() + n * x.strides()[0];
    for (const Epilogue& e : steps)
      if (e.binary()) {
        Tensor v = image_view(operands[size_t(e.operand)], n, H, W);
        views[size_t(e.operand)] = small ? v.t() : v;
      }
    Tensor on = out.as_strided({O, P}, {out.strides()[1], 1}, out.offset() + n * out.strides()[0]);
    if (!small) {
      gemm::sgemm_unpacked(w2, x.as_strided({C, P}, {x.strides()[1], xs}, xo), all, views, on,
                           prepared);
      continue;
    }
    gemm::sgemm(x.as_strided({P, C}, {xs, x.strides()[1]}, xo), packed, all, views, tmp);
    transpose_into(tmp.data<float>(), P, O, on.data<float>(), out.strides()[1]);
  }
}

// Where the inputs of one tap of the phase-split buffer start, relative to an output row's.
struct Geometry {
  int64_t H, W, Ho, Wo, kh, kw, sh, sw, ph, pw, dh, dw;
  int64_t L;        // buffer floats per phase of a padded row
  int64_t row_len;  // buffer floats per padded row (sw phases)
  int64_t rows;     // padded rows read
  int64_t taps;
  int64_t tap_off[kMaxTaps];
  // per column phase q: the columns m in [lo, hi) that hold inputs (0 <= m * sw + q - pw < W)
  int64_t lo[kMaxStride], hi[kMaxStride];
  int64_t v0 = 0, v1 = 0;  // stride 2: columns [v0, v1) copied 8 at a time, both phases
};

Geometry geometry(const Tensor& x, const Tensor& w, const Tensor& out, const Shape& st,
                  const Shape& pad, const Shape& dil) {
  Geometry g{};
  g.H = x.shape()[2];
  g.W = x.shape()[3];
  g.Ho = out.shape()[2];
  g.Wo = out.shape()[3];
  g.kh = w.shape()[2];
  g.kw = w.shape()[3];
  g.sh = st[0];
  g.sw = st[1];
  g.ph = pad[0];
  g.pw = pad[1];
  g.dh = dil[0];
  g.dw = dil[1];
  int64_t vectors = (g.Wo + 7) / 8;
  // Every tap reads its output row's columns shifted by at most (kw - 1) * dw / sw, in whole
  // vectors of 8.
  g.L = vectors * 8 + (g.kw - 1) * g.dw / g.sw;
  g.row_len = g.sw * g.L;
  g.rows = (g.Ho - 1) * g.sh + (g.kh - 1) * g.dh + 1;
  g.taps = g.kh * g.kw;
  for (int64_t i = 0; i < g.kh; ++i)
    for (int64_t j = 0; j < g.kw; ++j) {
      int64_t c = j * g.dw;  // padded column of output column 0's tap
      g.tap_off[i * g.kw + j] = i * g.dh * g.row_len + (c % g.sw) * g.L + c / g.sw;
    }
  for (int64_t q = 0; q < g.sw; ++q) {
    g.lo[q] = std::min(g.L, (g.pw - q + g.sw - 1) / g.sw);
    int64_t top = g.W - 1 + g.pw - q;  // the last column's m * sw
    g.hi[q] = std::max(g.lo[q], top < 0 ? 0 : std::min(g.L, top / g.sw + 1));
  }
  if (g.sw == 2) {  // 16 inputs from 2m - pw on, inside the row
    g.v0 = g.v1 = std::min((g.pw + 1) / 2, g.L);
    while (g.v1 + 8 <= g.L && 2 * g.v1 + 16 - g.pw <= g.W) g.v1 += 8;
  }
  return g;
}

// d[0, n) = s[0, n), and d[n, round_up(n, 8)) = 0 (a whole vector: no masked store).
void copy_zero_tail(const float* s, float* d, int64_t n) {
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(d + i, _mm256_loadu_ps(s + i));
  if (i < n) _mm256_storeu_ps(d + i, _mm256_maskload_ps(s + i, simd::lanes_below(n - i)));
}

// The padded input plane x (rows xs apart) into buf, split by column phase. Only the
// positions that hold inputs are written: buf starts zeroed, and the padding around them is
// in the same places for every plane. (With stride 1, a row's last vector also writes zeros
// past it: padding, or the start of the next row, which is written after it.)
void fill(const Geometry& g, const float* x, int64_t xs, float* buf) {
  for (int64_t r = std::max<int64_t>(g.ph, 0); r < g.rows && r - g.ph < g.H; ++r) {
    float* dst = buf + r * g.row_len;
    const float* src = x + (r - g.ph) * xs;
    if (g.sw == 1) {  // one phase: the row after the left padding (vector stores: rows are short)
      int64_t lead = std::min(g.pw, g.L);
      copy_zero_tail(src, dst + lead, std::clamp<int64_t>(g.L - lead, 0, g.W));
      continue;
    }
    // phase q's columns in [m0, m1) that hold inputs
    auto scalar = [&](int64_t m0, int64_t m1) {
      for (int64_t q = 0; q < g.sw; ++q)
        for (int64_t m = std::max(m0, g.lo[q]); m < std::min(m1, g.hi[q]); ++m)
          dst[q * g.L + m] = src[m * g.sw + q - g.pw];
    };
    // stride 2: 16 inputs split into 8 even and 8 odd columns where all are inside the row
    scalar(0, g.v0);
    for (int64_t m = g.v0; m < g.v1; m += 8) {
      const float* s = src + 2 * m - g.pw;
      __m256 lo = _mm256_loadu_ps(s), hi = _mm256_loadu_ps(s + 8);
      __m256 even = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
      __m256 odd = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
      // per 128-bit lane [lo0 lo2 hi0 hi2 | lo4 lo6 hi4 hi6]: put the 64-bit pairs in order
      even =
          _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(even), _MM_SHUFFLE(3, 1, 2, 0)));
      odd = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(odd), _MM_SHUFFLE(3, 1, 2, 0)));
      _mm256_storeu_ps(dst + m, even);
      _mm256_storeu_ps(dst + g.L + m, odd);
    }
    scalar(g.v1, g.L);
  }
}

// Output columns [0, 8 * V) of R rows (rows ldy apart in y, sh padded rows apart in the
// buffer), the first `cols` of each stored. Several rows at once when rows are short: each
// accumulator's FMAs wait for the previous one, so a row of one vector alone would stall.
template <int R, int V>
void block(const Geometry& g, const float* in, const __m256* wv, __m256 init, float* y, int64_t ldy,
           int64_t cols) {
  __m256 acc[R][V];
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) acc[r][v] = init;
  int64_t step = g.sh * g.row_len;
  for (int64_t t = 0; t < g.taps; ++t) {
    const float* s = in + g.tap_off[t];
    for (int r = 0; r < R; ++r)
      for (int v = 0; v < V; ++v)
        acc[r][v] = _mm256_fmadd_ps(wv[t], _mm256_loadu_ps(s + r * step + 8 * v), acc[r][v]);
  }
  for (int r = 0; r < R; ++r)
    for (int v = 0; v < V; ++v) {
      int64_t left = cols - 8 * v;
      if (left >= 8) {
        _mm256_storeu_ps(y + r * ldy + 8 * v, acc[r][v]);
      } else if (left > 0) {
        simd::store_first(y + r * ldy + 8 * v, acc[r][v], left);
      }
    }
}

using BlockFn = void (*)(const Geometry&, const float*, const __m256*, __m256, float*, int64_t,
                         int64_t);
constexpr BlockFn kOneVector[9] = {nullptr,     block<1, 1>, block<2, 1>, block<3, 1>, block<4, 1>,
                                   block<5, 1>, block<6, 1>, block<7, 1>, block<8, 1>};
constexpr BlockFn kTwoVectors[5] = {nullptr, block<1, 2>, block<2, 2>, block<3, 2>, block<4, 2>};

// Output rows [oy0, oy1): up to 8 rows of one vector, 4 of two, or 1 of up to four at a time.
void rows(const Geometry& g, const float* buf, const __m256* wv, __m256 init, float* yp,
          int64_t ldy, int64_t oy0, int64_t oy1) {
  int64_t step = g.sh * g.row_len;
  if (g.Wo <= 16) {
    int64_t most = g.Wo <= 8 ? 8 : 4;
    const BlockFn* fns = g.Wo <= 8 ? kOneVector : kTwoVectors;
    for (int64_t oy = oy0; oy < oy1; oy += most) {
      int64_t r = std::min(most, oy1 - oy);
      fns[r](g, buf + oy * step, wv, init, yp + oy * ldy, ldy, g.Wo);
    }
    return;
  }
  for (int64_t oy = oy0; oy < oy1; ++oy) {
    const float* in = buf + oy * step;
    float* y = yp + oy * ldy;
    int64_t ox = 0;
    for (; ox + 24 < g.Wo; ox += 32) block<1, 4>(g, in + ox, wv, init, y + ox, ldy, g.Wo - ox);
    int64_t left = g.Wo - ox;
    if (left > 16)
      block<1, 3>(g, in + ox, wv, init, y + ox, ldy, left);
    else if (left > 8)
      block<1, 2>(g, in + ox, wv, init, y + ox, ldy, left);
    else if (left > 0)
      block<1, 1>(g, in + ox, wv, init, y + ox, ldy, left);
  }
}

void depthwise(const Tensor& x, const Tensor& w, const Tensor& bias, const Shape& st,
               const Shape& pad, const Shape& dil, const gemm::Bound& epi, Tensor& out) {
  Geometry g = geometry(x, w, out, st, pad, dil);
  int64_t N = x.shape()[0], C = x.shape()[1], O = w.shape()[0], per = O / C;
  int64_t os0 = out.strides()[0], os1 = out.strides()[1], os2 = out.strides()[2];
  int64_t xs0 = x.strides()[0], xs1 = x.strides()[1], xs2 = x.strides()[2];
  int64_t ws0 = w.strides()[0], ws2 = w.strides()[2], ws3 = w.strides()[3];
  int64_t bs = bias.defined() ? bias.strides()[0] : 0;
  int threads = num_threads();
  // each thread's buffer (allocated here: nothing may throw inside the region)
  Tensor bufs = empty({threads, g.rows * g.row_len + 8}, DType::Float32);
  const float* X = x.data<float>();
  const float* Wt = w.data<float>();
  const float* B = bias.defined() ? bias.data<float>() : nullptr;
  float* Y = out.data<float>();
  int64_t band = std::max<int64_t>(1, 1024 / g.Wo);  // rows per epilogue pass (~4 KB)
  parallel_for(N * O, g.Ho * g.Wo * g.taps, [&](int64_t b0, int64_t b1) {
    float* buf =
        bufs.data<float>() + std::min(omp_get_thread_num(), threads - 1) * (g.rows * g.row_len + 8);
    std::fill_n(buf, g.rows * g.row_len, 0.f);
    __m256 wv[kMaxTaps];
    for (int64_t plane = b0; plane < b1; ++plane) {
      int64_t n = plane / O, o = plane % O, ci = o / per;
      fill(g, X + n * xs0 + ci * xs1, xs2, buf);
      for (int64_t i = 0; i < g.kh; ++i)
        for (int64_t j = 0; j < g.kw; ++j)
          wv[i * g.kw + j] = _mm256_set1_ps(Wt[o * ws0 + i * ws2 + j * ws3]);
      __m256 init = _mm256_set1_ps(B ? B[o * bs] : 0.f);
      float* yp = Y + n * os0 + o * os1;
      for (int64_t oy0 = 0; oy0 < g.Ho; oy0 += band) {
        int64_t oy1 = std::min(g.Ho, oy0 + band);
        rows(g, buf, wv, init, yp, os2, oy0, oy1);
        int64_t index[4] = {n, o, oy0, 0};
        epi.apply(index, 2, yp + oy0 * os2, os2, oy1 - oy0, g.Wo);
      }
    }
  });
}

}  // namespace

bool takes(const Tensor& x, const Tensor& w, const Tensor& bias, const Shape& stride_in,
           const Shape& pad_in, const Shape& dil_in, int64_t groups,
           std::span<const Epilogue> steps, std::span<const Tensor> operands, const Tensor& out) {
  Shape st = pair_of(stride_in), pad = pair_of(pad_in), dil = pair_of(dil_in);
  if (st.size() != 2 || pad.size() != 2 || dil.size() != 2) return false;
  if (st[0] < 1 || st[1] < 1 || dil[0] < 1 || dil[1] < 1 || pad[0] < 0 || pad[1] < 0) return false;
  for (const Tensor* t : {&x, &w, &out})
    if (t->dim() != 4 || t->dtype() != DType::Float32 || t->numel() == 0) return false;
  int64_t N = x.shape()[0], C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
  int64_t O = w.shape()[0], kh = w.shape()[2], kw = w.shape()[3];
  int64_t Ho = out.shape()[2], Wo = out.shape()[3];
  if (groups < 1 || C != w.shape()[1] * groups || O % groups || out.shape()[0] != N ||
      out.shape()[1] != O)
    return false;
  if (Ho != (H + 2 * pad[0] - dil[0] * (kh - 1) - 1) / st[0] + 1 ||
      Wo != (W + 2 * pad[1] - dil[1] * (kw - 1) - 1) / st[1] + 1)
    return false;
  if (bias.defined() && (bias.dtype() != DType::Float32 || bias.dim() != 1 || bias.numel() != O))
    return false;
  bool pointwise = is_1x1(w, st, pad, groups);
  bool depthwise = w.shape()[1] == 1 && groups == C && kh * kw <= kMaxTaps && st[1] <= kMaxStride;
  if (!pointwise && !depthwise) return false;
  // unit-stride rows, one after another (the 1x1 product walks each plane as one row)
  if (merged_stride(Ho, Wo, out.strides()[2], out.strides()[3]) != 1) return false;
  if (pointwise ? merged_stride(H, W, x.strides()[2], x.strides()[3]) < 0
                : x.strides()[3] != 1 && W > 1)
    return false;
  if (!gemm::supports(steps)) return false;
  for (const Epilogue& e : steps) {
    if (!e.binary()) continue;
    if (e.operand < 0 || size_t(e.operand) >= operands.size()) return false;
    const Tensor& t = operands[size_t(e.operand)];
    if (t.dtype() != DType::Float32 || t.dim() > 4) return false;
    Padded p(t);
    for (size_t d = 0; d < 4; ++d)
      if (p.shape[d] != 1 && p.shape[d] != out.shape()[d]) return false;
    if (pointwise && merged_stride(Ho, Wo, p.strides[2], p.strides[3]) < 0) return false;
  }
  return true;
}

const char* packing(const Tensor& w, int64_t groups, int64_t plane) {
  if (w.dim() != 4 || w.shape()[2] != 1 || w.shape()[3] != 1 || groups != 1) return nullptr;
  return plane <= kSmallPlane ? "columns" : "rows";
}

Tensor prepare(const Tensor& w, int64_t groups, int64_t plane) {
  const char* form = packing(w, groups, plane);
  if (!form) return {};
  Tensor w2 =
      w.as_strided({w.shape()[0], w.shape()[1]}, {w.strides()[0], w.strides()[1]}, w.offset());
  return form == std::string_view("rows") ? gemm::pack_rows(w2) : gemm::pack(w2.t());
}

void run(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
         const Shape& stride, const Shape& pad, const Shape& dil, int64_t groups,
         std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out) {
  if (!takes(x, w, bias, stride, pad, dil, groups, steps, operands, out))
    throw Error(fmt::format(
        "conv::run: not a 1x1 or depthwise float32 NCHW convolution it takes: x {} [{}], w {} "
        "[{}], out {} [{}] (strides [{}]), stride [{}], padding [{}], dilation [{}], groups {}",
        name(x.dtype()), fmt::join(x.shape(), ", "), name(w.dtype()), fmt::join(w.shape(), ", "),
        name(out.dtype()), fmt::join(out.shape(), ", "), fmt::join(out.strides(), ", "),
        fmt::join(stride, ", "), fmt::join(pad, ", "), fmt::join(dil, ", "), groups));
  Shape st = pair_of(stride), pd = pair_of(pad), dl = pair_of(dil);
  if (is_1x1(w, st, pd, groups)) {
    conv1x1(x, w, prepared, bias, steps, operands, out);
    return;
  }
  gemm::Bound epi(steps, operands, out);
  depthwise(x, w, bias, st, pd, dl, epi, out);
}

}  // namespace kiln::conv
