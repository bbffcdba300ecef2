// runtime/kernels/conv_nchw.cpp — runtime/conv.h: kiln's float32 convolutions on NCHW tensors,
// with their epilogue.
//
// Which kernel runs a convolution is kind_of()'s one decision:
//
// 1x1 (Rows): out[n] [O, H*W] = w [O, C] @ x[n] [C, H*W] through gemm::sgemm_unpacked — the
// weights packed once (gemm::pack_rows), each image's activations packed panel by panel as the
// product reaches them, the bias and the epilogue applied to each output tile after its last
// K block.
//
// Output planes of at most 64 values (Small, any kernel): A [Ho*Wo, C*kh*kw] @ w^T [.., O],
// A being x[n]^T for a 1x1 and im2col otherwise, w^T packed once as gemm's right operand, into
// a buffer then transposed into place.
//
// 3x3 stride 1 (Winograd F(2x2, 3x3)): see the section below.
//
// Depthwise, per output plane (in parallel): the input plane, zero-padded, is copied into a
// per-thread buffer with its columns split by phase (column c of the padded row at
// [c % stride][c / stride]), so that for every tap the inputs of 8 consecutive output columns
// are 8 consecutive floats, at any stride and dilation. The output is then computed in blocks
// of up to 4 vectors of 8 columns (up to 8 rows of one vector when rows are short), one
// accumulator per vector starting at the bias, one broadcast weight and one FMA per tap and
// vector. Rows are finished in bands of ~4 KB, which get the epilogue while in L1 (an epilogue
// of one ReLU or clamp runs on the accumulators instead). Small planes go 8 channels at a time
// instead (depthwise_blocked).
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
#include "runtime/tensor_impl.h"

namespace kiln::conv {

namespace {

constexpr int64_t kMaxTaps = 64;
constexpr int64_t kMaxStride = 8;  // depthwise column strides it takes
// depthwise output planes taken 8 channels at a time (strided; 1/16 of it at stride 1), and
// their padded input planes (128 KB per thread, interleaved)
constexpr int64_t kBlockedPlane = 1024;
constexpr int64_t kBlockedInput = 4096;

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

// Output planes of at most this many values run as A @ w^T (A: what each output position reads):
// as w @ x[n], their 16-column panels would be largely padding (a 7x7 plane: 49 of 64 columns),
// and the weights, used once per position, stream through the product's prefetched panels.
constexpr int64_t kSmallPlane = 64;

// Which of kiln's kernels runs a convolution (its sizes already checked): the one decision
// takes(), packing() and run() share.
// (ProductNhwc, any ungrouped convolution but a 3x3 stride-1 one over a plane of more than 64
// values, which is WinogradNhwc: channels-last x and out, conv_nhwc.cpp; the others read NCHW
// planes.)
enum class Kind { None, Depthwise, Small, Rows, Winograd, ProductNhwc, WinogradNhwc };
// Channels-last, and not also a plain NCHW tensor (its channels at unit stride).
bool nhwc(const Tensor& t) {
  return has_channels_last_strides(t) && t.shape()[1] > 1 &&
         (t.strides()[3] != 1 || t.shape()[3] == 1);
}
Kind kind_of(const Tensor& x, const Tensor& w, const Shape& st, const Shape& pad, const Shape& dil,
             int64_t groups, const Tensor& out) {
  int64_t kh = w.shape()[2], kw = w.shape()[3];
  bool winograd = kh == 3 && kw == 3 && st[0] == 1 && st[1] == 1 && dil[0] == 1 && dil[1] == 1;
  // Channels-last kinds for channels-last x and out, unless both are also plain NCHW ([N, C,
  // 1, 1] is both): those keep the NCHW kinds, whose checks then refuse a channels-last out.
  if (nhwc(x) && nhwc(out) && !(x.is_contiguous() && out.is_contiguous())) {
    if (groups != 1) return Kind::None;
    bool small = out.shape()[2] * out.shape()[3] <= kSmallPlane;
    return winograd && !small ? Kind::WinogradNhwc : Kind::ProductNhwc;
  }
  if (nhwc(x) && !x.is_contiguous()) return Kind::None;
  if (w.shape()[1] == 1 && groups == x.shape()[1] && kh * kw <= kMaxTaps && st[1] <= kMaxStride)
    return Kind::Depthwise;
  if (groups != 1) return Kind::None;
  if (out.shape()[2] * out.shape()[3] <= kSmallPlane) return Kind::Small;
  if (is_1x1(w, st, pad, groups)) return Kind::Rows;
  return winograd ? Kind::Winograd : Kind::None;
}
Tensor pack_for(const Tensor& w, Kind kind);

// Image n of an epilogue operand as a [O or 1, H*W or 1] matrix over out[n] [O, H*W].
Tensor image_view(const Tensor& t, int64_t n, int64_t H, int64_t W) {
  Padded p(t);
  int64_t ms = merged_stride(H, W, p.strides[2], p.strides[3]);
  bool spread = p.shape[2] != 1 || p.shape[3] != 1;
  return t.as_strided({p.shape[1], spread ? H * W : 1}, {p.strides[1], spread ? ms : 0},
                      t.offset() + n * p.strides[0]);
}

}  // namespace

gemm::OperandView detail::image_rows(const Tensor& t, int64_t n, int64_t H, int64_t W) {
  Padded p(t);
  bool spread = p.shape[2] != 1 || p.shape[3] != 1;
  return {t.data<float>() + n * p.strides[0],
          spread ? merged_stride(H, W, p.strides[2], p.strides[3]) : 0, p.strides[1]};
}

namespace {

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

// A [P, C * kh * kw] for image n: row p holds what output position p reads, per channel and tap
// (0 in the padding).
void im2col_rows(const Tensor& x, int64_t n, const Shape& w_shape, const Shape& st,
                 const Shape& pad, const Shape& dil, int64_t Ho, int64_t Wo, float* A) {
  int64_t C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
  int64_t kh = w_shape[2], kw = w_shape[3], R = C * kh * kw;
  const float* X = x.data<float>() + n * x.strides()[0];
  int64_t xs1 = x.strides()[1], xs2 = x.strides()[2], xs3 = x.strides()[3];
  parallel_for(Ho * Wo, R, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      int64_t oy = p / Wo, ox = p % Wo;
      float* a = A + p * R;
      for (int64_t c = 0; c < C; ++c)
        for (int64_t i = 0; i < kh; ++i) {
          int64_t iy = oy * st[0] - pad[0] + i * dil[0];
          const float* row = X + c * xs1 + iy * xs2;
          for (int64_t j = 0; j < kw; ++j) {
            int64_t ix = ox * st[1] - pad[1] + j * dil[1];
            *a++ = iy >= 0 && iy < H && ix >= 0 && ix < W ? row[ix * xs3] : 0.f;
          }
        }
    }
  });
}

