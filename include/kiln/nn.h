// kiln/nn.h — neural-network modules, losses and initialisers, shaped like torch.nn.
//
//   auto model = std::make_shared<nn::Sequential>();
//   model->push_back(std::make_shared<nn::Linear>(784, 256));
//   model->push_back(std::make_shared<nn::ReLU>());
//   model->push_back(std::make_shared<nn::Linear>(256, 10));
//   Tensor loss = nn::functional::cross_entropy((*model)(x), labels);
//
// A Module owns named parameters (tensors that require grad), buffers (state that is saved but
// not trained, e.g. BatchNorm's running statistics) and child modules. Parameters are handles:
// a module's member `weight` and the entry in parameters() are the same tensor, so optimizers
// update what forward() reads, and to(dtype) / load_state_dict() change them in place.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {
class Generator;
}

namespace kiln::nn {

using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

class Module {
 public:
  explicit Module(std::string type_name = "Module");
  virtual ~Module();
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  // Single-input modules override this; calling it on others is an error.
  virtual Tensor forward(const Tensor& x);
  // forward(x), as a call an error inside it names (kiln/error.h's CallSite): an op that fails
  // in a layer names the line of this call and the layers between.
  Tensor operator()(const Tensor& x, Loc loc = Loc::current()) {
    detail::CallSite site(type_name(), loc);
    return forward(x);
  }

  const std::string& type_name() const { return type_; }
  std::vector<Tensor> parameters(bool recurse = true) const;
  NamedTensors named_parameters(bool recurse = true) const;  // "layer.0.weight"
  NamedTensors named_buffers(bool recurse = true) const;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> named_children() const;
  // Every module below this one (not itself), with dotted names.
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> named_modules() const;

  // Training mode (dropout active, batch norm uses batch statistics) for this module and all
  // below it; eval() is train(false).
  void train(bool on = true);
  void eval() { train(false); }
  bool is_training() const { return training_; }
  // Converts floating-point parameters and buffers, in place (handles stay valid).
  void to(DType dtype);
  // Clears the gradients of every parameter (set_to_none, the default, as in PyTorch 2).
  void zero_grad(bool set_to_none = true);

  // Parameters and buffers by dotted name.
  NamedTensors state_dict() const;
  // Copies values in (shapes must match; dtypes convert). strict: missing or unexpected keys
  // are an error naming them.
  void load_state_dict(const NamedTensors& state, bool strict = true, Loc loc = Loc::current());
  // The state dict as a safetensors file (readable by Hugging Face's safetensors), and back.
  void save(const std::string& path) const;
  void load(const std::string& path, bool strict = true, Loc loc = Loc::current());

  // PyTorch's repr: the module tree with each layer's settings.
  std::string to_string() const;

 protected:
  Tensor register_parameter(const std::string& name, Tensor t, bool requires_grad = true);
  Tensor register_buffer(const std::string& name, Tensor t);
  template <class M>
  std::shared_ptr<M> register_module(const std::string& name, std::shared_ptr<M> m) {
    add_child(name, m);
    return m;
  }
  void add_child(const std::string& name, std::shared_ptr<Module> m);
  virtual std::string extra_repr() const { return ""; }

 private:
  void collect(const std::string& prefix, bool params, bool recurse, NamedTensors& out) const;
  void repr(std::string& out, int indent) const;
  std::string type_;
  NamedTensors params_, buffers_;
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> children_;
  bool training_ = true;
};

// ---------------------------------------------------------------- layers
class Linear : public Module {
 public:
  Linear(int64_t in_features, int64_t out_features, bool bias = true);
  Tensor forward(const Tensor& x) override;
  Tensor weight, bias;  // [out, in], [out] (undefined without bias)
  int64_t in_features, out_features;

 protected:
  std::string extra_repr() const override;
};

class Embedding : public Module {
 public:
  Embedding(int64_t num_embeddings, int64_t embedding_dim);
  Tensor forward(const Tensor& indices) override;
  Tensor weight;  // [num_embeddings, embedding_dim]

 protected:
  std::string extra_repr() const override;
};

class LayerNorm : public Module {
 public:
  explicit LayerNorm(Shape normalized_shape, double eps = 1e-5, bool elementwise_affine = true,
                     bool bias = true);
  Tensor forward(const Tensor& x) override;
  Tensor weight, bias;
  Shape normalized_shape;
  double eps;

