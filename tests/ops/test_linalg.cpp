// matmul (every rank combination, transposed operands, broadcasting), conv2d and pools
// against naive loops.
#include <fmt/format.h>

#include "ops/reference.h"

using namespace kiln;

namespace {
// Naive [M,K] x [K,N] in double.
Tensor naive_mm(const Tensor& a, const Tensor& b) {
  int64_t M = a.shape()[0], K = a.shape()[1], N = b.shape()[1];
  auto av = a.tolist<double>(), bv = b.tolist<double>();
  std::vector<double> c(size_t(M * N), 0.0);
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j)
      for (int64_t k = 0; k < K; ++k) c[i * N + j] += av[i * K + k] * bv[k * N + j];
  return tensor(c, {M, N});
}
// The same values in channels-last (NHWC) memory.
Tensor nhwc(const Tensor& x) { return x.permute({0, 2, 3, 1}).contiguous().permute({0, 3, 1, 2}); }
bool nhwc_strides(const Tensor& t) {  // size-1 dims take any stride
  const Shape& s = t.shape();
  Shape want{s[1] * s[2] * s[3], 1, s[3] * s[1], s[1]};
  for (size_t d = 0; d < 4; ++d)
    if (s[d] != 1 && t.strides()[d] != want[d]) return false;
  return true;
}
}  // namespace

TEST_CASE("mm matches naive loops with transposed and strided operands", "[ops][linalg]") {
  Generator g(1);
  for (DType dt : {DType::Float32, DType::Float64, DType::BFloat16, DType::Int64})
    for (auto [M, K, N] :
         {std::tuple{5, 7, 3}, {1, 9, 4}, {6, 1, 2}, {0, 3, 2}, {4, 0, 3}, {33, 65, 17}})
      for (int layout = 0; layout < 3; ++layout) {
        Tensor a = test::random_of({M, K}, dt, g), b = test::random_of({K, N}, dt, g);
        if (layout == 1) {
          a = a.t().contiguous().t();  // column-major views
          b = b.t().contiguous().t();
        } else if (layout == 2) {
          a = test::strided_copy(a);
          b = test::strided_copy(b);
        }
        INFO(name(dt) << " " << M << "x" << K << "x" << N << " layout " << layout);
        test::Tol tol = test::default_tol(dt);
        tol.rtol *= 10;
        tol.atol = is_floating(dt) ? tol.atol * 10 * K : 0;
        KILN_CHECK_CLOSE(mm(a, b), naive_mm(a, b).to(dt), tol);
      }
}

// One output row or column (a batch-1 linear layer, a matrix times a vector) runs kiln's own
// matrix-vector kernel when the matrix has unit-stride rows: lane tails, rows with gaps,
// strided vectors, several threads.
TEST_CASE("matrix-vector products match naive loops", "[ops][linalg]") {
  Generator g(3);
  for (int threads : {1, 2})
    for (int64_t K : {1, 5, 31, 32, 33, 100, 784})
      for (int64_t N : {1, 3, 70, 2048}) {
        set_num_threads(threads);
        INFO(threads << " threads, K " << K << ", N " << N);
        test::Tol tol{1e-5, 1e-5 * double(K)};
        Tensor w = randn({N, K + 3}, DType::Float32, &g).slice(1, 0, K);         // rows with a gap
        Tensor x = randn({1, 2 * K}, DType::Float32, &g).slice(1, 0, 2 * K, 2);  // strided
        KILN_CHECK_CLOSE(mm(x, w.t()), naive_mm(x, w.t()), tol);                 // x @ W^T
        KILN_CHECK_CLOSE(mm(x.contiguous(), w.t()), naive_mm(x, w.t()), tol);
        KILN_CHECK_CLOSE(mm(w, x.t()), naive_mm(w, x.t()), tol);  // W @ x
        KILN_CHECK_CLOSE(linear(x, w.contiguous()), naive_mm(x, w.t()), tol);
        KILN_CHECK_CLOSE(mm(x, w.t().contiguous()), naive_mm(x, w.t()), tol);  // row-major: sgemm
      }
  set_num_threads(0);
}

