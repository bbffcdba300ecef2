// frontend/optim.cpp — SGD, Adam, AdamW, gradient clipping and LR schedules (kiln/optim.h).
// Updates follow torch.optim's single-tensor (for-loop) formulas, step by step, so results
// match PyTorch's to rounding.
#include "kiln/optim.h"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "frontend/autograd.h"
#include "frontend/trace.h"
#include "kiln/autograd.h"
#include "kiln/factories.h"
#include "kiln/ops.h"

namespace kiln::optim {

Optimizer::Optimizer(std::vector<Tensor> params, double lr, const char* name)
    : name_(name), params_(std::move(params)) {
  if (lr < 0) throw Error(fmt::format("{}: invalid learning rate {}", name, lr));
  for (size_t i = 0; i < params_.size(); ++i)
    if (!params_[i].defined() || !params_[i].requires_grad() || !params_[i].is_leaf())
      throw Error(fmt::format("{}: parameter {} is not a leaf tensor that requires grad", name, i));
  lr_ = full({}, lr, DType::Float64);
  state_.resize(params_.size());
}
Optimizer::~Optimizer() = default;

void Optimizer::zero_grad(bool set_to_none) { autograd::zero_grads(params_, set_to_none); }

double Optimizer::lr() const { return lr_.item<double>(); }

void Optimizer::set_lr(double lr, Loc loc) {
  if (frontend::current_tracer())
    throw Error(fmt::format("{}: set_lr inside a compiled function would be fixed into the graph; "
                            "change the learning rate (step the scheduler) between steps",
                            name_),
                loc);
  if (lr < 0) throw Error(fmt::format("{}: invalid learning rate {}", name_, lr), loc);
  NoGradGuard no_grad;
  fill_(lr_, lr);
}

Tensor& Optimizer::add_state(size_t i, const std::string& name, DType dtype) {
  NoGradGuard no_grad;
  const Tensor& p = params_[i];
  Tensor t = dtype == DType::Bool ? zeros_like(p.detach()) : zeros({}, dtype);
  state_[i].emplace_back(name, t);
  return state_[i].back().second;
}

Tensor& Optimizer::state(size_t i, const std::string& name) {
  for (auto& [n, t] : state_[i])
    if (n == name) return t;
  throw Error(fmt::format("{}: parameter {} has no state '{}'", name_, i, name));
}

nn::NamedTensors Optimizer::state_dict() const {
  nn::NamedTensors out{{"lr", lr_}};
  for (size_t i = 0; i < state_.size(); ++i)
    for (const auto& [n, t] : state_[i]) out.emplace_back(fmt::format("state.{}.{}", i, n), t);
  return out;
}

void Optimizer::load_state_dict(const nn::NamedTensors& in, Loc loc) {
  nn::NamedTensors mine = state_dict();
  if (in.size() != mine.size())
    throw Error(fmt::format("{}: load_state_dict got {} entries, expected {}", name_, in.size(),
                            mine.size()),
                loc);
  NoGradGuard no_grad;
  for (auto& [n, t] : mine) {
    auto it = std::find_if(in.begin(), in.end(), [&](const auto& p) { return p.first == n; });
    if (it == in.end())
      throw Error(fmt::format("{}: load_state_dict is missing '{}'", name_, n), loc);
    if (it->second.shape() != t.shape())
      throw Error(fmt::format("{}: '{}' has shape {}, expected {}", name_, n,
                              shape_str(it->second.shape()), shape_str(t.shape())),
                  loc);
    t.copy_(it->second, loc);
  }
}

// ---------------------------------------------------------------- SGD
SGD::SGD(std::vector<Tensor> params, SGDOptions o)
    : Optimizer(std::move(params), o.lr, "SGD"), options(o) {
  if (o.momentum < 0 || o.weight_decay < 0)
    throw Error(
        fmt::format("SGD: invalid momentum {} or weight_decay {}", o.momentum, o.weight_decay));
  if (o.nesterov && (o.momentum <= 0 || o.dampening != 0))
    throw Error("SGD: nesterov momentum requires a momentum and zero dampening");
  if (o.momentum != 0)
    for (size_t i = 0; i < params_.size(); ++i) {
      add_state(i, "momentum_buffer");
      add_state(i, "step", DType::Float64);
    }
}

void SGD::step() {
  NoGradGuard no_grad;
  for (size_t i = 0; i < params_.size(); ++i) {
    Tensor& p = params_[i];
    Tensor g = p.grad();
    if (!g.defined()) continue;
    if (options.weight_decay != 0) g = g + p * options.weight_decay;
    if (options.momentum != 0) {
      Tensor& buf = state(i, "momentum_buffer");
      Tensor& steps = state(i, "step");
      // The first step starts the buffer at the gradient, as torch.optim.SGD.
      buf.copy_(where(steps == 0, g, buf * options.momentum + g * (1 - options.dampening)));
      steps += 1;
      g = options.nesterov ? g + buf * options.momentum : buf;
    }
    p -= g * lr_;
  }
}

// ---------------------------------------------------------------- Adam, AdamW
Adam::Adam(std::vector<Tensor> params, AdamOptions o) : Adam(std::move(params), o, "Adam", false) {}
Adam::Adam(std::vector<Tensor> params, AdamOptions o, const char* name, bool decoupled)
    : Optimizer(std::move(params), o.lr, name), options(o), decoupled_(decoupled) {
  if (o.eps < 0 || o.beta1 < 0 || o.beta1 >= 1 || o.beta2 < 0 || o.beta2 >= 1 || o.weight_decay < 0)
    throw Error(fmt::format("{}: invalid betas ({}, {}), eps {} or weight_decay {}", name, o.beta1,
                            o.beta2, o.eps, o.weight_decay));
  for (size_t i = 0; i < params_.size(); ++i) {
    add_state(i, "step", DType::Float64);
    add_state(i, "exp_avg");
    add_state(i, "exp_avg_sq");
    if (o.amsgrad) add_state(i, "max_exp_avg_sq");
  }
}
AdamW::AdamW(std::vector<Tensor> params, AdamOptions o)
    : Adam(std::move(params), o, "AdamW", true) {}

void Adam::step() {
  NoGradGuard no_grad;
  const AdamOptions& o = options;
  for (size_t i = 0; i < params_.size(); ++i) {
    Tensor& p = params_[i];
    Tensor g = p.grad();
    if (!g.defined()) continue;
    Tensor& steps = state(i, "step");
    Tensor& m = state(i, "exp_avg");
    Tensor& v = state(i, "exp_avg_sq");
    steps += 1;
    if (o.weight_decay != 0) {
      if (decoupled_)
        p *= 1.0 - lr_ * o.weight_decay;
      else
        g = g + p * o.weight_decay;
    }
    m.copy_(m * o.beta1 + g * (1 - o.beta1));
    v.copy_(v * o.beta2 + g * g * (1 - o.beta2));
    Tensor bias1 = 1.0 - pow(o.beta1, steps);
    Tensor bias2 = 1.0 - pow(o.beta2, steps);
    Tensor second = v;
    if (o.amsgrad) {
      Tensor& vmax = state(i, "max_exp_avg_sq");
      vmax.copy_(maximum(vmax, v));
      second = vmax;
    }
    Tensor denom = sqrt(second) / sqrt(bias2) + o.eps;
    p -= m / denom * (lr_ / bias1);
  }
}

// ---------------------------------------------------------------- clipping
Tensor clip_grad_norm_(const std::vector<Tensor>& params, double max_norm, double norm_type,
                       Loc loc) {
  NoGradGuard no_grad;
  std::vector<Tensor> grads;
  for (const Tensor& p : params)
    if (p.grad().defined()) grads.push_back(p.grad());
  if (grads.empty()) return zeros({});
  if (norm_type <= 0)
    throw Error(fmt::format("clip_grad_norm_: norm_type must be positive, got {}", norm_type), loc);
  // Computed in float32 at least (a float16 grad's squares overflow), float64 for float64 grads.
  DType acc = DType::Float32;
  for (const Tensor& g : grads)
    if (g.dtype() == DType::Float64) acc = DType::Float64;
  Tensor total;
  for (const Tensor& g0 : grads) {
    Tensor g = abs(g0).to(acc);
    Tensor part = std::isinf(norm_type) ? amax(g) : sum(pow(g, norm_type));
    total = !total.defined() ? part : std::isinf(norm_type) ? maximum(total, part) : total + part;
  }
  if (!std::isinf(norm_type)) total = pow(total, 1.0 / norm_type);
  Tensor coef = clamp(max_norm / (total + 1e-6), std::nullopt, 1.0);
  for (const Tensor& p : params) {
    Tensor g = p.grad();
    if (g.defined()) mul_(g, coef, loc);
  }
  return total;
}

// ---------------------------------------------------------------- schedules
LRScheduler::LRScheduler(Optimizer& opt) : opt_(opt), base_lr_(opt.lr()) {}
LRScheduler::~LRScheduler() = default;
void LRScheduler::step() {
  ++epoch_;
  opt_.set_lr(lr_at(epoch_));
}

StepLR::StepLR(Optimizer& opt, int64_t step_size, double gamma)
    : LRScheduler(opt), step_size_(step_size), gamma_(gamma) {
  if (step_size <= 0)
    throw Error(fmt::format("StepLR: step_size must be positive, got {}", step_size));
}
double StepLR::lr_at(int64_t e) const {
  return base_lr_ * std::pow(gamma_, double(e / step_size_));
}

CosineAnnealingLR::CosineAnnealingLR(Optimizer& opt, int64_t t_max, double eta_min)
    : LRScheduler(opt), t_max_(t_max), eta_min_(eta_min) {
  if (t_max <= 0)
    throw Error(fmt::format("CosineAnnealingLR: T_max must be positive, got {}", t_max));
}
double CosineAnnealingLR::lr_at(int64_t e) const {
  return eta_min_ +
         (base_lr_ - eta_min_) * (1 + std::cos(std::numbers::pi * double(e) / double(t_max_))) / 2;
}

LinearLR::LinearLR(Optimizer& opt, double start, double end, int64_t total)
    : LRScheduler(opt), start_(start), end_(end), total_(total) {
  if (start <= 0 || start > 1 || end < 0 || end > 1 || total <= 0)
    throw Error(
        fmt::format("LinearLR: factors must be in (0, 1] and total_iters positive, got {}, "
                    "{}, {}",
                    start, end, total));
  opt_.set_lr(base_lr_ * start_);
}
double LinearLR::lr_at(int64_t e) const {
  double t = double(std::min(e, total_)) / double(total_);
  return base_lr_ * (start_ + (end_ - start_) * t);
}

}  // namespace kiln::optim
