// runtime/kernels/gemm.cpp — the blocked float32 product of runtime/gemm.h.
//
// Loop nest (per thread, over its own range of 16-column panels; with packed weights, threads
// done with theirs take over part of a slower thread's: run_product()):
//   for each block of rows of a (at most ~128 KB of packed a: stays in L2)
//     for each block of K (at most 256: a packed panel block is 16 KB and stays in L1)
//       pack the rows of a for this block, in groups of up to 6 rows (14 on AVX-512 hosts),
//       each group's rows interleaved per k (with at most four tiles of columns, a is read as
//       it is instead: see product())
//       for each panel (a pair of panels with AVX-512, but an odd count's last):
//         for each group of rows: a register tile over the K block
// The AVX2 tile is 6x16: 12 accumulators, 2 panel vectors and a broadcast in the 16 registers,
// 12 FMAs per 8 loads: ~100-105 GFLOP/s from L1 at one thread on the Zen 2 host where
// dnnl_sgemm reaches ~90 on square products. The AVX-512 tile is 14x32 (two panels): 28
// accumulators in the 32 zmm registers, 28 FMAs per 16 loads: [64, 2048] @ [2048, 2048] at
// 155-160 GFLOP/s on one Granite Rapids core, where the AVX2 tile does 106 and dnnl_sgemm
// 100-130 (165 on 2048^3). Row groups are balanced (64 rows: 13, 13, 13, 13, 12).
// Panels come from memory (with up to ~126 rows, weights are read once per call): the panel
// after next is prefetched into L2 — a quarter by each of the first four row groups, a line
// every 4th k (all in the first group, a line every k, when there are at most four groups: a
// burst of misses fills the miss buffers and stalls the loads) — and, for single-panel tiles,
// the last row group prefetches the next panel into L1. After the last K block each tile gets the
// epilogue while it is still in L1.
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <immintrin.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "kiln/config.h"
#include "kiln/error.h"
#include "kiln/factories.h"
#include "runtime/gemm.h"
#include "runtime/parallel.h"
#include "runtime/simd.h"
#include "runtime/small_buffer.h"
#include "runtime/strided.h"

