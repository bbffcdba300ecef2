#include <mutex>
// kiln::compile: captured graphs replay without running the function, results equal eager,
// guards recompile with reasons, breaks are explained, dynamic dims avoid recompiles.
#include <atomic>
#include <thread>

#include "check.h"
#include "kiln/cache.h"

using namespace kiln;

TEST_CASE("a compiled function equals eager and replays without running", "[compile]") {
  Generator g(1);
  Tensor w = randn({8, 4}, DType::Float32, &g), b = randn({8}, DType::Float32, &g);
  int runs = 0;
  auto fn = [&](const Tensor& x) {
    ++runs;
    Tensor h = gelu(linear(x, w, b)) * 0.5 + 1;
    return softmax(h.transpose(0, 1).reshape({8, -1}), -1);
  };
  auto f = compile(fn, {.name = "mlp"});
  Tensor x = randn({3, 4}, DType::Float32, &g);
  Tensor want = fn(x);
  runs = 0;
  KILN_CHECK_FUSED(f(x), want);
  CHECK(runs == 1);
  Tensor x2 = randn({3, 4}, DType::Float32, &g);
  KILN_CHECK_FUSED(f(x2), fn(x2));
  CHECK(runs == 2);  // one for the eager reference: the compiled call replayed
  CHECK(f.traces() == 1);
  // In-place updates of captured tensors are seen (bound by handle).
  w.copy_(zeros({8, 4}));
  KILN_CHECK_FUSED(f(x2), fn(x2));
}

TEST_CASE("compiled functions take static arguments and return tuples and vectors", "[compile]") {
  auto f = compile([](const Tensor& x, double scale, const Tensor& y, bool flip) {
    Tensor a = x * scale + y;
    return std::make_tuple(flip ? neg(a) : a, sum(a, {1}));
  });
  Tensor x = ones({2, 3}), y = arange(3, DType::Float32);
  auto [a, s] = f(x, 2.0, y, false);
  KILN_CHECK_FUSED(a, x * 2.0 + y);
  KILN_CHECK_FUSED(s, sum(x * 2.0 + y, {1}));
  auto [a2, s2] = f(x, 2.0, y, true);  // a static argument changed: recompile
  KILN_CHECK_FUSED(a2, neg(x * 2.0 + y));
  CHECK(f.traces() == 2);
  auto v = compile([](const Tensor& x) { return std::vector<Tensor>{x + 1, x + 2, x}; });
  auto outs = v(x);
  REQUIRE(outs.size() == 3);
  KILN_CHECK_FUSED(outs[1], x + 2);
  CHECK(outs[2].shares_storage(x));
}

TEST_CASE("graph breaks give eager results and are explained with the user's line",
          "[compile][breaks]") {
  reset_explain();
  auto fn = [](const Tensor& x) {
    Tensor y = softmax(x * 2, -1);
    if (amax(y).item<float>() > 0.5f) y = y * 0.5;  // needs a value: a break
    return log(y);
  };
  auto f = compile(fn, {.name = "brk"});
  Generator g(3);
  for (int i = 0; i < 3; ++i) {
    Tensor x = randn({4, 6}, DType::Float32, &g) * (i + 1);
    KILN_CHECK_FUSED(f(x), fn(x));
  }
  auto events = explain_events();
  int breaks = 0;
  for (const auto& e : events)
    if (e.kind == "break") {
      ++breaks;
      CHECK(e.reason == "item() needs a concrete value");
      CHECK(e.file.find("test_compile.cpp") != std::string::npos);
    }
  CHECK(breaks == 3);
  CHECK_THAT(explain(), Catch::Contains("break in brk at test_compile.cpp:") &&
                            Catch::Contains("hint: compute the condition with kiln::where"));
  auto strict = compile(fn, {.name = "strict", .fullgraph = true});
  CHECK_THROWS_WITH(strict(randn({4, 6})),
                    Catch::Contains("graph break in a fullgraph compile: item()"));
}