// 16-128 rows (512 on several threads) by a transposed weight (x @ W^T) run kiln's gemm,
// packing W's panels as it goes; fewer or more rows run dnnl_sgemm: both sides of each edge,
// partial panels, K blocks, x read in place and packed, W rows with a gap, strided and
// broadcast x, several threads, batch dims folded into the rows.
TEST_CASE("x @ W^T matches naive loops on both sides of kiln's gemm's row range", "[ops][linalg]") {
  Generator g(5);
  struct Restore {  // (also when a check throws)
    int bits = config().vector_bits;
    ~Restore() {
      config().vector_bits = bits;
      set_num_threads(0);
    }
  } restore;
  for (int bits : {0, 256})  // the host's widest tiles, and the AVX2 ones
    for (int threads : {1, 2})
      for (int64_t M : {15, 16, 17, 64, 128, 129, 512, 513})
        for (auto [K, N] :  // (N > 128: a packed per K block rather than read in place)
             {std::pair<int64_t, int64_t>{1, 2}, {7, 17}, {300, 100}, {520, 40}, {300, 200}}) {
          if (bits && (M > 129 || K == 1)) continue;
          config().vector_bits = bits;
          set_num_threads(threads);
          INFO(bits << " bits, " << threads << " threads, M " << M << ", K " << K << ", N " << N);
          test::Tol tol{1e-5, 1e-5 * double(K)};
          Tensor w = randn({N, K + 3}, DType::Float32, &g).slice(1, 0, K);  // rows with a gap
          Tensor x = randn({M, K}, DType::Float32, &g);
          Tensor want = naive_mm(x, w.t());
          KILN_CHECK_CLOSE(mm(x, w.t()), want, tol);
          KILN_CHECK_CLOSE(linear(x, w.contiguous()), want, tol);
          Tensor xs = randn({M, 2 * K}, DType::Float32, &g).slice(1, 0, 2 * K, 2);  // strided
          KILN_CHECK_CLOSE(mm(xs, w.t()), naive_mm(xs, w.t()), tol);
          Tensor row = randn({1, K}, DType::Float32, &g);
          KILN_CHECK_CLOSE(mm(row.expand({M, K}), w.t()), naive_mm(row.expand({M, K}), w.t()), tol);
          // [2, M / 2, K] @ W^T: M / 2 rows per batch folded into M
          Tensor x3 = x.slice(0, 0, M / 2 * 2).reshape({2, M / 2, K});
          KILN_CHECK_CLOSE(matmul(x3, w.t()).reshape({-1, N}), naive_mm(x3.reshape({-1, K}), w.t()),
                           tol);
        }
}

TEST_CASE("matmul follows torch.matmul's rank rules", "[ops][linalg]") {
  Generator g(2);
  Tensor v = randn({4}, DType::Float32, &g), m = randn({3, 4}, DType::Float32, &g);
  Tensor mt = randn({4, 5}, DType::Float32, &g);
  test::Tol tol{1e-5, 1e-5};
  KILN_CHECK_CLOSE(matmul(v, v), sum(v * v), tol);                      // dot
  KILN_CHECK_CLOSE(matmul(m, v), sum(m * v, {1}), tol);                 // mv
  KILN_CHECK_CLOSE(matmul(v, mt), sum(v.view({4, 1}) * mt, {0}), tol);  // vm
  Tensor a = randn({2, 1, 3, 4}, DType::Float32, &g), b = randn({5, 4, 2}, DType::Float32, &g);
  Tensor c = matmul(a, b);
  REQUIRE(c.shape() == Shape{2, 5, 3, 2});
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 5; ++j)
      KILN_CHECK_CLOSE(c.select(0, i).select(0, j), mm(a.select(0, i).select(0, 0), b.select(0, j)),
                       tol);
  Tensor x3 = randn({2, 3, 4}, DType::Float32, &g);
  KILN_CHECK_CLOSE(matmul(x3, mt).select(0, 1), mm(x3.select(0, 1), mt), tol);
  KILN_CHECK_CLOSE(matmul(x3.transpose(0, 1), mt).select(1, 1), mm(x3.select(0, 1), mt), tol);
  KILN_CHECK_CLOSE(bmm(x3, x3.transpose(1, 2)).select(0, 0),
                   mm(x3.select(0, 0), x3.select(0, 0).t()), tol);
  Tensor w = randn({6, 4}, DType::Float32, &g), bias = randn({6}, DType::Float32, &g);
  KILN_CHECK_CLOSE(linear(x3, w, bias), matmul(x3, w.t()) + bias, tol);
  KILN_CHECK_CLOSE(linear(x3, w), matmul(x3, w.t()), tol);
  CHECK_THROWS_WITH(matmul(m, m), Catch::Contains("cannot be multiplied"));
  CHECK_THROWS_WITH(mm(v, m), Catch::Contains("rank 2"));
  CHECK_THROWS_WITH(matmul(m, mt.to(DType::Float64)), Catch::Contains("same dtype"));
  CHECK_THROWS_WITH(linear(x3, randn({6, 5})), Catch::Contains("do not match"));
}

