// frontend/nn/init.cpp — torch.nn.init: fills parameters in place without recording history.
#include <fmt/format.h>

#include <cmath>

#include "kiln/autograd.h"
#include "kiln/factories.h"
#include "kiln/nn.h"
#include "kiln/ops.h"

namespace kiln::nn::init {

namespace {
Tensor& fill_from(Tensor& t, const Tensor& values) {
  NoGradGuard no_grad;
  t.copy_(values);
  return t;
}
std::pair<double, double> fans(const Tensor& t, const char* op) {
  if (t.dim() < 2)
    throw Error(fmt::format("{}: fan in and fan out need a tensor of at least 2 dims, got {}", op,
                            shape_str(t.shape())));
  double receptive = 1;
  for (int64_t d = 2; d < t.dim(); ++d) receptive *= double(t.shape()[d]);
  return {double(t.shape()[1]) * receptive, double(t.shape()[0]) * receptive};
}
double kaiming_std(const Tensor& t, double a, const std::string& mode,
                   const std::string& nonlinearity, const char* op) {
  auto [fan_in, fan_out] = fans(t, op);
  if (mode != "fan_in" && mode != "fan_out")
    throw Error(fmt::format("{}: mode must be fan_in or fan_out, got '{}'", op, mode));
  double fan = mode == "fan_in" ? fan_in : fan_out;
  return calculate_gain(nonlinearity, a) / std::sqrt(fan);
}
}  // namespace

Tensor& uniform_(Tensor& t, double a, double b, Generator* gen) {
  return fill_from(t, rand(t.shape(), t.dtype(), gen) * (b - a) + a);
}
Tensor& normal_(Tensor& t, double mean, double std, Generator* gen) {
  return fill_from(t, randn(t.shape(), t.dtype(), gen) * std + mean);
}
Tensor& constant_(Tensor& t, double value) { return fill_from(t, full({}, value, t.dtype())); }
Tensor& zeros_(Tensor& t) { return constant_(t, 0.0); }
Tensor& ones_(Tensor& t) { return constant_(t, 1.0); }

double calculate_gain(const std::string& nl, double param) {
  if (nl == "linear" || nl == "conv1d" || nl == "conv2d" || nl == "conv3d" || nl == "sigmoid")
    return 1.0;
  if (nl == "tanh") return 5.0 / 3.0;
  if (nl == "relu") return std::sqrt(2.0);
  if (nl == "leaky_relu") return std::sqrt(2.0 / (1 + param * param));
  if (nl == "selu") return 3.0 / 4.0;
  throw Error(fmt::format("calculate_gain: unknown nonlinearity '{}'", nl));
}

Tensor& kaiming_uniform_(Tensor& t, double a, const std::string& mode, const std::string& nl,
                         Generator* gen) {
  double bound = std::sqrt(3.0) * kaiming_std(t, a, mode, nl, "kaiming_uniform_");
  return uniform_(t, -bound, bound, gen);
}
Tensor& kaiming_normal_(Tensor& t, double a, const std::string& mode, const std::string& nl,
                        Generator* gen) {
  return normal_(t, 0.0, kaiming_std(t, a, mode, nl, "kaiming_normal_"), gen);
}
Tensor& xavier_uniform_(Tensor& t, double gain, Generator* gen) {
  auto [fan_in, fan_out] = fans(t, "xavier_uniform_");
  double bound = gain * std::sqrt(6.0 / (fan_in + fan_out));
  return uniform_(t, -bound, bound, gen);
}
Tensor& xavier_normal_(Tensor& t, double gain, Generator* gen) {
  auto [fan_in, fan_out] = fans(t, "xavier_normal_");
  return normal_(t, 0.0, gain * std::sqrt(2.0 / (fan_in + fan_out)), gen);
}

}  // namespace kiln::nn::init