// Convolutions as one product per image: a 1x1 stride-1 one as w [O, C] @ x[n] [C, H*W]; any
// ungrouped one over output planes of at most 64 values as A [P, R] @ w^T [R, O] (A: x[n] read
// as it is for a 1x1, else im2col_rows), into a buffer then transposed into place.
void conv_gemm(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
               const Shape& st, const Shape& pad, const Shape& dil, std::span<const Epilogue> steps,
               std::span<const Tensor> operands, Tensor& out) {
  int64_t N = x.shape()[0], C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
  int64_t O = w.shape()[0], Ho = out.shape()[2], Wo = out.shape()[3], P = Ho * Wo;
  int64_t R = C * w.shape()[2] * w.shape()[3];
  bool small = P <= kSmallPlane, direct = is_1x1(w, st, pad, 1);
  // prepare()'s forms: [O * C] for w @ x[n], [R, O rounded up to 16] for A @ w^T
  if (prepared.defined() && prepared.dim() != (small ? 2 : 1))
    throw Error(fmt::format("conv::run: weights [{}] prepared as [{}], not for {} output planes",
                            fmt::join(w.shape(), ", "), fmt::join(prepared.shape(), ", "), P));
  // the bias is a first step: add it along the channels
  std::vector<Epilogue> all;
  if (bias.defined()) all.push_back({EpiOp::Add, 0, 0, int(operands.size())});
  all.insert(all.end(), steps.begin(), steps.end());
  std::vector<Tensor> views(operands.size() + bias.defined());
  if (bias.defined())
    views.back() = small ? bias.as_strided({1, O}, {0, bias.strides()[0]}, bias.offset())
                         : bias.as_strided({O, 1}, {bias.strides()[0], 0}, bias.offset());
  int64_t xs = merged_stride(H, W, x.strides()[2], x.strides()[3]);
  Tensor w2 = w.as_strided({O, C}, {w.strides()[0], w.strides()[1]}, w.offset());  // (1x1)
  Tensor packed = small && !prepared.defined() ? pack_for(w, Kind::Small) : prepared;
  Tensor tmp = small ? empty({P, O}) : Tensor();
  Tensor cols = small && !direct ? empty({P, R}) : Tensor();
  for (int64_t n = 0; n < N; ++n) {
    int64_t xo = x.offset() + n * x.strides()[0];
    for (const Epilogue& e : steps)
      if (e.binary()) {
        Tensor v = image_view(operands[size_t(e.operand)], n, Ho, Wo);
        views[size_t(e.operand)] = small ? v.t() : v;
      }
    Tensor on = out.as_strided({O, P}, {out.strides()[1], 1}, out.offset() + n * out.strides()[0]);
    if (!small) {
      gemm::sgemm_unpacked(w2, x.as_strided({C, P}, {x.strides()[1], xs}, xo), all, views, on,
                           prepared);
      continue;
    }
    if (!direct) im2col_rows(x, n, w.shape(), st, pad, dil, Ho, Wo, cols.data<float>());
    gemm::sgemm(direct ? x.as_strided({P, C}, {xs, x.strides()[1]}, xo) : cols, packed, all, views,
                tmp);
    transpose_into(tmp.data<float>(), P, O, on.data<float>(), out.strides()[1]);
  }
}

// Where the inputs of one tap of the phase-split buffer start, relative to an output row's.
// Input and output plane sizes and padding.
struct Planes {
  int64_t H, W, Ho, Wo, ph, pw;
  Planes(const Tensor& x, const Tensor& out, const Shape& pad)
      : H(x.shape()[2]),
        W(x.shape()[3]),
        Ho(out.shape()[2]),
        Wo(out.shape()[3]),
        ph(pad[0]),
        pw(pad[1]) {}
};

struct Geometry : Planes {
  using Planes::Planes;
  int64_t kh = 0, kw = 0, sh = 0, sw = 0, dh = 0, dw = 0;
  int64_t L = 0;        // buffer columns per phase of a padded row
  int64_t P = 0;        // buffer floats from one phase to the next: L + 8 (whole vectors fit)
  int64_t row_len = 0;  // buffer floats per padded row (sw phases)
  int64_t rows = 0;     // padded rows read
  int64_t taps = 0;
  int64_t tap_off[kMaxTaps] = {};
  // per column phase q: the columns m in [lo, hi) that hold inputs (0 <= m * sw + q - pw < W)
  int64_t lo[kMaxStride] = {}, hi[kMaxStride] = {};
  int64_t v0 = 0, v1 = 0;  // stride 2: columns [v0, v1) copied 8 at a time, both phases
};

