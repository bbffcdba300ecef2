// kiln's own NCHW convolutions (runtime/conv.h: 1x1, small output planes, Winograd 3x3,
// depthwise) against naive loops: strides, padding, dilation, kernel sizes, widths that are not
// multiples of 8, channel multipliers, batches, bias, epilogue operands and threads; what they
// refuse; and how conv2d (eager and compiled) chooses them.
#include <fmt/format.h>

#include <cmath>

#include "check.h"
#include "kiln/compile.h"
#include "runtime/conv.h"
#include "runtime/epilogue.h"

using namespace kiln;

namespace {

// conv2d by definition, accumulated in double.
Tensor naive_conv(const Tensor& x, const Tensor& w, const Tensor& b, int64_t s, int64_t p,
                  int64_t d, int64_t groups) {
  Tensor xc = x.to(DType::Float64).contiguous(), wc = w.to(DType::Float64).contiguous();
  int64_t N = x.shape()[0], C = x.shape()[1], H = x.shape()[2], W = x.shape()[3];
  int64_t O = w.shape()[0], Cg = w.shape()[1], kh = w.shape()[2], kw = w.shape()[3];
  int64_t Ho = (H + 2 * p - d * (kh - 1) - 1) / s + 1, Wo = (W + 2 * p - d * (kw - 1) - 1) / s + 1;
  int64_t Og = O / groups;
  Tensor out = zeros({N, O, Ho, Wo}, DType::Float64);
  const double* X = xc.data<double>();
  const double* Wt = wc.data<double>();
  double* Y = out.data<double>();
  for (int64_t n = 0; n < N; ++n)
    for (int64_t o = 0; o < O; ++o)
      for (int64_t oy = 0; oy < Ho; ++oy)
        for (int64_t ox = 0; ox < Wo; ++ox) {
          double acc = b.defined() ? double(b.data<float>()[o]) : 0.0;
          for (int64_t c = 0; c < Cg; ++c)
            for (int64_t i = 0; i < kh; ++i)
              for (int64_t j = 0; j < kw; ++j) {
                int64_t iy = oy * s - p + i * d, ix = ox * s - p + j * d;
                if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
                int64_t ci = (o / Og) * Cg + c;
                acc += X[((n * C + ci) * H + iy) * W + ix] * Wt[((o * Cg + c) * kh + i) * kw + j];
              }
          Y[((n * O + o) * Ho + oy) * Wo + ox] = acc;
        }
  return out.to(DType::Float32);
}

// Restores KILN_CONV's setting when a test ends.
struct ConvKernel {
  std::string saved = config().conv_kernel;
  explicit ConvKernel(const char* mode) { config().conv_kernel = mode; }
  ~ConvKernel() { config().conv_kernel = saved; }
};

}  // namespace

TEST_CASE("kiln depthwise convolution equals naive loops", "[runtime]") {
  Generator g(41);
  int saved = config().num_threads;
  struct Geo {
    int64_t k, s, p, d;
  };
  int cases = 0;
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    for (Geo geo :
         {Geo{3, 1, 1, 1}, Geo{3, 2, 1, 1}, Geo{5, 1, 2, 1}, Geo{5, 2, 2, 1}, Geo{3, 1, 2, 2},
          Geo{3, 2, 2, 2}, Geo{3, 2, 0, 1}, Geo{1, 1, 0, 1}, Geo{7, 3, 3, 1}})
      for (auto [H, W] : {std::pair<int64_t, int64_t>{9, 13}, {16, 37}, {7, 70}, {3, 5}})
        for (auto [C, per] : {std::pair<int64_t, int64_t>{3, 1}, {11, 1}, {3, 2}}) {
          // (per: output channels per input channel; one per channel over planes of <= 256
          // outputs runs 8 channels at a time: 11 is a full block and a partial one)
          int64_t N = 2, O = C * per;
          int64_t Ho = (H + 2 * geo.p - geo.d * (geo.k - 1) - 1) / geo.s + 1;
          int64_t Wo = (W + 2 * geo.p - geo.d * (geo.k - 1) - 1) / geo.s + 1;
          if (Ho < 1 || Wo < 1) continue;
          Tensor x = randn({N, C, H, W}, DType::Float32, &g);
          Tensor w = randn({O, 1, geo.k, geo.k}, DType::Float32, &g);
          Tensor bias = randn({O}, DType::Float32, &g);
          Tensor residual = randn({N, O, Ho, Wo}, DType::Float32, &g);
          Tensor scale = randn({O, 1, 1}, DType::Float32, &g);
          Epilogue steps[] = {
              {EpiOp::Add, 0, 0, 0}, {EpiOp::Mul, 0, 0, 1}, {EpiOp::Clamp, -1.f, 1.f}};
          Tensor ops[] = {residual, scale};
          Shape st{geo.s}, pd{geo.p}, dl{geo.d};
          Tensor out = full({N, O, Ho, Wo}, 99.f);
          REQUIRE(conv::takes(x, w, bias, st, pd, dl, C, steps, ops, out));
          conv::run(x, w, Tensor(), bias, st, pd, dl, C, steps, ops, out);
          INFO(fmt::format("threads={} C={} k={} s={} p={} d={} H={} W={} per={}", threads, C,
                           geo.k, geo.s, geo.p, geo.d, H, W, per));
          Tensor want =
              clamp((naive_conv(x, w, bias, geo.s, geo.p, geo.d, C) + residual) * scale, -1, 1);
          KILN_CHECK_CLOSE(out, want, (test::Tol{1e-5, 1e-5}));
          ++cases;
        }
  }
  set_num_threads(saved);
  CHECK(cases > 100);
}