TEST_CASE("printing and reading data inside a compiled function break the graph",
          "[compile][breaks]") {
  std::string printed;
  auto f = compile([&](const Tensor& x) {
    Tensor y = x + 1;
    printed = y.to_string();
    Tensor z = y * y;
    float first = z.tolist<float>()[0];
    return z + first;
  });
  Tensor x = arange(3, DType::Float32);
  KILN_CHECK_FUSED(f(x), tensor<float>({2, 5, 10}));
  CHECK(printed == "tensor([1., 2., 3.])");
}

TEST_CASE("guards recompile with the failed guard and its values", "[compile][guards]") {
  reset_explain();
  auto f = compile([](const Tensor& x) { return x * 2; }, {.name = "g"});
  f(ones({2, 3}));
  f(ones({2, 3}, DType::Float64));
  f(ones({2, 3, 1}, DType::Float64));
  auto ev = explain_events();
  std::vector<std::string> reasons;
  for (const auto& e : ev)
    if (e.kind == "recompile") reasons.push_back(e.reason);
  REQUIRE(reasons.size() == 2);
  CHECK(reasons[0] == "dtype of input 0 changed float32 -> float64");
  CHECK(reasons[1] == "rank of input 0 changed 2 -> 3");
  CHECK(f.traces() == 3);
}

TEST_CASE("0-d tensor arguments are runtime inputs: one compile for 10,000 values",
          "[compile][guards]") {
  auto f = compile([](const Tensor& x, const Tensor& s) { return x * s + s; });
  Tensor x = arange(4, DType::Float32);
  for (int i = 0; i < 10000; ++i) {
    Tensor s = scalar_tensor(float(i) * 0.5f);
    if (i % 1000 == 0)
      KILN_CHECK_FUSED(f(x, s), x * s + s);
    else
      f(x, s);
  }
  CHECK(f.traces() == 1);
}

TEST_CASE("mark_dynamic gives zero recompiles across batch sizes 1..64", "[compile][dynamic]") {
  reset_explain();
  Generator g(4);
  Tensor w = randn({16, 8}, DType::Float32, &g);
  auto h = compile([&](const Tensor& x) { return softmax(gelu(matmul(x, w.t())), -1); },
                   {.name = "dyn"});
  for (int64_t batch = 1; batch <= 64; ++batch) {
    Tensor x = randn({batch, 8}, DType::Float32, &g);
    mark_dynamic(x, 0);
    Tensor y = h(x);
    if (batch % 16 == 1) KILN_CHECK_FUSED(y, softmax(gelu(matmul(x, w.t())), -1));
  }
  CHECK(h.traces() == 1);
  for (const auto& e : explain_events()) CHECK(e.kind != "recompile");
}

TEST_CASE("a dim that takes a second value becomes dynamic after one recompile",
          "[compile][dynamic]") {
  auto f = compile([](const Tensor& x) { return sum(relu(x - 1), {-1}); });
  for (int64_t n : {5, 7, 9, 11, 13, 50}) {
    Tensor x = arange(n, DType::Float32).view({1, n});
    KILN_CHECK_FUSED(f(x), sum(relu(x - 1), {-1}));
  }
  CHECK(f.traces() == 2);
}

TEST_CASE("a function that reads sizes keeps static shapes, one graph per shape, and says so",
          "[compile][dynamic]") {
  reset_explain();
  auto f = compile([](const Tensor& x) { return x.reshape({x.size(0) * 2, -1}); },
                   {.name = "sizes", .recompile_limit = 3});
  for (int64_t n = 2; n <= 12; n += 2) {
    Tensor x = ones({n, 4});
    CHECK(f(x).shape() == Shape{n * 2, 2});
  }
  CHECK(f.traces() == 6);
  std::string ex = explain();
  CHECK_THAT(ex, Catch::Contains("size of input 0 dim 0 changed 2 -> 4 (the function reads "
                                 "tensor sizes: one graph per shape)"));
  // No contradiction: it never claims dims became dynamic or graphs shape-generic.
  CHECK_THAT(ex, !Catch::Contains("-> dynamic") && !Catch::Contains("shape-generic"));
  for (int64_t n = 2; n <= 12; n += 2) CHECK(f(ones({n, 4})).shape() == Shape{n * 2, 2});
  CHECK(f.traces() == 6);  // every shape replays
}

