// Autograd: every differentiable op of the table against float64 finite differences (random
// shapes, broadcasting, non-contiguous inputs), the engine's semantics (accumulation,
// retain_graph, kiln::grad, no_grad, detach, version checks) and its errors.
#include <functional>
#include <map>
#include <set>

#include "check.h"
#include "ir/op_table.h"

using namespace kiln;

namespace {

Generator& gen() {
  static Generator g(42);
  return g;
}
// A float64 leaf that requires grad; `transposed` makes it a non-contiguous view.
Tensor leaf(const Shape& s, bool transposed = false, double lo = -2, double hi = 2) {
  Tensor t;
  if (transposed && s.size() >= 2) {
    Shape r = s;
    std::swap(r[r.size() - 1], r[r.size() - 2]);
    t = rand(r, DType::Float64, &gen()).transpose(-1, -2);
  } else {
    t = rand(s, DType::Float64, &gen());
  }
  t = t * (hi - lo) + lo;
  if (!t.is_contiguous()) t = t.detach();
  REQUIRE(t.is_leaf());
  return t.requires_grad_();
}
// Values away from 0 (for log, div, sqrt...).
Tensor positive(const Shape& s, bool transposed = false) { return leaf(s, transposed, 0.5, 2); }
// Distinct values (max/min/sort ties have no derivative).
Tensor distinct(const Shape& s) {
  Tensor t = arange(numel_of(s), DType::Float64) * 0.37;
  std::vector<int64_t> perm;
  Tensor r = randn({numel_of(s)}, DType::Float64, &gen());
  Tensor idx = std::get<1>(sort(r));
  return index_select(t, 0, idx).reshape(s).detach().requires_grad_();
}

using Fn = std::function<Tensor(const std::vector<Tensor>&)>;
struct Case {
  std::string name;
  std::vector<Tensor> inputs;
  Fn fn;
  GradcheckOptions options = {};
};

std::vector<Case> cases() {
  std::vector<Case> c;
  auto unary = [&](const std::string& op, Fn f, bool pos = false) {
    c.push_back({op, {pos ? positive({3, 4}, true) : leaf({3, 4}, true)}, f});
  };
  unary("neg", [](auto& v) { return neg(v[0]); });
  unary("abs", [](auto& v) { return abs(v[0]); }, true);
  unary("sign", [](auto& v) { return sign(v[0]) * v[0]; });
  unary("exp", [](auto& v) { return exp(v[0]); });
  unary("exp2", [](auto& v) { return exp2(v[0]); });
  unary("log", [](auto& v) { return log(v[0]); }, true);
  unary("log2", [](auto& v) { return log2(v[0]); }, true);
  unary("log1p", [](auto& v) { return log1p(v[0]); }, true);
  unary("expm1", [](auto& v) { return expm1(v[0]); });
  unary("sqrt", [](auto& v) { return sqrt(v[0]); }, true);
  unary("rsqrt", [](auto& v) { return rsqrt(v[0]); }, true);
  unary("reciprocal", [](auto& v) { return reciprocal(v[0]); }, true);
  unary("sin", [](auto& v) { return sin(v[0]); });
  unary("cos", [](auto& v) { return cos(v[0]); });
  unary("tan", [](auto& v) { return tan(v[0] * 0.5); });
  unary("tanh", [](auto& v) { return tanh(v[0]); });
  unary("sigmoid", [](auto& v) { return sigmoid(v[0]); });
  unary("relu", [](auto& v) { return relu(v[0]); });
  unary("gelu", [](auto& v) { return gelu(v[0]) + gelu(v[0] * 0.7, "tanh"); });
  unary("silu", [](auto& v) { return silu(v[0]); });
  unary("softplus", [](auto& v) { return softplus(v[0], 2.0, 3.0); });
  unary("elu", [](auto& v) { return elu(v[0], 0.7); });
  unary("leaky_relu", [](auto& v) { return leaky_relu(v[0], 0.1); });
  unary("erf", [](auto& v) { return erf(v[0]); });
  unary("floor", [](auto& v) { return floor(v[0]) + v[0]; });
  unary("ceil", [](auto& v) { return ceil(v[0]) * v[0]; });
  unary("round", [](auto& v) { return round(v[0]) + v[0]; });
  unary("clamp", [](auto& v) { return clamp(v[0], -0.5, 0.7) + clamp(v[0], std::nullopt, 0.1); });
  // through float32: wider steps, so that float32 rounding stays below the tolerance
  c.push_back({"cast",
               {leaf({3, 4}, true)},
               [](auto& v) { return v[0].to(DType::Float32).to(DType::Float64) * 2; },
               {1e-2, 1e-4, 1e-3}});
  auto binary = [&](const std::string& op, Fn f, bool pos = false) {
    // [3, 4] with [4] (broadcast) and a non-contiguous left operand
    c.push_back({op, {leaf({3, 4}, true), pos ? positive({4}) : leaf({4})}, f});
  };
  binary("add", [](auto& v) { return add(v[0], v[1]) + v[0] * 2.5; });
  binary("sub", [](auto& v) { return sub(v[0], v[1]) - 1.5; });
  binary("mul", [](auto& v) { return mul(v[0], v[1]); });
  binary("div", [](auto& v) { return div(v[0], v[1]) + div(v[0], v[1], "floor"); }, true);
  c.push_back({"pow", {positive({3, 4}, true), leaf({4})}, [](auto& v) {
                 return pow(v[0], v[1]) + pow(v[0], 3) + pow(2.0, v[1]);
               }});
  binary("remainder", [](auto& v) { return remainder(v[0], v[1]); }, true);
  c.push_back(
      {"maximum", {distinct({3, 4}), distinct({4})}, [](auto& v) { return maximum(v[0], v[1]); }});
  c.push_back(
      {"minimum", {distinct({3, 4}), distinct({4})}, [](auto& v) { return minimum(v[0], v[1]); }});
  c.push_back(
      {"where", {leaf({3, 4}), leaf({4})}, [](auto& v) { return where(v[0] > 0, v[0], v[1]); }});
  // reductions
  auto reduce = [&](const std::string& op, Fn f, Tensor x = {}) {
    c.push_back({op, {x.defined() ? x : leaf({2, 3, 4}, true)}, f});
  };
  reduce("sum", [](auto& v) { return sum(v[0], {0, 2}) + sum(v[0], {1}, true).sum(); });
  reduce("mean", [](auto& v) { return mean(v[0], {-1}) + mean(v[0]); });
  reduce("prod", [](auto& v) { return prod(v[0], {1}); });
  reduce("amax", [](auto& v) { return amax(v[0], {1}) + max(v[0]); }, distinct({2, 3, 4}));
  reduce("amin", [](auto& v) { return amin(v[0], {0, 2}, true); }, distinct({2, 3, 4}));
  reduce("var", [](auto& v) { return var(v[0], {1}) + var(v[0], {}, 0); });
  reduce("std", [](auto& v) { return kiln::std(v[0], {2}, 1, true); });
  reduce("logsumexp", [](auto& v) { return logsumexp(v[0], {1}); });
  reduce("cumsum", [](auto& v) { return cumsum(v[0], 1); });
  reduce("softmax", [](auto& v) { return softmax(v[0], 1); });
  reduce("log_softmax", [](auto& v) { return log_softmax(v[0], -1); });
  c.push_back({"layer_norm", {leaf({2, 3, 4}, true), leaf({4}), leaf({4})}, [](auto& v) {
                 return layer_norm(v[0], {4}, v[1], v[2]) + layer_norm(v[0], {3, 4});
               }});
  c.push_back({"rms_norm", {leaf({2, 3, 4}, true), leaf({4})}, [](auto& v) {
                 return rms_norm(v[0], {4}, v[1], 1e-5) + rms_norm(v[0], {3, 4});
               }});
  c.push_back({"batch_norm",
               {leaf({2, 3, 2, 2}), leaf({3}), positive({3}), leaf({3}), leaf({3})},
               [](auto& v) { return batch_norm(v[0], v[1], v[2], v[3], v[4], 1e-3); }});
  // linear algebra
  c.push_back({"matmul", {leaf({2, 3, 4}, true), leaf({4, 5})}, [](auto& v) {
                 return matmul(v[0], v[1]);
               }});
  c.push_back(
      {"matmul (batched, 1-D)", {leaf({2, 1, 3, 4}), leaf({3, 4, 2}), leaf({4})}, [](auto& v) {
         return matmul(v[0], v[1]).sum() + matmul(v[0], v[2]).sum() + matmul(v[2], v[1]).sum() +
                matmul(v[2], v[2]);
       }});
  c.push_back({"mm", {leaf({3, 4}, true), leaf({4, 2})}, [](auto& v) { return mm(v[0], v[1]); }});
  c.push_back(
      {"bmm", {leaf({2, 3, 4}, true), leaf({2, 4, 2})}, [](auto& v) { return bmm(v[0], v[1]); }});
  c.push_back({"linear", {leaf({2, 3, 4}), leaf({5, 4}, true), leaf({5})}, [](auto& v) {
                 return linear(v[0], v[1], v[2]);
               }});
  // indexing
  c.push_back({"embedding", {leaf({5, 3})}, [](auto& v) {
                 return embedding(v[0], tensor<int64_t>({0, 2, 2, 4, 0, 1}, {2, 3}));
               }});
  c.push_back({"index_select", {leaf({3, 3}, true)}, [](auto& v) {
                 return index_select(v[0], 0, tensor<int64_t>({2, 0, 2}, {3})) +
                        index_select(v[0], 1, tensor<int64_t>({2, 2, 1}, {3})).t();
               }});
  c.push_back({"gather", {leaf({3, 4})}, [](auto& v) {
                 return gather(v[0], 1, tensor<int64_t>({0, 3, 3, 1, 2, 0}, {3, 2}));
               }});
  c.push_back({"scatter_add", {leaf({3, 4}), leaf({3, 2})}, [](auto& v) {
                 return scatter_add(v[0], 1, tensor<int64_t>({0, 3, 3, 3, 2, 0}, {3, 2}), v[1]);
               }});
  c.push_back({"masked_fill", {leaf({3, 4})}, [](auto& v) {
                 return masked_fill(v[0], tensor<bool>({true, false, false, true}, {4}), 2.0);
               }});
  c.push_back({"cat", {leaf({2, 3}), leaf({2, 1}), leaf({2, 2}, true)}, [](auto& v) {
                 return cat({v[0], v[1], v[2]}, 1) * 3 + stack({v[0], v[0]}).sum();
               }});
  c.push_back({"tril", {leaf({4, 4})}, [](auto& v) { return tril(v[0], -1) + triu(v[0], 1); }});
  c.push_back({"triu", {leaf({3, 5})}, [](auto& v) { return triu(v[0]); }});
  c.push_back({"topk", {distinct({3, 5})}, [](auto& v) { return std::get<0>(topk(v[0], 2)); }});
  c.push_back(
      {"sort", {distinct({3, 5})}, [](auto& v) { return std::get<0>(sort(v[0], 0, true)); }});
  // convolution and pooling: stride, padding, dilation, groups, bias; batched and unbatched
  c.push_back({"conv2d", {leaf({2, 4, 5, 6}), leaf({6, 2, 3, 2}), leaf({6})}, [](auto& v) {
                 return conv2d(v[0], v[1], v[2], {2, 1}, {1, 0}, {1, 2}, 2);
               }});
  c.push_back({"conv2d (unbatched, 1x1, no bias)",
               {leaf({3, 4, 4}), leaf({2, 3, 1, 1})},
               [](auto& v) { return conv2d(v[0], v[1]); }});
  c.push_back({"max_pool2d", {distinct({2, 2, 5, 5})}, [](auto& v) {
                 return max_pool2d(v[0], {3, 3}, {2, 2}, {1, 1}) + max_pool2d(v[0], {2, 2}).sum();
               }});
  c.push_back({"avg_pool2d", {leaf({2, 2, 5, 5})}, [](auto& v) {
                 return avg_pool2d(v[0], {3, 3}, {2, 2}, {1, 1}) +
                        avg_pool2d(v[0], {3, 3}, {2, 2}, {1, 1}, false) * 2;
               }});
  c.push_back({"adaptive_avg_pool2d", {leaf({2, 5, 7})}, [](auto& v) {
                 return adaptive_avg_pool2d(v[0], {3, 2});
               }});
  c.push_back({"as_strided_scatter", {leaf({3, 4})}, [](auto& v) {
                 return call_op(
                     "as_strided_scatter", {v[0], ones({2}, DType::Float64)},
                     {{"size", Shape{2}}, {"stride", Shape{5}}, {"storage_offset", int64_t(1)}})[0];
               }});
  // views
  c.push_back({"reshape", {leaf({3, 4}, true)}, [](auto& v) {
                 return v[0].reshape({2, 6}) * tensor<double>({1, 2, 3, 4, 5, 6}, {6});
               }});
  c.push_back({"permute", {leaf({2, 3, 4})}, [](auto& v) {
                 return v[0].permute({2, 0, 1}) * arange(3, DType::Float64);
               }});
  c.push_back(
      {"transpose", {leaf({2, 3})}, [](auto& v) { return v[0].t() * arange(2, DType::Float64); }});
  c.push_back({"expand", {leaf({3, 1})}, [](auto& v) {
                 return v[0].expand({2, 3, 4}) * arange(4, DType::Float64);
               }});
  c.push_back({"slice", {leaf({5, 4}, true)}, [](auto& v) {
                 return v[0].slice(0, 1, 5, 2) * 2 + v[0].narrow(1, 1, 2).sum();
               }});
  c.push_back({"squeeze", {leaf({3, 1, 2})}, [](auto& v) {
                 return v[0].squeeze(1) * arange(2, DType::Float64) + v[0].squeeze().sum();
               }});
  c.push_back({"unsqueeze", {leaf({3, 2})}, [](auto& v) {
                 return v[0].unsqueeze(0) * arange(2, DType::Float64);
               }});
  c.push_back({"select", {leaf({3, 4})}, [](auto& v) { return v[0].select(1, 2) * 3; }});
  c.push_back({"flatten", {leaf({2, 3, 2})}, [](auto& v) {
                 return v[0].flatten(1) * arange(6, DType::Float64);
               }});
  c.push_back({"diagonal", {leaf({3, 4})}, [](auto& v) { return v[0].diagonal(1) * 2; }});
  return c;
}

}  // namespace

