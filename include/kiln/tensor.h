// kiln/tensor.h — the user's handle on an n-dimensional array: shared storage plus shape,
// strides (in elements) and an offset. Copying a Tensor copies the handle, not the data, as in
// PyTorch; views (reshape, permute, slice, expand, ...) share storage and never copy.
#pragma once

#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <source_location>
#include <string>
#include <utility>
#include <vector>

#include "kiln/dtype.h"
#include "kiln/error.h"
#include "kiln/scalar.h"

namespace kiln {

using Shape = std::vector<int64_t>;
using Loc = std::source_location;

std::string shape_str(const Shape& s);  // "[2, 3]"
int64_t numel_of(const Shape& s);
Shape contiguous_strides(const Shape& s);

struct TensorImpl;
namespace detail {
struct Operand;
struct ScalarOperand;
}  // namespace detail

class Tensor {
 public:
  Tensor() = default;  // an undefined tensor
  explicit Tensor(std::shared_ptr<TensorImpl> impl) : impl_(std::move(impl)) {}

  bool defined() const { return impl_ != nullptr; }
  const Shape& shape() const;
  const Shape& strides() const;
  int64_t offset() const;  // in elements, into the storage
  DType dtype() const;
  int64_t dim() const { return int64_t(shape().size()); }
  int64_t size(int64_t d, Loc loc = Loc::current()) const;
  int64_t stride(int64_t d, Loc loc = Loc::current()) const;
  int64_t numel() const;
  size_t nbytes() const { return size_t(numel()) * itemsize(dtype()); }
  bool is_contiguous() const;
  // True when both handles view the same storage.
  bool shares_storage(const Tensor& other) const;
  // How many handles share this tensor's storage (views count).
  long use_count() const;

  // Address of element [0, 0, ...].
  void* data_ptr() const;
  template <class T>
  T* data(Loc loc = Loc::current()) const {
    check_dtype(dtype_v<T>, loc);
    return static_cast<T*>(data_ptr());
  }
  // The value of a one-element tensor.
  template <class T>
  T item(Loc loc = Loc::current()) const {
    return item_scalar(loc).to<T>();
  }
  Scalar item_scalar(Loc loc = Loc::current()) const;
  // Element at a full index (negative indices count from the end), converted to T.
  template <class T>
  T at(std::initializer_list<int64_t> index, Loc loc = Loc::current()) const {
    return at_scalar(Shape(index), loc).to<T>();
  }
  Scalar at_scalar(const Shape& index, Loc loc = Loc::current()) const;
  // A flat copy of the values in row-major order, converted to T.
  template <class T>
  std::vector<T> tolist(Loc loc = Loc::current()) const;

  // ---- views: share storage
  Tensor view(const Shape& shape, Loc loc = Loc::current()) const;
  Tensor reshape(const Shape& shape, Loc loc = Loc::current()) const;  // copies when it must
  Tensor permute(const Shape& dims, Loc loc = Loc::current()) const;
  Tensor transpose(int64_t d0, int64_t d1, Loc loc = Loc::current()) const;
  Tensor t(Loc loc = Loc::current()) const;  // 2-D transpose
  Tensor slice(int64_t dim, int64_t start, int64_t end, int64_t step = 1,
               Loc loc = Loc::current()) const;  // Python slicing: clamps, negative ok
  Tensor narrow(int64_t dim, int64_t start, int64_t length, Loc loc = Loc::current()) const;
  Tensor select(int64_t dim, int64_t index, Loc loc = Loc::current()) const;
  Tensor expand(const Shape& shape, Loc loc = Loc::current()) const;  // -1 keeps a dim
  Tensor squeeze(Loc loc = Loc::current()) const;
  Tensor squeeze(int64_t dim, Loc loc = Loc::current()) const;
  Tensor unsqueeze(int64_t dim, Loc loc = Loc::current()) const;
  Tensor flatten(int64_t start = 0, int64_t end = -1, Loc loc = Loc::current()) const;
  Tensor diagonal(int64_t offset = 0, int64_t d0 = 0, int64_t d1 = 1,
                  Loc loc = Loc::current()) const;
  Tensor as_strided(const Shape& shape, const Shape& strides, int64_t offset,
                    Loc loc = Loc::current()) const;

  // ---- copies
  Tensor contiguous(Loc loc = Loc::current()) const;  // itself when already contiguous
  Tensor clone(Loc loc = Loc::current()) const;
  Tensor to(DType dtype, Loc loc = Loc::current()) const;  // itself when dtype matches
  // Copies `src` (broadcast to this shape, converted to this dtype) into this tensor.
  Tensor& copy_(const Tensor& src, Loc loc = Loc::current());

  std::string to_string() const;  // PyTorch's repr

