// Differential testing of kiln::compile: 1,000 random programs over the op table — random
// shapes with broadcasting and views, random chains, random graph breaks — must give the eager
// results, on the first (traced) call and on replay with new input values. The first call runs
// through the interpreter (bit-exact); replays run fused generated kernels, whose float32
// results may differ from eager within test::kFusedTol (tests/check.h says why). Integer and
// bool results are exact.
#include <fmt/format.h>

#include <functional>

#include "kiln/cache.h"
#include "kiln/config.h"
#include "ops/reference.h"

using namespace kiln;

namespace {

// The choices a program makes come from its own generator, reseeded at every call, so eager,
// traced and replayed runs make the same choices.
struct Program {
  uint64_t seed;
  double break_rate;

  std::vector<Tensor> operator()(const std::vector<Tensor>& inputs) const {
    Generator g(seed);
    auto pick = [&](size_t n) { return size_t(g.next_u64() % n); };
    std::vector<Tensor> pool = inputs;
    auto any = [&]() -> Tensor& { return pool[pick(pool.size())]; };
    int steps = 4 + int(pick(10));
    for (int s = 0; s < steps; ++s) {
      Tensor x = any();
      Tensor y;
      int64_t r = x.dim();
      switch (pick(18)) {
        case 0:
          y = exp(clamp(x, -3, 3));
          break;
        case 1:
          y = tanh(x) * 1.5 + 0.25;
          break;
        case 2:
          y = gelu(is_floating(x.dtype()) ? x : x.to(DType::Float32));
          break;
        case 3: {  // binary with another pool tensor when they broadcast, else with itself
          Tensor z = any();
          bool ok = true;
          for (int64_t i = 1; i <= std::min(x.dim(), z.dim()); ++i) {
            int64_t a = x.shape()[x.dim() - i], b = z.shape()[z.dim() - i];
            ok = ok && (a == b || a == 1 || b == 1);
          }
          y = ok ? (pick(2) ? x + z : maximum(x, z)) : x * x;
          break;
        }
        case 4:
          y = r ? sum(x, {int64_t(pick(size_t(r)))}, pick(2) == 1) : sum(x);
          break;
        case 5:
          y = r ? softmax(is_floating(x.dtype()) ? x : x.to(DType::Float32), -1) : x;
          break;
        case 6:
          y = r >= 2 ? x.transpose(0, r - 1) : x.unsqueeze(0);
          break;
        case 7:
          y = x.reshape({-1});
          break;
        case 8:
          y = r ? x.slice(r - 1, 0, std::max<int64_t>(1, x.shape()[r - 1] / 2 + 1)) : x;
          break;
        case 9:
          y = where(x > 0, x, x * -0.5);
          break;
        case 10:
          y = r ? amax(x, {0}, true) : x;
          break;
        case 11:
          y = (x - 1) / 3;
          break;
        case 12:
          y = r ? cat({x, x}, int64_t(pick(size_t(r)))) : stack({x, x});
          break;
        case 13:
          y = x.dim() >= 1 ? mean(x.to(DType::Float32), {-1}) : x;
          break;
        case 14: {
          if (x.dim() == 2)
            y = matmul(x.to(DType::Float32), x.t().to(DType::Float32));
          else
            y = x.unsqueeze(-1).expand(Shape(size_t(x.dim()), -1).empty() ? Shape{2} : [&] {
              Shape t(size_t(x.dim()) + 1, -1);
              t.back() = 2;
              return t;
            }());
          break;
        }
        case 16: {  // a reduction without its dims beside the tensor it reduces
          Tensor f = is_floating(x.dtype()) ? x : x.to(DType::Float32);
          bool keep = pick(2) == 1;
          y = r ? (pick(2) ? logsumexp(f, {-1}, keep) : var(f, {-1}, int64_t(pick(2)), keep)) : f;
          break;
        }
        case 17:
          y = r ? rms_norm(is_floating(x.dtype()) ? x : x.to(DType::Float32), {x.shape()[r - 1]})
                : x;
          break;
        default:
          y = abs(x) + (pick(2) ? 1 : 2);
          break;
      }
      if (double(g.next_u64() % 1000) < break_rate * 1000) {
        // A data-dependent branch: a graph break inside compile.
        double v = sum(y.to(DType::Float64)).item<double>();
        if (v > 0) y = y * 0.75;
      }
      pool.push_back(y);
    }
    return {pool.back(), pool[pool.size() / 2]};
  }
};

std::vector<Tensor> random_inputs(Generator& g, int count, bool ints) {
  std::vector<Tensor> in;
  Shape base;
  int64_t rank = int64_t(g.next_u64() % 4);
  for (int64_t d = 0; d < rank; ++d) base.push_back(int64_t(g.next_u64() % 4) + 1);
  for (int i = 0; i < count; ++i) {
    Shape s = base;
    // Broadcasting partners: drop leading dims or set dims to 1.
    if (!s.empty() && g.next_u64() % 2) s.erase(s.begin());
    for (auto& d : s)
      if (g.next_u64() % 4 == 0) d = 1;
    Tensor t = ints && i == 0 ? randint(-3, 4, s, DType::Int64, &g) : randn(s, DType::Float32, &g);
    in.push_back(g.next_u64() % 3 == 0 && t.dim() > 0 ? test::strided_copy(t) : t);
  }
  return in;
}

}  // namespace