TEST_CASE("batched float32 products split across threads match naive loops", "[ops][linalg]") {
  // On 2 threads a batch of products with at most 128 columns and 2^19 multiply-adds each runs
  // through kiln's gemm, a batch per thread; on 1 thread through dnnl_sgemm. Both against
  // naive loops: broadcast batch dims, a transposed b (k^T), a permuted a (not unit-stride
  // along K), an offset view; 120 columns (a read in place) and 200 (over the limit).
  Generator g(5);
  struct Threads {
    ~Threads() { set_num_threads(0); }
  } restore;
  for (int threads : {2, 1})
    for (int64_t N : {120, 200}) {
      set_num_threads(threads);
      int64_t M = 130, K = 67;
      Tensor a = randn({2, 3, M, K}, DType::Float32, &g);
      Tensor bt = randn({3, N, K}, DType::Float32, &g);
      Tensor b = bt.transpose(1, 2);  // [3, K, N], unit stride along K
      Tensor ap = randn({2, 3, K, M}, DType::Float32, &g).transpose(2, 3);
      // an offset view whose batch dims do not merge: [2, 3] of [2, 4]
      Tensor wide = randn({2, 4, M, K}, DType::Float32, &g).narrow(1, 1, 3);
      Tensor b2 = randn({K, N}, DType::Float32, &g).expand({3, K, N});
      for (auto [x, y, name] : {std::tuple{a, b, "broadcast, k^T"},
                                {ap, b, "permuted a"},
                                {wide, b2, "offset a, expanded b"}}) {
        Tensor c = matmul(x, y);
        INFO(fmt::format("threads={} N={} {}", threads, N, name));
        REQUIRE(c.shape().back() == N);
        Tensor xs = x.dim() == 4 ? x.reshape({-1, M, K}) : x;
        Tensor cs = c.reshape({-1, M, N});
        for (int64_t i = 0; i < cs.shape()[0]; ++i)
          KILN_CHECK_CLOSE(cs.select(0, i), naive_mm(xs.select(0, i), y.select(0, i % 3)),
                           (test::Tol{1e-4, 1e-4}));
      }
    }
}

namespace {
Tensor naive_conv(const Tensor& x, const Tensor& w, const Tensor& b, Shape st, Shape pad, Shape dil,
                  int64_t G) {
  int64_t N = x.shape()[0], C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
  int64_t O = w.shape()[0], Cg = C / G, kh = w.shape()[2], kw = w.shape()[3];
  int64_t Ho = (H + 2 * pad[0] - dil[0] * (kh - 1) - 1) / st[0] + 1;
  int64_t Wo = (W + 2 * pad[1] - dil[1] * (kw - 1) - 1) / st[1] + 1;
  auto xv = x.tolist<double>(), wv = w.tolist<double>(), bv = b.tolist<double>();
  std::vector<double> out;
  for (int64_t n = 0; n < N; ++n)
    for (int64_t o = 0; o < O; ++o)
      for (int64_t y = 0; y < Ho; ++y)
        for (int64_t z = 0; z < Wo; ++z) {
          double s = bv[o];
          int64_t g = o / (O / G);
          for (int64_t c = 0; c < Cg; ++c)
            for (int64_t i = 0; i < kh; ++i)
              for (int64_t j = 0; j < kw; ++j) {
                int64_t iy = y * st[0] - pad[0] + i * dil[0], ix = z * st[1] - pad[1] + j * dil[1];
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                s += xv[((n * C + g * Cg + c) * H + iy) * W + ix] *
                     wv[((o * Cg + c) * kh + i) * kw + j];
              }
          out.push_back(s);
        }
  return tensor(out, {N, O, Ho, Wo});
}
}  // namespace

