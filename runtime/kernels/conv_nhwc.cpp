// runtime/kernels/conv_nhwc.cpp — runtime/conv.h's kernels for channels-last (NHWC) x and
// out: im2col products, and Winograd F(2x2, 3x3).
//
// Products: out[n] [Ho*Wo, O] = A [Ho*Wo, kh*kw*C] @ W [kh*kw*C, O], A being im2col of x[n]
// (channels-last, a kernel row's taps are one run of kw * C floats; a 1x1 stride-1
// convolution reads x[n] itself) and W the weights packed once as gemm's right operand — the
// result lands channels-last as it is, bias and epilogue in the product's tiles. Small planes
// (ResNet's 7x7 layers) run one product per image, larger ones slabs of output pixels.
//
// Winograd, as the NCHW version (conv_nchw.cpp): a 2x2 output tile is A^T [(G g G^T) . (B^T d
// B)] A for its 4x4 input patch d; summed over the input channels, element k of the 4x4 product
// is a matrix product, here M_k [tiles, O] = V_k [tiles, C] @ U_k [C, O], U_k (element k of
// G g G^T per input and output channel) packed once as gemm's right operand. Channels-last, a
// patch is 16 vectors of consecutive channels, so the transforms run on whole vectors of
// channels (16 with AVX-512, else 8), with no transposes; V_k and M_k rows are tiles. Jobs of
// whole tile rows of one image, V and M for a job in its core's L2, each job's 16 products and
// transforms on one thread. Rounding: each output sums 16 products of transformed values (a
// few ulps more than the direct convolution).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <omp.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "kiln/config.h"
#include "kiln/error.h"
#include "kiln/factories.h"
#include "runtime/conv.h"
#include "runtime/gemm.h"
#include "runtime/parallel.h"
#include "runtime/small_buffer.h"

