// bench/train_bench.cpp — B5 (a training step: MLP 784 -> 1024 -> 1024 -> 10, batch 128,
// cross-entropy, AdamW; forward, backward and step) eager and compiled, and B9 (peak memory of
// a process running B5 steps), side by side. Prints one JSON object per line.
//   kiln_train_bench [--quick] [--mode eager|compiled|both] [--workload b5|b4]
// --workload b4: B9's other half, the peak RSS of a process running B4 (an encoder layer's
// forward on [8, 128, 256], bench/models.h) eagerly or compiled.
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "bench/models.h"
#include "bench/timing.h"
#include "kiln/kiln.h"

using namespace kiln;
namespace F = kiln::nn::functional;

namespace {
using bench::median_ms;

void emit(const std::string& workload, const std::string& peer, const std::string& metric,
          double value, const std::string& unit) {
  bench::emit(workload, peer, num_threads(), metric, value, unit);
}

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::string mode = "both", workload = "b5";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--quick") quick = true;
    if (a == "--mode" && i + 1 < argc) mode = argv[++i];
    if (a == "--workload" && i + 1 < argc) workload = argv[++i];
  }
  int reps = quick ? 10 : 40;
  if (workload == "b4") {
    Generator gen(1);
    bench::EncoderLayer layer(gen);
    Tensor x = randn({8, bench::EncoderLayer::S, bench::EncoderLayer::D}, DType::Float32, &gen);
    NoGradGuard no_grad;
    std::string peer = mode == "compiled" ? "kiln_compiled" : "kiln";
    if (mode == "compiled") {
      auto f = compile([&](const Tensor& in) { return layer.forward(in); }, {.name = "b4"});
      emit("B4_encoder_layer", peer, "time", median_ms(reps, [&] { f(x); }), "ms");
    } else {
      emit("B4_encoder_layer", peer, "time", median_ms(reps, [&] { layer.forward(x); }), "ms");
    }
    emit("B9_b4_forward_rss", peer, "peak_rss", peak_rss_mib(), "MiB");
    return 0;
  }
  manual_seed(0);
  nn::Sequential model{std::make_shared<nn::Linear>(784, 1024), std::make_shared<nn::ReLU>(),
                       std::make_shared<nn::Linear>(1024, 1024), std::make_shared<nn::ReLU>(),
                       std::make_shared<nn::Linear>(1024, 10)};
  optim::AdamW opt(model.parameters(), {.lr = 1e-3});
  Generator g(3);
  Tensor x = randn({128, 784}, DType::Float32, &g);
  Tensor y = randint(0, 10, {128}, DType::Int64, &g);
  auto step = [&](const Tensor& xb, const Tensor& yb) {
    opt.zero_grad();
    Tensor loss = F::cross_entropy(model(xb), yb);
    loss.backward();
    opt.step();
    return loss.detach();
  };
  if (mode == "eager" || mode == "both") {
    for (int i = 0; i < 2; ++i) step(x, y);
    emit("B5_train_step", "kiln", "time", median_ms(reps, [&] { step(x, y); }), "ms");
    if (mode == "eager") emit("B9_train_step_rss", "kiln", "peak_rss", peak_rss_mib(), "MiB");
  }
  if (mode == "compiled" || mode == "both") {
    auto compiled = compile(step, {.name = "train_step"});
    for (int i = 0; i < 2; ++i) compiled(x, y);
    emit("B5_train_step", "kiln_compiled", "time", median_ms(reps, [&] { compiled(x, y); }), "ms");
    if (mode == "compiled")
      emit("B9_train_step_rss", "kiln_compiled", "peak_rss", peak_rss_mib(), "MiB");
  }
  return 0;
}