 protected:
  std::string extra_repr() const override;
};

class RMSNorm : public Module {
 public:
  explicit RMSNorm(Shape normalized_shape, std::optional<double> eps = std::nullopt,
                   bool elementwise_affine = true);
  Tensor forward(const Tensor& x) override;
  Tensor weight;
  Shape normalized_shape;
  std::optional<double> eps;
};

class Dropout : public Module {
 public:
  explicit Dropout(double p = 0.5);
  Tensor forward(const Tensor& x) override;
  double p;

 protected:
  std::string extra_repr() const override;
};

class Conv2d : public Module {
 public:
  Conv2d(int64_t in_channels, int64_t out_channels, Shape kernel_size, Shape stride = {1, 1},
         Shape padding = {0, 0}, Shape dilation = {1, 1}, int64_t groups = 1, bool bias = true);
  Tensor forward(const Tensor& x) override;
  Tensor weight, bias;
  Shape stride, padding, dilation;
  int64_t groups;
};

class BatchNorm2d : public Module {
 public:
  explicit BatchNorm2d(int64_t num_features, double eps = 1e-5, double momentum = 0.1,
                       bool affine = true, bool track_running_stats = true);
  Tensor forward(const Tensor& x) override;
  Tensor weight, bias, running_mean, running_var, num_batches_tracked;
  double eps, momentum;
};

class MaxPool2d : public Module {
 public:
  explicit MaxPool2d(Shape kernel_size, Shape stride = {}, Shape padding = {0, 0});
  Tensor forward(const Tensor& x) override;
  Shape kernel_size, stride, padding;
};
class AvgPool2d : public Module {
 public:
  explicit AvgPool2d(Shape kernel_size, Shape stride = {}, Shape padding = {0, 0});
  Tensor forward(const Tensor& x) override;
  Shape kernel_size, stride, padding;
};
class AdaptiveAvgPool2d : public Module {
 public:
  explicit AdaptiveAvgPool2d(Shape output_size);
  Tensor forward(const Tensor& x) override;
  Shape output_size;
};

// ---------------------------------------------------------------- activations
#define KILN_ACTIVATION(Name)                 \
  class Name : public Module {                \
   public:                                    \
    Name() : Module(#Name) {}                 \
    Tensor forward(const Tensor& x) override; \
  };
KILN_ACTIVATION(ReLU)
KILN_ACTIVATION(SiLU)
KILN_ACTIVATION(Tanh)
KILN_ACTIVATION(Sigmoid)
KILN_ACTIVATION(Identity)
#undef KILN_ACTIVATION
class GELU : public Module {
 public:
  explicit GELU(std::string approximate = "none");
  Tensor forward(const Tensor& x) override;
  std::string approximate;
};
class Softmax : public Module {
 public:
  explicit Softmax(int64_t dim);
  Tensor forward(const Tensor& x) override;
  int64_t dim;
};
class Flatten : public Module {
 public:
  explicit Flatten(int64_t start_dim = 1, int64_t end_dim = -1);
  Tensor forward(const Tensor& x) override;
  int64_t start_dim, end_dim;
};

// ---------------------------------------------------------------- attention
class MultiheadAttention : public Module {
 public:
  MultiheadAttention(int64_t embed_dim, int64_t num_heads, double dropout = 0.0, bool bias = true,
                     bool batch_first = false);
  // Returns the output and, with need_weights, the attention weights (averaged over heads
  // unless average_attn_weights is false). key_padding_mask: [batch, source] bool, true =
  // ignore; attn_mask: [target, source] bool (true = not allowed) or float (added).
  std::pair<Tensor, Tensor> forward(const Tensor& query, const Tensor& key, const Tensor& value,
                                    const Tensor& key_padding_mask = {},
                                    const Tensor& attn_mask = {}, bool need_weights = true,
                                    bool average_attn_weights = true, bool is_causal = false,
                                    Loc loc = Loc::current());
  using Module::forward;
  Tensor in_proj_weight, in_proj_bias;  // [3 * embed_dim, embed_dim], [3 * embed_dim]
  std::shared_ptr<Linear> out_proj;
  int64_t embed_dim, num_heads;
  double dropout;
  bool batch_first;
};

class TransformerEncoderLayer : public Module {
 public:
  TransformerEncoderLayer(int64_t d_model, int64_t nhead, int64_t dim_feedforward = 2048,
                          double dropout = 0.1, std::string activation = "relu",
                          double layer_norm_eps = 1e-5, bool batch_first = false,
                          bool norm_first = false);
  Tensor forward(const Tensor& src) override { return encode(src, {}, {}, false); }
  Tensor forward(const Tensor& src, const Tensor& mask, const Tensor& key_padding_mask,
                 bool is_causal = false, Loc loc = Loc::current());
  std::shared_ptr<MultiheadAttention> self_attn;
  std::shared_ptr<Linear> linear1, linear2;
  std::shared_ptr<LayerNorm> norm1, norm2;
  std::shared_ptr<Dropout> dropout, dropout1, dropout2;
  std::string activation;
  bool norm_first;

