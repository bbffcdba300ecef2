// kiln's own float32 product (runtime/gemm.h) against eager matmul and ops: every edge of its
// blocking (balanced row groups of up to 6 rows, or 14 on AVX-512 hosts, whose tiles span two
// 16-column panels; K blocks of 256), strided operands, every epilogue step and operand broadcast;
// and how matmul_with_epilogue chooses it. The blocking tests run with 256-bit tiles and with the
// host's widest (the same ones on a host without AVX-512).
#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "check.h"
#include "runtime/epilogue.h"
#include "runtime/gemm.h"

using namespace kiln;

namespace {

// Restores KILN_MATMUL's setting when a test ends.
struct MatmulKernel {
  std::string saved = config().matmul_kernel;
  explicit MatmulKernel(const char* mode) { config().matmul_kernel = mode; }
  ~MatmulKernel() { config().matmul_kernel = saved; }
};

// Restores KILN_VECTOR_BITS's setting when a scope ends (256: AVX2 tiles even where the host
// has AVX-512).
struct VectorBits {
  int saved = config().vector_bits;
  explicit VectorBits(int bits) { config().vector_bits = bits; }
  ~VectorBits() { config().vector_bits = saved; }
};

struct Chain {
  std::string name;
  std::vector<Epilogue> steps;
  std::vector<Tensor> operands;
  std::function<Tensor(const Tensor&)> eager;
};

std::vector<Chain> chains(int64_t M, int64_t N, Generator& g) {
  Tensor bias = randn({N}, DType::Float32, &g);
  Tensor residual = randn({M, N}, DType::Float32, &g);
  Tensor column = randn({M, 1}, DType::Float32, &g);
  Tensor scale = randn({1}, DType::Float32, &g);
  // a [1, N] row with stride 2 between its elements (read element by element), away from 0
  Tensor wide = rand({1, 2 * N}, DType::Float32, &g) + 1;
  Tensor every_other = wide.slice(1, 0, 2 * N, 2);
  Tensor wider = randn({M, N + 3}, DType::Float32, &g).narrow(1, 1, N);  // rows N + 3 apart
  return {
      {"none", {}, {}, [](const Tensor& t) { return t; }},
      {"bias relu",
       {{EpiOp::Add, 0, 0, 0}, {EpiOp::Relu}},
       {bias},
       [=](const Tensor& t) { return relu(t + bias); }},
      {"residual, scale and shift",
       {{EpiOp::Add, 0, 0, 0}, {EpiOp::Linear, 0.5f, -1.f}},
       {residual},
       [=](const Tensor& t) { return (t + residual) * 0.5 - 1; }},
      {"column, abs, sqrt",
       {{EpiOp::Sub, 0, 0, 0}, {EpiOp::Abs}, {EpiOp::Linear, 1.f, 1.f}, {EpiOp::Sqrt}},
       {column},
       [=](const Tensor& t) { return sqrt(abs(t - column) + 1); }},
      {"scalar, strided row",
       {{EpiOp::Mul, 0, 0, 0}, {EpiOp::Div, 0, 0, 1}},
       {scale, every_other},
       [=](const Tensor& t) { return t * scale / every_other; }},
      // what each tile finishes itself (a bias per column or per row, then relu or clamp)
      {"strided row bias, clamp",
       {{EpiOp::Add, 0, 0, 0}, {EpiOp::Clamp, -0.5f, 6.f}},
       {every_other},
       [=](const Tensor& t) { return clamp(t + every_other, -0.5, 6); }},
      {"column bias, clamp",
       {{EpiOp::Add, 0, 0, 0}, {EpiOp::Clamp, 0.f, 6.f}},
       {column},
       [=](const Tensor& t) { return clamp(t + column, 0, 6); }},
      {"clamp", {{EpiOp::Clamp, -1.f, 1.f}}, {}, [=](const Tensor& t) { return clamp(t, -1, 1); }},
      {"column bias, residual, relu",
       {{EpiOp::Add, 0, 0, 0}, {EpiOp::Add, 0, 0, 1}, {EpiOp::Relu}},
       {column, wider},
       [=](const Tensor& t) { return relu(t + column + wider); }},
      {"residual",
       {{EpiOp::Add, 0, 0, 0}},
       {residual},
       [=](const Tensor& t) { return t + residual; }},
  };
}

}  // namespace

TEST_CASE("kiln gemm equals eager matmul and epilogue over every blocking edge", "[runtime]") {
  Generator g(31);
  int cases = 0;
  for (int bits : {256, 0})
    // one group of 1 to 13 rows (AVX-512) or groups of up to 6; 64 rows as 13, 13, 13, 13,
    // 12; a row block of 126 rows (nine 14-row groups) then 5
    for (int64_t M : {1, 5, 6, 8, 12, 13, 64, 131})
      for (int64_t K : {1, 3, 256, 257, 784})
        // one panel, partial or whole; a pair with a partial second; two pairs; a pair and one
        for (int64_t N : {1, 10, 16, 17, 40, 64}) {
          VectorBits scope(bits);
          Tensor a = randn({M, K}, DType::Float32, &g);
          Tensor w = randn({N, K}, DType::Float32, &g);
          // b as a linear layer passes it (w transposed), or contiguous [K, N]
          for (bool transposed : {true, false}) {
            Tensor b = transposed ? w.t() : w.t().contiguous();
            Tensor packed = gemm::pack(b);
            Tensor base = matmul(a, b);
            for (const Chain& c : chains(M, N, g)) {
              Tensor out = empty({M, N});
              gemm::sgemm(a, packed, c.steps, c.operands, out);
              INFO(fmt::format("bits={} M={} K={} N={} transposed={} steps: {}", bits, M, K, N,
                               transposed, c.name));
              KILN_CHECK_CLOSE(out, c.eager(base), (test::Tol{1e-4, 1e-4}));
              ++cases;
            }
          }
        }
  CHECK(cases == 2 * 8 * 5 * 6 * 2 * 10);
}