TEST_CASE("every differentiable op's gradient matches finite differences", "[autograd]") {
  std::set<std::string> covered;
  for (const Case& c : cases()) {
    INFO(c.name);
    std::string why = gradcheck(c.fn, c.inputs, c.options);
    CHECK(why == "");
    covered.insert(c.name);
  }
  // Ops whose backward is not written yet: they raise a clear error at backward().
  std::set<std::string> without = {};
  for (const ir::OpDef* d : ir::all_ops()) {
    if (!d->differentiable) continue;
    std::string n(d->name);
    INFO(n);
    if (without.count(n)) {
      CHECK(d->grad == nullptr);
      continue;
    }
    CHECK(d->grad != nullptr);
    CHECK(covered.count(n) == 1);
  }
}

TEST_CASE("backward accumulates into leaves; kiln::grad returns without accumulating",
          "[autograd]") {
  Tensor w = tensor<float>({1, 2, 3}, {3}).requires_grad_();
  Tensor x = tensor<float>({4, 5, 6}, {3});
  Tensor loss = (w * x).sum();
  CHECK(loss.requires_grad());
  CHECK(loss.grad_fn_name() == "SumBackward");
  CHECK(w.is_leaf());
  CHECK_FALSE(loss.is_leaf());
  loss.backward();
  KILN_CHECK_CLOSE(w.grad(), x, test::default_tol(DType::Float32));
  (w * x).sum().backward();
  KILN_CHECK_CLOSE(w.grad(), x * 2, test::default_tol(DType::Float32));
  // grad(): returned, .grad untouched
  auto g = grad({(w * w).sum()}, {w});
  KILN_CHECK_CLOSE(g[0], w.detach() * 2, test::default_tol(DType::Float32));
  KILN_CHECK_CLOSE(w.grad(), x * 2, test::default_tol(DType::Float32));
  // a non-leaf input of grad()
  Tensor h = w * 3;
  auto gh = grad({(h * h).sum()}, {h});
  KILN_CHECK_CLOSE(gh[0], h.detach() * 2, test::default_tol(DType::Float32));
  // retain_grad on a non-leaf
  Tensor mid = w * 2;
  mid.retain_grad();
  (mid * mid).sum().backward();
  KILN_CHECK_CLOSE(mid.grad(), mid.detach() * 2, test::default_tol(DType::Float32));
  // an unused input
  Tensor other = ones({2}).requires_grad_();
  CHECK_THROWS_WITH(grad({(w * 2).sum()}, {other}), Catch::Contains("do not depend on input 0"));
  CHECK_FALSE(grad({(w * 2).sum()}, {other}, {}, false, false, true)[0].defined());
}