Geometry geometry(const Tensor& x, const Tensor& w, const Tensor& out, const Shape& st,
                  const Shape& pad, const Shape& dil) {
  Geometry g(x, out, pad);
  g.kh = w.shape()[2];
  g.kw = w.shape()[3];
  g.sh = st[0];
  g.sw = st[1];
  g.dh = dil[0];
  g.dw = dil[1];
  int64_t vectors = (g.Wo + 7) / 8;
  // Every tap reads its output row's columns shifted by at most (kw - 1) * dw / sw, in whole
  // vectors of 8.
  g.L = vectors * 8 + (g.kw - 1) * g.dw / g.sw;
  g.P = g.L + 8;
  g.row_len = g.sw * g.P;
  g.rows = (g.Ho - 1) * g.sh + (g.kh - 1) * g.dh + 1;
  g.taps = g.kh * g.kw;
  for (int64_t i = 0; i < g.kh; ++i)
    for (int64_t j = 0; j < g.kw; ++j) {
      int64_t c = j * g.dw;  // padded column of output column 0's tap
      g.tap_off[i * g.kw + j] = i * g.dh * g.row_len + (c % g.sw) * g.P + c / g.sw;
    }
  for (int64_t q = 0; q < g.sw; ++q) {
    g.lo[q] = std::min(g.L, (g.pw - q + g.sw - 1) / g.sw);
    int64_t top = g.W - 1 + g.pw - q;  // the last column's m * sw
    g.hi[q] = std::max(g.lo[q], top < 0 ? 0 : std::min(g.L, top / g.sw + 1));
  }
  if (g.sw == 2) {  // 16 inputs from 2m - pw on, inside the row (v0: the first m with 2m >= pw)
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
          dst[q * g.P + m] = src[m * g.sw + q - g.pw];
    };
    // stride 2: 16 inputs split into 8 even and 8 odd columns where all are inside the row
    scalar(0, g.v0);
    int64_t m = g.v0;
    for (; m < g.v1; m += 8) {
      __m256 even, odd;
      const float* s = src + 2 * m - g.pw;
      simd::deinterleave(_mm256_loadu_ps(s), _mm256_loadu_ps(s + 8), even, odd);
      _mm256_storeu_ps(dst + m, even);
      _mm256_storeu_ps(dst + g.P + m, odd);
    }
    // the rest of the row, its inputs loaded masked (zeros past its end: the right padding),
    // whole vectors stored (past L into the phase's slack)
    if (g.sw != 2) {  // (no vector path)
      scalar(m, g.L);
      continue;
    }
    for (; m < g.L; m += 8) {
      const float* s = src + 2 * m - g.pw;
      int64_t n = std::clamp<int64_t>(g.W - (2 * m - g.pw), 0, 16);
      __m256 even, odd;
      simd::deinterleave(_mm256_maskload_ps(s, simd::lanes_below(std::min<int64_t>(n, 8))),
                         _mm256_maskload_ps(s + 8, simd::lanes_below(std::max<int64_t>(n - 8, 0))),
                         even, odd);
      _mm256_storeu_ps(dst + m, even);
      _mm256_storeu_ps(dst + g.P + m, odd);
    }
  }
}

// The epilogue's one elementwise step a depthwise kernel runs on its accumulators (Op: None,
// Relu or Clamp; None when the epilogue runs over the stored output instead).
struct InRegs {
  float alpha = 0, beta = 0;
};
// Which Op a kernel instantiates for `epi` (Relu and Clamp: ReLU and ReLU6 after a depthwise
// convolution; on 7x7 planes a separate pass over each plane cost a third of the kernel).
EpiOp in_regs_op(const gemm::Bound& epi, InRegs& regs) {
  std::optional<Epilogue> one = epi.single_eltwise();
  if (!one || (one->op != EpiOp::Relu && one->op != EpiOp::Clamp)) return EpiOp::None;
  regs = {one->alpha, one->beta};
  return one->op;
}
// f.template operator()<Op>() for op in {None, Relu, Clamp}.
template <class F>
void with_regs_op(EpiOp op, F&& f) {
  if (op == EpiOp::Relu) return f.template operator()<EpiOp::Relu>();
  if (op == EpiOp::Clamp) return f.template operator()<EpiOp::Clamp>();
  return f.template operator()<EpiOp::None>();
}
template <EpiOp Op>
inline __m256 finish(__m256 v, InRegs r) {
  if constexpr (Op == EpiOp::None)
    return v;
  else
    return simd::epilogue_op<Op>(v, _mm256_setzero_ps(), r.alpha, r.beta);
}

// Output columns [0, 8 * V) of R rows (rows ldy apart in y, sh padded rows apart in the
// buffer), the first `cols` of each stored. Several rows at once when rows are short: each
// accumulator's FMAs wait for the previous one, so a row of one vector alone would stall.
template <int R, int V, EpiOp Op>
void block(const Geometry& g, const float* in, const __m256* wv, __m256 init, InRegs regs, float* y,
           int64_t ldy, int64_t cols) {
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
      acc[r][v] = finish<Op>(acc[r][v], regs);
      int64_t left = cols - 8 * v;
      if (left >= 8) {
        _mm256_storeu_ps(y + r * ldy + 8 * v, acc[r][v]);
      } else if (left > 0) {
        simd::store_first(y + r * ldy + 8 * v, acc[r][v], left);
      }
    }
}

using BlockFn = void (*)(const Geometry&, const float*, const __m256*, __m256, InRegs, float*,
                         int64_t, int64_t);
template <EpiOp Op>
constexpr BlockFn kOneVector[9] = {nullptr,         block<1, 1, Op>, block<2, 1, Op>,
                                   block<3, 1, Op>, block<4, 1, Op>, block<5, 1, Op>,
                                   block<6, 1, Op>, block<7, 1, Op>, block<8, 1, Op>};
template <EpiOp Op>
constexpr BlockFn kTwoVectors[5] = {nullptr, block<1, 2, Op>, block<2, 2, Op>, block<3, 2, Op>,
                                    block<4, 2, Op>};