TEST_CASE("kiln gemm reads strided inputs and writes into a wider output", "[runtime]") {
  Generator g(32);
  int64_t M = 20, K = 300, N = 37;
  Tensor big = randn({K, 2 * M}, DType::Float32, &g);
  Tensor a = big.slice(1, 0, 2 * M, 2).t();  // [M, K] with strides (2, 2M)
  Tensor b = randn({2 * K, N + 3}, DType::Float32, &g).slice(0, 0, 2 * K, 2).narrow(1, 1, N);
  Tensor wide = full({M, N + 9}, 7.f);
  Tensor out = wide.narrow(1, 4, N);  // rows of N with a row stride of N + 9
  Epilogue relu_step[] = {{EpiOp::Relu}};
  gemm::sgemm(a, gemm::pack(b), relu_step, {}, out);
  KILN_CHECK_CLOSE(out, relu(matmul(a, b)), (test::Tol{1e-4, 1e-4}));
  // the columns around the output are untouched
  KILN_CHECK_CLOSE(wide.narrow(1, 0, 4), full({M, 4}, 7.f), (test::Tol{0, 0}));
  KILN_CHECK_CLOSE(wide.narrow(1, N + 4, 5), full({M, 5}, 7.f), (test::Tol{0, 0}));
}

TEST_CASE("kiln gemm reads a's unit-stride rows in place, any row stride, with few columns",
          "[runtime]") {
  // Up to four tiles of columns (N <= 128 with AVX-512 tiles, 64 with AVX2 ones) read a as it
  // is; 130 columns pack it. Rows K + 5 apart from an offset view, one K block and several
  // (K = 64: one block, rows close enough for the tiles to prefetch the next group's); 300 rows
  // span several row blocks.
  Generator g(36);
  for (int bits : {256, 0})
    for (int64_t M : {1, 13, 131, 300})
      for (int64_t K : {3, 64, 257})
        for (int64_t N : {10, 24, 64, 100, 130}) {
          VectorBits scope(bits);
          Tensor a = randn({M, K + 5}, DType::Float32, &g).narrow(1, 2, K);
          Tensor b = randn({K, N}, DType::Float32, &g);
          Tensor residual = randn({M, N}, DType::Float32, &g);
          Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Clamp, -2.f, 3.f}};
          Tensor out = empty({M, N});
          gemm::sgemm(a, gemm::pack(b), steps, {&residual, 1}, out);
          INFO(fmt::format("bits={} M={} K={} N={}", bits, M, K, N));
          KILN_CHECK_CLOSE(out, clamp(matmul(a, b) + residual, -2, 3), (test::Tol{1e-4, 1e-4}));
          Tensor plain = empty({M, N});
          gemm::sgemm_unpacked(a, b, steps, {&residual, 1}, plain);
          KILN_CHECK_CLOSE(plain, out, (test::Tol{0, 0}));
        }
}

TEST_CASE("kiln gemm keeps NaN and infinities through its epilogue as eager does", "[runtime]") {
  // Each supported step runs directly in kiln's product.
  auto [a, d, r] = test::epilogue_inputs();
  Tensor base = matmul(a, d);
  Tensor negative_zero = full({4, 4}, -0.f);
  struct Case {
    Epilogue step;
    std::function<Tensor(const Tensor&)> eager;
  };
  std::vector<Case> cases = {
      {{EpiOp::Relu}, [](const Tensor& t) { return relu(t); }},
      {{EpiOp::Abs}, [](const Tensor& t) { return abs(t); }},
      {{EpiOp::Sqrt}, [](const Tensor& t) { return sqrt(t); }},
      {{EpiOp::Linear, 2.f, -1.f}, [](const Tensor& t) { return t * 2 - 1; }},
      {{EpiOp::Add, 0, 0, 0}, [&](const Tensor& t) { return t + r; }},
      {{EpiOp::Sub, 0, 0, 0}, [&](const Tensor& t) { return t - r; }},
      {{EpiOp::Mul, 0, 0, 0}, [&](const Tensor& t) { return t * r; }},
      {{EpiOp::Div, 0, 0, 0}, [&](const Tensor& t) { return t / r; }},
      {{EpiOp::Clamp, 0.f, 6.f}, [](const Tensor& t) { return clamp(t, 0, 6); }},
      {{EpiOp::Clamp, -INFINITY, 1.f}, [](const Tensor& t) { return clamp(t, {}, 1); }},
      {{EpiOp::Clamp, -1.f, INFINITY}, [](const Tensor& t) { return clamp(t, -1, {}); }},
  };
  Tensor packed = gemm::pack(d);
  for (const Case& c : cases) {
    Tensor out = empty({4, 4});
    Tensor ops[] = {r};
    gemm::sgemm(a, packed, std::span<const Epilogue>(&c.step, 1),
                c.step.binary() ? std::span<const Tensor>(ops) : std::span<const Tensor>(), out);
    INFO("step " << int(c.step.op));
    KILN_CHECK_CLOSE(out, c.eager(base), (test::Tol{1e-5, 1e-5}));
  }
  // relu gives +0 for -0, as eager does (a zero product times -1 is -0; the accumulators
  // start at +0, so the product alone never is)
  Tensor out = empty({4, 4});
  Epilogue negate_relu[] = {{EpiOp::Mul, 0, 0, 0}, {EpiOp::Relu}};
  Tensor minus_one[] = {full({1}, -1.f)};
  gemm::sgemm(zeros({4, 4}), packed, negate_relu, minus_one, out);
  for (int64_t i = 0; i < 16; ++i) CHECK_FALSE(std::signbit(out.data<float>()[i]));
  // without the relu the -0 stays (a product by a constant keeps its sign, as eager's mul)
  Epilogue negate[] = {{EpiOp::Linear, -1.f, 0.f}};
  gemm::sgemm(zeros({4, 4}), packed, negate, {}, out);
  for (int64_t i = 0; i < 16; ++i) CHECK(std::signbit(out.data<float>()[i]));
  // clamp at 0 keeps -0 too (eager's -0 < 0 is false)
  Epilogue negate_clamp[] = {{EpiOp::Linear, -1.f, 0.f}, {EpiOp::Clamp, 0.f, 6.f}};
  gemm::sgemm(zeros({4, 4}), packed, negate_clamp, {}, out);
  for (int64_t i = 0; i < 16; ++i) CHECK(std::signbit(out.data<float>()[i]));
}

