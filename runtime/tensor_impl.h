// runtime/tensor_impl.h — what a Tensor handle points at. Storage is a shared_ptr<void> whose
// deleter returns memory to the caching allocator (or calls a user's deleter for from_blob),
// so views keep their storage alive for exactly as long as they need it.
#pragma once

#include <atomic>
#include <cmath>
#include <memory>

#include "kiln/tensor.h"

namespace kiln {

struct AutogradMeta;  // frontend/autograd.h

struct TensorImpl : std::enable_shared_from_this<TensorImpl> {
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
  // Autograd: set when the tensor is a leaf that requires grad or the result of a recorded op
  // (then `autograd` says how it was made). Views and ops on it go through the op table.
  bool requires_grad = false;
  std::shared_ptr<AutogradMeta> autograd;
  // Bumped by every in-place write; views share their base's counter (`version_base`), so a
  // tensor saved for backward can tell that it was modified.
  std::atomic<uint64_t> own_version{0};
  std::shared_ptr<TensorImpl> version_base;
  std::atomic<int> live_views{0};  // views of this tensor alive now (those with version_base)
  // A bound on |every element| (so none is NaN or infinite) that the kernel writing the tensor
  // knew, valid while version() is still `abs_bound_version`; NaN when none. See abs_bound().
  float abs_bound = __builtin_nanf("");
  uint64_t abs_bound_version = 0;
  // A convolution weight's largest sum of |elements| per output channel
  // (runtime/kernels/matmul_epilogue.cpp), for version `abs_sums_version` - 1 (0: none). Atomic:
  // concurrent runs read one weight.
  std::atomic<uint64_t> abs_sums_version{0};
  std::atomic<double> abs_sums{0};
  // The weight cache's last answer for this tensor (runtime/kernels/matmul_epilogue.cpp:
  // cached_pack), read and written under that cache's lock.
  std::shared_ptr<void> pack_memo;
  TensorImpl() = default;
  TensorImpl(const TensorImpl&) = delete;
  ~TensorImpl() { detach_version_base(); }
  // Drops the reference to the base (a saved output's alias: no cycle through it).
  void detach_version_base() {
    if (version_base) version_base->live_views.fetch_sub(1, std::memory_order_relaxed);
    version_base.reset();
  }
  std::atomic<uint64_t>& version() {
    return version_base ? version_base->own_version : own_version;
  }
};

// The bound a kernel recorded with set_abs_bound() when it wrote t, if t has not been written
// in place since (NaN when none is known). Lets a consumer skip a pass over t that would find
// it (a convolution's clamp as oneDNN's clip). Only for tensors kiln's kernels write: a write
// through a raw pointer does not bump the version, so the compiled executor clears the bounds
// of what it returns and of an input it writes in place (a donated buffer).
inline float abs_bound(const Tensor& t) {
  TensorImpl* i = t.impl();
  return i && i->abs_bound_version == i->version().load() ? i->abs_bound : __builtin_nanf("");
}
// Compiled runs on this thread in progress (frontend/executor.cpp: AbsBoundScope). Bounds are
// recorded only inside one: the executor clears them on what it returns, where an eager op's
// result goes straight to the user, who may write it through a raw pointer.
inline int& abs_bound_scopes() {
  thread_local int n = 0;
  return n;
}
struct AbsBoundScope {
  AbsBoundScope() { ++abs_bound_scopes(); }
  ~AbsBoundScope() { --abs_bound_scopes(); }
  AbsBoundScope(const AbsBoundScope&) = delete;
  AbsBoundScope& operator=(const AbsBoundScope&) = delete;
};
inline void set_abs_bound(const Tensor& t, float bound) {
  if (abs_bound_scopes() == 0) bound = __builtin_nanf("");
  if (TensorImpl* i = t.impl()) {
    // (no write where there is nothing to clear: a compiled run clears what it returns, which
    // may be an input or a constant that concurrent runs read)
    if (std::isnan(bound) && std::isnan(i->abs_bound)) return;
    i->abs_bound = bound;
    i->abs_bound_version = i->version().load();
  }
}

// A new, uninitialised, contiguous tensor from the caching allocator.
Tensor empty_tensor(const Shape& shape, DType dtype);
// Channels-last (NHWC) 4-D tensors: [N, C, H, W] whose memory runs C fastest, then W, H and N
// (oneDNN's convolutions read and write it without reorders). A contiguous tensor is not
// channels-last (where both hold, size-1 dims, the plain layout wins).
bool is_channels_last(const Tensor& t);
bool has_channels_last_strides(const Tensor& t);  // contiguous ones too ([N, C, 1, 1])
// `t` itself when its memory is already in channels-last order, else a channels-last copy.
Tensor to_channels_last(const Tensor& t);
Shape channels_last_strides(const Shape& nchw);
// A new, uninitialised, channels-last tensor of shape [N, C, H, W].
Tensor empty_channels_last(const Shape& shape, DType dtype);
// A tensor with shape and dtype but no storage: what shape rules see when the IR is verified.
Tensor meta_tensor(const Shape& shape, DType dtype);
bool has_storage(const Tensor& t);
// A 0-d tensor holding `s`, flagged as a wrapped number (float64, int64 or bool storage).
Tensor wrapped_scalar(const Scalar& s);
bool is_wrapped_number(const Tensor& t);
// Points `impl` at `src`'s storage with src's geometry and dtype (a lazy tensor receiving its
// data; a module parameter converted in place). Other fields stay.
void set_data(TensorImpl& impl, const Tensor& src);
// A view of `base`'s storage with new geometry and dtype unchanged.
Tensor make_view(const Tensor& base, Shape shape, Shape strides, int64_t offset);
// Whether ops record autograd history on this thread (kiln::NoGradGuard turns it off).
bool grad_mode();
void set_grad_mode(bool enabled);
// A handle on the same data and geometry without autograd history (what backward rules and
// kernels see); shares the version counter.
Tensor plain_alias(const Tensor& t);
// A new handle on the same data and geometry (same graph value, for a lazy tensor), without
// history.
Tensor alias_of(const Tensor& t);
// Normalises a possibly negative dim against rank `rank`; throws naming `op`.
int64_t wrap_dim(int64_t dim, int64_t rank, const char* op, Loc loc);

}  // namespace kiln
