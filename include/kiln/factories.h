// kiln/factories.h — making tensors: filled, ranges, random (seeded), from C++ containers, and
// over memory the caller owns (no copy).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

Tensor empty(const Shape& shape, DType dtype = DType::Float32, Loc loc = Loc::current());
Tensor zeros(const Shape& shape, DType dtype = DType::Float32, Loc loc = Loc::current());
Tensor ones(const Shape& shape, DType dtype = DType::Float32, Loc loc = Loc::current());
// dtype defaults to the value's kind: float32, int64 or bool.
Tensor full(const Shape& shape, const Scalar& value, std::optional<DType> dtype = std::nullopt,
            Loc loc = Loc::current());
Tensor zeros_like(const Tensor& t, Loc loc = Loc::current());
Tensor ones_like(const Tensor& t, Loc loc = Loc::current());
Tensor full_like(const Tensor& t, const Scalar& value, Loc loc = Loc::current());
// A 0-d tensor.
Tensor scalar_tensor(const Scalar& value, std::optional<DType> dtype = std::nullopt,
                     Loc loc = Loc::current());

// [start, end) in steps; dtype defaults to int64 if all three are integers, else float32.
Tensor arange(const Scalar& end, std::optional<DType> dtype = std::nullopt,
              Loc loc = Loc::current());
Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step = 1,
              std::optional<DType> dtype = std::nullopt, Loc loc = Loc::current());
Tensor linspace(double start, double end, int64_t steps, DType dtype = DType::Float32,
                Loc loc = Loc::current());
Tensor eye(int64_t n, int64_t m = -1, DType dtype = DType::Float32, Loc loc = Loc::current());

// A seeded source of random numbers; the same seed gives the same tensors on every machine.
class Generator {
 public:
  explicit Generator(uint64_t seed = 0x853c49e6748fea9bULL);
  void manual_seed(uint64_t seed);
  uint64_t next_u64();
  double next_double();  // uniform in [0, 1)
  double next_normal();  // standard normal

 private:
  uint64_t state_;
  bool has_spare_ = false;
  double spare_ = 0;
};
// Seeds the default generator used when none is passed.
void manual_seed(uint64_t seed);

Tensor rand(const Shape& shape, DType dtype = DType::Float32, Generator* gen = nullptr,
            Loc loc = Loc::current());
Tensor randn(const Shape& shape, DType dtype = DType::Float32, Generator* gen = nullptr,
             Loc loc = Loc::current());
// Integers uniform in [low, high).
Tensor randint(int64_t low, int64_t high, const Shape& shape, DType dtype = DType::Int64,
               Generator* gen = nullptr, Loc loc = Loc::current());

// A 1-D tensor (or of `shape`) holding a copy of the values.
template <class T>
Tensor tensor(const std::vector<T>& values, Shape shape = {}, Loc loc = Loc::current());
template <class T>
Tensor tensor(std::initializer_list<T> values, Shape shape = {}, Loc loc = Loc::current()) {
  return tensor(std::vector<T>(values), std::move(shape), loc);
}

// A tensor over memory the caller owns; no copy. `deleter` runs when the last view dies
// (pass nullptr to keep ownership). strides default to contiguous.
Tensor from_blob(void* data, const Shape& shape, DType dtype,
                 std::function<void(void*)> deleter = nullptr, const Shape& strides = {},
                 Loc loc = Loc::current());

}  // namespace kiln