TEST_CASE("kiln depthwise convolution runs a lone relu or clamp on its accumulators", "[runtime]") {
  // One elementwise step (ReLU, ReLU6) is applied before the stores, in both depthwise kernels
  // (plane by plane at stride 1; 8 channels at a time for strided small planes); anything else
  // still runs over the stored output.
  Generator g(43);
  int saved = config().num_threads;
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    for (int64_t s : {1, 2})
      for (auto [H, W] : {std::pair<int64_t, int64_t>{7, 7}, {14, 14}, {9, 30}})
        for (int kind = 0; kind < 4; ++kind) {
          int64_t N = 2, C = 13, Ho = (H - 1) / s + 1, Wo = (W - 1) / s + 1;
          Tensor x = randn({N, C, H, W}, DType::Float32, &g);
          Tensor w = randn({C, 1, 3, 3}, DType::Float32, &g);
          Tensor bias = randn({C}, DType::Float32, &g);
          Epilogue step = kind == 0   ? Epilogue{EpiOp::Relu}
                          : kind == 1 ? Epilogue{EpiOp::Clamp, 0.f, 6.f}
                          : kind == 2 ? Epilogue{EpiOp::Clamp, -0.5f, 0.25f}
                                      : Epilogue{EpiOp::Linear, 2.f, -1.f};
          Tensor out = full({N, C, Ho, Wo}, 99.f);
          conv::run(x, w, Tensor(), bias, {s}, {1}, {1}, C, std::span(&step, 1), {}, out);
          Tensor y = naive_conv(x, w, bias, s, 1, 1, C);
          Tensor want = kind == 0   ? relu(y)
                        : kind == 1 ? clamp(y, 0, 6)
                        : kind == 2 ? clamp(y, -0.5, 0.25)
                                    : y * 2.0 - 1.0;
          INFO(fmt::format("threads={} s={} H={} W={} kind={}", threads, s, H, W, kind));
          KILN_CHECK_CLOSE(out, want, (test::Tol{1e-5, 1e-5}));
        }
  }
  set_num_threads(saved);
}

TEST_CASE("kiln depthwise convolution reads and writes strided planes", "[runtime]") {
  Generator g(42);
  // x: every other channel of a wider tensor, rows 40 apart (a width slice); out: channels
  // 2..5 of a concatenation, no bias, no epilogue
  Tensor wide = randn({2, 8, 11, 40}, DType::Float32, &g);
  Tensor x = wide.slice(1, 0, 8, 2).narrow(3, 3, 30);
  Tensor w = randn({4, 1, 3, 3}, DType::Float32, &g);
  Tensor big = full({2, 9, 11, 30}, 7.f);
  Tensor out = big.narrow(1, 2, 4);
  conv::run(x, w, Tensor(), Tensor(), {1}, {1}, {1}, 4, {}, {}, out);
  KILN_CHECK_CLOSE(out, naive_conv(x, w, Tensor(), 1, 1, 1, 4), (test::Tol{1e-5, 1e-5}));
  KILN_CHECK_CLOSE(big.narrow(1, 0, 2), full({2, 2, 11, 30}, 7.f), (test::Tol{0, 0}));
  KILN_CHECK_CLOSE(big.narrow(1, 6, 3), full({2, 3, 11, 30}, 7.f), (test::Tol{0, 0}));
}

