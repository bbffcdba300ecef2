// frontend/nn/layers.cpp — the layers of kiln/nn.h, written with kiln ops (so autograd and
// kiln::compile see through them), with PyTorch's default initialisation.
#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "kiln/autograd.h"
#include "kiln/factories.h"
#include "kiln/nn.h"
#include "kiln/ops.h"

namespace kiln::nn {

namespace {
std::string shape_list(const Shape& s) { return fmt::format("{}", fmt::join(s, ", ")); }
Tensor uniform_param(const Shape& shape, double bound) {
  Tensor t = empty(shape);
  return init::uniform_(t, -bound, bound);
}
}  // namespace

// ---------------------------------------------------------------- Linear
Linear::Linear(int64_t in, int64_t out, bool has_bias)
    : Module("Linear"), in_features(in), out_features(out) {
  if (in <= 0 || out <= 0)
    throw Error(fmt::format("Linear: features must be positive, got {} -> {}", in, out));
  Tensor w = empty({out, in});
  init::kaiming_uniform_(w, std::sqrt(5.0));
  weight = register_parameter("weight", w);
  bias = register_parameter(
      "bias", has_bias ? uniform_param({out}, 1.0 / std::sqrt(double(in))) : Tensor());
}
Tensor Linear::forward(const Tensor& x) { return linear(x, weight, bias); }
std::string Linear::extra_repr() const {
  return fmt::format("in_features={}, out_features={}, bias={}", in_features, out_features,
                     bias.defined() ? "True" : "False");
}

// ---------------------------------------------------------------- Embedding
Embedding::Embedding(int64_t n, int64_t dim) : Module("Embedding") {
  Tensor w = empty({n, dim});
  weight = register_parameter("weight", init::normal_(w));
}
Tensor Embedding::forward(const Tensor& indices) { return embedding(weight, indices); }
std::string Embedding::extra_repr() const {
  return fmt::format("{}, {}", weight.shape()[0], weight.shape()[1]);
}

// ---------------------------------------------------------------- normalisation
LayerNorm::LayerNorm(Shape ns, double e, bool affine, bool has_bias)
    : Module("LayerNorm"), normalized_shape(std::move(ns)), eps(e) {
  weight = register_parameter("weight", affine ? ones(normalized_shape) : Tensor());
  bias = register_parameter("bias", affine && has_bias ? zeros(normalized_shape) : Tensor());
}
Tensor LayerNorm::forward(const Tensor& x) {
  return layer_norm(x, normalized_shape, weight, bias, eps);
}
std::string LayerNorm::extra_repr() const {
  return fmt::format("({},), eps={}, elementwise_affine={}", shape_list(normalized_shape), eps,
                     weight.defined() ? "True" : "False");
}

RMSNorm::RMSNorm(Shape ns, std::optional<double> e, bool affine)
    : Module("RMSNorm"), normalized_shape(std::move(ns)), eps(e) {
  weight = register_parameter("weight", affine ? ones(normalized_shape) : Tensor());
}
Tensor RMSNorm::forward(const Tensor& x) { return rms_norm(x, normalized_shape, weight, eps); }

BatchNorm2d::BatchNorm2d(int64_t c, double e, double m, bool affine, bool track)
    : Module("BatchNorm2d"), eps(e), momentum(m) {
  weight = register_parameter("weight", affine ? ones({c}) : Tensor());
  bias = register_parameter("bias", affine ? zeros({c}) : Tensor());
  if (track) {
    running_mean = register_buffer("running_mean", zeros({c}));
    running_var = register_buffer("running_var", ones({c}));
    num_batches_tracked = register_buffer("num_batches_tracked", zeros({}, DType::Int64));
  }
}
Tensor BatchNorm2d::forward(const Tensor& x) {
  if (x.dim() != 4)
    throw Error(fmt::format("BatchNorm2d: expects [N, C, H, W], got {}", shape_str(x.shape())));
  if (!is_training() && running_mean.defined())
    return batch_norm(x, running_mean, running_var, weight, bias, eps);
  Shape dims{0, 2, 3};
  Tensor mean = kiln::mean(x, dims);
  Tensor var = kiln::var(x, dims, 0);
  if (is_training() && running_mean.defined()) {
    NoGradGuard no_grad;
    double n = double(x.numel() / x.shape()[1]);
    running_mean.copy_(running_mean * (1 - momentum) + mean.detach() * momentum);
    running_var.copy_(running_var * (1 - momentum) +
                      var.detach() * (momentum * n / std::max(n - 1, 1.0)));
    num_batches_tracked += 1;
  }
  return batch_norm(x, mean, var, weight, bias, eps);
}

Dropout::Dropout(double prob) : Module("Dropout"), p(prob) {
  if (p < 0 || p > 1) throw Error(fmt::format("Dropout: p must be in [0, 1], got {}", p));
}
Tensor Dropout::forward(const Tensor& x) { return functional::dropout(x, p, is_training()); }
std::string Dropout::extra_repr() const { return fmt::format("p={}", p); }

// ---------------------------------------------------------------- convolution and pooling
Conv2d::Conv2d(int64_t in, int64_t out, Shape k, Shape s, Shape pad, Shape dil, int64_t g,
               bool has_bias)
    : Module("Conv2d"),
      stride(std::move(s)),
      padding(std::move(pad)),
      dilation(std::move(dil)),
      groups(g) {
  if (k.size() == 1) k = {k[0], k[0]};
  if (g <= 0 || in % g || out % g)
    throw Error(fmt::format("Conv2d: groups {} must divide in_channels {} and out_channels {}", g,
                            in, out));
  Tensor w = empty({out, in / g, k[0], k[1]});
  init::kaiming_uniform_(w, std::sqrt(5.0));
  weight = register_parameter("weight", w);
  double fan_in = double(in / g * k[0] * k[1]);
  bias = register_parameter("bias",
                            has_bias ? uniform_param({out}, 1.0 / std::sqrt(fan_in)) : Tensor());
}
Tensor Conv2d::forward(const Tensor& x) {
  return conv2d(x, weight, bias, stride, padding, dilation, groups);
}

MaxPool2d::MaxPool2d(Shape k, Shape s, Shape p)
    : Module("MaxPool2d"), kernel_size(std::move(k)), stride(std::move(s)), padding(std::move(p)) {}
Tensor MaxPool2d::forward(const Tensor& x) { return max_pool2d(x, kernel_size, stride, padding); }
AvgPool2d::AvgPool2d(Shape k, Shape s, Shape p)
    : Module("AvgPool2d"), kernel_size(std::move(k)), stride(std::move(s)), padding(std::move(p)) {}
Tensor AvgPool2d::forward(const Tensor& x) { return avg_pool2d(x, kernel_size, stride, padding); }
AdaptiveAvgPool2d::AdaptiveAvgPool2d(Shape o)
    : Module("AdaptiveAvgPool2d"), output_size(std::move(o)) {}
Tensor AdaptiveAvgPool2d::forward(const Tensor& x) { return adaptive_avg_pool2d(x, output_size); }

// ---------------------------------------------------------------- activations
Tensor ReLU::forward(const Tensor& x) { return relu(x); }
Tensor SiLU::forward(const Tensor& x) { return silu(x); }
Tensor Tanh::forward(const Tensor& x) { return tanh(x); }
Tensor Sigmoid::forward(const Tensor& x) { return sigmoid(x); }
Tensor Identity::forward(const Tensor& x) { return x; }
GELU::GELU(std::string a) : Module("GELU"), approximate(std::move(a)) {}
Tensor GELU::forward(const Tensor& x) { return gelu(x, approximate); }
Softmax::Softmax(int64_t d) : Module("Softmax"), dim(d) {}
Tensor Softmax::forward(const Tensor& x) { return softmax(x, dim); }
Flatten::Flatten(int64_t s, int64_t e) : Module("Flatten"), start_dim(s), end_dim(e) {}
Tensor Flatten::forward(const Tensor& x) { return x.flatten(start_dim, end_dim); }

// ---------------------------------------------------------------- attention
MultiheadAttention::MultiheadAttention(int64_t e, int64_t h, double p, bool has_bias, bool bf)
    : Module("MultiheadAttention"), embed_dim(e), num_heads(h), dropout(p), batch_first(bf) {
  if (h <= 0 || e % h)
    throw Error(
        fmt::format("MultiheadAttention: embed_dim {} must be divisible by num_heads {}", e, h));
  Tensor w = empty({3 * e, e});
  in_proj_weight = register_parameter("in_proj_weight", init::xavier_uniform_(w));
  in_proj_bias = register_parameter("in_proj_bias", has_bias ? zeros({3 * e}) : Tensor());
  out_proj = register_module("out_proj", std::make_shared<Linear>(e, e, has_bias));
  if (has_bias) init::zeros_(out_proj->bias);
}

std::pair<Tensor, Tensor> MultiheadAttention::forward(const Tensor& query, const Tensor& key,
                                                      const Tensor& value, const Tensor& kpm,
                                                      const Tensor& attn_mask, bool need_weights,
                                                      bool average, bool is_causal, Loc loc) {
  detail::CallSite site(type_name(), loc);
  Tensor q = batch_first ? query : query.transpose(0, 1);  // [N, L, E]
  Tensor k = batch_first ? key : key.transpose(0, 1);
  Tensor v = batch_first ? value : value.transpose(0, 1);
  if (q.dim() != 3 || k.dim() != 3 || v.dim() != 3 || q.shape()[2] != embed_dim)
    throw Error(fmt::format(
        "MultiheadAttention: expects 3-D query/key/value with {} features, "
        "got {}, {}, {}",
        embed_dim, shape_str(query.shape()), shape_str(key.shape()), shape_str(value.shape())));
  int64_t n = q.shape()[0], l = q.shape()[1], s = k.shape()[1], e = embed_dim, h = num_heads;
  int64_t d = e / h;
  auto project = [&](const Tensor& x, int64_t part, int64_t len) {
    Tensor w = in_proj_weight.narrow(0, part * e, e);
    Tensor b = in_proj_bias.defined() ? in_proj_bias.narrow(0, part * e, e) : Tensor();
    return linear(x, w, b).reshape({n, len, h, d}).transpose(1, 2);  // [N, H, len, D]
  };
  Tensor qh = project(q, 0, l), kh = project(k, 1, s), vh = project(v, 2, s);
  Tensor scores = matmul(qh, kh.transpose(-1, -2)) * (1.0 / std::sqrt(double(d)));
  const double neg_inf = -std::numeric_limits<double>::infinity();
  if (attn_mask.defined()) {
    Tensor m = attn_mask.dim() == 3 ? attn_mask.reshape({n, h, l, s}) : attn_mask;
    scores = m.dtype() == DType::Bool ? masked_fill(scores, m, neg_inf) : scores + m;
  } else if (is_causal) {
    scores = masked_fill(scores, triu(ones({l, s}, DType::Bool), 1), neg_inf);
  }
  if (kpm.defined()) {
    Tensor m = kpm.reshape({n, 1, 1, s});
    scores = m.dtype() == DType::Bool ? masked_fill(scores, m, neg_inf) : scores + m;
  }
  Tensor attn = softmax(scores, -1);
  Tensor dropped = functional::dropout(attn, dropout, is_training());
  Tensor out = matmul(dropped, vh).transpose(1, 2).reshape({n, l, e});
  out = (*out_proj)(out);
  if (!batch_first) out = out.transpose(0, 1);
  Tensor weights;
  if (need_weights) weights = average ? attn.mean({1}) : attn;
  return {out, weights};
}

TransformerEncoderLayer::TransformerEncoderLayer(int64_t d_model, int64_t nhead, int64_t dim_ff,
                                                 double p, std::string act, double eps, bool bf,
                                                 bool nf)
    : Module("TransformerEncoderLayer"), activation(std::move(act)), norm_first(nf) {
  if (activation != "relu" && activation != "gelu")
    throw Error(fmt::format("TransformerEncoderLayer: activation must be relu or gelu, got '{}'",
                            activation));
  self_attn = register_module("self_attn",
                              std::make_shared<MultiheadAttention>(d_model, nhead, p, true, bf));
  linear1 = register_module("linear1", std::make_shared<Linear>(d_model, dim_ff));
  dropout = register_module("dropout", std::make_shared<Dropout>(p));
  linear2 = register_module("linear2", std::make_shared<Linear>(dim_ff, d_model));
  norm1 = register_module("norm1", std::make_shared<LayerNorm>(Shape{d_model}, eps));
  norm2 = register_module("norm2", std::make_shared<LayerNorm>(Shape{d_model}, eps));
  dropout1 = register_module("dropout1", std::make_shared<Dropout>(p));
  dropout2 = register_module("dropout2", std::make_shared<Dropout>(p));
}
Tensor TransformerEncoderLayer::block(const Tensor& x, const Tensor& mask, const Tensor& kpm,
                                      bool is_causal) {
  return (*dropout1)(self_attn->forward(x, x, x, kpm, mask, false, true, is_causal).first);
}
Tensor TransformerEncoderLayer::feed_forward(const Tensor& x) {
  Tensor h = (*linear1)(x);
  h = activation == "gelu" ? gelu(h) : relu(h);
  return (*dropout2)((*linear2)((*dropout)(h)));
}
Tensor TransformerEncoderLayer::forward(const Tensor& src, const Tensor& mask, const Tensor& kpm,
                                        bool is_causal, Loc loc) {
  detail::CallSite site(type_name(), loc);
  return encode(src, mask, kpm, is_causal);
}
Tensor TransformerEncoderLayer::encode(const Tensor& src, const Tensor& mask, const Tensor& kpm,
                                       bool is_causal) {
  Tensor x = src;
  if (norm_first) {
    x = x + block((*norm1)(x), mask, kpm, is_causal);
    return x + feed_forward((*norm2)(x));
  }
  x = (*norm1)(x + block(x, mask, kpm, is_causal));
  return (*norm2)(x + feed_forward(x));
}

TransformerEncoder::TransformerEncoder(
    const std::function<std::shared_ptr<TransformerEncoderLayer>()>& make_layer, int64_t n,
    std::shared_ptr<LayerNorm> final_norm)
    : Module("TransformerEncoder") {
  auto list = register_module("layers", std::make_shared<ModuleList>());
  for (int64_t i = 0; i < n; ++i) {
    layers.push_back(make_layer());
    list->push_back(layers.back());
  }
  if (final_norm) norm = register_module("norm", final_norm);
}
Tensor TransformerEncoder::forward(const Tensor& src, const Tensor& mask, const Tensor& kpm,
                                   bool is_causal, Loc loc) {
  detail::CallSite site(type_name(), loc);
  return encode(src, mask, kpm, is_causal);
}
Tensor TransformerEncoder::encode(const Tensor& src, const Tensor& mask, const Tensor& kpm,
                                  bool is_causal) {
  Tensor x = src;
  for (auto& l : layers) x = l->forward(x, mask, kpm, is_causal);
  return norm ? (*norm)(x) : x;
}

DecoderBlock::DecoderBlock(int64_t d_model, int64_t nhead, int64_t dim_ff, double p)
    : Module("DecoderBlock") {
  if (dim_ff < 0) dim_ff = 4 * d_model;
  ln_1 = register_module("ln_1", std::make_shared<LayerNorm>(Shape{d_model}));
  attn =
      register_module("attn", std::make_shared<MultiheadAttention>(d_model, nhead, p, true, true));
  ln_2 = register_module("ln_2", std::make_shared<LayerNorm>(Shape{d_model}));
  fc = register_module("fc", std::make_shared<Linear>(d_model, dim_ff));
  proj = register_module("proj", std::make_shared<Linear>(dim_ff, d_model));
  drop = register_module("drop", std::make_shared<Dropout>(p));
}
Tensor DecoderBlock::forward(const Tensor& x) {
  Tensor h = (*ln_1)(x);
  Tensor y = x + attn->forward(h, h, h, {}, {}, false, true, /*is_causal=*/true).first;
  return y + (*drop)((*proj)(gelu((*fc)((*ln_2)(y)))));
}

}  // namespace kiln::nn