TEST_CASE("one compiled function called from several threads", "[compile][threads]") {
  Tensor w = randn({6, 6});
  auto f = compile([&](const Tensor& x) { return tanh(matmul(x, w)) + x; });
  std::atomic<int> bad{0};
  std::mutex mu;
  std::string reasons;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      Generator g{uint64_t(t)};
      for (int i = 0; i < 100; ++i) {
        Tensor x = randn({1 + (i % 3), 6}, DType::Float32, &g);
        std::string why = test::mismatch(f(x), tanh(matmul(x, w)) + x, test::kFusedTol);
        if (!why.empty()) {
          ++bad;
          std::lock_guard lock(mu);
          reasons += why + "\n";
        }
      }
    });
  for (auto& th : threads) th.join();
  INFO(reasons);
  CHECK(bad == 0);
}

TEST_CASE("errors inside a compiled function are the eager errors", "[compile][errors]") {
  auto f = compile([](const Tensor& a, const Tensor& b) { return a + b; });
  CHECK_THROWS_WITH(f(ones({3}), ones({4})),
                    Catch::Contains("add: shapes [3] and [4] do not broadcast"));
  auto g2 =
      compile([](const Tensor& x) { return one_hot(x); });  // data-dependent shape: runs eagerly
  KILN_CHECK_FUSED(g2(tensor<int64_t>({2, 0})), one_hot(tensor<int64_t>({2, 0})));
  // An error a compiled run meets in a kernel names the compiled function's line in the user's
  // file, on the first call (which traces) as on replays.
  auto picks = compile([](const Tensor& x, const Tensor& i) { return gather(x, 1, i) * 2; });
  Tensor x = ones({4, 3});
  for (int call = 0; call < 2; ++call) {
    INFO("call " << call);
    Tensor idx = tensor<int64_t>({0, 1, call == 0 ? 7 : 2, 2}, {4, 1});
    if (call == 1) picks(x, idx);  // traced with good indices, then replayed with a bad one
    if (call == 1) idx = tensor<int64_t>({0, 1, 7, 2}, {4, 1});
    try {
      picks(x, idx);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK_THAT(e.message(), Catch::Contains("index 7 is out of range for size 3"));
      CHECK(std::string(e.where().file_name()).find("test_compile.cpp") != std::string::npos);
    }
  }
  // An undefined input: the compiled function's line too.
  int line = __LINE__ + 1;
  auto twice = compile([](const Tensor& t) { return t * 2; }, {.name = "twice"});
  try {
    twice(Tensor());
    FAIL("no error");
  } catch (const Error& e) {
    CHECK_THAT(e.message(), Catch::Contains("twice: input 0 is undefined"));
    CHECK(std::string(e.where().file_name()).find("test_compile.cpp") != std::string::npos);
    CHECK(int(e.where().line()) == line);
  }
}

TEST_CASE("a registered custom op runs eagerly, by name, in .kir, and inside graphs",
          "[compile][custom]") {
  static bool registered = false;
  if (!registered) {
    register_op(
        {.name = "test_scale_shift",
         .num_inputs = 1,
         .shape_rule = [](const std::vector<TensorSpec>& in) { return std::vector{in[0]}; },
         .kernel =
             [](const std::vector<Tensor>& in) { return std::vector<Tensor>{in[0] * 2 + 1}; }});
    registered = true;
  }
  Tensor x = arange(4, DType::Float32);
  KILN_CHECK_FUSED(call_op("test_scale_shift", {x})[0], x * 2 + 1);
  reset_explain();
  auto f = compile(
      [](const Tensor& a) { return relu(call_op("test_scale_shift", {tanh(a)})[0] - 1.5); });
  KILN_CHECK_FUSED(f(x), relu(tanh(x) * 2 + 1 - 1.5));
  KILN_CHECK_FUSED(f(x + 1), relu(tanh(x + 1) * 2 + 1 - 1.5));
  CHECK(f.traces() == 1);
  CHECK(explain_events().empty());  // no break: the op is an opaque node of the graph
  auto p = kir::Program::parse(
      "graph @g(%x: f32[4]) -> (f32[4]) {\n  %0 = test_scale_shift(%x) : f32[4]\n  return %0\n}\n");
  KILN_CHECK_FUSED(p.run({x})[0], x * 2 + 1);
  CHECK_THROWS_WITH(register_op({.name = "test_scale_shift",
                                 .shape_rule = [](auto& in) { return in; },
                                 .kernel = [](auto& in) { return in; }}),
                    Catch::Contains("exists"));
  CHECK_THROWS_WITH(register_op({.name = "neg",
                                 .shape_rule = [](auto& in) { return in; },
                                 .kernel = [](auto& in) { return in; }}),
                    Catch::Contains("an op named 'neg' exists"));
}