namespace kiln::gemm {

namespace {

constexpr int64_t kNR = 16;             // columns per panel: two 8-lane vectors
constexpr int kMR = 6;                  // rows per AVX2 register tile
constexpr int kMR512 = 14;              // rows per AVX-512 register tile
constexpr int64_t kKC = 256;            // most rows of K per block
constexpr int64_t kABytes = 128 << 10;  // packed rows of a per block (L2)

struct Blocking {
  int64_t kc, blocks;  // K cut into `blocks` blocks of kc rows (the last may be shorter)
};
Blocking blocking(int64_t K) {
  int64_t blocks = std::max<int64_t>(1, (K + kKC - 1) / kKC);
  return {(K + blocks - 1) / blocks, blocks};
}
int64_t panels(int64_t N) { return (N + kNR - 1) / kNR; }
constexpr int64_t kPlainChunkBytes = 16384;  // a plain b's panels packed at a time
// Rows of a per block: their packed K block fits kABytes.
int64_t row_block(int64_t M, const Blocking& bl) {
  return std::min(std::max<int64_t>(kABytes / (bl.kc * 4) / kMR512 * kMR512, kMR512), M);
}

// Rows per packed group of a, and per tile: 14 where the host has AVX-512, else 6. (The host's,
// not Config::vector_bits: pack_rows() lays a out once for every later call. With 256-bit tiles
// a group of 14 is read as three groups' worth of rows.)
int group_rows() {
  static const int rows = __builtin_cpu_supports("avx512f") ? kMR512 : kMR;
  return rows;
}

// `rows` rows cut into as few groups of at most group_rows() as they need, balanced in size:
// [64, K] on AVX-512 is 13, 13, 13, 13, 12, not 14, 14, 14, 14, 8 (with 12-row tiles, a last
// 4-row tile kept only 8 accumulators busy: the product ran at 156 GFLOP/s instead of 162). Group i
// has size + (i < big) rows from row start(i).
struct Groups {
  int64_t n, size, big;
  explicit Groups(int64_t rows) {
    int64_t g = group_rows();
    n = std::max<int64_t>(1, (rows + g - 1) / g);
    size = rows / n;
    big = rows % n;
  }
  int64_t rows_of(int64_t i) const { return size + (i < big); }
  int64_t start(int64_t i) const { return i * size + std::min(i, big); }
};

// An epilogue run on each tile right after its last K block (finish(), the tile in L1),
// when the whole epilogue is: an optional add of a value per row or per column (a bias), an
// optional add of an operand of the output's shape (a residual), then an optional relu or
// clamp (tile_epilogue()). With a short K, the generic epilogue's passes
// over each row group cost as much as the tiles.
struct TileEpi {
  const float* row = nullptr;  // row i adds row[i * rs]
  int64_t rs = 0;
  const float* col = nullptr;  // column j adds col[j] (zero-padded to whole panels)
  const float* res = nullptr;  // then element (i, j) adds res[i * res_s0 + j] (a residual)
  int64_t res_s0 = 0;
  EpiOp op = EpiOp::None;  // None, Relu or Clamp
  float alpha = 0, beta = 0;
};

// c[MR x 16] (+)= a[k][MR] * b[k][16] over kc rows (a's rows for k lda apart), prefetching
// lines from `next` (below `end`): Prefetch 1 into L2, a line every 4th k; 2 into L1 and 3 into
// L2, a line every k.
template <int MR, int Prefetch, bool Rows = false>
void tile(int64_t kc, const float* __restrict a, int64_t lda, const float* __restrict b, float* c,
          int64_t ldc, bool accumulate, const float* next, const float* end) {
  // Fewer than 3 rows would leave the FMAs waiting on their own results (latency 4-5 cycles,
  // two pipes): their k steps alternate between S sets of accumulators, summed at the end
  // (a matrix-vector product then streams its weights at memory speed).
  constexpr int S = MR == 1 ? 4 : MR == 2 ? 2 : 1;
  __m256 acc[S][MR][2];
  for (int u = 0; u < S; ++u)
    for (int r = 0; r < MR; ++r) acc[u][r][0] = acc[u][r][1] = _mm256_setzero_ps();
  // a's element (row r, k) at a[k * lda + r] (packed), or with Rows (a as it is) a[r * lda + k]
  auto step = [&](int u, int64_t k) {
    const float* bk = b + k * kNR;
    __m256 b0 = _mm256_load_ps(bk), b1 = _mm256_load_ps(bk + 8);
    for (int r = 0; r < MR; ++r) {
      __m256 x = _mm256_broadcast_ss(Rows ? a + r * lda + k : a + k * lda + r);
      acc[u][r][0] = _mm256_fmadd_ps(x, b0, acc[u][r][0]);
      acc[u][r][1] = _mm256_fmadd_ps(x, b1, acc[u][r][1]);
    }
  };
  auto prefetch = [&](int64_t k) {
    if constexpr (Prefetch == 1) {
      if ((k & 3) == 0 && next < end) {
        _mm_prefetch(reinterpret_cast<const char*>(next), _MM_HINT_T1);
        next += kNR;
      }
    } else if constexpr (Prefetch) {
      _mm_prefetch(reinterpret_cast<const char*>(next), Prefetch == 2 ? _MM_HINT_T0 : _MM_HINT_T1);
      next += kNR;
    }
  };
  int64_t k = 0;
  if constexpr (S > 1) {
    for (; k + S <= kc; k += S)
      for (int u = 0; u < S; ++u) {
        prefetch(k + u);
        step(u, k + u);
      }
  } else {
#pragma clang loop unroll_count(4)
    for (; k < kc; ++k) {
      prefetch(k);
      step(0, k);
    }
  }
  for (; k < kc; ++k) {
    prefetch(k);
    step(0, k);
  }
  for (int r = 0; r < MR; ++r) {
    for (int u = 1; u < S; ++u) {
      acc[0][r][0] = _mm256_add_ps(acc[0][r][0], acc[u][r][0]);
      acc[0][r][1] = _mm256_add_ps(acc[0][r][1], acc[u][r][1]);
    }
    float* row = c + r * ldc;
    if (accumulate) {
      acc[0][r][0] = _mm256_add_ps(acc[0][r][0], _mm256_loadu_ps(row));
      acc[0][r][1] = _mm256_add_ps(acc[0][r][1], _mm256_loadu_ps(row + 8));
    }
    _mm256_storeu_ps(row, acc[0][r][0]);
    _mm256_storeu_ps(row + 8, acc[0][r][1]);
  }
}

// The AVX-512 tile (hosts with avx512f, Config::vector_bits 0 or 512): c[MR x 16W] (+)=
// a[k][MR] * [panel | next panel][k][16W] over kc rows, MR <= 14, W panels (1 or 2) at b and
// b + kc * 16 (consecutive, as pack() and the plain b's chunk lay them out). With two panels,
// up to 28 accumulators, two panel vectors and a broadcast in the 32 zmm registers: 28 FMAs per
// 16 loads (12-row tiles: 0.96 of dnnl_sgemm's 2048^3 rate at [64, 2048] @ [2048, 2048], 0.92
// at two threads; 14-row tiles 0.98 and 0.94). One panel (N <= 16, or an odd panel count's
// last) takes the group's rows at once too, where 256-bit tiles did six rows at a time at half
// the width: [64, 2048] @ [2048, 10] 0.045-0.054 -> 0.036-0.037 ms at 1T, 0.025 -> 0.019 at 2T.
// Prefetch as tile()'s, W lines per step (the next panels), or with Rows two (the next group's
// rows).
template <int MR, int Prefetch, bool Rows = false, int W = 2>
__attribute__((target("avx512f"))) void tile512(int64_t kc, const float* __restrict a, int64_t lda,
                                                const float* __restrict b, float* c, int64_t ldc,
                                                bool accumulate, const float* next,
                                                const float* end) {
  // a's element (row r, k): packed, a[k * MR + r]; with Rows (a as it is), a[r * lda + k]
  auto at = [&](int64_t k, int r) { return Rows ? a[r * lda + k] : a[k * MR + r]; };
  // >= 8 independent sums (FMA latency 4, two pipes), in S sets summed at the end
  constexpr int S = std::min(4, (8 + MR * W - 1) / (MR * W));
  constexpr int kLines = Rows ? 2 : W;  // prefetched per step
  const float* b1 = b + kc * kNR;
  __m512 acc[S][MR][W];
#pragma clang loop unroll(full)
  for (int u = 0; u < S; ++u)
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; ++r)
#pragma clang loop unroll(full)
      for (int q = 0; q < W; ++q) acc[u][r][q] = _mm512_setzero_ps();
  auto step = [&](int u, int64_t kk) __attribute__((always_inline, target("avx512f"))) {
    __m512 v[W];
    v[0] = _mm512_loadu_ps(b + kk * kNR);
    if constexpr (W == 2) v[W - 1] = _mm512_loadu_ps(b1 + kk * kNR);
#pragma clang loop unroll(full)
    for (int r = 0; r < MR; ++r) {
      __m512 x = _mm512_set1_ps(at(kk, r));
#pragma clang loop unroll(full)
      for (int q = 0; q < W; ++q) acc[u][r][q] = _mm512_fmadd_ps(x, v[q], acc[u][r][q]);
    }
  };
  auto steps = [&](int64_t k) __attribute__((always_inline, target("avx512f"))) {
#pragma clang loop unroll(full)
    for (int u = 0; u < S; ++u) {
      int64_t kk = k + u;
      if (Prefetch && next < end && (Prefetch != 1 || (kk & 3) == 0)) {
#pragma clang loop unroll(full)
        for (int l = 0; l < kLines; ++l)
          _mm_prefetch(reinterpret_cast<const char*>(next + l * kNR),
                       Prefetch == 2 ? _MM_HINT_T0 : _MM_HINT_T1);
        next += kLines * kNR;
      }
      step(u, kk);
    }
  };
  int64_t k = 0;
  if constexpr (Rows) {
    // Not unrolled: unrolled, the rows' scalar loads were combined across k steps and the
    // accumulators spilled to the stack (12-row tiles read and wrote it 100 times per k loop):
    // attention's 32 x [128, 64] @ [64, 128] at 1T, 380-390 -> 307-318 us; 32 x [128, 128] @
    // [128, 64] 340-354 -> 300-315 us (4 alternating runs). (Unrolled stays faster for packed
    // a: B3's MLP 1-2%.)
#pragma clang loop unroll(disable) vectorize(disable)
    for (; k + S <= kc; k += S) steps(k);
  } else {
    for (; k + S <= kc; k += S) steps(k);
  }
  for (; k < kc; ++k) step(0, k);  // (S > 1: the last kc % S rows)
#pragma clang loop unroll(full)
  for (int r = 0; r < MR; ++r) {
    float* row = c + r * ldc;
#pragma clang loop unroll(full)
    for (int q = 0; q < W; ++q) {
#pragma clang loop unroll(full)
      for (int u = 1; u < S; ++u) acc[0][r][q] = _mm512_add_ps(acc[0][r][q], acc[u][r][q]);
      if (accumulate) acc[0][r][q] = _mm512_add_ps(acc[0][r][q], _mm512_loadu_ps(row + q * kNR));
      _mm512_storeu_ps(row + q * kNR, acc[0][r][q]);
    }
  }
}

using Tile512Fn = void (*)(int64_t, const float*, int64_t, const float*, float*, int64_t, bool,
                           const float*, const float*);
// [panels - 1][prefetch hint][rows], one panel then two; R: a read as it is (row-major), with
// at most a few tiles of columns (see product()), where hint 2 prefetches the next row group's
// rows into L1, two lines per k
#define KILN_TILES(P, R, W) \
  {nullptr,                 \
   tile512<1, P, R, W>,     \
   tile512<2, P, R, W>,     \
   tile512<3, P, R, W>,     \
   tile512<4, P, R, W>,     \
   tile512<5, P, R, W>,     \
   tile512<6, P, R, W>,     \
   tile512<7, P, R, W>,     \
   tile512<8, P, R, W>,     \
   tile512<9, P, R, W>,     \
   tile512<10, P, R, W>,    \
   tile512<11, P, R, W>,    \
   tile512<12, P, R, W>,    \
   tile512<13, P, R, W>,    \
   tile512<14, P, R, W>}
constexpr Tile512Fn kTiles512[2][4][kMR512 + 1] = {
    {KILN_TILES(0, false, 1), KILN_TILES(1, false, 1), KILN_TILES(2, false, 1),
     KILN_TILES(3, false, 1)},
    {KILN_TILES(0, false, 2), KILN_TILES(1, false, 2), KILN_TILES(2, false, 2),
     KILN_TILES(3, false, 2)}};
constexpr Tile512Fn kRowTiles512[2][2][kMR512 + 1] = {
    {KILN_TILES(0, true, 1), KILN_TILES(2, true, 1)},
    {KILN_TILES(0, true, 2), KILN_TILES(2, true, 2)}};
#undef KILN_TILES

// Whether product() runs AVX-512 tiles: the host has avx512f (its groups are of kMR512 rows)
// and Config::vector_bits allows 512-bit vectors.
bool wide_tiles() {
  int bits = config().vector_bits;
  return group_rows() == kMR512 && (bits == 0 || bits >= 512);
}

using TileFn = void (*)(int64_t, const float*, int64_t, const float*, float*, int64_t, bool,
                        const float*, const float*);
#define KILN_TILES(P, R)                                       \
  {nullptr,       tile<1, P, R>, tile<2, P, R>, tile<3, P, R>, \
   tile<4, P, R>, tile<5, P, R>, tile<6, P, R>}
constexpr TileFn kTiles[4][kMR + 1] = {KILN_TILES(0, false), KILN_TILES(1, false),
                                       KILN_TILES(2, false), KILN_TILES(3, false)};
constexpr TileFn kRowTiles[kMR + 1] = KILN_TILES(0, true);
#undef KILN_TILES

// Rows [0, rows) of a (from `a`, strides sa0/sa1) over k in [0, kc): the groups of Groups(rows),
// each [k][its rows].
// With unit-stride rows, 16 k at a time, then 8: each 8 rows of a group (zeros below its last)
// as 8x8 blocks transposed in registers, each k's values stored as vectors of 8, so that what
// one writes past the group's rows for k the next k's first 8 rows overwrite (the scalar loop's
// strided loads made packing a [1024, 1024] operand ~15% of its product at 2 threads, where
// each thread packs all rows). 16 k read each row's whole 64-byte line at once: 8 read half a
// line, and a group's 13 or 14 rows K = 2048 floats apart (all in one set of the 12-way L1)
// evicted it before the other half was read (packing [64, 2048] from L2 at 23 -> 42 GB/s).
void pack_a(const float* a, int64_t sa0, int64_t sa1, int64_t rows, int64_t kc, float* dst) {
  Groups gr(rows);
  for (int64_t gi = 0; gi < gr.n; ++gi) {
    int64_t mr = gr.rows_of(gi);
    const float* src = a + gr.start(gi) * sa0;
    // nb blocks of 8 k from k, the upper rows first (the lower 8 of the next k overwrite their
    // spill)
    auto blocks = [&]<int nb>(int64_t k) {
      for (int64_t h = (mr - 1) / 8; h >= 0; --h) {
        __m256 r[nb][8];
        for (int j = 0; j < nb; ++j) {
          for (int64_t i = 0; i < 8; ++i)
            r[j][i] = h * 8 + i < mr ? _mm256_loadu_ps(src + (h * 8 + i) * sa0 + k + 8 * j)
                                     : _mm256_setzero_ps();
          simd::transpose8x8(r[j]);
        }
        for (int j = 0; j < nb; ++j)
          for (int64_t i = 0; i < 8; ++i)
            _mm256_storeu_ps(dst + (k + 8 * j + i) * mr + h * 8, r[j][i]);
      }
    };
    int64_t k = 0;
    if (sa1 == 1 && mr >= 4) {  // (< kc: a later k's store covers the last one's spill)
      for (; k + 16 < kc; k += 16) blocks.template operator()<2>(k);
      for (; k + 8 < kc; k += 8) blocks.template operator()<1>(k);
    }
    for (; k < kc; ++k)
      for (int64_t r = 0; r < mr; ++r) dst[k * mr + r] = src[r * sa0 + k * sa1];
    dst += mr * kc;
  }
}

// One epilogue step with its operand's element (i, j) at p[i * s0 + j * s1] (0: broadcast).
struct Step {
  EpiOp op;
  float alpha, beta;
  const float* p = nullptr;
  int64_t s0 = 0, s1 = 0;
};

__m256 operand8(const Step& s, int64_t i, int64_t j) {
  const float* p = s.p + i * s.s0 + j * s.s1;
  if (s.s1 == 1) return _mm256_loadu_ps(p);
  if (s.s1 == 0) return _mm256_broadcast_ss(p);
  return _mm256_setr_ps(p[0], p[s.s1], p[2 * s.s1], p[3 * s.s1], p[4 * s.s1], p[5 * s.s1],
                        p[6 * s.s1], p[7 * s.s1]);
}

// Calls f.template operator()<Op>() for the step's op (only the ops supports() admits).
template <class F>
void with_op(EpiOp op, F&& f) {
  switch (op) {
    case EpiOp::Add:
      return f.template operator()<EpiOp::Add>();
    case EpiOp::Sub:
      return f.template operator()<EpiOp::Sub>();
    case EpiOp::Mul:
      return f.template operator()<EpiOp::Mul>();
    case EpiOp::Div:
      return f.template operator()<EpiOp::Div>();
    case EpiOp::Relu:
      return f.template operator()<EpiOp::Relu>();
    case EpiOp::Linear:
      return f.template operator()<EpiOp::Linear>();
    case EpiOp::Abs:
      return f.template operator()<EpiOp::Abs>();
    case EpiOp::Sqrt:
      return f.template operator()<EpiOp::Sqrt>();
    case EpiOp::Clamp:
      return f.template operator()<EpiOp::Clamp>();
    default:
      return;  // not reached: supports() admits only the steps above
  }
}

__m256 apply8(const Step& s, __m256 v, int64_t i, int64_t j) {
  __m256 b = s.p ? operand8(s, i, j) : _mm256_setzero_ps();
  with_op(s.op, [&]<EpiOp Op>() { v = simd::epilogue_op<Op>(v, b, s.alpha, s.beta); });
  return v;
}

// One step over `rows` rows (ldy apart) of n values (a multiple of 8) at y, out(i0.., j0..):
// the op chosen once per block (a 6x16 tile's epilogue is 12 vectors), the operand read as it
// is laid out along the rows (broadcast, contiguous or strided).
void step_block(const Step& s, float* y, int64_t ldy, int64_t rows, int64_t n, int64_t i0,
                int64_t j0) {
  with_op(s.op, [&]<EpiOp Op>() {
    for (int64_t r = 0; r < rows; ++r) {
      float* row = y + r * ldy;
      int64_t i = i0 + r;
      auto each = [&](auto operand) {
        for (int64_t j = 0; j < n; j += 8)
          _mm256_storeu_ps(row + j, simd::epilogue_op<Op>(_mm256_loadu_ps(row + j), operand(j),
                                                          s.alpha, s.beta));
      };
      if (!s.p) {
        each([](int64_t) { return _mm256_setzero_ps(); });
      } else if (s.s1 == 0) {
        __m256 b = _mm256_broadcast_ss(s.p + i * s.s0);
        each([b](int64_t) { return b; });
      } else {
        each([&](int64_t j) { return operand8(s, i, j0 + j); });
      }
    }
  });
}

float apply1(const Step& s, float v, int64_t i, int64_t j) {
  Step one = s;  // the operand's element (i, j), broadcast
  if (s.p) {
    one.p = s.p + i * s.s0 + j * s.s1;
    one.s0 = one.s1 = 0;
  }
  return _mm256_cvtss_f32(apply8(one, _mm256_set1_ps(v), 0, 0));
}

// The steps over a tile of `rows` x `cols` at y (row stride ldy), whose element (0, 0) is
// out(i0, j0).
void epilogue(std::span<const Step> steps, float* y, int64_t ldy, int64_t rows, int64_t cols,
              int64_t i0, int64_t j0) {
  // A row's last < 8 columns as one masked vector, when no operand is read along the row
  // (a full vector of it could reach past its end).
  bool masked_tail =
      std::all_of(steps.begin(), steps.end(), [](const Step& s) { return !s.p || s.s1 == 0; });
  constexpr int64_t kSegment = 512;  // values a step runs over before the next (in L1)
  int64_t full = cols / 8 * 8;
  for (int64_t r0 = 0; r0 < rows; r0 += 8)  // whole vectors: step by step, 8 rows at a time
    for (int64_t j = 0; j < full; j += kSegment)
      for (const Step& s : steps)
        step_block(s, y + r0 * ldy + j, ldy, std::min<int64_t>(8, rows - r0),
                   std::min(kSegment, full - j), i0 + r0, j0 + j);
  if (full == cols) return;
  for (int64_t r = 0; r < rows; ++r) {
    float* row = y + r * ldy;
    int64_t j = full;
    if (masked_tail) {
      __m256 v = _mm256_maskload_ps(row + j, simd::lanes_below(cols - j));
      for (const Step& s : steps) v = apply8(s, v, i0 + r, j0 + j);
      simd::store_first(row + j, v, cols - j);
      continue;
    }
    for (; j < cols; ++j) {
      float v = row[j];
      for (const Step& s : steps) v = apply1(s, v, i0 + r, j0 + j);
      row[j] = v;
    }
  }
}

// Each step of `epi` with its operand's strides over `out`'s dims (0 where it broadcasts).
struct Steps {
  std::vector<Step> steps;
  std::vector<Shape> strides;  // per step: one per dim of out (empty for eltwise steps)
};
Steps steps_for(const char* who, std::span<const Epilogue> epi, std::span<const Tensor> operands,
                const Tensor& out) {
  Steps r;
  int64_t nd = out.dim();
  for (const Epilogue& e : epi) {
    if (!supports(std::span<const Epilogue>(&e, 1)))
      throw Error(fmt::format("{}: epilogue step {} is not supported", who, int(e.op)));
    Step s{e.op, e.alpha, e.beta};
    Shape st;
    if (e.binary()) {
      if (e.operand < 0 || size_t(e.operand) >= operands.size())
        throw Error(fmt::format("{}: epilogue operand {} of {} (output [{}])", who, e.operand,
                                operands.size(), fmt::join(out.shape(), ", ")));
      const Tensor& t = operands[size_t(e.operand)];
      if (t.dim() > nd || t.dtype() != DType::Float32)
        throw Error(fmt::format("{}: epilogue operand {} [{}] for output [{}]", who,
                                name(t.dtype()), fmt::join(t.shape(), ", "),
                                fmt::join(out.shape(), ", ")));
      int64_t off = nd - t.dim();
      st.assign(size_t(nd), 0);
      for (int64_t d = 0; d < t.dim(); ++d) {
        int64_t want = out.shape()[size_t(off + d)], have = t.shape()[size_t(d)];
        if (have != 1 && have != want)
          throw Error(fmt::format("{}: epilogue operand [{}] does not broadcast to [{}]", who,
                                  fmt::join(t.shape(), ", "), fmt::join(out.shape(), ", ")));
        st[size_t(off + d)] = have == 1 ? 0 : t.strides()[size_t(d)];
      }
      s.p = t.data<float>();
    }
    r.steps.push_back(s);
    r.strides.push_back(std::move(st));
  }
  return r;
}

}  // namespace