TEST_CASE("conv2d matches a naive loop for stride, padding, dilation and groups", "[ops][conv]") {
  Generator g(9);
  struct P {
    Shape st, pad, dil;
    int64_t G;
    int64_t k;
  };
  for (const P& p : {P{{1, 1}, {0, 0}, {1, 1}, 1, 3}, P{{2, 1}, {1, 2}, {1, 1}, 1, 3},
                     P{{1, 1}, {2, 2}, {2, 2}, 2, 3}, P{{1, 1}, {0, 0}, {1, 1}, 1, 1},
                     P{{2, 2}, {1, 1}, {1, 1}, 4, 3}, P{{1, 2}, {2, 1}, {2, 1}, 4, 3},
                     P{{1, 1}, {1, 1}, {1, 1}, 4, 5}})
    for (DType dt : {DType::Float32, DType::Float64}) {
      Tensor x = randn({2, 4, 7, 6}, dt, &g);
      Tensor w = randn({8, 4 / p.G, p.k, p.k}, dt, &g), b = randn({8}, dt, &g);
      INFO("groups " << p.G << " stride " << shape_str(p.st) << " " << name(dt));
      Tensor want = naive_conv(x, w, b, p.st, p.pad, p.dil, p.G).to(dt);
      KILN_CHECK_CLOSE(conv2d(test::strided_copy(x), w, b, p.st, p.pad, p.dil, p.G), want,
                       (test::Tol{1e-4, 1e-4}));
      // A channels-last input gives a channels-last result (oneDNN reads and writes it as it
      // is; the other paths through a copy).
      Tensor y = conv2d(nhwc(x), w, b, p.st, p.pad, p.dil, p.G);
      CHECK(nhwc_strides(y));
      KILN_CHECK_CLOSE(y, want, (test::Tol{1e-4, 1e-4}));
    }
  CHECK_THROWS_WITH(conv2d(randn({1, 3, 5, 5}), randn({4, 2, 3, 3})),
                    Catch::Contains("input channels"));
  CHECK_THROWS_WITH(conv2d(randn({1, 3, 2, 2}), randn({4, 3, 3, 3})), Catch::Contains("larger"));
}