// Output rows [oy0, oy1): up to 8 rows of one vector, 4 of two, or 1 of up to four at a time.
template <EpiOp Op>
void rows(const Geometry& g, const float* buf, const __m256* wv, __m256 init, InRegs regs,
          float* yp, int64_t ldy, int64_t oy0, int64_t oy1) {
  int64_t step = g.sh * g.row_len;
  if (g.Wo <= 16) {
    int64_t most = g.Wo <= 8 ? 8 : 4;
    const BlockFn* fns = g.Wo <= 8 ? kOneVector<Op> : kTwoVectors<Op>;
    for (int64_t oy = oy0; oy < oy1; oy += most) {
      int64_t r = std::min(most, oy1 - oy);
      fns[r](g, buf + oy * step, wv, init, regs, yp + oy * ldy, ldy, g.Wo);
    }
    return;
  }
  for (int64_t oy = oy0; oy < oy1; ++oy) {
    const float* in = buf + oy * step;
    float* y = yp + oy * ldy;
    int64_t ox = 0;
    for (; ox + 24 < g.Wo; ox += 32)
      block<1, 4, Op>(g, in + ox, wv, init, regs, y + ox, ldy, g.Wo - ox);
    int64_t left = g.Wo - ox;
    if (left > 16)
      block<1, 3, Op>(g, in + ox, wv, init, regs, y + ox, ldy, left);
    else if (left > 8)
      block<1, 2, Op>(g, in + ox, wv, init, regs, y + ox, ldy, left);
    else if (left > 0)
      block<1, 1, Op>(g, in + ox, wv, init, regs, y + ox, ldy, left);
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
  float* bufs_p = bufs.data<float>();
  int64_t band = std::max<int64_t>(1, 1024 / g.Wo);  // rows per epilogue pass (~4 KB)
  InRegs regs;
  EpiOp op = in_regs_op(epi, regs);
  with_regs_op(op, [&]<EpiOp Op>() {
    parallel_for(N * O, g.Ho * g.Wo * g.taps, [&](int64_t b0, int64_t b1) {
      float* buf = bufs_p + std::min(omp_get_thread_num(), threads - 1) * (g.rows * g.row_len + 8);
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
          rows<Op>(g, buf, wv, init, regs, yp, os2, oy0, oy1);
          if (Op == EpiOp::None && !epi.empty()) {
            int64_t index[4] = {n, o, oy0, 0};
            epi.apply(index, 2, yp + oy0 * os2, os2, oy1 - oy0, g.Wo);
          }
        }
      }
    });
  });
}

// r[0, m) (m < 8) to d, 8 floats apart, one store each (a loop of them became a memcpy call).
inline void store_pixels(float* d, const __m256* r, int64_t m) {
  switch (m) {
    case 7:
      _mm256_storeu_ps(d + 48, r[6]);
      [[fallthrough]];
    case 6:
      _mm256_storeu_ps(d + 40, r[5]);
      [[fallthrough]];
    case 5:
      _mm256_storeu_ps(d + 32, r[4]);
      [[fallthrough]];
    case 4:
      _mm256_storeu_ps(d + 24, r[3]);
      [[fallthrough]];
    case 3:
      _mm256_storeu_ps(d + 16, r[2]);
      [[fallthrough]];
    case 2:
      _mm256_storeu_ps(d + 8, r[1]);
      [[fallthrough]];
    case 1:
      _mm256_storeu_ps(d, r[0]);
      [[fallthrough]];
    default:
      break;
  }
}