TEST_CASE("kiln gemm with a prepacked left operand equals packing it per call", "[runtime]") {
  Generator g(35);
  for (int64_t M : {1, 7, 131})
    for (int64_t K : {3, 300, 600}) {                    // one K block, two, three
      Tensor a = randn({K, M}, DType::Float32, &g).t();  // strided rows
      Tensor b = randn({K, 21}, DType::Float32, &g);
      Tensor bias = randn({M, 1}, DType::Float32, &g);
      Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Clamp, -1.f, 1.f}};
      Tensor ops[] = {bias};
      Tensor packed = gemm::pack(b), per_call = empty({M, 21}), prepacked = empty({M, 21});
      // Bit for bit at one thread; with more, a tall product packed per call splits its rows
      // across the threads (tiles of other heights, sums in another order) and a prepacked
      // one its columns.
      int saved = config().num_threads;
      for (int threads : {1, 2}) {
        set_num_threads(threads);
        gemm::sgemm(a, packed, steps, ops, per_call);
        gemm::sgemm(a, packed, steps, ops, prepacked, gemm::pack_rows(a));
        INFO(fmt::format("M={} K={} threads={}", M, K, threads));
        test::Tol tol = threads == 1 ? test::Tol{0, 0} : test::Tol{1e-5, 1e-5};
        KILN_CHECK_CLOSE(prepacked, per_call, tol);
        KILN_CHECK_CLOSE(per_call, clamp(matmul(a, b) + bias, -1, 1), (test::Tol{1e-4, 1e-4}));
      }
      set_num_threads(saved);
    }
  Tensor a = ones({4, 8}), packed_b = gemm::pack(ones({8, 5})), out = empty({4, 5});
  CHECK_THROWS_WITH(gemm::sgemm(a, packed_b, {}, {}, out, ones({31})),
                    Catch::Contains("gemm::sgemm") && Catch::Contains("pack_rows"));
  CHECK_THROWS_WITH(gemm::pack_rows(ones({2, 3, 4})), Catch::Contains("gemm::pack_rows"));
}

TEST_CASE("kiln gemm over a plain b equals the packed product", "[runtime]") {
  Generator g(37);
  int saved = config().num_threads;
  int cases = 0;
  for (int bits : {256, 0})
    for (int threads : {1, 2})
      for (int64_t M : {1, 13, 96})
        // one K block (chunks of 16 panels), two (chunks of 1, or a pair with AVX-512 tiles)
        for (int64_t K : {16, 300})
          for (int64_t N : {7, 49, 1000}) {
            VectorBits scope(bits);
            set_num_threads(threads);
            Tensor a = randn({M, K}, DType::Float32, &g);
            // b as a 1x1 convolution reads an image: rows of a wider tensor; or, every other
            // case, transposed (attention's k^T): unit-stride columns
            Tensor b = cases % 2 ? randn({N + 5, K}, DType::Float32, &g).narrow(0, 2, N).t()
                                 : randn({K, N + 5}, DType::Float32, &g).narrow(1, 2, N);
            Tensor bias = randn({M, 1}, DType::Float32, &g), row = randn({N}, DType::Float32, &g);
            // the whole chain (the generic epilogue), and its first two steps (finished by each
            // tile: a 1x1 convolution's bias and ReLU6)
            Epilogue steps[] = {
                {EpiOp::Add, 0, 0, 0}, {EpiOp::Clamp, -1.f, 2.f}, {EpiOp::Mul, 0, 0, 1}};
            Tensor ops[] = {bias, row};
            for (size_t n : {size_t(3), size_t(2)}) {
              std::span<const Epilogue> chain(steps, n);
              Tensor plain = empty({M, N}), packed = empty({M, N});
              gemm::sgemm_unpacked(a, b, chain, ops, plain);
              gemm::sgemm(a, gemm::pack(b), chain, ops, packed);
              INFO(fmt::format("bits={} threads={} M={} K={} N={} steps={}", bits, threads, M, K, N,
                               n));
              KILN_CHECK_CLOSE(plain, packed, (test::Tol{0, 0}));
              Tensor want = clamp(matmul(a, b) + bias, -1, 2);
              KILN_CHECK_CLOSE(plain, n == 3 ? want * row : want, (test::Tol{1e-4, 1e-4}));
            }
            {  // a 1x1 convolution's bias, residual and ReLU6, finished by each tile
              Tensor res = randn({M, N + 4}, DType::Float32, &g).narrow(1, 3, N);
              Epilogue conv_steps[] = {
                  {EpiOp::Add, 0, 0, 0}, {EpiOp::Add, 0, 0, 1}, {EpiOp::Clamp, 0.f, 6.f}};
              Tensor conv_ops[] = {bias, res};
              Tensor plain = empty({M, N});
              gemm::sgemm_unpacked(a, b, conv_steps, conv_ops, plain);
              KILN_CHECK_CLOSE(plain, clamp(matmul(a, b) + bias + res, 0, 6),
                               (test::Tol{1e-4, 1e-4}));
            }
            ++cases;
          }
  set_num_threads(saved);
  CHECK(cases == 2 * 2 * 3 * 2 * 3);
  Tensor out = empty({4, 5});
  CHECK_THROWS_WITH(gemm::sgemm_unpacked(ones({4, 8}), ones({7, 5}), {}, {}, out),
                    Catch::Contains("gemm::sgemm_unpacked") && Catch::Contains("[7, 5]"));
}

