// Reductions, softmax and normalisation against naive loops, on strided inputs, several dim
// sets, keepdim, size-1 and size-0 dims.
#include <numeric>

#include "ops/reference.h"

using namespace kiln;

namespace {
double vsum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }
double vmean(const std::vector<double>& v) { return v.empty() ? NAN : vsum(v) / double(v.size()); }
double vvar(const std::vector<double>& v, int64_t corr) {
  double m = vmean(v), s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return s / std::max(0.0, double(v.size()) - double(corr));
}
}  // namespace

TEST_CASE("reductions match naive loops over any set of dims", "[ops][reduce]") {
  Generator g(3);
  const std::vector<Shape> dimsets = {{}, {0}, {-1}, {0, 2}, {1}};
  for (DType dt : {DType::Float32, DType::Float64, DType::BFloat16, DType::Int32})
    for (bool strided : {false, true})
      for (const Shape& dims : dimsets)
        for (bool keep : {false, true}) {
          Tensor x = test::random_of({3, 4, 5}, dt, g);
          if (strided) x = test::strided_copy(x);
          INFO(name(dt) << " dims " << shape_str(dims) << " keepdim " << keep << " strided "
                        << strided);
          bool fl = is_floating(dt);
          test::Tol tol = test::default_tol(fl ? dt : DType::Float64);
          tol.rtol *= 8;
          tol.atol *= 8;
          KILN_CHECK_CLOSE(sum(x, dims, keep), test::naive_reduce(x, dims, keep, vsum), tol);
          KILN_CHECK_CLOSE(prod(x, dims, keep),
                           test::naive_reduce(x, dims, keep,
                                              [](auto& v) {
                                                return std::accumulate(v.begin(), v.end(), 1.0,
                                                                       std::multiplies<>());
                                              }),
                           tol);
          KILN_CHECK_CLOSE(
              amax(x, dims, keep),
              test::naive_reduce(x, dims, keep,
                                 [](auto& v) { return *std::max_element(v.begin(), v.end()); }),
              tol);
          KILN_CHECK_CLOSE(
              amin(x, dims, keep),
              test::naive_reduce(x, dims, keep,
                                 [](auto& v) { return *std::min_element(v.begin(), v.end()); }),
              tol);
          KILN_CHECK_EQUAL(
              any(x, dims, keep), test::naive_reduce(x, dims, keep, [](auto& v) {
                return double(std::any_of(v.begin(), v.end(), [](double a) { return a != 0; }));
              }));
          KILN_CHECK_EQUAL(
              all(x, dims, keep), test::naive_reduce(x, dims, keep, [](auto& v) {
                return double(std::all_of(v.begin(), v.end(), [](double a) { return a != 0; }));
              }));
          if (fl) {
            KILN_CHECK_CLOSE(mean(x, dims, keep), test::naive_reduce(x, dims, keep, vmean), tol);
            for (int64_t corr : {0, 1}) {
              KILN_CHECK_CLOSE(
                  var(x, dims, corr, keep),
                  test::naive_reduce(x, dims, keep, [=](auto& v) { return vvar(v, corr); }), tol);
              KILN_CHECK_CLOSE(
                  kiln::std(x, dims, corr, keep),
                  test::naive_reduce(x, dims, keep,
                                     [=](auto& v) { return std::sqrt(vvar(v, corr)); }),
                  tol);
            }
            KILN_CHECK_CLOSE(logsumexp(x, dims, keep),
                             test::naive_reduce(x, dims, keep,
                                                [](auto& v) {
                                                  double s = 0;
                                                  for (double a : v) s += std::exp(a);
                                                  return std::log(s);
                                                }),
                             tol);
          } else {
            CHECK(sum(x, dims, keep).dtype() == DType::Int64);
            CHECK_THROWS_AS(mean(x, dims, keep), Error);
          }
        }
}

