// examples/train_mlp.h — training an MLP classifier on a real data set with kiln: the digits
// images (8x8, 10 classes; examples/data/README.md says where they come from), AdamW, and the
// whole training step — forward, loss, backward, optimizer step — compiled into one graph.
// examples/train_mlp.cpp runs it; `kiln demo` runs it too.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "kiln/kiln.h"

namespace kiln::examples {

struct Digits {
  Tensor x_train, y_train, x_test, y_test;  // [n, 64] float32 in [0, 1], [n] int64
};

// The data set's CSV: 64 pixel values (0..16) and the label per line. Shuffled with a fixed
// seed; the last `test` rows are held out.
inline Digits load_digits(const std::string& path, int64_t test = 360) {
  std::ifstream in(path);
  if (!in) throw Error("load_digits: cannot open '" + path + "'");
  std::vector<float> pixels;
  std::vector<int64_t> labels;
  std::string line;
  int64_t row = 0;
  while (std::getline(in, line)) {
    ++row;
    if (line.empty()) continue;
    std::stringstream ss(line);
    std::string cell;
    std::vector<int> v;
    while (std::getline(ss, cell, ',')) v.push_back(std::atoi(cell.c_str()));
    if (v.size() != 65 || v.back() < 0 || v.back() > 9)
      throw Error("load_digits: '" + path + "' line " + std::to_string(row) +
                  ": expected 64 pixels and a label 0-9");
    for (int i = 0; i < 64; ++i) pixels.push_back(float(v[size_t(i)]) / 16.f);
    labels.push_back(v.back());
  }
  auto n = int64_t(labels.size());
  if (n <= test) throw Error("load_digits: '" + path + "' has only " + std::to_string(n) + " rows");
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), std::mt19937(0));
  Tensor idx = tensor<int64_t>(order, {n});
  Tensor x = index_select(tensor<float>(pixels, {n, 64}), 0, idx);
  Tensor y = index_select(tensor<int64_t>(labels, {n}), 0, idx);
  return {x.narrow(0, 0, n - test).contiguous(), y.narrow(0, 0, n - test).contiguous(),
          x.narrow(0, n - test, test).contiguous(), y.narrow(0, n - test, test).contiguous()};
}

// Where the CSV is: $KILN_DIGITS, else the source tree, else beside an installed kiln.
inline std::string find_digits() {
  if (const char* env = std::getenv("KILN_DIGITS")) return env;
#ifdef KILN_DIGITS_CSV
  if (std::filesystem::exists(KILN_DIGITS_CSV)) return KILN_DIGITS_CSV;
#endif
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  auto installed = exe.parent_path().parent_path() / "share" / "kiln" / "digits.csv";
  if (!ec && std::filesystem::exists(installed)) return installed.string();
  throw Error("the digits data set was not found: set KILN_DIGITS to examples/data/digits.csv");
}

struct TrainOptions {
  int epochs = 20;
  int64_t batch = 64;
  double lr = 3e-3;
  bool verbose = true;
};

struct TrainReport {
  double test_accuracy = 0, eager_test_accuracy = 0;
  double eager_step_ms = 0, compiled_step_ms = 0;
  int traces = 0;
  size_t events = 0;  // graph breaks and recompiles of the compiled step
};

inline std::shared_ptr<nn::Sequential> digits_mlp() {
  return std::make_shared<nn::Sequential>(std::initializer_list<std::shared_ptr<nn::Module>>{
      std::make_shared<nn::Linear>(64, 128), std::make_shared<nn::ReLU>(),
      std::make_shared<nn::Linear>(128, 128), std::make_shared<nn::ReLU>(),
      std::make_shared<nn::Linear>(128, 10)});
}

inline double accuracy(nn::Module& model, const Tensor& x, const Tensor& y) {
  NoGradGuard no_grad;
  model.eval();
  double acc = (argmax(model(x), 1) == y).to(DType::Float32).mean().item<double>();
  model.train();
  return acc;
}

// Trains the same model twice from the same initial weights: with eager steps and with the
// compiled step. Reports both test accuracies and the median step times.
inline TrainReport train_digits(const Digits& d, const TrainOptions& o) {
  namespace F = nn::functional;
  using clock = std::chrono::steady_clock;
  auto ms_since = [](clock::time_point t) {
    return std::chrono::duration<double, std::milli>(clock::now() - t).count();
  };
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  };
  manual_seed(0);
  auto model = digits_mlp();
  auto eager_model = digits_mlp();
  eager_model->load_state_dict(model->state_dict());
  optim::AdamW opt(model->parameters(), {.lr = o.lr, .weight_decay = 1e-4});
  optim::AdamW eager_opt(eager_model->parameters(), {.lr = o.lr, .weight_decay = 1e-4});
  auto step_of = [](nn::Module& m, optim::Optimizer& op) {
    return [&m, &op](const Tensor& x, const Tensor& y) {
      op.zero_grad();
      Tensor loss = F::cross_entropy(m(x), y);
      loss.backward();
      op.step();
      return loss.detach();
    };
  };
  auto eager_step = step_of(*eager_model, eager_opt);
  reset_explain();
  auto compiled_step = compile(step_of(*model, opt), {.name = "train_step"});

  int64_t n = d.x_train.shape()[0], batches = n / o.batch;  // the last partial batch is dropped
  Generator shuffle(1);
  std::vector<double> eager_ms, compiled_ms;
  TrainReport r;
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    Tensor perm = std::get<1>(sort(rand({n}, DType::Float32, &shuffle)));
    Tensor loss_sum = zeros({});
    for (int64_t b = 0; b < batches; ++b) {
      Tensor idx = perm.narrow(0, b * o.batch, o.batch);
      Tensor xb = index_select(d.x_train, 0, idx), yb = index_select(d.y_train, 0, idx);
      auto t0 = clock::now();
      Tensor loss = compiled_step(xb, yb);
      compiled_ms.push_back(ms_since(t0));
      t0 = clock::now();
      eager_step(xb, yb);
      eager_ms.push_back(ms_since(t0));
      loss_sum += loss;
    }
    if (o.verbose && (epoch % 5 == 0 || epoch == 1 || epoch == o.epochs))
      std::printf("epoch %3d  loss %.4f  test accuracy %.1f%%\n", epoch,
                  loss_sum.item<double>() / double(batches),
                  100 * accuracy(*model, d.x_test, d.y_test));
  }
  // Step times after the first epoch (the first compiled calls trace and compile); with one
  // epoch, after its first two steps (its last step when it has no more).
  size_t steps = compiled_ms.size();
  size_t skip =
      o.epochs > 1 ? std::min<size_t>(size_t(batches), steps) : std::min<size_t>(2, steps);
  if (skip == steps && steps > 0) skip = steps - 1;
  r.compiled_step_ms = median({compiled_ms.begin() + long(skip), compiled_ms.end()});
  r.eager_step_ms = median({eager_ms.begin() + long(skip), eager_ms.end()});
  r.test_accuracy = accuracy(*model, d.x_test, d.y_test);
  r.eager_test_accuracy = accuracy(*eager_model, d.x_test, d.y_test);
  r.traces = compiled_step.traces();
  r.events = explain_events().size();
  return r;
}

}  // namespace kiln::examples