TEST_CASE("retain_graph, no_grad, detach and gradients of non-scalar outputs", "[autograd]") {
  Tensor w = tensor<double>({1, -2, 3}, {3}).requires_grad_();
  Tensor y = (w * w).exp().sum();
  y.backward({}, /*retain_graph=*/true);
  Tensor first = w.grad().clone();
  y.backward();
  KILN_CHECK_CLOSE(w.grad(), first * 2, test::default_tol(DType::Float64));
  CHECK_THROWS_WITH(y.backward(), Catch::Contains("already freed"));
  {
    NoGradGuard off;
    Tensor z = w * 2;
    CHECK_FALSE(z.requires_grad());
  }
  Tensor d = w.detach();
  CHECK_FALSE(d.requires_grad());
  CHECK(d.shares_storage(w));
  // non-scalar output: needs a gradient
  Tensor v = w * 3;
  CHECK_THROWS_WITH(v.backward(), Catch::Contains("one-element outputs"));
  w.set_grad(Tensor());
  v.backward(tensor<double>({1, 0, 2}, {3}));
  KILN_CHECK_CLOSE(w.grad(), tensor<double>({3, 0, 6}, {3}), test::default_tol(DType::Float64));
  // higher order: d2/dw2 of sum(w^3) = 6w
  Tensor g1 = grad({(w * w * w).sum()}, {w}, {}, false, /*create_graph=*/true)[0];
  Tensor g2 = grad({g1.sum()}, {w})[0];
  KILN_CHECK_CLOSE(g2, w.detach() * 6, test::default_tol(DType::Float64));
}