TEST_CASE("softmax, log_softmax and logsumexp over rows of 1 to 70 match naive loops",
          "[ops][norm]") {
  // Rows shorter than 64 take a block-of-rows path (the exps vectorise across rows), longer
  // ones the per-row path; special rows: all -inf, one +inf, one NaN, a NaN beside +inf.
  Generator g(17);
  for (int64_t n = 1; n <= 70; n += (n < 20 ? 1 : 7)) {
    INFO("rows of " << n);
    Tensor x = randn({300, n}, DType::Float32, &g) * 4;
    float* p = x.data<float>();
    for (int64_t j = 0; j < n; ++j) p[3 * n + j] = -INFINITY;
    p[7 * n + n / 2] = INFINITY;
    p[11 * n + n - 1] = NAN;
    p[13 * n] = NAN;
    p[13 * n + n - 1] = INFINITY;
    std::vector<double> lse(300), sm(size_t(300 * n)), lsm(size_t(300 * n));
    for (int64_t i = 0; i < 300; ++i) {
      double m = -INFINITY;
      bool nan = false;
      for (int64_t j = 0; j < n; ++j) {
        nan = nan || std::isnan(p[i * n + j]);
        m = std::max(m, double(p[i * n + j]));
      }
      double s = 0;
      for (int64_t j = 0; j < n; ++j) s += std::exp(double(p[i * n + j]) - m);
      lse[size_t(i)] = nan ? NAN : std::isinf(m) ? m : std::log(s) + m;
      for (int64_t j = 0; j < n; ++j) {  // (a row of -inf or with +inf is NaN, as PyTorch)
        double d = double(p[i * n + j]) - m;
        sm[size_t(i * n + j)] = nan ? NAN : std::exp(d) / s;
        lsm[size_t(i * n + j)] = nan ? NAN : d - std::log(s);
      }
    }
    test::Tol tol{2e-6, 1e-7};
    KILN_CHECK_CLOSE(logsumexp(x, {1}), tensor<double>(lse, {300}).to(DType::Float32), tol);
    KILN_CHECK_CLOSE(softmax(x, 1), tensor<double>(sm, {300, n}).to(DType::Float32), tol);
    KILN_CHECK_CLOSE(log_softmax(x, 1), tensor<double>(lsm, {300, n}).to(DType::Float32),
                     (test::Tol{2e-6, 2e-6}));
  }
}

TEST_CASE("amax, amin, argmax and argmin find a NaN wherever it falls in the row",
          "[ops][reduce]") {
  // Rows of 32 and more reduce 16 lanes at a time, then the last elements one by one; the
  // arg forms then look for the first index holding the result.
  for (int64_t n : {1, 3, 16, 17, 40, 70}) {
    for (int64_t at = -1; at < n; ++at) {
      INFO("rows of " << n << ", NaN at " << at);
      std::vector<double> v;
      for (int64_t i = 0; i < n; ++i) v.push_back(double((i * 7) % 11) - 5);
      v[size_t(n / 2)] = at == n / 2 ? v[size_t(n / 2)] : -INFINITY;
      if (at >= 0) v[size_t(at)] = NAN;
      for (DType dt : {DType::Float32, DType::Float64, DType::BFloat16}) {
        Tensor x = tensor<double>(v, {1, n}).to(dt);
        double hi = -INFINITY, lo = INFINITY;
        for (double a : v) hi = std::max(hi, a), lo = std::min(lo, a);
        double got_hi = amax(x, {1}).to(DType::Float64).item<double>();
        double got_lo = amin(x, {1}).to(DType::Float64).item<double>();
        CHECK((at >= 0 ? std::isnan(got_hi) : got_hi == hi));
        CHECK((at >= 0 ? std::isnan(got_lo) : got_lo == lo));
        int64_t first_hi = at, first_lo = at;
        if (at < 0) {
          first_hi = std::find(v.begin(), v.end(), hi) - v.begin();
          first_lo = std::find(v.begin(), v.end(), lo) - v.begin();
        }
        CHECK(argmax(x, 1).item<int64_t>() == first_hi);
        CHECK(argmin(x, 1).item<int64_t>() == first_lo);
      }
    }
  }
}

