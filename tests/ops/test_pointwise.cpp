// Pointwise ops against scalar reference functions in double, on every dtype each op takes,
// with contiguous and strided inputs, broadcasting, and size-0/size-1 dims.
#include <fmt/format.h>

#include "ops/reference.h"

using namespace kiln;
using test::Tol;

namespace {

const std::vector<Shape> kShapes = {{}, {0}, {1}, {7}, {3, 1, 4}, {2, 0, 3}, {4, 33}};
const std::vector<DType> kFloats = {DType::Float32, DType::Float64, DType::Float16,
                                    DType::BFloat16};
const std::vector<DType> kInts = {DType::UInt8, DType::Int8, DType::Int32, DType::Int64};

struct UnaryCase {
  const char* name;
  std::function<Tensor(const Tensor&)> run;
  std::function<double(double)> ref;
  bool ints = false;  // also takes integer inputs
  bool positive = false;
  double tol_scale = 1;
};

double erf_ref(double x) { return std::erf(x); }

std::vector<UnaryCase> unary_cases() {
  auto sig = [](double x) { return 1 / (1 + std::exp(-x)); };
  return {
      {"neg", [](auto& x) { return neg(x); }, [](double x) { return -x; }, true},
      {"abs", [](auto& x) { return abs(x); }, [](double x) { return std::fabs(x); }, true},
      {"sign", [](auto& x) { return sign(x); }, [](double x) { return double((x > 0) - (x < 0)); },
       true},
      {"exp", [](auto& x) { return exp(x); }, [](double x) { return std::exp(x); }, true},
      {"exp2", [](auto& x) { return exp2(x); }, [](double x) { return std::exp2(x); }},
      {"log", [](auto& x) { return log(x); }, [](double x) { return std::log(x); }, false, true},
      {"log2", [](auto& x) { return log2(x); }, [](double x) { return std::log2(x); }, false, true},
      {"log1p", [](auto& x) { return log1p(x); }, [](double x) { return std::log1p(x); }, false,
       true},
      {"expm1", [](auto& x) { return expm1(x); }, [](double x) { return std::expm1(x); }},
      {"sqrt", [](auto& x) { return sqrt(x); }, [](double x) { return std::sqrt(x); }, true, true},
      {"rsqrt", [](auto& x) { return rsqrt(x); }, [](double x) { return 1 / std::sqrt(x); }, false,
       true},
      {"reciprocal", [](auto& x) { return reciprocal(x); }, [](double x) { return 1 / x; }, false,
       true},
      {"sin", [](auto& x) { return sin(x); }, [](double x) { return std::sin(x); }, true},
      {"cos", [](auto& x) { return cos(x); }, [](double x) { return std::cos(x); }},
      {"tan", [](auto& x) { return tan(x); }, [](double x) { return std::tan(x); }, false, false,
       4},
      {"tanh", [](auto& x) { return tanh(x); }, [](double x) { return std::tanh(x); }},
      {"sigmoid", [](auto& x) { return sigmoid(x); }, sig, true},
      {"relu", [](auto& x) { return relu(x); }, [](double x) { return x > 0 ? x : 0; }, true},
      {"gelu", [](auto& x) { return gelu(x); },
       [](double x) { return 0.5 * x * (1 + std::erf(x / std::sqrt(2.0))); }},
      {"gelu_tanh", [](auto& x) { return gelu(x, "tanh"); },
       [](double x) {
         return 0.5 * x * (1 + std::tanh(std::sqrt(2 / M_PI) * (x + 0.044715 * x * x * x)));
       }},
      {"silu", [](auto& x) { return silu(x); }, [=](double x) { return x * sig(x); }},
      {"softplus", [](auto& x) { return softplus(x, 2.0, 1.0); },
       [](double x) { return 2 * x > 1 ? x : std::log1p(std::exp(2 * x)) / 2; }},
      {"elu", [](auto& x) { return elu(x, 0.7); },
       [](double x) { return x > 0 ? x : 0.7 * std::expm1(x); }},
      {"leaky_relu", [](auto& x) { return leaky_relu(x, 0.2); },
       [](double x) { return x > 0 ? x : 0.2 * x; }},
      {"erf", [](auto& x) { return erf(x); }, erf_ref},
      {"floor", [](auto& x) { return floor(x); }, [](double x) { return std::floor(x); }, true},
      {"ceil", [](auto& x) { return ceil(x); }, [](double x) { return std::ceil(x); }, true},
      {"round", [](auto& x) { return round(x * 2); },
       [](double x) { return std::nearbyint(x * 2); }, true},
      {"clamp", [](auto& x) { return clamp(x, -0.5, 1); },
       [](double x) { return std::min(1.0, std::max(-0.5, x)); }},
  };
}

}  // namespace

