// runtime/kernel.h — what an eager kernel receives: its inputs, its attributes (positional,
// in the order the op table declares them) and the caller's source location, plus the one way
// kernels and shape rules report bad input (OpCall::fail), so every message looks alike.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

using AttrValue =
    std::variant<std::monostate, int64_t, double, bool, std::string, Shape, DType, Scalar>;

struct Attrs {
  std::vector<AttrValue> values;

  bool has(size_t k) const {
    return k < values.size() && !std::holds_alternative<std::monostate>(values[k]);
  }
  int64_t i(size_t k) const { return std::get<int64_t>(values.at(k)); }
  double f(size_t k) const {
    const auto& v = values.at(k);
    if (auto* p = std::get_if<int64_t>(&v)) return double(*p);
    return std::get<double>(v);
  }
  bool b(size_t k) const { return std::get<bool>(values.at(k)); }
  const std::string& s(size_t k) const { return std::get<std::string>(values.at(k)); }
  const Shape& ints(size_t k) const { return std::get<Shape>(values.at(k)); }
  DType dtype(size_t k) const { return std::get<DType>(values.at(k)); }
  Scalar scalar(size_t k) const {
    const auto& v = values.at(k);
    if (auto* p = std::get_if<int64_t>(&v)) return Scalar(*p);
    if (auto* p = std::get_if<double>(&v)) return Scalar(*p);
    if (auto* p = std::get_if<bool>(&v)) return Scalar(*p);
    return std::get<Scalar>(v);
  }
};

// "f32[3, 4]"
std::string describe(const Tensor& t);

struct OpCall {
  std::string_view op;
  std::span<const Tensor> in;
  const Attrs& attrs;
  Loc loc;

  const Tensor& input(size_t k) const { return in[k]; }
  bool has_input(size_t k) const { return k < in.size() && in[k].defined(); }
  // Throws kiln::Error("<op>: <message> (inputs: f32[3, 4], i64[2])", caller's location).
  [[noreturn]] void fail(const std::string& message) const;
  int64_t wrap_dim(int64_t dim, int64_t rank) const;
};

using KernelFn = void (*)(const OpCall& call, std::span<Tensor> out);

}  // namespace kiln