TEST_CASE("1,000 random programs: compiled equals eager, traced and replayed",
          "[compile][differential]") {
  const uint64_t seed = 20261127;
  Generator g(seed);
  reset_explain();
  int compiled_calls = 0, threw = 0, single_trace = 0;
  // Every fused kernel is generated (none falls back to eager), and kernels do run. Rows here
  // are 1-4 long: every other program turns the short-row rules off (KILN_SHORT_ROWS=fused), so
  // that softmax and reductions run in fused kernels too, not on eager's short-row kernels.
  auto s0 = cache::stats();
  struct Restore {  // (a failed REQUIRE leaves the loop early)
    std::string short_rows = config().short_rows;
    ~Restore() { config().short_rows = short_rows; }
  } restore;
  for (int p = 0; p < 1000; ++p) {
    config().short_rows = p % 2 ? "fused" : "auto";
    Program prog{g.next_u64(), p % 3 == 0 ? 0.2 : 0.0};
    int count = 1 + int(g.next_u64() % 3);
    bool ints = g.next_u64() % 4 == 0;
    std::vector<Tensor> in1 = random_inputs(g, count, ints);
    std::vector<Tensor> in2;
    for (const Tensor& t : in1)
      in2.push_back(is_floating(t.dtype()) ? randn(t.shape(), t.dtype(), &g) : t + 1);
    INFO("program " << p << " (seed " << seed << ", program seed " << prog.seed << ")");
    auto f = compile([prog](const std::vector<Tensor>& in) { return prog(in); });
    for (const auto& in : {in1, in2}) {
      std::vector<Tensor> want;
      std::string eager_error;
      try {
        want = prog(in);
      } catch (const Error& e) {
        eager_error = e.message();
      }
      std::vector<Tensor> got;
      std::string compiled_error;
      try {
        got = f(in);
      } catch (const Error& e) {
        compiled_error = e.message();
      }
      ++compiled_calls;
      REQUIRE(compiled_error == eager_error);
      if (!eager_error.empty()) {
        ++threw;
        continue;
      }
      REQUIRE(got.size() == want.size());
      for (size_t k = 0; k < got.size(); ++k) {
        CHECK(got[k].dtype() == want[k].dtype());
        KILN_CHECK_FUSED(got[k], want[k]);
      }
    }
    single_trace += f.traces() == 1;
  }
  auto s1 = cache::stats();
  CHECK(s1.failed == s0.failed);
  // (kernels requested: each new kernel once, from memory or disk or compiled: 3,250 here)
  CHECK(s1.memory_hits + s1.disk_hits + s1.compiles - s0.memory_hits - s0.disk_hits - s0.compiles >
        2000);
  CHECK(compiled_calls == 2000);
  int breaks = 0;
  for (const auto& e : explain_events()) breaks += e.kind == "break";
  CHECK(breaks > 300);        // a third of the programs break, at random points
  CHECK(single_trace > 500);  // most programs traced once and replayed
  CHECK(threw < 100);
}