// Depthwise over small planes (one output channel per input channel), 8 channels at a time as
// the lanes of a vector: their padded input planes interleaved [Hp][Wp][8] through 8x8 register
// transposes, each output pixel's 8 channels one accumulator (one FMA per tap), transposed back
// into the 8 output planes. Strided: no phase split, and a 7x7 output row is not one partial
// vector of 8 columns.
void depthwise_blocked(const Tensor& x, const Tensor& w, const Tensor& bias, const Shape& st,
                       const Shape& pad, const Shape& dil, const gemm::Bound& epi, Tensor& out) {
  int64_t N = x.shape()[0], C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
  int64_t Ho = out.shape()[2], Wo = out.shape()[3], kh = w.shape()[2], kw = w.shape()[3];
  int64_t Hp = H + 2 * pad[0], Wp = W + 2 * pad[1];
  // (ob: 8 pixels of 8 to spare, read by the last row's transposes)
  int64_t in_size = Hp * Wp * 8, out_size = (Ho * Wo + 8) * 8, zeros = W + 8;
  int64_t per_thread = in_size + out_size + zeros;
  int64_t blocks = (C + 7) / 8;
  int threads = num_threads();
  Tensor bufs = empty({threads * per_thread}, DType::Float32);
  const float* X = x.data<float>();
  const float* Wt = w.data<float>();
  const float* B = bias.defined() ? bias.data<float>() : nullptr;
  float* Y = out.data<float>();
  float* bufs_p = bufs.data<float>();
  int64_t xs0 = x.strides()[0], xs1 = x.strides()[1], xs2 = x.strides()[2];
  int64_t os0 = out.strides()[0], os1 = out.strides()[1], os2 = out.strides()[2];
  int64_t ws0 = w.strides()[0], ws2 = w.strides()[2], ws3 = w.strides()[3];
  int64_t bs = bias.defined() ? bias.strides()[0] : 0;
  // each output pixel's window corner and each tap's offset from it, in the interleaved input
  int64_t P = Ho * Wo;
  std::vector<int64_t> corner(static_cast<size_t>(P)), tap(static_cast<size_t>(kh * kw));
  for (int64_t p = 0; p < P; ++p) corner[size_t(p)] = (p / Wo * st[0] * Wp + p % Wo * st[1]) * 8;
  for (int64_t i = 0; i < kh; ++i)
    for (int64_t j = 0; j < kw; ++j) tap[size_t(i * kw + j)] = (i * dil[0] * Wp + j * dil[1]) * 8;
  InRegs regs;
  EpiOp op = in_regs_op(epi, regs);
  with_regs_op(op, [&]<EpiOp Op>() {
    parallel_for(N * blocks, Ho * Wo * kh * kw * 8, [&](int64_t b0, int64_t b1) {
      float* in = bufs_p + std::min(omp_get_thread_num(), threads - 1) * per_thread;
      float* ob = in + in_size;
      const float* zero_row = ob + out_size;
      std::fill_n(in, in_size, 0.f);  // the padding stays 0: blocks write only the inside
      std::fill_n(ob + out_size, zeros, 0.f);
      __m256 wv[kMaxTaps];
      for (int64_t blk = b0; blk < b1; ++blk) {
        int64_t n = blk / blocks, c0 = blk % blocks * 8, nc = std::min<int64_t>(8, C - c0);
        alignas(32) float lane[8];
        for (int64_t i = 0; i < kh; ++i)
          for (int64_t j = 0; j < kw; ++j) {  // channels past C: weight 0 over zero inputs
            for (int64_t l = 0; l < 8; ++l)
              lane[l] = l < nc ? Wt[(c0 + l) * ws0 + i * ws2 + j * ws3] : 0.f;
            wv[i * kw + j] = _mm256_load_ps(lane);
          }
        for (int64_t l = 0; l < 8; ++l) lane[l] = B && l < nc ? B[(c0 + l) * bs] : 0.f;
        __m256 init = _mm256_load_ps(lane);
        // in[iy + ph][ix + pw][l] = x[n, c0 + l, iy, ix]
        for (int64_t iy = 0; iy < H; ++iy) {
          const float* src[8];
          for (int64_t l = 0; l < 8; ++l)
            src[l] = l < nc ? X + n * xs0 + (c0 + l) * xs1 + iy * xs2 : zero_row;
          float* dst = in + ((iy + pad[0]) * Wp + pad[1]) * 8;
          for (int64_t ix = 0; ix < W; ix += 8) {  // (a row's last columns: masked loads)
            int64_t m = std::min<int64_t>(8, W - ix);
            __m256 r[8];
            __m256i lanes = simd::lanes_below(m);
            for (int l = 0; l < 8; ++l)
              r[l] = m == 8 ? _mm256_loadu_ps(src[l] + ix) : _mm256_maskload_ps(src[l] + ix, lanes);
            simd::transpose8x8(r);
            if (m == 8)
              for (int j = 0; j < 8; ++j) _mm256_storeu_ps(dst + (ix + j) * 8, r[j]);
            else
              store_pixels(dst + ix * 8, r, m);
          }
        }
        // 8 output pixels at a time, across rows (each accumulator's FMAs wait on each other:
        // 4 at a time were latency-bound)
        for (int64_t p = 0; p < P; p += 8) {
          __m256 acc[8];
          const float* at[8];
          for (int64_t q = 0; q < 8; ++q) {
            acc[q] = init;
            at[q] = in + corner[size_t(std::min(p + q, P - 1))];
          }
          for (int64_t t = 0; t < kh * kw; ++t)
            for (int q = 0; q < 8; ++q)
              acc[q] = _mm256_fmadd_ps(wv[t], _mm256_loadu_ps(at[q] + tap[size_t(t)]), acc[q]);
          for (int64_t q = 0; q < 8; ++q)  // (ob has 8 pixels to spare)
            _mm256_storeu_ps(ob + (p + q) * 8, finish<Op>(acc[q], regs));
        }
        // back into the channels' planes, 8 pixels at a time across rows (takes() wants each
        // plane's rows one after another: a 7x7 plane is 6 whole vectors and one value, not 7
        // rows of 7), then their epilogue
        for (int64_t p = 0; p < P; p += 8) {
          __m256 r[8];
          for (int j = 0; j < 8; ++j) r[j] = _mm256_loadu_ps(ob + (p + j) * 8);
          simd::transpose8x8(r);
          int64_t m = std::min<int64_t>(8, P - p);
          for (int64_t l = 0; l < nc; ++l) {
            float* y = Y + n * os0 + (c0 + l) * os1 + p;
            if (m == 8)
              _mm256_storeu_ps(y, r[l]);
            else
              simd::store_first(y, r[l], m);
          }
        }
        if (Op == EpiOp::None && !epi.empty())
          for (int64_t l = 0; l < nc; ++l) {
            int64_t index[4] = {n, c0 + l, 0, 0};
            epi.apply(index, 2, Y + n * os0 + (c0 + l) * os1, os2, Ho, Wo);
          }
      }
    });
  });
}

// ---- Winograd F(2x2, 3x3): 3x3 stride-1 convolutions
// A 2x2 output tile is A^T [(G g G^T) . (B^T d B)] A for its 4x4 input patch d and each 3x3
// filter g (. elementwise). Summed over the input channels, element k of the 4x4 product is a
// matrix product M_k [O, tiles] = U_k [O, C] @ V_k [C, tiles] (U_k: element k of G g G^T per
// output and input channel, packed once; V_k: element k of B^T d B per channel and tile): 16
// products of 2.25x fewer multiply-adds in all than the direct convolution. Tiles go in chunks
// of whole tile rows sized so V and M stay in L2; the transforms run 8 tiles of a tile row at a
// time (a patch row's 4 columns for 8 tiles are 4 deinterleaved vectors of a padded input row).
// Rounding: each output sums 16 products of transformed values (a few ulps more than direct).

struct Wino : Planes {
  Wino(const Tensor& x, const Tensor& out, const Shape& pad)
      : Planes(x, out, pad), th((Ho + 1) / 2), tw((Wo + 1) / 2), Wp(2 * tw + 16) {}
  int64_t th, tw;  // tile rows and columns
  int64_t Wp;  // padded input row: 2 * tw + 2 columns read, + 14 read by a tile row's last vector
};

}  // namespace

// U [16, O, C]: G g G^T of each filter, G = [[1, 0, 0], [.5, .5, .5], [.5, -.5, .5], [0, 0, 1]].
Tensor detail::winograd_weights(const Tensor& w) {
  int64_t O = w.shape()[0], C = w.shape()[1];
  Tensor u = empty({16, O, C}, DType::Float32);
  const float* src = w.data<float>();
  float* U = u.data<float>();
  const Shape& ws = w.strides();
  parallel_for(O, C * 64, [&](int64_t o0, int64_t o1) {
    for (int64_t o = o0; o < o1; ++o)
      for (int64_t c = 0; c < C; ++c) {
        float g[3][3], t[4][3];
        for (int i = 0; i < 3; ++i)
          for (int j = 0; j < 3; ++j) g[i][j] = src[o * ws[0] + c * ws[1] + i * ws[2] + j * ws[3]];
        for (int j = 0; j < 3; ++j) {
          t[0][j] = g[0][j];
          t[1][j] = 0.5f * (g[0][j] + g[1][j] + g[2][j]);
          t[2][j] = 0.5f * (g[0][j] - g[1][j] + g[2][j]);
          t[3][j] = g[2][j];
        }
        for (int i = 0; i < 4; ++i) {
          float row[4] = {t[i][0], 0.5f * (t[i][0] + t[i][1] + t[i][2]),
                          0.5f * (t[i][0] - t[i][1] + t[i][2]), t[i][2]};
          for (int k = 0; k < 4; ++k) U[((i * 4 + k) * O + o) * C + c] = row[k];
        }
      }
  });
  return u;
}

