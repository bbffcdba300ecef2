// bench/models.h — models the benchmarks share, written with kiln ops.
#pragma once

#include <cmath>

#include "kiln/kiln.h"

namespace kiln::bench {

// TransformerEncoderLayer(d_model=256, nhead=4, dim_feedforward=1024, batch_first=True,
// norm_first=False, activation=relu), eval mode (no dropout): B4, B7, B8.
struct EncoderLayer {
  static constexpr int64_t D = 256, H = 4, F = 1024, S = 128;
  Tensor w_in, b_in, w_out, b_out, w1, b1, w2, b2, g1, e1, g2, e2;

  explicit EncoderLayer(Generator& gen) {
    auto init = [&](int64_t o, int64_t i) {
      return (rand({o, i}, DType::Float32, &gen) * 2 - 1) * (1.0 / std::sqrt(double(i)));
    };
    w_in = init(3 * D, D), b_in = zeros({3 * D}), w_out = init(D, D), b_out = zeros({D});
    w1 = init(F, D), b1 = zeros({F}), w2 = init(D, F), b2 = zeros({D});
    g1 = ones({D}), e1 = zeros({D}), g2 = ones({D}), e2 = zeros({D});
  }

  // x: [batch, S, D]. With `read_batch` the code reads x's batch size (so kiln::compile keeps
  // static shapes); without, reshapes use -1 (so the batch dim can be dynamic).
  Tensor forward(const Tensor& x, bool read_batch = false) const {
    int64_t B = read_batch ? x.shape()[0] : -1;
    Tensor qkv = linear(x, w_in, b_in);  // [B, S, 3D]
    auto heads = [&](int64_t k) {
      return qkv.slice(-1, k * D, (k + 1) * D).reshape({B, S, H, D / H}).permute({0, 2, 1, 3});
    };
    Tensor att = softmax(
        matmul(heads(0), heads(1).transpose(-2, -1)) * (1.0 / std::sqrt(double(D / H))), -1);
    Tensor o = matmul(att, heads(2)).permute({0, 2, 1, 3}).reshape({B, S, D});
    Tensor x1 = layer_norm(x + linear(o, w_out, b_out), {D}, g1, e1);
    return layer_norm(x1 + linear(relu(linear(x1, w1, b1)), w2, b2), {D}, g2, e2);
  }
};

}  // namespace kiln::bench