TEST_CASE("kiln 1x1 convolution equals naive loops", "[runtime]") {
  Generator g(43);
  int saved = config().num_threads;
  for (int threads : {1, 2})
    for (int64_t N : {1, 3})
      for (auto [C, O] : {std::pair<int64_t, int64_t>{3, 5}, {300, 40}, {24, 144}})
        for (auto [H, W] : {std::pair<int64_t, int64_t>{7, 7}, {1, 10}, {12, 13}})
          for (bool with_bias : {true, false})
            for (bool prepared : {true, false}) {
              set_num_threads(threads);
              Tensor x = randn({N, C, H, W}, DType::Float32, &g);
              Tensor w = randn({O, C, 1, 1}, DType::Float32, &g);
              Tensor bias = with_bias ? randn({O}, DType::Float32, &g) : Tensor();
              Tensor residual = randn({N, O, H, W}, DType::Float32, &g);
              Tensor shift = randn({1, O, 1, 1}, DType::Float32, &g);
              Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Relu}, {EpiOp::Sub, 0, 0, 1}};
              Tensor ops[] = {residual, shift};
              Tensor out = empty({N, O, H, W});
              REQUIRE(conv::takes(x, w, bias, {1, 1}, {0, 0}, {1, 1}, 1, steps, ops, out));
              conv::run(x, w, prepared ? conv::prepare(x, w, {1}, {0}, {1}, 1, out) : Tensor(),
                        bias, {1, 1}, {0, 0}, {1, 1}, 1, steps, ops, out);
              INFO(fmt::format("threads={} N={} C={} O={} H={} W={} bias={} prepared={}", threads,
                               N, C, O, H, W, with_bias, prepared));
              Tensor want = relu(naive_conv(x, w, bias, 1, 0, 1, 1) + residual) - shift;
              KILN_CHECK_CLOSE(out, want, (test::Tol{1e-4, 1e-4}));
            }
  set_num_threads(saved);
  // a channel slice of x, written into a channel slice of a concatenation
  Tensor x = randn({2, 10, 6, 5}, DType::Float32, &g).narrow(1, 3, 6);
  Tensor w = randn({4, 6, 1, 1}, DType::Float32, &g);
  Tensor big = full({2, 7, 6, 5}, 7.f), out = big.narrow(1, 1, 4);
  conv::run(x, w, Tensor(), Tensor(), {1}, {0}, {1}, 1, {}, {}, out);
  KILN_CHECK_CLOSE(out, naive_conv(x, w, Tensor(), 1, 0, 1, 1), (test::Tol{1e-4, 1e-4}));
  KILN_CHECK_CLOSE(big.narrow(1, 0, 1), full({2, 1, 6, 5}, 7.f), (test::Tol{0, 0}));
}