namespace {

// V_k [C, tc] (k-th block kstride apart) for channel plane x (rows xs apart), tile rows
// [ty0, ty1): B^T d B, B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]].
void input_tiles(const Wino& g, const float* x, int64_t xs, int64_t ty0, int64_t ty1, float* rows,
                 float* V, int64_t kstride) {
  for (int64_t ty = ty0; ty < ty1; ++ty) {
    for (int r = 0; r < 4; ++r) {  // the patch rows, zero-padded
      float* dst = rows + r * g.Wp;
      std::fill_n(dst, g.Wp, 0.f);
      int64_t iy = 2 * ty - g.ph + r;
      if (iy < 0 || iy >= g.H) continue;
      int64_t p0 = std::max<int64_t>(0, g.pw), p1 = std::min(g.Wp, g.pw + g.W);
      std::copy(x + iy * xs + (p0 - g.pw), x + iy * xs + (p1 - g.pw), dst + p0);
    }
    float* v = V + (ty - ty0) * g.tw;
    for (int64_t tx = 0; tx < g.tw; tx += 8) {
      __m256 t[4][4];
      for (int r = 0; r < 4; ++r) {
        __m256 d0, d1, d2, d3;
        simd::deinterleave(rows + r * g.Wp + 2 * tx, d0, d1);
        simd::deinterleave(rows + r * g.Wp + 2 * tx + 2, d2, d3);
        t[r][0] = _mm256_sub_ps(d0, d2);
        t[r][1] = _mm256_add_ps(d1, d2);
        t[r][2] = _mm256_sub_ps(d2, d1);
        t[r][3] = _mm256_sub_ps(d1, d3);
      }
      int64_t n = std::min<int64_t>(8, g.tw - tx);
      for (int j = 0; j < 4; ++j) {
        __m256 col[4] = {_mm256_sub_ps(t[0][j], t[2][j]), _mm256_add_ps(t[1][j], t[2][j]),
                         _mm256_sub_ps(t[2][j], t[1][j]), _mm256_sub_ps(t[1][j], t[3][j])};
        for (int i = 0; i < 4; ++i) {
          float* d = v + (i * 4 + j) * kstride + tx;
          if (n == 8)
            _mm256_storeu_ps(d, col[i]);
          else
            simd::store_first(d, col[i], n);
        }
      }
    }
  }
}

// Output plane y (rows ldy apart) over tile rows [ty0, ty1) from M_k [O, tc] (k-th block
// kstride apart, output channel o's row at M): A^T m A + bias, A^T = [[1, 1, 1, 0],
// [0, 1, -1, -1]].
void output_tiles(const Wino& g, const float* M, int64_t kstride, int64_t ty0, int64_t ty1,
                  __m256 bias, float* y, int64_t ldy) {
  for (int64_t ty = ty0; ty < ty1; ++ty) {
    const float* m = M + (ty - ty0) * g.tw;
    for (int64_t tx = 0; tx < g.tw; tx += 8) {
      __m256 s[4][2];
      for (int i = 0; i < 4; ++i) {
        __m256 a = _mm256_loadu_ps(m + (i * 4) * kstride + tx);
        __m256 b = _mm256_loadu_ps(m + (i * 4 + 1) * kstride + tx);
        __m256 c = _mm256_loadu_ps(m + (i * 4 + 2) * kstride + tx);
        __m256 d = _mm256_loadu_ps(m + (i * 4 + 3) * kstride + tx);
        s[i][0] = _mm256_add_ps(_mm256_add_ps(a, b), c);
        s[i][1] = _mm256_sub_ps(_mm256_sub_ps(b, c), d);
      }
      int64_t ox = 2 * tx, cols = std::min<int64_t>(16, g.Wo - ox);
      for (int dy = 0; dy < 2 && 2 * ty + dy < g.Ho; ++dy) {
        __m256 out[2];  // the tile row's columns 2i and 2i + 1
        for (int q = 0; q < 2; ++q)
          out[q] = dy == 0 ? _mm256_add_ps(_mm256_add_ps(s[0][q], s[1][q]), s[2][q])
                           : _mm256_sub_ps(_mm256_sub_ps(s[1][q], s[2][q]), s[3][q]);
        __m256 lo = _mm256_unpacklo_ps(out[0], out[1]), hi = _mm256_unpackhi_ps(out[0], out[1]);
        __m256 first = _mm256_add_ps(_mm256_permute2f128_ps(lo, hi, 0x20), bias);
        __m256 second = _mm256_add_ps(_mm256_permute2f128_ps(lo, hi, 0x31), bias);
        float* row = y + (2 * ty + dy) * ldy + ox;
        if (cols >= 16) {
          _mm256_storeu_ps(row, first);
          _mm256_storeu_ps(row + 8, second);
        } else if (cols > 8) {
          _mm256_storeu_ps(row, first);
          simd::store_first(row + 8, second, cols - 8);
        } else if (cols == 8) {
          _mm256_storeu_ps(row, first);
        } else {
          simd::store_first(row, first, cols);
        }
      }
    }
  }
}

void winograd(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
              const Shape& pad, std::span<const Epilogue> steps, std::span<const Tensor> operands,
              Tensor& out) {
  int64_t N = x.shape()[0], C = x.shape()[1], O = w.shape()[0];
  Wino g(x, out, pad);
  if (prepared.defined() && (prepared.dim() != 1 || prepared.numel() != 16 * O * C))
    throw Error(fmt::format("conv::run: weights [{}] prepared as [{}], not for Winograd",
                            fmt::join(w.shape(), ", "), fmt::join(prepared.shape(), ", ")));
  Tensor u = prepared.defined() ? Tensor() : detail::winograd_weights(w);
  Tensor w2 = w.as_strided({O, C}, {w.strides()[0], w.strides()[1]}, w.offset());  // (shape only)
  // Jobs of whole tile rows of one image, each run start to end by one thread (transforms and
  // its 16 products, which then run serially: at 2 threads, splitting each product's few panels
  // over both left them waiting at ~100 barriers per convolution, and 128 channels at 28x28
  // ran slower than on one). A job's V and M (16 values per channel and tile each) fit ~384 KB
  // of its core's L2, hold at least 48 tiles where they can (products of 3 panels), and an
  // image has at least as many jobs as threads.
  int threads = num_threads();
  int64_t per_row = 16 * (C + O) * g.tw * 4;
  int64_t chunk = std::max<int64_t>({1, 393216 / per_row, (48 + g.tw - 1) / g.tw});
  int64_t split = (threads + N - 1) / N;
  if (split > 1) chunk = std::min(chunk, (g.th + split - 1) / split);
  chunk = std::clamp<int64_t>(chunk, 1, g.th);
  int64_t per_image = (g.th + chunk - 1) / chunk, jobs = N * per_image;
  int64_t tc_max = chunk * g.tw;
  // each thread's V [16, C, tc], M [16, O, tc] (+8: a tile row's last vector reads past its
  // end) and 4 padded input rows
  int64_t v_size = 16 * C * tc_max, m_size = 16 * O * tc_max + 8;
  int64_t per_thread = v_size + m_size + 4 * g.Wp;
  int workers = int(std::min<int64_t>(threads, jobs));
  Tensor scratch = empty({workers * per_thread}, DType::Float32);
  gemm::Bound epi(steps, operands, out);
  const float* X = x.data<float>();
  const float* B = bias.defined() ? bias.data<float>() : nullptr;
  float* Y = out.data<float>();
  float* scratch_p = scratch.data<float>();
  int64_t xs0 = x.strides()[0], xs1 = x.strides()[1], xs2 = x.strides()[2];
  int64_t os0 = out.strides()[0], os1 = out.strides()[1], os2 = out.strides()[2];
  int64_t bs = bias.defined() ? bias.strides()[0] : 0;
  // (the products' tensors may throw)
  parallel_for_rethrow(jobs, tc_max * C * O * 32, [&](int64_t j0, int64_t j1) {
    int64_t thread = std::min(omp_get_thread_num(), workers - 1);
    int64_t base = thread * per_thread;
    float* vp = scratch_p + base;
    float* mp = vp + v_size;
    float* rows = mp + m_size;
    for (int64_t job = j0; job < j1; ++job) {
      int64_t n = job / per_image, ty0 = (job % per_image) * chunk;
      int64_t ty1 = std::min(g.th, ty0 + chunk), tc = (ty1 - ty0) * g.tw;
      for (int64_t c = 0; c < C; ++c)
        input_tiles(g, X + n * xs0 + c * xs1, xs2, ty0, ty1, rows, vp + c * tc, C * tc);
      for (int64_t k = 0; k < 16; ++k) {  // (serial inside this region)
        Tensor vk = scratch.as_strided({C, tc}, {tc, 1}, scratch.offset() + base + k * C * tc);
        Tensor mk =
            scratch.as_strided({O, tc}, {tc, 1}, scratch.offset() + base + v_size + k * O * tc);
        if (prepared.defined())
          gemm::sgemm_unpacked(w2, vk, {}, {}, mk, prepared.narrow(0, k * O * C, O * C));
        else
          gemm::sgemm_unpacked(u.select(0, k), vk, {}, {}, mk);
      }
      int64_t oy0 = 2 * ty0, oy1 = std::min(g.Ho, 2 * ty1);
      for (int64_t o = 0; o < O; ++o) {
        float* y = Y + n * os0 + o * os1;
        output_tiles(g, mp + o * tc, O * tc, ty0, ty1, _mm256_set1_ps(B ? B[o * bs] : 0.f), y, os2);
        int64_t index[4] = {n, o, oy0, 0};
        epi.apply(index, 2, y + oy0 * os2, os2, oy1 - oy0, g.Wo);
      }
    }
  });
}

}  // namespace