TEST_CASE("gemm::apply runs an epilogue in place over any layout and broadcast", "[runtime]") {
  Generator g(36);
  int saved = config().num_threads;
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    // channels-last [2, 3, 40, 50] (rows along the channels), a contiguous one, and a
    // transposed matrix
    Tensor nhwc = randn({2, 40, 50, 3}, DType::Float32, &g).permute({0, 3, 1, 2});
    Tensor nchw = randn({2, 3, 40, 50}, DType::Float32, &g);
    for (bool last : {true, false}) {
      Tensor base = last ? nhwc : nchw;
      Tensor bias = randn({3, 1, 1}, DType::Float32, &g);
      Tensor residual = randn({2, 3, 50, 40}, DType::Float32, &g).transpose(2, 3);
      Epilogue steps[] = {{EpiOp::Add, 0, 0, 0},
                          {EpiOp::Clamp, -0.5f, 0.5f},
                          {EpiOp::Mul, 0, 0, 1},
                          {EpiOp::Linear, 2.f, 1.f}};
      Tensor ops[] = {bias, residual};
      Tensor out = last ? empty({2, 40, 50, 3}).permute({0, 3, 1, 2}) : empty({2, 3, 40, 50});
      out.copy_(base);
      gemm::apply(steps, ops, out);
      INFO(fmt::format("threads={} strides [{}]", threads, fmt::join(base.strides(), ", ")));
      CHECK(out.strides() == base.strides());
      KILN_CHECK_CLOSE(out, clamp(base + bias, -0.5, 0.5) * residual * 2 + 1,
                       (test::Tol{1e-6, 1e-6}));
    }
    Tensor src = randn({30, 20}, DType::Float32, &g), m = src.t(), out = src.clone().t();
    Epilogue relu_step[] = {{EpiOp::Relu}};
    gemm::apply(relu_step, {}, out);
    KILN_CHECK_CLOSE(out, relu(m), (test::Tol{0, 0}));
    // Eltwise steps only: a dense output is one flat run (in blocks of columns, with a ragged
    // end), also when its dims are permuted; a strided slice is not merged across its gaps,
    // which stay untouched; size-1 dims anywhere.
    Epilogue clamp_step[] = {{EpiOp::Clamp, -0.25f, 0.75f}, {EpiOp::Linear, 3.f, -1.f}};
    Tensor dense = randn({3, 1, 37, 211}, DType::Float32, &g);
    Tensor strided = randn({5, 1, 3001}, DType::Float32, &g);
    auto views = std::vector<std::function<Tensor(const Tensor&)>>{
        [](const Tensor& t) { return t; },
        [](const Tensor& t) { return t.permute({3, 1, 0, 2}); },
    };
    for (auto& view : views) {
      Tensor y = dense.clone(), v = view(y);
      gemm::apply(clamp_step, {}, v);
      KILN_CHECK_CLOSE(v, clamp(view(dense), -0.25, 0.75) * 3 - 1, (test::Tol{1e-6, 1e-6}));
    }
    Tensor y = strided.clone(), v = y.slice(2, 0, 3001, 2);
    gemm::apply(clamp_step, {}, v);
    KILN_CHECK_CLOSE(v, clamp(strided.slice(2, 0, 3001, 2), -0.25, 0.75) * 3 - 1,
                     (test::Tol{1e-6, 1e-6}));
    KILN_CHECK_CLOSE(y.slice(2, 1, 3001, 2), strided.slice(2, 1, 3001, 2), (test::Tol{1e-6, 1e-6}));
  }
  set_num_threads(saved);
  Tensor out = empty({4, 5}, DType::Float64);
  CHECK_THROWS_WITH(gemm::apply({}, {}, out),
                    Catch::Contains("gemm::apply") && Catch::Contains("float64"));
}