TEST_CASE("kiln Winograd 3x3 convolution equals naive loops", "[runtime]") {
  Generator g(45);
  int saved = config().num_threads;
  int cases = 0;
  for (int threads : {1, 2})
    for (auto [C, O] : {std::pair<int64_t, int64_t>{2, 5}, {16, 24}, {70, 8}})
      for (auto [H, W] : {std::pair<int64_t, int64_t>{7, 7}, {9, 13}, {16, 37}, {2, 40}, {1, 3}})
        for (int64_t p : {0, 1, 2}) {
          int64_t Ho = H + 2 * p - 2, Wo = W + 2 * p - 2;
          if (Ho < 1 || Wo < 1) continue;
          set_num_threads(threads);
          bool prepared = (cases % 2) == 0, with_bias = (cases % 3) != 0;
          int64_t N = cases % 4 == 1 ? 2 : 1;
          Tensor x = randn({N, C, H, W}, DType::Float32, &g);
          Tensor w = randn({O, C, 3, 3}, DType::Float32, &g);
          Tensor bias = with_bias ? randn({O}, DType::Float32, &g) : Tensor();
          Tensor residual = randn({N, O, Ho, Wo}, DType::Float32, &g);
          Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Relu}};
          Tensor ops[] = {residual};
          Tensor out = full({N, O, Ho, Wo}, 99.f);
          REQUIRE(conv::takes(x, w, bias, {1}, {p}, {1}, 1, steps, ops, out));
          // (output planes of at most 64 values run as one product instead)
          CHECK(std::string(conv::packing(x, w, {1}, {p}, {1}, 1, out)) ==
                (Ho * Wo > 64 ? "kiln-conv-winograd" : "kiln-conv-columns"));
          conv::run(x, w, prepared ? conv::prepare(x, w, {1}, {p}, {1}, 1, out) : Tensor(), bias,
                    {1}, {p}, {1}, 1, steps, ops, out);
          INFO(fmt::format("threads={} N={} C={} O={} H={} W={} pad={} bias={} prepared={}",
                           threads, N, C, O, H, W, p, with_bias, prepared));
          Tensor want = relu(naive_conv(x, w, bias, 1, p, 1, 1) + residual);
          KILN_CHECK_CLOSE(out, want, (test::Tol{1e-4, 1e-4}));
          ++cases;
        }
  set_num_threads(saved);
  CHECK(cases > 50);
  // a wide image: several chunks of tile rows
  Tensor x = randn({1, 64, 40, 130}, DType::Float32, &g);
  Tensor w = randn({64, 64, 3, 3}, DType::Float32, &g);
  Tensor out = empty({1, 64, 40, 130});
  conv::run(x, w, Tensor(), Tensor(), {1}, {1}, {1}, 1, {}, {}, out);
  KILN_CHECK_CLOSE(out, naive_conv(x, w, Tensor(), 1, 1, 1, 1), (test::Tol{1e-4, 1e-4}));
}