bool takes(const Tensor& x, const Tensor& w, const Tensor& bias, const Shape& stride_in,
           const Shape& pad_in, const Shape& dil_in, int64_t groups,
           std::span<const Epilogue> steps, std::span<const Tensor> operands, const Tensor& out) {
  Shape st1, pad1, dil1;
  // (takes() runs up to three times per call of a kiln convolution)
  const Shape &st = both_dims(stride_in, st1), &pad = both_dims(pad_in, pad1),
              &dil = both_dims(dil_in, dil1);
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
  Kind kind = kind_of(x, w, st, pad, dil, groups, out);
  if (kind == Kind::None) return false;
  // NCHW: unit-stride rows, one after another (the products walk each plane as one row).
  // Channels-last: a product's output pixels one after another; Winograd runs its epilogue
  // over bands of output rows, any strides.
  bool planes = kind != Kind::WinogradNhwc && kind != Kind::ProductNhwc;
  if (planes && merged_stride(Ho, Wo, out.strides()[2], out.strides()[3]) != 1) return false;
  if (kind == Kind::ProductNhwc && merged_stride(Ho, Wo, out.strides()[2], out.strides()[3]) < 0)
    return false;
  bool product = kind == Kind::Small || kind == Kind::Rows || kind == Kind::ProductNhwc;
  bool direct = kind == Kind::Rows || (kind == Kind::Small && is_1x1(w, st, pad, groups));
  if (planes &&
      (direct ? merged_stride(H, W, x.strides()[2], x.strides()[3]) < 0
              : kind != Kind::Small && x.strides()[3] != 1 && W > 1))  // (im2col reads any)
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
    if (product && merged_stride(Ho, Wo, p.strides[2], p.strides[3]) < 0) return false;
  }
  return true;
}