TEST_CASE("in-place updates are functionalized: one graph, written back each run",
          "[compile][inplace]") {
  // An SGD-like step: parameters captured by handle, updated in place.
  Generator g(12);
  Tensor w = randn({4, 3}, DType::Float32, &g), v = zeros({4, 3});
  Tensor w_ref = w.clone(), v_ref = v.clone();
  auto step = [](Tensor& w, Tensor& v, const Tensor& x) {
    Tensor grad = matmul(x.t(), tanh(matmul(x, w)));
    mul_(v, 0.9);
    add_(v, grad);
    sub_(w, v * 0.01);
    return sum(w);
  };
  reset_explain();
  auto f = compile([&](const Tensor& x) { return step(w, v, x); }, {.name = "sgd"});
  for (int i = 0; i < 5; ++i) {
    Tensor x = randn({2, 4}, DType::Float32, &g);
    Tensor got = f(x);
    Tensor want = step(w_ref, v_ref, x);
    KILN_CHECK_CLOSE(got, want, (test::Tol{1e-6, 1e-6}));
    KILN_CHECK_CLOSE(w, w_ref, (test::Tol{1e-6, 1e-6}));
    KILN_CHECK_CLOSE(v, v_ref, (test::Tol{1e-6, 1e-6}));
  }
  CHECK(f.traces() == 1);
  CHECK(explain_events().empty());
}

TEST_CASE("in-place updates of traced values and aliases run eagerly, correctly",
          "[compile][inplace]") {
  auto f = compile([](const Tensor& x) {
    Tensor y = x * 2;
    Tensor view = y.reshape({-1});
    add_(view, 1);  // writes through a view of a traced value: must change y too
    return y;
  });
  Tensor x = arange(6, DType::Float32).view({2, 3});
  KILN_CHECK_FUSED(f(x), x * 2 + 1);
  KILN_CHECK_FUSED(f(x), x * 2 + 1);
  Tensor base = zeros({2, 3});
  Tensor row = base.select(0, 1);
  auto g2 = compile([&](const Tensor& x) {
    add_(row, x);  // row aliases base, which the function also reads
    return sum(base, {1});
  });
  KILN_CHECK_FUSED(g2(ones({3})), tensor<float>({0, 3}));
  KILN_CHECK_FUSED(g2(ones({3})), tensor<float>({0, 6}));
  Tensor i = zeros({3}, DType::Int64);
  CHECK_THROWS_WITH(
      add_(i, 0.5),
      Catch::Contains("add_: result type float32 cannot be written into a int64 tensor"));
  Tensor small = zeros({3});
  CHECK_THROWS_WITH(add_(small, ones({2, 3})),
                    Catch::Contains("does not match the tensor's shape [3]"));
}

TEST_CASE("tensors kept from a failed compiled call behave", "[compile][errors]") {
  Tensor kept;
  auto f = compile([&](const Tensor& x) {
    kept = x * 2;                          // stored away while lazy
    return add(x, ones({x.size(0) + 1}));  // then an op fails: as in eager, kept is set
  });
  CHECK_THROWS_WITH(f(ones({3})), Catch::Contains("do not broadcast"));
  KILN_CHECK_FUSED(kept, full({3}, 2.0));
  auto g2 = compile([&](const Tensor& x) -> Tensor {
    kept = x * 3;
    throw std::runtime_error("the user's own failure");
  });
  CHECK_THROWS_AS(g2(ones({3})), std::runtime_error);
  // Never computed (the trace died): reading it is a clear error, not a crash.
  CHECK_THROWS_WITH(kept.tolist<float>(), Catch::Contains("no storage"));
}

