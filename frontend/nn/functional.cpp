// frontend/nn/functional.cpp — losses, dropout and attention as compositions of kiln ops (so
// their gradients and compiled forms come from the ops'), and the loss modules.
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <mutex>

#include "frontend/dispatch.h"
#include "frontend/trace.h"
#include "ir/decompose_rules.h"
#include "kiln/autograd.h"
#include "kiln/factories.h"
#include "kiln/nn.h"
#include "kiln/ops.h"

namespace kiln::nn {

namespace functional {

namespace {
Tensor reduce(const Tensor& loss, const std::string& reduction, const char* op, Loc loc) {
  if (reduction == "none") return loss;
  if (reduction == "sum") return sum(loss);
  if (reduction == "mean") return mean(loss);
  throw Error(fmt::format("{}: reduction must be 'none', 'mean' or 'sum', got '{}'", op, reduction),
              loc);
}
void same_shape(const Tensor& a, const Tensor& b, const char* op, Loc loc) {
  if (a.shape() != b.shape())
    throw Error(fmt::format("{}: input {} and target {} must have the same shape", op, describe(a),
                            describe(b)),
                loc);
}
// [N, C, d1, ...] -> [N * d1 * ..., C] with the class dim last.
Tensor classes_last(const Tensor& x) {
  if (x.dim() <= 2) return x;
  Shape perm{0};
  for (int64_t d = 2; d < x.dim(); ++d) perm.push_back(d);
  perm.push_back(1);
  return x.permute(perm).reshape({-1, x.shape()[1]});
}
// Negative log-likelihood of class indices, with ignore_index and label smoothing. `scores` is
// [C] or [N, C, d1, ...]: log-probabilities, or (logits) raw scores whose log-probabilities are
// x - logsumexp(x) over the class dim. Those are never materialised: the loss is
// logsumexp(x - x[t]) over the row, x[t] gathered first (compiled, one kernel reads the scores
// once: cross_entropy over [4096, 1000] writes no 16 MB log_softmax). Not lse(x) - x[t]: that
// rounds the loss at the size of lse (logits near 1000 in float32, any logits in bfloat16:
// [10, 0, 0] gave 0 instead of 9.1e-5). Half-precision logits are taken in float32, the loss
// returned in their dtype.
Tensor nll(const Tensor& scores, bool logits, const Tensor& target, const std::string& reduction,
           double smoothing, int64_t ignore_index, const char* op, Loc loc) {
  if (scores.dim() < 1)
    throw Error(fmt::format("{}: input must have a class dim, got {}", op, describe(scores)), loc);
  Shape want = scores.shape();
  bool unbatched = scores.dim() == 1;
  if (unbatched)
    want.clear();
  else
    want.erase(want.begin() + 1);
  if (is_floating(target.dtype()) || target.dtype() == DType::Bool)
    throw Error(
        fmt::format("{}: class-index targets must be integers, got {}", op, describe(target)), loc);
  if (target.shape() != want)
    throw Error(fmt::format("{}: target {} does not fit input {} (expected shape {})", op,
                            describe(target), describe(scores), shape_str(want)),
                loc);
  // Rows of classes from here: x [M, C], t [M].
  Tensor x = unbatched ? scores.unsqueeze(0) : classes_last(scores);
  int64_t c = x.shape()[1];
  Tensor t = target.reshape({-1}, loc).to(DType::Int64, loc);
  Tensor valid = ne(t, ignore_index, loc);
  Tensor safe = where(valid, t, 0, loc);
  // A negative class index other than ignore_index is out of range, as in PyTorch (gather
  // itself counts negative indices from the end, which would pick the last classes): eagerly
  // an error naming it; traced (where the data is not read) it is moved below -C, so that
  // gather's range check fails.
  Tensor negative = logical_and(valid, lt(t, 0, loc), loc);
  if (!frontend::current_tracer() && any(negative).item<bool>())
    throw Error(fmt::format("{}: target {} is out of range for {} classes (ignore_index {})", op,
                            amin(where(negative, t, 0)).item<int64_t>(), c, ignore_index),
                loc);
  safe = where(negative, t - c, safe, loc);
  DType out = x.dtype();
  if (logits && (out == DType::Float16 || out == DType::BFloat16)) x = x.to(DType::Float32, loc);
  // A class index out of range is gather's error, at the caller's line.
  Tensor picked = gather(x, 1, safe.unsqueeze(1), loc);
  // -log p[t] = lse(x) - x[t] = lse(z), z = x - x[t]; smoothed, (1 - s) lse(z) + s mean_c(lse(x)
  // - x_c) = lse(z) - s mean(z).
  Tensor loss;
  if (logits) {
    Tensor z = x - picked;
    loss = logsumexp(z, {1}, false, loc);
    if (smoothing > 0) loss = loss - mean(z, {1}) * smoothing;
    // Infinite logits as log_softmax has them (eagerly and in PyTorch): a row with a +inf
    // logit is NaN (logsumexp would give +inf); a -inf target logit gives +inf where the row's
    // largest logit is finite (z = -inf - -inf would give NaN).
    constexpr double kInf = std::numeric_limits<double>::infinity();
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    Tensor top = amax(x, {1});
    loss = where(eq(top, kInf), kNaN, loss);
    Tensor inf_or_nan = where(eq(top - top, 0), kInf, full_like(top, kNaN));
    loss = where(eq(picked.squeeze(1), -kInf), inf_or_nan, loss);
  } else {
    picked = picked.squeeze(1);
    loss =
        smoothing > 0 ? -picked * (1 - smoothing) - x.sum({1}) * (smoothing / double(c)) : -picked;
  }
  loss = where(valid, loss, 0);
  if (reduction == "none") return loss.reshape(want).to(out);
  if (reduction == "sum") return sum(loss).to(out);
  if (reduction == "mean") return (sum(loss) / sum(valid).to(loss.dtype())).to(out);
  return reduce(loss, reduction, op, loc);
}
}  // namespace

Tensor cross_entropy(const Tensor& input, const Tensor& target, const std::string& reduction,
                     double smoothing, int64_t ignore_index, Loc loc) {
  if (!is_floating(input.dtype()))
    throw Error(
        fmt::format("cross_entropy: input must be floating-point logits, got {}", describe(input)),
        loc);
  if (smoothing < 0 || smoothing > 1)
    throw Error(fmt::format("cross_entropy: label_smoothing must be in [0, 1], got {}", smoothing),
                loc);
  int64_t class_dim = input.dim() == 1 ? 0 : 1;
  if (is_floating(target.dtype())) {  // class probabilities
    if (target.shape() != input.shape())
      throw Error(fmt::format("cross_entropy: a floating-point target holds class probabilities "
                              "and must have the input's shape {}, got {}; class indices must "
                              "be integers (int64)",
                              describe(input), describe(target)),
                  loc);
    Tensor t = target;
    if (smoothing > 0)
      t = t * (1 - smoothing) + smoothing / double(input.shape()[size_t(class_dim)]);
    Tensor loss = -(log_softmax(input, class_dim, loc) * t).sum({class_dim});
    return reduce(loss, reduction, "cross_entropy", loc);
  }
  // Traced for kiln::compile, the logsumexp form: its ops fuse into one kernel that reads the
  // logits once ([4096, 1000], smoothing 0.1, 2T: 0.78-0.87 -> 0.46 ms). Eagerly, log_softmax
  // then a gather, as PyTorch: the logsumexp form's x - x[t] is one more full-size pass there
  // (1.9 ms against 1.3-1.8). With label smoothing under autograd also log_softmax: its
  // backward is cheaper (the other form's mean over classes adds a third full-size gradient).
  // Fewer than 32 classes also log_softmax, which then runs whole on eager's kernel for short
  // rows (ir/decompose_rules.cpp; [131072, 10] at 1T: 4.2 ms fused, 3.4 eager).
  bool fused = frontend::current_tracer() != nullptr &&
               !(smoothing > 0 && grad_enabled() && input.requires_grad()) &&
               input.dim() > class_dim && !ir::short_row(input.shape()[size_t(class_dim)]);
  if (!fused)
    return nll(log_softmax(input, class_dim, loc), false, target, reduction, smoothing,
               ignore_index, "cross_entropy", loc);
  return nll(input, true, target, reduction, smoothing, ignore_index, "cross_entropy", loc);
}

Tensor nll_loss(const Tensor& logp, const Tensor& target, const std::string& reduction,
                int64_t ignore_index, Loc loc) {
  return nll(logp, false, target, reduction, 0.0, ignore_index, "nll_loss", loc);
}

Tensor mse_loss(const Tensor& input, const Tensor& target, const std::string& reduction, Loc loc) {
  same_shape(input, target, "mse_loss", loc);
  Tensor d = input - target;
  return reduce(d * d, reduction, "mse_loss", loc);
}

Tensor l1_loss(const Tensor& input, const Tensor& target, const std::string& reduction, Loc loc) {
  same_shape(input, target, "l1_loss", loc);
  return reduce(abs(input - target), reduction, "l1_loss", loc);
}

Tensor binary_cross_entropy(const Tensor& input, const Tensor& target, const std::string& reduction,
                            Loc loc) {
  same_shape(input, target, "binary_cross_entropy", loc);
  // log is clamped at -100, as in PyTorch, so that p = 0 or 1 gives a finite loss.
  Tensor lp = clamp(log(input), -100.0, std::nullopt);
  Tensor lq = clamp(log(1.0 - input), -100.0, std::nullopt);
  return reduce(-(target * lp + (1.0 - target) * lq), reduction, "binary_cross_entropy", loc);
}

Tensor binary_cross_entropy_with_logits(const Tensor& x, const Tensor& target,
                                        const std::string& reduction, const Tensor& pos_weight,
                                        Loc loc) {
  same_shape(x, target, "binary_cross_entropy_with_logits", loc);
  // log(1 + exp(-|x|)) + max(-x, 0) is log(1 + exp(-x)) without overflow.
  Tensor softplus_neg = log1p(exp(-abs(x))) + relu(-x);
  Tensor loss = pos_weight.defined()
                    ? (1.0 - target) * x + ((pos_weight - 1.0) * target + 1.0) * softplus_neg
                    : (1.0 - target) * x + softplus_neg;
  return reduce(loss, reduction, "binary_cross_entropy_with_logits", loc);
}

namespace {
// The seed of dropout's random numbers: a tensor, so that under kiln::compile each replay
// draws new numbers (the graph reads it and writes seed + 1 back).
Tensor& dropout_seed() {
  // Drawn from the default generator on first use (kiln::manual_seed before it reproduces).
  static Tensor seed = randint(0, int64_t(1) << 62, {}, DType::Int64);
  return seed;
}
std::mutex seed_mu;
}  // namespace

Tensor dropout(const Tensor& x, double p, bool training, Loc loc) {
  if (p < 0 || p > 1) throw Error(fmt::format("dropout: p must be in [0, 1], got {}", p), loc);
  if (!training || p == 0) return x;
  if (p == 1) return x * 0.0;
  static const ir::OpDef& u = ir::op_def("uniform");
  Tensor r;
  {
    std::lock_guard lock(seed_mu);
    NoGradGuard no_grad;
    Tensor& seed = dropout_seed();
    Tensor in[] = {seed};
    r = frontend::run1(u, in, Attrs{{x.shape(), x.dtype()}}, loc);
    seed += 1;
  }
  return where(r >= p, x * (1.0 / (1.0 - p)), 0);
}

Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    const Tensor& attn_mask, bool is_causal, Loc loc) {
  if (q.dim() < 2 || k.dim() < 2 || v.dim() < 2)
    throw Error(fmt::format("scaled_dot_product_attention: q, k, v need at least 2 dims, got {}, "
                            "{}, {}",
                            describe(q), describe(k), describe(v)),
                loc);
  int64_t l = q.shape().end()[-2], s = k.shape().end()[-2], d = q.shape().back();
  Tensor scores = matmul(q, k.transpose(-1, -2), loc) * (1.0 / std::sqrt(double(d)));
  const double neg_inf = -std::numeric_limits<double>::infinity();
  if (is_causal) scores = masked_fill(scores, triu(ones({l, s}, DType::Bool), 1), neg_inf);
  if (attn_mask.defined())
    scores = attn_mask.dtype() == DType::Bool ? masked_fill(scores, logical_not(attn_mask), neg_inf)
                                              : scores + attn_mask;
  return matmul(softmax(scores, -1), v, loc);
}

}  // namespace functional