TEST_CASE("kiln gemm's threads take over part of a slower thread's share", "[runtime]") {
  // The first share's thread held back (test hook) before its first step (a block of rows by a
  // K block) and after each: the other threads take the back part of its tiles, for the step
  // it is in and all later ones. And a team smaller than the shares (test hook; as OpenMP may
  // give): its threads take the shares not started yet, and must not wait for them. Whichever
  // thread computes a tile, the result must equal one thread's bit for bit, and eager's. One K
  // block or three; one block of rows or two (300 rows of K = 600); an odd panel count and a
  // partial last panel; few columns (a read in place); a prepacked a; the epilogue in the
  // tiles (bias, relu) or after them (a residual); AVX-512 tiles (where the host has them) and
  // 256-bit ones.
  Generator g(35);
  int saved = config().num_threads;
  struct Case {
    int64_t M, K, N;
    bool prepacked;
  };
  std::vector<Case> cases;
  for (int64_t M : {64, 300})
    for (int64_t K : {100, 600})
      for (int64_t N : {592, 590, 100})
        if (M < 2 * N) cases.push_back({M, K, N, false});  // (else the threads split the rows)
  cases.push_back({64, 600, 590, true});
  for (int bits : {0, 256}) {
    VectorBits vb(bits);
    for (const Case& c : cases) {
      Tensor a = randn({c.M, c.K}, DType::Float32, &g), b = randn({c.K, c.N}, DType::Float32, &g);
      Tensor bias = randn({c.N}, DType::Float32, &g);
      Tensor residual = randn({c.M, c.N}, DType::Float32, &g);
      Tensor packed = gemm::pack(b), packed_a = c.prepacked ? gemm::pack_rows(a) : Tensor();
      Epilogue in_tiles[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Relu}};
      Epilogue after[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Mul, 0, 0, 1}};
      Tensor ops[] = {bias, residual};
      INFO(fmt::format("bits={} M={} K={} N={} prepacked={}", bits, c.M, c.K, c.N, c.prepacked));
      set_num_threads(1);
      Tensor one = empty({c.M, c.N}), one_after = empty({c.M, c.N});
      gemm::sgemm(a, packed, in_tiles, ops, one, packed_a);
      gemm::sgemm(a, packed, after, ops, one_after, packed_a);
      KILN_CHECK_CLOSE(one, relu(matmul(a, b) + bias), (test::Tol{1e-4, 1e-4}));
      KILN_CHECK_CLOSE(one_after, (matmul(a, b) + bias) * residual, (test::Tol{1e-4, 1e-4}));
      for (int threads : {2, 3})
        for (int cap : {0, 1, 2}) {
          if (cap >= threads) continue;
          INFO(fmt::format("threads={} team of at most {}", threads, cap));
          set_num_threads(threads);
          gemm::detail::cap_team(cap);
          if (cap == 0) gemm::detail::hold_share_owner(0, 300);
          int64_t before = gemm::tiles_taken_over();
          Tensor out = full({c.M, c.N}, 7.f), out_after = full({c.M, c.N}, 7.f);
          gemm::sgemm(a, packed, in_tiles, ops, out, packed_a);
          gemm::sgemm(a, packed, after, ops, out_after, packed_a);
          gemm::detail::hold_share_owner(-1, 0);
          gemm::detail::cap_team(0);
          CHECK(gemm::tiles_taken_over() >= before + 2);
          KILN_CHECK_CLOSE(out, one, (test::Tol{0, 0}));
          KILN_CHECK_CLOSE(out_after, one_after, (test::Tol{0, 0}));
        }
    }
  }
  set_num_threads(saved);
}

TEST_CASE("kiln gemm splits columns or rows across threads and reads transposed operands",
          "[runtime]") {
  Generator g(34);
  int saved = config().num_threads;
  for (int threads : {1, 2, 3}) {
    set_num_threads(threads);
    // tall products (a channels-last 1x1 convolution's shape) split their rows: per-column
    // bias and clamp in the tiles, a residual, rows not a multiple of the groups, b packed or
    // plain, and one K block or two (each product over 256K flops: smaller ones run on the
    // calling thread); and a classifier head's few rows (64 and 65: the threads' equal row
    // ranges cut the 14-row groups), 10 columns, three K blocks
    struct Tall {
      int64_t M, K, N;
    };
    for (Tall t : {Tall{701, 16, 24}, Tall{701, 300, 24}, Tall{1000, 16, 24}, Tall{1000, 300, 24},
                   Tall{64, 700, 10}, Tall{65, 700, 10}}) {
      auto [M, K, N] = t;
      Tensor a = randn({M, K}, DType::Float32, &g), b = randn({K, N}, DType::Float32, &g);
      Tensor bias = randn({N}, DType::Float32, &g), residual = randn({M, N}, DType::Float32, &g);
      Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Clamp, 0.f, 6.f}};
      Epilogue res_steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Add, 0, 0, 1}};
      Tensor ops[] = {bias}, res_ops[] = {bias, residual};
      Tensor out = empty({M, N}), plain = empty({M, N});
      INFO(fmt::format("threads={} M={} K={}", threads, M, K));
      gemm::sgemm(a, gemm::pack(b), steps, ops, out);
      KILN_CHECK_CLOSE(out, clamp(matmul(a, b) + bias, 0, 6), (test::Tol{1e-4, 1e-4}));
      gemm::sgemm_unpacked(a, b, res_steps, res_ops, plain);
      KILN_CHECK_CLOSE(plain, matmul(a, b) + bias + residual, (test::Tol{1e-4, 1e-4}));
    }
    for (int64_t N : {40, 100}) {
      int64_t M = 13, K = 300;
      Tensor a = randn({M, K}, DType::Float32, &g), b = randn({K, N}, DType::Float32, &g);
      Tensor residual = randn({N, M}, DType::Float32, &g).t();  // [M, N], strides (1, M)
      Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Relu}};
      Tensor ops[] = {residual};
      Tensor out = empty({M, N});
      gemm::sgemm(a, gemm::pack(b), steps, ops, out);
      INFO(fmt::format("threads={} N={}", threads, N));
      KILN_CHECK_CLOSE(out, relu(matmul(a, b) + residual), (test::Tol{1e-4, 1e-4}));
    }
    // wider products split the columns, each thread packing all of a: one row block or two
    // (300 rows of K = 300 are blocks of 210 and 90 rows), two K blocks, a unit-stride or a
    // transposed a, and an odd panel count (200 columns: the last tile is one panel)
    for (int64_t M : {64, 300})
      for (bool transposed : {false, true}) {
        int64_t K = 300, N = 200;
        Tensor a =
            transposed ? randn({K, M}, DType::Float32, &g).t() : randn({M, K}, DType::Float32, &g);
        Tensor b = randn({K, N}, DType::Float32, &g), bias = randn({N}, DType::Float32, &g);
        Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Relu}};
        Tensor ops[] = {bias};
        Tensor out = empty({M, N});
        gemm::sgemm(a, gemm::pack(b), steps, ops, out);
        INFO(fmt::format("threads={} M={} transposed={}", threads, M, transposed));
        KILN_CHECK_CLOSE(out, relu(matmul(a, b) + bias), (test::Tol{1e-4, 1e-4}));
      }
  }
  set_num_threads(saved);
  // K = 0: the epilogue of zeros
  Tensor out = empty({3, 5});
  Epilogue shift[] = {{EpiOp::Linear, 1.f, 2.f}};
  gemm::sgemm(empty({3, 0}), gemm::pack(empty({0, 5})), shift, {}, out);
  KILN_CHECK_CLOSE(out, full({3, 5}, 2.f), (test::Tol{0, 0}));
}