TEST_CASE("in-place updates of tensors computed in the graph stay in the graph",
          "[compile][functionalize]") {
  reset_explain();
  auto fn = [](const Tensor& x) {
    Tensor h = x * 2;
    Tensor alias = h;  // another handle to the same tensor sees the update
    h += 1;
    h *= x;
    h -= 0.5;
    return h + alias;  // 2 * (x*2 + 1) * x - 1
  };
  auto f = compile(fn, {.fullgraph = true});  // a break would be an error
  Tensor x = randn({4, 5});
  KILN_CHECK_FUSED(f(x), fn(x));
  Tensor x2 = randn({4, 5});
  KILN_CHECK_FUSED(f(x2), ((x2 * 2 + 1) * x2 - 0.5) * 2);
  CHECK(f.traces() == 1);
  // Through a view, the update needs real memory: a graph break, and still eager's result.
  auto g = compile([](const Tensor& x) {
    Tensor h = x * 2;
    Tensor v = h.transpose(0, 1);
    v += 1;
    return h;
  });
  KILN_CHECK_FUSED(g(x), x * 2 + 1);
  KILN_CHECK_FUSED(g(x2), x2 * 2 + 1);
  CHECK_THAT(explain(), Catch::Contains("in-place update of a view"));
}

TEST_CASE("in-place updates of a compiled function's arguments reach the caller's tensors",
          "[compile][inplace]") {
  // A regression: the update went to the traced stand-in only, so replays left the argument
  // unchanged (eager: [1, 1, 1], then [2, 2, 2]).
  auto f = compile([](const Tensor& x) {
    Tensor y = x;
    y += 1;
    return y * 2;
  });
  Tensor a = zeros({3});
  Tensor r1 = f(a);
  KILN_CHECK_CLOSE(a, full({3}, 1.0f), test::default_tol(DType::Float32));
  KILN_CHECK_CLOSE(r1, full({3}, 2.0f), test::default_tol(DType::Float32));
  Tensor r2 = f(a);
  KILN_CHECK_CLOSE(a, full({3}, 2.0f), test::default_tol(DType::Float32));
  KILN_CHECK_CLOSE(r2, full({3}, 4.0f), test::default_tol(DType::Float32));
  CHECK(f.traces() == 1);
}

TEST_CASE("KILN_PROFILE times each compiled step, per call, and reset starts over",
          "[compile][profile]") {
  Generator g(3);
  // (rows of 48: a softmax over fewer than 32 would run whole, on eager's kernel)
  Tensor w = randn({48, 32}, DType::Float32, &g), b = randn({48}, DType::Float32, &g);
  auto fn = [&](const Tensor& x) { return softmax(relu(linear(x, w, b)) * 2.0 + 1.0, -1); };
  auto f = compile(fn, {.name = "profiled"});
  Tensor x = randn({8, 32}, DType::Float32, &g);
  f(x);  // traced and compiled before profiling starts
  reset_profile();
  bool was = config().profile;
  config().profile = false;
  f(x);
  auto mine = [] {
    std::vector<ProfileEntry> out;
    for (auto& e : profile_entries())
      if (e.graph.find("profiled") != std::string::npos) out.push_back(e);
    return out;
  };
  CHECK(mine().empty());  // off: nothing recorded
  config().profile = true;
  for (int i = 0; i < 3; ++i) KILN_CHECK_FUSED(f(x), fn(x));
  config().profile = was;
  auto es = mine();
  REQUIRE(!es.empty());
  bool product = false, kernel = false;
  for (size_t i = 0; i < es.size(); ++i) {
    CHECK(es[i].calls == 3);
    CHECK(es[i].total_ms >= 0);
    CHECK(!es[i].ops.empty());
    CHECK(!es[i].shape.empty());
    if (i) CHECK(es[i - 1].total_ms >= es[i].total_ms);  // slowest first
    product = product || es[i].ops.find("matmul") != std::string::npos;
    kernel = kernel || es[i].kind == "kernel";
  }
  CHECK(product);
  CHECK(kernel);  // the softmax and its prologue: a fused kernel
  std::string report = profile_report(5);
  CHECK_THAT(report, Catch::Contains("ms per call in all") && Catch::Contains("slowest steps:") &&
                         Catch::Contains("@profiled"));
  reset_profile();
  CHECK(mine().empty());
}