TEST_CASE("kiln Winograd 3x3 convolution on channels-last tensors equals naive loops",
          "[runtime]") {
  // 16- and 8-channel vectors (KILN_VECTOR_BITS) with channel tails, partial tiles, padding,
  // batches, bias, prepared or not, an epilogue with operands in either layout, threads
  Generator g(47);
  int saved = config().num_threads, saved_bits = config().vector_bits;
  auto channels_last = [](const Tensor& nhwc) { return nhwc.permute({0, 3, 1, 2}); };
  int cases = 0;
  for (int bits : {256, 0})
    for (int threads : {1, 2, 3})  // (3: runs of tile rows across images)
      for (auto [C, O] : {std::pair<int64_t, int64_t>{2, 5}, {16, 24}, {70, 8}, {33, 47}})
        for (auto [H, W] : {std::pair<int64_t, int64_t>{7, 7}, {9, 13}, {2, 40}, {1, 3}})
          for (int64_t p : {0, 1, 2}) {
            int64_t Ho = H + 2 * p - 2, Wo = W + 2 * p - 2;
            if (Ho < 1 || Wo < 1) continue;
            config().vector_bits = bits;
            set_num_threads(threads);
            bool prepared = (cases % 2) == 0, with_bias = (cases % 3) != 0;
            int64_t N = cases % 4 == 1 ? 2 : 1;
            Tensor x = channels_last(randn({N, H, W, C}, DType::Float32, &g));
            Tensor w = randn({O, C, 3, 3}, DType::Float32, &g);
            Tensor bias = with_bias ? randn({O}, DType::Float32, &g) : Tensor();
            Tensor residual = cases % 2 ? randn({N, O, Ho, Wo}, DType::Float32, &g)
                                        : channels_last(randn({N, Ho, Wo, O}, DType::Float32, &g));
            Tensor scale = randn({O, 1, 1}, DType::Float32, &g);
            Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Mul, 0, 0, 1}, {EpiOp::Relu}};
            Tensor ops[] = {residual, scale};
            Tensor out = channels_last(full({N, Ho, Wo, O}, 99.f));
            INFO(
                fmt::format("bits={} threads={} N={} C={} O={} H={} W={} pad={} bias={} "
                            "prepared={}",
                            bits, threads, N, C, O, H, W, p, with_bias, prepared));
            REQUIRE(conv::takes(x, w, bias, {1}, {p}, {1}, 1, steps, ops, out));
            // (output planes of at most 64 values run as one product instead)
            CHECK(std::string(conv::packing(x, w, {1}, {p}, {1}, 1, out)) ==
                  (Ho * Wo > 64 ? "kiln-conv-winograd-nhwc" : "kiln-conv-product-nhwc"));
            conv::run(x, w, prepared ? conv::prepare(x, w, {1}, {p}, {1}, 1, out) : Tensor(), bias,
                      {1}, {p}, {1}, 1, steps, ops, out);
            Tensor want = relu((naive_conv(x, w, bias, 1, p, 1, 1) + residual) * scale);
            KILN_CHECK_CLOSE(out, want, (test::Tol{1e-4, 1e-4}));
            ++cases;
          }
  config().vector_bits = saved_bits;
  // a wide image: several jobs of tile rows, on two threads
  Tensor x = channels_last(randn({1, 40, 130, 64}, DType::Float32, &g));
  Tensor w = randn({64, 64, 3, 3}, DType::Float32, &g);
  Tensor out = channels_last(empty({1, 40, 130, 64}));
  conv::run(x, w, Tensor(), Tensor(), {1}, {1}, {1}, 1, {}, {}, out);
  KILN_CHECK_CLOSE(out, naive_conv(x, w, Tensor(), 1, 1, 1, 1), (test::Tol{1e-4, 1e-4}));
  set_num_threads(saved);
  CHECK(cases > 100);
  // channels-last: ungrouped, both x and out channels-last, and 3x3 stride 1 or an output plane
  // of at most 64 values; weights prepared for another kind are refused
  Tensor nx = channels_last(ones({1, 10, 10, 4})), nout = channels_last(empty({1, 10, 10, 4}));
  Tensor w3 = ones({4, 4, 3, 3});
  CHECK(conv::takes(nx, w3, {}, {1}, {1}, {1}, 1, {}, {}, nout));
  CHECK(conv::takes(nx, w3, {}, {2}, {1}, {1}, 1, {}, {}, channels_last(empty({1, 5, 5, 4}))));
  CHECK(std::string(conv::packing(nx, ones({4, 4, 1, 1}), {1}, {0}, {1}, 1, nout)) ==
        "kiln-conv-product-nhwc");
  CHECK_FALSE(conv::takes(nx, w3, {}, {1}, {1}, {1}, 1, {}, {}, empty({1, 4, 10, 10})));
  CHECK_FALSE(conv::takes(nx, ones({4, 2, 3, 3}), {}, {1}, {1}, {1}, 2, {}, {}, nout));
  CHECK_THROWS_WITH(conv::run(nx, w3, ones({7}), {}, {1}, {1}, {1}, 1, {}, {}, nout),
                    Catch::Contains("conv::run") && Catch::Contains("prepared"));
}