bool supports(std::span<const Epilogue> steps) {
  for (const Epilogue& e : steps) switch (e.op) {
      case EpiOp::Add:
      case EpiOp::Sub:
      case EpiOp::Mul:
      case EpiOp::Div:
      case EpiOp::Relu:
      case EpiOp::Linear:
      case EpiOp::Abs:
      case EpiOp::Sqrt:
      case EpiOp::Clamp:
        break;
      default:
        return false;
    }
  return true;
}

namespace {
// Panel p (columns [16p, 16p + 16), zeros beyond N) of b's rows [k0, k0 + kc) into d
// [kc][16] (32-byte aligned), b at src with strides sk, sn. With `ahead`, the next panel's
// lines are prefetched into L1 as this one is read (b straight from memory).
void pack_panel(const float* src, int64_t sk, int64_t sn, int64_t N, int64_t k0, int64_t kc,
                int64_t p, float* d, bool ahead) {
  src += k0 * sk;
  if (sn == 1 && (p + 1) * kNR <= N) {  // a full panel of unit-stride rows: 16 at a time
    const float* s = src + p * kNR;
    bool next = ahead && (p + 2) * kNR <= N;
    for (int64_t k = 0; k < kc; ++k) {
      if (next) _mm_prefetch(reinterpret_cast<const char*>(s + k * sk + kNR), _MM_HINT_T0);
      _mm256_store_ps(d + k * kNR, _mm256_loadu_ps(s + k * sk));
      _mm256_store_ps(d + k * kNR + 8, _mm256_loadu_ps(s + k * sk + 8));
    }
    return;
  }
  int64_t k = 0;
  if (sk == 1 && (p + 1) * kNR <= N) {
    // a full panel of unit-stride columns (b = w^T, attention's k^T): 8 k of 8 columns at a
    // time, transposed in registers (B4's eager q @ k^T, [32, 128, 64] @ [32, 64, 128] at 2T
    // through kiln's gemm: 234 -> 215 us, 3 alternating pairs)
    const float* s = src + p * kNR * sn;
    for (; k + 8 <= kc; k += 8)
      for (int64_t h = 0; h < 2; ++h) {
        __m256 r[8];
        for (int64_t i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(s + (h * 8 + i) * sn + k);
        simd::transpose8x8(r);
        for (int64_t i = 0; i < 8; ++i) _mm256_store_ps(d + (k + i) * kNR + h * 8, r[i]);
      }
  }
  for (int64_t c = 0; c < kNR; ++c) {
    int64_t j = p * kNR + c;
    const float* s = src + j * sn;
    for (int64_t kk = k; kk < kc; ++kk) d[kk * kNR + c] = j < N ? s[kk * sk] : 0.f;
  }
}
}  // namespace

Tensor pack(const Tensor& b) {
  if (b.dim() != 2 || b.dtype() != DType::Float32)
    throw Error(fmt::format("gemm::pack: want a float32 matrix, got {} [{}]", name(b.dtype()),
                            fmt::join(b.shape(), ", ")));
  int64_t K = b.shape()[0], N = b.shape()[1];
  Blocking bl = blocking(K);
  int64_t np = panels(N), width = np * kNR;
  Tensor packed = empty({K, width}, DType::Float32);
  const float* src = b.data<float>();
  int64_t sk = b.strides()[0], sn = b.strides()[1];
  float* dst = packed.data<float>();
  parallel_for(np, K * kNR, [&](int64_t p0, int64_t p1) {
    for (int64_t blk = 0; blk < bl.blocks; ++blk) {
      int64_t k0 = blk * bl.kc, kc = std::min(bl.kc, K - k0);
      for (int64_t p = p0; p < p1; ++p)
        pack_panel(src, sk, sn, N, k0, kc, p, dst + k0 * width + p * kc * kNR, false);
    }
  });
  return packed;
}

Tensor pack_rows(const Tensor& a) {
  if (a.dim() != 2 || a.dtype() != DType::Float32)
    throw Error(fmt::format("gemm::pack_rows: want a float32 matrix, got {} [{}]", name(a.dtype()),
                            fmt::join(a.shape(), ", ")));
  int64_t M = a.shape()[0], K = a.shape()[1];
  Tensor packed = empty({M * K}, DType::Float32);
  if (M == 0 || K == 0) return packed;
  Blocking bl = blocking(K);
  int64_t mc = row_block(M, bl);
  const float* src = a.data<float>();
  float* dst = packed.data<float>();
  // sgemm's order: row blocks, then K blocks, each as pack_a leaves it
  for (int64_t i0 = 0; i0 < M; i0 += mc) {
    int64_t rows = std::min(mc, M - i0);
    for (int64_t blk = 0; blk < bl.blocks; ++blk) {
      int64_t k0 = blk * bl.kc, kc = std::min(bl.kc, K - k0);
      pack_a(src + i0 * a.strides()[0] + k0 * a.strides()[1], a.strides()[0], a.strides()[1], rows,
             kc, dst + i0 * K + k0 * rows);
    }
  }
  return packed;
}

namespace {

// b as product() reads it: packed by pack(), or plain (then packed panel by panel).
struct BSource {
  const float* packed = nullptr;
  const float* plain = nullptr;
  int64_t sk = 0, sn = 0;
};

std::atomic<int64_t> taken_over{0};                            // tiles_taken_over()
std::atomic<int64_t> held_share{-1}, held_us{0}, team_cap{0};  // detail:: hooks for tests

// Where the thread of a product's share starts and finishes each step: waits there as
// hold_share_owner() asked. Before its first step (`base`: tiles_taken_over() when the product
// began) it waits until a thread has taken over tiles (of any share: tiles_taken_over()), for at
// most two seconds: a fixed wait failed on a loaded CI host, where the other thread had not yet
// run.
void hold_for_tests(int64_t share, int64_t base = -1) {
  if (held_share.load(std::memory_order_relaxed) != share) return;
  auto us = std::chrono::microseconds(held_us.load(std::memory_order_relaxed));
  if (base < 0) return std::this_thread::sleep_for(us);
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (taken_over.load(std::memory_order_relaxed) == base &&
         std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::microseconds(20));
}

// The calling thread's scratch of at least n floats (64-byte aligned), kept for its next
// product: the threads' packed rows of a and panels of b (allocated before the parallel region:
// nothing may throw inside it). Making them tensors per call cost a 1x1 convolution of a few
// channels ~8 allocations.
float* scratch(size_t n) {
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  thread_local std::unique_ptr<float[], Free> buf;
  thread_local size_t have = 0;
  if (n > have) {
    size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
    buf.reset(static_cast<float*>(std::aligned_alloc(64, bytes)));
    have = buf ? bytes / sizeof(float) : 0;
    if (!buf) throw Error(fmt::format("gemm: cannot allocate {} bytes of scratch", bytes));
  }
  return buf.get();
}

void product(const Tensor& a, BSource b, std::span<const Epilogue> epi,
             std::span<const Tensor> operands, Tensor& out, const Tensor& packed_a);

// The checks common to sgemm and sgemm_unpacked; `b` describes their b for messages.
void check(const char* who, const Tensor& a, const Tensor& b, const Tensor& out,
           const Tensor& packed_a, int64_t b_rows, int64_t b_cols) {
  auto refuse = [&](const std::string& why) {
    return Error(fmt::format("{}: {} (a: {} [{}], b: {} [{}], out: {} [{}])", who, why,
                             name(a.dtype()), fmt::join(a.shape(), ", "), name(b.dtype()),
                             fmt::join(b.shape(), ", "), name(out.dtype()),
                             fmt::join(out.shape(), ", ")));
  };
  if (a.dim() != 2 || out.dim() != 2 || b.dim() != 2 || a.dtype() != DType::Float32 ||
      out.dtype() != DType::Float32 || b.dtype() != DType::Float32)
    throw refuse("want float32 matrices");
  int64_t M = a.shape()[0], K = a.shape()[1], N = out.shape()[1];
  if (out.shape()[0] != M || b.shape()[0] != K || b_rows != K || b_cols != N)
    throw refuse("shapes do not match (b packed for another [K, N]?)");
  if (out.strides()[1] != 1 && N > 1) throw refuse("want unit-stride output rows");
  if (packed_a.defined() && (packed_a.dtype() != DType::Float32 || !packed_a.is_contiguous() ||
                             packed_a.numel() != M * K))
    throw refuse("packed a is not gemm::pack_rows of a");
}

}  // namespace

void sgemm(const Tensor& a, const Tensor& packed_b, std::span<const Epilogue> epi,
           std::span<const Tensor> operands, Tensor& out, const Tensor& packed_a) {
  int64_t N = out.dim() == 2 ? out.shape()[1] : 0;
  int64_t width = panels(N) * kNR;
  // packed b is [K, width]: it matches when its width is N's
  check("gemm::sgemm", a, packed_b, out, packed_a, packed_b.dim() == 2 ? packed_b.shape()[0] : -1,
        packed_b.dim() == 2 && packed_b.shape()[1] == width ? N : -1);
  if (!packed_b.is_contiguous() || reinterpret_cast<uintptr_t>(packed_b.data_ptr()) % 32 != 0)
    throw Error(fmt::format("gemm::sgemm: want b as gemm::pack returns it (b: [{}], strides [{}])",
                            fmt::join(packed_b.shape(), ", "),
                            fmt::join(packed_b.strides(), ", ")));
  product(a, BSource{packed_b.data<float>()}, epi, operands, out, packed_a);
}

void sgemm_unpacked(const Tensor& a, const Tensor& b, std::span<const Epilogue> epi,
                    std::span<const Tensor> operands, Tensor& out, const Tensor& packed_a) {
  check("gemm::sgemm_unpacked", a, b, out, packed_a, b.dim() == 2 ? b.shape()[0] : -1,
        b.dim() == 2 ? b.shape()[1] : -1);
  product(a, BSource{nullptr, b.data<float>(), b.strides()[0], b.strides()[1]}, epi, operands, out,
          packed_a);
}

namespace {

// e over the mr x 16 tile at c (rows ldc apart), whose element (0, 0) is out(i0, j0) and whose
// first nc columns are out's (the residual is read there only).
template <EpiOp Op>
void finish_tile(const TileEpi& e, float* c, int64_t ldc, int mr, int64_t i0, int64_t j0,
                 int64_t nc) {
  __m256i m0 = simd::lanes_below(std::min<int64_t>(nc, 8)),
          m1 = simd::lanes_below(std::max<int64_t>(nc - 8, 0));
  __m256 col0 = _mm256_setzero_ps(), col1 = col0;
  if (e.col) {
    col0 = _mm256_loadu_ps(e.col + j0);
    col1 = _mm256_loadu_ps(e.col + j0 + 8);
  }
  for (int r = 0; r < mr; ++r) {
    float* row = c + r * ldc;
    __m256 x0 = _mm256_add_ps(_mm256_loadu_ps(row), col0);
    __m256 x1 = _mm256_add_ps(_mm256_loadu_ps(row + 8), col1);
    if (e.row) {
      __m256 b = _mm256_broadcast_ss(e.row + (i0 + r) * e.rs);
      x0 = _mm256_add_ps(x0, b);
      x1 = _mm256_add_ps(x1, b);
    }
    if (e.res) {
      const float* q = e.res + (i0 + r) * e.res_s0 + j0;
      x0 = _mm256_add_ps(x0, nc >= 16 ? _mm256_loadu_ps(q) : _mm256_maskload_ps(q, m0));
      x1 = _mm256_add_ps(x1, nc >= 16 ? _mm256_loadu_ps(q + 8) : _mm256_maskload_ps(q + 8, m1));
    }
    _mm256_storeu_ps(row, simd::epilogue_op<Op>(x0, x0, e.alpha, e.beta));
    _mm256_storeu_ps(row + 8, simd::epilogue_op<Op>(x1, x1, e.alpha, e.beta));
  }
}
void finish(const TileEpi& e, float* c, int64_t ldc, int mr, int64_t i0, int64_t j0, int64_t nc) {
  if (e.op == EpiOp::Relu) return finish_tile<EpiOp::Relu>(e, c, ldc, mr, i0, j0, nc);
  if (e.op == EpiOp::Clamp) return finish_tile<EpiOp::Clamp>(e, c, ldc, mr, i0, j0, nc);
  finish_tile<EpiOp::None>(e, c, ldc, mr, i0, j0, nc);
}

// The epilogue as finish() runs it, when it has that form; `cols` receives a column
// bias zero-padded to `width` columns.
std::optional<TileEpi> tile_epilogue(std::span<const Step> steps, int64_t N, int64_t width,
                                     std::vector<float>& cols) {
  TileEpi e;
  size_t i = 0;
  // a value per row or column [, an operand of out's shape whose rows are unit-stride]
  auto full = [](const Step& s) { return s.s0 != 0 && s.s1 == 1; };
  if (i < steps.size() && steps[i].op == EpiOp::Add && steps[i].p && !full(steps[i])) {
    const Step& s = steps[i++];
    if (s.s1 == 0) {
      e.row = s.p;
      e.rs = s.s0;
    } else if (s.s0 == 0) {
      cols.assign(size_t(width), 0.f);
      for (int64_t j = 0; j < N; ++j) cols[size_t(j)] = s.p[j * s.s1];
      e.col = cols.data();
    } else {
      return std::nullopt;
    }
  }
  if (i < steps.size() && steps[i].op == EpiOp::Add && steps[i].p && full(steps[i])) {
    e.res = steps[i].p;
    e.res_s0 = steps[i].s0;
    ++i;
  }
  if (i < steps.size() && !steps[i].p &&
      (steps[i].op == EpiOp::Relu || steps[i].op == EpiOp::Clamp)) {
    e.op = steps[i].op;
    e.alpha = steps[i].alpha;
    e.beta = steps[i].beta;
    ++i;
  }
  if (i == 0 || i != steps.size()) return std::nullopt;
  return e;
}

// One product as pointers: a [M, K] (its element (i, k) at A[i * sa0 + k * sa1]), b [K, N], c
// [M, N] (rows ldc apart, unit-stride), and a's rows packed by pack_rows() (or null).
struct Product {
  const float* A;
  int64_t sa0, sa1, M, K;
  BSource b;
  float* C;
  int64_t ldc, N;
  const float* PA = nullptr;
};

// c = steps(a @ b), each step's operand (if any) at its p, element (i, j) at p[i * s0 + j * s1].
void run_product(const Product& pr, std::span<const Step> steps) {
  const int64_t M = pr.M, K = pr.K, N = pr.N, sa0 = pr.sa0, sa1 = pr.sa1, ldc = pr.ldc;
  const float* A = pr.A;
  const BSource& b = pr.b;
  const float* B = b.packed;
  float* C = pr.C;
  Blocking bl = blocking(K);
  int64_t np = panels(N), width = np * kNR;
  if (M == 0 || N == 0) return;
  if (K == 0) {  // an empty sum: the epilogue of zeros
    for (int64_t i = 0; i < M; ++i) {
      std::fill_n(C + i * ldc, N, 0.f);
      epilogue(steps, C + i * ldc, ldc, 1, N, i, 0);
    }
    return;
  }
  int64_t mc = row_block(M, bl);
  thread_local std::vector<float> col_bias;  // (not per call: sgemm_batched's products)
  std::optional<TileEpi> in_tiles = tile_epilogue(steps, N, width, col_bias);
  const TileEpi* te = in_tiles ? &*in_tiles : nullptr;
  // each thread's packed rows of a (allocated here: nothing may throw inside the region); one
  // when called inside a parallel region (the loop then runs inline on the caller's thread)
  // A product of fewer than ~256K flops runs on the calling thread: forking the team and
  // joining it (~1-1.5 us on the 2-core guest) costs more than splitting it saves (a 1x1
  // convolution over a 4x4 plane, [16, 32] @ [32, 64], is 65K flops: bench/step_cost.py).
  constexpr int64_t kInlineFlops = int64_t(1) << 18;
  int threads = omp_in_parallel() || 2 * M * K * N < kInlineFlops ? 1 : num_threads();
  const float* PA = pr.PA;
  const bool wide = wide_tiles();
  const int64_t pw = wide ? 2 : 1;
  // With at most four tiles of columns (N <= 128 with AVX-512 tiles, else 64), the tiles read
  // a's unit-stride rows as they are (its elements broadcast from up to 14 rows, K apart),
  // where packing them costs more than the few re-reads it saves. At 1T, a 1x1 convolution to
  // few channels, channels-last, [3136, 144] @ [144, 24] with a residual: 0.28 -> 0.18 ms;
  // [196, 576] @ [576, 96] 0.13 -> 0.11; [32, 128] @ [128, 128] 6.3 -> 5.3 us. With more
  // columns it no longer pays: [64, 2048] @ [2048, 2048] is 5% slower read as it is. With one
  // K block, each AVX-512 tile prefetches the next row group's rows into L1 (a from L2 or
  // memory: 32 [128, 128] @ [128, 64] products one after another at 1T, 0.55 -> 0.50 ms).
  const bool by_rows = !PA && sa1 == 1 && np <= 4 * pw;
  int64_t abuf_n = PA || by_rows ? 0 : (threads * mc * bl.kc + 15) / 16 * 16;  // (b's aligned)
  // and, for a plain b, each thread's chunk of panels (~16 KB: in L1). The tiles then go row
  // group by row group over the chunk, each writing its rows' 16 * chunk columns (with a
  // short K the product is as fast as its stores; a panel at a time, for all rows, wrote
  // 64 bytes into each of M rows, and a 1x1 convolution [96, 16] @ [16, 12544] ran 2x slower
  // than dnnl_sgemm). A packed b (weights, from memory) goes a panel at a time.
  // With AVX-512 a tile is a group of up to 14 rows by two panels (32 columns), or the last one.
  int64_t chunk = B ? pw : std::max(pw, kPlainChunkBytes / (bl.kc * kNR * 4) / pw * pw);
  int64_t pbuf_n = B ? 0 : threads * chunk * bl.kc * kNR;
  float* abufs_p = scratch(size_t(abuf_n + pbuf_n));
  float* pbufs_p = abufs_p + abuf_n;
  // With a packed b and the columns split among threads, the threads share the work by
  // stealing. The product is a sequence of steps (each block of rows by each K block), each over
  // the same tiles of columns (chunk panels each). A thread starts with an equal share of the
  // tiles and claims them in order, step by step; a thread done with its share takes the back
  // part of another's unclaimed tiles of that step, and the same tiles in every later step (a
  // tile's steps must run in order: each adds to what the step before wrote), packing its own
  // a for each step it reaches. Equal shares did not finish together on this guest: one
  // thread finished 15-30 us after the other per [64, 2048] @ [2048, 2048] at 2T (~850 us),
  // far more when the host ran something else on its core for a while, and the other waited.
  struct alignas(64) Share {
    // gen (8 bits) | step (12) | next (22) | end (22): tiles [next, end) of `step` unclaimed,
    // and [start, end) of each step after it (gen changes with each new share of the slot:
    // a thief's compare-and-swap then fails rather than cut a share read before)
    std::atomic<uint64_t> word;
    std::atomic<int64_t> start;
  };
  struct Claim {
    uint64_t gen, step, next, end;
    static Claim of(uint64_t w) {
      return {w >> 56, w >> 44 & 0xfff, w >> 22 & 0x3fffff, w & 0x3fffff};
    }
    uint64_t word() const { return gen << 56 | step << 44 | next << 22 | end; }
  };
  thread_local std::unique_ptr<Share[]> shares_buf;
  thread_local int64_t shares_n = 0;
  // Rows [i0, i0 + gr's rows), K block blk (a packed at apack), column panels [c0, c1) of a
  // range ending at p1, on the calling thread.
  auto columns = [&](int64_t i0, const Groups& gr, int64_t blk, const float* apack, float* pbuf,
                     float* tmp, int64_t c0, int64_t c1, int64_t p1) {
    int64_t k0 = blk * bl.kc, kc = std::min(bl.kc, K - k0);
    bool first = blk == 0, last = blk + 1 == bl.blocks;
    const float* block = B ? B + k0 * width : nullptr;
    if (!B)
      for (int64_t p = c0; p < c1; ++p)
        pack_panel(b.plain, b.sk, b.sn, N, k0, kc, p, pbuf + (p - c0) * kc * kNR, p + 1 < p1);
    for (int64_t gi = 0; gi < gr.n; ++gi) {
      int64_t g = gr.start(gi);
      int mr = int(gr.rows_of(gi));
      const float* ap = apack + g * (by_rows ? sa0 : kc);
      int64_t size = kc * kNR;
      for (int64_t p = c0, w; p < c1; p += w) {
        w = std::min(pw, c1 - p);  // panels in this tile
        const float* panel = B ? block + p * size : pbuf + (p - c0) * size;
        int64_t j0 = p * kNR, cols = w * kNR, nc = std::min(cols, N - j0);
        float* dst = C + (i0 + g) * ldc + j0;
        float* t = dst;
        int64_t ld = ldc;
        if (nc < cols) {  // the last, partial panel: through a full-width buffer
          t = tmp;
          ld = cols;
          if (!first)
            for (int r = 0; r < mr; ++r) std::copy_n(dst + r * ldc, nc, tmp + r * cols);
        }
        // Prefetch (see the top; measured at 1T for [64, 2048] @ [2048, 2048] on Zen 2:
        // neither 72 GFLOP/s; the first group into L2 79; and the last into L1 84-87; the
        // L2 prefetch spread over four groups 90-93). A plain b's panels are in L1.
        int hint = 0;
        const float *next = nullptr, *end = nullptr;
        int64_t span = w * size;
        const float* lim = B ? block + p1 * size : nullptr;  // this thread's panels
        if (!B) {
        } else if (gi == gr.n - 1 && (gr.n > 1 || w == 1)) {
          // (not a pair: 32 KB more in L1 beside the pair in use, 1-3% slower at 2T; a single
          // group's pairs are prefetched into L2 as a first group's are, below: with none,
          // [4, 2048] @ [2048, 2048] packed took 0.69-0.81 ms at 1T, 0.34-0.42 with, [14, 2048]
          // 1.59-1.69 and 1.13-1.31; into L1, the next pair: 0.54-0.57 and 1.19-1.26)
          if (p + w < p1 && w == 1) hint = 2, next = panel + span, end = std::min(next + span, lim);
        } else if (gr.n > 4) {
          int64_t quarter = (kc + 3) / 4 * kNR * w;
          if (gi < 4 && p + 2 * w < p1)
            hint = 1, next = panel + 2 * span + gi * quarter, end = std::min(panel + 3 * span, lim);
        } else if (gi == 0 && p + 2 * w < p1) {
          hint = 3, next = panel + 2 * span, end = std::min(next + span, lim);
        }
        // The tile's output rows: their lines arrive while it computes, where its stores
        // (and loads, after the first K block) would wait for them at the end (at 1T,
        // [1024, 256] @ [256, 768]: 75-78 -> 88-90 GFLOP/s; skinny products unchanged).
        for (int r = 0; r < mr; ++r) {
          _mm_prefetch(reinterpret_cast<const char*>(t + r * ld), _MM_HINT_T0);
          _mm_prefetch(reinterpret_cast<const char*>(t + r * ld + cols - 1), _MM_HINT_T0);
        }
        if (wide && by_rows) {
          // the next group's rows, when there is one and they are all of a's columns
          bool pf = gi + 1 < gr.n && kc == K && sa0 <= 2 * K;
          const float* nx = pf ? ap + mr * sa0 : nullptr;
          kRowTiles512[w - 1][pf][mr](kc, ap, sa0, panel, t, ld, !first, nx,
                                      pf ? nx + gr.rows_of(gi + 1) * sa0 : nullptr);
        } else if (wide) {
          kTiles512[w - 1][hint][mr](kc, ap, 0, panel, t, ld, !first, next, end);
        } else {  // 256-bit tiles of at most 6 of the group's rows
          for (int r0 = 0; r0 < mr; r0 += kMR) {
            int n = std::min(kMR, mr - r0);
            if (by_rows)
              kRowTiles[n](kc, ap + r0 * sa0, sa0, panel, t + r0 * ld, ld, !first, nullptr,
                           nullptr);
            else
              kTiles[r0 ? 0 : hint][n](kc, ap + r0, mr, panel, t + r0 * ld, ld, !first, next, end);
          }
        }
        if (last && te)
          for (int64_t q = 0; q < w; ++q)
            finish(*te, t + q * kNR, ld, mr, i0 + g, j0 + q * kNR, nc - q * kNR);
        if (last && B && !te && !steps.empty()) epilogue(steps, t, ld, mr, nc, i0 + g, j0);
        if (nc < cols)
          for (int r = 0; r < mr; ++r) std::copy_n(tmp + r * cols, nc, dst + r * ldc);
      }
      // A plain b's chunk: the epilogue over the row group's columns at once, still in L1
      // (per 6x16 tile its calls cost as much as the tiles when K is short).
      if (last && !B && !te && !steps.empty()) {
        int64_t j0 = c0 * kNR;
        epilogue(steps, C + (i0 + g) * ldc + j0, ldc, mr, std::min(N, c1 * kNR) - j0, i0 + g, j0);
      }
    }
  };
  // Rows [i0, i0 + rows) of a over K block blk as the tiles read them (packed into abuf)
  auto a_block = [&](int64_t i0, int64_t rows, int64_t blk, float* abuf) -> const float* {
    int64_t k0 = blk * bl.kc, kc = std::min(bl.kc, K - k0);
    if (PA) return PA + i0 * K + k0 * rows;
    if (by_rows) return A + i0 * sa0 + k0;
    pack_a(A + i0 * sa0 + k0 * sa1, sa0, sa1, rows, kc, abuf);
    return abuf;
  };
  // Rows [r0, r1) by panels [p0, p1) on the calling thread.
  auto run = [&](int64_t r0, int64_t r1, int64_t p0, int64_t p1) {
    int thread = std::min(omp_get_thread_num(), threads - 1);
    float* abuf = PA || by_rows ? nullptr : abufs_p + thread * mc * bl.kc;
    float* pbuf = B ? nullptr : pbufs_p + thread * chunk * bl.kc * kNR;
    alignas(64) float tmp[kMR512 * 2 * kNR];
    for (int64_t i0 = r0; i0 < r1; i0 += mc) {
      int64_t rows = std::min(mc, r1 - i0);
      Groups gr(rows);
      for (int64_t blk = 0; blk < bl.blocks; ++blk) {
        const float* apack = a_block(i0, rows, blk, abuf);
        for (int64_t c0 = p0; c0 < p1; c0 += chunk)
          columns(i0, gr, blk, apack, pbuf, tmp, c0, std::min(p1, c0 + chunk), p1);
      }
    }
  };
  // Slot `slot`'s share of the steps' tiles (a packed b, the columns split), then what it
  // takes from the others' (n shares, nsteps steps).
  auto shared = [&](int64_t slot, Share* shares, int64_t n, int64_t nsteps, int64_t base) {
    int thread = std::min(omp_get_thread_num(), threads - 1);
    float* abuf = PA || by_rows ? nullptr : abufs_p + thread * mc * bl.kc;
    alignas(64) float tmp[kMR512 * 2 * kNR];
    Share& mine = shares[slot];
    int64_t have = -1;  // the step whose rows of a apack holds
    const float* apack = nullptr;
    bool taken = false;  // the share came from another slot
    hold_for_tests(slot, base);
    for (;;) {
      uint64_t w = mine.word.load(std::memory_order_acquire);
      Claim x = Claim::of(w);
      if (x.next < x.end) {  // the share's next tiles of this step: a quarter of what is left
        // (a compare-and-swap per tile waited each time for the tile's stores to drain: 3-4%
        // of B3's MLP at 2T)
        Claim y = x;
        y.next += std::max<uint64_t>(1, (x.end - x.next) / 4);
        if (!mine.word.compare_exchange_weak(w, y.word(), std::memory_order_acq_rel)) continue;
        int64_t step = int64_t(x.step), blk = step % bl.blocks, i0 = step / bl.blocks * mc;
        int64_t rows = std::min(mc, M - i0);
        if (have != step) apack = a_block(i0, rows, blk, abuf), have = step;
        Groups gr(rows);
        for (int64_t t = int64_t(x.next); t < int64_t(y.next); ++t) {
          int64_t c0 = t * chunk;
          columns(i0, gr, blk, apack, nullptr, tmp, c0, std::min(np, c0 + chunk),
                  std::min(np, int64_t(x.end) * chunk));
        }
        if (taken) taken_over.fetch_add(int64_t(y.next - x.next), std::memory_order_relaxed);
        continue;
      }
      if (int64_t(x.step) + 1 < nsteps) {  // this step's tiles are written: on to the next
        Claim y{x.gen, x.step + 1, uint64_t(mine.start.load(std::memory_order_relaxed)), x.end};
        if (!mine.word.compare_exchange_weak(w, y.word(), std::memory_order_acq_rel)) continue;
        if (!taken) hold_for_tests(slot);
        continue;
      }
      // The share is done: take the back part of the share with the most work left, cut so
      // that both keep as much (its unclaimed tiles of this step, its tiles of later steps).
      bool left = false;
      int64_t best = -1, most = 0;
      uint64_t bw = 0;
      Claim cut{};
      for (int64_t o = 0; o < n; ++o) {
        if (o == slot) continue;
        uint64_t ow = shares[o].word.load(std::memory_order_acquire);
        Claim c = Claim::of(ow);
        int64_t start = shares[o].start.load(std::memory_order_relaxed);
        if (c.next >= c.end && (int64_t(c.step) + 1 >= nsteps || start >= int64_t(c.end)))
          continue;  // all claimed
        left = true;
        int64_t later = nsteps - 1 - int64_t(c.step), next = int64_t(c.next), end = int64_t(c.end);
        int64_t at =
            std::clamp((end * (later + 1) + next + later * start) / (2 * (later + 1)), next, end);
        if ((end - at) * (later + 1) > most) {
          most = (end - at) * (later + 1);
          best = o, bw = ow, cut = c;
          cut.end = uint64_t(at);
        }
      }
      // Nothing to take but a share between two steps: the thread running it (a share is
      // between steps only once its thread has claimed a whole step) moves it on at once. (A
      // share not started yet, in a smaller team than shares, is taken whole: then empty.)
      if (!left) return;
      if (best < 0) {
        _mm_pause();
        continue;
      }
      uint64_t end = Claim::of(bw).end;
      if (!shares[best].word.compare_exchange_strong(bw, cut.word(), std::memory_order_acq_rel))
        continue;
      mine.start.store(int64_t(cut.end), std::memory_order_relaxed);
      mine.word.store(Claim{(x.gen + 1) & 0xff, cut.step, cut.end, end}.word(),
                      std::memory_order_release);
      taken = true;
    }
  };
  // The threads split the columns (each packs all of a), or, for a product much taller than
  // wide (a channels-last 1x1 convolution: [H * W, C] @ [C, O]; a classifier head), the rows
  // in equal ranges, each thread packing only its own and cutting them into balanced groups.
  // (In whole 14-row groups, B3's [64, 2048] @ [2048, 10] split 28 / 36 rows: 14.4-14.9 ->
  // 11.9-12.1 us at 2T as 32 / 32, [70, 1024] @ [1024, 20] 28 / 42 rows 13.6-14.1 -> 11.3;
  // taller ones the same.) (pack_rows() lays a out in row blocks from row 0: a packed a is read
  // with the columns split.) Packing a once for all threads, its blocks split among them, before
  // the product, was 1-2% slower at [64, 2048] @ [2048, 2048] at 2T (6 alternating pairs): each
  // thread's own copy stays in its cache.
  int64_t g = group_rows(), units = (M + g - 1) / g;
  int64_t tiles = (np + chunk - 1) / chunk, nsteps = (M + mc - 1) / mc * bl.blocks;
  if (threads == 1)
    run(0, M, 0, np);
  else if (!PA && M >= 2 * N && units >= 2 * threads)
    parallel_for(M, K * width * 2, [&](int64_t r0, int64_t r1) { run(r0, r1, 0, np); });
  else if (!B || tiles < 2 || nsteps > 0xfff || tiles > 0x3fffff)
    parallel_for(np, M * K * kNR * 2, [&](int64_t p0, int64_t p1) { run(0, M, p0, p1); });
  else {
    int64_t n = std::min<int64_t>(threads, tiles);
    if (shares_n < n) {
      shares_buf = std::make_unique<Share[]>(size_t(n));
      shares_n = n;
    }
    Share* shares = shares_buf.get();
    for (int64_t c = 0; c < n; ++c) {
      int64_t t0 = tiles * c / n, t1 = tiles * (c + 1) / n;
      shares[c].start.store(t0, std::memory_order_relaxed);
      shares[c].word.store(Claim{0, 0, uint64_t(t0), uint64_t(t1)}.word(),
                           std::memory_order_relaxed);
    }
    int64_t cap = team_cap.load(std::memory_order_relaxed),
            base = taken_over.load(std::memory_order_relaxed);
#pragma omp parallel for num_threads(int(cap > 0 ? std::min(cap, n) : n)) schedule(static, 1)
    for (int64_t c = 0; c < n; ++c) shared(c, shares, n, nsteps, base);
  }
}

void product(const Tensor& a, BSource b, std::span<const Epilogue> epi,
             std::span<const Tensor> operands, Tensor& out, const Tensor& packed_a) {
  int64_t M = a.shape()[0], N = out.shape()[1];
  Steps prepared = steps_for("gemm::sgemm", epi, operands, out);
  std::vector<Step>& steps = prepared.steps;
  for (size_t i = 0; i < steps.size(); ++i)
    if (steps[i].p) {
      steps[i].s0 = prepared.strides[i][0];
      steps[i].s1 = prepared.strides[i][1];
    }
  run_product(
      {a.data<float>(), a.strides()[0], a.strides()[1], M, a.shape()[1], b, out.data<float>(),
       M == 1 ? N : out.strides()[0], N, packed_a.defined() ? packed_a.data<float>() : nullptr},
      steps);
}

}  // namespace

int64_t tiles_taken_over() { return taken_over.load(std::memory_order_relaxed); }

namespace detail {
void hold_share_owner(int64_t share, int64_t us) {
  held_us.store(us, std::memory_order_relaxed);
  held_share.store(share, std::memory_order_relaxed);
}
void cap_team(int64_t threads) { team_cap.store(threads, std::memory_order_relaxed); }
}  // namespace detail

void sgemm_views(const float* a, int64_t sa0, int64_t sa1, int64_t M, int64_t K,
                 const Tensor& packed_b, std::span<const Epilogue> epi,
                 std::span<const OperandView> operands, float* out, int64_t ldc, int64_t N) {
  int64_t width = panels(N) * kNR;
  if (packed_b.dtype() != DType::Float32 || packed_b.dim() != 2 || packed_b.shape()[0] != K ||
      packed_b.shape()[1] != width || !packed_b.is_contiguous() ||
      reinterpret_cast<uintptr_t>(packed_b.data_ptr()) % 32 != 0)
    throw Error(
        fmt::format("gemm::sgemm_views: want b as gemm::pack returns it for [{}, {}] "
                    "(b: {} [{}])",
                    K, N, name(packed_b.dtype()), fmt::join(packed_b.shape(), ", ")));
  // the steps on the stack (a convolution has its bias, a residual and an activation)
  SmallBuffer<Step, 8> steps(epi.size());
  for (size_t i = 0; i < epi.size(); ++i) {
    const Epilogue& e = epi[i];
    if (!supports(std::span<const Epilogue>(&e, 1)))
      throw Error(fmt::format("gemm::sgemm_views: epilogue step {} is not supported", int(e.op)));
    steps[i] = {e.op, e.alpha, e.beta};
    if (e.binary()) {
      if (e.operand < 0 || size_t(e.operand) >= operands.size())
        throw Error(fmt::format("gemm::sgemm_views: epilogue operand {} of {}", e.operand,
                                operands.size()));
      const OperandView& v = operands[size_t(e.operand)];
      steps[i].p = v.p;
      steps[i].s0 = v.s0;
      steps[i].s1 = v.s1;
    }
  }
  run_product({a, sa0, sa1, M, K, BSource{packed_b.data<float>()}, out, M == 1 ? N : ldc, N},
              steps.span());
}

namespace {
// y[i * ys] = <rows[i * rs ...], x> for i in [0, n), x contiguous of length K. One row at a time
// with 32 independent lanes (vectorised by the compiler) streams the matrix at the cache's
// speed, faster than dnnl_sgemm's matrix-vector kernels (B3 batch 1 at one thread: 0.98 -> 0.58
// ms, see bench/RESULTS.md; two rows at a time was twice as slow) and than this file's packed
// product on one row of a (its 1x32 tile: B3 batch 1 compiled 0.78 -> 0.59 ms at 1T).
void gemv_rows(const float* rows, int64_t rs, int64_t n, const float* x, int64_t K, float* y,
               int64_t ys) {
  constexpr int64_t L = 32;
  parallel_for(n, K, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) {
      const float* p = rows + i * rs;
      float lanes[L] = {};
      int64_t k = 0;
      for (; k + L <= K; k += L)
        for (int64_t j = 0; j < L; ++j) lanes[j] += p[k + j] * x[k + j];
      float s = 0;
      for (; k < K; ++k) s += p[k] * x[k];
      for (int64_t j = 0; j < L; ++j) s += lanes[j];
      y[i * ys] = s;
    }
  });
}
}  // namespace