TEST_CASE("sum and mean over leading or middle dims (rows of 8 and more add into columns)",
          "[ops][reduce]") {
  // Contiguous inputs reduced over consecutive dims that keep dims after them take the column
  // path (runtime/kernels/reduce.cpp: as_columns): one slice or several, blocks of 512 columns,
  // rows split into partial sums where the pieces are few.
  Generator g(8);
  struct Case {
    Shape shape, dims;
  };
  const std::vector<Case> cases = {
      {{3, 5, 24}, {0}}, {{3, 5, 24}, {1}},    {{3, 5, 24}, {0, 1}},      {{2, 70, 9}, {1}},
      {{130, 520}, {0}}, {{1, 1000, 16}, {1}}, {{4, 3, 2, 1100}, {1, 2}}, {{600, 8}, {-2}}};
  for (DType dt :
       {DType::Float32, DType::Float64, DType::BFloat16, DType::Float16, DType::Int32, DType::Bool})
    for (const Case& c : cases)
      for (bool keep : {false, true}) {
        Tensor x = test::random_of(c.shape, dt, g);
        INFO(name(dt) << " " << shape_str(c.shape) << " dims " << shape_str(c.dims) << " keepdim "
                      << keep);
        bool fl = is_floating(dt);
        test::Tol tol = test::default_tol(fl ? dt : DType::Float64);
        tol.rtol *= 8;
        tol.atol *= 8;
        Tensor s = sum(x, c.dims, keep);
        KILN_CHECK_CLOSE(s, test::naive_reduce(x, c.dims, keep, vsum), tol);
        if (fl)
          KILN_CHECK_CLOSE(mean(x, c.dims, keep), test::naive_reduce(x, c.dims, keep, vmean), tol);
        // The same bits on one thread as on two (the row splits depend on the shape only).
        int threads = num_threads();
        set_num_threads(1);
        Tensor one = sum(x, c.dims, keep);
        set_num_threads(threads);
        KILN_CHECK_EQUAL(one, s);
      }
  // Empty reduced dims give 0 (sum) and NaN (mean); an empty result is empty.
  KILN_CHECK_EQUAL(sum(zeros({0, 16}), {0}), zeros({16}));
  CHECK(std::isnan(mean(zeros({2, 0, 16}), {1}).data<float>()[5]));
  CHECK(sum(zeros({3, 4, 0}), {0}).numel() == 0);
  CHECK(sum(zeros({0, 4, 16}), {1}).numel() == 0);
}

TEST_CASE("reductions over empty and 0-d tensors", "[ops][reduce]") {
  Tensor e = zeros({0, 3});
  KILN_CHECK_EQUAL(sum(e, {0}), zeros({3}));
  KILN_CHECK_EQUAL(prod(e, {0}), ones({3}));
  CHECK(std::isnan(mean(e).item<float>()));
  KILN_CHECK_EQUAL(any(e, {0}), zeros({3}, DType::Bool));
  KILN_CHECK_EQUAL(all(e, {0}), ones({3}, DType::Bool));
  CHECK_THROWS_WITH(amax(e, {0}), Catch::Contains("size 0"));
  KILN_CHECK_EQUAL(amax(e, {1}), zeros({0}));
  Tensor s = scalar_tensor(2.5);
  CHECK(sum(s).item<float>() == 2.5f);
  CHECK(amax(s, {0}).item<float>() == 2.5f);
  CHECK_THROWS_WITH(sum(ones({2, 2}), {0, 0}), Catch::Contains("twice"));
  CHECK_THROWS_WITH(sum(ones({2, 2}), {2}), Catch::Contains("out of range"));
}

