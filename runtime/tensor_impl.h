// runtime/tensor_impl.h — what a Tensor handle points at. Storage is a shared_ptr<void> whose
// deleter returns memory to the caching allocator (or calls a user's deleter for from_blob),
// so views keep their storage alive for exactly as long as they need it.
#pragma once

#include <memory>

#include "kiln/tensor.h"

namespace kiln {

struct TensorImpl {
  std::shared_ptr<void> storage;
  size_t storage_bytes = 0;
  Shape shape;
  Shape strides;
  int64_t offset = 0;
  DType dtype = DType::Float32;
  // A number the user wrote as a Scalar (x + 2.5): it promotes like PyTorch's wrapped numbers.
  bool wrapped_number = false;
  // Dims the user marked with kiln::mark_dynamic (bit d: dim d may vary between calls).
  uint64_t dynamic_dims = 0;
  // Non-null while the tensor is lazy (a value of a graph being traced; see runtime/lazy.h).
  std::shared_ptr<void> lazy;
};

// A new, uninitialised, contiguous tensor from the caching allocator.
Tensor empty_tensor(const Shape& shape, DType dtype);
// A tensor with shape and dtype but no storage: what shape rules see when the IR is verified.
Tensor meta_tensor(const Shape& shape, DType dtype);
bool has_storage(const Tensor& t);
// A 0-d tensor holding `s`, flagged as a wrapped number (float64, int64 or bool storage).
Tensor wrapped_scalar(const Scalar& s);
bool is_wrapped_number(const Tensor& t);
// A view of `base`'s storage with new geometry and dtype unchanged.
Tensor make_view(const Tensor& base, Shape shape, Shape strides, int64_t offset);
// Normalises a possibly negative dim against rank `rank`; throws naming `op`.
int64_t wrap_dim(int64_t dim, int64_t rank, const char* op, Loc loc);

}  // namespace kiln