bool gemv(int64_t M, int64_t N, int64_t K, const float* a, int64_t sa0, int64_t sa1, const float* b,
          int64_t sb0, int64_t sb1, float* c, int64_t ldc) {
  const float *rows, *x;
  int64_t rs, xs, n, ys;
  if (M == 1 && sb0 == 1) {
    rows = b, rs = sb1, n = N, x = a, xs = sa1, ys = 1;
  } else if (N == 1 && sa1 == 1) {
    rows = a, rs = sa0, n = M, x = b, xs = sb0, ys = ldc;
  } else {
    return false;
  }
  std::vector<float> dense;
  if (xs != 1) {
    dense.resize(size_t(K));
    for (int64_t k = 0; k < K; ++k) dense[size_t(k)] = x[k * xs];
    x = dense.data();
  }
  gemv_rows(rows, rs, n, x, K, c, ys);
  return true;
}

void sgemm_plain(const float* a, int64_t sa0, int64_t sa1, int64_t M, int64_t K, const float* b,
                 int64_t sk, int64_t sn, int64_t N, float* c, int64_t ldc) {
  run_product({a, sa0, sa1, M, K, BSource{nullptr, b, sk, sn}, c, M == 1 ? N : ldc, N}, {});
}

void sgemm_batched(const Tensor& a, const Tensor& b, std::span<const Epilogue> epi,
                   std::span<const Tensor> operands, Tensor& out) {
  auto refuse = [&](const std::string& why) {
    return Error(fmt::format("gemm::sgemm_batched: {} (a: {} [{}], b: {} [{}], out: {} [{}])", why,
                             name(a.dtype()), fmt::join(a.shape(), ", "), name(b.dtype()),
                             fmt::join(b.shape(), ", "), name(out.dtype()),
                             fmt::join(out.shape(), ", ")));
  };
  const size_t r = size_t(out.dim());
  if (r < 2 || a.dim() < 2 || b.dim() < 2 || size_t(a.dim()) > r || size_t(b.dim()) > r ||
      a.dtype() != DType::Float32 || b.dtype() != DType::Float32 || out.dtype() != DType::Float32)
    throw refuse("want float32 tensors of rank 2 or more, none of higher rank than out");
  const size_t nb = r - 2;
  const int64_t M = out.shape()[nb], N = out.shape()[nb + 1], K = a.shape().back();
  if (a.shape()[size_t(a.dim()) - 2] != M || b.shape()[size_t(b.dim()) - 2] != K ||
      b.shape().back() != N)
    throw refuse("shapes do not match");
  if (out.strides()[nb + 1] != 1 && N > 1) throw refuse("want unit-stride output rows");
  // a's and b's strides over out's batch dims (0 where they broadcast)
  auto batch_strides = [&](const Tensor& t) {
    Shape st(nb, 0);
    size_t off = r - size_t(t.dim());
    for (size_t d = 0; d + 2 < size_t(t.dim()); ++d) {
      int64_t have = t.shape()[d], want = out.shape()[off + d];
      if (have != 1 && have != want) throw refuse("batch dims do not broadcast to out's");
      st[off + d] = have == 1 ? 0 : t.strides()[d];
    }
    return st;
  };
  const Shape as = batch_strides(a), bs = batch_strides(b);
  Steps prepared = steps_for("gemm::sgemm_batched", epi, operands, out);
  int64_t nbatch = 1;
  for (size_t d = 0; d < nb; ++d) nbatch *= out.shape()[d];
  if (nbatch == 0 || M == 0 || N == 0) return;
  const float* A = a.data<float>();
  const float* B = b.data<float>();
  float* C = out.data<float>();
  const int64_t sa0 = a.strides()[size_t(a.dim()) - 2], sa1 = a.strides().back();
  const int64_t sk = b.strides()[size_t(b.dim()) - 2], sn = b.strides().back();
  const int64_t ldc = M == 1 ? N : out.strides()[nb];
  // Product i: its offset along `st` (strides over out's batch dims, then any more).
  auto offset = [&](int64_t i, const Shape& st) {
    int64_t o = 0;
    for (size_t d = nb; d-- > 0;) {
      o += i % out.shape()[d] * st[d];
      i /= out.shape()[d];
    }
    return o;
  };
  auto one = [&](int64_t i, std::vector<Step>& steps) {
    for (size_t j = 0; j < steps.size(); ++j)
      if (const Shape& st = prepared.strides[j]; prepared.steps[j].p) {
        steps[j].p = prepared.steps[j].p + offset(i, st);
        steps[j].s0 = st[nb];
        steps[j].s1 = st[nb + 1];
      }
    run_product({A + offset(i, as), sa0, sa1, M, K, BSource{nullptr, B + offset(i, bs), sk, sn},
                 C + offset(i, out.strides()), ldc, N},
                steps);
  };
  // Whole products per thread (each then runs on its thread), when there are enough of them to
  // share evenly (as many as threads, a multiple, or at least two each: 5 on 2 threads is 3
  // and 2): attention's [32, 128, 64] @ [32, 64, 128], where splitting each product's 128
  // columns across the threads was slower.
  const int64_t threads = num_threads();
  if (threads > 1 && (nbatch % threads == 0 || nbatch >= 2 * threads) && !omp_in_parallel()) {
    parallel_for_rethrow(nbatch, M * N * K * 2, [&](int64_t i0, int64_t i1) {
      std::vector<Step> steps = prepared.steps;
      for (int64_t i = i0; i < i1; ++i) one(i, steps);
    });
  } else {
    std::vector<Step> steps = prepared.steps;
    for (int64_t i = 0; i < nbatch; ++i) one(i, steps);
  }
}