TEST_CASE("kiln convolutions over small output planes equal naive loops", "[runtime]") {
  // any kernel, stride, padding and dilation, as one product per image, NCHW (transposed into
  // place) or channels-last (landing as it is); bias or none; operands in either layout
  Generator g(46);
  struct Geo {
    int64_t H, W, k, s, p, d;
  };
  auto channels_last = [](const Tensor& nhwc) { return nhwc.permute({0, 3, 1, 2}); };
  int saved = config().num_threads;
  int cases = 0;
  // (channels-last, larger planes too: in slabs of output pixels, a 1x1 stride 1 reading x
  // as it is, edges of a 7x7 stride-2 stem, dilation)
  std::vector<Geo> small = {Geo{14, 14, 3, 2, 1, 1}, Geo{7, 7, 3, 1, 1, 1},
                            Geo{13, 11, 5, 2, 2, 1}, Geo{7, 7, 3, 1, 2, 2},
                            Geo{16, 16, 7, 3, 3, 1}, Geo{4, 4, 1, 2, 0, 1},
                            Geo{5, 6, 2, 1, 0, 1}};
  std::vector<Geo> large = small;
  for (Geo geo : {Geo{31, 30, 7, 2, 3, 1}, Geo{20, 20, 1, 1, 0, 1}, Geo{40, 41, 1, 1, 0, 1},
                  Geo{30, 30, 3, 2, 1, 2}, Geo{25, 26, 1, 2, 0, 1}})
    large.push_back(geo);
  for (bool last : {false, true})
    for (int threads : {1, 2, 3})
      for (Geo geo : last ? large : small)
        for (bool prepared : {true, false}) {
          set_num_threads(threads);
          int64_t N = 2, C = 12, O = last ? 40 : 20;
          int64_t Ho = (geo.H + 2 * geo.p - geo.d * (geo.k - 1) - 1) / geo.s + 1;
          int64_t Wo = (geo.W + 2 * geo.p - geo.d * (geo.k - 1) - 1) / geo.s + 1;
          REQUIRE((last || Ho * Wo <= 64));
          Tensor x = last ? channels_last(randn({N, geo.H, geo.W, C}, DType::Float32, &g))
                          : randn({N, C, geo.H, geo.W}, DType::Float32, &g);
          Tensor w = randn({O, C, geo.k, geo.k}, DType::Float32, &g);
          Tensor bias = !last || prepared ? randn({O}, DType::Float32, &g) : Tensor();
          Tensor residual = !last || cases % 2
                                ? randn({N, O, Ho, Wo}, DType::Float32, &g)
                                : channels_last(randn({N, Ho, Wo, O}, DType::Float32, &g));
          Tensor scale = randn({1, O, 1, 1}, DType::Float32, &g);
          Epilogue steps[] = {
              {EpiOp::Add, 0, 0, 0}, {EpiOp::Mul, 0, 0, 1}, {EpiOp::Clamp, -2.f, 2.f}};
          Tensor ops[] = {residual, scale};
          Shape st{geo.s}, pd{geo.p}, dl{geo.d};
          Tensor out =
              last ? channels_last(full({N, Ho, Wo, O}, 99.f)) : full({N, O, Ho, Wo}, 99.f);
          INFO(fmt::format("channels-last={} threads={} H={} W={} k={} s={} p={} d={} prepared={}",
                           last, threads, geo.H, geo.W, geo.k, geo.s, geo.p, geo.d, prepared));
          REQUIRE(conv::takes(x, w, bias, st, pd, dl, 1, steps, ops, out));
          CHECK(std::string(conv::packing(x, w, st, pd, dl, 1, out)) ==
                (last ? "kiln-conv-product-nhwc" : "kiln-conv-columns"));
          conv::run(x, w, prepared ? conv::prepare(x, w, st, pd, dl, 1, out) : Tensor(), bias, st,
                    pd, dl, 1, steps, ops, out);
          Tensor want =
              clamp((naive_conv(x, w, bias, geo.s, geo.p, geo.d, 1) + residual) * scale, -2, 2);
          KILN_CHECK_CLOSE(out, want, (test::Tol{1e-4, 1e-4}));
          ++cases;
        }
  set_num_threads(saved);
  CHECK(cases == 3 * 7 * 2 + 3 * 12 * 2);
  // channels-last with W = 1 and that dim's stride not the pixels' (a transposed view): the
  // product steps over pixels by H's stride
  {
    Tensor xt = channels_last(randn({1, 1, 30, 8}, DType::Float32, &g)).transpose(2, 3);
    Tensor wt = randn({16, 8, 3, 1}, DType::Float32, &g);
    Tensor yt = channels_last(full({1, 1, 30, 16}, 99.f)).transpose(2, 3);  // [1, 16, 30, 1]
    REQUIRE(conv::takes(xt, wt, {}, {1}, {1, 0}, {1}, 1, {}, {}, yt));
    conv::run(xt, wt, {}, {}, {1}, {1, 0}, {1}, 1, {}, {}, yt);
    KILN_CHECK_CLOSE(yt.contiguous(), conv2d(xt.contiguous(), wt, Tensor(), {1, 1}, {1, 0}),
                     (test::Tol{1e-4, 1e-4}));
  }
  // channels-last: an operand spread over W but not H does not merge into the product's rows
  Tensor x = channels_last(ones({1, 7, 7, 4})), out = channels_last(empty({1, 7, 7, 4}));
  Epilogue add[] = {{EpiOp::Add, 0, 0, 0}};
  Tensor per_column[] = {ones({1, 4, 1, 7})};
  CHECK_FALSE(conv::takes(x, ones({4, 4, 3, 3}), {}, {1}, {1}, {1}, 1, add, per_column, out));
  CHECK_THROWS_WITH(
      conv::run(x, ones({4, 4, 3, 3}), ones({5, 16}), {}, {1}, {1}, {1}, 1, {}, {}, out),
      Catch::Contains("conv::run") && Catch::Contains("prepared"));
}