 private:
  Tensor encode(const Tensor& src, const Tensor& mask, const Tensor& kpm, bool is_causal);
  Tensor block(const Tensor& x, const Tensor& mask, const Tensor& kpm, bool is_causal);
  Tensor feed_forward(const Tensor& x);
};

class TransformerEncoder : public Module {
 public:
  // num_layers copies made by `make_layer` (layers are independent, as torch's deep copies).
  TransformerEncoder(const std::function<std::shared_ptr<TransformerEncoderLayer>()>& make_layer,
                     int64_t num_layers, std::shared_ptr<LayerNorm> norm = nullptr);
  Tensor forward(const Tensor& src) override { return encode(src, {}, {}, false); }
  Tensor forward(const Tensor& src, const Tensor& mask, const Tensor& key_padding_mask,
                 bool is_causal = false, Loc loc = Loc::current());
  std::vector<std::shared_ptr<TransformerEncoderLayer>> layers;
  std::shared_ptr<LayerNorm> norm;

 private:
  Tensor encode(const Tensor& src, const Tensor& mask, const Tensor& kpm, bool is_causal);
};

// A GPT-style decoder block (pre-norm, causal self-attention, GELU MLP), batch first:
// x + attn(ln_1(x)), then + mlp(ln_2(x)).
class DecoderBlock : public Module {
 public:
  DecoderBlock(int64_t d_model, int64_t nhead, int64_t dim_feedforward = -1, double dropout = 0.0);
  Tensor forward(const Tensor& x) override;
  std::shared_ptr<LayerNorm> ln_1, ln_2;
  std::shared_ptr<MultiheadAttention> attn;
  std::shared_ptr<Linear> fc, proj;
  std::shared_ptr<Dropout> drop;
};

// ---------------------------------------------------------------- containers
class Sequential : public Module {
 public:
  Sequential();
  Sequential(std::initializer_list<std::shared_ptr<Module>> modules);
  void push_back(std::shared_ptr<Module> m);
  Tensor forward(const Tensor& x) override;
  size_t size() const { return modules_.size(); }
  std::shared_ptr<Module> operator[](size_t i) const;

 private:
  std::vector<std::shared_ptr<Module>> modules_;
};

class ModuleList : public Module {
 public:
  ModuleList();
  void push_back(std::shared_ptr<Module> m);
  size_t size() const { return modules_.size(); }
  std::shared_ptr<Module> operator[](size_t i) const;
  auto begin() const { return modules_.begin(); }
  auto end() const { return modules_.end(); }

 private:
  std::vector<std::shared_ptr<Module>> modules_;
};

class ModuleDict : public Module {
 public:
  ModuleDict();
  void insert(const std::string& key, std::shared_ptr<Module> m);
  std::shared_ptr<Module> operator[](const std::string& key) const;
  bool contains(const std::string& key) const;
  std::vector<std::string> keys() const;

