// bench/compile_latency.cpp — B7: time to the first fused result of the B1 graph and of the
// B4 encoder layer in a fresh process. bench/run.sh runs it twice: with an empty
// KILN_CACHE_DIR (cold: every kernel compiled) and again (warm: kernels loaded from disk).
// The first call traces, compiles (or loads) the fused kernels and runs them: its time is the
// time to the first result. The second call is a replay, for comparison.
#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "kiln/cache.h"
#include "kiln/kiln.h"

using namespace kiln;

namespace {
double ms_of(const std::function<void()>& f) {
  auto t = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}
void emit(const std::string& workload, const std::string& metric, double v) {
  fmt::print(
      "{{\"workload\": \"{}\", \"peer\": \"kiln compiled\", \"threads\": {}, \"metric\": "
      "\"{}\", \"value\": {:.4f}, \"unit\": \"ms\"}}\n",
      workload, num_threads(), metric, v);
}
}  // namespace

int main() {
  bool warm = !cache::entries().empty();
  Generator gen(1);
  {
    int64_t n = 16 << 20;
    Tensor x = randn({n}, DType::Float32, &gen), w = randn({n}, DType::Float32, &gen),
           b = randn({n}, DType::Float32, &gen);
    auto f = compile(
        [](const Tensor& x, const Tensor& w, const Tensor& b) { return gelu(x * w + b) + x; });
    double before = cache::stats().compile_ms;
    double first = ms_of([&] { f(x, w, b); });
    double compile_ms = cache::stats().compile_ms - before;
    double run = ms_of([&] { f(x, w, b); });
    std::string wl = fmt::format("B7 B1 graph ({})", warm ? "warm" : "cold");
    emit(wl, "kernels compiled or loaded (all threads)", compile_ms);
    emit(wl, "first call: trace + kernels + run", first);
    emit(wl, "replay", run);
    emit(wl, "first call minus a replay", first - run);
  }
  {
    const int64_t D = 256, H = 4, F = 1024, S = 128;
    auto init = [&](int64_t o, int64_t i) {
      return (rand({o, i}, DType::Float32, &gen) * 2 - 1) * (1.0 / std::sqrt(double(i)));
    };
    Tensor w_in = init(3 * D, D), b_in = zeros({3 * D}), w_out = init(D, D), b_out = zeros({D}),
           w1 = init(F, D), b1 = zeros({F}), w2 = init(D, F), b2 = zeros({D}), g1 = ones({D}),
           e1 = zeros({D}), g2 = ones({D}), e2 = zeros({D});
    auto layer = compile([&](const Tensor& x) {
      Tensor qkv = linear(x, w_in, b_in);
      auto heads = [&](int64_t k) {
        return qkv.slice(-1, k * D, (k + 1) * D).reshape({-1, S, H, D / H}).permute({0, 2, 1, 3});
      };
      Tensor att = softmax(
          matmul(heads(0), heads(1).transpose(-2, -1)) * (1.0 / std::sqrt(double(D / H))), -1);
      Tensor o = matmul(att, heads(2)).permute({0, 2, 1, 3}).reshape({-1, S, D});
      Tensor x1 = layer_norm(x + linear(o, w_out, b_out), {D}, g1, e1);
      return layer_norm(x1 + linear(relu(linear(x1, w1, b1)), w2, b2), {D}, g2, e2);
    });
    Tensor x = randn({8, S, D}, DType::Float32, &gen);
    double before = cache::stats().compile_ms;
    double first = ms_of([&] { layer(x); });
    double compile_ms = cache::stats().compile_ms - before;
    double run = ms_of([&] { layer(x); });
    std::string wl = fmt::format("B7 B4 layer ({})", warm ? "warm" : "cold");
    emit(wl, "kernels compiled or loaded (all threads)", compile_ms);
    emit(wl, "first call: trace + kernels + run", first);
    emit(wl, "replay", run);
    emit(wl, "first call minus a replay", first - run);
  }
  return 0;
}