Bound::Bound(std::span<const Epilogue> steps, std::span<const Tensor> operands, const Tensor& out)
    : out_shape_(out.shape()) {
  Steps prepared = steps_for("gemm::Bound", steps, operands, out);
  for (size_t i = 0; i < prepared.steps.size(); ++i) {
    const Step& st = prepared.steps[i];
    steps_.push_back({st.op, st.alpha, st.beta, st.p, std::move(prepared.strides[i])});
  }
}

std::optional<Epilogue> Bound::single_eltwise() const {
  if (steps_.size() != 1 || steps_[0].p) return std::nullopt;
  return Epilogue{steps_[0].op, steps_[0].alpha, steps_[0].beta};
}

void Bound::apply(const int64_t* index, size_t row_dim, float* y, int64_t ldy, int64_t rows,
                  int64_t cols) const {
  // (called inside parallel regions: nothing here allocates or throws; longer chains go 16
  // steps at a time, in order)
  size_t nd = out_shape_.size();
  for (size_t first = 0; first < steps_.size(); first += 16) {
    size_t n = std::min<size_t>(16, steps_.size() - first);
    Step row[16];
    // Rows one after another, in out and in every operand, are one long row.
    bool merge = ldy == cols;
    for (size_t s = 0; s < n; ++s) {
      const BoundStep& b = steps_[first + s];
      row[s] = Step{b.op, b.alpha, b.beta, b.p};
      if (!b.p) continue;
      for (size_t d = 0; d < nd; ++d) row[s].p += index[d] * b.strides[d];
      row[s].s0 = b.strides[row_dim];
      row[s].s1 = b.strides[nd - 1];
      merge = merge && row[s].s0 == cols * row[s].s1;
    }
    epilogue(std::span<const Step>(row, n), y, ldy, merge ? 1 : rows, merge ? rows * cols : cols, 0,
             0);
  }
}

