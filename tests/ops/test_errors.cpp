// Bad input gets a kiln::Error naming the op, the shapes/dtypes and the caller's line.
#include <functional>
#include <thread>

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

namespace {
// "test_errors.cpp:LINE": where an error names the caller's line.
std::string here(int line) { return "test_errors.cpp:" + std::to_string(line); }
bool names_line(const Error& e, int line) {
  return std::string(e.where().file_name()).ends_with("test_errors.cpp") &&
         int(e.where().line()) == line &&
         std::string(e.what()).find(here(line)) != std::string::npos;
}
}  // namespace

TEST_CASE("operators name the line of the expression, not kiln's", "[errors]") {
  Tensor a = ones({2}), b = ones({3}), i = ones({3}, DType::Int64), flags = ones({2}, DType::Bool);
  int line = __LINE__ + 1;
  Error e = caught([&] { (void)(a + b); });
  CHECK(names_line(e, line));
  CHECK_THAT(e.message(), Catch::Contains("add: shapes [2] and [3] do not broadcast"));
  // Each form: tensor and tensor, tensor and number, number and tensor, unary, compound.
  line = __LINE__ + 1;
  CHECK(names_line(caught([&] { (void)(a / b); }), line));
  line = __LINE__ + 1;
  CHECK(names_line(caught([&] { (void)(a == b); }), line));
  line = __LINE__ + 1;
  CHECK(names_line(caught([&] { (void)(a & 1); }), line));
  line = __LINE__ + 1;
  CHECK(names_line(caught([&] { (void)(true - flags); }), line));
  line = __LINE__ + 1;
  CHECK(names_line(caught([&] { (void)(-flags); }), line));
  line = __LINE__ + 1;
  CHECK(names_line(caught([&] { (void)(~a); }), line));
  line = __LINE__ + 1;
  CHECK(names_line(caught([&] { i += 1.5; }), line));
  line = __LINE__ + 1;
  CHECK(names_line(caught([&] { a *= b; }), line));
  // In an expression of several operators, the one that fails.
  line = __LINE__ + 1;
  e = caught([&] { (void)((a * 2.0 + 1.0) * b); });
  CHECK(names_line(e, line));
  CHECK_THAT(e.message(), Catch::Contains("mul: shapes [2] and [3]"));
  // Anything that converts to a Tensor is an operand; a braced number is a scalar.
  std::reference_wrapper<Tensor> ref(a);
  KILN_CHECK_EQUAL(ref + a, full({2}, 2.0));
  Tensor c = a.clone();
  c += {2};
  KILN_CHECK_EQUAL(c, full({2}, 3.0));
  // What the operators compute is unchanged.
  KILN_CHECK_EQUAL(2.0 - a * 3.0, full({2}, -1.0));
  KILN_CHECK_EQUAL(~flags, zeros({2}, DType::Bool));
  Tensor k = i.clone();
  k += 2;
  k -= i;
  KILN_CHECK_EQUAL(k, full({3}, 2, DType::Int64));
}

namespace {
// A user's module: its own ops name its own lines; a layer it calls names the line of the call.
struct Net : nn::Module {
  std::shared_ptr<nn::Linear> fc = register_module("fc", std::make_shared<nn::Linear>(4, 3));
  int relu_line = 0, fc_line = 0;
  Net() : Module("Net") {}
  Tensor forward(const Tensor& x) override {
    relu_line = __LINE__ + 1;
    Tensor h = relu(x.size(-1) == 5 ? x * ones({4}) : x);
    fc_line = __LINE__ + 1;
    return (*fc)(h);
  }
};
}  // namespace

TEST_CASE("an error inside a layer names the line that called the layer, and the layers",
          "[errors]") {
  nn::Linear lin(4, 8);
  int line = __LINE__ + 1;
  Error e = caught([&] { lin(ones({3, 5})); });
  CHECK(names_line(e, line));
  CHECK_THAT(e.what(), Catch::EndsWith(here(line) + ", in Linear)"));
  CHECK_THAT(e.message(), Catch::Contains("input's last dim must be 4"));

  nn::Sequential seq;
  seq.push_back(std::make_shared<nn::Linear>(4, 8));
  seq.push_back(std::make_shared<nn::ReLU>());
  seq.push_back(std::make_shared<nn::Linear>(7, 2));
  line = __LINE__ + 1;
  e = caught([&] { seq(ones({3, 4})); });
  CHECK(names_line(e, line));
  CHECK_THAT(e.what(), Catch::EndsWith("in Sequential > Linear)"));

  nn::CrossEntropyLoss loss;
  line = __LINE__ + 1;
  e = caught([&] { loss(ones({2, 3}), full({2}, 7, DType::Int64)); });
  CHECK(names_line(e, line));
  CHECK_THAT(e.what(), Catch::EndsWith("in CrossEntropyLoss)"));

  nn::TransformerEncoder enc([] { return std::make_shared<nn::TransformerEncoderLayer>(8, 2, 16); },
                             2);
  enc.eval();
  line = __LINE__ + 1;
  e = caught([&] { enc.forward(ones({5, 2, 8}), ones({4, 4}), {}); });
  CHECK(names_line(e, line));
  CHECK_THAT(
      e.what(),
      Catch::EndsWith("in TransformerEncoder > TransformerEncoderLayer > MultiheadAttention)"));
  line = __LINE__ + 1;
  e = caught([&] { enc(ones({5, 2, 6})); });
  CHECK(names_line(e, line));
  CHECK_THAT(e.what(), Catch::Contains("in TransformerEncoder > TransformerEncoderLayer"));

  // A user's module: an op it calls itself names its own line; a layer it calls, that call.
  Net net;
  e = caught([&] { net(ones({2, 5})); });
  CHECK(names_line(e, net.relu_line));
  CHECK_THAT(e.what(), !Catch::Contains(", in "));
  e = caught([&] { net(ones({2, 3})); });
  CHECK(names_line(e, net.fc_line));
  CHECK_THAT(e.what(), Catch::EndsWith(here(net.fc_line) + ", in Linear)"));
  // Traced by compile, the same.
  auto f = compile([&](const Tensor& x) { return net(x); });
  KILN_CHECK_EQUAL(f(ones({2, 4})), net(ones({2, 4})));
  e = caught([&] { f(ones({2, 3})); });
  CHECK(names_line(e, net.fc_line));

  // A call is closed when it ends, normally or by an error; calls are per thread.
  line = __LINE__ + 1;
  e = caught([&] { (void)(ones({2}) + ones({3})); });
  CHECK(names_line(e, line));
  CHECK_THAT(e.what(), !Catch::Contains(", in "));
  detail::CallSite open("Outer", std::source_location::current());
  std::thread([&] {
    Error inner = caught([&] { (void)seq[7]; });  // raised in kiln's sources, no call open
    CHECK(detail::in_kiln_sources(inner.where().file_name()));
    CHECK_THAT(inner.what(), !Catch::Contains("Outer"));
  }).join();
  CHECK_FALSE(detail::in_kiln_sources(std::source_location::current().file_name()));
}
