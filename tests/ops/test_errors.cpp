// Bad input gets a kiln::Error naming the op, the shapes/dtypes and the caller's line.
#include "check.h"

using namespace kiln;

namespace {
// The message and location of the error `f` throws.
template <class F>
Error caught(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  FAIL("no kiln::Error thrown");
  return Error("unreachable");
}
}  // namespace

TEST_CASE("errors name the op, the inputs and the caller's source line", "[errors]") {
  Tensor a = ones({3}), b = ones({4});
  int line = __LINE__ + 1;
  Error e = caught([&] { add(a, b); });
  CHECK_THAT(e.message(), Catch::Contains("add: shapes [3] and [4] do not broadcast") &&
                              Catch::Contains("inputs: f32[3], f32[4]"));
  CHECK(std::string(e.where().file_name()).find("test_errors.cpp") != std::string::npos);
  CHECK(int(e.where().line()) == line);
  CHECK_THAT(e.what(), Catch::Contains("test_errors.cpp:" + std::to_string(line)));
}

TEST_CASE("each kind of bad input is refused", "[errors]") {
  Tensor x = ones({2, 3});
  CHECK_THROWS_WITH(softmax(x, 2), Catch::Contains("softmax: dim 2 out of range for rank 2"));
  CHECK_THROWS_WITH(sum(x, {-3}), Catch::Contains("sum: dim -3 out of range"));
  CHECK_THROWS_WITH(bitwise_and(x, x), Catch::Contains("bitwise_and: takes integer or bool"));
  CHECK_THROWS_WITH(sub(ones({2}, DType::Bool), ones({2}, DType::Bool)), Catch::Contains("bool"));
  CHECK_THROWS_WITH(conv2d(ones({3, 3}), ones({1, 1, 1, 1})),
                    Catch::Contains("conv2d: input must have rank 3..4"));
  CHECK_THROWS_WITH(gelu(x, "fast"), Catch::Contains("approximate"));
  CHECK_THROWS_WITH(div(x, x, "round"), Catch::Contains("rounding_mode"));
  CHECK_THROWS_WITH(layer_norm(x, {3}, ones({4})), Catch::Contains("weight must have shape [3]"));
  CHECK_THROWS_WITH(cat({}, 0), Catch::Contains("cat: takes at least 1 inputs, got 0"));
  CHECK_THROWS_WITH(batch_norm(ones({2, 3, 4}), ones({2}), ones({3})),
                    Catch::Contains("running_mean must have shape [3]"));
  CHECK_THROWS_WITH(add(Tensor(), x), Catch::Contains("undefined"));
}

TEST_CASE("ops called by name check names, attributes and arity", "[errors]") {
  Tensor x = ones({2, 3});
  CHECK_THROWS_WITH(call_op("nope", {x}), Catch::Contains("unknown op 'nope'"));
  CHECK_THROWS_WITH(call_op("softmax", {x}, {{"axis", int64_t(0)}}),
                    Catch::Contains("softmax: has no attribute 'axis'"));
  CHECK_THROWS_WITH(call_op("softmax", {x}), Catch::Contains("attribute 'dim' is required"));
  CHECK_THROWS_WITH(call_op("softmax", {x}, {{"dim", std::string("0")}}),
                    Catch::Contains("wrong kind of value"));
  CHECK_THROWS_WITH(call_op("add", {x}), Catch::Contains("add: takes 2 inputs, got 1"));
  auto y = call_op("sum", {x}, {{"dims", int64_t(1)}, {"keepdim", true}});
  CHECK(y[0].shape() == Shape{2, 1});
  CHECK(op_names().size() >= 90);
}

TEST_CASE("string attributes are validated and string literals work by name", "[errors]") {
  Tensor x = ones({2});
  CHECK_THROWS_WITH(
      call_op("gelu", {x}, {{"approximate", "bogus"}}),
      Catch::Contains("gelu: approximate must be \"none\" or \"tanh\", got \"bogus\""));
  KILN_CHECK_EQUAL(call_op("gelu", {x}, {{"approximate", "tanh"}})[0], gelu(x, "tanh"));
  CHECK_THROWS_WITH(
      kir::Program::parse("graph @g(%x: f32[2]) -> (f32[2]) {\n"
                          "  %0 = gelu(%x) {approximate = \"fast\"} : f32[2]\n  return %0\n}\n"),
      Catch::Contains("approximate must be"));
}