TEST_CASE("in-place updates: history follows, saved tensors are checked", "[autograd]") {
  Tensor w = tensor<float>({1, 2, 3}, {3}).requires_grad_();
  // a leaf that requires grad cannot be written in place while grad mode is on
  CHECK_THROWS_WITH(w += 1, Catch::Contains("leaf tensor that requires grad"));
  {
    NoGradGuard off;
    w -= 0.5;  // as optimizers do
  }
  CHECK(w.version() == 1);
  // in place on an intermediate: the gradient follows the new value
  Tensor h = w * 2;
  h += w;  // h = 3w
  h.sum().backward();
  KILN_CHECK_CLOSE(w.grad(), full({3}, 3.0f), test::default_tol(DType::Float32));
  // a tensor saved for backward and then modified: a clear error at backward
  Tensor e = w.exp();
  e *= 2;
  CHECK_THROWS_WITH(e.sum().backward(), Catch::Contains("exp: a tensor saved for backward") &&
                                            Catch::Contains("modified in place"));
  // requires_grad only for leaves of floating dtypes
  CHECK_THROWS_WITH(ones({2}, DType::Int64).requires_grad_(), Catch::Contains("floating-point"));
  CHECK_THROWS_WITH((w * 2).requires_grad_(), Catch::Contains("only leaves"));
  // a custom op without a backward fails at backward(), naming the op; with one, it works
  register_op({.name = "autograd_test_twice",
               .shape_rule = [](const std::vector<TensorSpec>& in) { return std::vector{in[0]}; },
               .kernel = [](const std::vector<Tensor>& in) { return std::vector{in[0] * 2}; }});
  Tensor twice = call_op("autograd_test_twice", {w})[0];
  CHECK(twice.requires_grad());
  CHECK_THROWS_WITH(twice.sum().backward(),
                    Catch::Contains("autograd_test_twice: backward is not implemented"));
  register_op(
      {.name = "autograd_test_cube",
       .shape_rule = [](const std::vector<TensorSpec>& in) { return std::vector{in[0]}; },
       .kernel = [](const std::vector<Tensor>& in) { return std::vector{in[0] * in[0] * in[0]}; },
       .backward =
           [](const std::vector<Tensor>& in, const std::vector<Tensor>&,
              const std::vector<Tensor>& g) { return std::vector{g[0] * in[0] * in[0] * 3}; }});
  Tensor x3 = tensor<double>({1, 2, -3}, {3}).requires_grad_();
  CHECK(gradcheck([](auto& v) { return call_op("autograd_test_cube", {v[0]})[0]; }, {x3}) == "");
}

