// kiln/optim.h — optimizers, gradient clipping and learning-rate schedules, as torch.optim.
//
//   optim::AdamW opt(model->parameters(), {.lr = 1e-3, .weight_decay = 0.01});
//   opt.zero_grad(); loss.backward(); opt.step();
//
// Every update is written with kiln ops on tensors: the state (moments, step counts) and the
// learning rate are tensors created up front, so under kiln::compile a whole training step —
// forward, backward and step() — becomes one graph whose updates are written back in place, and
// a changed learning rate is read by the next replay instead of being baked into the graph.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kiln/nn.h"
#include "kiln/tensor.h"

namespace kiln::optim {

class Optimizer {
 public:
  Optimizer(std::vector<Tensor> params, double lr, const char* name);
  virtual ~Optimizer();
  Optimizer(const Optimizer&) = delete;
  Optimizer& operator=(const Optimizer&) = delete;

  // One update of every parameter that has a gradient.
  virtual void step() = 0;
  void zero_grad(bool set_to_none = true);
  const std::vector<Tensor>& params() const { return params_; }
  double lr() const;
  // Changes the learning rate for the next steps (also of a compiled step). Not inside a
  // compiled function: call schedulers between steps.
  void set_lr(double lr, Loc loc = Loc::current());
  // The state (moments, step counts, learning rate) by name, and back (shapes must match).
  nn::NamedTensors state_dict() const;
  void load_state_dict(const nn::NamedTensors& state, Loc loc = Loc::current());

 protected:
  // The per-parameter state tensor `name`, zeros like parameter i (created by the constructor
  // of a subclass, so that it exists before any compiled step captures it).
  Tensor& add_state(size_t i, const std::string& name, DType dtype_or_param = DType::Bool);
  Tensor& state(size_t i, const std::string& name);
  const char* name_;
  std::vector<Tensor> params_;
  Tensor lr_;  // 0-d float64
  std::vector<std::vector<std::pair<std::string, Tensor>>> state_;
};

struct SGDOptions {
  double lr = 1e-3;
  double momentum = 0;
  double dampening = 0;
  double weight_decay = 0;
  bool nesterov = false;
};
class SGD : public Optimizer {
 public:
  SGD(std::vector<Tensor> params, SGDOptions options = {});
  void step() override;
  SGDOptions options;
};

struct AdamOptions {
  double lr = 1e-3;
  double beta1 = 0.9;
  double beta2 = 0.999;
  double eps = 1e-8;
  double weight_decay = 0;  // Adam: L2 added to the gradient; AdamW: decoupled decay
  bool amsgrad = false;
};
class Adam : public Optimizer {
 public:
  Adam(std::vector<Tensor> params, AdamOptions options = {});
  void step() override;
  AdamOptions options;

 protected:
  Adam(std::vector<Tensor> params, AdamOptions options, const char* name, bool decoupled);
  bool decoupled_;
};
// Adam with decoupled weight decay (default 0.01, as torch.optim.AdamW).
class AdamW : public Adam {
 public:
  AdamW(std::vector<Tensor> params, AdamOptions options = {.weight_decay = 0.01});
};

// Scales all gradients so that their joint norm is at most max_norm; returns the norm before
// clipping (a 0-d tensor, so it works inside kiln::compile without a graph break).
Tensor clip_grad_norm_(const std::vector<Tensor>& params, double max_norm, double norm_type = 2.0,
                       Loc loc = Loc::current());

// ---------------------------------------------------------------- learning-rate schedules
// step() once per epoch (or per iteration, as the schedule intends), after optimizer.step().
class LRScheduler {
 public:
  explicit LRScheduler(Optimizer& opt);
  virtual ~LRScheduler();
  void step();
  double last_lr() const { return opt_.lr(); }
  int64_t last_epoch() const { return epoch_; }

 protected:
  virtual double lr_at(int64_t epoch) const = 0;
  Optimizer& opt_;
  double base_lr_;
  int64_t epoch_ = 0;
};
// lr = base * gamma^(epoch / step_size)
class StepLR : public LRScheduler {
 public:
  StepLR(Optimizer& opt, int64_t step_size, double gamma = 0.1);

 protected:
  double lr_at(int64_t epoch) const override;
  int64_t step_size_;
  double gamma_;
};
// eta_min + (base - eta_min) * (1 + cos(pi * epoch / T_max)) / 2
class CosineAnnealingLR : public LRScheduler {
 public:
  CosineAnnealingLR(Optimizer& opt, int64_t T_max, double eta_min = 0.0);

 protected:
  double lr_at(int64_t epoch) const override;
  int64_t t_max_;
  double eta_min_;
};
// Linear warm-up: the factor goes from start_factor to end_factor over total_iters steps.
class LinearLR : public LRScheduler {
 public:
  LinearLR(Optimizer& opt, double start_factor = 1.0 / 3, double end_factor = 1.0,
           int64_t total_iters = 5);

 protected:
  double lr_at(int64_t epoch) const override;
  double start_, end_;
  int64_t total_;
};

}  // namespace kiln::optim
