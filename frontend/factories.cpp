// frontend/factories.cpp — tensor factories (see kiln/factories.h).
#include "kiln/factories.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>

#include "runtime/random.h"
#include "runtime/strided.h"
#include "runtime/tensor_impl.h"

namespace kiln {

namespace {
void check_shape(const char* op, const Shape& shape, Loc loc) {
  for (int64_t d : shape)
    if (d < 0)
      throw Error(fmt::format("{}: negative dimension in shape {}", op, shape_str(shape)), loc);
}

// Fills a freshly allocated (contiguous) tensor.
void fill(Tensor& t, const Scalar& v) {
  visit_dtype(t.dtype(), [&]<class T>() {
    T value = v.is_floating() ? convert<T>(v.to_double())
                              : (v.is_bool() ? convert<T>(v.to<bool>()) : convert<T>(v.to_int()));
    T* p = static_cast<T*>(t.data_ptr());
    int64_t n = t.numel();
    parallel_for(n, 1, [&](int64_t b, int64_t e) { std::fill(p + b, p + e, value); });
  });
}

DType kind_dtype(std::initializer_list<Scalar> values) {
  for (const Scalar& s : values)
    if (s.is_floating()) return DType::Float32;
  return DType::Int64;
}
}  // namespace

Tensor empty(const Shape& shape, DType dtype, Loc loc) {
  check_shape("empty", shape, loc);
  return empty_tensor(shape, dtype);
}

Tensor full(const Shape& shape, const Scalar& value, std::optional<DType> dtype, Loc loc) {
  check_shape("full", shape, loc);
  Tensor t = empty_tensor(shape, dtype.value_or(value.default_dtype()));
  fill(t, value);
  return t;
}
Tensor zeros(const Shape& shape, DType dtype, Loc loc) { return full(shape, 0, dtype, loc); }
Tensor ones(const Shape& shape, DType dtype, Loc loc) { return full(shape, 1, dtype, loc); }
Tensor zeros_like(const Tensor& t, Loc loc) { return full(t.shape(), 0, t.dtype(), loc); }
Tensor ones_like(const Tensor& t, Loc loc) { return full(t.shape(), 1, t.dtype(), loc); }
Tensor full_like(const Tensor& t, const Scalar& v, Loc loc) {
  return full(t.shape(), v, t.dtype(), loc);
}
Tensor scalar_tensor(const Scalar& value, std::optional<DType> dtype, Loc loc) {
  return full({}, value, dtype, loc);
}

Tensor arange(const Scalar& end, std::optional<DType> dtype, Loc loc) {
  return arange(0, end, 1, dtype, loc);
}

Tensor arange(const Scalar& start, const Scalar& end, const Scalar& step,
              std::optional<DType> dtype, Loc loc) {
  DType dt = dtype.value_or(kind_dtype({start, end, step}));
  double s = start.to_double(), e = end.to_double(), st = step.to_double();
  if (st == 0) throw Error("arange: step must be nonzero", loc);
  if (!std::isfinite(s) || !std::isfinite(e))
    throw Error(fmt::format("arange: start {} and end {} must be finite", s, e), loc);
  if ((st > 0 && e < s) || (st < 0 && e > s))
    throw Error(fmt::format("arange: end {} is not reachable from start {} with step {}", e, s, st),
                loc);
  int64_t n = int64_t(std::ceil((e - s) / st));
  Tensor t = empty_tensor({n}, dt);
  bool ints = !start.is_floating() && !step.is_floating();
  visit_dtype(dt, [&]<class T>() {
    T* p = static_cast<T*>(t.data_ptr());
    for (int64_t i = 0; i < n; ++i)
      p[i] = ints ? convert<T>(start.to_int() + i * step.to_int()) : convert<T>(s + double(i) * st);
  });
  return t;
}

Tensor linspace(double start, double end, int64_t steps, DType dtype, Loc loc) {
  if (steps < 0) throw Error(fmt::format("linspace: steps must be >= 0, got {}", steps), loc);
  Tensor t = empty_tensor({steps}, dtype);
  double step = steps > 1 ? (end - start) / double(steps - 1) : 0;
  visit_dtype(dtype, [&]<class T>() {
    T* p = static_cast<T*>(t.data_ptr());
    // Like PyTorch: the second half counts back from `end`, so both ends are exact.
    for (int64_t i = 0; i < steps; ++i)
      p[i] =
          convert<T>(i < steps / 2 ? start + step * double(i) : end - step * double(steps - 1 - i));
  });
  return t;
}

Tensor eye(int64_t n, int64_t m, DType dtype, Loc loc) {
  if (m < 0) m = n;
  if (n < 0) throw Error(fmt::format("eye: n must be >= 0, got {}", n), loc);
  Tensor t = zeros({n, m}, dtype, loc);
  t.diagonal().copy_(full({}, 1, dtype));
  return t;
}

namespace {
template <class Draw>
Tensor random_tensor(const char* op, const Shape& shape, DType dtype, Generator* gen, Loc loc,
                     Draw draw) {
  check_shape(op, shape, loc);
  Tensor t = empty_tensor(shape, dtype);
  with_generator(gen, [&](Generator& g) {
    visit_dtype(dtype, [&]<class T>() {
      T* p = static_cast<T*>(t.data_ptr());
      for (int64_t i = 0, n = t.numel(); i < n; ++i) p[i] = draw.template operator()<T>(g);
    });
  });
  return t;
}
}  // namespace

Tensor rand(const Shape& shape, DType dtype, Generator* gen, Loc loc) {
  if (!is_floating(dtype))
    throw Error(fmt::format("rand: dtype must be floating, got {}", name(dtype)), loc);
  return random_tensor("rand", shape, dtype, gen, loc, []<class T>(Generator& g) {
    // Round down so a float32 result stays below 1.
    if constexpr (std::is_same_v<T, double>)
      return g.next_double();
    else
      return T(float(double(g.next_u64() >> 40) * 0x1.0p-24));
  });
}

Tensor randn(const Shape& shape, DType dtype, Generator* gen, Loc loc) {
  if (!is_floating(dtype))
    throw Error(fmt::format("randn: dtype must be floating, got {}", name(dtype)), loc);
  return random_tensor("randn", shape, dtype, gen, loc,
                       []<class T>(Generator& g) { return convert<T>(g.next_normal()); });
}

Tensor randint(int64_t low, int64_t high, const Shape& shape, DType dtype, Generator* gen,
               Loc loc) {
  if (high <= low)
    throw Error(fmt::format("randint: high {} must be greater than low {}", high, low), loc);
  uint64_t range = uint64_t(high) - uint64_t(low);
  return random_tensor("randint", shape, dtype, gen, loc, [=]<class T>(Generator& g) {
    return convert<T>(int64_t(uint64_t(low) + g.next_u64() % range));
  });
}

template <class T>
Tensor tensor(const std::vector<T>& values, Shape shape, Loc loc) {
  if (shape.empty()) shape = {int64_t(values.size())};
  check_shape("tensor", shape, loc);
  if (numel_of(shape) != int64_t(values.size()))
    throw Error(
        fmt::format("tensor: {} values do not fill shape {}", values.size(), shape_str(shape)),
        loc);
  using Stored = T;
  Tensor t = empty_tensor(shape, dtype_v<Stored>);
  Stored* p = static_cast<Stored*>(t.data_ptr());
  for (size_t i = 0; i < values.size(); ++i) p[i] = Stored(values[i]);
  return t;
}
template Tensor tensor(const std::vector<bool>&, Shape, Loc);
template Tensor tensor(const std::vector<uint8_t>&, Shape, Loc);
template Tensor tensor(const std::vector<int8_t>&, Shape, Loc);
template Tensor tensor(const std::vector<int32_t>&, Shape, Loc);
template Tensor tensor(const std::vector<int64_t>&, Shape, Loc);
template Tensor tensor(const std::vector<Half>&, Shape, Loc);
template Tensor tensor(const std::vector<BFloat16>&, Shape, Loc);
template Tensor tensor(const std::vector<float>&, Shape, Loc);
template Tensor tensor(const std::vector<double>&, Shape, Loc);

Tensor from_blob(void* data, const Shape& shape, DType dtype, std::function<void(void*)> deleter,
                 const Shape& strides, Loc loc) {
  check_shape("from_blob", shape, loc);
  if (!data && numel_of(shape) > 0) throw Error("from_blob: data is null", loc);
  Shape st = strides.empty() ? contiguous_strides(shape) : strides;
  if (st.size() != shape.size())
    throw Error(
        fmt::format("from_blob: strides {} do not match shape {}", shape_str(st), shape_str(shape)),
        loc);
  int64_t extent = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (st[i] < 0) throw Error("from_blob: negative strides are not supported", loc);
    extent += (shape[i] - 1) * st[i];
  }
  auto impl = std::make_shared<TensorImpl>();
  if (deleter)
    impl->storage = std::shared_ptr<void>(data, std::move(deleter));
  else
    impl->storage = std::shared_ptr<void>(data, [](void*) {});
  impl->storage_bytes = size_t(numel_of(shape) ? extent : 0) * itemsize(dtype);
  impl->shape = shape;
  impl->strides = st;
  impl->dtype = dtype;
  return Tensor(std::move(impl));
}

}  // namespace kiln