// max_pool2d against a plain loop over every window: paddings, strides, kernels wider than the
// stride, sizes where no window is interior, NaNs (a window with one gives NaN), integers.
TEST_CASE("max_pool2d matches a loop over its windows", "[ops][conv]") {
  Generator g(9);
  for (auto [H, W, kh, kw, s, p] : {std::tuple{9, 11, 3, 3, 2, 1},
                                    {8, 8, 2, 2, 2, 0},
                                    {7, 13, 5, 5, 1, 2},
                                    {5, 4, 3, 3, 3, 1},
                                    {2, 3, 3, 3, 1, 1},
                                    {1, 1, 1, 1, 1, 0},
                                    {12, 10, 4, 2, 3, 1},
                                    // wide rows: float32 runs 8 outputs at a time (stride 1, 2)
                                    {7, 40, 3, 3, 2, 1},
                                    {6, 37, 3, 3, 1, 1},
                                    {5, 64, 2, 2, 2, 0},
                                    {4, 50, 3, 5, 2, 1}})
    for (DType dt : {DType::Float32, DType::Int32}) {
      INFO(H << "x" << W << " k " << kh << "x" << kw << " s " << s << " p " << p << " "
             << name(dt));
      Tensor x = dt == DType::Float32 ? randn({2, 3, H, W}, DType::Float32, &g)
                                      : randint(-50, 50, {2, 3, H, W}, DType::Int32, &g);
      if (dt == DType::Float32) {  // a few NaNs
        std::vector<float> v = x.tolist<float>();
        for (size_t i = 0; i < v.size(); i += 17) v[i] = NAN;
        x = tensor(v, {2, 3, H, W});
      }
      Tensor y = max_pool2d(x, {kh, kw}, {s, s}, {p, p});
      int64_t Ho = (H + 2 * p - kh) / s + 1, Wo = (W + 2 * p - kw) / s + 1;
      REQUIRE(y.shape() == Shape{2, 3, Ho, Wo});
      // Channels-last in, channels-last out (a vector over the channels), the same values.
      Tensor yc = max_pool2d(nhwc(x), {kh, kw}, {s, s}, {p, p});
      CHECK(nhwc_strides(yc));
      KILN_CHECK_EQUAL(yc, y);
      auto xv = x.to(DType::Float64).tolist<double>(), yv = y.to(DType::Float64).tolist<double>();
      for (int64_t pl = 0; pl < 6; ++pl)
        for (int64_t oy = 0; oy < Ho; ++oy)
          for (int64_t ox = 0; ox < Wo; ++ox) {
            double best = -INFINITY;
            for (int64_t i = 0; i < kh; ++i)
              for (int64_t j = 0; j < kw; ++j) {
                int64_t yy = oy * s - p + i, xx = ox * s - p + j;
                if (yy < 0 || yy >= H || xx < 0 || xx >= W) continue;
                double v = xv[size_t((pl * H + yy) * W + xx)];
                best = std::isnan(best) || std::isnan(v) ? NAN : std::max(best, v);
              }
            double got = yv[size_t((pl * Ho + oy) * Wo + ox)];
            INFO(pl << " " << oy << " " << ox);
            if (std::isnan(best))
              CHECK(std::isnan(got));
            else
              CHECK(got == best);
          }
    }
}

TEST_CASE("pools match hand-computed windows", "[ops][conv]") {
  Tensor x = arange(16, DType::Float32).view({1, 1, 4, 4});
  KILN_CHECK_EQUAL(max_pool2d(x, {2, 2}), tensor<float>({5, 7, 13, 15}, {1, 1, 2, 2}));
  KILN_CHECK_EQUAL(avg_pool2d(x, {2, 2}), tensor<float>({2.5, 4.5, 10.5, 12.5}, {1, 1, 2, 2}));
  // Padding counts in the divisor by default, like PyTorch.
  KILN_CHECK_CLOSE(avg_pool2d(x, {2, 2}, {2, 2}, {1, 1}).select(-1, 0).select(-1, 0),
                   tensor<float>({0.0f / 4}, {1, 1}), (test::Tol{0, 1e-6}));
  KILN_CHECK_EQUAL(max_pool2d(x, {3, 3}, {2, 2}, {1, 1}),
                   tensor<float>({5, 7, 13, 15}, {1, 1, 2, 2}));
  KILN_CHECK_EQUAL(adaptive_avg_pool2d(x, {1, 1}), tensor<float>({7.5}, {1, 1, 1, 1}));
  KILN_CHECK_EQUAL(adaptive_avg_pool2d(x.view({1, 4, 4}), {2, 2}),
                   tensor<float>({2.5, 4.5, 10.5, 12.5}, {1, 2, 2}));
  CHECK_THROWS_WITH(max_pool2d(x, {2, 2}, {}, {2, 2}), Catch::Contains("half of kernel_size"));
}

TEST_CASE("conv2d sees its weights change in place (packed weights follow the version)",
          "[ops][conv]") {
  Generator g(4);
  Tensor x = randn({2, 8, 12, 12}, DType::Float32, &g);
  Tensor w = randn({16, 8, 3, 3}, DType::Float32, &g);
  for (int step = 0; step < 3; ++step) {
    Tensor want = naive_conv(x.to(DType::Float64), w.to(DType::Float64),
                             zeros({16}, DType::Float64), {1, 1}, {1, 1}, {1, 1}, 1);
    for (int call = 0; call < 3; ++call)  // the first call of a shape times both kernels
      KILN_CHECK_CLOSE(conv2d(x, w, {}, {1, 1}, {1, 1}), want.to(DType::Float32),
                       (test::Tol{1e-4, 1e-4}));
    mul_(w, -0.5);  // in place: the version changes
  }
}