TEST_CASE("unary pointwise ops match reference loops on every dtype and layout",
          "[ops][pointwise]") {
  Generator g(7);
  for (const auto& c : unary_cases()) {
    std::vector<DType> dtypes = kFloats;
    if (c.ints) dtypes.insert(dtypes.end(), kInts.begin(), kInts.end());
    for (DType dt : dtypes)
      for (const Shape& s : kShapes)
        for (bool strided : {false, true}) {
          Tensor x = test::random_of(s, dt, g);
          if (c.positive) x = is_floating(dt) ? abs(x) + 0.1 : abs(x) + 1;
          if (c.positive && !is_floating(dt) && dt != DType::UInt8) x = x.to(dt);
          if (strided) x = test::strided_copy(x);
          INFO(c.name << " " << name(dt) << " " << shape_str(s) << (strided ? " strided" : ""));
          Tensor y = c.run(x);
          DType out_dt = y.dtype();
          if (std::string(c.name) == "neg" || std::string(c.name) == "abs" ||
              std::string(c.name) == "relu" || std::string(c.name) == "floor" ||
              std::string(c.name) == "sign")
            CHECK(out_dt == dt);
          else if (is_floating(dt))
            CHECK(out_dt == dt);
          auto xs = x.tolist<double>();
          std::vector<double> want;
          for (double v : xs) want.push_back(test::round_to(c.ref(v), out_dt));
          Tensor w = tensor(want, Shape{int64_t(want.size())}).reshape(s);
          Tol tol = test::default_tol(out_dt);
          tol.rtol *= c.tol_scale * 4;
          tol.atol *= c.tol_scale * 4;
          if (!is_floating(out_dt)) tol = {0, 0};
          KILN_CHECK_CLOSE(y, w, tol);
        }
  }
}

TEST_CASE("integer inputs to float functions compute in float32", "[ops][pointwise]") {
  Tensor x = tensor<int64_t>({0, 1, 2});
  CHECK(exp(x).dtype() == DType::Float32);
  CHECK(sqrt(tensor<bool>({true, false})).dtype() == DType::Float32);
  CHECK(abs(x).dtype() == DType::Int64);
  CHECK_THROWS_AS(gelu(x), Error);
  CHECK_THROWS_AS(neg(tensor<bool>({true})), Error);
}

TEST_CASE("isnan, isinf and logical_not give bool", "[ops][pointwise]") {
  Tensor x = tensor<float>({1.f, NAN, INFINITY, -INFINITY, 0.f});
  KILN_CHECK_EQUAL(isnan(x), tensor<bool>({false, true, false, false, false}));
  KILN_CHECK_EQUAL(isinf(x), tensor<bool>({false, false, true, true, false}));
  KILN_CHECK_EQUAL(logical_not(x), tensor<bool>({false, false, false, false, true}));
  KILN_CHECK_EQUAL(isnan(tensor<int32_t>({1, 2})), tensor<bool>({false, false}));
}