TEST_CASE("argmax, argmin, max with indices, cumsum", "[ops][reduce]") {
  Tensor x = tensor<float>({3, 9, 1, 9, 0, 2}, {2, 3});
  KILN_CHECK_EQUAL(argmax(x), scalar_tensor(int64_t(1)));
  KILN_CHECK_EQUAL(argmax(x, 1), tensor<int64_t>({1, 0}));  // first of equal maxima
  KILN_CHECK_EQUAL(argmin(x, 0, true), tensor<int64_t>({0, 1, 0}, {1, 3}));
  auto [v, i] = max(x, -1);
  KILN_CHECK_EQUAL(v, tensor<float>({9, 9}));
  KILN_CHECK_EQUAL(i, tensor<int64_t>({1, 0}));
  KILN_CHECK_EQUAL(cumsum(x, 1), tensor<float>({3, 12, 13, 9, 9, 11}, {2, 3}));
  KILN_CHECK_EQUAL(cumsum(x.t(), 0), tensor<float>({3, 9, 12, 9, 13, 11}, {3, 2}));
  KILN_CHECK_EQUAL(cumsum(tensor<int32_t>({1, 2, 3}), 0), tensor<int64_t>({1, 3, 6}));
  Tensor n = tensor<float>({1, NAN, 5});
  CHECK(argmax(n).item<int64_t>() == 1);
  CHECK(std::isnan(amax(n).item<float>()));
}

TEST_CASE("softmax and normalisations match naive loops", "[ops][norm]") {
  Generator g(5);
  for (DType dt : {DType::Float32, DType::Float64, DType::BFloat16})
    for (bool strided : {false, true})
      for (int64_t dim : {0, 1, -1}) {
        Tensor x = test::random_of({4, 3, 6}, dt, g) * 3;
        if (strided) x = test::strided_copy(x);
        INFO(name(dt) << " dim " << dim << " strided " << strided);
        test::Tol tol = test::default_tol(dt);
        tol.rtol *= 8;
        tol.atol *= 8;
        // softmax = exp(x - logsumexp(x)) computed in float64 from scratch
        Tensor xd = x.to(DType::Float64);
        Tensor lse = logsumexp(xd, {dim}, true);
        KILN_CHECK_CLOSE(softmax(x, dim), exp(xd - lse).to(dt), tol);
        KILN_CHECK_CLOSE(log_softmax(x, dim), (xd - lse).to(dt), tol);
      }
  Tensor x = randn({5, 2, 8}, DType::Float32, &g);
  Tensor w = randn({2, 8}, DType::Float32, &g), b = randn({2, 8}, DType::Float32, &g);
  Tensor mu = mean(x, {1, 2}, true), v = var(x, {1, 2}, 0, true);
  KILN_CHECK_CLOSE(layer_norm(x, {2, 8}, w, b), (x - mu) / sqrt(v + 1e-5) * w + b,
                   (test::Tol{1e-4, 1e-5}));
  KILN_CHECK_CLOSE(layer_norm(x, {8}),
                   (x - mean(x, {-1}, true)) / sqrt(var(x, {-1}, 0, true) + 1e-5),
                   (test::Tol{1e-4, 1e-5}));
  Tensor w8 = randn({8}, DType::Float32, &g);
  KILN_CHECK_CLOSE(rms_norm(x, {8}, w8, 1e-6), x * rsqrt(mean(x * x, {-1}, true) + 1e-6) * w8,
                   (test::Tol{1e-4, 1e-5}));
  Tensor img = randn({2, 3, 4, 5}, DType::Float32, &g);
  Tensor rm = randn({3}, DType::Float32, &g), rv = rand({3}, DType::Float32, &g) + 0.5;
  Tensor gw = randn({3}, DType::Float32, &g), gb = randn({3}, DType::Float32, &g);
  auto c = [](const Tensor& t) { return t.view({1, 3, 1, 1}); };
  KILN_CHECK_CLOSE(batch_norm(img, rm, rv, gw, gb),
                   (img - c(rm)) / sqrt(c(rv) + 1e-5) * c(gw) + c(gb), (test::Tol{1e-4, 1e-5}));
  CHECK_THROWS_WITH(layer_norm(x, {7}), Catch::Contains("normalized_shape [7]"));
  CHECK_THROWS_WITH(softmax(tensor<int64_t>({1, 2}), 0), Catch::Contains("floating dtype"));
}