TEST_CASE("kiln batched gemm equals eager matmul over broadcast batches, layouts and epilogues",
          "[runtime]") {
  Generator g(38);
  int saved = config().num_threads;
  int cases = 0;
  for (int threads : {1, 2, 3})
    for (int bits : {256, 0}) {
      set_num_threads(threads);
      VectorBits scope(bits);
      // attention's q @ k^T: q a permuted slice of a wider tensor (rows 3 * D apart), k^T with
      // unit-stride columns; then att @ v with v's rows 3 * D apart
      int64_t B = 2, H = 3, S = 20, d = 17, D = H * d;
      Tensor qkv = randn({B, S, 3 * D}, DType::Float32, &g);
      auto heads = [&](int64_t k) {
        return qkv.slice(-1, k * D, (k + 1) * D).reshape({B, S, H, d}).permute({0, 2, 1, 3});
      };
      Tensor q = heads(0), kt = heads(1).transpose(-2, -1), v = heads(2);
      Tensor scores = empty({B, H, S, S});
      Epilogue scale[] = {{EpiOp::Linear, 0.25f, 0.f}};
      gemm::sgemm_batched(q, kt, scale, {}, scores);
      KILN_CHECK_CLOSE(scores, matmul(q, kt) * 0.25, (test::Tol{1e-4, 1e-4}));
      Tensor att = softmax(scores, -1), o = empty({B, H, S, d});
      gemm::sgemm_batched(att, v, {}, {}, o);
      KILN_CHECK_CLOSE(o, matmul(att, v), (test::Tol{1e-4, 1e-4}));
      // broadcast batch dims (a [3, 1, M, K] against b [4, K, N]), one product of one row,
      // operands: a bias per column, a per-batch mask of out's shape broadcast over one batch
      // dim, then relu; an output whose rows are wider than N
      for (int64_t M : {1, 30})
        for (int64_t N : {1, 40}) {
          Tensor a = randn({3, 1, M, 64}, DType::Float32, &g),
                 b = randn({4, 64, N}, DType::Float32, &g);
          Tensor bias = randn({N}, DType::Float32, &g),
                 mask = randn({1, 4, M, N}, DType::Float32, &g);
          Tensor wide = randn({3, 4, M, N + 3}, DType::Float32, &g);
          Tensor out = wide.narrow(3, 1, N);
          Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Add, 0, 0, 1}, {EpiOp::Relu}};
          Tensor ops[] = {bias, mask};
          gemm::sgemm_batched(a, b, steps, ops, out);
          INFO(fmt::format("threads={} bits={} M={} N={}", threads, bits, M, N));
          KILN_CHECK_CLOSE(out, relu(matmul(a, b) + bias + mask), (test::Tol{1e-4, 1e-4}));
          ++cases;
        }
      // fewer products than threads, or too few to share evenly (3 on 2 threads): one at a time,
      // each split across the threads
      for (int64_t n : {2, 3}) {
        Tensor a = randn({n, 256, 256}, DType::Float32, &g),
               b = randn({n, 256, 64}, DType::Float32, &g);
        Tensor out = empty({n, 256, 64});
        Epilogue relu_step[] = {{EpiOp::Relu}};
        gemm::sgemm_batched(a, b, relu_step, {}, out);
        INFO(fmt::format("threads={} products={}", threads, n));
        KILN_CHECK_CLOSE(out, relu(matmul(a, b)), (test::Tol{1e-4, 1e-4}));
      }
    }
  set_num_threads(saved);
  CHECK(cases == 3 * 2 * 4);
  Tensor out = empty({2, 4, 5});
  CHECK_THROWS_WITH(gemm::sgemm_batched(ones({2, 4, 8}), ones({2, 7, 5}), {}, {}, out),
                    Catch::Contains("gemm::sgemm_batched") && Catch::Contains("[2, 7, 5]"));
  CHECK_THROWS_WITH(gemm::sgemm_batched(ones({3, 4, 8}), ones({2, 8, 5}), {}, {}, out),
                    Catch::Contains("do not broadcast"));
  Tensor columns = empty({2, 5, 4}).transpose(1, 2);  // [2, 4, 5], its columns 4 apart
  CHECK_THROWS_WITH(gemm::sgemm_batched(ones({2, 4, 8}), ones({2, 8, 5}), {}, {}, columns),
                    Catch::Contains("unit-stride"));
}

