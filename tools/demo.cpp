// tools/demo.cpp — `kiln demo`: kiln's main job on a real model and data set. It trains an MLP
// classifier on the digits images twice from the same initial weights — with eager steps and
// with the whole step (forward, loss, backward, AdamW) compiled into one fused graph — and
// prints the test accuracy of both and the speed-up of the compiled step over eager.
#include <fmt/format.h>

#include "examples/train_mlp.h"
#include "kiln/cache.h"
#include "tools/commands.h"

namespace kiln::tools {

int demo(const DemoOptions& o) {
  if (o.threads > 0) set_num_threads(o.threads);
  examples::Digits d = examples::load_digits(examples::find_digits());
  fmt::print("kiln {} demo: MLP 64 -> 128 -> 128 -> 10 (ReLU) on the digits data set\n", version());
  fmt::print("{} training / {} test images (8x8), cross-entropy, AdamW, batch {}, {} threads\n",
             d.x_train.shape()[0], d.x_test.shape()[0], o.batch, num_threads());
  fmt::print(
      "each step runs twice: eagerly op by op, and compiled (one graph: forward, backward "
      "and optimizer step, fused; kernel cache: {})\n",
      cache::dir().empty() ? "off" : cache::dir());
  examples::TrainOptions t;
  t.epochs = o.epochs;
  t.batch = o.batch;
  examples::TrainReport r = examples::train_digits(d, t);
  fmt::print("test accuracy: compiled training {:.1f}%, eager training {:.1f}%\n",
             100 * r.test_accuracy, 100 * r.eager_test_accuracy);
  fmt::print(
      "training step: eager {:.3f} ms, compiled {:.3f} ms ({} trace, {} graph breaks or "
      "recompiles)\n",
      r.eager_step_ms, r.compiled_step_ms, r.traces, r.events);
  fmt::print("speed-up over eager: {:.2f}x\n", r.eager_step_ms / r.compiled_step_ms);
  return 0;
}

}  // namespace kiln::tools
