// runtime/kernel.h — what an eager kernel receives: its inputs, its attributes (positional,
// in the order the op table declares them) and the caller's source location, plus the one way
// kernels and shape rules report bad input (OpCall::fail), so every message looks alike.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

// A list of sizes some of which are symbols of a shape-generic graph (`reshape {shape =
// [batch, -1]}`): entry i is the symbol names[i] where that is not empty, else sizes[i].
// Executors resolve it to a Shape from the sizes bound at run time (ir::resolve_sizes), and
// shape inference from its stand-ins, before any kernel or shape rule sees the attribute.
struct SymInts {
  Shape sizes;
  std::vector<std::string> names;
  bool operator==(const SymInts&) const = default;
};

using AttrValue =
    std::variant<std::monostate, int64_t, double, bool, std::string, Shape, DType, Scalar, SymInts>;

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
  const Shape& ints(size_t k) const;  // throws kiln::Error on unresolved SymInts
  // Whether an attribute names symbols (then the attributes must be resolved before use).
  bool symbolic() const {
    for (const AttrValue& v : values)
      if (std::holds_alternative<SymInts>(v)) return true;
    return false;
  }
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

// Seconds one call of f takes: kernels that choose between implementations by timing them
// (conv2d's blocked vs direct, a matmul's kiln vs oneDNN product).
template <class F>
double seconds_of(F&& f) {
  auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace kiln
