// tools/demo.cpp — `kiln demo`: kiln's main job on a small model. It runs a 3-layer MLP
// classifier eagerly, then under kiln::compile (traced once; the replays run fused generated
// kernels around oneDNN's sgemm), checks the two agree and prints the speed-up over eager.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "kiln/cache.h"
#include "kiln/kiln.h"
#include "tools/commands.h"

namespace kiln::tools {

namespace {
struct Mlp {
  Tensor w1, b1, w2, b2, g, beta, w3, b3;
  explicit Mlp(Generator& gen) {
    auto init = [&](int64_t out, int64_t in) {  // PyTorch's Linear default: U(-1/sqrt(in), ..)
      double bound = 1.0 / std::sqrt(double(in));
      return (rand({out, in}, DType::Float32, &gen) * 2 - 1) * bound;
    };
    w1 = init(1024, 784);
    b1 = zeros({1024});
    w2 = init(1024, 1024);
    b2 = zeros({1024});
    g = ones({1024});
    beta = zeros({1024});
    w3 = init(10, 1024);
    b3 = zeros({10});
  }
  Tensor forward(const Tensor& x) const {
    Tensor h = gelu(linear(x, w1, b1));
    h = gelu(layer_norm(linear(h, w2, b2), {1024}, g, beta));
    return log_softmax(linear(h, w3, b3), -1);
  }
};
}  // namespace

int demo(const DemoOptions& o) {
  if (o.threads > 0) set_num_threads(o.threads);
  Generator gen(42);
  Mlp model(gen);
  Tensor x = randn({o.batch, 784}, DType::Float32, &gen);
  fmt::print("kiln {} demo: MLP 784 -> 1024 -> 1024 -> 10 (GELU, LayerNorm, log_softmax)\n",
             version());
  fmt::print("input {} {}, {} threads, eager CPU kernels (oneDNN sgemm for the linears)\n",
             shape_str(x.shape()), name(x.dtype()), num_threads());

  Tensor y = model.forward(x);  // warm-up
  std::vector<double> ms;
  for (int i = 0; i < o.iters; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    y = model.forward(x);
    ms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  double med = ms[ms.size() / 2];
  double flops = 2.0 * o.batch * (784.0 * 1024 + 1024.0 * 1024 + 1024.0 * 10);
  Tensor pred = argmax(y, -1);
  Tensor probs_sum = sum(exp(y), {-1});
  fmt::print("ops per forward: 3 linear, 2 gelu, 1 layer_norm, 1 log_softmax\n");
  fmt::print("output {} -- first row: {}\n", shape_str(y.shape()), y.select(0, 0).to_string());
  fmt::print("predicted classes (first 8): {}\n", pred.slice(0, 0, 8).to_string());
  fmt::print("check: every row's probabilities sum to 1 (max error {:.2e})\n",
             amax(abs(probs_sum - 1)).item<double>());
  fmt::print("eager forward: median {:.3f} ms over {} runs ({:.1f} GFLOP/s)\n", med, o.iters,
             flops / med / 1e6);

  // The same model under kiln::compile: traced once, then replayed.
  auto compiled = compile([&](const Tensor& in) { return model.forward(in); }, {.name = "mlp"});
  auto since = [](auto t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  };
  auto t0 = std::chrono::steady_clock::now();
  Tensor yc = compiled(x);  // traces, compiles (or loads from the disk cache) and runs kernels
  double first_ms = since(t0);
  t0 = std::chrono::steady_clock::now();
  yc = compiled(x);  // replays
  double second_ms = since(t0);
  double max_diff = amax(abs(yc - y)).item<double>();
  std::vector<double> cms;
  for (int i = 0; i < o.iters; ++i) {
    auto c0 = std::chrono::steady_clock::now();
    yc = compiled(x);
    cms.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - c0).count());
  }
  std::sort(cms.begin(), cms.end());
  double cmed = cms[cms.size() / 2];
  fmt::print(
      "compiled: first call {:.1f} ms (trace, kernels compiled or loaded from {}), second "
      "{:.1f} ms, then median {:.3f} ms; max difference from eager {:.1e}\n",
      first_ms, cache::dir().empty() ? "nowhere: the disk cache is off" : cache::dir(), second_ms,
      cmed, max_diff);
  fmt::print("speed-up over eager: {:.2f}x (the three sgemms are most of the time)\n", med / cmed);
  return 0;
}

}  // namespace kiln::tools