TEST_CASE("kiln gemm over pointers and strides equals sgemm over tensors", "[runtime]") {
  Generator g(39);
  int saved = config().num_threads;
  for (int threads : {1, 2})
    for (int64_t M : {1, 30, 701})
      for (int64_t N : {10, 40}) {
        set_num_threads(threads);
        int64_t K = 300;
        // a: rows of a wider tensor; out: rows wider than N; operands: a bias per column, a
        // value per row (broadcast along the row), a residual of out's shape
        Tensor a = randn({M, K + 4}, DType::Float32, &g).narrow(1, 1, K);
        Tensor b = randn({K, N}, DType::Float32, &g), packed = gemm::pack(b);
        Tensor bias = randn({N}, DType::Float32, &g), row = randn({M, 1}, DType::Float32, &g);
        Tensor residual = randn({M, N}, DType::Float32, &g);
        Tensor wide = full({M, N + 3}, 7.f), out = wide.narrow(1, 2, N);
        Epilogue steps[] = {{EpiOp::Add, 0, 0, 0},
                            {EpiOp::Mul, 0, 0, 1},
                            {EpiOp::Add, 0, 0, 2},
                            {EpiOp::Clamp, -1.f, 2.f}};
        gemm::OperandView ops[] = {
            {bias.data<float>(), 0, 1}, {row.data<float>(), 1, 0}, {residual.data<float>(), N, 1}};
        gemm::sgemm_views(a.data<float>(), a.strides()[0], 1, M, K, packed, steps, ops,
                          out.data<float>(), out.strides()[0], N);
        INFO(fmt::format("threads={} M={} N={}", threads, M, N));
        Tensor want = empty({M, N});
        Tensor tensors[] = {bias, row, residual};
        gemm::sgemm(a, packed, steps, tensors, want);
        KILN_CHECK_CLOSE(out, want, (test::Tol{0, 0}));
        KILN_CHECK_CLOSE(want, clamp((matmul(a, b) + bias) * row + residual, -1, 2),
                         (test::Tol{1e-4, 1e-4}));
        KILN_CHECK_CLOSE(wide.narrow(1, 0, 2), full({M, 2}, 7.f), (test::Tol{0, 0}));
      }
  set_num_threads(saved);
  Tensor a = ones({4, 8}), packed = gemm::pack(ones({8, 5})), out = empty({4, 5});
  Epilogue add[] = {{EpiOp::Add, 0, 0, 1}}, gelu[] = {{EpiOp::GeluErf}};
  gemm::OperandView one[] = {{a.data<float>(), 0, 0}};
  CHECK_THROWS_WITH(
      gemm::sgemm_views(a.data<float>(), 8, 1, 4, 8, packed, add, one, out.data<float>(), 5, 5),
      Catch::Contains("gemm::sgemm_views") && Catch::Contains("operand 1 of 1"));
  CHECK_THROWS_WITH(
      gemm::sgemm_views(a.data<float>(), 8, 1, 4, 8, packed, gelu, {}, out.data<float>(), 5, 5),
      Catch::Contains("not supported"));
  CHECK_THROWS_WITH(
      gemm::sgemm_views(a.data<float>(), 8, 1, 4, 7, packed, {}, {}, out.data<float>(), 5, 5),
      Catch::Contains("gemm::sgemm_views") && Catch::Contains("[7, 5]"));
}

TEST_CASE("kiln gemm refuses what it cannot run with a clear error", "[runtime]") {
  Tensor a = ones({4, 8}), b = ones({8, 5}), out = empty({4, 5});
  CHECK_THROWS_WITH(gemm::pack(ones({8, 5}, DType::Float64)),
                    Catch::Contains("gemm::pack") && Catch::Contains("float64"));
  Tensor packed = gemm::pack(b);
  Tensor bad_out = empty({4, 5}, DType::Float64);
  CHECK_THROWS_WITH(gemm::sgemm(a, packed, {}, {}, bad_out), Catch::Contains("gemm::sgemm"));
  CHECK_THROWS_WITH(gemm::sgemm(ones({4, 9}), packed, {}, {}, out),
                    Catch::Contains("[4, 9]") && Catch::Contains("do not match"));
  Tensor wider = empty({4, 17});  // b packed for N = 5, not 17
  CHECK_THROWS_WITH(gemm::sgemm(a, packed, {}, {}, wider), Catch::Contains("do not match"));
  Epilogue missing[] = {{EpiOp::Add, 0, 0, 2}};
  CHECK_THROWS_WITH(gemm::sgemm(a, packed, missing, {}, out), Catch::Contains("operand 2 of 0"));
  Epilogue add[] = {{EpiOp::Add, 0, 0, 0}};
  Tensor wrong[] = {ones({3})};
  CHECK_THROWS_WITH(gemm::sgemm(a, packed, add, wrong, out), Catch::Contains("does not broadcast"));
  Epilogue gelu_step[] = {{EpiOp::GeluErf}};
  CHECK_FALSE(gemm::supports(gelu_step));
  CHECK_THROWS_WITH(gemm::sgemm(a, packed, gelu_step, {}, out), Catch::Contains("not supported"));
}