TEST_CASE("kiln's NCHW convolutions refuse what they cannot run", "[runtime]") {
  Tensor x = ones({1, 4, 6, 6}), out = empty({1, 4, 6, 6});
  Tensor w1 = ones({4, 4, 1, 1}), wd = ones({4, 1, 3, 3}), w3 = ones({4, 4, 3, 3});
  CHECK(conv::takes(x, w1, {}, {1}, {0}, {1}, 1, {}, {}, out));
  CHECK(conv::takes(x, wd, {}, {1}, {1}, {1}, 4, {}, {}, out));
  CHECK(conv::takes(x, w3, {}, {1}, {1}, {1}, 1, {}, {}, out));  // a full 3x3 (a small plane)
  CHECK(conv::takes(x, w3, {}, {2}, {1}, {1}, 1, {}, {}, empty({1, 4, 3, 3})));
  // over a plane of more than 64 outputs: Winograd for 3x3 stride 1 only
  Tensor wide = ones({1, 4, 10, 10}), wide_out = empty({1, 4, 10, 10});
  CHECK(conv::takes(wide, w3, {}, {1}, {1}, {1}, 1, {}, {}, wide_out));
  CHECK_FALSE(conv::takes(wide, w3, {}, {1}, {2}, {2}, 1, {}, {}, wide_out));  // dilated
  CHECK_FALSE(conv::takes(wide, ones({4, 4, 5, 5}), {}, {1}, {2}, {1}, 1, {}, {}, wide_out));
  CHECK_FALSE(conv::takes(ones({1, 4, 20, 20}), w3, {}, {2}, {1}, {1}, 1, {}, {}, wide_out));
  CHECK_FALSE(conv::takes(x, ones({4, 2, 1, 1}), {}, {1}, {0}, {1}, 2, {}, {}, out));  // grouped
  Tensor strided_out = empty({1, 4, 3, 3}), big_strided_out = empty({1, 4, 10, 10});
  CHECK(conv::takes(x, w1, {}, {2}, {0}, {1}, 1, {}, {}, strided_out));  // 1x1 stride 2: small
  CHECK_FALSE(conv::takes(ones({1, 4, 20, 20}), w1, {}, {2}, {0}, {1}, 1, {}, {}, big_strided_out));
  Tensor nhwc = ones({1, 6, 6, 4}).permute({0, 3, 1, 2});
  CHECK_FALSE(conv::takes(nhwc, wd, {}, {1}, {1}, {1}, 4, {}, {}, out));
  CHECK_FALSE(conv::takes(x, w1, {}, {1}, {0}, {1}, 1, {}, {}, nhwc));
  CHECK_FALSE(
      conv::takes(ones({1, 4, 6, 6}, DType::Float64), w1, {}, {1}, {0}, {1}, 1, {}, {}, out));
  CHECK_FALSE(conv::takes(x, w1, ones({5}), {1}, {0}, {1}, 1, {}, {}, out));  // bias size
  CHECK_FALSE(conv::takes(x, w1, {}, {1}, {0}, {1}, 1, {}, {}, empty({1, 4, 5, 6})));
  Epilogue gelu_step[] = {{EpiOp::GeluErf}};
  CHECK_FALSE(conv::takes(x, w1, {}, {1}, {0}, {1}, 1, gelu_step, {}, out));
  // an operand broadcast over H but not W cannot follow a 1x1 product's merged plane; the
  // depthwise kernel, which goes row by row, takes it
  Epilogue add[] = {{EpiOp::Add, 0, 0, 0}};
  Tensor per_column[] = {ones({1, 4, 1, 6})};
  CHECK_FALSE(conv::takes(x, w1, {}, {1}, {0}, {1}, 1, add, per_column, out));
  CHECK(conv::takes(x, wd, {}, {1}, {1}, {1}, 4, add, per_column, out));
  Tensor wrong[] = {ones({3, 1, 1})};
  CHECK_FALSE(conv::takes(x, wd, {}, {1}, {1}, {1}, 4, add, wrong, out));
  CHECK_THROWS_WITH(conv::run(wide, ones({4, 4, 5, 5}), {}, {}, {1}, {2}, {1}, 1, {}, {}, wide_out),
                    Catch::Contains("conv::run") && Catch::Contains("[4, 4, 5, 5]"));
  // weights prepared for planes of another size (packed as the other operand)
  Tensor big = ones({1, 4, 9, 9}), big_out = empty({1, 4, 9, 9});
  CHECK(std::string(conv::packing(x, w1, {1}, {0}, {1}, 1, out)) == "kiln-conv-columns");
  CHECK(std::string(conv::packing(big, w1, {1}, {0}, {1}, 1, big_out)) == "kiln-conv-rows");
  CHECK(std::string(conv::packing(big, w3, {1}, {1}, {1}, 1, big_out)) == "kiln-conv-winograd");
  CHECK(conv::packing(x, wd, {1}, {1}, {1}, 4, out) == nullptr);
  CHECK(conv::packing(wide, ones({4, 4, 5, 5}), {1}, {2}, {1}, 1, wide_out) == nullptr);
  CHECK_THROWS_WITH(conv::run(big, w1, conv::prepare(x, w1, {1}, {0}, {1}, 1, out), {}, {1}, {0},
                              {1}, 1, {}, {}, big_out),
                    Catch::Contains("conv::run") && Catch::Contains("prepared"));
  // one input channel, groups 1: depthwise within its limits, else a product (small plane)
  Tensor one = randn({1, 1, 8, 8}), w9 = randn({4, 1, 9, 9}), o9 = empty({1, 4, 8, 8});
  REQUIRE(conv::takes(one, w9, {}, {1}, {4}, {1}, 1, {}, {}, o9));
  CHECK(std::string(conv::packing(one, w9, {1}, {4}, {1}, 1, o9)) == "kiln-conv-columns");
  conv::run(one, w9, {}, {}, {1}, {4}, {1}, 1, {}, {}, o9);
  KILN_CHECK_CLOSE(o9, naive_conv(one, w9, Tensor(), 1, 4, 1, 1), (test::Tol{1e-4, 1e-4}));
  // ... and a depthwise input whose columns are not unit-stride is refused
  Tensor every_other = randn({1, 1, 8, 16}).slice(3, 0, 16, 2);
  CHECK_FALSE(conv::takes(every_other, ones({4, 1, 3, 3}), {}, {1}, {1}, {1}, 1, {}, {}, o9));
}