// ---------------------------------------------------------------- loss modules
CrossEntropyLoss::CrossEntropyLoss(std::string r, double ls, int64_t ii)
    : Loss("CrossEntropyLoss"), reduction(std::move(r)), label_smoothing(ls), ignore_index(ii) {}
Tensor CrossEntropyLoss::forward(const Tensor& input, const Tensor& target) {
  return functional::cross_entropy(input, target, reduction, label_smoothing, ignore_index);
}
NLLLoss::NLLLoss(std::string r, int64_t ii)
    : Loss("NLLLoss"), reduction(std::move(r)), ignore_index(ii) {}
Tensor NLLLoss::forward(const Tensor& input, const Tensor& target) {
  return functional::nll_loss(input, target, reduction, ignore_index);
}
MSELoss::MSELoss(std::string r) : Loss("MSELoss"), reduction(std::move(r)) {}
Tensor MSELoss::forward(const Tensor& input, const Tensor& target) {
  return functional::mse_loss(input, target, reduction);
}
L1Loss::L1Loss(std::string r) : Loss("L1Loss"), reduction(std::move(r)) {}
Tensor L1Loss::forward(const Tensor& input, const Tensor& target) {
  return functional::l1_loss(input, target, reduction);
}
BCELoss::BCELoss(std::string r) : Loss("BCELoss"), reduction(std::move(r)) {}
Tensor BCELoss::forward(const Tensor& input, const Tensor& target) {
  return functional::binary_cross_entropy(input, target, reduction);
}
BCEWithLogitsLoss::BCEWithLogitsLoss(std::string r, Tensor pw)
    : Loss("BCEWithLogitsLoss"), reduction(std::move(r)), pos_weight(std::move(pw)) {}
Tensor BCEWithLogitsLoss::forward(const Tensor& input, const Tensor& target) {
  return functional::binary_cross_entropy_with_logits(input, target, reduction, pos_weight);
}

}  // namespace kiln::nn