  // ---- method forms of common ops (as in PyTorch: x.sum({1}), x.exp(), x += y)
  Tensor abs(Loc loc = Loc::current()) const;
  Tensor neg(Loc loc = Loc::current()) const;
  Tensor exp(Loc loc = Loc::current()) const;
  Tensor log(Loc loc = Loc::current()) const;
  Tensor sqrt(Loc loc = Loc::current()) const;
  Tensor sigmoid(Loc loc = Loc::current()) const;
  Tensor tanh(Loc loc = Loc::current()) const;
  Tensor relu(Loc loc = Loc::current()) const;
  Tensor sum(const Shape& dims = {}, bool keepdim = false, Loc loc = Loc::current()) const;
  Tensor mean(const Shape& dims = {}, bool keepdim = false, Loc loc = Loc::current()) const;
  Tensor amax(const Shape& dims = {}, bool keepdim = false, Loc loc = Loc::current()) const;
  Tensor amin(const Shape& dims = {}, bool keepdim = false, Loc loc = Loc::current()) const;
  Tensor max(Loc loc = Loc::current()) const;
  Tensor min(Loc loc = Loc::current()) const;
  Tensor argmax(int64_t dim, bool keepdim = false, Loc loc = Loc::current()) const;
  Tensor softmax(int64_t dim, Loc loc = Loc::current()) const;
  Tensor log_softmax(int64_t dim, Loc loc = Loc::current()) const;
  Tensor matmul(const Tensor& other, Loc loc = Loc::current()) const;
  Tensor pow(const Scalar& exponent, Loc loc = Loc::current()) const;
  Tensor clamp(std::optional<Scalar> min, std::optional<Scalar> max,
               Loc loc = Loc::current()) const;
  Tensor masked_fill(const Tensor& mask, const Scalar& value, Loc loc = Loc::current()) const;
  Tensor& operator+=(const detail::Operand& other);
  Tensor& operator+=(const detail::ScalarOperand& other);
  Tensor& operator-=(const detail::Operand& other);
  Tensor& operator-=(const detail::ScalarOperand& other);
  Tensor& operator*=(const detail::Operand& other);
  Tensor& operator*=(const detail::ScalarOperand& other);
  Tensor& operator/=(const detail::Operand& other);
  Tensor& operator/=(const detail::ScalarOperand& other);

  // ---- autograd (kiln/autograd.h)
  bool requires_grad() const;
  // Makes a leaf require grad (floating dtypes only), as torch's requires_grad_().
  Tensor& requires_grad_(bool requires_grad = true, Loc loc = Loc::current());
  // The accumulated gradient of a leaf (or of a tensor that called retain_grad()); undefined
  // before the first backward.
  Tensor grad() const;
  void set_grad(const Tensor& grad, Loc loc = Loc::current());
  bool is_leaf() const;  // no recorded history: made by the user, or does not require grad
  void retain_grad(Loc loc = Loc::current());
  std::string grad_fn_name() const;  // "MulBackward"; empty for a leaf
  // backward() of a one-element tensor starts from 1; otherwise pass the gradient.
  void backward(const Tensor& gradient = {}, bool retain_graph = false, bool create_graph = false,
                Loc loc = Loc::current()) const;
  // The same data without history (shares storage).
  Tensor detach() const;
  Tensor& detach_();
  // How many times the data was written in place (shared with views).
  uint64_t version() const;

  TensorImpl* impl() const { return impl_.get(); }

 private:
  void check_dtype(DType want, Loc loc) const;
  std::shared_ptr<TensorImpl> impl_;
};

namespace detail {
// An operator's operand with the caller's line: an operator cannot take a defaulted Loc, but
// the implicit conversion that makes its operand can, so x + y names the line of x + y. Held
// by value: anything that converts to a Tensor converts to it.
struct Operand {
  template <class T>
    requires std::convertible_to<T&&, const Tensor&>
  Operand(T&& t, Loc loc = Loc::current()) : tensor(std::forward<T>(t)), loc(loc) {}
  Tensor tensor;
  Loc loc;
};
// The same for the number in x += 2.
struct ScalarOperand {
  template <class T>
    requires std::constructible_from<Scalar, T>
  ScalarOperand(T value, Loc loc = Loc::current()) : scalar(value), loc(loc) {}
  Scalar scalar;
  Loc loc;
};
}  // namespace detail

std::ostream& operator<<(std::ostream& os, const Tensor& t);

// How printing summarises: past `threshold` elements only `edgeitems` per edge are shown.
struct PrintOptions {
  int64_t threshold = 1000;
  int64_t edgeitems = 3;
  int precision = 4;
  int linewidth = 80;
};
void set_print_options(const PrintOptions& options);

}  // namespace kiln