TEST_CASE("rms_norm, var, std and logsumexp compile to one fused kernel each, as eager gives",
          "[compile][fusion]") {
  Generator gen(17);
  float inf = std::numeric_limits<float>::infinity(), nan = std::nanf("");
  Tensor x = randn({9, 33}, DType::Float32, &gen) * 3 + 1, w = randn({33}, DType::Float32, &gen);
  // logsumexp's edge rows: all -inf (-inf), one +inf (+inf), one NaN (NaN), huge values (no
  // overflow: it shifts by the row's max).
  std::vector<float> e = randn({5, 8}, DType::Float32, &gen).tolist<float>();
  for (int j = 0; j < 8; ++j) e[size_t(j)] = -inf;
  e[8 + 3] = inf;
  e[16 + 5] = nan;
  for (int j = 0; j < 8; ++j) e[size_t(24 + j)] *= 1e3f;
  Tensor edges = tensor(e, {5, 8});
  struct Case {
    std::string name;
    std::function<Tensor(const Tensor&)> fn;
    const Tensor* in;
    int kernels = 1;
    bool whole = false;  // the op runs its own kernel
  };
  std::vector<Case> cases = {
      {"rms", [&](const Tensor& t) { return rms_norm(t, {33}, w, 1e-6); }, &x},
      {"rms_default_eps", [](const Tensor& t) { return rms_norm(t, {33}); }, &x},
      {"var", [](const Tensor& t) { return var(t, {-1}); }, &x},
      {"var_keep_c0", [](const Tensor& t) { return var(t, {1}, 0, true); }, &x},
      {"var_c2_all", [](const Tensor& t) { return var(t, {}, 2); }, &x},
      // over a leading dim it stays whole (only trailing dims fuse): the + 1 is the kernel
      {"var_dim0", [](const Tensor& t) { return var(t, {0}, 1, true) + 1; }, &x, 1, true},
      {"std", [](const Tensor& t) { return kiln::std(t, {-1}); }, &x},
      {"std_keep", [](const Tensor& t) { return kiln::std(t, {0, 1}, 1, true) * 2; }, &x},
      {"lse", [](const Tensor& t) { return logsumexp(t, {-1}); }, &x},
      {"lse_edges", [](const Tensor& t) { return logsumexp(t, {1}, true); }, &edges},
  };
  bool was = config().profile;
  config().profile = true;
  for (const Case& c : cases) {
    INFO(c.name);
    reset_profile();
    auto f = compile(c.fn, {.name = "lowered_" + c.name});
    for (int i = 0; i < 3; ++i) KILN_CHECK_FUSED(f(*c.in), c.fn(*c.in));
    int kernels = 0;
    bool whole = false;
    for (const auto& e : profile_entries()) {
      whole = whole || e.ops.find(c.name.substr(0, 3)) != std::string::npos;  // var, rms, ...
      kernels += e.kind == "kernel";
    }
    CHECK(whole == c.whole);
    CHECK(kernels == c.kernels);
  }
  config().profile = was;
  // Divisor n - correction <= 0: NaN (0 / 0), as eager and PyTorch.
  auto one = compile([](const Tensor& t) { return var(t, {1}); });
  Tensor col = randn({4, 1}, DType::Float32, &gen);
  for (int i = 0; i < 2; ++i) KILN_CHECK_EQUAL(isnan(one(col)), ones({4}, DType::Bool));
  // A correction over a symbolic dim stays whole (its count is not a constant); over a static
  // one with the batch dynamic it fuses. Both give eager's values at every batch size.
  auto both = [](const Tensor& t) { return var(t, {0}, 1, true) + kiln::std(t, {1}, 1, true); };
  auto over_batch = compile(both);
  for (int64_t b : {3, 7, 12}) {
    Tensor t = randn({b, 33}, DType::Float32, &gen);
    mark_dynamic(t, 0);
    KILN_CHECK_FUSED(over_batch(t), both(t));
  }
  // Edge cases (compiled against eager; PyTorch agrees): a rank-0 input; a normalized_shape
  // with a symbolic size; logsumexp over a symbolic dim that is 0 in a run (-inf) and a row
  // holding NaN and +inf (NaN); var of values far from 0 (the float32 mean's rounding must not
  // show: 2-3x too large before its correction); n - correction = 0 with a positive sum of
  // squares (inf, not NaN).
  {
    auto rank0 = compile([](const Tensor& t) { return var(t, {-1}, 0) + kiln::std(t, {0}, 0); });
    Tensor s = tensor<float>({2.5f}).reshape({});
    for (int i = 0; i < 2; ++i) KILN_CHECK_EQUAL(rank0(s), var(s, {-1}, 0) + kiln::std(s, {0}, 0));
    auto norms = [](const Tensor& t) {
      return rms_norm(t, {t.shape()[1]}) + layer_norm(t, {t.shape()[1]});
    };
    auto sym = compile(norms);
    for (int64_t n : {3, 5}) {
      Tensor t = randn({2, n}, DType::Float32, &gen);
      mark_dynamic(t, 1);
      KILN_CHECK_FUSED(sym(t), norms(t));
    }
    auto lse = compile([](const Tensor& t) { return logsumexp(t, {1}); });
    for (int64_t n : {4, 0}) {
      Tensor t = n ? tensor<float>({nan, inf, 1, 2, 3, 4, 5, 6}, {2, 4}) : zeros({2, 0});
      mark_dynamic(t, 1);
      KILN_CHECK_EQUAL(lse(t), logsumexp(t, {1}));
    }
    CHECK(std::isnan(logsumexp(tensor<float>({nan, inf}), {0}).item<float>()));
    auto far = [](const Tensor& t) { return var(t, {-1}, 0); };
    auto cfar = compile(far);
    Tensor big = tensor<float>(
        {10000.f, 10000.f, 10000.f, 10000.0009765625f, 1e4f, 1e4f + 0.0009765625f, 1e4f, 1e4f},
        {2, 4});
    for (int i = 0; i < 2; ++i) KILN_CHECK_CLOSE(cfar(big), far(big), (test::Tol{1e-3, 0}));
    auto zero_div = compile([](const Tensor& t) { return var(t, {-1}, 3); });
    Tensor three = tensor<float>({1, 2, 3, 4, 4, 4}, {2, 3});
    for (int i = 0; i < 2; ++i) KILN_CHECK_EQUAL(zero_div(three), var(three, {-1}, 3));  // inf, nan
  }
  // float16 stays whole: the eager kernel rounds once, primitives would round at every step.
  auto half = compile([](const Tensor& t) { return rms_norm(t, {33}) + var(t, {1}, 1, true); });
  Tensor h = x.to(DType::Float16);
  for (int i = 0; i < 2; ++i) KILN_CHECK_EQUAL(half(h), rms_norm(h, {33}) + var(h, {1}, 1, true));
}

