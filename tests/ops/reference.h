// tests/ops/reference.h — naive reference evaluation for op tests: random inputs of every
// dtype, non-contiguous copies, and element-by-element loops over multi-indices that share no
// code with the kernels they check.
#pragma once

#include <cmath>
#include <functional>
#include <vector>

#include "check.h"

namespace kiln::test {

inline Tensor random_of(const Shape& shape, DType dt, Generator& g) {
  if (is_floating(dt)) return randn(shape, DType::Float64, &g).to(dt);
  if (dt == DType::Bool) return randint(0, 2, shape, DType::Int64, &g).to(DType::Bool);
  if (dt == DType::UInt8) return randint(0, 12, shape, DType::UInt8, &g);
  return randint(-6, 7, shape, dt, &g);
}

// The same values in a strided (non-contiguous) layout: every other column of a wider tensor.
inline Tensor strided_copy(const Tensor& t) {
  if (t.dim() == 0) return t;
  Shape wide = t.shape();
  wide.back() = wide.back() * 2 + 1;
  Tensor w = zeros(wide, t.dtype());
  Tensor v = w.slice(-1, 0, wide.back(), 2).narrow(-1, 0, t.shape().back());
  v.copy_(t);
  return v;
}

// Values of t broadcast to `shape`, as doubles in row-major order.
inline std::vector<double> values_as(const Tensor& t, const Shape& shape) {
  return t.expand(shape).tolist<double>();
}

// Rounds v as storing it in dtype d would.
inline double round_to(double v, DType d) {
  if (std::isfinite(v)) {  // integers wrap, as PyTorch's do
    if (d == DType::UInt8) return double(uint8_t(int64_t(v)));
    if (d == DType::Int8) return double(int8_t(int64_t(v)));
    if (d == DType::Int32) return double(int32_t(int64_t(v)));
    if (d == DType::Int64) return double(int64_t(v));
  }
  return scalar_tensor(v, DType::Float64).to(d).item<double>();
}

// Naive reduction over dims (empty = all): gathers each output's inputs, applies f.
inline Tensor naive_reduce(const Tensor& x, Shape dims, bool keepdim,
                           const std::function<double(const std::vector<double>&)>& f) {
  int64_t nd = x.dim();
  if (dims.empty())
    for (int64_t d = 0; d < nd; ++d) dims.push_back(d);
  for (auto& d : dims) d = d < 0 ? d + nd : d;
  Shape out_shape, kept;
  for (int64_t d = 0; d < nd; ++d) {
    bool r = std::find(dims.begin(), dims.end(), d) != dims.end();
    if (!r) {
      out_shape.push_back(x.shape()[d]);
      kept.push_back(d);
    } else if (keepdim) {
      out_shape.push_back(1);
    }
  }
  int64_t nout = numel_of(out_shape);
  std::vector<std::vector<double>> groups(static_cast<size_t>(nout));
  auto vals = x.tolist<double>();
  Shape idx(static_cast<size_t>(nd), 0);
  for (double v : vals) {
    int64_t o = 0;
    for (int64_t d : kept) o = o * x.shape()[d] + idx[d];
    groups[size_t(o)].push_back(v);
    for (int64_t d = nd - 1; d >= 0; --d) {
      if (++idx[d] < x.shape()[d]) break;
      idx[d] = 0;
    }
  }
  std::vector<double> res;
  for (auto& g : groups) res.push_back(f(g));
  return tensor(res, out_shape.empty() ? Shape{} : out_shape).reshape(out_shape);
}

}  // namespace kiln::test