TEST_CASE("matmul epilogues time kiln's gemm against oneDNN and give eager's result either way",
          "[runtime]") {
  Generator g(33);
  for (const char* mode : {"auto", "kiln", "onednn"}) {
    MatmulKernel kernel(mode);
    for (int64_t M : {1, 64}) {
      Tensor x = randn({M, 300}, DType::Float32, &g), w = randn({200, 300}, DType::Float32, &g);
      Tensor bias = randn({200}, DType::Float32, &g);
      Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Relu}};
      Tensor ops[] = {bias};
      Tensor want = relu(matmul(x, w.t()) + bias);
      // first sighting (plain), second (packed; in "auto" the race), then the choice; the
      // weights stay packed in one format at most
      int64_t copies = packed_weight_copies();
      for (int call = 0; call < 4; ++call) {
        Tensor out = empty({M, 200});
        REQUIRE(matmul_with_epilogue(x, w.t(), steps, ops, out));
        INFO(fmt::format("mode {} M={} call {}", mode, M, call));
        KILN_CHECK_CLOSE(out, want, (test::Tol{1e-4, 1e-4}));
      }
      CHECK(packed_weight_copies() - copies <= 1);
      mul_(w, -1);  // updated in place: neither packed copy may be used again
      Tensor out = empty({M, 200});
      REQUIRE(matmul_with_epilogue(x, w.t(), steps, ops, out));
      KILN_CHECK_CLOSE(out, relu(matmul(x, w.t()) + bias), (test::Tol{1e-4, 1e-4}));
    }
  }
  // a batch of products (attention's scores with their scale), raced or forced, gives eager's
  // result every call; forced to kiln, exactly gemm::sgemm_batched's (oneDNN's sums round
  // differently)
  for (const char* mode : {"auto", "kiln", "onednn"}) {
    MatmulKernel kernel(mode);
    // (K = 300: kiln's sums run in two K blocks of 150, added at the end)
    Tensor q = randn({2, 3, 50, 300}, DType::Float32, &g);
    Tensor k = randn({2, 3, 50, 300}, DType::Float32, &g);
    Epilogue scale[] = {{EpiOp::Linear, 0.25f, 0.f}};
    Tensor direct = empty({2, 3, 50, 50});
    gemm::sgemm_batched(q, k.transpose(-2, -1), scale, {}, direct);
    for (int call = 0; call < 3; ++call) {
      Tensor out = empty({2, 3, 50, 50});
      REQUIRE(matmul_with_epilogue(q, k.transpose(-2, -1), scale, {}, out));
      INFO(fmt::format("mode {} call {}", mode, call));
      KILN_CHECK_CLOSE(out, matmul(q, k.transpose(-2, -1)) * 0.25, (test::Tol{1e-4, 1e-4}));
      if (std::string(mode) == "kiln") KILN_CHECK_CLOSE(out, direct, (test::Tol{0, 0}));
    }
  }
  // a compiled model gives eager's results whichever kernel each layer takes
  Tensor w1 = randn({96, 40}, DType::Float32, &g), w2 = randn({24, 96}, DType::Float32, &g);
  Tensor b1 = randn({96}, DType::Float32, &g);
  auto mlp = [&](const Tensor& t) { return linear(relu(linear(t, w1, b1)), w2); };
  for (const char* mode : {"auto", "kiln"}) {
    MatmulKernel kernel(mode);
    auto f = compile(mlp);
    Tensor x = randn({33, 40}, DType::Float32, &g);
    for (int call = 0; call < 3; ++call) KILN_CHECK_CLOSE(f(x), mlp(x), (test::Tol{1e-4, 1e-4}));
  }
}

TEST_CASE("a one-row product by a weight's rows runs as eager's, bit for bit, unpacked",
          "[runtime]") {
  // x @ W^T with one row x (contiguous, or every other element of a wider row): the
  // matrix-vector product eager runs (gemm::gemv), then the epilogue; the weights are never
  // packed. K = 1000 and N = 70 leave remainders everywhere.
  Generator g(34);
  for (const char* mode : {"auto", "kiln"}) {
    MatmulKernel kernel(mode);
    for (int64_t K : {1, 31, 1000}) {
      Tensor w = randn({70, K}, DType::Float32, &g);
      Tensor dense = randn({1, K}, DType::Float32, &g);
      Tensor strided = randn({1, 2 * K}, DType::Float32, &g).slice(1, 0, 2 * K, 2);
      for (const Tensor& x : {dense, strided})
        for (const Chain& c : chains(1, 70, g)) {
          INFO(fmt::format("mode {} K={} x stride {} chain {}", mode, K, x.strides()[1], c.name));
          int64_t copies = packed_weight_copies();
          for (int call = 0; call < 3; ++call) {
            Tensor out = full({1, 70}, std::nanf(""));
            REQUIRE(matmul_with_epilogue(x, w.t(), c.steps, c.operands, out));
            KILN_CHECK_CLOSE(out, c.eager(matmul(x, w.t())), (test::Tol{0, 0}));
          }
          CHECK(packed_weight_copies() == copies);
        }
    }
  }
  // a weight whose rows are not unit-stride takes the other products
  Tensor x = randn({1, 200}, DType::Float32, &g);
  Tensor wt = randn({200, 50}, DType::Float32, &g), bias = randn({50}, DType::Float32, &g);
  Epilogue steps[] = {{EpiOp::Add, 0, 0, 0}, {EpiOp::Relu}};
  Tensor ops[] = {bias};
  Tensor out = empty({1, 50});
  REQUIRE(matmul_with_epilogue(x, wt, steps, ops, out));
  KILN_CHECK_CLOSE(out, relu(matmul(x, wt) + bias), (test::Tol{1e-4, 1e-4}));
}

TEST_CASE("KILN_MATMUL takes only auto, kiln or onednn", "[runtime]") {
  MatmulKernel kernel("fastest");
  Tensor x = ones({4, 8}), w = ones({8, 5}), out = empty({4, 5});
  CHECK_THROWS_WITH(matmul_with_epilogue(x, w, {}, {}, out),
                    Catch::Contains("KILN_MATMUL") && Catch::Contains("fastest"));
}