TEST_CASE("a first call's background compiles build the variants the run uses, through views",
          "[compile][cache]") {
  // Kernels read transposes of other kernels' results and of a strided input: the prefetch
  // follows those layouts, so every kernel compiles once (before, each kernel reading a view
  // also compiled a contiguous variant nobody ran).
  auto fn = [](const Tensor& x, const Tensor& y) {
    Tensor a = tanh(x * 1.3125f).t();
    Tensor b = sigmoid(a * 0.8125f + y).t();
    Tensor c = b.unsqueeze(0).expand({2, -1, -1});
    return exp(c * -0.4375f).transpose(1, 2) + 0.0625f;
  };
  Generator gen(5);
  Tensor x = randn({40, 24}, DType::Float32, &gen);
  Tensor y = randn({40, 24}, DType::Float32, &gen).t();  // [24, 40], strided
  auto f = compile(fn, {.name = "views_between_kernels"});
  int64_t before = cache::stats().compiles + cache::stats().disk_hits;
  bool was = config().profile;
  config().profile = true;
  reset_profile();
  for (int i = 0; i < 3; ++i) KILN_CHECK_FUSED(f(x, y), fn(x, y));
  config().profile = was;
  detail::wait_for_background_compiles();
  int64_t kernels = 0;
  for (const auto& e : profile_entries()) kernels += e.kind == "kernel";
  CHECK(kernels >= 2);
  CHECK(cache::stats().compiles + cache::stats().disk_hits - before == kernels);
}