TEST_CASE("conv2d times kiln's kernels against oneDNN and gives the same result in every mode",
          "[runtime]") {
  Generator g(44);
  Tensor x = randn({1, 16, 20, 20}, DType::Float32, &g);
  Tensor w1 = randn({24, 16, 1, 1}, DType::Float32, &g), b1 = randn({24}, DType::Float32, &g);
  Tensor wd = randn({16, 1, 3, 3}, DType::Float32, &g), bd = randn({16}, DType::Float32, &g);
  Tensor r = randn({1, 24, 20, 20}, DType::Float32, &g);
  Tensor pointwise = naive_conv(x, w1, b1, 1, 0, 1, 1);
  Tensor depthwise = naive_conv(x, wd, bd, 2, 1, 1, 16);
  auto model = [&](const Tensor& t) {
    Tensor d = clamp(conv2d(t, wd, bd, {2, 2}, {1, 1}, {1, 1}, 16), 0, 6);
    Tensor p = conv2d(t, w1, b1) + r;
    return std::vector<Tensor>{d, p, conv2d(t, w1)};
  };
  for (const char* mode : {"auto", "kiln", "onednn"}) {
    ConvKernel kernel(mode);
    INFO(mode);
    auto f = compile(model);
    for (int call = 0; call < 3; ++call) {
      std::vector<Tensor> eager = model(x), compiled = f(x);
      for (const std::vector<Tensor>* got : {&eager, &compiled}) {
        KILN_CHECK_CLOSE((*got)[0], clamp(depthwise, 0, 6), (test::Tol{1e-4, 1e-4}));
        KILN_CHECK_CLOSE((*got)[1], pointwise + r, (test::Tol{1e-4, 1e-4}));
        KILN_CHECK_CLOSE((*got)[2], naive_conv(x, w1, Tensor(), 1, 0, 1, 1),
                         (test::Tol{1e-4, 1e-4}));
      }
    }
  }
  ConvKernel bad("fastest");
  CHECK_THROWS_WITH(conv2d(x, w1), Catch::Contains("KILN_CONV") && Catch::Contains("fastest"));
}