 private:
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> modules_;
};

// ---------------------------------------------------------------- losses
namespace functional {
// reduction: "mean", "sum" or "none".
// input [N, C] or [N, C, d1, ...] logits; target class indices [N, d1, ...] (an integer dtype,
// int64 as in PyTorch) or class probabilities of the input's shape.
Tensor cross_entropy(const Tensor& input, const Tensor& target,
                     const std::string& reduction = "mean", double label_smoothing = 0.0,
                     int64_t ignore_index = -100, Loc loc = Loc::current());
Tensor nll_loss(const Tensor& log_probs, const Tensor& target,
                const std::string& reduction = "mean", int64_t ignore_index = -100,
                Loc loc = Loc::current());
Tensor mse_loss(const Tensor& input, const Tensor& target, const std::string& reduction = "mean",
                Loc loc = Loc::current());
Tensor l1_loss(const Tensor& input, const Tensor& target, const std::string& reduction = "mean",
               Loc loc = Loc::current());
Tensor binary_cross_entropy(const Tensor& input, const Tensor& target,
                            const std::string& reduction = "mean", Loc loc = Loc::current());
Tensor binary_cross_entropy_with_logits(const Tensor& input, const Tensor& target,
                                        const std::string& reduction = "mean",
                                        const Tensor& pos_weight = {}, Loc loc = Loc::current());
// Zeroes elements with probability p (scaling the rest by 1 / (1 - p)) when training.
Tensor dropout(const Tensor& x, double p = 0.5, bool training = true, Loc loc = Loc::current());
// softmax(q k^T / sqrt(d) + mask) v over the last two dims; attn_mask bool (true = keep, as
// torch's scaled_dot_product_attention) or float (added).
Tensor scaled_dot_product_attention(const Tensor& q, const Tensor& k, const Tensor& v,
                                    const Tensor& attn_mask = {}, bool is_causal = false,
                                    Loc loc = Loc::current());
}  // namespace functional

// Loss modules: loss(input, target), which runs forward(input, target) as a call an error
// inside it names, as Module's operator() does.
class Loss : public Module {
 public:
  using Module::Module;
  virtual Tensor forward(const Tensor& input, const Tensor& target) = 0;
  using Module::forward;
  Tensor operator()(const Tensor& input, const Tensor& target, Loc loc = Loc::current()) {
    detail::CallSite site(type_name(), loc);
    return forward(input, target);
  }
  using Module::operator();
};
class CrossEntropyLoss : public Loss {
 public:
  explicit CrossEntropyLoss(std::string reduction = "mean", double label_smoothing = 0.0,
                            int64_t ignore_index = -100);
  Tensor forward(const Tensor& input, const Tensor& target) override;
  using Loss::forward;
  std::string reduction;
  double label_smoothing;
  int64_t ignore_index;
};
class NLLLoss : public Loss {
 public:
  explicit NLLLoss(std::string reduction = "mean", int64_t ignore_index = -100);
  Tensor forward(const Tensor& input, const Tensor& target) override;
  using Loss::forward;
  std::string reduction;
  int64_t ignore_index;
};
#define KILN_LOSS(Name)                                                 \
  class Name : public Loss {                                            \
   public:                                                              \
    explicit Name(std::string reduction = "mean");                      \
    Tensor forward(const Tensor& input, const Tensor& target) override; \
    using Loss::forward;                                                \
    std::string reduction;                                              \
  };
KILN_LOSS(MSELoss)
KILN_LOSS(L1Loss)
KILN_LOSS(BCELoss)
#undef KILN_LOSS
class BCEWithLogitsLoss : public Loss {
 public:
  explicit BCEWithLogitsLoss(std::string reduction = "mean", Tensor pos_weight = {});
  Tensor forward(const Tensor& input, const Tensor& target) override;
  using Loss::forward;
  std::string reduction;
  Tensor pos_weight;
};

// ---------------------------------------------------------------- init (torch.nn.init)
// In place, without recording history. gen: null uses the default generator (kiln::manual_seed).
namespace init {
Tensor& uniform_(Tensor& t, double a = 0.0, double b = 1.0, Generator* gen = nullptr);
Tensor& normal_(Tensor& t, double mean = 0.0, double std = 1.0, Generator* gen = nullptr);
Tensor& constant_(Tensor& t, double value);
Tensor& zeros_(Tensor& t);
Tensor& ones_(Tensor& t);
// gain for a nonlinearity: "linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu".
double calculate_gain(const std::string& nonlinearity, double param = 0.01);
// mode: "fan_in" or "fan_out".
Tensor& kaiming_uniform_(Tensor& t, double a = 0.0, const std::string& mode = "fan_in",
                         const std::string& nonlinearity = "leaky_relu", Generator* gen = nullptr);
Tensor& kaiming_normal_(Tensor& t, double a = 0.0, const std::string& mode = "fan_in",
                        const std::string& nonlinearity = "leaky_relu", Generator* gen = nullptr);
Tensor& xavier_uniform_(Tensor& t, double gain = 1.0, Generator* gen = nullptr);
Tensor& xavier_normal_(Tensor& t, double gain = 1.0, Generator* gen = nullptr);
}  // namespace init

}  // namespace kiln::nn

namespace kiln {
// safetensors files (Hugging Face's format: a JSON header, then raw little-endian data): tensors
// by name, with optional string metadata. Malformed files are a kiln::Error naming the problem.
void save_safetensors(const std::string& path, const nn::NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata = {},
                      Loc loc = Loc::current());
nn::NamedTensors load_safetensors(const std::string& path, Loc loc = Loc::current());
}  // namespace kiln