TEST_CASE("integer results and comparisons carry no gradient", "[autograd]") {
  Tensor x = tensor<float>({3, 1, 2}, {3}).requires_grad_();
  CHECK_FALSE(argmax(x).requires_grad());
  CHECK_FALSE((x > 1).requires_grad());
  auto [v, i] = sort(x);
  CHECK(v.requires_grad());
  CHECK_FALSE(i.requires_grad());
}

TEST_CASE("gradients of broadcasting binary ops on random shapes", "[autograd]") {
  // Shapes drawn at random, operands broadcast against each other in random dims, one of them
  // non-contiguous: the engine must sum each gradient back to its operand's shape.
  Generator g(2024);
  auto draw = [&](int64_t n) { return int64_t(g.next_u64() % uint64_t(n)); };
  for (int trial = 0; trial < 40; ++trial) {
    int64_t rank = 1 + draw(3);
    Shape a, b;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t n = 1 + draw(3);
      a.push_back(draw(3) == 0 ? 1 : n);
      b.push_back(draw(3) == 0 ? 1 : n);
    }
    if (draw(2)) b.erase(b.begin());  // a lower-rank operand
    if (b.empty()) b.push_back(1);
    bool t = a.size() >= 2 && draw(2);
    Tensor x = leaf(a, t, 0.5, 2), y = leaf(b, false, 0.5, 2);
    const char* ops[] = {"add", "sub", "mul", "div", "pow", "maximum", "minimum"};
    std::string op = ops[draw(7)];
    INFO(op << " " << shape_str(a) << (t ? " (transposed)" : "") << " with " << shape_str(b));
    std::string why =
        gradcheck([&](auto& v) { return call_op(op, {v[0], v[1]})[0] * 1.0; }, {x, y});
    CHECK(why == "");
  }
}