namespace {
// w in the form run() reads it for a convolution of this kind (undefined: as it is).
Tensor pack_for(const Tensor& w, Kind kind) {
  switch (kind) {
    case Kind::Winograd: {  // each U_k as gemm's left operand, one after another
      Tensor u = detail::winograd_weights(w);
      int64_t OC = w.shape()[0] * w.shape()[1];
      Tensor packed = empty({16 * OC}, DType::Float32);
      for (int64_t k = 0; k < 16; ++k) {
        Tensor one = gemm::pack_rows(u.select(0, k));
        std::copy_n(one.data<float>(), OC, packed.data<float>() + k * OC);
      }
      return packed;
    }
    case Kind::WinogradNhwc:
      return detail::winograd_nhwc_weights(w);
    case Kind::ProductNhwc:
      return detail::product_nhwc_weights(w);
    case Kind::Rows:
      return gemm::pack_rows(
          w.as_strided({w.shape()[0], w.shape()[1]}, {w.strides()[0], w.strides()[1]}, w.offset()));
    case Kind::Small:
      return gemm::pack(w.reshape({w.shape()[0], -1}).t());  // [C * kh * kw, O]
    case Kind::Depthwise:
    case Kind::None:
      break;
  }
  return {};
}

// kind_of() with one-value attributes as two (no copies for two-value ones).
Kind kind_of_attrs(const Tensor& x, const Tensor& w, const Shape& stride, const Shape& pad,
                   const Shape& dil, int64_t groups, const Tensor& out) {
  Shape st1, pad1, dil1;
  return kind_of(x, w, both_dims(stride, st1), both_dims(pad, pad1), both_dims(dil, dil1), groups,
                 out);
}
}  // namespace

const char* packing(const Tensor& x, const Tensor& w, const Shape& stride, const Shape& pad,
                    const Shape& dil, int64_t groups, const Tensor& out) {
  switch (kind_of_attrs(x, w, stride, pad, dil, groups, out)) {
    case Kind::Winograd:
      return "kiln-conv-winograd";
    case Kind::WinogradNhwc:
      return "kiln-conv-winograd-nhwc";
    case Kind::ProductNhwc:
      return "kiln-conv-product-nhwc";
    case Kind::Rows:
      return "kiln-conv-rows";
    case Kind::Small:
      return "kiln-conv-columns";
    case Kind::Depthwise:
    case Kind::None:
      break;
  }
  return nullptr;
}

Tensor prepare(const Tensor& x, const Tensor& w, const Shape& stride, const Shape& pad,
               const Shape& dil, int64_t groups, const Tensor& out) {
  if (!takes(x, w, Tensor(), stride, pad, dil, groups, {}, {}, out)) return {};
  return pack_for(w, kind_of_attrs(x, w, stride, pad, dil, groups, out));
}

void run(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
         const Shape& stride, const Shape& pad, const Shape& dil, int64_t groups,
         std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out) {
  if (!takes(x, w, bias, stride, pad, dil, groups, steps, operands, out))
    throw Error(fmt::format(
        "conv::run: not a float32 NCHW convolution kiln's kernels take: x {} [{}], w {} "
        "[{}], out {} [{}] (strides [{}]), stride [{}], padding [{}], dilation [{}], groups {}",
        name(x.dtype()), fmt::join(x.shape(), ", "), name(w.dtype()), fmt::join(w.shape(), ", "),
        name(out.dtype()), fmt::join(out.shape(), ", "), fmt::join(out.strides(), ", "),
        fmt::join(stride, ", "), fmt::join(pad, ", "), fmt::join(dil, ", "), groups));
  Shape st1, pd1, dl1;
  const Shape &st = both_dims(stride, st1), &pd = both_dims(pad, pd1), &dl = both_dims(dil, dl1);
  switch (kind_of(x, w, st, pd, dl, groups, out)) {
    case Kind::Small:
    case Kind::Rows:
      conv_gemm(x, w, prepared, bias, st, pd, dl, steps, operands, out);
      return;
    case Kind::Winograd:
      winograd(x, w, prepared, bias, pd, steps, operands, out);
      return;
    case Kind::WinogradNhwc:
      detail::winograd_nhwc(x, w, prepared, bias, pd, steps, operands, out);
      return;
    case Kind::ProductNhwc:
      detail::product_nhwc(x, w, prepared, bias, st, pd, dl, steps, operands, out);
      return;
    case Kind::Depthwise:
      // Over small planes, 8 channels at a time (one output channel per input channel): output
      // planes of up to 1024 values when strided, 64 (7x7) at stride 1. Measured at 1T on Zen 2
      // (per plane -> blocked): strided, 576 channels 14x14 -> 7x7 0.20 -> 0.06 ms, 192 28x28 ->
      // 14x14 0.13 -> 0.06, 144 56x56 -> 28x28 0.20 -> 0.15; stride 1, 960 at 7x7 0.083 ->
      // 0.066, 576 at 14x14 0.123 -> 0.121 alone but 0.13 -> 0.15 inside MobileNetV2, 192 at 28x28
      // 0.107 -> 0.145. (Its interleaved
      // input, 8 padded planes per thread, is bounded too: a tall input with a large row stride
      // can still have a small output plane.)
      if (w.shape()[0] == x.shape()[1] &&
          out.shape()[2] * out.shape()[3] <= (st[1] > 1 ? kBlockedPlane : kBlockedPlane / 16) &&
          (x.shape()[2] + 2 * pd[0]) * (x.shape()[3] + 2 * pd[1]) <= kBlockedInput)
        depthwise_blocked(x, w, bias, st, pd, dl, gemm::Bound(steps, operands, out), out);
      else
        depthwise(x, w, bias, st, pd, dl, gemm::Bound(steps, operands, out), out);
      return;
    case Kind::None:
      break;
  }
}

}  // namespace kiln::conv