namespace kiln::conv::detail {

namespace {

// Vectors of channels as GCC/Clang vector types: the same transform code compiles to 16-lane
// AVX-512 (in a target("avx512f") function) and 8-lane AVX2; a lone float for a tail channel.
typedef float V8 __attribute__((vector_size(32), aligned(4)));
typedef float V16 __attribute__((vector_size(64), aligned(4)));
template <class V>
constexpr int64_t kLanes = sizeof(V) / sizeof(float);

// (by reference: a 16-float vector passed by value outside avx512f code changes the ABI)
#define KILN_LOAD(v, p) std::memcpy(&(v), (p), sizeof(v))
#define KILN_STORE(p, v)               \
  do {                                 \
    auto v_ = (v);                     \
    std::memcpy((p), &v_, sizeof(v_)); \
  } while (0)

struct Geometry {
  int64_t C, H, W, O, Ho, Wo, ph, pw, th, tw;
  int64_t xh, xw, oh, ow;  // row and pixel strides of x and out (channels: unit stride)
};

// V_k [tc, C] (the k-th tc * C apart) for channels [c0, c1) of tile rows [ty0, ty1) of image x:
// B^T d B, B^T = [[1, 0, -1, 0], [0, 1, 1, 0], [0, -1, 1, 0], [0, 1, 0, -1]].
template <class V>
[[gnu::always_inline]] inline void input_tiles(const Geometry& g, const float* x, int64_t ty0,
                                               int64_t ty1, int64_t c0, int64_t c1, float* Vk) {
  constexpr int64_t L = kLanes<V>;
  int64_t tc = (ty1 - ty0) * g.tw;
  for (int64_t ty = ty0; ty < ty1; ++ty)
    for (int64_t tx = 0; tx < g.tw; ++tx) {
      int64_t tile = (ty - ty0) * g.tw + tx;
      const float* at[4][4];  // the patch's pixels, null where padding
      for (int r = 0; r < 4; ++r) {
        int64_t iy = 2 * ty - g.ph + r;
        for (int c = 0; c < 4; ++c) {
          int64_t ix = 2 * tx - g.pw + c;
          at[r][c] =
              iy >= 0 && iy < g.H && ix >= 0 && ix < g.W ? x + iy * g.xh + ix * g.xw : nullptr;
        }
      }
      for (int64_t ch = c0; ch + L <= c1; ch += L) {
        V t[4][4];
        for (int c = 0; c < 4; ++c) {
          V d[4];
          for (int r = 0; r < 4; ++r) {
            d[r] = V{};
            if (at[r][c]) KILN_LOAD(d[r], at[r][c] + ch);
          }
          t[0][c] = d[0] - d[2];
          t[1][c] = d[1] + d[2];
          t[2][c] = d[2] - d[1];
          t[3][c] = d[1] - d[3];
        }
        for (int i = 0; i < 4; ++i) {
          float* dst = Vk + (i * 4) * tc * g.C + tile * g.C + ch;
          KILN_STORE(dst, t[i][0] - t[i][2]);
          KILN_STORE(dst + tc * g.C, t[i][1] + t[i][2]);
          KILN_STORE(dst + 2 * tc * g.C, t[i][2] - t[i][1]);
          KILN_STORE(dst + 3 * tc * g.C, t[i][1] - t[i][3]);
        }
      }
    }
}

// Output rows of tile rows [ty0, ty1) of image y, channels [o0, o1), from M_k [tc, O]:
// A^T m A + bias, A^T = [[1, 1, 1, 0], [0, 1, -1, -1]].
template <class V>
[[gnu::always_inline]] inline void output_tiles(const Geometry& g, const float* Mk,
                                                const float* bias, int64_t ty0, int64_t ty1,
                                                int64_t o0, int64_t o1, float* y) {
  constexpr int64_t L = kLanes<V>;
  int64_t tc = (ty1 - ty0) * g.tw;
  for (int64_t ty = ty0; ty < ty1; ++ty)
    for (int64_t tx = 0; tx < g.tw; ++tx) {
      int64_t tile = (ty - ty0) * g.tw + tx;
      for (int64_t o = o0; o + L <= o1; o += L) {
        const float* m = Mk + tile * g.O + o;
        V s[4][2];
        for (int i = 0; i < 4; ++i) {
          V a, b, c, d;
          KILN_LOAD(a, m + (i * 4) * tc * g.O);
          KILN_LOAD(b, m + (i * 4 + 1) * tc * g.O);
          KILN_LOAD(c, m + (i * 4 + 2) * tc * g.O);
          KILN_LOAD(d, m + (i * 4 + 3) * tc * g.O);
          s[i][0] = a + b + c;
          s[i][1] = b - c - d;
        }
        V b{};
        if (bias) KILN_LOAD(b, bias + o);
        for (int dy = 0; dy < 2 && 2 * ty + dy < g.Ho; ++dy)
          for (int dx = 0; dx < 2 && 2 * tx + dx < g.Wo; ++dx) {
            V v = dy == 0 ? s[0][dx] + s[1][dx] + s[2][dx] : s[1][dx] - s[2][dx] - s[3][dx];
            KILN_STORE(y + (2 * ty + dy) * g.oh + (2 * tx + dx) * g.ow + o, v + b);
          }
      }
    }
}

// Whole vectors of channels, then the tail one channel at a time.
template <class V>
[[gnu::always_inline]] inline void transform_in(const Geometry& g, const float* x, int64_t ty0,
                                                int64_t ty1, float* Vk) {
  int64_t whole = g.C / kLanes<V> * kLanes<V>;
  input_tiles<V>(g, x, ty0, ty1, 0, whole, Vk);
  input_tiles<float>(g, x, ty0, ty1, whole, g.C, Vk);
}
template <class V>
[[gnu::always_inline]] inline void transform_out(const Geometry& g, const float* Mk,
                                                 const float* bias, int64_t ty0, int64_t ty1,
                                                 float* y) {
  int64_t whole = g.O / kLanes<V> * kLanes<V>;
  output_tiles<V>(g, Mk, bias, ty0, ty1, 0, whole, y);
  output_tiles<float>(g, Mk, bias, ty0, ty1, whole, g.O, y);
}
__attribute__((target("avx512f"))) void in512(const Geometry& g, const float* x, int64_t ty0,
                                              int64_t ty1, float* Vk) {
  transform_in<V16>(g, x, ty0, ty1, Vk);
}
__attribute__((target("avx512f"))) void out512(const Geometry& g, const float* Mk,
                                               const float* bias, int64_t ty0, int64_t ty1,
                                               float* y) {
  transform_out<V16>(g, Mk, bias, ty0, ty1, y);
}
void in256(const Geometry& g, const float* x, int64_t ty0, int64_t ty1, float* Vk) {
  transform_in<V8>(g, x, ty0, ty1, Vk);
}
void out256(const Geometry& g, const float* Mk, const float* bias, int64_t ty0, int64_t ty1,
            float* y) {
  transform_out<V8>(g, Mk, bias, ty0, ty1, y);
}

// Rows [r0, r1) of image n of t, an operand broadcasting to out [N, O, Ho, Wo] (right-aligned).
Tensor band(const Tensor& t, int64_t n, int64_t r0, int64_t r1, const Shape& out) {
  Tensor v = t;
  int64_t off = 4 - t.dim();
  if (off <= 0 && t.shape()[0] == out[0]) v = v.narrow(0, n, 1);
  if (off <= 2 && t.shape()[size_t(2 - off)] == out[2]) v = v.narrow(2 - off, r0, r1 - r0);
  return v;
}

}  // namespace

Tensor product_nhwc_weights(const Tensor& w) {
  int64_t O = w.shape()[0], C = w.shape()[1], kh = w.shape()[2], kw = w.shape()[3];
  return gemm::pack(w.permute({2, 3, 1, 0}).contiguous().view({kh * kw * C, O}));
}

void product_nhwc(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
                  const Shape& st, const Shape& pad, const Shape& dil,
                  std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out) {
  int64_t N = x.shape()[0], C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
  int64_t O = w.shape()[0], kh = w.shape()[2], kw = w.shape()[3];
  int64_t Ho = out.shape()[2], Wo = out.shape()[3], P = Ho * Wo, K = kh * kw * C;
  if (prepared.defined() && (prepared.dim() != 2 || prepared.shape()[0] != K ||
                             prepared.shape()[1] != (O + 15) / 16 * 16))
    throw Error(
        fmt::format("conv::run: weights [{}] prepared as [{}], not for a channels-last "
                    "product",
                    fmt::join(w.shape(), ", "), fmt::join(prepared.shape(), ", ")));
  Tensor packed = prepared.defined() ? prepared : product_nhwc_weights(w);
  // the bias as a first epilogue step (an operand [1, O]), the others' operands after it; the
  // products take them as pointers and strides (gemm::sgemm_views): no Tensor per call, and
  // for one image and a few steps, nothing allocated
  const size_t nsteps = steps.size() + bias.defined(), per_image = operands.size() + bias.defined();
  SmallBuffer<Epilogue, 8> all_steps(nsteps);
  size_t ns = 0;
  if (bias.defined()) all_steps[ns++] = {EpiOp::Add, 0, 0, 0};
  for (Epilogue e : steps) {
    if (e.binary() && bias.defined()) ++e.operand;
    all_steps[ns++] = e;
  }
  const std::span<const Epilogue> all = all_steps.span();
  SmallBuffer<gemm::OperandView, 8> ops_buffer(size_t(N) *
                                               per_image);  // image n's at n * per_image
  gemm::OperandView* image_ops = ops_buffer.data();
  for (int64_t n = 0, i = 0; n < N; ++n) {
    if (bias.defined()) image_ops[i++] = {bias.data<float>(), 0, bias.strides()[0]};
    for (const Tensor& t : operands) image_ops[i++] = image_rows(t, n, Ho, Wo);
  }
  auto ops_of = [&](int64_t n) {
    return std::span<const gemm::OperandView>(image_ops + size_t(n) * per_image, per_image);
  };
  float* Y = out.data<float>();
  const float* X = x.data<float>();
  int64_t xh = x.strides()[2], xw = x.strides()[3];
  int64_t ow = Wo == 1 ? out.strides()[2] : out.strides()[3];  // out's pixels one stride apart
  // A 1x1 stride-1 convolution whose input pixels follow each other reads x[n] as A itself.
  bool direct = kh == 1 && kw == 1 && st[0] == 1 && st[1] == 1 && pad[0] == 0 && pad[1] == 0 &&
                (H == 1 || xh == W * xw);
  // Rows [p0, p1) of A (im2col of image n, channels-last: for each output pixel and kernel
  // row, the kw taps' channels in order) into a.
  auto im2col = [&](int64_t n, int64_t p0, int64_t p1, float* a) {
    const float* xn = X + n * x.strides()[0];
    bool runs = dil[1] == 1 && xw == C;  // a kernel row's taps: one run of kw * C floats
    for (int64_t p = p0; p < p1; ++p) {
      int64_t oy = p / Wo, ox = p % Wo, ix0 = ox * st[1] - pad[1];
      for (int64_t i = 0; i < kh; ++i) {
        int64_t iy = oy * st[0] - pad[0] + i * dil[0];
        float* dst = a + (p - p0) * K + i * kw * C;
        if (iy < 0 || iy >= H) {
          std::fill_n(dst, kw * C, 0.f);
          continue;
        }
        const float* row = xn + iy * xh;
        if (runs) {  // the taps inside the row in one copy, zeros for those outside
          int64_t j0 = std::clamp<int64_t>(-ix0, 0, kw), j1 = std::clamp<int64_t>(W - ix0, j0, kw);
          std::fill_n(dst, j0 * C, 0.f);
          std::copy_n(row + (ix0 + j0) * C, (j1 - j0) * C, dst + j0 * C);
          std::fill_n(dst + j1 * C, (kw - j1) * C, 0.f);
          continue;
        }
        for (int64_t j = 0; j < kw; ++j) {
          int64_t ix = ix0 + j * dil[1];
          if (ix < 0 || ix >= W)
            std::fill_n(dst + j * C, C, 0.f);
          else
            std::copy_n(row + ix * xw, C, dst + j * C);
        }
      }
    }
  };
  // Small planes: one product per image, its columns split across the threads. Larger ones:
  // slabs of output pixels (A's rows within ~256 KB of L2), each gathered and multiplied by one
  // thread.
  int64_t slab = std::clamp<int64_t>((int64_t(64) << 10) / K / 14 * 14, 56, 1024);
  if (P <= std::max<int64_t>(slab, 64)) {
    Tensor a = direct ? Tensor() : empty({P, K}, DType::Float32);
    for (int64_t n = 0; n < N; ++n) {
      float* y = Y + n * out.strides()[0];
      if (direct) {
        gemm::sgemm_views(X + n * x.strides()[0], xw, 1, P, C, packed, all, ops_of(n), y, ow, O);
        continue;
      }
      parallel_for(P, K,
                   [&](int64_t p0, int64_t p1) { im2col(n, p0, p1, a.data<float>() + p0 * K); });
      gemm::sgemm_views(a.data<float>(), K, 1, P, K, packed, all, ops_of(n), y, ow, O);
    }
    return;
  }
  int64_t pixels = N * P;  // output pixels of all images: each thread takes an equal run
  int threads = num_threads();
  int workers = int(std::min<int64_t>(threads, pixels));
  Tensor buf = direct ? Tensor() : empty({workers, slab * K}, DType::Float32);
  // (the products' tensors may throw)
  parallel_for_rethrow(pixels, K * O * 2, [&](int64_t q0, int64_t q1) {
    int64_t thread = std::min(omp_get_thread_num(), workers - 1);
    for (int64_t q = q0, len = 0; q < q1; q += len) {  // slabs within one image
      int64_t n = q / P, p0 = q % P, p1 = std::min({P, p0 + slab, p0 + (q1 - q)});
      len = p1 - p0;
      const float* a = X + n * x.strides()[0] + p0 * xw;
      int64_t sa0 = xw;
      if (!direct) {
        float* rows = buf.data<float>() + thread * slab * K;
        im2col(n, p0, p1, rows);
        a = rows;
        sa0 = K;
      }
      // image n's operands from row p0 (a broadcast row stays where it is)
      SmallBuffer<gemm::OperandView, 8> ops(per_image);
      for (size_t i = 0; i < per_image; ++i) {
        ops[i] = ops_of(n)[i];
        ops[i].p += p0 * ops[i].s0;
      }
      gemm::sgemm_views(a, sa0, 1, p1 - p0, K, packed, all, ops.span(),
                        Y + n * out.strides()[0] + p0 * ow, ow, O);
    }
  });
}

Tensor winograd_nhwc_weights(const Tensor& w) {
  int64_t O = w.shape()[0], C = w.shape()[1];
  Tensor u = winograd_weights(w);  // [16, O, C]
  // each U_k^T [C, O] as gemm packs a right operand, one after another
  int64_t size = C * ((O + 15) / 16 * 16);
  Tensor packed = empty({16 * size}, DType::Float32);
  for (int64_t k = 0; k < 16; ++k) {
    Tensor one = gemm::pack(u.select(0, k).t());
    std::copy_n(one.data<float>(), size, packed.data<float>() + k * size);
  }
  return packed;
}

void winograd_nhwc(const Tensor& x, const Tensor& w, const Tensor& prepared, const Tensor& bias,
                   const Shape& pad, std::span<const Epilogue> steps,
                   std::span<const Tensor> operands, Tensor& out) {
  int64_t N = x.shape()[0];
  int64_t Ho = out.shape()[2], Wo = out.shape()[3];
  Geometry g{.C = x.shape()[1],
             .H = x.shape()[2],
             .W = x.shape()[3],
             .O = w.shape()[0],
             .Ho = Ho,
             .Wo = Wo,
             .ph = pad[0],
             .pw = pad[1],
             .th = (Ho + 1) / 2,
             .tw = (Wo + 1) / 2,
             .xh = x.strides()[2],
             .xw = x.strides()[3],
             .oh = out.strides()[2],
             .ow = out.strides()[3]};
  int64_t O16 = (g.O + 15) / 16 * 16, usize = g.C * O16;
  if (prepared.defined() && (prepared.dim() != 1 || prepared.numel() != 16 * usize))
    throw Error(fmt::format("conv::run: weights [{}] prepared as [{}], not for NHWC Winograd",
                            fmt::join(w.shape(), ", "), fmt::join(prepared.shape(), ", ")));
  Tensor u = prepared.defined() ? prepared : winograd_nhwc_weights(w);
  // Jobs of whole tile rows of one image: V and M (16 values per tile and channel each) within
  // ~1 MB of the core's L2, at least 56 tiles (four 14-row groups of the products) where the
  // image has them; each thread takes an equal run of tile rows and cuts it into jobs.
  int threads = num_threads();
  int64_t per_row = 16 * (g.C + g.O) * g.tw * 4;
  int64_t chunk = std::max<int64_t>({1, (1 << 20) / per_row, (56 + g.tw - 1) / g.tw});
  chunk = std::min(chunk, g.th);
  int64_t rows = N * g.th;  // tile rows of all images: each thread takes an equal run of them
  int64_t tc_max = chunk * g.tw;
  int64_t v_size = 16 * tc_max * g.C, per_thread = v_size + 16 * tc_max * g.O;
  int workers = int(std::min<int64_t>(threads, rows));
  Tensor scratch = empty({workers * per_thread}, DType::Float32);
  Tensor b = bias.defined() ? bias.contiguous() : Tensor();
  const float* X = x.data<float>();
  const float* B = b.defined() ? b.data<float>() : nullptr;
  float* Y = out.data<float>();
  float* S = scratch.data<float>();
  bool wide = __builtin_cpu_supports("avx512f") &&
              (config().vector_bits == 0 || config().vector_bits >= 512);
  auto in = wide ? in512 : in256;
  auto outf = wide ? out512 : out256;
  // (the products' tensors may throw)
  parallel_for_rethrow(rows, g.tw * g.C * g.O * 32, [&](int64_t r0, int64_t r1) {
    int64_t thread = std::min(omp_get_thread_num(), workers - 1);
    int64_t base = thread * per_thread;
    // jobs of up to `chunk` tile rows of one image
    for (int64_t r = r0, len = 0; r < r1; r += len) {
      int64_t n = r / g.th, ty0 = r % g.th;
      int64_t ty1 = std::min({g.th, ty0 + chunk, ty0 + (r1 - r)}), tc = (ty1 - ty0) * g.tw;
      len = ty1 - ty0;
      float* Vk = S + base;
      float* Mk = Vk + 16 * tc * g.C;
      in(g, X + n * x.strides()[0], ty0, ty1, Vk);
      for (int64_t k = 0; k < 16; ++k) {  // (serial inside this region)
        Tensor vk = scratch.as_strided({tc, g.C}, {g.C, 1}, scratch.offset() + base + k * tc * g.C);
        Tensor mk = scratch.as_strided({tc, g.O}, {g.O, 1},
                                       scratch.offset() + base + 16 * tc * g.C + k * tc * g.O);
        gemm::sgemm(vk, u.as_strided({g.C, O16}, {O16, 1}, u.offset() + k * usize), {}, {}, mk);
      }
      outf(g, Mk, B, ty0, ty1, Y + n * out.strides()[0]);
      if (steps.empty()) continue;
      // the epilogue over the job's output rows, while in cache
      int64_t oy0 = 2 * ty0, oy1 = std::min(g.Ho, 2 * ty1);
      std::vector<Tensor> ops;
      for (const Tensor& t : operands) ops.push_back(band(t, n, oy0, oy1, out.shape()));
      Tensor rows = out.narrow(0, n, 1).narrow(2, oy0, oy1 - oy0);
      gemm::apply(steps, ops, rows);
    }
  });
}

#undef KILN_LOAD
#undef KILN_STORE

}  // namespace kiln::conv::detail
