// examples/train_mlp.cpp — trains an MLP on the digits data set, eager and with the whole
// training step compiled by kiln, and prints the test accuracy and the step times.
//   kiln_example_train_mlp [epochs]
#include <cstdio>
#include <cstdlib>

#include "examples/train_mlp.h"

int main(int argc, char** argv) {
  using namespace kiln::examples;
  TrainOptions o;
  if (argc > 1) o.epochs = std::max(1, std::atoi(argv[1]));
  Digits d = load_digits(find_digits());
  std::printf("MLP 64-128-128-10 on %lld training / %lld test digits, AdamW, batch %lld\n",
              (long long)d.x_train.shape()[0], (long long)d.x_test.shape()[0], (long long)o.batch);
  TrainReport r = train_digits(d, o);
  std::printf("test accuracy %.1f%% (eager training of the same model: %.1f%%)\n",
              100 * r.test_accuracy, 100 * r.eager_test_accuracy);
  std::printf("step: eager %.3f ms, compiled %.3f ms (%d trace, %zu breaks or recompiles)\n",
              r.eager_step_ms, r.compiled_step_ms, r.traces, r.events);
  return r.test_accuracy > 0.9 ? 0 : 1;
}