void apply(std::span<const Epilogue> epi, std::span<const Tensor> operands, Tensor& out) {
  if (out.dtype() != DType::Float32)
    throw Error(fmt::format("gemm::apply: want a float32 output, got {} [{}]", name(out.dtype()),
                            fmt::join(out.shape(), ", ")));
  Steps prepared = steps_for("gemm::apply", epi, operands, out);
  if (epi.empty() || out.numel() == 0) return;
  // out's dims from the smallest stride out (its channels when channels-last), without size-1
  // dims, a dim merged into the one inside it wherever out and every operand step over the
  // two as over one (a dense output with per-channel operands is [rows, channels]; with no
  // operands, one flat run). dims[0] is the innermost: the columns.
  size_t ns = prepared.steps.size();
  struct Dim {
    int64_t size, ys;
    std::vector<int64_t> ps;  // per step: its operand's stride along the dim
  };
  std::vector<Dim> dims;
  const Shape &shape = out.shape(), &strides = out.strides();
  auto op_stride = [&](size_t s, size_t d) {
    return prepared.strides[s].empty() ? int64_t(0) : prepared.strides[s][d];
  };
  std::vector<int64_t> order = out.dim() ? dims_by_stride(strides) : std::vector<int64_t>{};
  for (size_t k = order.size(); k-- > 0;) {
    size_t d = size_t(order[k]);
    if (shape[d] == 1) continue;
    if (!dims.empty()) {
      Dim& in = dims.back();
      bool merges = strides[d] == in.ys * in.size;
      for (size_t s = 0; s < ns && merges; ++s) merges = op_stride(s, d) == in.ps[s] * in.size;
      if (merges) {
        in.size *= shape[d];
        continue;
      }
    }
    Dim nd{shape[d], strides[d], std::vector<int64_t>(ns)};
    for (size_t s = 0; s < ns; ++s) nd.ps[s] = op_stride(s, d);
    dims.push_back(std::move(nd));
  }
  while (dims.size() < 2) dims.push_back({1, 0, std::vector<int64_t>(ns)});
  // Work in blocks of up to 8 rows (dims[1]) by kCols columns (dims[0]), for each index of
  // the outer dims.
  constexpr int64_t kCols = 4096;
  const Dim &col = dims[0], &row = dims[1];
  int64_t col_blocks = (col.size + kCols - 1) / kCols, row_blocks = (row.size + 7) / 8;
  int64_t blocks = col_blocks * row_blocks;
  for (size_t k = 2; k < dims.size(); ++k) blocks *= dims[k].size;
  float* base = out.data<float>();
  int threads = num_threads();
  // each thread's steps (allocated here: nothing may throw inside the region)
  std::vector<Step> thread_steps(size_t(threads) * ns);
  int64_t cost = 8 * std::min(col.size, kCols) * int64_t(ns);
  parallel_for(blocks, cost, [&](int64_t b0, int64_t b1) {
    std::span<Step> st(thread_steps.data() + std::min(omp_get_thread_num(), threads - 1) * ns, ns);
    for (int64_t b = b0; b < b1; ++b) {
      int64_t cb = b % col_blocks, rest = b / col_blocks, rb = rest % row_blocks;
      rest /= row_blocks;
      int64_t j0 = cb * kCols, i0 = rb * 8;
      int64_t yoff = i0 * row.ys + j0 * col.ys;
      std::copy(prepared.steps.begin(), prepared.steps.end(), st.begin());
      for (size_t s = 0; s < ns; ++s) {
        st[s].s0 = st[s].p ? row.ps[s] : 0;
        st[s].s1 = st[s].p ? col.ps[s] : 0;
        if (st[s].p) st[s].p += i0 * row.ps[s] + j0 * col.ps[s];
      }
      for (size_t k = 2; k < dims.size(); ++k) {
        int64_t at = rest % dims[k].size;
        rest /= dims[k].size;
        yoff += at * dims[k].ys;
        for (size_t s = 0; s < ns; ++s)
          if (st[s].p) st[s].p += at * dims[k].ps[s];
      }
      int64_t rows = std::min<int64_t>(8, row.size - i0), cols = std::min(kCols, col.size - j0);
      float* y = base + yoff;
      if (col.ys == 1) {
        epilogue(st, y, row.ys, rows, cols, 0, 0);
        continue;
      }
      for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j) {
          float& v = y[i * row.ys + j * col.ys];
          for (const Step& s : st) v = apply1(s, v, i, j);
        }
    }
  });
}

}  // namespace kiln::gemm