namespace {
struct BinaryCase {
  const char* name;
  std::function<Tensor(const Tensor&, const Tensor&)> run;
  std::function<double(double, double)> ref;
  bool floats, ints, nonzero_b;
};

double py_mod(double a, double b) {
  double r = std::fmod(a, b);
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

std::vector<BinaryCase> binary_cases() {
  return {
      {"add", [](auto& a, auto& b) { return a + b; }, [](double a, double b) { return a + b; },
       true, true, false},
      {"sub", [](auto& a, auto& b) { return a - b; }, [](double a, double b) { return a - b; },
       true, true, false},
      {"mul", [](auto& a, auto& b) { return a * b; }, [](double a, double b) { return a * b; },
       true, true, false},
      {"div", [](auto& a, auto& b) { return a / b; }, [](double a, double b) { return a / b; },
       true, false, true},
      {"floor_div", [](auto& a, auto& b) { return div(a, b, "floor"); },
       [](double a, double b) { return std::floor(a / b); }, true, true, true},
      {"trunc_div", [](auto& a, auto& b) { return div(a, b, "trunc"); },
       [](double a, double b) { return std::trunc(a / b); }, true, true, true},
      {"remainder", [](auto& a, auto& b) { return remainder(a, b); }, py_mod, true, true, true},
      {"maximum", [](auto& a, auto& b) { return maximum(a, b); },
       [](double a, double b) { return std::max(a, b); }, true, true, false},
      {"minimum", [](auto& a, auto& b) { return minimum(a, b); },
       [](double a, double b) { return std::min(a, b); }, true, true, false},
      {"pow", [](auto& a, auto& b) { return pow(abs(a), b); },
       [](double a, double b) { return std::pow(std::fabs(a), b); }, true, false, false},
      {"eq", [](auto& a, auto& b) { return a == b; },
       [](double a, double b) { return double(a == b); }, true, true, false},
      {"ne", [](auto& a, auto& b) { return a != b; },
       [](double a, double b) { return double(a != b); }, true, true, false},
      {"lt", [](auto& a, auto& b) { return a < b; },
       [](double a, double b) { return double(a < b); }, true, true, false},
      {"le", [](auto& a, auto& b) { return a <= b; },
       [](double a, double b) { return double(a <= b); }, true, true, false},
      {"gt", [](auto& a, auto& b) { return a > b; },
       [](double a, double b) { return double(a > b); }, true, true, false},
      {"ge", [](auto& a, auto& b) { return a >= b; },
       [](double a, double b) { return double(a >= b); }, true, true, false},
      {"logical_and", [](auto& a, auto& b) { return logical_and(a, b); },
       [](double a, double b) { return double(a != 0 && b != 0); }, true, true, false},
      {"logical_or", [](auto& a, auto& b) { return logical_or(a, b); },
       [](double a, double b) { return double(a != 0 || b != 0); }, true, true, false},
      {"logical_xor", [](auto& a, auto& b) { return logical_xor(a, b); },
       [](double a, double b) { return double((a != 0) != (b != 0)); }, true, true, false},
      {"bitwise_and", [](auto& a, auto& b) { return a & b; },
       [](double a, double b) { return double(int64_t(a) & int64_t(b)); }, false, true, false},
      {"bitwise_or", [](auto& a, auto& b) { return a | b; },
       [](double a, double b) { return double(int64_t(a) | int64_t(b)); }, false, true, false},
      {"bitwise_xor", [](auto& a, auto& b) { return a ^ b; },
       [](double a, double b) { return double(int64_t(a) ^ int64_t(b)); }, false, true, false},
  };
}
}  // namespace

TEST_CASE("binary ops broadcast and match reference loops", "[ops][pointwise]") {
  Generator g(11);
  const std::vector<std::pair<Shape, Shape>> shapes = {
      {{3, 1, 4}, {5, 4}}, {{2, 3}, {}}, {{0, 3}, {1, 3}}, {{6}, {6}}, {{1}, {2, 1, 1}}};
  for (const auto& c : binary_cases()) {
    std::vector<DType> dtypes;
    if (c.floats) dtypes.insert(dtypes.end(), kFloats.begin(), kFloats.end());
    if (c.ints) dtypes.insert(dtypes.end(), {DType::Int32, DType::Int64, DType::Int8});
    for (DType dt : dtypes)
      for (const auto& [sa, sb] : shapes)
        for (bool strided : {false, true}) {
          Tensor a = test::random_of(sa, dt, g), b = test::random_of(sb, dt, g);
          if (c.nonzero_b) b = where(b == 0, Scalar(3), b).to(dt);
          if (strided) {
            a = test::strided_copy(a);
            b = test::strided_copy(b);
          }
          INFO(c.name << " " << name(dt) << " " << shape_str(sa) << " , " << shape_str(sb)
                      << (strided ? " strided" : ""));
          Tensor y = c.run(a, b);
          Shape s = y.shape();
          auto av = test::values_as(a, s), bv = test::values_as(b, s);
          std::vector<double> want;
          for (size_t i = 0; i < av.size(); ++i)
            want.push_back(test::round_to(c.ref(av[i], bv[i]), y.dtype()));
          Tol tol = test::default_tol(y.dtype());
          tol.rtol *= 4;
          tol.atol *= 4;
          KILN_CHECK_CLOSE(y, tensor(want, Shape{int64_t(want.size())}).reshape(s), tol);
        }
  }
}

TEST_CASE("type promotion follows PyTorch", "[ops][promotion]") {
  auto i32 = tensor<int32_t>({1, 2}), i64 = tensor<int64_t>({1, 2});
  auto f16 = tensor<float>({1, 2}).to(DType::Float16), f64 = tensor<double>({1, 2});
  auto u8 = tensor<uint8_t>({1, 2}), b = tensor<bool>({true, false});
  CHECK((i32 + i64).dtype() == DType::Int64);
  CHECK((i32 + 2.5).dtype() == DType::Float32);  // a float scalar lifts ints to float32
  CHECK((f16 + 2.5).dtype() == DType::Float16);  // but never widens a float tensor
  CHECK((i32 + 5).dtype() == DType::Int32);      // an int scalar keeps the tensor's int type
  CHECK((u8 + 1000).dtype() == DType::UInt8);
  CHECK((f16 + f64).dtype() == DType::Float64);
  CHECK((b + b).dtype() == DType::Bool);
  CHECK((b + u8).dtype() == DType::UInt8);
  CHECK((i32 + scalar_tensor(2.0)).dtype() == DType::Float32);  // 0-d float tensor: category wins
  CHECK((i32 + scalar_tensor(int64_t(2))).dtype() == DType::Int32);  // 0-d int: dims win
  CHECK((f16 + tensor<float>({1.f}).to(DType::BFloat16)).dtype() == DType::Float32);
  CHECK((i64 / i64).dtype() == DType::Float32);
  CHECK((i64 == 1.5).dtype() == DType::Bool);
  CHECK(promote_types(DType::UInt8, DType::Int8) == DType::Int32);  // PyTorch: int16, absent here
}

TEST_CASE("integer division and remainder by zero are errors", "[ops][errors]") {
  auto a = tensor<int64_t>({1, 2}), z = tensor<int64_t>({1, 0});
  CHECK_THROWS_WITH(div(a, z, "floor"), Catch::Contains("integer division by zero"));
  CHECK_THROWS_WITH(remainder(a, z), Catch::Contains("remainder"));
  CHECK_THROWS_WITH(pow(a, tensor<int64_t>({-1, 1})), Catch::Contains("negative integer powers"));
  // True division of integers is float division: inf, not an error.
  CHECK(std::isinf((a / z).at<float>({1})));
}

TEST_CASE("where selects with broadcasting and promotion", "[ops][pointwise]") {
  Tensor c = tensor<bool>({true, false, true});
  Tensor y = where(c, tensor<int64_t>({1, 2, 3}), Scalar(0.5));
  KILN_CHECK_EQUAL(y, tensor<float>({1.f, 0.5f, 3.f}));
  Tensor z = where(c.view({3, 1}), ones({1, 2}), zeros({3, 2}));
  KILN_CHECK_EQUAL(z, tensor<float>({1, 1, 0, 0, 1, 1}, {3, 2}));
  CHECK_THROWS_WITH(where(ones({2}), ones({2}), ones({2})),
                    Catch::Contains("condition must be bool"));
}

#include "runtime/kernels/vector_math.h"

TEST_CASE("float32 erf and tanh are within 3 ulp over the whole range", "[ops][pointwise][math]") {
  double worst_erf = 0, worst_tanh = 0;
  auto check = [&](float x) {
    double e = std::erf(double(x)), t = std::tanh(double(x));
    double ulp_e = std::fabs(double(std::nextafter(float(e), INFINITY)) - double(float(e)));
    double ulp_t = std::fabs(double(std::nextafter(float(t), INFINITY)) - double(float(t)));
    if (e != 0) worst_erf = std::max(worst_erf, std::fabs(kernels::fast_erf(x) - e) / ulp_e);
    if (t != 0) worst_tanh = std::max(worst_tanh, std::fabs(kernels::fast_tanh(x) - t) / ulp_t);
  };
  for (int i = -600000; i <= 600000; ++i) check(float(i) * 1e-5f);  // [-6, 6] in steps of 1e-5
  for (float x = 1e-30f; x < 1e-3f; x *= 1.01f) {
    check(x);
    check(-x);
  }
  CHECK(worst_erf <= 3.0);
  CHECK(worst_tanh <= 2.0);
  CHECK(kernels::fast_erf(INFINITY) == 1.0f);
  CHECK(kernels::fast_tanh(-INFINITY) == -1.0f);
  CHECK(std::isnan(kernels::fast_erf(NAN)));
  CHECK(std::isnan(kernels::fast_tanh(NAN)));
  INFO("worst erf " << worst_erf << " ulp, tanh " << worst_tanh << " ulp");
}

TEST_CASE("clamp keeps NaN, bounds infinities and takes one-sided bounds", "[ops][pointwise]") {
  Tensor x = tensor<float>({std::nanf(""), -INFINITY, INFINITY, -7, 0.5f, 9, -0.f}, {7});
  KILN_CHECK_EQUAL(clamp(x, 0, 6), tensor<float>({std::nanf(""), 0, 6, 0, 0.5f, 6, -0.f}, {7}));
  KILN_CHECK_EQUAL(clamp(x, std::nullopt, 1),
                   tensor<float>({std::nanf(""), -INFINITY, 1, -7, 0.5f, 1, -0.f}, {7}));
  KILN_CHECK_EQUAL(clamp(x, -1, std::nullopt),
                   tensor<float>({std::nanf(""), -1, INFINITY, -1, 0.5f, 9, -0.f}, {7}));
  Tensor i = tensor<int64_t>(
      {std::numeric_limits<int64_t>::min(), -3, 0, 4, std::numeric_limits<int64_t>::max()}, {5});
  KILN_CHECK_EQUAL(clamp(i, -2, 3), tensor<int64_t>({-2, -2, 0, 3, 3}, {5}));
  KILN_CHECK_EQUAL(clamp(i, std::nullopt, 3),
                   tensor<int64_t>({std::numeric_limits<int64_t>::min(), -3, 0, 3, 3}, {5}));
  KILN_CHECK_EQUAL(clamp(tensor<uint8_t>({0, 1, 5, 255}, {4}), 2, std::nullopt),
                   tensor<uint8_t>({2, 2, 5, 255}, {4}));
}