TEST_CASE("autograd edge cases: shared and create_graph grads, detach_, views, std at 0, cumsum",
          "[autograd]") {
  const test::Tol tol = test::default_tol(DType::Float32);
  // a grad kept from a create_graph backward is not updated in place by the next one
  Tensor a = tensor<float>({1, 2, 3}, {3}).requires_grad_();
  Tensor c = tensor<float>({1, 2, 3}, {3});
  a.sum().backward({}, false, /*create_graph=*/true);
  (a * c).sum().backward();
  KILN_CHECK_CLOSE(a.grad(), tensor<float>({2, 3, 4}, {3}), tol);
  // add's gradient reaches two leaves as one tensor: each leaf's grad is its own
  Tensor x = ones({3}).requires_grad_(), y = ones({3}).requires_grad_();
  (x + y).sum().backward();
  (x + y).sum().backward();
  KILN_CHECK_CLOSE(x.grad(), full({3}, 2.0f), tol);
  KILN_CHECK_CLOSE(y.grad(), full({3}, 2.0f), tol);
  // logsumexp's gradient is exp(x - lse), as PyTorch: a row holding +inf is NaN only there
  Tensor lx = tensor<float>({INFINITY, 0, 1, 0, 1, 2}, {2, 3}).requires_grad_();
  logsumexp(lx, {1}).sum().backward();
  Tensor lg = lx.grad();
  CHECK(std::isnan(lg.data<float>()[0]));
  KILN_CHECK_CLOSE(lg.narrow(1, 1, 2).narrow(0, 0, 1), zeros({1, 2}), tol);
  KILN_CHECK_CLOSE(lg.narrow(0, 1, 1), softmax(tensor<float>({0, 1, 2}, {1, 3}), 1), tol);
  // ... also when the first backward ran inside a compiled function
  Tensor p = ones({3}).requires_grad_(), q = ones({3}).requires_grad_();
  auto f = compile([&](const Tensor& z) {
    (p + q + z).sum().backward();
    return z * 1;
  });
  f(zeros({3}));
  (p + q).sum().backward();
  KILN_CHECK_CLOSE(p.grad(), full({3}, 2.0f), tol);
  KILN_CHECK_CLOSE(q.grad(), full({3}, 2.0f), tol);
  // a leaf detach_()ed before backward gets no grad, and nothing crashes
  Tensor w = ones({2}).requires_grad_();
  Tensor l = (w * 2).sum();
  w.detach_();
  l.backward();
  CHECK_FALSE(w.grad().defined());
  // writing into a tensor whose views are alive: the views would keep the old history
  Tensor base = a * 1;
  Tensor row = base.select(0, 0);
  CHECK_THROWS_WITH(base.copy_(c * a), Catch::Contains("views of it are alive"));
  // std of equal values: gradient 0, not NaN; cumsum of large values: exact
  Tensor e = ones({3}).requires_grad_();
  kiln::std(e).backward();
  KILN_CHECK_CLOSE(e.grad(), zeros({3}), tol);
  Tensor s = zeros({3}).requires_grad_();
  cumsum(s, 0).backward(tensor<float>({1e8f, 1, 1}, {3}));
  KILN_CHECK_CLOSE(s.grad(), tensor<float>({1e8f + 2, 2, 1}, {3}), tol);
  // clipping float16 grads: the norm is computed in float32
  Tensor h = zeros({2}, DType::Float16).requires_grad_();
  h.set_grad(tensor<float>({300, 0}, {2}).to(DType::Float16));
  Tensor norm = optim::clip_grad_norm_({h}, 1.0);
  CHECK(norm.item<double>() == Approx(300.0));
  CHECK(h.grad().to(DType::Float32).at<float>({0}) == Approx(1.0).epsilon(0.01));
}
